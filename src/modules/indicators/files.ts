/**
 * The indicators' files (issue 12 parts 1–2): the indicator table as Excel, and the weekly report (周报) for the
 * leading group as Excel and as a landscape A4 PDF (pdfkit with the CJK font, as the other forms). Both files of
 * the weekly report take their columns from one list (`WEEKLY_COLUMNS`), so the printed figures cannot differ from
 * the exported ones. Money is fen shown as yuan with two decimals; rates are tenths of a percent (rules/indicators).
 */
import ExcelJS from 'exceljs';
import { formatPerMille, formatYuan, ratePerMille, type IndicatorCounts, type IndicatorRates } from '../../rules/index.js';
import { startPdf, type CjkFont } from '../files/pdf.js';
import type { IndicatorTable, RegionIndicators } from './service.js';
import type { WeeklyLine, WeeklyReport } from './snapshots.js';

const yuan = (fen: number) => formatYuan(fen, 'zh-CN');
const pct = (perMille: number | null) => (perMille === null ? '—' : `${formatPerMille(perMille)}%`);
const num = (n: number | null) => (n === null ? '—' : n.toLocaleString('en'));
const signed = (n: number) => (n > 0 ? `+${n.toLocaleString('en')}` : n.toLocaleString('en'));

/** The columns of the indicator table, in order: header and the cell of a region. */
const TABLE_COLUMNS: readonly { header: string; width: number; cell: (c: IndicatorCounts, r: IndicatorRates) => string | number }[] = [
  { header: '应参保人数（户籍统计）', width: 12, cell: (c) => c.shouldEnrolHukou ?? '—' },
  { header: '应参保人数（系统测算）', width: 12, cell: (c) => c.shouldEnrolRegistry },
  { header: '参保人数', width: 10, cell: (c) => c.enrolled },
  { header: '缴费人员', width: 10, cell: (c) => c.payers },
  { header: '本年已缴费', width: 10, cell: (c) => c.paidThisYear },
  { header: '续保人数', width: 10, cell: (c) => c.renewals },
  { header: '领取待遇人数', width: 10, cell: (c) => c.pensioners },
  { header: '参保率（户籍）%', width: 10, cell: (_c, r) => (r.participationHukou === null ? '—' : formatPerMille(r.participationHukou)) },
  { header: '参保率（测算）%', width: 10, cell: (_c, r) => (r.participationRegistry === null ? '—' : formatPerMille(r.participationRegistry)) },
  { header: '续保率 %', width: 9, cell: (_c, r) => (r.renewal === null ? '—' : formatPerMille(r.renewal)) },
  { header: '待遇领取率 %', width: 10, cell: (_c, r) => (r.takeUp === null ? '—' : formatPerMille(r.takeUp)) },
  { header: '征缴金额（元）', width: 14, cell: (c) => yuan(c.collected) },
  { header: '参保任务', width: 10, cell: (c) => c.targetEnrolled ?? '—' },
  { header: '任务完成率 %', width: 10, cell: (_c, r) => (r.targetEnrolled === null ? '—' : formatPerMille(r.targetEnrolled)) },
];

/** The indicator table of a region as an Excel workbook, with the definitions under it. */
export function indicatorWorkbook(table: IndicatorTable, meta: { preparedBy: string; printedOn: string }): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('管理指标');
  sheet.columns = [{ width: 16 }, ...TABLE_COLUMNS.map((c) => ({ width: c.width }))];
  sheet.addRow([`${table.region.name} 城乡居民养老保险管理指标（截至 ${table.asOf}）`]).font = { bold: true, size: 14 };
  sheet.addRow([`制表：${meta.preparedBy}　打印日期：${meta.printedOn}`]);
  const header = sheet.addRow([table.region.level === 'county' ? '乡镇（街道）' : '村（居）', ...TABLE_COLUMNS.map((c) => c.header)]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  const line = (r: RegionIndicators, label = r.name) => sheet.addRow([label, ...TABLE_COLUMNS.map((c) => c.cell(r.counts, r.rates))]);
  for (const r of table.rows) line(r);
  line(table.total, `合计（${table.total.name}）`).font = { bold: true };
  sheet.addRow([]);
  for (const d of DEFINITIONS_ZH) sheet.addRow([d]);
  return workbook;
}

