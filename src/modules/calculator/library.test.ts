import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { awardBenefit, parameterAsOf } from '../../rules/index.js';
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
});
