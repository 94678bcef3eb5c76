/**
 * The yearly assessment's files (issue 12 part 3): the ranked tables of townships and villages with each score's
 * working, as an A4 PDF (started by files/pdf.ts startPdf) and as Excel. Both take their cells from the stored
 * assessment, so the printed figures cannot differ from the page's. Points are hundredths shown with two decimals,
 * money is fen shown as yuan.
 */
import ExcelJS from 'exceljs';
import { chinaToday } from '../../http/clock.js';
import { formatPerMille, formatPoints, formatYuan, type Prize, type TownshipScore, type VillageScore } from '../../rules/index.js';
import { startPdf, type CjkFont, type PdfDoc } from '../files/pdf.js';
import type { Assessment } from './service.js';

const yuan = (fen: number) => formatYuan(fen, 'zh-CN');
const pct = (perMille: number | null) => (perMille === null ? '—' : `${formatPerMille(perMille)}%`);
const PRIZE_ZH: Record<Prize, string> = { first: '一等奖', second: '二等奖', third: '三等奖' };
const signedPoints = (p: number) => (p > 0 ? `+${formatPoints(p)}` : formatPoints(p));

export interface AssessmentFileMeta {
  readonly countyName: string;
  readonly preparedBy: string;
  readonly printedOn: string;
}

export function assessmentTitle(a: Assessment, countyName: string): string {
  return `${countyName}${a.year}年度城乡居民养老保险工作考核结果`;
}

function statusLine(a: Assessment): string {
  const computed = `计算：${a.computedBy} ${chinaToday(a.computedAt.getTime())}`;
  return a.status === 'approved' && a.approvedAt ? `已审定（${a.approvedBy ?? ''} ${chinaToday(a.approvedAt.getTime())}）　${computed}` : `草稿，未经审定　${computed}`;
}

/** The township table's columns: header, width (PDF points) and the cell. */
const TOWNSHIP_COLUMNS: readonly { header: string; width: number; cell: (t: TownshipScore) => string }[] = [
  { header: '名次', width: 30, cell: (t) => String(t.rank) },
  { header: '乡镇（街道）', width: 70, cell: (t) => t.name },
  { header: '参保率', width: 42, cell: (t) => pct(t.participationRate) },
  { header: '任务完成率', width: 50, cell: (t) => pct(t.completionRate) },
  { header: '参保率得分', width: 48, cell: (t) => formatPoints(t.participationScore) },
  { header: '按时准确', width: 42, cell: (t) => signedPoints(t.punctualityScore) },
  { header: '合计', width: 38, cell: (t) => formatPoints(t.total) },
  { header: '奖项', width: 42, cell: (t) => (t.prize ? PRIZE_ZH[t.prize] : '') },
];

const VILLAGE_COLUMNS: readonly { header: string; width: number; cell: (v: VillageScore) => string }[] = [
  { header: '名次', width: 30, cell: (v) => String(v.rank) },
  { header: '村（居）', width: 62, cell: (v) => v.name },
  { header: '乡镇', width: 58, cell: (v) => v.townshipName },
  { header: '征缴任务（元）', width: 66, cell: (v) => (v.targetCollected === null ? '—' : yuan(v.targetCollected)) },
  { header: '实际到账（元）', width: 66, cell: (v) => yuan(v.collected) },
  { header: '完成率', width: 44, cell: (v) => pct(v.completionRate) },
  { header: '奖励（元）', width: 52, cell: (v) => (v.reward === 0 ? '' : yuan(v.reward)) },
  { header: '扣绩效积分', width: 46, cell: (v) => (v.pointsDeducted === 0 ? '' : formatPoints(v.pointsDeducted)) },
];

function summary(a: Assessment): string {
  const prizes = a.townships.filter((t) => t.prize).map((t) => `${PRIZE_ZH[t.prize!]}：${t.name}`);
  const rewarded = a.villages.filter((v) => v.reward > 0).length;
  return `以 ${a.cutOff} 实际数据为准。乡镇 ${a.townships.length} 个${prizes.length > 0 ? `，${prizes.join('，')}` : '，无乡镇完成任务获奖'}；村（居）${a.villages.length} 个，${rewarded} 个获奖励，合计 ${yuan(a.villageRewards)} 元。`;
}

