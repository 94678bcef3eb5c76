/**
 * Awarding the pension (待遇核定), 国发〔2009〕32号 §六–§七, 国发〔2014〕8号 §六; DOMAIN.md §5.
 * Monthly pension = basic pension (central floor + local top-up + long-contribution extra) + account
 * pension (balance at award ÷ 139, rounded half-up once). Payment starts the month after the 60th
 * birthday, or the month after the conditions are met if that is later, and never before the scheme.
 */
import { provinceOf } from './parameters/provinces.js';
import { sourceAmounts, totalOfSources, type AccountSource, type SourceAmounts } from './account-sources.js';
import { drawAccountPension } from './account-drawdown.js';
import { addMonths, birthdayAtAge, firstDayOf, maxYearMonth, parseIsoDate, yearMonthOf, type IsoDate, type YearMonth } from './dates.js';
import { RuleError } from './errors.js';
import { explain, type Explanation, type ExplanationStep } from './explanation.js';
import { fenFromBigInt, formatYuan, multiplyFen, roundHalfUp, sumFen, type Fen } from './money.js';
import { applyRate, formatRate } from './rate.js';
import { parameterAsOf, type ParameterSet } from './parameters/parameter-set.js';

export interface BenefitAwardInput {
  readonly birthDate: IsoDate;
  /** The day the scheme started in the county (payment never starts before its month). */
  readonly schemeStartDate: IsoDate;
  /** When the other conditions were met (e.g. back-payment completed); ignored when before the 60th birthday. */
  readonly conditionsMetOn?: IsoDate;
  /** Sub-balances at award. */
  readonly balances: Partial<Record<AccountSource, Fen>>;
  /** Years of contribution, for the long-contribution extra. */
  readonly contributionYears: number;
  /** 2-digit province (or longer region) code: gives the central-finance share of the floor. */
  readonly regionCode?: string;
}

export interface BenefitAward {
  readonly pensionAgeDate: IsoDate;
  readonly startMonth: YearMonth;
  readonly centralBasicPension: Fen;
  readonly localBasicPensionTopUp: Fen;
  readonly longContributionExtra: Fen;
  readonly basicPension: Fen;
  /** Part of the central floor central finance pays (when the region is known). */
  readonly centralFinanceShare?: Fen;
  readonly accountBalance: Fen;
  readonly accountPension: Fen;
  readonly monthlyPension: Fen;
  /** How the first month's account pension is drawn from each source. */
  readonly accountPensionBySource: SourceAmounts;
  readonly explanation: Explanation;
}

const y = (fen: Fen): string => formatYuan(fen, 'zh-CN');

