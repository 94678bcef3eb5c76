/**
 * What each parameter is: its title, whether a province or county may override it, how to read it from
 * an override file and how to say its value to a resident.
 */
import { ACCOUNT_SOURCE_LABELS, ACCOUNT_SOURCES, type AccountSource } from '../account-sources.js';
import { ENROLMENT_IDENTITIES, ENROLMENT_IDENTITY_LABELS, type EnrolmentIdentity } from '../enrolment-identity.js';
import type { LocalizedText } from '../explanation.js';
import { formatYuan } from '../money.js';
import { formatRate } from '../rate.js';
import {
  decodeArray,
  decodeBoolean,
  decodeEnum,
  decodeInteger,
  decodeMoney,
  decodeMonthDay,
  decodeObject,
  decodePartialRecord,
  decodeIsoDate,
  decodeRate,
  decodeString,
  refine,
  type Decoder,
} from './decoders.js';
import type { PerformanceAssessmentRule } from '../assessment.js';
import type { LocalLevelShares, ParameterName, ParameterValues, SubsidyBand, WorkingCalendar } from './types.js';

export interface ParameterDefinition<T> {
  /** What the parameter is, as a form labels it: 领取年龄 / pension age. */
  readonly title: LocalizedText;
  /** National-only parameters (set by the State Council / ministries) cannot be overridden locally. */
  readonly overridable: boolean;
  readonly decode: Decoder<T>;
  /** The value with its unit, as a clerk says it: 60 周岁 / 60 years. */
  readonly describe: (value: T) => LocalizedText;
}

const yuanText = (fen: number): string => formatYuan(fen, 'zh-CN');
const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });
const yuanAmount = (fen: number): LocalizedText => text(`${yuanText(fen)} 元`, `${yuanText(fen)} yuan`);
const yuanPerMonth = (fen: number): LocalizedText => text(`${yuanText(fen)} 元/月`, `${yuanText(fen)} yuan a month`);
const sameInBoth = (value: string): LocalizedText => text(value, value);
const withUnit = (zhUnit: string, enUnit: (n: number) => string) => (n: number): LocalizedText => text(`${n} ${zhUnit}`, `${n} ${enUnit(n)}`);
const yesNo = (yes: boolean, zhYes: string, zhNo: string, enYes: string, enNo: string): LocalizedText => (yes ? text(zhYes, enYes) : text(zhNo, enNo));
const sourceList = (sources: readonly AccountSource[]): LocalizedText =>
  text(sources.map((s) => ACCOUNT_SOURCE_LABELS[s]['zh-CN']).join('、'), sources.map((s) => ACCOUNT_SOURCE_LABELS[s].en).join(', '));
/** 03-31 → 3月31日 / 31 March. */
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthDay = (d: string): LocalizedText => {
  const [m, day] = d.split('-').map(Number) as [number, number];
  return text(`${m}月${day}日`, `${day} ${MONTH_NAMES[m - 1] ?? d}`);
};

const decodeLevelShares: Decoder<LocalLevelShares> = refine(
  decodeObject<LocalLevelShares>({ provincial: { decode: decodeRate }, prefecture: { decode: decodeRate }, county: { decode: decodeRate } }),
  (s) => {
    const den = s.provincial.den * s.prefecture.den * s.county.den;
    const num = s.provincial.num * s.prefecture.den * s.county.den + s.prefecture.num * s.provincial.den * s.county.den + s.county.num * s.provincial.den * s.prefecture.den;
    if ([s.provincial, s.prefecture, s.county].some((r) => r.num < 0n)) return 'shares cannot be negative';
    return num === den ? undefined : 'provincial + prefecture + county shares must add up to 100%';
  },
);
const levelSharesText = (s: LocalLevelShares): LocalizedText =>
  text(
    `省级 ${formatRate(s.provincial)}、市级 ${formatRate(s.prefecture)}、县级 ${formatRate(s.county)}`,
    `province ${formatRate(s.provincial)}, prefecture ${formatRate(s.prefecture)}, county ${formatRate(s.county)}`,
  );

