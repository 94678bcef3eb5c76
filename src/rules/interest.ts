/**
 * Yearly interest on an individual account (个人账户计息), 国发〔2009〕32号 §五: at the PBOC one-year
 * deposit rate by default, a dated (and locally overridable) rate table. When the rate changes inside the
 * interest year each rate applies to its own days; contributions paid during the year accrue by the
 * local convention; the exact interest is rounded half-up to the fen once per posting, then spread over
 * the source sub-balances by largest remainder so the parts add up to the posting.
 */
import { ACCOUNT_SOURCES, sourceAmounts, type AccountSource, type SourceAmounts } from './account-sources.js';
import { allocateLargestRemainder } from './allocation.js';
import { addDays, addMonths, daysBetween, firstDayOf, maxIsoDate, monthDayIn, parseIsoDate, yearMonthOf, type IsoDate } from './dates.js';
import { RuleError } from './errors.js';
import { explain, type Explanation, type ExplanationStep, type ParameterCitation } from './explanation.js';
import { fenFromBigInt, formatYuan, roundHalfUp, type Fen } from './money.js';
import { formatRate, type Rate } from './rate.js';
import { parameterAsOf, parameterSegments, type ParameterSet, type ResolvedParameter } from './parameters/parameter-set.js';
import type { InterestConvention } from './parameters/types.js';

export interface AccountMovement {
  readonly on: IsoDate;
  readonly bySource: Partial<Record<AccountSource, Fen>>;
}

export interface YearlyInterestInput {
  /** The interest year: the period ends on that year's posting day. */
  readonly year: number;
  /** Sub-balances on the first day of the period (after the previous posting). */
  readonly openingBalances: Partial<Record<AccountSource, Fen>>;
  /** Contributions and other credits during the period. */
  readonly credits?: readonly AccountMovement[];
  /** Pension drawn and other debits during the period (they stop earning by the same convention). */
  readonly debits?: readonly AccountMovement[];
}

export interface InterestRateSegment {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly days: number;
  readonly rate: Rate;
  readonly citation: ParameterCitation;
}