export function awardBenefit(input: BenefitAwardInput, params: ParameterSet): BenefitAward {
  const { birthDate, schemeStartDate, conditionsMetOn, contributionYears } = input;
  parseIsoDate(birthDate, 'birthDate');
  parseIsoDate(schemeStartDate, 'schemeStartDate');
  if (!Number.isSafeInteger(contributionYears) || contributionYears < 0) {
    throw new RuleError('INPUT_INVALID', `contributionYears must be a whole number ≥ 0, got ${contributionYears}`, { field: 'contributionYears' });
  }
  const pensionAge = parameterAsOf(params, 'pensionAge', schemeStartDate);
  const pensionAgeDate = birthdayAtAge(birthDate, pensionAge.value);
  if (conditionsMetOn !== undefined) parseIsoDate(conditionsMetOn, 'conditionsMetOn');
  const afterBirthday = addMonths(yearMonthOf(pensionAgeDate), 1);
  const afterConditions = conditionsMetOn === undefined ? afterBirthday : addMonths(yearMonthOf(conditionsMetOn), 1);
  const schemeMonth = yearMonthOf(schemeStartDate);
  const startMonth = maxYearMonth(afterBirthday, afterConditions, schemeMonth);
  const asOf = firstDayOf(startMonth);
  const steps: ExplanationStep[] = [];
  const reason =
    startMonth === afterBirthday && startMonth !== schemeMonth
      ? { zh: `年满 ${pensionAge.value} 周岁（${pensionAgeDate}）的次月`, en: `the month after turning ${pensionAge.value} on ${pensionAgeDate}` }
      : startMonth === afterConditions && startMonth !== schemeMonth
        ? { zh: `符合领取条件（${conditionsMetOn}）的次月`, en: `the month after the conditions were met on ${conditionsMetOn}` }
        : { zh: `制度实施之月（${schemeMonth}）`, en: `the month the scheme started (${schemeMonth})` };
  steps.push(explain('award.startMonth', `${startMonth} 起领取：${reason.zh}`, `paid from ${startMonth}: ${reason.en}`, { parameters: [pensionAge.citation] }));

  const central = parameterAsOf(params, 'centralBasicPension', asOf);
  const topUp = parameterAsOf(params, 'localBasicPensionTopUp', asOf);
  const extraRule = parameterAsOf(params, 'longContributionExtra', asOf);
  const extraYears = Math.max(0, contributionYears - extraRule.value.afterYears);
  const longContributionExtra = multiplyFen(extraRule.value.perYear, extraYears, 'longContributionExtra');
  const basicPension = sumFen([central.value, topUp.value, longContributionExtra], 'basicPension');
  steps.push(
    explain('award.centralBasicPension', `中央基础养老金 ${y(central.value)} 元/月`, `central basic pension ${y(central.value)} yuan a month`, {
      amount: central.value,
      parameters: [central.citation],
    }),
    explain('award.localTopUp', `地方提高部分 ${y(topUp.value)} 元/月`, `local top-up ${y(topUp.value)} yuan a month`, { amount: topUp.value, parameters: [topUp.citation] }),
    explain(
      'award.longContributionExtra',
      `缴费 ${contributionYears} 年，超过 ${extraRule.value.afterYears} 年的 ${extraYears} 年每年加发 ${y(extraRule.value.perYear)} 元：${y(longContributionExtra)} 元/月`,
      `${contributionYears} years paid; ${extraYears} beyond ${extraRule.value.afterYears} at ${y(extraRule.value.perYear)} each: ${y(longContributionExtra)} yuan a month`,
      { amount: longContributionExtra, parameters: [extraRule.citation] },
    ),
    explain('award.basicPension', `基础养老金合计 ${y(basicPension)} 元/月`, `basic pension ${y(basicPension)} yuan a month`, { amount: basicPension }),
  );

  let centralFinanceShare: Fen | undefined;
  const province = input.regionCode === undefined ? undefined : provinceOf(input.regionCode);
  if (province) {
    const shares = parameterAsOf(params, 'centralShare', asOf);
    const share = shares.value[province.region];
    centralFinanceShare = applyRate(central.value, share, 'centralFinanceShare');
    steps.push(
      explain(
        'award.centralFinanceShare',
        `${province.name}属${{ east: '东部', central: '中部', west: '西部' }[province.region]}地区，中央财政承担中央基础养老金的 ${formatRate(share)}：${y(centralFinanceShare)} 元/月`,
        `${province.nameEn} is in the ${province.region} region: central finance pays ${formatRate(share)} of the floor, ${y(centralFinanceShare)} yuan a month`,
        { amount: centralFinanceShare, parameters: [shares.citation] },
      ),
    );
  }

  const balances = sourceAmounts(input.balances);
  const accountBalance = totalOfSources(balances);
  const divisor = parameterAsOf(params, 'accountPensionDivisor', asOf);
  const accountPension = fenFromBigInt(roundHalfUp(BigInt(accountBalance), BigInt(divisor.value)), 'accountPension');
  const accountPensionBySource = drawAccountPension(balances, accountPension).fromSources;
  const monthlyPension = sumFen([basicPension, accountPension], 'monthlyPension');
  steps.push(
    explain(
      'award.accountPension',
      `个人账户养老金 = 账户储存额 ${y(accountBalance)} 元 ÷ ${divisor.value} = ${y(accountPension)} 元/月（四舍五入到分）`,
      `account pension = balance ${y(accountBalance)} ÷ ${divisor.value} = ${y(accountPension)} yuan a month (rounded half-up to the fen)`,
      { amount: accountPension, parameters: [divisor.citation] },
    ),
    explain('award.monthlyPension', `月养老金 ${y(basicPension)} + ${y(accountPension)} = ${y(monthlyPension)} 元`, `monthly pension ${y(basicPension)} + ${y(accountPension)} = ${y(monthlyPension)} yuan`, {
      amount: monthlyPension,
    }),
  );
  return {
    pensionAgeDate,
    startMonth,
    centralBasicPension: central.value,
    localBasicPensionTopUp: topUp.value,
    longContributionExtra,
    basicPension,
    ...(centralFinanceShare === undefined ? {} : { centralFinanceShare }),
    accountBalance,
    accountPension,
    monthlyPension,
    accountPensionBySource,
    explanation: steps,
  };
}
