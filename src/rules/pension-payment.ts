/**
 * One payroll's payment of a pension (待遇发放), 国发〔2009〕32号 §六, 国发〔2014〕8号 §六; DOMAIN.md §5.
 * Each month paid gets the basic pension in force that month (the central floor, the local top-up and the
 * long-contribution extra are dated parameters, so a raise reaches every pensioner in the month it takes
 * effect) and the account pension fixed at award, drawn from the account by source in proportion; once
 * the account is exhausted the pool pays the account pension at the same amount. Months not yet paid
 * (a new pensioner's first months, a resumed pension) are paid together, each at its own month's rates.
 */
import { ACCOUNT_SOURCES, sourceAmounts, type AccountSource, type SourceAmounts } from './account-sources.js';
import { drawAccountPension } from './account-drawdown.js';
import { parseYearMonth, firstDayOf, type YearMonth } from './dates.js';
import { RuleError } from './errors.js';
import { explain, type Explanation, type LocalizedText } from './explanation.js';
import { assertNonNegativeFen, formatYuan, multiplyFen, sumFen, type Fen } from './money.js';
import { parameterAsOf, type ParameterSet } from './parameters/parameter-set.js';

export interface PensionPaymentInput {
  /** The months paid, in order (e.g. ['2026-10', '2026-11', '2026-12'] for a first payment with two months' arrears). */
  readonly months: readonly YearMonth[];
  readonly contributionYears: number;
  /** The account pension fixed at award. */
  readonly accountPension: Fen;
  /** The account's sub-balances before this payment. */
  readonly balances: Partial<Record<AccountSource, Fen>>;
  /**
   * Months whose basic pension is withheld, with the reason (捆绑缴费: a bound child did not pay; see
   * family-binding.ts). The account pension of those months is still paid.
   */
  readonly withheldMonths?: readonly { readonly month: YearMonth; readonly reason: LocalizedText }[];
}

export interface PensionMonthPayment {
  readonly month: YearMonth;
  readonly basicPension: Fen;
  /** Basic pension withheld this month (not paid, never paid back). */
  readonly withheld: Fen;
  readonly fromAccount: Fen;
  readonly fromPool: Fen;
}

export interface PensionPayment {
  readonly months: readonly PensionMonthPayment[];
  readonly basicPension: Fen;
  /** Account pension drawn from the account, by source (the ledger's debits). */
  readonly fromSources: SourceAmounts;
  readonly fromAccount: Fen;
  /** Account pension the pool pays because the account is exhausted. */
  readonly fromPool: Fen;
  readonly total: Fen;
  /** Basic pension withheld over the months paid. */
  readonly withheld: Fen;
  readonly balancesAfter: SourceAmounts;
  readonly explanation: Explanation;
}

const y = (fen: Fen): string => formatYuan(fen, 'zh-CN');

/**
 * One payment of a pension: the months in `input.months`, each at its own basic pension, the account pension
 * drawn by source (fen). `options.explain: false` leaves the explanation empty (a batch that stores none, such
 * as the payroll, need not build its strings); the amounts are the same. Throws RuleError on bad input.
 */
