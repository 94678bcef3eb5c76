/**
 * The fund's files (DOMAIN.md §8): the fund statement (基金收支表) and a subsidy request letter
 * (财政补助资金申请表), each as a printable A4 PDF (pdfkit with the CJK font, as the other forms) and as an
 * Excel workbook. Both files of a document take their lines, in order and with their labels, from one list
 * (`statementRows`, `accountRows`, `subsidyRequestRows`), so a printed total cannot differ from the exported one.
 */
import ExcelJS from 'exceljs';
import { formatYuan, GOVERNMENT_LEVELS, type Fen, type GovernmentLevel } from '../../rules/index.js';
import { startPdf, type CjkFont, type PdfDoc } from '../files/pdf.js';
import { LEVEL_LABELS, type SubsidyRequestRecord } from './movements.js';
import { BALANCE_ACCOUNTS, INCOME_KINDS, SPENDING_KINDS, type FundStatement } from './statements.js';

export const INCOME_KIND_LABELS: Readonly<Record<(typeof INCOME_KINDS)[number], string>> = {
  individual_cash: '个人缴费（现金）',
  individual_bank: '个人缴费（银行代扣）',
  individual_counter: '个人缴费（柜台）',
  collective_subsidy: '集体补助',
  sponsorship: '社会资助',
  contribution_subsidy: '政府缴费补贴',
  hardship_payment: '政府代缴',
  basic_pension_funding: '基础养老金财政补助',
  fund_interest: '利息收入',
  transfer_in: '转移收入',
  other: '其他收入',
};
export const SPENDING_KIND_LABELS: Readonly<Record<(typeof SPENDING_KINDS)[number], string>> = {
  basic_pension: '基础养老金',
  account_pension: '个人账户养老金',
  account_pension_pool: '个人账户养老金（账户用完后基金支付）',
  funeral_grant: '丧葬补助金',
  inheritance: '个人账户继承',
  refund: '退还（重复领取等）',
  transfer_out: '转移支出',
  recovery: '追回待遇（冲减支出）',
};
export const ACCOUNT_LABELS: Readonly<Record<(typeof BALANCE_ACCOUNTS)[number], string>> = {
  income_bank: '收入户',
  special: '财政专户',
  expenditure_bank: '支出户',
  receivable: '应收财政补助',
  recoverable: '应收回待遇',
  payable: '应付待遇',
};
export const LEVEL_SHORT: Readonly<Record<GovernmentLevel, string>> = { central: '中央', provincial: '省级', prefecture: '市级', county: '县级' };
/** Income paid by government, shown with a line per level under the kind. */
const GOVERNMENT_KINDS: readonly string[] = ['contribution_subsidy', 'hardship_payment', 'basic_pension_funding'];

export interface StatementRow {
  readonly label: string;
  /** null for a heading without an amount. */
  readonly amount: Fen | null;
  readonly indent: 0 | 1 | 2;
  readonly emphasis: 'heading' | 'line' | 'total';
}

const y = (fen: Fen) => formatYuan(fen, 'zh-CN');
const levelOrder = (l: string) => GOVERNMENT_LEVELS.indexOf(l as GovernmentLevel);

/** Kinds in the fixed order (every one, zero or not), then any kind the list does not know. */
function kindsOf(fixed: readonly string[], lines: FundStatement['income']): string[] {
  return [...fixed, ...[...new Set(lines.map((l) => l.kind))].filter((k) => !fixed.includes(k))];
}

