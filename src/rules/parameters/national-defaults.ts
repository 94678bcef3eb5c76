/**
 * National parameters with their sources, and the documented defaults of local items (marked
 * "default (local)": a county that does something else overrides them in its JSON file).
 *
 * Sources: 国发〔2009〕32号 (State Council guideline on the new rural pension pilot, full text in
 * /work/shared/seeds/nrpi-duties-guideline-reports.txt, 第二篇); 国发〔2014〕8号 (merger into the urban
 * and rural resident pension, dated 2014-02-21); ministry notices raising the central floor; PBOC
 * announcements of the one-year deposit rate; DOMAIN.md §3–§5.
 */
import type { LocalizedText } from '../explanation.js';
import { yuan } from '../money.js';
import { parseRate } from '../rate.js';
import { cite, pendingNotice, systemDefault } from './documents.js';
import type { DatedEntry, ParameterLayer, ParameterValues } from './types.js';

const DAY_BEFORE_2014_GUIDELINE = '2014-02-20';
const zh = (zhText: string, en: string): LocalizedText => ({ 'zh-CN': zhText, en });

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
  source: [
    {
      title: zh('中国人民银行关于调整金融机构人民币存款基准利率的公告', "People's Bank of China announcement of the benchmark deposit rates"),
      note: zh(`${announced} 公布，${from} 起一年期存款基准利率 ${rate}`, `announced ${announced}, one-year deposit rate ${rate} from ${from}`),
    },
    cite('guideline2009', 5, undefined, zh('个人账户储存额按国家规定计息', 'the account earns interest as the state sets')),
  ],
}));

/** A rise of the central floor announced in the year's government work report, the ministries' notice not yet confirmed. */
const floorNotice = (year: number, zhNote: string, enNote: string) =>
  pendingNotice(zh(`${year}年政府工作报告`, `Government Work Report ${year}`), zh(`${zhNote}；人社部、财政部通知文号待核`, `${enNote}; the number of the ministries' notice is still to be checked`));

const COUNTY_PAYS = { provincial: parseRate('0%'), prefecture: parseRate('0%'), county: parseRate('100%') };