export function payPension(input: PensionPaymentInput, params: ParameterSet, options: { readonly explain?: boolean } = {}): PensionPayment {
  const explaining = options.explain ?? true;
  if (input.months.length === 0) throw new RuleError('INPUT_INVALID', 'months must name at least one month', { field: 'months' });
  input.months.forEach((m, i) => {
    parseYearMonth(m, 'months');
    if (i > 0 && m <= input.months[i - 1]!) throw new RuleError('DATE_ORDER', `months must be in order: ${input.months[i - 1]} then ${m}`, { field: 'months', params: { detail: `${input.months[i - 1]} → ${m}` } });
  });
  assertNonNegativeFen(input.accountPension, 'accountPension');
  if (!Number.isSafeInteger(input.contributionYears) || input.contributionYears < 0) {
    throw new RuleError('INPUT_INVALID', `contributionYears must be a whole number ≥ 0, got ${input.contributionYears}`, { field: 'contributionYears' });
  }
  let balances = sourceAmounts(input.balances);
  const drawn = Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, 0])) as Record<AccountSource, Fen>;
  const months: PensionMonthPayment[] = [];
  const explanation = [];
  for (const month of input.months) {
    const asOf = firstDayOf(month);
    const central = parameterAsOf(params, 'centralBasicPension', asOf);
    const topUp = parameterAsOf(params, 'localBasicPensionTopUp', asOf);
    const extraRule = parameterAsOf(params, 'longContributionExtra', asOf);
    const extra = multiplyFen(extraRule.value.perYear, Math.max(0, input.contributionYears - extraRule.value.afterYears), 'longContributionExtra');
    const due = sumFen([central.value, topUp.value, extra], 'basicPension');
    const hold = input.withheldMonths?.find((w) => w.month === month);
    const basicPension = hold ? 0 : due;
    const draw = drawAccountPension(balances, input.accountPension);
    for (const s of ACCOUNT_SOURCES) drawn[s] += draw.fromSources[s];
    balances = draw.balancesAfter;
    months.push({ month, basicPension, withheld: due - basicPension, fromAccount: draw.fromAccount, fromPool: draw.fromPool });
    if (!explaining) continue;
    if (hold) {
      explanation.push(
        explain('payment.withheld', `${month}：基础养老金 ${y(due)} 元暂停发放，不予补发（${hold.reason['zh-CN']}）`, `${month}: basic pension of ${y(due)} withheld, never paid back (${hold.reason.en})`, {
          amount: due,
        }),
      );
    }
    explanation.push(
      explain(
        'payment.month',
        `${month}：基础养老金 ${y(central.value)} + ${y(topUp.value)} + ${y(extra)} = ${y(basicPension)} 元，个人账户养老金 ${y(input.accountPension)} 元` +
          (draw.fromPool > 0 ? `（账户支付 ${y(draw.fromAccount)} 元，账户用完后由基金支付 ${y(draw.fromPool)} 元）` : '（从个人账户按来源比例支付）'),
        `${month}: basic pension ${y(central.value)} + ${y(topUp.value)} + ${y(extra)} = ${y(basicPension)}, account pension ${y(input.accountPension)}` +
          (draw.fromPool > 0 ? ` (${y(draw.fromAccount)} from the account, ${y(draw.fromPool)} from the pool once the account is used up)` : ' (drawn from the account by source in proportion)'),
        { amount: basicPension + input.accountPension, parameters: [central.citation, topUp.citation, extraRule.citation] },
      ),
    );
  }
  const basicPension = sumFen(months.map((m) => m.basicPension), 'basicPension');
  const fromAccount = sumFen(months.map((m) => m.fromAccount), 'fromAccount');
  const fromPool = sumFen(months.map((m) => m.fromPool), 'fromPool');
  const total = sumFen([basicPension, fromAccount, fromPool], 'total');
  const withheld = sumFen(months.map((m) => m.withheld), 'withheld');
  if (explaining) explanation.push(
    explain(
      'payment.total',
      `本次发放 ${months.length} 个月，合计 ${y(total)} 元（基础养老金 ${y(basicPension)}，个人账户 ${y(fromAccount)}${fromPool > 0 ? `，基金垫付账户养老金 ${y(fromPool)}` : ''}）`,
      `${months.length} month(s) paid, ${y(total)} in all (basic ${y(basicPension)}, from the account ${y(fromAccount)}${fromPool > 0 ? `, account pension from the pool ${y(fromPool)}` : ''})`,
      { amount: total },
    ),
  );
  return { months, basicPension, fromSources: sourceAmounts(drawn), fromAccount, fromPool, total, withheld, balancesAfter: balances, explanation };
}