export interface YearlyInterest {
  readonly year: number;
  readonly periodStart: IsoDate;
  readonly periodEnd: IsoDate;
  /** Days that make one year's rate (days in the period, or 365). */
  readonly dayBasis: number;
  readonly segments: readonly InterestRateSegment[];
  readonly totalInterest: Fen;
  readonly interestBySource: SourceAmounts;
  readonly closingBalances: SourceAmounts;
  readonly explanation: Explanation;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The first day a movement on `on` earns interest under the convention. */
export function accrualStart(on: IsoDate, convention: InterestConvention, periodStart: IsoDate): IsoDate {
  if (convention === 'wholeYear') return periodStart;
  if (convention === 'fromNextJanuary') return `${parseIsoDate(on).year + 1}-01-01`;
  return firstDayOf(addMonths(yearMonthOf(on), 1));
}

const CONVENTION_TEXT: Readonly<Record<InterestConvention, { zh: string; en: string }>> = {
  fromMonthAfterPayment: { zh: '缴费次月起计息', en: 'earns from the month after payment' },
  fromNextJanuary: { zh: '当年不计息，次年1月1日起计息', en: 'earns from 1 January of the next year' },
  wholeYear: { zh: '按全年计息', en: 'earns for the whole year' },
};

/** An exact amount of fen `num / den` shown in yuan to four decimals, for the explanation only. */
function exactYuan(num: bigint, den: bigint): string {
  const tenThousandths = roundHalfUp(num * 100n, den);
  const digits = tenThousandths.toString().padStart(5, '0');
  return `${digits.slice(0, -4).replace(/\B(?=(\d{3})+$)/g, ',')}.${digits.slice(-4)}`;
}

/** The interest period of a year: from the day after last year's posting day to this year's posting day. */
export function interestPeriod(year: number, params: ParameterSet): { readonly periodStart: IsoDate; readonly periodEnd: IsoDate } {
  const postingDay = parameterAsOf(params, 'interestPostingDay', `${year}-12-31`);
  return { periodStart: addDays(monthDayIn(year - 1, postingDay.value), 1), periodEnd: monthDayIn(year, postingDay.value) };
}

/** What a year's interest needs from the parameters, looked up once (shared by every account of a batch). */
interface InterestYear {
  readonly year: number;
  readonly periodStart: IsoDate;
  readonly periodEnd: IsoDate;
  readonly dayBasis: number;
  readonly segments: readonly InterestRateSegment[];
  readonly convention: ResolvedParameter<'interestConvention'>;
  readonly citations: { readonly postingDay: ParameterCitation; readonly dayCount: ParameterCitation };
  /** Σ rate × days scaled so that exact interest = amount × weight / denominator. */
  readonly denominator: bigint;
  /** The weight of a movement's first accruing day, memoised by day. */
  rateDays(start: IsoDate): bigint;
  /** The weight of a movement on `on` (its accrual start by the convention), memoised by day; undefined outside the period. */
  weightOn(on: IsoDate): bigint | undefined;
}

function interestYear(year: number, params: ParameterSet): InterestYear {
  const yearEnd = `${year}-12-31`;
  const postingDay = parameterAsOf(params, 'interestPostingDay', yearEnd);
  const { periodStart, periodEnd } = interestPeriod(year, params);
  const convention = parameterAsOf(params, 'interestConvention', periodEnd);
  const dayCount = parameterAsOf(params, 'interestDayCount', periodEnd);
  const dayBasis = dayCount.value === 'actual/365' ? 365 : daysBetween(periodStart, periodEnd) + 1;
  const segments: InterestRateSegment[] = parameterSegments(params, 'interestRate', periodStart, periodEnd).map((s) => ({
    from: s.from,
    to: s.to,
    days: daysBetween(s.from, s.to) + 1,
    rate: s.parameter.value,
    citation: s.parameter.citation,
  }));
  const lcmDen = segments.reduce((l, s) => (l * s.rate.den) / gcd(l, s.rate.den), 1n);
  const memo = new Map<IsoDate, bigint>();
  /** Σ days × rate from `start` to the period end, scaled by lcmDen (so exact interest = amount × this / denominator). */
  const rateDays = (start: IsoDate): bigint => {
    let weight = memo.get(start);
    if (weight === undefined) {
      weight = segments.reduce((sum, s) => {
        const from = maxIsoDate(s.from, start);
        if (from > s.to) return sum;
        return sum + BigInt(daysBetween(from, s.to) + 1) * s.rate.num * (lcmDen / s.rate.den);
      }, 0n);
      memo.set(start, weight);
    }
    return weight;
  };
  const byDay = new Map<IsoDate, bigint>();
  const weightOn = (on: IsoDate): bigint | undefined => {
    let weight = byDay.get(on);
    if (weight === undefined) {
      if (on < periodStart || on > periodEnd) return undefined;
      try {
        parseIsoDate(on, 'on');
      } catch {
        return undefined; // the caller names the field
      }
      weight = rateDays(accrualStart(on, convention.value, periodStart));
      byDay.set(on, weight);
    }
    return weight;
  };
  return { year, periodStart, periodEnd, dayBasis, segments, convention, citations: { postingDay: postingDay.citation, dayCount: dayCount.citation }, denominator: lcmDen * BigInt(dayBasis), rateDays, weightOn };
}

interface Accrued {
  readonly opening: SourceAmounts;
  readonly numerators: ReadonlyMap<AccountSource, bigint>;
  readonly exactTotal: bigint;
  readonly totalInterest: Fen;
  readonly interestBySource: SourceAmounts;
  readonly closingBalances: SourceAmounts;
}

/** The arithmetic of a year's interest (no words): the one place the rule is computed. */
function accrue(y: InterestYear, input: YearlyInterestInput): Accrued {
  const { periodStart, periodEnd } = y;
  const opening = sourceAmounts(input.openingBalances, 'openingBalances');
  const full = y.rateDays(periodStart);
  const numerators = new Map<AccountSource, bigint>(ACCOUNT_SOURCES.map((s) => [s, BigInt(opening[s]) * full]));
  const closing = new Map<AccountSource, bigint>(ACCOUNT_SOURCES.map((s) => [s, BigInt(opening[s])]));
  const apply = (movements: readonly AccountMovement[] | undefined, sign: 1n | -1n, field: string): void => {
    (movements ?? []).forEach((movement, i) => {
      const weight = y.weightOn(movement.on);
      if (weight === undefined) {
        parseIsoDate(movement.on, `${field}[${i}].on`);
        throw new RuleError('INTEREST_PERIOD_INVALID', `${field}[${i}] on ${movement.on} is outside ${periodStart}..${periodEnd}`, {
          field: `${field}[${i}].on`,
          params: { on: movement.on, periodStart, periodEnd },
        });
      }
      const amounts = sourceAmounts(movement.bySource, `${field}[${i}]`);
      for (const s of ACCOUNT_SOURCES) {
        if (amounts[s] === 0) continue;
        numerators.set(s, numerators.get(s)! + sign * BigInt(amounts[s]) * weight);
        closing.set(s, closing.get(s)! + sign * BigInt(amounts[s]));
      }
    });
  };
  apply(input.credits, 1n, 'credits');
  apply(input.debits, -1n, 'debits');

  let exactTotal = 0n;
  for (const s of ACCOUNT_SOURCES) {
    const n = numerators.get(s)!;
    if (n < 0n || closing.get(s)! < 0n) {
      throw new RuleError('INTEREST_NEGATIVE_BALANCE', `the ${s} sub-balance goes below zero during ${y.year}`, { field: s, params: { year: y.year } });
    }
    exactTotal += n;
  }
  const totalInterest = fenFromBigInt(roundHalfUp(exactTotal, y.denominator), 'totalInterest');
  const interestBySource = allocateLargestRemainder(
    totalInterest,
    ACCOUNT_SOURCES.map((s) => [s, numerators.get(s)!] as const),
  );
  const closingBalances = sourceAmounts(
    Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, fenFromBigInt(closing.get(s)! + BigInt(interestBySource[s]), s)])),
    'closingBalances',
  );
  return { opening, numerators, exactTotal, totalInterest, interestBySource, closingBalances };
}

