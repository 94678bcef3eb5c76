/**
 * Drawing one month's account pension from the account (国发〔2009〕32号 §六; DOMAIN.md §5): from each
 * source in proportion to its current sub-balance, largest remainder so the parts add up to the month's
 * amount. When the account cannot cover the month it gives what is left and the pool pays the rest —
 * the pension itself never changes.
 */
import { ACCOUNT_SOURCES, sourceAmounts, totalOfSources, type AccountSource, type SourceAmounts } from './account-sources.js';
import { allocateLargestRemainder } from './allocation.js';
import { assertNonNegativeFen, type Fen } from './money.js';

export interface AccountPensionDraw {
  readonly fromSources: SourceAmounts;
  readonly fromAccount: Fen;
  /** Paid by the pooled fund because the account is exhausted. */
  readonly fromPool: Fen;
  readonly balancesAfter: SourceAmounts;
}

export function drawAccountPension(balances: Partial<Record<AccountSource, Fen>>, monthlyAccountPension: Fen): AccountPensionDraw {
  assertNonNegativeFen(monthlyAccountPension, 'monthlyAccountPension');
  const before = sourceAmounts(balances);
  const total = totalOfSources(before);
  const fromAccount = Math.min(total, monthlyAccountPension);
  const fromSources =
    fromAccount === total
      ? before
      : sourceAmounts(allocateLargestRemainder(fromAccount, ACCOUNT_SOURCES.map((s) => [s, BigInt(before[s])] as const)));
  const after = sourceAmounts(Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, before[s] - fromSources[s]])));
  return { fromSources, fromAccount, fromPool: monthlyAccountPension - fromAccount, balancesAfter: after };
}
