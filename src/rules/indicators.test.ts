import { describe, expect, it } from 'vitest';
import { formatPerMille, indicatorRates, ratePerMille } from './indicators.js';

describe('indicator rates (integer arithmetic, half up)', () => {
  it('rounds the exact quotient half up to one decimal', () => {
    expect(ratePerMille(13, 16)).toBe(813); // 81.25 % → 81.3 (half-even would give 81.2)
    expect(ratePerMille(1, 16)).toBe(63); // 6.25 % → 6.3
    expect(ratePerMille(1, 3)).toBe(333); // 33.333… → 33.3
    expect(ratePerMille(2, 3)).toBe(667); // 66.666… → 66.7
    expect(ratePerMille(0, 5)).toBe(0);
    expect(ratePerMille(5, 0)).toBeNull();
    expect(ratePerMille(120, 100)).toBe(1200);
    // Large counts stay exact: 999,999,999 ÷ 1,000,000,000 = 99.9999999 % → 100.0
    expect(ratePerMille(999_999_999, 1_000_000_000)).toBe(1000);
    expect(ratePerMille(999_500_000_000, 1_000_000_000_000)).toBe(1000); // 99.95 → 100.0 (half up)
    expect(ratePerMille(999_499_999_999, 1_000_000_000_000)).toBe(999); // 99.9499999999 → 99.9
    expect(() => ratePerMille(1.5, 3)).toThrow(RangeError);
  });

  it('formats tenths of a percent', () => {
    expect(formatPerMille(813)).toBe('81.3');
    expect(formatPerMille(1000)).toBe('100.0');
    expect(formatPerMille(5)).toBe('0.5');
    expect(formatPerMille(null)).toBe('—');
  });

  it('makes every rate of a region', () => {
    const r = indicatorRates({ shouldEnrolHukou: 16, shouldEnrolRegistry: 18, enrolled: 13, payers: 10, paidThisYear: 8, renewals: 7, renewalBase: 8, pensioners: 3, enrolled60Plus: 4, collected: 80_000, targetEnrolled: 15, targetCollected: null });
    expect(r).toEqual({ participationHukou: 813, participationRegistry: 722, renewal: 875, takeUp: 750, payment: 800, targetEnrolled: 867, targetCollected: null });
  });
});
