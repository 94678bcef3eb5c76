/**
 * A village publicity as the village board shows it: a printable A4 (or A3) PDF with the title, the days it is
 * posted, the list, the totals and where to raise an objection; and the same list as an Excel workbook. Both
 * take their columns from one list (`columnsOf`), so the printed figures cannot differ from the exported ones.
 */
import ExcelJS from 'exceljs';
import type { PublicityKind } from '../../db/schema.js';
import { formatYuan } from '../../rules/index.js';
import { startPdf, type CjkFont } from '../files/pdf.js';
import type { LineDetail, PublicityDetail, PublicityLine } from './service.js';

const y = (fen: number) => formatYuan(fen, 'zh-CN');
const excelYuan = (fen: number) => Number(y(fen).replace(/,/g, ''));

const STOP_REASONS: Record<string, string> = {
  certification: '逾期未认证，暂停发放',
  imprisonment: '服刑，暂停发放',
  death: '死亡，终止发放',
  dual_benefit: '重复领取，终止发放',
  other: '注销参保，终止发放',
};

interface Column {
  readonly header: string;
  /** Relative width on paper (the Excel width is derived). */
  readonly width: number;
  readonly money?: boolean;
  readonly value: (l: PublicityLine) => string | number;
}

const detail = <T extends LineDetail>(l: PublicityLine) => l.detail as T;
type Paid = Extract<LineDetail, { tier: number }>;
type Award = Extract<LineDetail, { basicPension: number }>;
type Change = Extract<LineDetail, { change: string }>;

/** The columns of a list of `kind`, after 序号, 姓名 and 身份证号码 and before 备注. */
function columnsOf(kind: PublicityKind): Column[] {
  if (kind === 'contributions')
    return [
      { header: '缴费档次', width: 8, money: true, value: (l) => detail<Paid>(l).tier },
      { header: '个人缴费', width: 8, money: true, value: (l) => l.amount },
      { header: '政府补贴', width: 8, money: true, value: (l) => detail<Paid>(l).subsidy },
      { header: '集体补助', width: 8, money: true, value: (l) => detail<Paid>(l).collective },
      { header: '记入个人账户', width: 10, money: true, value: (l) => detail<Paid>(l).credited },
      { header: '缴费日期', width: 10, value: (l) => detail<Paid>(l).paidOn },
    ];
  if (kind === 'awards')
    return [
      { header: '出生日期', width: 10, value: (l) => detail<Award>(l).birthDate },
      { header: '缴费年限', width: 7, value: (l) => `${detail<Award>(l).contributionYears} 年` },
      { header: '起领年月', width: 8, value: (l) => l.fromMonth ?? '' },
      { header: '基础养老金', width: 9, money: true, value: (l) => detail<Award>(l).basicPension },
      { header: '账户养老金', width: 9, money: true, value: (l) => detail<Award>(l).accountPension },
      { header: '月养老金', width: 9, money: true, value: (l) => l.amount },
    ];
  return [
    { header: '变动', width: 6, value: (l) => (detail<Change>(l).change === 'suspended' ? '暂停' : '终止') },
    { header: '原因', width: 16, value: (l) => STOP_REASONS[detail<Change>(l).reason] ?? detail<Change>(l).reason },
    { header: '自何月起', width: 8, value: (l) => l.fromMonth ?? '' },
    { header: '月养老金', width: 9, money: true, value: (l) => l.amount },
  ];
}

const LEAD: Column[] = [
  { header: '序号', width: 4, value: (l) => l.lineNo },
  { header: '姓名', width: 7, value: (l) => l.name },
  { header: '身份证号码', width: 15, value: (l) => l.idNumberMasked },
];
const REMARK: Column = { header: '备注', width: 8, value: (l) => (l.struck ? '异议成立' : '') };
const allColumns = (kind: PublicityKind) => [...LEAD, ...columnsOf(kind), REMARK];

/** 东关村2026年度城乡居民基本养老保险缴费情况公示 and the like. */
export function publicityTitle(p: Pick<PublicityDetail, 'kind' | 'period' | 'villageName'>): string {
  if (p.kind === 'contributions') return `${p.villageName}${p.period}年度城乡居民基本养老保险缴费情况公示`;
  const [year, month] = p.period.split('-');
  if (p.kind === 'awards') return `${p.villageName}城乡居民基本养老保险待遇领取人员公示（${year}年${Number(month)}月起领取）`;
  return `${p.villageName}城乡居民基本养老保险暂停、终止领取待遇人员公示（${year}年${Number(month)}月）`;
}

const chineseDate = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const SUBJECT: Record<PublicityKind, string> = {
  contributions: '本村参保人员缴费情况',
  awards: '本村符合待遇领取条件人员的起领年月和月养老金',
  stops: '本村暂停、终止领取养老金人员',
};

/** The words above the list: the basis, what is posted and the days it stays up. */
export function publicityIntro(p: PublicityDetail): string {
  return `根据《国务院关于开展新型农村社会养老保险试点的指导意见》（国发〔2009〕32号）“每年在行政村范围内对村内参保人缴费和待遇领取资格进行公示，接受群众监督”的规定，现将${SUBJECT[p.kind]}予以公示。公示期 ${p.days} 天：自${chineseDate(p.postedFrom)}至${chineseDate(p.postedTo)}。`;
}