/** The definitions printed under the table and on the page (same words as web/src/i18n). */
export const DEFINITIONS_ZH: readonly string[] = [
  '口径：参保人数 = 缴费人员 + 领取待遇人数（截至当日参保关系有效，起始月不晚于当月）。',
  '应参保人数：户籍统计为当年导入的公安户籍统计；系统测算为年满 16 周岁、非在校学生、未参加城镇职工养老保险、未死亡或出国的居民。',
  '续保人数：上年已缴费且本年已缴费的缴费人员；续保率 = 续保人数 ÷ 上年已缴费的缴费人员。',
  '待遇领取率 = 领取待遇人数 ÷ 60 周岁及以上参保人数；参保率 = 参保人数 ÷ 应参保人数；任务完成率 = 参保人数 ÷ 参保任务。',
  '征缴金额：本年个人缴费截至当日到账金额（元）。比率以整数运算，保留一位小数，四舍五入。',
];

/** A column of the weekly report: header and cell text of a line. */
interface WeeklyColumn {
  readonly header: string;
  readonly width: number;
  readonly cell: (l: WeeklyLine) => string;
}

export const WEEKLY_COLUMNS: readonly WeeklyColumn[] = [
  { header: '应参保（户籍）', width: 58, cell: (l) => num(l.now.shouldEnrolHukou) },
  { header: '参保任务', width: 52, cell: (l) => num(l.now.targetEnrolled) },
  { header: '参保人数', width: 52, cell: (l) => num(l.now.enrolled) },
  { header: '较上周', width: 42, cell: (l) => (l.previous ? signed(l.now.enrolled - l.previous.enrolled) : '—') },
  { header: '任务完成率', width: 52, cell: (l) => pct(l.rates.targetEnrolled) },
  { header: '差任务', width: 44, cell: (l) => num(l.shortOfTarget) },
  { header: '参保率', width: 46, cell: (l) => pct(l.rates.participationHukou ?? l.rates.participationRegistry) },
  { header: '本年已缴费', width: 52, cell: (l) => num(l.now.paidThisYear) },
  { header: '较上周', width: 42, cell: (l) => (l.previous ? signed(l.now.paidThisYear - l.previous.paidThisYear) : '—') },
  { header: '续保率', width: 46, cell: (l) => pct(l.rates.renewal) },
  { header: '领取人数', width: 48, cell: (l) => num(l.now.pensioners) },
  { header: '领取率', width: 46, cell: (l) => pct(l.rates.takeUp) },
  { header: '征缴金额（元）', width: 78, cell: (l) => yuan(l.now.collected) },
  { header: '较上周（元）', width: 68, cell: (l) => (l.previous ? yuan(l.now.collected - l.previous.collected) : '—') },
];

function reportTitle(r: WeeklyReport, countyName: string): string {
  return `${countyName}城乡居民养老保险工作进度周报`;
}

function reportSubtitle(r: WeeklyReport): string {
  const t = r.total;
  const shortText = t.shortOfTarget === null ? '未下达任务' : t.shortOfTarget === 0 ? '已完成任务' : `距任务还差 ${t.shortOfTarget.toLocaleString('en')} 人`;
  const week = t.previous ? `，较上周（${r.previousOn}）新增参保 ${signed(t.now.enrolled - t.previous.enrolled)} 人、征缴 ${yuan(t.now.collected - t.previous.collected)} 元` : '（无上周进度可比）';
  return `${r.region.name}：截至 ${r.takenOn}（周五）参保 ${t.now.enrolled.toLocaleString('en')} 人，${shortText}${week}。`;
}

/** The weekly report as an Excel workbook (the same columns as the PDF). */
export function weeklyWorkbook(r: WeeklyReport, meta: { countyName: string; preparedBy: string; printedOn: string }): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('工作进度周报');
  sheet.columns = [{ width: 16 }, ...WEEKLY_COLUMNS.map((c) => ({ width: Math.round(c.width / 5) + 2 }))];
  sheet.addRow([reportTitle(r, meta.countyName)]).font = { bold: true, size: 14 };
  sheet.addRow([reportSubtitle(r)]);
  sheet.addRow([`报送：新农保工作领导小组办公室　制表：${meta.preparedBy}　打印日期：${meta.printedOn}`]);
  sheet.addRow(['单位', ...WEEKLY_COLUMNS.map((c) => c.header)]).font = { bold: true };
  for (const l of r.rows) sheet.addRow([l.name, ...WEEKLY_COLUMNS.map((c) => c.cell(l))]);
  sheet.addRow(['合计', ...WEEKLY_COLUMNS.map((c) => c.cell(r.total))]).font = { bold: true };
  sheet.addRow([]);
  for (const d of DEFINITIONS_ZH) sheet.addRow([d]);
  return workbook;
}