/** The assessment as an Excel workbook: the two ranked tables with the working, the rule and its source. */
export function assessmentWorkbook(a: Assessment, meta: AssessmentFileMeta): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const towns = workbook.addWorksheet('乡镇考核');
  towns.columns = [...TOWNSHIP_COLUMNS.map((c) => ({ width: Math.max(8, Math.round(c.width / 4)) })), { width: 100 }];
  towns.addRow([assessmentTitle(a, meta.countyName)]).font = { bold: true, size: 14 };
  towns.addRow([`${statusLine(a)}　制表：${meta.preparedBy}　打印日期：${meta.printedOn}`]);
  towns.addRow([summary(a)]);
  towns.addRow([...TOWNSHIP_COLUMNS.map((c) => c.header), '计分过程']).font = { bold: true };
  for (const t of a.townships) towns.addRow([...TOWNSHIP_COLUMNS.map((c) => c.cell(t)), t.working.map((w) => w['zh-CN']).join('；')]);
  towns.addRow([]);
  towns.addRow([`考核办法：${a.rule.text['zh-CN']}`]);
  towns.addRow([`依据：${a.rule.source['zh-CN']}（自 ${a.rule.from} 起执行）`]);
  const villages = workbook.addWorksheet('村居奖励');
  villages.columns = [...VILLAGE_COLUMNS.map((c) => ({ width: Math.max(8, Math.round(c.width / 4)) })), { width: 90 }];
  villages.addRow([`${assessmentTitle(a, meta.countyName)}——村（居）奖励`]).font = { bold: true, size: 14 };
  villages.addRow([statusLine(a)]);
  villages.addRow([...VILLAGE_COLUMNS.map((c) => c.header), '计算过程']).font = { bold: true };
  for (const v of a.villages) villages.addRow([...VILLAGE_COLUMNS.map((c) => c.cell(v)), v.working.map((w) => w['zh-CN']).join('；')]);
  villages.addRow(['合计', '', '', '', yuan(a.villages.reduce((s, v) => s + v.collected, 0)), '', yuan(a.villageRewards), '']).font = { bold: true };
  return workbook;
}

/** Draws a table with a working line under each row; pages break between rows. */
function drawTable<T>(doc: PdfDoc, columns: readonly { header: string; width: number; cell: (r: T) => string }[], rows: readonly T[], working: (r: T) => string, highlight: (r: T) => boolean): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const widths = columns.map((c) => c.width);
  const scale = width / widths.reduce((s, w) => s + w, 0);
  const cols = widths.map((w) => w * scale);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const row = (cells: readonly string[], header: boolean, shade: string | null) => {
    const h = 17;
    if (doc.y + h > bottom()) doc.addPage().font('cjk');
    const top = doc.y;
    if (shade) doc.rect(left, top, width, h).fill(shade).fillColor('#000');
    let x = left;
    cells.forEach((text, i) => {
      const w = cols[i]!;
      doc.rect(x, top, w, h).lineWidth(0.5).strokeColor('#999').stroke();
      doc.fillColor('#000').fontSize(header ? 8 : 8.5).text(text, x + 3, top + 4, { width: w - 6, align: header || i === 1 || i === 2 ? 'center' : 'right', lineBreak: false });
      x += w;
    });
    doc.y = top + h;
    doc.x = left;
  };
  row(columns.map((c) => c.header), true, '#e8edf4');
  for (const r of rows) {
    const note = working(r);
    doc.fontSize(7.5);
    const noteHeight = doc.heightOfString(note, { width: width - 12 }) + 5;
    if (doc.y + 17 + noteHeight > bottom()) doc.addPage().font('cjk');
    row(columns.map((c) => c.cell(r)), false, highlight(r) ? '#fff4d6' : null);
    const top = doc.y;
    doc.rect(left, top, width, noteHeight).lineWidth(0.5).strokeColor('#999').stroke();
    doc.fillColor('#444').fontSize(7.5).text(note, left + 6, top + 2.5, { width: width - 12 });
    doc.fillColor('#000');
    doc.y = top + noteHeight;
    doc.x = left;
  }
}

/** The assessment as an A4 PDF: title, state (draft / approved by whom), the two ranked tables with the working, the rule. */
export function assessmentPdf(font: CjkFont, a: Assessment, meta: AssessmentFileMeta): Promise<Uint8Array> {
  const title = assessmentTitle(a, meta.countyName);
  const { doc, done } = startPdf(font, title, { margins: { top: 40, bottom: 40, left: 40, right: 40 } });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(16).text(title, { align: 'center' });
  doc.moveDown(0.3).fontSize(9).fillColor(a.status === 'approved' ? '#444' : '#c00000').text(`${statusLine(a)}　　制表：${meta.preparedBy}　　打印日期：${meta.printedOn}`, { align: 'center' });
  doc.moveDown(0.5).fillColor('#000').fontSize(10).text(summary(a), left, doc.y, { width });
  doc.moveDown(0.6).fontSize(12).text('一、乡镇（街道）考核得分', left, doc.y);
  doc.moveDown(0.3);
  drawTable(doc, TOWNSHIP_COLUMNS, a.townships, (t) => t.working.map((w) => w['zh-CN']).join('；'), (t) => t.prize !== null);
  doc.moveDown(0.8).fontSize(12).text('二、村（居）完成任务奖励', left, doc.y);
  doc.moveDown(0.3);
  drawTable(doc, VILLAGE_COLUMNS, a.villages, (v) => v.working.map((w) => w['zh-CN']).join('；'), (v) => v.excessRank !== null);
  doc.moveDown(0.8).fontSize(8).fillColor('#444');
  doc.text(`考核办法：${a.rule.text['zh-CN']}`, left, doc.y, { width });
  doc.text(`依据：${a.rule.source['zh-CN']}（自 ${a.rule.from} 起执行）`, left, doc.y, { width });
  doc.text('得分保留两位小数、比率保留一位小数，均以整数运算四舍五入；参保率以户籍统计应参保人数为分母（未导入户籍统计的乡镇以系统测算数）；信息准确以计算时本乡镇无未处理的数据比对疑点为准。', left, doc.y, { width });
  doc.end();
  return done;
}
