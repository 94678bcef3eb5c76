/**
 * The pension award form (城乡居民基本养老保险待遇核定表) as a printable A4 PDF: the person, the start
 * month, each part of the monthly pension, the account at award by source and the engine's explanation
 * with the documents it cites, and lines for the signatures the paper form carries.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../../errors/app-error.js';
import { ACCOUNT_SOURCE_LABELS, ACCOUNT_SOURCES, formatYuan } from '../../rules/index.js';
import type { CjkFont } from '../contributions/statement-pdf.js';
import type { PensionDetail } from './service.js';

const y = (fen: number) => formatYuan(fen, 'zh-CN');
const CATEGORY: Record<PensionDetail['category'], string> = {
  noContribution: '实施时已满60岁，不缴费',
  transitional: '实施时距60岁不足15年',
  standard: '实施时距60岁15年以上',
};

export function awardPdf(font: CjkFont, p: PensionDetail, countyName: string, printedOn: string): Promise<Uint8Array> {
  if (!existsSync(font.path)) throw new AppError('PDF_FONT_MISSING', 500, { params: { path: font.path } });
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `待遇核定表 ${p.name}`, Producer: 'xinnongbao' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  if (font.family) doc.registerFont('cjk', font.path, font.family);
  else doc.registerFont('cjk', font.path);
  doc.font('cjk');

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  doc.fontSize(17).text('城乡居民基本养老保险待遇核定表', { align: 'center' });
  doc.moveDown(0.3).fontSize(9).fillColor('#555').text(`${countyName}社会保险事业中心    核定编号 ${p.id}    打印日期 ${printedOn}`, { align: 'center' }).fillColor('#000');
  doc.moveDown(1);

  /** A grid of label/value pairs, `cols` pairs to a row. */
  const grid = (pairs: [string, string][], cols: number) => {
    const rowHeight = 20;
    const cell = width / cols;
    for (let i = 0; i < pairs.length; i += cols) {
      if (doc.y + rowHeight > bottom()) doc.addPage().font('cjk');
      const top = doc.y;
      pairs.slice(i, i + cols).forEach(([label, value], k) => {
        const x = left + k * cell;
        doc.rect(x, top, cell * 0.38, rowHeight).fill('#eef2f7').fillColor('#000');
        doc.rect(x, top, cell, rowHeight).lineWidth(0.5).strokeColor('#bbb').stroke();
        doc.fontSize(9).text(label, x + 4, top + 5, { width: cell * 0.38 - 8, lineBreak: false });
        doc.fontSize(9).text(value, x + cell * 0.38 + 4, top + 5, { width: cell * 0.62 - 8, lineBreak: false });
      });
      doc.y = top + rowHeight;
    }
    doc.x = left;
    doc.moveDown(0.8);
  };

  grid(
    [
      ['姓名', p.name],
      ['性别', p.sex === 'M' ? '男' : '女'],
      ['公民身份号码', p.idNumberMasked],
      ['出生日期', p.birthDate],
      ['户籍所在村（居）', p.villageName],
      ['年满60周岁', p.pensionAgeDate],
      ['参保类别', CATEGORY[p.category]],
      ['累计缴费年限', `${p.contributionYears} 年`],
    ],
    2,
  );

  doc.fontSize(12).text('月养老金（元）');
  doc.moveDown(0.4);
  grid(
    [
      ['中央基础养老金', y(p.centralBasicPension)],
      ['地方提高部分', y(p.localBasicPensionTopUp)],
      ['长缴费加发', y(p.longContributionExtra)],
      ['基础养老金小计', y(p.basicPension)],
      ['账户储存额', y(p.accountBalance)],
      ['个人账户养老金', y(p.accountPension)],
      ['月养老金合计', y(p.monthlyPension)],
      ['起领年月', p.startMonth],
    ],
    2,
  );

  doc.fontSize(12).text('个人账户：核定时储存额及首月账户养老金的支付来源（元）');
  doc.moveDown(0.4);
  const shown = ACCOUNT_SOURCES.filter((s) => (p.balancesAtAward[s] ?? 0) !== 0 || s === 'individual' || s === 'governmentSubsidy');
  const rowHeight = 18;
  const cols = [width * 0.4, width * 0.3, width * 0.3];
  const rows: [string, string, string][] = [
    ['资金来源', '核定时储存额', '首月支付'],
    ...shown.map((s): [string, string, string] => [ACCOUNT_SOURCE_LABELS[s]['zh-CN'], y(p.balancesAtAward[s] ?? 0), y(p.accountPensionBySource[s] ?? 0)]),
    ['合计', y(p.accountBalance), y(p.accountPension)],
  ];
  rows.forEach((cells, r) => {
    const top = doc.y;
    if (r === 0 || r === rows.length - 1) doc.rect(left, top, width, rowHeight).fill('#eef2f7').fillColor('#000');
    let x = left;
    cells.forEach((text, k) => {
      doc.rect(x, top, cols[k]!, rowHeight).lineWidth(0.5).strokeColor('#bbb').stroke();
      doc.fontSize(9).text(text, x + 4, top + 4, { width: cols[k]! - 8, align: k === 0 ? 'left' : 'right', lineBreak: false });
      x += cols[k]!;
    });
    doc.y = top + rowHeight;
  });
  doc.x = left;
  doc.moveDown(0.8);

  doc.fontSize(12).text('计算过程及政策依据');
  doc.moveDown(0.4);
  // Each document is cited once, at the first step that uses it, so the form keeps to one page.
  const cited = new Set<string>();
  p.explanation.forEach((step, i) => {
    if (doc.y + 30 > bottom()) doc.addPage().font('cjk');
    doc.fontSize(8.5).fillColor('#000').text(`${i + 1}. ${step.text['zh-CN']}`, left, doc.y, { width });
    for (const c of step.parameters ?? []) {
      const key = `${c.name}|${c.from}|${c.level}`;
      if (cited.has(key)) continue;
      cited.add(key);
      doc.fontSize(7).fillColor('#555').text(`    ${c.name} = ${c.value}（${c.source}，${c.from} 起${c.to ? `至 ${c.to}` : ''}）`, left, doc.y, { width });
    }
    doc.fillColor('#000').moveDown(0.1);
  });
  doc.moveDown(0.6);

  if (doc.y + 70 > bottom()) doc.addPage().font('cjk');
  const sigTop = doc.y;
  const third = width / 3;
  ['申请人（签字/手印）', '经办人', '审核人（盖章）'].forEach((label, k) => {
    doc.fontSize(9).text(`${label}：`, left + k * third, sigTop, { width: third - 10 });
    doc.moveTo(left + k * third, sigTop + 40).lineTo(left + (k + 1) * third - 16, sigTop + 40).lineWidth(0.5).strokeColor('#888').stroke();
    doc.fontSize(8).fillColor('#555').text('年    月    日', left + k * third, sigTop + 46, { width: third - 16, align: 'right' }).fillColor('#000');
  });
  doc.fontSize(8).fillColor('#555').text(`核定人 ${p.awardedBy ?? '—'}，核定时间 ${new Date(Date.parse(p.awardedAt) + 8 * 3_600_000).toISOString().slice(0, 10)}。账户养老金按月从个人账户各来源按比例支付；账户支付完毕后继续按同一标准支付。`, left, sigTop + 66, { width });
  doc.end();
  return done;
}
