/**
 * What each parameter is: its title, whether a province or county may override it, how to read it from
 * an override file and how to say its value to a resident.
 */
import { ACCOUNT_SOURCES } from '../account-sources.js';
import { ENROLMENT_IDENTITIES } from '../enrolment-identity.js';
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
  decodeRate,
  refine,
  type Decoder,
} from './decoders.js';
import type { LocalLevelShares, ParameterName, ParameterValues, SubsidyBand } from './types.js';

export interface ParameterDefinition<T> {
  readonly title: LocalizedText;
  /** National-only parameters (set by the State Council / ministries) cannot be overridden locally. */
  readonly overridable: boolean;
  readonly decode: Decoder<T>;
  readonly describe: (value: T) => string;
}

const yuanText = (fen: number): string => formatYuan(fen, 'zh-CN');

const decodeLevelShares: Decoder<LocalLevelShares> = refine(
  decodeObject<LocalLevelShares>({ provincial: { decode: decodeRate }, prefecture: { decode: decodeRate }, county: { decode: decodeRate } }),
  (s) => {
    const den = s.provincial.den * s.prefecture.den * s.county.den;
    const num = s.provincial.num * s.prefecture.den * s.county.den + s.prefecture.num * s.provincial.den * s.county.den + s.county.num * s.provincial.den * s.prefecture.den;
    if ([s.provincial, s.prefecture, s.county].some((r) => r.num < 0n)) return 'shares cannot be negative';
    return num === den ? undefined : 'provincial + prefecture + county shares must add up to 100%';
  },
);
const levelSharesText = (s: LocalLevelShares): string => `省级 ${formatRate(s.provincial)}、市级 ${formatRate(s.prefecture)}、县级 ${formatRate(s.county)}`;

const ascending = (values: readonly number[]): boolean => values.every((v, i) => i === 0 || v > (values[i - 1] ?? v));

const decodeBands: Decoder<readonly SubsidyBand[]> = refine(
  decodeArray(decodeObject<SubsidyBand>({ minTier: { decode: decodeMoney }, subsidy: { decode: decodeMoney } }), { minItems: 1 }),
  (bands) => (ascending(bands.map((b) => b.minTier)) ? undefined : 'bands must be listed by increasing minTier'),
);

const describeBands = (bands: readonly SubsidyBand[]): string =>
  bands.map((b) => `≥${yuanText(b.minTier)}: ${yuanText(b.subsidy)}`).join('; ');

const describeInt = (n: number): string => String(n);

type Definitions = { readonly [K in ParameterName]: ParameterDefinition<ParameterValues[K]> };

