import { describe, expect, it } from 'vitest';
import { NATIONAL_DEFAULTS } from './national-defaults.js';
import { buildParameterSet, NATIONAL_PARAMETERS } from './parameter-set.js';
import { lastReviewedOn, staleParameterTables, YEARLY_PARAMETERS } from './review.js';
import type { ParameterLayer } from './types.js';

const withReviews = (reviewedOn: ParameterLayer['reviewedOn']) => buildParameterSet({ national: { ...NATIONAL_DEFAULTS, reviewedOn } });

describe('review dates of the yearly national tables', () => {
  it('records a review date for every yearly table of the built-in defaults', () => {
    for (const name of YEARLY_PARAMETERS) expect(NATIONAL_DEFAULTS.reviewedOn?.[name]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(staleParameterTables(NATIONAL_PARAMETERS, '2026-12-01')).toEqual([]);
  });

  it('warns once a table was last reviewed more than 12 months ago, naming it', () => {
    const set = withReviews({ centralBasicPension: '2025-11-30', interestRate: '2025-12-01', contributionTiers: '2026-06-01', minimumContributionSubsidy: '2026-06-01' });
    // 2025-12-01 + 12 months = 2026-12-01: not yet more than 12 months; 2025-11-30 + 12 months = 2026-11-30 < today.
    const stale = staleParameterTables(set, '2026-12-01');
    expect(stale.map((s) => [s.name, s.reviewedOn])).toEqual([['centralBasicPension', '2025-11-30']]);
    expect(stale[0]!.message['zh-CN']).toBe('全国参数表「中央基础养老金最低标准」(centralBasicPension) 上次核对于 2025-11-30，已超过 12 个月，请对照最新文件核对');
    expect(stale[0]!.message.en).toContain('"central basic pension floor" (centralBasicPension) was last reviewed on 2025-11-30');
    expect(staleParameterTables(set, '2026-12-02').map((s) => s.name)).toEqual(['centralBasicPension', 'interestRate']);
  });

  it('treats a yearly table without a review date as stale, and ignores tables that do not change yearly', () => {
    const stale = staleParameterTables(withReviews({ centralBasicPension: '2026-12-01', accountPensionDivisor: '2001-01-01' }), '2026-12-01');
    expect(stale.map((s) => [s.name, s.reviewedOn])).toEqual([
      ['interestRate', undefined],
      ['contributionTiers', undefined],
      ['minimumContributionSubsidy', undefined],
    ]);
    expect(stale[0]!.message['zh-CN']).toContain('没有核对日期');
  });

  it('takes the latest review date of the national layers (a national override file can record a newer review)', () => {
    const nationalOverride: ParameterLayer = { level: 'national', code: 'CN', name: '全国', tables: {}, reviewedOn: { interestRate: '2027-12-20' } };
    const set = buildParameterSet({ nationalOverride });
    expect(lastReviewedOn(set, 'interestRate')).toBe('2027-12-20');
    expect(lastReviewedOn(set, 'centralBasicPension')).toBe(NATIONAL_DEFAULTS.reviewedOn?.centralBasicPension);
    expect(staleParameterTables(set, '2028-06-01').map((s) => s.name)).toEqual(['centralBasicPension', 'contributionTiers', 'minimumContributionSubsidy']);
  });
});
