/**
 * Settlement on a pensioner's or contributor's death (死亡终止), DOMAIN.md §5:
 * - the pension is payable up to and including the month of death; months paid after it are recovered;
 * - the account balance goes to the heirs, except — for deaths before 2014-02-21 — the government
 *   subsidy part with its interest, which returns to the pool (国发〔2009〕32号 §六 "除政府补贴外，可以依法
 *   继承"; 国发〔2014〕8号 §六 makes the whole balance inheritable). Which sources stay with the pool is the
 *   dated `inheritance` parameter, looked up on the date of death.
 * `balances` are the sub-balances after the ledger has reversed any account pension drawn for months
 * after death; the recovered account pension therefore goes back into the account, the recovered basic
 * pension back to the pool.
 */
import { ACCOUNT_SOURCES, sourceAmounts, totalOfSources, type AccountSource, type SourceAmounts } from './account-sources.js';
import { addMonths, monthRange, parseIsoDate, yearMonthOf, type IsoDate, type YearMonth } from './dates.js';
import { explain, type Explanation } from './explanation.js';
import { assertNonNegativeFen, formatYuan, multiplyFen, sumFen, type Fen } from './money.js';
import { parameterAsOf, type ParameterSet } from './parameters/parameter-set.js';

export interface DeathSettlementInput {
  readonly deathDate: IsoDate;
  /** The last month a pension was paid for; absent when no pension was being paid. */
  readonly lastPaidMonth?: YearMonth;
  readonly monthlyBasicPension?: Fen;
  readonly monthlyAccountPension?: Fen;
  /**
   * The payments actually made for months after the death (settled as paid by the bank, or with the bank),
   * at the amounts of those payments; when given, they replace lastPaidMonth × the monthly amounts.
   */
  readonly paymentsAfterDeath?: readonly { readonly months: readonly YearMonth[]; readonly basicPension: Fen; readonly accountPension: Fen }[];
  /** Individual premiums paid after the death, reversed and refunded to the heirs. */
  readonly refundedPremiums?: Fen;
  /** Months up to the death that no payment covers, and what they pay (basic + account pension), paid to the heirs. */
  readonly arrears?: { readonly months: readonly YearMonth[]; readonly amount: Fen };
  readonly balances: Partial<Record<AccountSource, Fen>>;
}

export interface DeathSettlement {
  /** The month of death: the last month the pension is due. */
  readonly lastPayableMonth: YearMonth;
  readonly overpaidMonths: readonly YearMonth[];
  readonly basicPensionToRecover: Fen;
  readonly accountPensionToRecover: Fen;
  readonly amountToRecover: Fen;
  readonly balance: Fen;
  readonly inheritable: Fen;
  readonly returnedToPool: Fen;
  readonly inheritableBySource: SourceAmounts;
  readonly returnedBySource: SourceAmounts;
  readonly funeralGrant: Fen;
  readonly explanation: Explanation;
}

const y = (fen: Fen): string => formatYuan(fen, 'zh-CN');

