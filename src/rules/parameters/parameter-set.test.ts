import { describe, expect, it } from 'vitest';
import { formatRate } from '../rate.js';
import { NATIONAL_DEFAULTS } from './national-defaults.js';
import { buildParameterSet, NATIONAL_PARAMETERS, parameterAsOf, parameterSegments } from './parameter-set.js';
import { PROVINCES, provinceOf } from './provinces.js';

const at = <K extends Parameters<typeof parameterAsOf>[1]>(name: K, date: string) => parameterAsOf(NATIONAL_PARAMETERS, name, date);

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('national defaults', () => {
  it.each([
    ['2009-10-01', 5500],
    ['2014-06-30', 5500],
    ['2014-07-01', 7000],
    ['2017-12-31', 7000],
    ['2018-01-01', 8800],
    ['2023-01-01', 10300],
    ['2024-01-01', 12300],
    ['2024-12-31', 12300],
    ['2025-01-01', 14300],
    ['2025-12-31', 14300],
    ['2026-01-01', 16300],
    ['2026-12-01', 16300],
  ])('central basic pension floor on %s is %d fen', (date, fen) => {
    expect(at('centralBasicPension', date).value).toBe(fen);
  });

  it('switches tiers, subsidy floor, inheritance and family binding on 2014-02-21', () => {
    expect(at('contributionTiers', '2014-02-20').value).toEqual([10000, 20000, 30000, 40000, 50000]);
    expect(at('contributionTiers', '2014-02-21').value).toHaveLength(12);
    expect(at('minimumContributionSubsidy', '2014-02-21').value).toEqual([
      { minTier: 10000, subsidy: 3000 },
      { minTier: 50000, subsidy: 6000 },
    ]);
    expect(at('inheritance', '2014-02-20').value.nonInheritableSources).toEqual(['governmentSubsidy', 'hardshipPayment']);
    expect(at('inheritance', '2014-02-21').value.nonInheritableSources).toEqual([]);
    expect(at('familyBinding', '2014-02-20').value.enabled).toBe(true);
    expect(at('familyBinding', '2014-02-21').value.enabled).toBe(false);
  });

  it.each([
    ['2009-06-30', '2.25%'],
    ['2010-10-19', '2.25%'],
    ['2010-10-20', '2.5%'],
    ['2011-07-07', '3.5%'],
    ['2014-11-22', '2.75%'],
    ['2020-01-01', '1.5%'],
  ])('PBOC one-year rate on %s is %s', (date, rate) => {
    expect(formatRate(at('interestRate', date).value)).toBe(rate);
  });

  it('cites a source and a date for every value', () => {
    for (const entries of Object.values(NATIONAL_DEFAULTS.tables)) {
      for (const entry of entries ?? []) {
        expect(entry.source.length).toBeGreaterThan(0);
        expect(entry.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
    expect(at('accountPensionDivisor', '2010-01-01').citation).toMatchObject({
      label: { 'zh-CN': '个人账户养老金计发系数' },
      value: { 'zh-CN': '139' },
      source: {
        'zh-CN': '国发〔2009〕32号《国务院关于开展新型农村社会养老保险试点的指导意见》第六条；国发〔2014〕8号《国务院关于建立统一的城乡居民基本养老保险制度的意见》第六条',
      },
      level: 'national',
    });
  });

  it('has nothing in force before the scheme', () => {
    expect(codeOf(() => at('centralBasicPension', '2009-08-31'))).toBe('PARAM_NOT_IN_FORCE');
  });

  it('splits a year at each rate change', () => {
    const segments = parameterSegments(NATIONAL_PARAMETERS, 'interestRate', '2012-01-01', '2012-12-31');
    expect(segments.map((s) => [s.from, s.to])).toEqual([
      ['2012-01-01', '2012-06-07'],
      ['2012-06-08', '2012-07-05'],
      ['2012-07-06', '2012-12-31'],
    ]);
  });
});

describe('provinces', () => {
  it('lists 31 provinces: 11 east, 8 central, 12 west', () => {
    expect(PROVINCES).toHaveLength(31);
    const count = (region: string) => PROVINCES.filter((p) => p.region === region).length;
    expect([count('east'), count('central'), count('west')]).toEqual([11, 8, 12]);
    expect(provinceOf('370783')?.region).toBe('east');
    expect(provinceOf('51')?.region).toBe('west');
    expect(provinceOf('41')?.region).toBe('central');
  });
});

describe('layers', () => {
  it('refuses a county outside its province and national-only overrides', () => {
    const county = { level: 'county' as const, code: '370783', name: '寿光市', tables: {} };
    const province = { level: 'province' as const, code: '51', name: '四川省', tables: {} };
    expect(codeOf(() => buildParameterSet({ province, county }))).toBe('PARAM_LAYER_INVALID');
    const bad = { ...county, tables: { accountPensionDivisor: [{ from: '2020-01-01', value: 120, source: [{ note: { 'zh-CN': '测试', en: 'test' } }] }] } };
    expect(codeOf(() => buildParameterSet({ county: bad }))).toBe('PARAM_LAYER_INVALID');
  });

  it('prefers the county over the province over the nation', () => {
    const province = { level: 'province' as const, code: '37', name: '山东省', tables: { localBasicPensionTopUp: [{ from: '2012-01-01', value: 300, source: [{ note: { 'zh-CN': '省级文件', en: 'province' } }] }] } };
    const county = { level: 'county' as const, code: '370783', name: '寿光市', tables: { localBasicPensionTopUp: [{ from: '2013-01-01', value: 900, source: [{ note: { 'zh-CN': '县级文件', en: 'county' } }] }] } };
    const set = buildParameterSet({ province, county });
    expect(parameterAsOf(set, 'localBasicPensionTopUp', '2011-06-01').level).toBe('national');
    expect(parameterAsOf(set, 'localBasicPensionTopUp', '2012-06-01')).toMatchObject({ value: 300, level: 'province' });
    expect(parameterAsOf(set, 'localBasicPensionTopUp', '2013-06-01')).toMatchObject({ value: 900, level: 'county' });
  });

  it('stacks a national override over the defaults from its date on, national-only parameters included', () => {
    const nationalOverride = { level: 'national' as const, code: 'CN', name: '全国', tables: { centralBasicPension: [{ from: '2027-01-01', value: 18300, source: [{ note: { 'zh-CN': '新公布', en: 'announced' } }] }] } };
    const county = { level: 'county' as const, code: '370783', name: '寿光市', tables: {} };
    const set = buildParameterSet({ nationalOverride, county });
    expect(parameterAsOf(set, 'centralBasicPension', '2026-12-31')).toMatchObject({ value: 16300, level: 'national', layerCode: 'CN' });
    expect(parameterAsOf(set, 'centralBasicPension', '2027-01-01')).toMatchObject({ value: 18300, level: 'national', citation: { source: { en: 'announced' } } });
    expect(codeOf(() => buildParameterSet({ nationalOverride: { ...nationalOverride, code: '37' } }))).toBe('PARAM_LAYER_INVALID');
  });
});
