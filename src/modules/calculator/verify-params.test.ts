import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NATIONAL_DEFAULTS } from '../../rules/index.js';
import { verifyParameters } from './verify-params.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(files: Record<string, string>, today: string, national = NATIONAL_DEFAULTS) {
  dir = mkdtempSync(join(tmpdir(), 'xnb-verify-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const out: string[] = [];
  const err: string[] = [];
  const code = verifyParameters(dir, today, { out: (l) => out.push(l), err: (l) => err.push(l) }, national);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const NATIONAL_FILE = JSON.stringify({ scope: { level: 'national', code: 'CN', name: '全国' }, reviewedOn: { interestRate: '2027-12-20' }, parameters: {} });

describe('verify params', () => {
  it('names each yearly table due for review and still exits 0', () => {
    const stale = { ...NATIONAL_DEFAULTS, reviewedOn: { ...NATIONAL_DEFAULTS.reviewedOn, centralBasicPension: '2025-06-30' } };
    const r = run({}, '2026-12-01', stale);
    expect(r.code).toBe(0);
    expect(r.out).toContain('centralBasicPension: last reviewed 2025-06-30');
    expect(r.out).toContain('WARNING centralBasicPension: 全国参数表「中央基础养老金最低标准」(centralBasicPension) 上次核对于 2025-06-30，已超过 12 个月');
    expect(r.out).toContain('was last reviewed on 2025-06-30, more than 12 months ago');
    expect(r.out).toContain('1 national tables due for review (centralBasicPension)');
    expect(r.err).toBe('');
  });

  it('counts the review dates of the national file', () => {
    // In 2028-06 the built-in 2026-12-01 reviews are stale; the national file reviewed the interest rate on 2027-12-20.
    const r = run({ 'national.json': NATIONAL_FILE }, '2028-06-01');
    expect(r.code).toBe(0);
    expect(r.out).toContain('parameter files in');
    expect(r.out).toContain('national.json');
    expect(r.out).toContain('interestRate: last reviewed 2027-12-20');
    expect(r.out).toContain('3 national tables due for review (centralBasicPension, contributionTiers, minimumContributionSubsidy)');
    expect(run({}, '2026-12-01').out).toContain('every yearly national table reviewed within 12 months');
  });

  it('exits 1 on a broken file, naming its line', () => {
    const r = run({ 'national.json': NATIONAL_FILE.replace('"2027-12-20"', '"2027-13-01"') }, '2026-12-01');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/national\.json:1: reviewedOn\.interestRate: /);
  });
});
