/**
 * National parameters with their sources, and the documented defaults of local items (marked
 * "default (local)": a county that does something else overrides them in its JSON file).
 *
 * Sources: 国发〔2009〕32号 (State Council guideline on the new rural pension pilot, full text in
 * /work/shared/seeds/nrpi-duties-guideline-reports.txt, 第二篇); 国发〔2014〕8号 (merger into the urban
 * and rural resident pension, dated 2014-02-21); ministry notices raising the central floor; PBOC
 * announcements of the one-year deposit rate; DOMAIN.md §3–§5.
 */
import { yuan } from '../money.js';
import { parseRate } from '../rate.js';
import type { DatedEntry, ParameterLayer, ParameterValues } from './types.js';

const G2009 = '国发〔2009〕32号';
const G2014 = '国发〔2014〕8号';
const DAY_BEFORE_2014_GUIDELINE = '2014-02-20';

const pbocRates: readonly (readonly [from: string, announced: string, rate: string])[] = [
  ['2008-12-23', '2008-12-22', '2.25%'],
  ['2010-10-20', '2010-10-19', '2.50%'],
  ['2010-12-26', '2010-12-25', '2.75%'],
  ['2011-02-09', '2011-02-08', '3.00%'],
  ['2011-04-06', '2011-04-05', '3.25%'],
  ['2011-07-07', '2011-07-06', '3.50%'],
  ['2012-06-08', '2012-06-07', '3.25%'],
  ['2012-07-06', '2012-07-05', '3.00%'],
  ['2014-11-22', '2014-11-21', '2.75%'],
  ['2015-03-01', '2015-02-28', '2.50%'],
  ['2015-05-11', '2015-05-10', '2.25%'],
  ['2015-06-28', '2015-06-27', '2.00%'],
  ['2015-08-26', '2015-08-25', '1.75%'],
  ['2015-10-24', '2015-10-23', '1.50%'],
];

const interestRate: readonly DatedEntry<ParameterValues['interestRate']>[] = pbocRates.map(([from, announced, rate]) => ({
  from,
  value: parseRate(rate),
  source: `PBOC one-year deposit rate announcement ${announced} (effective ${from}); ${G2009} §五`,
}));

const COUNTY_PAYS = { provincial: parseRate('0%'), prefecture: parseRate('0%'), county: parseRate('100%') };