export function settleDeath(input: DeathSettlementInput, params: ParameterSet): DeathSettlement {
  const { deathDate, lastPaidMonth } = input;
  parseIsoDate(deathDate, 'deathDate');
  const basic = input.monthlyBasicPension ?? 0;
  const account = input.monthlyAccountPension ?? 0;
  assertNonNegativeFen(basic, 'monthlyBasicPension');
  assertNonNegativeFen(account, 'monthlyAccountPension');
  const lastPayableMonth = yearMonthOf(deathDate);
  const payments = input.paymentsAfterDeath;
  for (const p of payments ?? []) {
    assertNonNegativeFen(p.basicPension, 'paymentsAfterDeath.basicPension');
    assertNonNegativeFen(p.accountPension, 'paymentsAfterDeath.accountPension');
  }
  const overpaidMonths = payments
    ? [...new Set(payments.flatMap((p) => p.months))].sort()
    : lastPaidMonth === undefined
      ? []
      : monthRange(addMonths(lastPayableMonth, 1), lastPaidMonth);
  const basicPensionToRecover = payments ? sumFen(payments.map((p) => p.basicPension), 'basicPensionToRecover') : multiplyFen(basic, overpaidMonths.length, 'basicPensionToRecover');
  const accountPensionToRecover = payments ? sumFen(payments.map((p) => p.accountPension), 'accountPensionToRecover') : multiplyFen(account, overpaidMonths.length, 'accountPensionToRecover');
  const refunded = input.refundedPremiums ?? 0;
  assertNonNegativeFen(refunded, 'refundedPremiums');
  const amountToRecover = sumFen([basicPensionToRecover, accountPensionToRecover], 'amountToRecover');

  const balances = sourceAmounts(input.balances);
  const rule = parameterAsOf(params, 'inheritance', deathDate);
  const kept = new Set<AccountSource>(rule.value.nonInheritableSources);
  const inheritableBySource = sourceAmounts(Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, kept.has(s) ? 0 : balances[s]])));
  const returnedBySource = sourceAmounts(Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, kept.has(s) ? balances[s] : 0])));
  const balance = totalOfSources(balances);
  const inheritable = totalOfSources(inheritableBySource);
  const returnedToPool = totalOfSources(returnedBySource);
  const funeral = parameterAsOf(params, 'funeralGrant', deathDate);

  const months = overpaidMonths.length;
  const explanation: Explanation = [
    explain('death.lastPayableMonth', `${deathDate} 死亡，养老金发放至 ${lastPayableMonth}，次月停发`, `died ${deathDate}: paid up to ${lastPayableMonth}, stopped from the next month`),
    explain(
      'death.recovery',
      months === 0
        ? '银行已发放的死亡后月份：无'
        : payments
          ? `银行已发放死亡后 ${months} 个月（${overpaidMonths[0]} 至 ${overpaidMonths[months - 1]}），按实发金额追回基础养老金 ${y(basicPensionToRecover)} + 个人账户养老金 ${y(accountPensionToRecover)} = ${y(amountToRecover)} 元；未发出或发放失败的不追回`
          : `多发 ${months} 个月（${overpaidMonths[0]} 至 ${lastPaidMonth}），追回 ${months} × (${y(basic)} + ${y(account)}) = ${y(amountToRecover)} 元`,
      months === 0
        ? 'nothing paid by the bank for months after death'
        : payments
          ? `the bank paid ${months} month${months === 1 ? '' : 's'} after death (${overpaidMonths[0]} to ${overpaidMonths[months - 1]}): recover what was paid, basic ${y(basicPensionToRecover)} + account ${y(accountPensionToRecover)} = ${y(amountToRecover)} yuan; payments not sent or failed are not recovered`
          : `${months} month${months === 1 ? '' : 's'} paid after death (${overpaidMonths[0]} to ${lastPaidMonth}): recover ${months} × (${y(basic)} + ${y(account)}) = ${y(amountToRecover)} yuan`,
      { amount: amountToRecover },
    ),
    explain(
      'death.inheritable',
      kept.size === 0 ? `个人账户余额 ${y(balance)} 元全部可依法继承` : `个人账户余额 ${y(balance)} 元中，除政府补贴部分外 ${y(inheritable)} 元可依法继承`,
      kept.size === 0 ? `the whole balance of ${y(balance)} yuan is inheritable` : `of the balance of ${y(balance)} yuan, ${y(inheritable)} yuan (all but the government-funded part) is inheritable`,
      { amount: inheritable, parameters: [rule.citation] },
    ),
    explain('death.returnedToPool', `政府补贴余额 ${y(returnedToPool)} 元转入统筹基金`, `government-funded remainder of ${y(returnedToPool)} yuan returns to the pool`, {
      amount: returnedToPool,
      parameters: [rule.citation],
    }),
    ...(input.arrears && input.arrears.months.length > 0
      ? [
          explain(
            'death.arrears',
            `死亡当月及以前未发放的 ${input.arrears.months.length} 个月（${input.arrears.months[0]} 至 ${input.arrears.months[input.arrears.months.length - 1]}）养老金 ${y(input.arrears.amount)} 元，支付给继承人`,
            `${input.arrears.months.length} month${input.arrears.months.length === 1 ? '' : 's'} up to the death not yet paid (${input.arrears.months[0]} to ${input.arrears.months[input.arrears.months.length - 1]}): ${y(input.arrears.amount)} yuan paid to the heirs`,
            { amount: input.arrears.amount },
          ),
        ]
      : []),
    ...(refunded > 0
      ? [
          explain(
            'death.refundedPremiums',
            `死亡后缴纳的保费已冲正：个人缴费 ${y(refunded)} 元退还继承人，政府补贴等退回基金`,
            `premiums paid after the death were reversed: the individual part of ${y(refunded)} yuan is refunded to the heirs, subsidies go back to the fund`,
            { amount: refunded },
          ),
        ]
      : []),
    ...(funeral.value > 0
      ? [explain('death.funeralGrant', `丧葬补助 ${y(funeral.value)} 元`, `funeral grant ${y(funeral.value)} yuan`, { amount: funeral.value, parameters: [funeral.citation] })]
      : []),
  ];
  return {
    lastPayableMonth,
    overpaidMonths,
    basicPensionToRecover,
    accountPensionToRecover,
    amountToRecover,
    balance,
    inheritable,
    returnedToPool,
    inheritableBySource,
    returnedBySource,
    funeralGrant: funeral.value,
    explanation,
  };
}