/** 基金收支表 from 期初结余 to 统筹基金, every income and spending kind, levels under the government kinds. */
export function statementRows(s: FundStatement): StatementRow[] {
  const rows: StatementRow[] = [{ label: '期初结余', amount: s.openingBalance, indent: 0, emphasis: 'total' }];
  if (s.openingEntered !== 0) rows.push({ label: '期初余额录入', amount: s.openingEntered, indent: 0, emphasis: 'line' });
  rows.push({ label: '本期收入', amount: null, indent: 0, emphasis: 'heading' });
  for (const kind of kindsOf(INCOME_KINDS, s.income)) {
    const lines = s.income.filter((l) => l.kind === kind);
    rows.push({ label: INCOME_KIND_LABELS[kind as keyof typeof INCOME_KIND_LABELS] ?? kind, amount: lines.reduce((t, l) => t + l.amount, 0), indent: 1, emphasis: 'line' });
    if (GOVERNMENT_KINDS.includes(kind)) {
      for (const l of [...lines].sort((a, b) => levelOrder(a.level) - levelOrder(b.level))) {
        if (l.level) rows.push({ label: LEVEL_SHORT[l.level], amount: l.amount, indent: 2, emphasis: 'line' });
      }
    }
  }
  rows.push({ label: '收入合计', amount: s.incomeTotal, indent: 0, emphasis: 'total' });
  rows.push({ label: '本期支出', amount: null, indent: 0, emphasis: 'heading' });
  for (const kind of kindsOf(SPENDING_KINDS, s.spending)) {
    const amount = s.spending.filter((l) => l.kind === kind).reduce((t, l) => t + l.amount, 0);
    rows.push({ label: SPENDING_KIND_LABELS[kind as keyof typeof SPENDING_KIND_LABELS] ?? kind, amount, indent: 1, emphasis: 'line' });
  }
  rows.push(
    { label: '支出合计', amount: s.spendingTotal, indent: 0, emphasis: 'total' },
    { label: '本期收支结余', amount: s.surplus, indent: 0, emphasis: 'total' },
    { label: '期末滚存结余', amount: s.closingBalance, indent: 0, emphasis: 'total' },
    { label: '其中：个人账户基金', amount: s.individualAccounts, indent: 1, emphasis: 'line' },
    { label: '　　　统筹基金', amount: s.pooled, indent: 1, emphasis: 'line' },
  );
  return rows;
}

/**
 * 账户余额 at the end of the period: the three bank accounts, the receivable from government by level (the
 * receipts are not booked against a kind, so only the level's total means something), what is to be
 * recovered and the pension payable (negative: owed), then 合计.
 */
export function accountRows(s: FundStatement): StatementRow[] {
  const rows: StatementRow[] = [];
  for (const account of BALANCE_ACCOUNTS) {
    const lines = s.accounts.filter((a) => a.account === account);
    rows.push({ label: ACCOUNT_LABELS[account], amount: lines.reduce((t, a) => t + a.balance, 0), indent: 0, emphasis: 'line' });
    if (account === 'receivable') {
      for (const level of GOVERNMENT_LEVELS) {
        const of = lines.filter((a) => a.level === level);
        const amount = of.reduce((t, a) => t + a.balance, 0);
        if (of.length > 0 && amount !== 0) rows.push({ label: LEVEL_SHORT[level], amount, indent: 1, emphasis: 'line' });
      }
    }
  }
  rows.push({ label: '合计', amount: s.accountsTotal, indent: 0, emphasis: 'total' });
  return rows;
}