const decodeCalendar: Decoder<WorkingCalendar> = refine(
  decodeObject<WorkingCalendar>({
    holidays: { decode: decodeArray(decodeObject({ from: { decode: decodeIsoDate }, to: { decode: decodeIsoDate }, name: { decode: decodeString } })) },
    workdays: { decode: decodeArray(decodeIsoDate) },
  }),
  (c) => (c.holidays.some((h) => h.to < h.from) ? 'a holiday ends before it starts' : undefined),
);
const holidayDays = (c: WorkingCalendar): number => c.holidays.reduce((n, h) => n + (Date.parse(h.to) - Date.parse(h.from)) / 86_400_000 + 1, 0);
const describeCalendar = (c: WorkingCalendar): LocalizedText =>
  c.holidays.length === 0 && c.workdays.length === 0
    ? text('仅周六、周日休息（未录入节假日）', 'Saturdays and Sundays only (no holidays entered)')
    : text(
        `${c.holidays.map((h) => `${h.name} ${h.from.slice(5)}至${h.to.slice(5)}`).join('，')}，共放假 ${holidayDays(c)} 天；调休上班：${c.workdays.map((d) => d.slice(5)).join('、') || '无'}`,
        `${c.holidays.length} holidays, ${holidayDays(c)} days off; make-up working days: ${c.workdays.join(', ') || 'none'}`,
      );

/** `null` (no assessment) or the county's rule; see rules/assessment.ts for how each figure is used. */
const decodeAssessmentRule: Decoder<PerformanceAssessmentRule> = decodeObject<PerformanceAssessmentRule>({
  cutOff: { decode: decodeMonthDay },
  participationPoints: { decode: decodeInteger(0, 100) },
  benchmark: { decode: decodeEnum(['best', 'target'] as const) },
  unfinishedDeduction: { decode: decodeInteger(0, 100) },
  punctualityBonus: { decode: decodeInteger(0, 100) },
  punctualityDeduction: { decode: decodeInteger(0, 100) },
  prizes: { decode: decodeObject({ first: { decode: decodeInteger(0, 100) }, second: { decode: decodeInteger(0, 100) }, third: { decode: decodeInteger(0, 100) } }) },
  villageTaskReward: { decode: decodeMoney },
  villageExcessRewards: { decode: decodeArray(decodeMoney) },
  villageShortfallPoints: { decode: decodeInteger(0, 100) },
});
const decodeAssessment: Decoder<PerformanceAssessmentRule | null> = (node, path, ctx) => (node.kind === 'null' ? null : decodeAssessmentRule(node, path, ctx));
const describeAssessment = (r: PerformanceAssessmentRule | null): LocalizedText => {
  if (r === null) return text('不实行年度考核奖励', 'no yearly assessment');
  const cut = monthDay(r.cutOff);
  const bench = r.benchmark === 'best' ? text('÷ 最高乡镇参保率', '÷ the best township’s rate') : text('÷ 本乡镇参保任务', '÷ its own target');
  return text(
    `以${cut['zh-CN']}实际到账为准；乡镇：参保率按综合指数法（${bench['zh-CN']}）满分 ${r.participationPoints} 分，未完成任务不得分并扣 ${r.unfinishedDeduction} 分；按时完成征缴且信息准确加 ${r.punctualityBonus} 分，否则扣 ${r.punctualityDeduction} 分；一、二、三等奖各 ${r.prizes.first}、${r.prizes.second}、${r.prizes.third} 名。村居：完成任务补助 ${yuanText(r.villageTaskReward)} 元，超额完成前 ${r.villageExcessRewards.length} 名再奖励 ${r.villageExcessRewards.map(yuanText).join('/')} 元，未完成的按完成情况扣绩效积分（满扣 ${r.villageShortfallPoints} 分）`,
    `measured on ${cut.en}; townships: participation up to ${r.participationPoints} points by the comprehensive index (${bench.en}), ${r.unfinishedDeduction} deducted when the target is not met; +${r.punctualityBonus} for collection on time with accurate data, else −${r.punctualityDeduction}; ${r.prizes.first}/${r.prizes.second}/${r.prizes.third} first/second/third prizes. Villages: ${yuanText(r.villageTaskReward)} yuan for meeting the target, ${r.villageExcessRewards.map(yuanText).join('/')} yuan more for the furthest above, up to ${r.villageShortfallPoints} performance points deducted for falling short`,
  );
};

