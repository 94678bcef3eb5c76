/**
 * Settlement when a resident pensioner is found drawing the urban employee or the state institution pension
 * too (重复领取), DOMAIN.md §5; 人社部 财政部《城乡养老保险制度衔接暂行办法》(人社部发〔2014〕17号): the resident
 * scheme relationship ends, the account balance less the government subsidies is refunded to the person, and
 * the basic pension received for the months both were paid is returned (set off against the refund when not
 * paid back). Which sources are not refunded is the dated `dualBenefitRefund` parameter.
 */
import { ACCOUNT_SOURCES, sourceAmounts, totalOfSources, type AccountSource, type SourceAmounts } from './account-sources.js';
import { addMonths, parseYearMonth, type YearMonth } from './dates.js';
import { explain, type Explanation } from './explanation.js';
import { assertNonNegativeFen, formatYuan, sumFen, type Fen } from './money.js';
import { parameterAsOf, type ParameterSet } from './parameters/parameter-set.js';

export interface DualBenefitInput {
  /** The first month the other state pension was paid: the resident pension stops from it. */
  readonly otherBenefitFrom: YearMonth;
  /** The resident pension payments made for months from `otherBenefitFrom` on, at the amounts paid. */
  readonly paymentsInOverlap: readonly { readonly months: readonly YearMonth[]; readonly basicPension: Fen }[];
  /** Sub-balances of the account now. */
  readonly balances: Partial<Record<AccountSource, Fen>>;
}

export interface DualBenefitSettlement {
  readonly lastPayableMonth: YearMonth;
  readonly overlapMonths: readonly YearMonth[];
  readonly basicPensionToRecover: Fen;
  readonly balance: Fen;
  readonly refund: Fen;
  readonly refundBySource: SourceAmounts;
  readonly returnedToPool: Fen;
  readonly returnedBySource: SourceAmounts;
  readonly explanation: Explanation;
}

const y = (fen: Fen): string => formatYuan(fen, 'zh-CN');

export function settleDualBenefit(input: DualBenefitInput, params: ParameterSet): DualBenefitSettlement {
  parseYearMonth(input.otherBenefitFrom, 'otherBenefitFrom');
  for (const p of input.paymentsInOverlap) assertNonNegativeFen(p.basicPension, 'paymentsInOverlap.basicPension');
  const asOf = `${input.otherBenefitFrom}-01`;
  const rule = parameterAsOf(params, 'dualBenefitRefund', asOf);
  const kept = new Set<AccountSource>(rule.value.nonRefundableSources);
  const balances = sourceAmounts(input.balances);
  const refundBySource = sourceAmounts(Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, kept.has(s) ? 0 : balances[s]])));
  const returnedBySource = sourceAmounts(Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, kept.has(s) ? balances[s] : 0])));
  const overlapMonths = [...new Set(input.paymentsInOverlap.flatMap((p) => p.months))].sort();
  const basicPensionToRecover = sumFen(input.paymentsInOverlap.map((p) => p.basicPension), 'basicPensionToRecover');
  const refund = totalOfSources(refundBySource);
  const returnedToPool = totalOfSources(returnedBySource);
  const balance = totalOfSources(balances);
  const lastPayableMonth = addMonths(input.otherBenefitFrom, -1);
  const n = overlapMonths.length;
  const explanation: Explanation = [
    explain(
      'dualBenefit.stop',
      `自 ${input.otherBenefitFrom} 起领取职工（机关事业单位）基本养老金，城乡居民养老金自该月停发，终止城乡居民养老保险关系`,
      `draws the employee (state institution) pension from ${input.otherBenefitFrom}: the resident pension stops from that month and the enrolment ends`,
      { parameters: [rule.citation] },
    ),
    explain(
      'dualBenefit.recovery',
      n === 0 ? '重复领取期间未发放城乡居民基础养老金' : `重复领取 ${n} 个月（${overlapMonths[0]} 至 ${overlapMonths[n - 1]}），退还已领取的基础养老金 ${y(basicPensionToRecover)} 元`,
      n === 0 ? 'no resident basic pension paid in the overlap' : `${n} month${n === 1 ? '' : 's'} drawn twice (${overlapMonths[0]} to ${overlapMonths[n - 1]}): the basic pension received, ${y(basicPensionToRecover)} yuan, is returned`,
      { amount: basicPensionToRecover, parameters: [rule.citation] },
    ),
    explain(
      'dualBenefit.refund',
      `个人账户余额 ${y(balance)} 元，除政府补贴外 ${y(refund)} 元退还本人，政府补贴 ${y(returnedToPool)} 元退回基金`,
      `of the balance of ${y(balance)} yuan, ${y(refund)} yuan (all but the government subsidies) is refunded to the person; ${y(returnedToPool)} yuan of subsidies returns to the fund`,
      { amount: refund, parameters: [rule.citation] },
    ),
  ];
  return { lastPayableMonth, overlapMonths, basicPensionToRecover, balance, refund, refundBySource, returnedToPool, returnedBySource, explanation };
}