/** "2026年度", "2026年11月" or "2026年1月至2026年11月". */
export function periodText(from: string, to: string): string {
  const m = (ym: string) => `${ym.slice(0, 4)}年${Number(ym.slice(5, 7))}月`;
  if (from.slice(0, 4) === to.slice(0, 4) && from.endsWith('-01') && to.endsWith('-12')) return `${from.slice(0, 4)}年度`;
  return from === to ? m(from) : `${m(from)}至${m(to)}`;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const GROUP_UNITS = ['', '万', '亿', '万亿'];

/** An amount in capital figures as cheques and requests write it (人民币大写): 12345.60 → 壹万贰仟叁佰肆拾伍元陆角整. */
export function yuanInWords(fen: Fen): string {
  if (fen === 0) return '零元整';
  const abs = Math.abs(fen);
  const yuan = String(Math.floor(abs / 100));
  const jiao = Math.floor((abs % 100) / 10);
  const cents = abs % 10;
  let out = '';
  if (yuan !== '0') {
    let zeros = 0;
    for (let i = 0; i < yuan.length; i++) {
      const d = Number(yuan[i]);
      const p = yuan.length - 1 - i;
      if (d === 0) zeros++;
      else {
        if (zeros > 0) out += '零';
        zeros = 0;
        out += DIGITS[d]! + SMALL_UNITS[p % 4]!;
      }
      // A group of four with any digit not zero carries its unit (万, 亿).
      if (p % 4 === 0 && zeros < 4) out += GROUP_UNITS[p / 4]!;
    }
    out += '元';
  }
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (cents > 0 && out) out += '零';
  out += cents > 0 ? `${DIGITS[cents]}分` : '整';
  return (fen < 0 ? '负' : '') + out;
}

type Doc = PdfDoc;

function openDoc(font: CjkFont, title: string, margin = 50): { doc: Doc; done: Promise<Uint8Array> } {
  return startPdf(font, title, { margins: { top: margin, bottom: margin, left: 50, right: 50 } });
}

/** A ruled table of label/amount rows with a shaded header; a row that would cross the bottom margin goes on a new page. */
function amountTable(doc: Doc, headers: readonly [string, string], rows: readonly StatementRow[], rowHeight = 17) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const labelWidth = width * 0.66;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const draw = (label: string, amount: string, shade: string | null, indent: number, bold: boolean, header = false) => {
    if (doc.y + rowHeight > bottom()) doc.addPage().font('cjk');
    const top = doc.y;
    if (shade) doc.rect(left, top, width, rowHeight).fill(shade).fillColor('#000');
    doc.rect(left, top, width, rowHeight).lineWidth(0.5).strokeColor('#999').stroke();
    doc.moveTo(left + labelWidth, top).lineTo(left + labelWidth, top + rowHeight).stroke();
    const size = rowHeight < 16 ? 8.5 : bold ? 9.5 : 9;
    const pad = (rowHeight - size * 1.2) / 2;
    const align = header ? 'center' : 'right';
    doc.fontSize(size).text(label, left + 6 + indent * 16, top + pad, { width: labelWidth - 12 - indent * 16, align: header ? 'center' : 'left', lineBreak: false });
    doc.fontSize(size).text(amount, left + labelWidth + 6, top + pad, { width: width - labelWidth - 12, align, lineBreak: false });
    // The font has no bold face: a total's amount is drawn twice, a hair apart.
    if (bold && !header) doc.fontSize(size).text(amount, left + labelWidth + 6.3, top + pad, { width: width - labelWidth - 12, align, lineBreak: false });
    doc.y = top + rowHeight;
    doc.x = left;
  };
  draw(headers[0], headers[1], '#e8edf4', 0, true, true);
  for (const r of rows) {
    draw(r.label, r.amount === null ? '' : y(r.amount), r.emphasis === 'total' ? '#f4f6f9' : r.emphasis === 'heading' ? '#fafbfc' : null, r.indent, r.emphasis !== 'line');
  }
}

export interface FundFileHeader {
  readonly countyName: string;
  readonly printedOn: string;
  /** 制表人: who printed it. */
  readonly preparedBy: string;
}

/** 城乡居民基本养老保险基金收支表 of a period, with the account balances and whether they agree. */
export function fundStatementPdf(font: CjkFont, s: FundStatement, h: FundFileHeader): Promise<Uint8Array> {
  const period = periodText(s.fromMonth, s.toMonth);
  const { doc, done } = openDoc(font, `基金收支表 ${h.countyName} ${period}`, 36);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(16).text('城乡居民基本养老保险基金收支表', { align: 'center' });
  doc.moveDown(0.4).fontSize(9).fillColor('#444');
  const top = doc.y;
  doc.text(`编制单位：${h.countyName}社会保险事业中心`, left, top, { width: width / 2, lineBreak: false });
  doc.text(`${period}（${s.fromMonth} 至 ${s.toMonth}）    单位：元`, left + width / 2, top, { width: width / 2, align: 'right', lineBreak: false });
  doc.fillColor('#000');
  doc.y = top + 16;
  doc.x = left;

  amountTable(doc, ['项目', '金额'], statementRows(s), 14);
  doc.moveDown(0.6);
  doc.fontSize(11).text(`账户余额（${s.toMonth} 月末）`, left);
  doc.moveDown(0.3);
  amountTable(doc, ['账户', '余额'], accountRows(s), 14);
  doc.moveDown(0.4);
  const diff = s.accountsTotal - s.closingBalance;
  doc
    .fontSize(9)
    .fillColor(diff === 0 ? '#237804' : '#cf1322')
    .text(diff === 0 ? `核对：账户余额合计与期末滚存结余一致（${y(s.closingBalance)} 元）。` : `核对：账户余额合计与期末滚存结余不一致，相差 ${y(diff)} 元。`, left, doc.y, { width })
    .fillColor('#000');
  doc.moveDown(0.3);
  doc
    .fontSize(8)
    .fillColor('#555')
    .text('说明：各项金额均取自总账，收入、支出按业务发生月份归属；应付待遇为负数表示尚待银行发放；应收财政补助为各级财政应拨未拨的补助。', left, doc.y, { width })
    .fillColor('#000');

  doc.moveDown(0.9);
  if (doc.y + 20 > doc.page.height - doc.page.margins.bottom) doc.addPage().font('cjk');
  const signTop = doc.y;
  const cell = width / 4;
  ['单位负责人：', '财务负责人：', `制表人：${h.preparedBy}`, `制表日期：${h.printedOn}`].forEach((text, i) => {
    doc.fontSize(9).text(text, left + i * cell, signTop, { width: cell - 8, lineBreak: false });
  });
  doc.end();
  return done;
}