const ascending = (values: readonly number[]): boolean => values.every((v, i) => i === 0 || v > (values[i - 1] ?? v));

const decodeBands: Decoder<readonly SubsidyBand[]> = refine(
  decodeArray(decodeObject<SubsidyBand>({ minTier: { decode: decodeMoney }, subsidy: { decode: decodeMoney } }), { minItems: 1 }),
  (bands) => (ascending(bands.map((b) => b.minTier)) ? undefined : 'bands must be listed by increasing minTier'),
);

const describeBands = (bands: readonly SubsidyBand[]): LocalizedText =>
  text(
    bands.map((b) => `缴费 ${yuanText(b.minTier)} 元及以上的每年补贴 ${yuanText(b.subsidy)} 元`).join('；'),
    bands.map((b) => `${yuanText(b.subsidy)} yuan a year for a tier of ${yuanText(b.minTier)} yuan or more`).join('; '),
  );

const INTEREST_CONVENTIONS = {
  fromMonthAfterPayment: text('自缴费次月1日起计息', 'from the 1st of the month after payment'),
  fromNextJanuary: text('自缴费次年1月1日起计息', 'from 1 January of the year after payment'),
  wholeYear: text('当年缴费按全年计息', 'for the whole year of payment'),
} as const;
const DAY_COUNTS = {
  'actual/actual': text('按实际天数占当年天数计息', 'days ÷ days in the year'),
  'actual/365': text('按实际天数占365天计息', 'days ÷ 365'),
} as const;
const REGION_WORDS = { east: text('东部地区', 'eastern'), central: text('中部地区', 'central'), west: text('西部地区', 'western') } as const;

type Definitions = { readonly [K in ParameterName]: ParameterDefinition<ParameterValues[K]> };

