/**
 * The account statement (个人账户对账单) as a printable A4 PDF: the person, the balance by source, every
 * contribution by year and the ledger total. pdfkit with a CJK font (config.cjkFont: Debian's fonts-noto-cjk where
 * installed, else the Noto Sans Hans shipped through npm; `CJK_FONT` to use another file).
 */
import { startPdf, type CjkFont } from '../files/pdf.js';
import { ACCOUNT_SOURCE_LABELS, ACCOUNT_SOURCES, ENROLMENT_IDENTITY_LABELS, formatYuan, type EnrolmentIdentity } from '../../rules/index.js';
import type { AccountStatement } from './service.js';

export type { CjkFont } from '../files/pdf.js';

export interface StatementPerson {
  readonly name: string;
  readonly idNumberMasked: string;
  readonly villageName: string;
  readonly householdNo: string;
  readonly countyName: string;
  readonly identity: string | null;
  readonly firstMonth: string | null;
}

const y = (fen: number) => formatYuan(fen, 'zh-CN');

export function statementPdf(font: CjkFont, person: StatementPerson, statement: AccountStatement, printedOn: string): Promise<Uint8Array> {
  const { doc, done } = startPdf(font, `个人账户对账单 ${person.name}`, { margin: 50 });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(17).text('城乡居民基本养老保险个人账户对账单', { align: 'center' });
  doc.moveDown(0.3).fontSize(9).fillColor('#555').text(`${person.countyName}社会保险事业中心    打印日期 ${printedOn}`, { align: 'center' }).fillColor('#000');
  doc.moveDown(1);

  const table = (headers: string[], widths: number[], rows: string[][], align: ('left' | 'right')[]) => {
    const rowHeight = 18;
    const draw = (cells: string[], bold: boolean) => {
      if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom) doc.addPage().font('cjk');
      const top = doc.y;
      let x = left;
      if (bold) doc.rect(left, top - 3, width, rowHeight).fill('#eef2f7').fillColor('#000');
      cells.forEach((cell, i) => {
        doc.fontSize(9).text(cell, x + 3, top, { width: widths[i]! - 6, align: align[i] ?? 'left', lineBreak: false });
        x += widths[i]!;
      });
      doc.moveTo(left, top + rowHeight - 3).lineTo(left + width, top + rowHeight - 3).lineWidth(0.5).strokeColor('#ccc').stroke();
      doc.y = top + rowHeight;
      doc.x = left;
    };
    draw(headers, true);
    for (const r of rows) draw(r, false);
    doc.moveDown(0.8);
  };

  const identity = person.identity ? (ENROLMENT_IDENTITY_LABELS[person.identity as EnrolmentIdentity]?.['zh-CN'] ?? person.identity) : '未参保';
  table(
    ['姓名', '公民身份号码', '户籍所在村（居）', '户号'],
    [width * 0.18, width * 0.32, width * 0.25, width * 0.25],
    [[person.name, person.idNumberMasked, person.villageName, person.householdNo]],
    ['left', 'left', 'left', 'left'],
  );
  table(['参保身份', '参保年月', '', ''], [width * 0.18, width * 0.32, width * 0.25, width * 0.25], [[identity, person.firstMonth ?? '—', '', '']], ['left', 'left', 'left', 'left']);

  doc.fontSize(12).text('个人账户储存额（元）');
  doc.moveDown(0.4);
  const shown = ACCOUNT_SOURCES.filter((s) => statement.balances[s] !== 0 || ['individual', 'governmentSubsidy'].includes(s));
  table(
    [...shown.map((s) => ACCOUNT_SOURCE_LABELS[s]['zh-CN']), '合计'],
    [...shown.map(() => width / (shown.length + 1)), width / (shown.length + 1)],
    [[...shown.map((s) => y(statement.balances[s])), y(statement.total)]],
    [...shown.map(() => 'right' as const), 'right'],
  );

  doc.fontSize(12).text('缴费记录');
  doc.moveDown(0.4);
  const w = [0.08, 0.08, 0.11, 0.12, 0.12, 0.12, 0.13, 0.13, 0.11].map((f) => width * f);
  table(
    ['年度', '类型', '档次', '个人缴费', '政府代缴', '政府补贴', '集体/资助', '记账合计', '状态'],
    w,
    statement.contributions.map((c) => [
      String(c.year),
      c.kind === 'yearly' ? '当年' : '补缴',
      y(c.tier),
      y(c.individual),
      y(c.hardshipPayment),
      y(c.governmentSubsidy),
      y(c.collectiveSubsidy + c.sponsorship),
      y(c.totalCredited),
      c.status === 'posted' ? '已入账' : '已冲正',
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
  if (statement.contributions.length === 0) doc.fontSize(9).text('（无缴费记录）').moveDown(0.8);

  doc
    .fontSize(8)
    .fillColor('#555')
    .text('说明：个人账户储存额为账户各项记账之和（含冲正）。已冲正的缴费不计入储存额。如对本对账单有异议，请向村协办员或乡镇（街道）社保所提出。', left, doc.y, { width });
  doc.end();
  return done;
}
