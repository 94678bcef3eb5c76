/**
 * Split an amount of fen over parts in proportion to weights so that the parts add up exactly
 * (largest-remainder / Hamilton method). Used to draw the monthly account pension from each source
 * sub-balance and to spread one rounded interest posting over the sources.
 */
import { RuleError } from './errors.js';
import { assertFen, fenFromBigInt, type Fen } from './money.js';

/**
 * Each part gets ⌊total·w/W⌋; the fen left over go one each to the parts with the largest remainders,
 * ties to the part listed first. Weights are non-negative integers on one common scale.
 */
export function allocateLargestRemainder<K extends string>(
  total: Fen,
  weights: readonly (readonly [K, bigint])[],
): Record<K, Fen> {
  assertFen(total, 'total');
  if (total < 0) throw new RuleError('ALLOCATION_INVALID', `cannot allocate a negative total ${total}`, { params: { total } });
  let weightSum = 0n;
  for (const [key, w] of weights) {
    if (w < 0n) {
      throw new RuleError('ALLOCATION_INVALID', `weight of ${key} is negative`, { field: key, params: { weight: w.toString() } });
    }
    weightSum += w;
  }
  const result = {} as Record<K, Fen>;
  if (total === 0) {
    for (const [key] of weights) result[key] = 0;
    return result;
  }
  if (weightSum === 0n) {
    throw new RuleError('ALLOCATION_INVALID', `cannot allocate ${total} over parts that all weigh zero`, { params: { total } });
  }
  const t = BigInt(total);
  const shares = weights.map(([key, w], index) => ({ key, index, quota: (t * w) / weightSum, remainder: (t * w) % weightSum }));
  let leftover = t - shares.reduce((sum, s) => sum + s.quota, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    share.quota += 1n;
    leftover -= 1n;
  }
  for (const share of shares) result[share.key] = fenFromBigInt(share.quota, share.key);
  return result;
}