export const PARAMETER_DEFINITIONS: Definitions = {
  contributionTiers: {
    title: { 'zh-CN': '缴费档次', en: 'contribution tiers' },
    overridable: true,
    decode: refine(decodeArray(decodeMoney, { minItems: 1 }), (tiers) =>
      ascending(tiers) && (tiers[0] ?? 0) > 0 ? undefined : 'tiers must be positive and listed in increasing order',
    ),
    describe: (tiers) => text(`每年 ${tiers.map(yuanText).join('、')} 元`, `${tiers.map(yuanText).join(', ')} yuan a year`),
  },
  minimumContributionSubsidy: {
    title: { 'zh-CN': '缴费补贴国家最低标准', en: 'national minimum contribution subsidy' },
    overridable: false,
    decode: decodeBands,
    describe: describeBands,
  },
  contributionSubsidy: {
    title: { 'zh-CN': '政府缴费补贴', en: 'government contribution subsidy' },
    overridable: true,
    decode: decodeBands,
    describe: describeBands,
  },
  backPaySubsidy: {
    title: { 'zh-CN': '补缴年度是否享受缴费补贴', en: 'back-paid years earn the contribution subsidy' },
    overridable: true,
    decode: decodeBoolean,
    describe: (b) => yesNo(b, '享受', '不享受', 'yes', 'no'),
  },
  hardshipPayment: {
    title: { 'zh-CN': '困难群体政府代缴比例（占最低档次）', en: 'government payment for hardship groups (share of the minimum tier)' },
    overridable: true,
    decode: decodePartialRecord(ENROLMENT_IDENTITIES, decodeRate),
    describe: (shares) => {
      const entries = Object.entries(shares) as [EnrolmentIdentity, (typeof shares)[EnrolmentIdentity]][];
      const part = (locale: 'zh-CN' | 'en') => entries.map(([identity, rate]) => `${ENROLMENT_IDENTITY_LABELS[identity][locale]} ${rate ? formatRate(rate) : '0%'}`);
      return entries.length === 0 ? text('无', 'none') : text(part('zh-CN').join('、'), part('en').join(', '));
    },
  },
  centralBasicPension: {
    title: { 'zh-CN': '中央基础养老金最低标准', en: 'central basic pension floor' },
    overridable: false,
    decode: decodeMoney,
    describe: yuanPerMonth,
  },
  centralShare: {
    title: { 'zh-CN': '中央财政补助比例', en: 'central finance share of the basic pension floor' },
    overridable: false,
    decode: decodeObject({ east: { decode: decodeRate }, central: { decode: decodeRate }, west: { decode: decodeRate } }),
    describe: (s) =>
      text(
        (['east', 'central', 'west'] as const).map((r) => `${REGION_WORDS[r]['zh-CN']} ${formatRate(s[r])}`).join('、'),
        (['east', 'central', 'west'] as const).map((r) => `${REGION_WORDS[r].en} ${formatRate(s[r])}`).join(', '),
      ),
  },
  localBasicPensionTopUp: {
    title: { 'zh-CN': '地方提高基础养老金', en: 'local basic pension top-up' },
    overridable: true,
    decode: decodeMoney,
    describe: yuanPerMonth,
  },
  longContributionExtra: {
    title: { 'zh-CN': '长期缴费加发基础养老金', en: 'long-contribution extra basic pension' },
    overridable: true,
    decode: decodeObject({ afterYears: { decode: decodeInteger(0, 60) }, perYear: { decode: decodeMoney } }),
    describe: (x) =>
      x.perYear === 0
        ? text('不加发', 'none')
        : text(`缴费超过 ${x.afterYears} 年的，每多缴 1 年每月加发 ${yuanText(x.perYear)} 元`, `${yuanText(x.perYear)} yuan a month for each year beyond ${x.afterYears}`),
  },
  pensionAge: {
    title: { 'zh-CN': '领取年龄', en: 'pension age' },
    overridable: false,
    decode: decodeInteger(40, 80),
    describe: withUnit('周岁', () => 'years'),
  },
  minimumEnrolmentAge: {
    title: { 'zh-CN': '参保最低年龄', en: 'minimum age to enrol' },
    overridable: false,
    decode: decodeInteger(10, 30),
    describe: withUnit('周岁', () => 'years'),
  },
  minimumContributionYears: {
    title: { 'zh-CN': '最低累计缴费年限', en: 'minimum years of contribution' },
    overridable: false,
    decode: decodeInteger(1, 40),
    describe: withUnit('年', (n) => (n === 1 ? 'year' : 'years')),
  },
  transitionalObligation: {
    title: { 'zh-CN': '距领取年龄不足15年人员的缴费义务', en: 'obligation of those with fewer than 15 years to the pension age' },
    overridable: true,
    decode: decodeEnum(['everyYearSinceStart', 'everyYearSinceEnrolment'] as const),
    describe: (v) => (v === 'everyYearSinceStart' ? text('自制度实施起按年缴费（可补缴）', 'every year from the scheme start (back-payment allowed)') : text('自参保起按年缴费', 'every year from enrolment')),
  },
  accountPensionDivisor: {
    title: { 'zh-CN': '个人账户养老金计发系数', en: 'account pension divisor' },
    overridable: false,
    decode: decodeInteger(1, 1000),
    describe: (n) => sameInBoth(String(n)),
  },
  interestRate: {
    title: { 'zh-CN': '个人账户记账利率（年）', en: 'account interest rate (per year)' },
    overridable: true,
    decode: decodeRate,
    describe: (r) => sameInBoth(formatRate(r)),
  },
  interestConvention: {
    title: { 'zh-CN': '当年缴费计息规则', en: 'interest on contributions paid during the year' },
    overridable: true,
    decode: decodeEnum(['fromMonthAfterPayment', 'fromNextJanuary', 'wholeYear'] as const),
    describe: (c) => INTEREST_CONVENTIONS[c],
  },
  interestPostingDay: {
    title: { 'zh-CN': '结息日', en: 'interest posting day' },
    overridable: true,
    decode: decodeMonthDay,
    describe: (d) => text(`每年${monthDay(d)['zh-CN']}`, `${monthDay(d).en} each year`),
  },
  interestDayCount: {
    title: { 'zh-CN': '计息天数规则', en: 'interest day count' },
    overridable: true,
    decode: decodeEnum(['actual/actual', 'actual/365'] as const),
    describe: (d) => DAY_COUNTS[d],
  },
  inheritance: {
    title: { 'zh-CN': '个人账户继承规则', en: 'account inheritance rule' },
    overridable: false,
    decode: decodeObject({
      nonInheritableSources: {
        decode: refine(decodeArray(decodeEnum(ACCOUNT_SOURCES)), (s) => (new Set(s).size === s.length ? undefined : 'sources repeat')),
      },
    }),
    describe: (r) =>
      r.nonInheritableSources.length === 0
        ? text('个人账户余额全部可以依法继承', 'the whole balance may be inherited')
        : text(`除${sourceList(r.nonInheritableSources)['zh-CN']}外可以依法继承`, `inheritable except ${sourceList(r.nonInheritableSources).en}`),
  },
  imprisonmentBackPay: {
    title: { 'zh-CN': '服刑期间养老金是否补发', en: 'imprisonment months paid back on release' },
    overridable: true,
    decode: decodeBoolean,
    describe: (b) => yesNo(b, '期满后补发', '不予补发', 'paid back on release', 'not paid back'),
  },
  dualBenefitRefund: {
    title: { 'zh-CN': '重复领取时不予退还的账户资金', en: 'account sources not refunded on a dual benefit' },
    overridable: false,
    decode: decodeObject({
      nonRefundableSources: {
        decode: refine(decodeArray(decodeEnum(ACCOUNT_SOURCES)), (s) => (new Set(s).size === s.length ? undefined : 'sources repeat')),
      },
    }),
    describe: (r) =>
      r.nonRefundableSources.length === 0
        ? text('全部退还', 'everything is refunded')
        : text(`${sourceList(r.nonRefundableSources)['zh-CN']}部分不予退还`, `not refunded: ${sourceList(r.nonRefundableSources).en}`),
  },
  familyBinding: {
    title: { 'zh-CN': '子女捆绑缴费', en: 'family binding' },
    overridable: true,
    decode: decodeObject({ enabled: { decode: decodeBoolean }, paymentDeadline: { decode: decodeMonthDay } }),
    describe: (f) => (f.enabled ? text(`实行，子女须于每年${monthDay(f.paymentDeadline)['zh-CN']}前缴费`, `in force, children pay by ${monthDay(f.paymentDeadline).en}`) : text('不实行', 'not in force')),
  },
  certificationPeriodMonths: {
    title: { 'zh-CN': '资格认证周期', en: 'certification period' },
    overridable: true,
    decode: decodeInteger(1, 60),
    describe: withUnit('个月', (n) => (n === 1 ? 'month' : 'months')),
  },
  funeralGrant: {
    title: { 'zh-CN': '丧葬补助', en: 'funeral grant' },
    overridable: true,
    decode: decodeMoney,
    describe: (fen) => (fen === 0 ? text('无', 'none') : yuanAmount(fen)),
  },
  localFundingShares: {
    title: { 'zh-CN': '地方各级财政分担比例', en: 'how local levels of government share the local money' },
    overridable: true,
    decode: decodeObject({
      contributionSubsidy: { decode: decodeLevelShares },
      hardshipPayment: { decode: decodeLevelShares },
      basicPension: { decode: decodeLevelShares },
      longContributionExtra: { decode: decodeLevelShares },
    }),
    describe: (x) =>
      text(
        `缴费补贴：${levelSharesText(x.contributionSubsidy)['zh-CN']}；代缴：${levelSharesText(x.hardshipPayment)['zh-CN']}；基础养老金地方部分：${levelSharesText(x.basicPension)['zh-CN']}；长缴多得：${levelSharesText(x.longContributionExtra)['zh-CN']}`,
        `contribution subsidy: ${levelSharesText(x.contributionSubsidy).en}; hardship payment: ${levelSharesText(x.hardshipPayment).en}; local basic pension: ${levelSharesText(x.basicPension).en}; long-contribution extra: ${levelSharesText(x.longContributionExtra).en}`,
      ),
  },
  fundSweep: {
    title: { 'zh-CN': '收入户资金归集', en: 'sweep of the income account to the fiscal special account' },
    overridable: true,
    decode: decodeObject({ intervalDays: { decode: decodeInteger(1, 31) }, zeroAtMonthEnd: { decode: decodeBoolean } }),
    describe: (x) => text(`每 ${x.intervalDays} 天归集到财政专户${x.zeroAtMonthEnd ? '，月末无余额' : ''}`, `every ${x.intervalDays} days${x.zeroAtMonthEnd ? ', empty at month end' : ''}`),
  },
  publicityDays: {
    title: { 'zh-CN': '村级公示期', en: 'village publicity period' },
    overridable: true,
    decode: decodeInteger(1, 60),
    describe: withUnit('天', (n) => (n === 1 ? 'day' : 'days')),
  },
  publicityBeforeAward: {
    title: { 'zh-CN': '待遇核定前须公示期满', en: 'award only after the publicity period' },
    overridable: true,
    decode: decodeBoolean,
    describe: (b) => yesNo(b, '须经村级公示且公示期满、无未处理异议', '不以公示期满为核定条件（公示中或有未处理异议的仍须等待）', 'only after a village publicity has ended without open objections', 'not a condition (people on a publicity still posted or with an open objection still wait)'),
  },
  publicityContact: {
    title: { 'zh-CN': '公示异议受理电话', en: 'where objections to a publicity are raised' },
    overridable: true,
    decode: decodeString,
    describe: sameInBoth,
  },
  workingCalendar: {
    title: { 'zh-CN': '节假日与调休上班日', en: 'public holidays and make-up working days' },
    overridable: true,
    decode: decodeCalendar,
    describe: describeCalendar,
  },
  monthlyCycleDeadlines: {
    title: { 'zh-CN': '月度经办时限', en: 'monthly cycle deadlines' },
    overridable: true,
    decode: refine(
      decodeObject({
        villageDay: { decode: decodeInteger(1, 28) },
        townshipDay: { decode: decodeInteger(1, 28) },
        countyDay: { decode: decodeInteger(1, 28) },
        financeDay: { decode: decodeInteger(1, 28) },
        bankWorkingDays: { decode: decodeInteger(1, 10) },
      }),
      (d) => (d.villageDay <= d.townshipDay && d.townshipDay <= d.countyDay && d.countyDay <= d.financeDay ? undefined : 'the days must not go backwards: village ≤ township ≤ county ≤ finance'),
    ),
    describe: (d) =>
      text(
        `村每月${d.villageDay}日前报乡镇，乡镇${d.townshipDay}日前报县，县${d.countyDay}日前报财政，财政${d.financeDay}日前拨付银行，银行${d.bankWorkingDays}个工作日内发放（遇节假日顺延）`,
        `village by the ${d.villageDay}th, township by the ${d.townshipDay}th, county by the ${d.countyDay}th, finance by the ${d.financeDay}th, bank within ${d.bankWorkingDays} working day(s) (a holiday moves the day on)`,
      ),
  },
  performanceAssessment: {
    title: { 'zh-CN': '年度考核与奖励办法', en: 'yearly assessment and rewards' },
    overridable: true,
    decode: decodeAssessment,
    describe: describeAssessment,
  },
};

export const PARAMETER_NAMES = Object.keys(PARAMETER_DEFINITIONS) as ParameterName[];

export function isParameterName(name: string): name is ParameterName {
  return Object.hasOwn(PARAMETER_DEFINITIONS, name);
}
