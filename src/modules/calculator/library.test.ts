import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { awardBenefit, parameterAsOf, ParameterFileError, staleParameterTables } from '../../rules/index.js';
import { AppError } from '../../errors/app-error.js';
import { loadParameterLibrary } from './library.js';

const layer = (level: string, code: string, topUpFrom: string, value: string) =>
  JSON.stringify({
    scope: { level, code, name: `${level} ${code}` },
    parameters: { localBasicPensionTopUp: [{ from: topUpFrom, value, source: `${code} document` }] },
  });

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
function folder(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'xnb-lib-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('parameter library', () => {
  it('without a folder has the national defaults only', () => {
    dir = mkdtempSync(join(tmpdir(), 'xnb-lib-'));
    const library = loadParameterLibrary(join(dir, 'missing'));
    expect(library.scopes.map((s) => s.code)).toEqual(['CN']);
    expect(library.scope().code).toBe('CN');
    expect(() => library.scope('370783')).toThrow(AppError);
  });

  it('stacks a county over its province over the national defaults, each from its own date', () => {
    const library = loadParameterLibrary(
      folder({
        'province-37.json': layer('province', '37', '2011-01-01', '3.00'),
        'county-370783.json': layer('county', '370783', '2012-01-01', '8.00'),
        'county-370784.example.json': 'ignored, not JSON',
      }),
    );
    expect(library.scopes.map((s) => [s.code, s.level, s.files])).toEqual([
      ['CN', 'national', []],
      ['37', 'province', ['province-37.json']],
      ['370783', 'county', ['county-370783.json', 'province-37.json']],
    ]);
    const county = library.scope('370783').parameters;
    expect(parameterAsOf(county, 'localBasicPensionTopUp', '2010-12-31')).toMatchObject({ value: 0, level: 'national' });
    expect(parameterAsOf(county, 'localBasicPensionTopUp', '2011-06-01')).toMatchObject({ value: 300, level: 'province' });
    expect(parameterAsOf(county, 'localBasicPensionTopUp', '2012-01-01')).toMatchObject({ value: 800, level: 'county' });
    const award = awardBenefit({ birthDate: '1952-03-15', schemeStartDate: '2009-12-01', balances: {}, contributionYears: 0 }, county);
    expect(award.basicPension).toBe(5500 + 800); // 2012-04: floor 55.00 + county 8.00
  });

  it('refuses two files for the same place', () => {
    const path = folder({ 'a.json': layer('county', '370783', '2011-01-01', '1.00'), 'b.json': layer('county', '370783', '2012-01-01', '2.00') });
    expect(() => loadParameterLibrary(path)).toThrow(/b\.json and a\.json both set parameters for 370783/);
  });

  it('stacks the national file over the built-in defaults in every scope, from its date on', () => {
    const national = JSON.stringify({
      scope: { level: 'national', code: 'CN', name: '全国' },
      reviewedOn: { interestRate: '2027-12-20' },
      parameters: { centralBasicPension: [{ from: '2027-01-01', value: '183.00', source: '2027 年通知（test）' }] },
    });
    const library = loadParameterLibrary(folder({ 'national.json': national, 'county-370783.json': layer('county', '370783', '2011-01-01', '10.00') }));
    expect(library.scopes.map((s) => [s.code, s.level, s.files])).toEqual([
      ['CN', 'national', ['national.json']],
      ['370783', 'county', ['county-370783.json', 'national.json']],
    ]);
    for (const set of [library.scope().parameters, library.forCounty('370783').parameters, library.forCounty('510100').parameters]) {
      expect(parameterAsOf(set, 'centralBasicPension', '2026-12-31').value).toBe(16300);
      expect(parameterAsOf(set, 'centralBasicPension', '2027-01-01')).toMatchObject({ value: 18300, level: 'national', citation: { source: { 'zh-CN': '2027 年通知（test）' } } });
    }
    // 60 on 2026-11-15 → 2026-12: 163.00 + 10.00; 60 on 2026-12-15 → 2027-01: 183.00 + 10.00.
    const county = library.forCounty('370783').parameters;
    expect(awardBenefit({ birthDate: '1966-11-15', schemeStartDate: '2009-12-01', balances: {}, contributionYears: 0 }, county).basicPension).toBe(17300);
    expect(awardBenefit({ birthDate: '1966-12-15', schemeStartDate: '2009-12-01', balances: {}, contributionYears: 0 }, county).basicPension).toBe(19300);
    // Its review date counts: in 2028-06 only the tables reviewed in 2026 are stale.
    expect(staleParameterTables(county, '2028-06-01').map((s) => s.name)).toEqual(['centralBasicPension', 'contributionTiers', 'minimumContributionSubsidy']);
  });

  it('refuses a bad national file naming its line, and a second national file', () => {
    const bad = '{\n  "scope": { "level": "national", "code": "CN", "name": "全国" },\n  "parameters": {\n    "centralBasicPension": [{ "from": "2027-01-01", "value": "-1", "source": "x" }]\n  }\n}\n';
    const good = JSON.stringify({ scope: { level: 'national', code: 'CN', name: '全国' }, parameters: {} });
    const path = folder({ 'national.json': bad });
    expect(() => loadParameterLibrary(path)).toThrow(ParameterFileError);
    expect(() => loadParameterLibrary(path)).toThrow(/national\.json:4: parameters\.centralBasicPension\[0\]\.value/);
    writeFileSync(join(path, 'national.json'), good);
    writeFileSync(join(path, 'national-2.json'), good);
    expect(() => loadParameterLibrary(path)).toThrow(/national\.json and national-2\.json both set parameters for CN/);
  });
});