export const NATIONAL_DEFAULTS: ParameterLayer = {
  level: 'national',
  code: 'CN',
  name: '全国 (national defaults)',
  // Reviewed 2026-12-01: the central floor against the 2025 and 2026 government work reports; no newer national
  // document was known for the tiers and the subsidy floor (国发〔2014〕8号) or the PBOC one-year rate (1.50% since 2015).
  reviewedOn: {
    centralBasicPension: '2026-12-01',
    interestRate: '2026-12-01',
    contributionTiers: '2026-12-01',
    minimumContributionSubsidy: '2026-12-01',
  },
  tables: {
    contributionTiers: [
      { from: '2009-09-01', to: DAY_BEFORE_2014_GUIDELINE, value: [100, 200, 300, 400, 500].map(yuan), source: `${G2009} §四(一)` },
      {
        from: '2014-02-21',
        value: [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000].map(yuan),
        source: `${G2014} §四(一)`,
      },
    ],
    minimumContributionSubsidy: [
      { from: '2009-09-01', to: DAY_BEFORE_2014_GUIDELINE, value: [{ minTier: yuan(100), subsidy: yuan(30) }], source: `${G2009} §四(三)` },
      {
        from: '2014-02-21',
        value: [
          { minTier: yuan(100), subsidy: yuan(30) },
          { minTier: yuan(500), subsidy: yuan(60) },
        ],
        source: `${G2014} §四(三)`,
      },
    ],
    contributionSubsidy: [
      {
        from: '2009-09-01',
        to: DAY_BEFORE_2014_GUIDELINE,
        value: [{ minTier: yuan(100), subsidy: yuan(30) }],
        source: `default (local): the national minimum of ${G2009} §四(三); provinces set the table`,
      },
      {
        from: '2014-02-21',
        value: [
          { minTier: yuan(100), subsidy: yuan(30) },
          { minTier: yuan(500), subsidy: yuan(60) },
        ],
        source: `default (local): the national minimum of ${G2014} §四(三); provinces set the table`,
      },
    ],
    backPaySubsidy: [{ from: '2009-09-01', value: false, source: 'default (local): back-paid years earn no subsidy (DOMAIN.md §3)' }],
    hardshipPayment: [
      {
        from: '2009-09-01',
        value: {
          disabledGrade1: parseRate('100%'),
          disabledGrade2: parseRate('100%'),
          extremeHardship: parseRate('100%'),
          disabledGrade3: parseRate('50%'),
        },
        source: `default (local): ${G2009} §四(三) lets local government pay part or all of the minimum tier for the severely disabled and other hardship groups; grade 1–2 and 特困 in full, grade 3 half is this system's default`,
      },
    ],
    centralBasicPension: [
      { from: '2009-09-01', value: yuan(55), source: `${G2009} §六` },
      { from: '2014-07-01', value: yuan(70), source: '人社部发〔2015〕5号 (raised from 2014-07-01)' },
      { from: '2018-01-01', value: yuan(88), source: '人社部发〔2018〕21号' },
      { from: '2023-01-01', value: yuan(103), source: '人社部、财政部 2023 年提高城乡居民基础养老金最低标准的通知（文号待核）' },
      {
        from: '2024-01-01',
        value: yuan(123),
        source: '2024 年政府工作报告：城乡居民基础养老金月最低标准提高20元（103→123）；人社部、财政部通知文号待核',
      },
      {
        from: '2025-01-01',
        value: yuan(143),
        source: '2025 年政府工作报告（2025-03-05）：城乡居民基础养老金最低标准再提高20元（123→143）；人社部、财政部通知文号待核，自1月1日起按往年惯例',
      },
      {
        from: '2026-01-01',
        value: yuan(163),
        source: '2026 年政府工作报告（2026-03-05）：城乡居民基础养老金月最低标准再提高20元（143→163）；人社部、财政部通知文号待核，自1月1日起按往年惯例',
      },
    ],
    centralShare: [
      {
        from: '2009-09-01',
        value: { east: parseRate('50%'), central: parseRate('100%'), west: parseRate('100%') },
        source: `${G2009} §四(三); ${G2014} §四(三)`,
      },
    ],
    localBasicPensionTopUp: [
      { from: '2009-09-01', value: 0, source: `default (local): none; ${G2009} §六 lets local government raise the basic pension` },
    ],
    longContributionExtra: [
      {
        from: '2009-09-01',
        value: { afterYears: 15, perYear: 0 },
        source: `default (local): none; ${G2009} §六 allows extra basic pension for long contribution (长缴多得)`,
      },
    ],
    pensionAge: [{ from: '2009-09-01', value: 60, source: `${G2009} §七; ${G2014} §七` }],
    minimumEnrolmentAge: [{ from: '2009-09-01', value: 16, source: `${G2009} §三 (年满16周岁，不含在校学生); ${G2014} §三` }],
    minimumContributionYears: [{ from: '2009-09-01', value: 15, source: `${G2009} §七; ${G2014} §七` }],
    transitionalObligation: [
      {
        from: '2009-09-01',
        value: 'everyYearSinceStart',
        source: `${G2009} §七: 距领取年龄不足15年的，应按年缴费，也允许补缴，累计缴费不超过15年 (a province may require only the years from enrolment)`,
      },
    ],
    accountPensionDivisor: [{ from: '2009-09-01', value: 139, source: `${G2009} §六; ${G2014} §六` }],
    interestRate,
    interestConvention: [
      { from: '2009-09-01', value: 'fromNextJanuary', source: 'default (local): contributions earn interest from 1 January of the next year' },
    ],
    interestPostingDay: [{ from: '2009-09-01', value: '12-31', source: 'default (local): interest posted on 31 December' }],
    interestDayCount: [
      { from: '2009-09-01', value: 'actual/actual', source: 'default (local): days ÷ days in the year, so a full year earns exactly the rate' },
    ],
    inheritance: [
      {
        from: '2009-09-01',
        to: DAY_BEFORE_2014_GUIDELINE,
        value: { nonInheritableSources: ['governmentSubsidy', 'hardshipPayment'] },
        source: `${G2009} §六: 除政府补贴外，可以依法继承`,
      },
      { from: '2014-02-21', value: { nonInheritableSources: [] }, source: `${G2014} §六: 个人账户资金余额可以依法继承` },
    ],
    imprisonmentBackPay: [
      {
        from: '2009-09-01',
        value: false,
        source: 'default (local): 服刑期间停发，期满后恢复，服刑期间不予补发 (DOMAIN.md §5; the rule of 劳社厅函〔2001〕44号 for the employee pension, applied by analogy)',
      },
    ],
    dualBenefitRefund: [
      {
        from: '2009-09-01',
        value: { nonRefundableSources: ['governmentSubsidy', 'hardshipPayment'] },
        source: '人社部发〔2014〕17号《城乡养老保险制度衔接暂行办法》: 同时领取的，终止城乡居民养老保险关系，除政府补贴外的个人账户余额退还本人，已领取的基础养老金应予以退还',
      },
    ],
    familyBinding: [
      {
        from: '2009-09-01',
        to: DAY_BEFORE_2014_GUIDELINE,
        value: { enabled: true, paymentDeadline: '03-31' },
        source: `${G2009} §七 (子女应当参保缴费); deadline and no-restore rule from the 2011 township work plan (seeds, 第三篇)`,
      },
      { from: '2014-02-21', value: { enabled: false, paymentDeadline: '03-31' }, source: `${G2014} §七 drops the condition on children` },
    ],
    certificationPeriodMonths: [{ from: '2009-09-01', value: 12, source: 'default (local): rolling 12 months (DOMAIN.md §5)' }],
    funeralGrant: [{ from: '2009-09-01', value: 0, source: 'default (local): none (DOMAIN.md §5, optional)' }],
    localFundingShares: [
      {
        from: '2009-09-01',
        value: {
          contributionSubsidy: COUNTY_PAYS,
          hardshipPayment: COUNTY_PAYS,
          basicPension: COUNTY_PAYS,
          longContributionExtra: COUNTY_PAYS,
        },
        source: `default (local): ${G2009} §四(三) 地方政府补贴的具体办法由省（区、市）人民政府确定; until a province file sets its split, the county is shown as paying all local money`,
      },
    ],
    fundSweep: [
      {
        from: '2009-09-01',
        value: { intervalDays: 10, zeroAtMonthEnd: true },
        source: `${G2009} §十 基金纳入社会保障基金财政专户，实行收支两条线管理; 收入户每10天归集、月末无余额 (DOMAIN.md §8)`,
      },
    ],
  },
};
