/**
 * The management indicators' rates (管理指标, DOMAIN.md §9; issue 12): a percentage to one decimal computed from
 * two counts with integer arithmetic only, rounded half up (四舍五入) on the exact quotient, so 13 ÷ 16 =
 * 81.25 % is shown as 81.3 % (a float or round-half-even could give 81.2 %). No float is ever made.
 */
import { roundHalfUp } from './money.js';

/** A rate in tenths of a percent (813 = 81.3 %), or null when the denominator is 0 (nothing to measure). */
export type PerMille = number | null;

/**
 * `numerator ÷ denominator` as tenths of a percent, rounded half up: round(numerator × 1000 ÷ denominator).
 * Counts are whole numbers ≥ 0 (people, or fen for money against a target); null for a zero denominator.
 */
export function ratePerMille(numerator: number, denominator: number): PerMille {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || numerator < 0 || denominator < 0) {
    throw new RangeError(`ratePerMille: counts must be whole numbers ≥ 0 (${numerator} / ${denominator})`);
  }
  if (denominator === 0) return null;
  return Number(roundHalfUp(BigInt(numerator) * 1000n, BigInt(denominator)));
}

/** Tenths of a percent as text with one decimal: 813 → "81.3", 1000 → "100.0", null → "—". */
export function formatPerMille(perMille: PerMille): string {
  if (perMille === null) return '—';
  return `${Math.trunc(perMille / 10)}.${perMille % 10}`;
}

/** The counts of a region as of a day that the rates are made of. */
export interface IndicatorCounts {
  /** 应参保人数 from the hukou statistics of the year, null where none were imported for the whole region. */
  readonly shouldEnrolHukou: number | null;
  /** 应参保人数 from the registry: aged 16 and over, not a full-time student, not in the employee scheme. */
  readonly shouldEnrolRegistry: number;
  /** 参保人数 = payers + pensioners. */
  readonly enrolled: number;
  /** 缴费人员: enrolled and not drawing a pension. */
  readonly payers: number;
  /** Payers who paid this year's premium by the day. */
  readonly paidThisYear: number;
  /** 续保人数: payers who paid last year and this year. */
  readonly renewals: number;
  /** Payers who paid last year (the renewal rate's denominator). */
  readonly renewalBase: number;
  /** 领取待遇人数. */
  readonly pensioners: number;
  /** Enrolled (payers and pensioners) aged 60 and over on the day. */
  readonly enrolled60Plus: number;
  /** 征缴金额: the individual premiums of this year received by the day, fen. */
  readonly collected: number;
  /** The year's target of people enrolled, and of money collected (fen), where set. */
  readonly targetEnrolled: number | null;
  readonly targetCollected: number | null;
}

export interface IndicatorRates {
  /** 参保率 = enrolled ÷ should-enrol (hukou), and ÷ should-enrol (registry). */
  readonly participationHukou: PerMille;
  readonly participationRegistry: PerMille;
  /** 续保率 = renewals ÷ payers who paid last year. */
  readonly renewal: PerMille;
  /** 待遇领取率 = pensioners ÷ enrolled aged 60+. */
  readonly takeUp: PerMille;
  /** 缴费率 = paid this year ÷ payers. */
  readonly payment: PerMille;
  /** 任务完成率 = enrolled ÷ target, and collected ÷ collection target. */
  readonly targetEnrolled: PerMille;
  readonly targetCollected: PerMille;
}

/** Every rate of a region's counts (each null where its denominator is 0 or not known). */
export function indicatorRates(c: IndicatorCounts): IndicatorRates {
  return {
    participationHukou: c.shouldEnrolHukou === null ? null : ratePerMille(c.enrolled, c.shouldEnrolHukou),
    participationRegistry: ratePerMille(c.enrolled, c.shouldEnrolRegistry),
    renewal: ratePerMille(c.renewals, c.renewalBase),
    takeUp: ratePerMille(c.pensioners, c.enrolled60Plus),
    payment: ratePerMille(c.paidThisYear, c.payers),
    targetEnrolled: c.targetEnrolled === null ? null : ratePerMille(c.enrolled, c.targetEnrolled),
    targetCollected: c.targetCollected === null ? null : ratePerMille(c.collected, c.targetCollected),
  };
}