/** The amounts of a subsidy request, in the order the letter and its Excel copy list them. */
export function subsidyRequestRows(r: SubsidyRequestRecord): StatementRow[] {
  return [
    { label: '政府缴费补贴', amount: r.contributionSubsidy, indent: 1, emphasis: 'line' },
    { label: '政府代缴（困难群体）', amount: r.hardshipPayment, indent: 1, emphasis: 'line' },
    { label: '基础养老金财政补助', amount: r.basicPensionFunding, indent: 1, emphasis: 'line' },
    { label: '本次申请金额合计', amount: r.amount, indent: 0, emphasis: 'total' },
    { label: '申请期间以前尚欠', amount: r.outstandingBefore, indent: 0, emphasis: 'line' },
  ];
}

export const requestTitle = (r: Pick<SubsidyRequestRecord, 'level'>) => `城乡居民基本养老保险${LEVEL_LABELS[r.level]['zh-CN']}补助资金申请表`;

/** 财政补助资金申请表: to one level of government, for a run of months, what the ledger says it owes. */
export function subsidyRequestPdf(font: CjkFont, r: SubsidyRequestRecord, h: { countyName: string; printedOn: string; filedOn: string }): Promise<Uint8Array> {
  const { doc, done } = openDoc(font, `${requestTitle(r)} 第${r.id}号`);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const level = LEVEL_LABELS[r.level]['zh-CN'];
  doc.fontSize(16).text(requestTitle(r), { align: 'center' });
  doc.moveDown(0.3).fontSize(9).fillColor('#555').text(`申请编号 ${r.id}    填报日期 ${h.filedOn}    打印日期 ${h.printedOn}`, { align: 'center' }).fillColor('#000');
  doc.moveDown(1.2);

  doc.fontSize(10.5).text(`${level}：`, left);
  doc.moveDown(0.5);
  const from = r.periodFrom;
  const to = r.periodTo;
  doc
    .fontSize(10.5)
    .text(
      `根据城乡居民基本养老保险总账记录，${from} 至 ${to} 期间${level}应承担的补助资金共计 ${y(r.amount)} 元（人民币${yuanInWords(r.amount)}），明细如下，请予审核拨付至${h.countyName}城乡居民基本养老保险基金财政专户。`,
      left + 0,
      doc.y,
      { width, lineGap: 4, indent: 21 },
    );
  doc.moveDown(1);

  amountTable(doc, ['项目', '金额（元）'], subsidyRequestRows(r), 20);
  doc.moveDown(0.6);
  doc.fontSize(9).text(`申请金额大写：人民币${yuanInWords(r.amount)}`, left, doc.y, { width });
  doc.moveDown(0.3);
  doc
    .fontSize(8)
    .fillColor('#555')
    .text(
      '说明：政府缴费补贴、政府代缴按缴费入账时各级财政的分担比例计算，基础养老金财政补助按当月发放的基础养老金和分担比例计算；“申请期间以前尚欠”为申请期间开始前该级财政应拨未拨的累计金额（已扣除到账资金）。',
      left,
      doc.y,
      { width, lineGap: 2 },
    )
    .fillColor('#000');

  doc.moveDown(2.5);
  const col = width / 2;
  const top = doc.y;
  doc.fontSize(10).text(`申请单位（盖章）：${h.countyName}社会保险事业中心`, left, top, { width: col, lineBreak: false });
  doc.fontSize(10).text(`经办人：${r.createdBy ?? ''}`, left + col, top, { width: col, lineBreak: false });
  doc.moveDown(2);
  const top2 = doc.y;
  doc.fontSize(10).text('单位负责人：', left, top2, { width: col, lineBreak: false });
  doc.fontSize(10).text(`日期：${h.filedOn}`, left + col, top2, { width: col, lineBreak: false });
  doc.end();
  return done;
}