/** A year's interest of one account without its explanation (what a batch posts). */
export interface YearlyInterestAmounts {
  readonly totalInterest: Fen;
  readonly interestBySource: SourceAmounts;
  readonly closingBalances: SourceAmounts;
}

/**
 * For a batch (the yearly interest job): the parameters of `year` are looked up once and the rate weight
 * of each accrual day is computed once, then `(input) => amounts` gives, for each account, exactly what
 * `computeYearlyInterest` gives (the same arithmetic, the same rounding half-up to the fen and
 * largest-remainder split) without building the explanation, which a batch does not store.
 * Raises the same RuleErrors (movement outside the period, a sub-balance below zero, parameters not in force).
 */
export function yearlyInterestCalculator(year: number, params: ParameterSet): (input: Omit<YearlyInterestInput, 'year'>) => YearlyInterestAmounts {
  const y = interestYear(year, params);
  return (input) => {
    const a = accrue(y, { ...input, year });
    return { totalInterest: a.totalInterest, interestBySource: a.interestBySource, closingBalances: a.closingBalances };
  };
}

export function computeYearlyInterest(input: YearlyInterestInput, params: ParameterSet): YearlyInterest {
  const { year } = input;
  const y = interestYear(year, params);
  const { periodStart, periodEnd, dayBasis, segments, convention } = y;
  const { opening, exactTotal, totalInterest, interestBySource, closingBalances } = accrue(y, input);
  const steps: ExplanationStep[] = [
    explain(
      'interest.period',
      `计息期 ${periodStart} 至 ${periodEnd}，按 ${dayBasis} 天为一年`,
      `interest period ${periodStart} to ${periodEnd}, ${dayBasis} days to the year`,
      { parameters: [y.citations.postingDay, y.citations.dayCount] },
    ),
    ...segments.map((s) =>
      explain('interest.rate', `${s.from} 至 ${s.to} 共 ${s.days} 天，年利率 ${formatRate(s.rate)}`, `${s.from} to ${s.to}: ${s.days} days at ${formatRate(s.rate)} a year`, {
        parameters: [s.citation],
      }),
    ),
  ];
  const openingTotal = ACCOUNT_SOURCES.reduce((sum, s) => sum + opening[s], 0);
  steps.push(explain('interest.opening', `期初余额 ${formatYuan(openingTotal, 'zh-CN')} 元全期计息`, `opening balance ${formatYuan(openingTotal, 'en')} yuan earns for the whole period`, { amount: openingTotal }));
  const describe = (movements: readonly AccountMovement[] | undefined, sign: 1 | -1): void => {
    for (const movement of movements ?? []) {
      const amounts = sourceAmounts(movement.bySource);
      const start = accrualStart(movement.on, convention.value, periodStart);
      const amount = ACCOUNT_SOURCES.reduce((sum, s) => sum + amounts[s], 0);
      const verb = sign > 0 ? { zh: '记入', en: 'credit' } : { zh: '支出', en: 'debit' };
      steps.push(
        explain(
          'interest.movement',
          `${movement.on} ${verb.zh} ${formatYuan(amount, 'zh-CN')} 元，${CONVENTION_TEXT[convention.value].zh}（${start > periodEnd ? '本期不计息' : `自 ${start}`}）`,
          `${verb.en} of ${formatYuan(amount, 'en')} yuan on ${movement.on} ${CONVENTION_TEXT[convention.value].en} (${start > periodEnd ? 'nothing this period' : `from ${start}`})`,
          { amount, parameters: [convention.citation] },
        ),
      );
    }
  };
  describe(input.credits, 1);
  describe(input.debits, -1);
  steps.push(
    explain(
      'interest.total',
      `利息 = Σ 金额 × 年利率 × 天数 ÷ ${dayBasis} = ${exactYuan(exactTotal, y.denominator)} 元，四舍五入到分：${formatYuan(totalInterest, 'zh-CN')} 元`,
      `interest = Σ amount × rate × days ÷ ${dayBasis} = ${exactYuan(exactTotal, y.denominator)} yuan, rounded half-up to the fen: ${formatYuan(totalInterest, 'en')} yuan`,
      { amount: totalInterest },
    ),
    explain('interest.split', '利息按各来源应计利息比例记入各分账（最大余额法）', 'interest is credited to each source in proportion to what it earned (largest remainder)'),
  );
  return { year, periodStart, periodEnd, dayBasis, segments, totalInterest, interestBySource, closingBalances, explanation: steps };
}