/** The totals line under the list (struck lines left out). */
export function publicityTotals(p: PublicityDetail): string {
  const standing = p.lines.filter((l) => !l.struck);
  const sum = standing.reduce((s, l) => s + l.amount, 0);
  const what = p.kind === 'contributions' ? '个人缴费合计' : '月养老金合计';
  return `合计 ${standing.length} 人，${what} ${y(sum)} 元。${standing.length < p.lines.length ? `（另有 ${p.lines.length - standing.length} 人因异议成立已撤销）` : ''}`;
}

/**
 * The list as a PDF for the village board, `size` A4 (portrait) or A3 (landscape, for a bigger board), with the
 * header row repeated on each page and the page numbers. Errors: PDF_FONT_MISSING (500).
 */
export function publicityPdf(font: CjkFont, p: PublicityDetail, agency: { countyName: string; townshipName: string }, size: 'A4' | 'A3' = 'A4'): Promise<Uint8Array> {
  const title = publicityTitle(p);
  const { doc, done } = startPdf(font, title, { size, layout: size === 'A3' ? 'landscape' : 'portrait', margin: 40, bufferPages: true });
  const scale = size === 'A3' ? 1.35 : 1;
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 20;

  doc.fontSize(16 * scale).text(title, { align: 'center' });
  doc.moveDown(0.6).fontSize(10 * scale).text(publicityIntro(p), { width, lineGap: 3 });
  doc.moveDown(0.6);

  const cols = allColumns(p.kind);
  const unit = width / cols.reduce((s, c) => s + c.width, 0);
  const rowHeight = 17 * scale;
  const font9 = 8.5 * scale;
  const row = (cells: string[], header: boolean, struck = false) => {
    if (doc.y + rowHeight > bottom()) {
      doc.addPage().font('cjk');
      if (!header) row(cols.map((c) => c.header), true);
    }
    const top = doc.y;
    if (header) doc.rect(left, top, width, rowHeight).fill('#e8edf3').fillColor('#000');
    let x = left;
    cells.forEach((text, k) => {
      const w = cols[k]!.width * unit;
      doc.rect(x, top, w, rowHeight).lineWidth(0.5).strokeColor('#999').stroke();
      doc.fontSize(font9).fillColor(struck ? '#888' : '#000').text(text, x + 3, top + (rowHeight - font9) / 2 - 1, { width: w - 6, align: !header && cols[k]!.money ? 'right' : header ? 'center' : 'left', lineBreak: false, strike: struck && k > 0 });
      x += w;
    });
    doc.fillColor('#000');
    doc.y = top + rowHeight;
  };
  row(cols.map((c) => c.header), true);
  for (const l of p.lines) row(cols.map((c) => (c.money ? y(Number(c.value(l))) : String(c.value(l)))), false, l.struck);
  doc.x = left;
  doc.moveDown(0.6);
  if (doc.y + 110 * scale > bottom()) doc.addPage().font('cjk');
  doc.fontSize(10 * scale).text(publicityTotals(p), left, doc.y, { width });
  doc.moveDown(0.5).text(`异议受理：${p.contact}。`, { width });
  doc.moveDown(1.5);
  const signTop = doc.y;
  const half = width / 2;
  doc.fontSize(10 * scale).text(`${agency.townshipName}社会保障所`, left, signTop, { width: half, align: 'center' });
  doc.text(`${p.villageName}村民委员会`, left + half, signTop, { width: half, align: 'center' });
  doc.text(chineseDate(p.postedFrom), left + half, doc.y + 4, { width: half, align: 'center' });
  doc.moveDown(1).fontSize(7.5 * scale).fillColor('#666').text(`${agency.countyName}城乡居民基本养老保险经办机构 · 公示编号 ${p.id}`, left, doc.y, { width, align: 'center' });
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // Writing inside the bottom margin would start a new page: the margin is lifted for the page number.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor('#666').text(`第 ${i + 1} 页，共 ${range.count} 页`, left, doc.page.height - margin + 10, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}

/** The same list as an Excel workbook: the title and the days posted above it, the totals under it. */
export function publicityWorkbook(p: PublicityDetail): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`公示${p.id}`);
  const cols = allColumns(p.kind);
  sheet.columns = cols.map((c, k) => ({ key: `c${k}`, width: Math.round(c.width * 1.6) }));
  sheet.addRow([publicityTitle(p)]).font = { bold: true, size: 14 };
  sheet.addRow([`公示期：${p.postedFrom} 至 ${p.postedTo}（${p.days} 天）`]);
  const header = sheet.addRow(cols.map((c) => c.header));
  header.font = { bold: true };
  for (const l of p.lines) sheet.addRow(cols.map((c) => (c.money ? excelYuan(Number(c.value(l))) : c.value(l))));
  cols.forEach((c, k) => {
    if (c.money) sheet.getColumn(k + 1).numFmt = '#,##0.00';
  });
  sheet.addRow([publicityTotals(p)]).font = { bold: true };
  sheet.addRow([`异议受理：${p.contact}`]);
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  return workbook;
}
