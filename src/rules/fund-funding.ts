/**
 * Which level of government owes the fund what (基金筹集，分级负担), 国发〔2009〕32号 §四(三) and
 * 国发〔2014〕8号 §四(三): central finance pays its share of the central basic-pension floor by region
 * (east 50 %, central and west 100 %, parameter `centralShare`); local government pays the rest of the
 * basic pension, its top-up, the long-contribution extra, the contribution subsidy and the payment for
 * hardship groups, split between province, prefecture and county by `localFundingShares`.
 * Pure functions of dated parameters; amounts in fen, months as `YYYY-MM`.
 */
import { allocateLargestRemainder } from './allocation.js';
import { firstDayOf, type IsoDate } from './dates.js';
import { multiplyFen, type Fen } from './money.js';
import { parameterAsOf, type ParameterSet } from './parameters/parameter-set.js';
import { provinceOf } from './parameters/provinces.js';
import type { LocalLevelShares } from './parameters/types.js';
import { applyRate } from './rate.js';

export const GOVERNMENT_LEVELS = ['central', 'provincial', 'prefecture', 'county'] as const;
export type GovernmentLevel = (typeof GOVERNMENT_LEVELS)[number];
export type LevelAmounts = Record<GovernmentLevel, Fen>;

export function zeroLevels(): LevelAmounts {
  return { central: 0, provincial: 0, prefecture: 0, county: 0 };
}

export function addLevels(a: LevelAmounts, b: LevelAmounts): LevelAmounts {
  return { central: a.central + b.central, provincial: a.provincial + b.provincial, prefecture: a.prefecture + b.prefecture, county: a.county + b.county };
}

/** Splits a local amount (fen ≥ 0) between province, prefecture and county; the parts add up exactly. */
export function splitLocal(amount: Fen, shares: LocalLevelShares): LevelAmounts {
  if (amount <= 0) return zeroLevels();
  const den = shares.provincial.den * shares.prefecture.den * shares.county.den;
  const weight = (r: { num: bigint; den: bigint }) => (r.num * den) / r.den;
  const parts = allocateLargestRemainder(amount, [
    ['county', weight(shares.county)],
    ['prefecture', weight(shares.prefecture)],
    ['provincial', weight(shares.provincial)],
  ]);
  return { central: 0, provincial: parts.provincial, prefecture: parts.prefecture, county: parts.county };
}

/** The day of each parameter set's earliest funding split (a set is not changed once built; looked up per payroll line). */
const firstSplitDay = new WeakMap<ParameterSet, IsoDate | undefined>();

/**
 * The split in force on `date`; money paid before the first entry (a premium of an earlier pilot taken over)
 * is split by the earliest entry.
 */
function fundingSharesAsOf(params: ParameterSet, date: IsoDate) {
  let first = firstSplitDay.get(params);
  if (!firstSplitDay.has(params)) {
    first = params.layers
      .flatMap((l) => l.tables.localFundingShares ?? [])
      .map((e) => e.from)
      .sort()[0];
    firstSplitDay.set(params, first);
  }
  return parameterAsOf(params, 'localFundingShares', first !== undefined && date < first ? first : date).value;
}

/**
 * Who pays a contribution's government money, as of the day it was paid: the contribution subsidy (缴费补贴)
 * and the payment for hardship groups (代缴), both local.
 */
export function contributionFunding(input: { governmentSubsidy: Fen; hardshipPayment: Fen; paidOn: IsoDate }, params: ParameterSet): { contributionSubsidy: LevelAmounts; hardshipPayment: LevelAmounts } {
  const shares = fundingSharesAsOf(params, input.paidOn);
  return { contributionSubsidy: splitLocal(input.governmentSubsidy, shares.contributionSubsidy), hardshipPayment: splitLocal(input.hardshipPayment, shares.hardshipPayment) };
}

/**
 * Who pays the basic pension of the months paid (a month withheld pays 0 and owes nothing): the central
 * share of that month's central floor by the region of `regionCode` (a 6- or 12-digit code; a code of no
 * known province is treated as central finance paying nothing), the long-contribution extra by its split,
 * the rest (the floor's local part and the top-up) by the basic-pension split. The four parts add up to
 * the sum of `months[].basicPension`.
 */
export function basicPensionFunding(months: readonly { month: string; basicPension: Fen }[], contributionYears: number, regionCode: string, params: ParameterSet): LevelAmounts {
  const total = zeroLevels();
  const province = provinceOf(regionCode);
  for (const m of months) {
    if (m.basicPension <= 0) continue;
    const asOf = firstDayOf(m.month);
    const floor = parameterAsOf(params, 'centralBasicPension', asOf).value;
    const central = province ? Math.min(m.basicPension, applyRate(floor, parameterAsOf(params, 'centralShare', asOf).value[province.region])) : 0;
    const extraRule = parameterAsOf(params, 'longContributionExtra', asOf).value;
    const extra = Math.min(m.basicPension - central, multiplyFen(extraRule.perYear, Math.max(0, contributionYears - extraRule.afterYears)));
    const shares = fundingSharesAsOf(params, asOf);
    const local = splitLocal(m.basicPension - central - extra, shares.basicPension);
    const extraSplit = splitLocal(extra, shares.longContributionExtra);
    total.central += central;
    for (const level of ['provincial', 'prefecture', 'county'] as const) total[level] += local[level] + extraSplit[level];
  }
  return total;
}