export const NATIONAL_DEFAULTS: ParameterLayer = {
  level: 'national',
  code: 'CN',
  name: '全国',
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
      { from: '2009-09-01', to: DAY_BEFORE_2014_GUIDELINE, value: [100, 200, 300, 400, 500].map(yuan), source: [cite('guideline2009', 4, 1)] },
      {
        from: '2014-02-21',
        value: [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000].map(yuan),
        source: [cite('opinion2014', 4, 1)],
      },
    ],
    minimumContributionSubsidy: [
      { from: '2009-09-01', to: DAY_BEFORE_2014_GUIDELINE, value: [{ minTier: yuan(100), subsidy: yuan(30) }], source: [cite('guideline2009', 4, 3)] },
      {
        from: '2014-02-21',
        value: [
          { minTier: yuan(100), subsidy: yuan(30) },
          { minTier: yuan(500), subsidy: yuan(60) },
        ],
        source: [cite('opinion2014', 4, 3)],
      },
    ],
    contributionSubsidy: [
      {
        from: '2009-09-01',
        to: DAY_BEFORE_2014_GUIDELINE,
        value: [{ minTier: yuan(100), subsidy: yuan(30) }],
        source: systemDefault(zh('按国家最低标准，补贴标准由省级政府确定', 'the national minimum; the province sets the table'), cite('guideline2009', 4, 3)),
      },
      {
        from: '2014-02-21',
        value: [
          { minTier: yuan(100), subsidy: yuan(30) },
          { minTier: yuan(500), subsidy: yuan(60) },
        ],
        source: systemDefault(zh('按国家最低标准，补贴标准由省级政府确定', 'the national minimum; the province sets the table'), cite('opinion2014', 4, 3)),
      },
    ],
    backPaySubsidy: [{ from: '2009-09-01', value: false, source: systemDefault(zh('补缴年度不享受缴费补贴', 'back-paid years earn no subsidy')) }],
    hardshipPayment: [
      {
        from: '2009-09-01',
        value: {
          disabledGrade1: parseRate('100%'),
          disabledGrade2: parseRate('100%'),
          extremeHardship: parseRate('100%'),
          disabledGrade3: parseRate('50%'),
        },
        source: [
          ...systemDefault(
            zh('一、二级重度残疾人和特困人员全额代缴，三级残疾人代缴一半', 'grades 1–2 and extreme hardship in full, grade 3 half'),
            cite('guideline2009', 4, 3, zh('对重度残疾人等缴费困难群体，地方政府为其代缴部分或全部最低标准的养老保险费', 'local government pays part or all of the minimum premium for the severely disabled and other groups who cannot pay')),
          ),
        ],
      },
    ],
    centralBasicPension: [
      { from: '2009-09-01', value: yuan(55), source: [cite('guideline2009', 6)] },
      { from: '2014-07-01', value: yuan(70), source: [cite('floor2015', undefined, undefined, zh('自2014年7月1日起提高至每人每月70元', 'raised to 70 yuan a month from 1 July 2014'))] },
      { from: '2018-01-01', value: yuan(88), source: [cite('floor2018', undefined, undefined, zh('自2018年1月1日起提高至每人每月88元', 'raised to 88 yuan a month from 1 January 2018'))] },
      {
        from: '2023-01-01',
        value: yuan(103),
        source: [
          pendingNotice(
            zh('人力资源社会保障部 财政部关于2023年提高城乡居民基本养老保险基础养老金最低标准的通知', 'Notice of the ministries on raising the minimum basic pension in 2023'),
            zh('提高至每人每月103元；文号待核', 'raised to 103 yuan a month; the number is still to be checked'),
          ),
        ],
      },
      { from: '2024-01-01', value: yuan(123), source: [floorNotice(2024, '城乡居民基础养老金月最低标准提高20元（103元→123元）', 'the minimum basic pension rises by 20 yuan a month (103 → 123)')] },
      {
        from: '2025-01-01',
        value: yuan(143),
        source: [floorNotice(2025, '城乡居民基础养老金最低标准再提高20元（123元→143元），2025年3月5日公布，按往年惯例自1月1日起', 'the minimum rises by another 20 yuan (123 → 143), announced on 5 March 2025, from 1 January as in earlier years')],
      },
      {
        from: '2026-01-01',
        value: yuan(163),
        source: [floorNotice(2026, '城乡居民基础养老金月最低标准再提高20元（143元→163元），2026年3月5日公布，按往年惯例自1月1日起', 'the minimum rises by another 20 yuan (143 → 163), announced on 5 March 2026, from 1 January as in earlier years')],
      },
    ],
    centralShare: [
      { from: '2009-09-01', value: { east: parseRate('50%'), central: parseRate('100%'), west: parseRate('100%') }, source: [cite('guideline2009', 4, 3), cite('opinion2014', 4, 3)] },
    ],
    localBasicPensionTopUp: [
      {
        from: '2009-09-01',
        value: 0,
        source: systemDefault(zh('不提高', 'no top-up'), cite('guideline2009', 6, undefined, zh('地方政府可以根据实际情况提高基础养老金标准', 'local government may raise the basic pension'))),
      },
    ],
    longContributionExtra: [
      {
        from: '2009-09-01',
        value: { afterYears: 15, perYear: 0 },
        source: systemDefault(zh('不加发', 'no extra'), cite('guideline2009', 6, undefined, zh('对长期缴费的农民，可适当加发基础养老金', 'those who paid for long may receive extra basic pension'))),
      },
    ],
    pensionAge: [{ from: '2009-09-01', value: 60, source: [cite('guideline2009', 7), cite('opinion2014', 7)] }],
    minimumEnrolmentAge: [
      { from: '2009-09-01', value: 16, source: [cite('guideline2009', 3, undefined, zh('年满16周岁（不含在校学生）', 'aged 16 or over, full-time students excepted')), cite('opinion2014', 3)] },
    ],
    minimumContributionYears: [{ from: '2009-09-01', value: 15, source: [cite('guideline2009', 7), cite('opinion2014', 7)] }],
    transitionalObligation: [
      {
        from: '2009-09-01',
        value: 'everyYearSinceStart',
        source: [
          cite(
            'guideline2009',
            7,
            undefined,
            zh('距领取年龄不足15年的，应按年缴费，也允许补缴，累计缴费不超过15年（省级政府可规定自参保起缴费）', 'those with fewer than 15 years to go pay every year and may back-pay, at most 15 years in all (a province may require only the years from enrolment)'),
          ),
        ],
      },
    ],
    accountPensionDivisor: [{ from: '2009-09-01', value: 139, source: [cite('guideline2009', 6), cite('opinion2014', 6)] }],
    interestRate,
    interestConvention: [
      { from: '2009-09-01', value: 'fromNextJanuary', source: systemDefault(zh('当年缴费自次年1月1日起计息', 'contributions earn interest from 1 January of the next year')) },
    ],
    interestPostingDay: [{ from: '2009-09-01', value: '12-31', source: systemDefault(zh('每年12月31日结息', 'interest is posted on 31 December')) }],
    interestDayCount: [
      { from: '2009-09-01', value: 'actual/actual', source: systemDefault(zh('按实际天数占全年天数计息，整年恰好得到年利率', 'days ÷ days in the year, so a full year earns exactly the rate')) },
    ],
    inheritance: [
      {
        from: '2009-09-01',
        to: DAY_BEFORE_2014_GUIDELINE,
        value: { nonInheritableSources: ['governmentSubsidy', 'hardshipPayment'] },
        source: [cite('guideline2009', 6, undefined, zh('个人账户中除政府补贴外，可以依法继承', 'the account may be inherited except the government subsidies'))],
      },
      {
        from: '2014-02-21',
        value: { nonInheritableSources: [] },
        source: [cite('opinion2014', 6, undefined, zh('个人账户资金余额可以依法继承', 'the whole account balance may be inherited'))],
      },
    ],
    imprisonmentBackPay: [
      {
        from: '2009-09-01',
        value: false,
        source: [
          ...systemDefault(
            zh('服刑期间停发，期满后恢复，服刑期间不予补发', 'stopped while in prison, resumed on release, the months in prison not paid back'),
            cite('imprisonment2001', undefined, undefined, zh('职工养老保险的规定，参照执行', 'the rule of the employee pension, applied by analogy')),
          ),
        ],
      },
    ],
    dualBenefitRefund: [
      {
        from: '2009-09-01',
        value: { nonRefundableSources: ['governmentSubsidy', 'hardshipPayment'] },
        source: [
          cite(
            'transfer2014',
            undefined,
            undefined,
            zh('同时领取的，终止城乡居民养老保险关系，除政府补贴外的个人账户余额退还本人，已领取的基础养老金应予以退还', 'whoever draws both leaves the resident scheme; the account less the government subsidies is refunded and the basic pension drawn is recovered'),
          ),
        ],
      },
    ],
    familyBinding: [
      {
        from: '2009-09-01',
        to: DAY_BEFORE_2014_GUIDELINE,
        value: { enabled: true, paymentDeadline: '03-31' },
        source: [
          cite('guideline2009', 7, undefined, zh('其符合参保条件的子女应当参保缴费', 'their children who may enrol must enrol and pay')),
          cite('townshipPlan2011', undefined, undefined, zh('子女须于3月31日前缴费，断缴停发的月份不予补发', 'children pay by 31 March; months stopped are not paid back')),
        ],
      },
      { from: '2014-02-21', value: { enabled: false, paymentDeadline: '03-31' }, source: [cite('opinion2014', 7, undefined, zh('不再要求子女参保缴费', 'the condition on children is dropped'))] },
    ],
    certificationPeriodMonths: [{ from: '2009-09-01', value: 12, source: systemDefault(zh('每12个月认证一次', 'certified every 12 months')) }],
    funeralGrant: [{ from: '2009-09-01', value: 0, source: systemDefault(zh('不发丧葬补助', 'no funeral grant')) }],
    localFundingShares: [
      {
        from: '2009-09-01',
        value: {
          contributionSubsidy: COUNTY_PAYS,
          hardshipPayment: COUNTY_PAYS,
          basicPension: COUNTY_PAYS,
          longContributionExtra: COUNTY_PAYS,
        },
        source: [
          ...systemDefault(
            zh('省级文件规定分担办法前，地方资金全部由县级承担', 'until the province sets its split, the county pays all local money'),
            cite('guideline2009', 4, 3, zh('地方政府补贴的具体办法由省（区、市）人民政府确定', 'the province decides how local government pays')),
          ),
        ],
      },
    ],
    fundSweep: [
      {
        from: '2009-09-01',
        value: { intervalDays: 10, zeroAtMonthEnd: true },
        source: [
          cite('guideline2009', 9, undefined, zh('基金纳入社会保障基金财政专户，实行收支两条线管理', 'the fund is kept in the fiscal special account, income and spending separated')),
          ...systemDefault(zh('收入户每10天归集一次，月末无余额', 'the income account is swept every 10 days and is empty at month end')),
        ],
      },
    ],
    publicityDays: [
      {
        from: '2009-09-01',
        value: 7,
        source: [
          cite('guideline2009', 10, undefined, zh('经办机构和村民委员会每年在行政村范围内对村内参保人缴费和待遇领取资格进行公示，接受群众监督（未规定公示天数）', 'the agency and the village committee publish in each village, every year, who paid and who qualifies for a pension, for the villagers to check (no number of days is set)')),
          cite('shouguang2010', undefined, undefined, zh('待遇领取人员资格经审核后，分发到乡镇（街道）和村委会公示一周', 'the qualifications of the applicants were checked and posted in the townships and villages for a week')),
        ],
      },
    ],
    publicityBeforeAward: [
      {
        from: '2009-09-01',
        value: false,
        source: [
          ...systemDefault(
            zh(
              '指导意见要求每年对缴费和待遇领取资格进行公示、接受群众监督，但未规定待遇须待公示期满后方可核定，故全国默认不作为核定条件；像寿光那样先公示一周再发放的县，在本县参数中改为“须公示期满”。不论如何设置，仍在公示期内或有未处理异议的人员都不予核定',
              'the guideline requires a yearly publicity of contributions and pension eligibility for the villagers to check, but does not make an award wait for a publicity to end, so nationally it is not a condition; a county that, like Shouguang, posts the list for a week before paying sets it in its own parameters. Either way, someone on a list still posted or with an open objection is not awarded',
            ),
            cite('guideline2009', 10),
          ),
        ],
      },
    ],
    publicityContact: [
      {
        from: '2009-09-01',
        value: '对公示内容有异议的，请在公示期内向所在乡镇（街道）社保所反映，或拨打人力资源社会保障服务热线 12333',
        source: systemDefault(zh('全国统一的人力资源社会保障服务电话 12333；县可改为本县社保中心的电话', 'the national human resources and social security hotline 12333; a county may give its own centre\'s number')),
      },
    ],
    workingCalendar: [
      {
        from: '2009-09-01',
        to: '2024-12-31',
        value: { holidays: [], workdays: [] },
        source: systemDefault(zh('2025年以前的节假日未录入，只按周六、周日休息计算', 'holidays before 2025 are not entered: only Saturdays and Sundays are days off')),
      },
      {
        from: '2025-01-01',
        to: '2025-12-31',
        value: {
          holidays: [
            { from: '2025-01-01', to: '2025-01-01', name: '元旦' },
            { from: '2025-01-28', to: '2025-02-04', name: '春节' },
            { from: '2025-04-04', to: '2025-04-06', name: '清明节' },
            { from: '2025-05-01', to: '2025-05-05', name: '劳动节' },
            { from: '2025-05-31', to: '2025-06-02', name: '端午节' },
            { from: '2025-10-01', to: '2025-10-08', name: '国庆节、中秋节' },
          ],
          workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
        },
        source: [cite('holidays2025', undefined, undefined, zh('元旦、春节、清明节、劳动节、端午节、国庆节和中秋节放假调休日期', 'the days off and make-up working days of 2025'))],
      },
      {
        from: '2026-01-01',
        to: '2026-12-31',
        value: {
          holidays: [
            { from: '2026-01-01', to: '2026-01-03', name: '元旦' },
            { from: '2026-02-15', to: '2026-02-23', name: '春节' },
            { from: '2026-04-04', to: '2026-04-06', name: '清明节' },
            { from: '2026-05-01', to: '2026-05-05', name: '劳动节' },
            { from: '2026-06-19', to: '2026-06-21', name: '端午节' },
            { from: '2026-09-25', to: '2026-09-27', name: '中秋节' },
            { from: '2026-10-01', to: '2026-10-07', name: '国庆节' },
          ],
          workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
        },
        source: [cite('holidays2026', undefined, undefined, zh('2025年11月4日发布的2026年放假调休安排', 'the days off and make-up working days of 2026, published 4 November 2025'))],
      },
      {
        from: '2027-01-01',
        value: { holidays: [], workdays: [] },
        source: systemDefault(zh('2027年及以后的节假日待国务院办公厅通知发布后录入，此前只按周六、周日休息计算', 'holidays from 2027 are entered once the State Council notice is out; until then only Saturdays and Sundays are days off')),
      },
    ],
    monthlyCycleDeadlines: [
      {
        from: '2009-09-01',
        value: { villageDay: 3, townshipDay: 5, countyDay: 10, financeDay: 15, bankWorkingDays: 1 },
        source: [
          ...systemDefault(
            zh('村3日前报乡镇，乡镇5日前报县，县10日前报财政，财政15日前拨付银行，银行1个工作日内发放', 'village by the 3rd, township by the 5th, county by the 10th, finance by the 15th, the bank within one working day'),
            cite('shouguang2010', undefined, undefined, zh('每月3日前村协办员报镇街社保所……15日前财政局将资金拨付农业银行，农业银行1个工作日内发放', 'village coordinators report by the 3rd … the finance bureau allocates to the bank by the 15th, the bank pays within one working day')),
          ),
        ],
      },
    ],
    performanceAssessment: [
      {
        from: '2009-09-01',
        value: null,
        source: systemDefault(
          zh('国家未规定对乡镇、村居的考核奖励办法，默认不考核；实行考核的县在本县参数中写明分值、奖金和截止日期及其文件', 'no national rule assesses townships or rewards villages, so there is none by default; a county that does sets its points, rewards and cut-off with its document in its own parameters'),
          cite('guideline2009', 13, undefined, zh('将其列入当地经济社会发展规划和目标管理考核体系', 'include it in the local development plan and the target-management appraisal')),
        ),
      },
    ],
  },
};