/* ---------- the same documents as Excel workbooks (amounts in yuan as numbers, #,##0.00) ---------- */

function newSheet(name: string): { workbook: ExcelJS.Workbook; sheet: ExcelJS.Worksheet } {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'xinnongbao';
  const sheet = workbook.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  return { workbook, sheet };
}

/** A line merged across the sheet's two columns. */
function addTitle(sheet: ExcelJS.Worksheet, text: string, size: number, align: 'center' | 'left' = 'center'): void {
  const row = sheet.addRow([text]);
  sheet.mergeCells(row.number, 1, row.number, 2);
  row.font = { bold: size > 10, size };
  row.alignment = { horizontal: align };
}

function addHeader(sheet: ExcelJS.Worksheet, labels: readonly [string, string]): void {
  const row = sheet.addRow([...labels]);
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDF4' } };
    cell.alignment = { horizontal: 'center' };
  });
}

/** Label and amount, indented and bold as the PDF shows them. */
function addAmountRows(sheet: ExcelJS.Worksheet, rows: readonly StatementRow[]): void {
  for (const r of rows) {
    const row = sheet.addRow([r.label, r.amount === null ? null : r.amount / 100]);
    row.getCell(1).alignment = { indent: r.indent * 2 };
    row.getCell(2).numFmt = '#,##0.00';
    if (r.emphasis !== 'line') row.font = { bold: true };
  }
}

function addPairs(sheet: ExcelJS.Worksheet, pairs: readonly (readonly [string, string])[]): void {
  for (const [label, value] of pairs) sheet.addRow([label, value]).getCell(2).alignment = { horizontal: 'right' };
}

/** 基金收支表 as one sheet: title with the county and period, the statement, the account balances and the check. */
export function fundStatementWorkbook(s: FundStatement, h: FundFileHeader): ExcelJS.Workbook {
  const { workbook, sheet } = newSheet('基金收支表');
  sheet.columns = [{ width: 46 }, { width: 22 }];
  addTitle(sheet, `${h.countyName}城乡居民基本养老保险基金收支表`, 14);
  addTitle(sheet, `${periodText(s.fromMonth, s.toMonth)}（${s.fromMonth} 至 ${s.toMonth}）    单位：元`, 10);
  addHeader(sheet, ['项目', '金额（元）']);
  addAmountRows(sheet, statementRows(s));
  sheet.addRow([]);
  addTitle(sheet, `账户余额（${s.toMonth} 月末）`, 11, 'left');
  addHeader(sheet, ['账户', '余额（元）']);
  addAmountRows(sheet, accountRows(s));
  const diff = s.accountsTotal - s.closingBalance;
  const check = sheet.addRow(['与期末滚存结余一致', diff === 0 ? '是' : `否，相差 ${y(diff)} 元`]);
  check.getCell(2).alignment = { horizontal: 'right' };
  check.font = { color: { argb: diff === 0 ? 'FF237804' : 'FFCF1322' } };
  sheet.addRow([]);
  sheet.addRow([`制表人：${h.preparedBy}    制表日期：${h.printedOn}`]);
  return workbook;
}

/** The request letter's figures as one sheet. */
export function subsidyRequestWorkbook(r: SubsidyRequestRecord, h: { countyName: string; printedOn: string; filedOn: string }): ExcelJS.Workbook {
  const { workbook, sheet } = newSheet('补助资金申请');
  sheet.columns = [{ width: 30 }, { width: 40 }];
  addTitle(sheet, requestTitle(r), 14);
  addPairs(sheet, [
    ['申请编号', String(r.id)],
    ['申请单位', `${h.countyName}社会保险事业中心`],
    ['拨付单位', LEVEL_LABELS[r.level]['zh-CN']],
    ['申请期间', `${r.periodFrom} 至 ${r.periodTo}`],
  ]);
  addHeader(sheet, ['项目', '金额（元）']);
  addAmountRows(sheet, subsidyRequestRows(r));
  addPairs(sheet, [
    ['申请金额大写', `人民币${yuanInWords(r.amount)}`],
    ['经办人', r.createdBy ?? ''],
    ['填报日期', h.filedOn],
    ['打印日期', h.printedOn],
  ]);
  return workbook;
}
