/**
 * The pension award form (城乡居民基本养老保险待遇核定表) as a printable A4 PDF: the person, the start
 * month, each part of the monthly pension, the account at award by source and the engine's explanation
 * with the documents it cites, and lines for the signatures the paper form carries.
 */
import { ACCOUNT_SOURCE_LABELS, ACCOUNT_SOURCES, formatYuan, type Locale } from '../../rules/index.js';
import { startPdf, type CjkFont } from '../files/pdf.js';
import { renderExplanation } from '../explanations/render.js';
import type { PensionDetail } from './service.js';

const y = (fen: number) => formatYuan(fen, 'zh-CN');

/** Every word the form prints, in both languages. */
const WORDS = {
  'zh-CN': {
    title: '城乡居民基本养老保险待遇核定表',
    centre: (county: string) => `${county}社会保险事业中心`,
    number: '核定编号',
    printed: '打印日期',
    name: '姓名',
    sex: '性别',
    male: '男',
    female: '女',
    idNumber: '公民身份号码',
    birthDate: '出生日期',
    village: '户籍所在村（居）',
    pensionAgeDate: '年满60周岁',
    category: '参保类别',
    years: '累计缴费年限',
    yearsValue: (n: number) => `${n} 年`,
    categories: { noContribution: '实施时已满60岁，不缴费', transitional: '实施时距60岁不足15年', standard: '实施时距60岁15年以上' },
    monthly: '月养老金（元）',
    central: '中央基础养老金',
    topUp: '地方提高部分',
    extra: '长缴费加发',
    basic: '基础养老金小计',
    balance: '账户储存额',
    accountPension: '个人账户养老金',
    total: '月养老金合计',
    startMonth: '起领年月',
    accountTitle: '个人账户：核定时储存额及首月账户养老金的支付来源（元）',
    source: '资金来源',
    atAward: '核定时储存额',
    firstMonth: '首月支付',
    sum: '合计',
    steps: '计算过程及政策依据',
    signatures: ['申请人（签字/手印）', '经办人', '审核人（盖章）'],
    date: '年    月    日',
    footer: (by: string, at: string) => `核定人 ${by}，核定时间 ${at}。账户养老金按月从个人账户各来源按比例支付；账户支付完毕后继续按同一标准支付。`,
  },
  en: {
    title: 'Award of the Basic Pension of the Urban and Rural Resident Pension Scheme',
    centre: (county: string) => `Social Insurance Centre, ${county}`,
    number: 'Award no.',
    printed: 'Printed',
    name: 'Name',
    sex: 'Sex',
    male: 'male',
    female: 'female',
    idNumber: 'ID number',
    birthDate: 'Date of birth',
    village: 'Village of residence',
    pensionAgeDate: 'Turned 60',
    category: 'Category',
    years: 'Years paid',
    yearsValue: (n: number) => `${n} year${n === 1 ? '' : 's'}`,
    categories: { noContribution: '60 or over at the scheme start', transitional: 'under 15 years to 60 at the start', standard: '15 years or more to 60 at the start' },
    monthly: 'Monthly pension (yuan)',
    central: 'Central basic pension',
    topUp: 'Local top-up',
    extra: 'Long-contribution extra',
    basic: 'Basic pension',
    balance: 'Account balance',
    accountPension: 'Account pension',
    total: 'Monthly pension',
    startMonth: 'Paid from',
    accountTitle: 'Individual account: balance at award and the first month\'s account pension by source (yuan)',
    source: 'Source',
    atAward: 'At award',
    firstMonth: 'First month',
    sum: 'Total',
    steps: 'How it was worked out, and the documents',
    signatures: ['Applicant (signature)', 'Clerk', 'Reviewer (seal)'],
    date: 'Date',
    footer: (by: string, at: string) => `Awarded by ${by} on ${at}. The account pension is paid monthly from each source in proportion; once the account is used up, payment continues at the same amount.`,
  },
} as const;