export const PARAMETER_DEFINITIONS: Definitions = {
  contributionTiers: {
    title: { 'zh-CN': '缴费档次（元/年）', en: 'contribution tiers (yuan/year)' },
    overridable: true,
    decode: refine(decodeArray(decodeMoney, { minItems: 1 }), (tiers) =>
      ascending(tiers) && (tiers[0] ?? 0) > 0 ? undefined : 'tiers must be positive and listed in increasing order',
    ),
    describe: (tiers) => tiers.map(yuanText).join(', '),
  },
  minimumContributionSubsidy: {
    title: { 'zh-CN': '缴费补贴国家最低标准（元/年）', en: 'national minimum contribution subsidy (yuan/year)' },
    overridable: false,
    decode: decodeBands,
    describe: describeBands,
  },
  contributionSubsidy: {
    title: { 'zh-CN': '政府缴费补贴（元/年，按档次）', en: 'government contribution subsidy by tier (yuan/year)' },
    overridable: true,
    decode: decodeBands,
    describe: describeBands,
  },
  backPaySubsidy: {
    title: { 'zh-CN': '补缴年度是否享受缴费补贴', en: 'back-paid years earn the contribution subsidy' },
    overridable: true,
    decode: decodeBoolean,
    describe: (b) => (b ? 'yes' : 'no'),
  },
  hardshipPayment: {
    title: { 'zh-CN': '困难群体政府代缴比例（占最低档次）', en: 'government payment for hardship groups (share of the minimum tier)' },
    overridable: true,
    decode: decodePartialRecord(ENROLMENT_IDENTITIES, decodeRate),
    describe: (shares) =>
      Object.entries(shares)
        .map(([identity, rate]) => `${identity} ${rate ? formatRate(rate) : '0%'}`)
        .join('; '),
  },
  centralBasicPension: {
    title: { 'zh-CN': '中央基础养老金最低标准（元/月）', en: 'central basic pension floor (yuan/month)' },
    overridable: false,
    decode: decodeMoney,
    describe: yuanText,
  },
  centralShare: {
    title: { 'zh-CN': '中央财政补助比例', en: 'central finance share of the basic pension floor' },
    overridable: false,
    decode: decodeObject({ east: { decode: decodeRate }, central: { decode: decodeRate }, west: { decode: decodeRate } }),
    describe: (s) => `east ${formatRate(s.east)}, central ${formatRate(s.central)}, west ${formatRate(s.west)}`,
  },
  localBasicPensionTopUp: {
    title: { 'zh-CN': '地方提高基础养老金（元/月）', en: 'local basic pension top-up (yuan/month)' },
    overridable: true,
    decode: decodeMoney,
    describe: yuanText,
  },
  longContributionExtra: {
    title: { 'zh-CN': '长期缴费加发基础养老金', en: 'long-contribution extra basic pension' },
    overridable: true,
    decode: decodeObject({ afterYears: { decode: decodeInteger(0, 60) }, perYear: { decode: decodeMoney } }),
    describe: (x) => `${yuanText(x.perYear)}/year beyond ${x.afterYears}`,
  },
  pensionAge: {
    title: { 'zh-CN': '领取年龄', en: 'pension age' },
    overridable: false,
    decode: decodeInteger(40, 80),
    describe: describeInt,
  },
  minimumEnrolmentAge: {
    title: { 'zh-CN': '参保最低年龄', en: 'minimum age to enrol' },
    overridable: false,
    decode: decodeInteger(10, 30),
    describe: describeInt,
  },
  minimumContributionYears: {
    title: { 'zh-CN': '最低累计缴费年限', en: 'minimum years of contribution' },
    overridable: false,
    decode: decodeInteger(1, 40),
    describe: describeInt,
  },
  transitionalObligation: {
    title: { 'zh-CN': '距领取年龄不足15年人员的缴费义务', en: 'obligation of those with fewer than 15 years to the pension age' },
    overridable: true,
    decode: decodeEnum(['everyYearSinceStart', 'everyYearSinceEnrolment'] as const),
    describe: (v) => (v === 'everyYearSinceStart' ? '自制度实施起按年缴费（可补缴）' : '自参保起按年缴费'),
  },
  accountPensionDivisor: {
    title: { 'zh-CN': '个人账户养老金计发系数', en: 'account pension divisor' },
    overridable: false,
    decode: decodeInteger(1, 1000),
    describe: describeInt,
  },
  interestRate: {
    title: { 'zh-CN': '个人账户记账利率（年）', en: 'account interest rate (per year)' },
    overridable: true,
    decode: decodeRate,
    describe: formatRate,
  },
  interestConvention: {
    title: { 'zh-CN': '当年缴费计息规则', en: 'interest on contributions paid during the year' },
    overridable: true,
    decode: decodeEnum(['fromMonthAfterPayment', 'fromNextJanuary', 'wholeYear'] as const),
    describe: (c) => c,
  },
  interestPostingDay: {
    title: { 'zh-CN': '结息日', en: 'interest posting day' },
    overridable: true,
    decode: decodeMonthDay,
    describe: (d) => d,
  },
  interestDayCount: {
    title: { 'zh-CN': '计息天数规则', en: 'interest day count' },
    overridable: true,
    decode: decodeEnum(['actual/actual', 'actual/365'] as const),
    describe: (d) => d,
  },
  inheritance: {
    title: { 'zh-CN': '个人账户继承规则', en: 'account inheritance rule' },
    overridable: false,
    decode: decodeObject({
      nonInheritableSources: {
        decode: refine(decodeArray(decodeEnum(ACCOUNT_SOURCES)), (s) => (new Set(s).size === s.length ? undefined : 'sources repeat')),
      },
    }),
    describe: (r) => (r.nonInheritableSources.length === 0 ? 'whole balance inheritable' : `not inheritable: ${r.nonInheritableSources.join(', ')}`),
  },
  imprisonmentBackPay: {
    title: { 'zh-CN': '服刑期间养老金是否补发', en: 'imprisonment months paid back on release' },
    overridable: true,
    decode: decodeBoolean,
    describe: (b) => (b ? '补发' : '不予补发'),
  },
  dualBenefitRefund: {
    title: { 'zh-CN': '重复领取时不予退还的账户资金', en: 'account sources not refunded on a dual benefit' },
    overridable: false,
    decode: decodeObject({
      nonRefundableSources: {
        decode: refine(decodeArray(decodeEnum(ACCOUNT_SOURCES)), (s) => (new Set(s).size === s.length ? undefined : 'sources repeat')),
      },
    }),
    describe: (r) => (r.nonRefundableSources.length === 0 ? '全部退还' : `不退还：${r.nonRefundableSources.join('、')}`),
  },
  familyBinding: {
    title: { 'zh-CN': '子女捆绑缴费', en: 'family binding' },
    overridable: true,
    decode: decodeObject({ enabled: { decode: decodeBoolean }, paymentDeadline: { decode: decodeMonthDay } }),
    describe: (f) => (f.enabled ? `on, children pay by ${f.paymentDeadline}` : 'off'),
  },
  certificationPeriodMonths: {
    title: { 'zh-CN': '资格认证周期（月）', en: 'certification period (months)' },
    overridable: true,
    decode: decodeInteger(1, 60),
    describe: describeInt,
  },
  funeralGrant: {
    title: { 'zh-CN': '丧葬补助', en: 'funeral grant' },
    overridable: true,
    decode: decodeMoney,
    describe: yuanText,
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
      `缴费补贴：${levelSharesText(x.contributionSubsidy)}；代缴：${levelSharesText(x.hardshipPayment)}；基础养老金地方部分：${levelSharesText(x.basicPension)}；长缴多得：${levelSharesText(x.longContributionExtra)}`,
  },
  fundSweep: {
    title: { 'zh-CN': '收入户资金归集', en: 'sweep of the income account to the fiscal special account' },
    overridable: true,
    decode: decodeObject({ intervalDays: { decode: decodeInteger(1, 31) }, zeroAtMonthEnd: { decode: decodeBoolean } }),
    describe: (x) => `每 ${x.intervalDays} 天归集到财政专户${x.zeroAtMonthEnd ? '，月末无余额' : ''}`,
  },
};

export const PARAMETER_NAMES = Object.keys(PARAMETER_DEFINITIONS) as ParameterName[];

export function isParameterName(name: string): name is ParameterName {
  return Object.hasOwn(PARAMETER_DEFINITIONS, name);
}