/** The weekly report for the leading group as a landscape A4 PDF: title, the week in one sentence, the table, the definitions. */
export function weeklyPdf(font: CjkFont, r: WeeklyReport, meta: { countyName: string; preparedBy: string; printedOn: string }): Promise<Uint8Array> {
  const { doc, done } = startPdf(font, reportTitle(r, meta.countyName), { layout: 'landscape', margins: { top: 36, bottom: 36, left: 30, right: 30 } });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(16).text(reportTitle(r, meta.countyName), { align: 'center' });
  doc.moveDown(0.3).fontSize(9).fillColor('#444').text(`报送：新农保工作领导小组办公室　　制表：${meta.preparedBy}　　打印日期：${meta.printedOn}　　第 ${r.takenOn} 周（周五）`, { align: 'center' });
  doc.moveDown(0.5).fillColor('#000').fontSize(10.5).text(reportSubtitle(r), left, doc.y, { width });
  doc.moveDown(0.6);
  const nameWidth = width - WEEKLY_COLUMNS.reduce((s, c) => s + c.width, 0);
  const rowHeight = 18;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const drawRow = (cells: readonly string[], shade: string | null, bold: boolean, header = false, alert: readonly boolean[] = []) => {
    const h = header ? 26 : rowHeight;
    if (doc.y + h > bottom()) doc.addPage().font('cjk');
    const top = doc.y;
    if (shade) doc.rect(left, top, width, h).fill(shade).fillColor('#000');
    let x = left;
    const widths = [nameWidth, ...WEEKLY_COLUMNS.map((c) => c.width)];
    cells.forEach((text, i) => {
      const w = widths[i]!;
      doc.rect(x, top, w, h).lineWidth(0.5).strokeColor('#999').stroke();
      doc.fillColor(alert[i] ? '#c00000' : '#000').fontSize(header ? 7.5 : 8);
      doc.text(text, x + 3, top + (header ? 3 : 5), { width: w - 6, align: header ? 'center' : i === 0 ? 'left' : 'right', lineBreak: header, height: h - 4 });
      if (bold && !header) doc.text(text, x + 3.3, top + 5, { width: w - 6, align: i === 0 ? 'left' : 'right', lineBreak: false });
      x += w;
    });
    doc.fillColor('#000');
    doc.y = top + h;
    doc.x = left;
  };
  drawRow(['单位', ...WEEKLY_COLUMNS.map((c) => c.header)], '#e8edf4', true, true);
  // A unit below 90 % of its task is shown in red in the completion column.
  const behind = (l: WeeklyLine) => [false, ...WEEKLY_COLUMNS.map((c) => c.header === '任务完成率' && l.rates.targetEnrolled !== null && l.rates.targetEnrolled < 900)];
  for (const l of r.rows) drawRow([l.name, ...WEEKLY_COLUMNS.map((c) => c.cell(l))], null, false, false, behind(l));
  drawRow(['合计', ...WEEKLY_COLUMNS.map((c) => c.cell(r.total))], '#f4f6f9', true, false, behind(r.total));
  doc.moveDown(0.8).fontSize(8).fillColor('#444');
  for (const d of [...DEFINITIONS_ZH, '任务完成率低于 90% 的单位以红色标出。']) doc.text(d, left, doc.y, { width });
  doc.end();
  return done;
}

/** Exposed for tests: the completion rate the report prints for a line. */
export const completionText = (l: WeeklyLine) => pct(l.now.targetEnrolled === null ? null : ratePerMille(l.now.enrolled, l.now.targetEnrolled));

/**
 * The file to fill in for an import: the hukou statistics (村代码, 村名称, 户籍人口, 应参保人数) or the targets
 * (区划代码, 名称, 参保任务（人）, 征缴任务（元）) of every village or township and village of the region, with what
 * is held for the year already filled in. Codes are text cells, so Excel keeps all twelve digits.
 */
export function importTemplate(
  kind: 'hukou' | 'targets',
  year: number,
  rows: readonly { code: string; name: string; a: number | null; b: number | null }[],
): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(kind === 'hukou' ? `${year}户籍统计` : `${year}参保任务`);
  const headers = kind === 'hukou' ? ['村代码', '村名称', '户籍人口', '应参保人数'] : ['区划代码', '名称', '参保任务（人）', '征缴任务（元）'];
  sheet.columns = [{ width: 16 }, { width: 16 }, { width: 14 }, { width: 16 }];
  sheet.addRow(headers).font = { bold: true };
  for (const r of rows) {
    const row = sheet.addRow([r.code, r.name, r.a ?? '', kind === 'targets' ? (r.b === null ? '' : yuan(r.b)) : (r.b ?? '')]);
    row.getCell(1).numFmt = '@';
  }
  return workbook;
}