export function awardPdf(font: CjkFont, p: PensionDetail, countyName: string, printedOn: string, locale: Locale = 'zh-CN'): Promise<Uint8Array> {
  const w = WORDS[locale];
  const { doc, done } = startPdf(font, `${w.title} ${p.name}`, { margin: 50 });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  doc.fontSize(locale === 'en' ? 14 : 17).text(w.title, { align: 'center' });
  doc.moveDown(0.3).fontSize(9).fillColor('#555').text(`${w.centre(countyName)}    ${w.number} ${p.id}    ${w.printed} ${printedOn}`, { align: 'center' }).fillColor('#000');
  doc.moveDown(1);

  /** A grid of label/value pairs, `cols` pairs to a row. */
  const grid = (pairs: [string, string][], cols: number) => {
    const rowHeight = 18;
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
      [w.name, p.name],
      [w.sex, p.sex === 'M' ? w.male : w.female],
      [w.idNumber, p.idNumberMasked],
      [w.birthDate, p.birthDate],
      [w.village, p.villageName],
      [w.pensionAgeDate, p.pensionAgeDate],
      [w.category, w.categories[p.category]],
      [w.years, w.yearsValue(p.contributionYears)],
    ],
    2,
  );

  doc.fontSize(12).text(w.monthly);
  doc.moveDown(0.4);
  grid(
    [
      [w.central, y(p.centralBasicPension)],
      [w.topUp, y(p.localBasicPensionTopUp)],
      [w.extra, y(p.longContributionExtra)],
      [w.basic, y(p.basicPension)],
      [w.balance, y(p.accountBalance)],
      [w.accountPension, y(p.accountPension)],
      [w.total, y(p.monthlyPension)],
      [w.startMonth, p.startMonth],
    ],
    2,
  );

  doc.fontSize(12).text(w.accountTitle);
  doc.moveDown(0.4);
  const shown = ACCOUNT_SOURCES.filter((s) => (p.balancesAtAward[s] ?? 0) !== 0 || s === 'individual' || s === 'governmentSubsidy');
  const rowHeight = 16;
  const cols = [width * 0.4, width * 0.3, width * 0.3];
  const rows: [string, string, string][] = [
    [w.source, w.atAward, w.firstMonth],
    ...shown.map((s): [string, string, string] => [ACCOUNT_SOURCE_LABELS[s][locale], y(p.balancesAtAward[s] ?? 0), y(p.accountPensionBySource[s] ?? 0)]),
    [w.sum, y(p.accountBalance), y(p.accountPension)],
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

  doc.fontSize(12).text(w.steps);
  doc.moveDown(0.4);
  // Each parameter is cited once, at the first step that uses it, as labelled prose with its documents; a
  // document's own title is printed the first time its number appears, its number alone after that.
  const cited = new Set<string>();
  const titled = new Set<string>();
  const shorten = (line: string) =>
    line.replace(/([^\s；：（]+〔\d{4}〕\d+号)《[^》]+》/g, (whole, number: string) => {
      if (titled.has(number)) return number;
      titled.add(number);
      return whole;
    });
  const steps = renderExplanation(p.explanation, locale);
  steps.forEach((step, i) => {
    if (doc.y + 30 > bottom()) doc.addPage().font('cjk');
    doc.fontSize(8.5).fillColor('#000').text(`${i + 1}. ${step.text}`, left, doc.y, { width });
    (p.explanation[i]?.parameters ?? []).forEach((c, k) => {
      const key = `${c.name}|${c.from}|${c.level}`;
      if (cited.has(key)) return;
      cited.add(key);
      doc.fontSize(7).fillColor('#555').text(shorten(step.parameters[k]?.line ?? ''), left + 12, doc.y, { width: width - 12 });
    });
    doc.fillColor('#000').moveDown(0.1);
  });
  doc.moveDown(0.6);

  if (doc.y + 80 > bottom()) doc.addPage().font('cjk');
  const sigTop = doc.y;
  const third = width / 3;
  w.signatures.forEach((label, k) => {
    doc.fontSize(9).text(`${label}${locale === 'en' ? ':' : '：'}`, left + k * third, sigTop, { width: third - 10 });
    doc.moveTo(left + k * third, sigTop + 40).lineTo(left + (k + 1) * third - 16, sigTop + 40).lineWidth(0.5).strokeColor('#888').stroke();
    doc.fontSize(8).fillColor('#555').text(w.date, left + k * third, sigTop + 46, { width: third - 16, align: 'right' }).fillColor('#000');
  });
  doc.fontSize(8).fillColor('#555').text(w.footer(p.awardedBy ?? '—', new Date(Date.parse(p.awardedAt) + 8 * 3_600_000).toISOString().slice(0, 10)), left, sigTop + 66, { width });
  doc.end();
  return done;
}
