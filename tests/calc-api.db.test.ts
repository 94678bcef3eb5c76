// The public calculator API over the real app (no sign-in): results and explanations, a county
// override file taking effect from its date only, errors naming the field in zh-CN and en, rate limit.
// Expected figures are worked out by hand in the comments, not produced by the code under test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/connection.js';
import { openTestDatabase } from '../src/db/testing.js';
import { createApp, type App } from '../src/http/app.js';
import { createLogger } from '../src/logger.js';
import { JobRunner } from '../src/modules/accounts/runner.js';
import { loadParameterLibrary } from '../src/modules/calculator/library.js';
import { DEFAULT_SESSION_POLICY } from '../src/modules/staff/sessions.js';

/** A county file: top-up 5.00 from 2010-05-01 (so an award from 2010-04 gets none, one from 2010-05 gets it). */
const COUNTY_FILE = `{
  "scope": { "level": "county", "code": "370783", "name": "寿光市", "schemeStartDate": "2009-12-01" },
  "parameters": {
    "localBasicPensionTopUp": [
      { "from": "2010-05-01", "value": "5.00", "source": "test: county top-up from May 2010" }
    ]
  }
}
`;

let database: Database;
let dir: string;
function appWith(limit: number): App {
  const parameters = loadParameterLibrary(dir);
  return createApp({
    database,
    config: loadConfig({}, { webDir: '/nonexistent', calcRateLimit: limit }),
    parameters,
    jobs: new JobRunner(database.db, parameters, createLogger('silent')),
    logger: createLogger('silent'),
    sessionPolicy: DEFAULT_SESSION_POLICY,
  });
}
let app: App;

beforeAll(async () => {
  database = await openTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'xnb-params-'));
  writeFileSync(join(dir, 'county-370783.json'), COUNTY_FILE);
  writeFileSync(join(dir, 'county-370784.example.json'), '{ not even json'); // examples are not loaded
  app = appWith(1000);
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, body: unknown, lang = 'zh-CN', target: App = app) {
  const res = await target.request(`/api/calc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': lang },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any>, headers: res.headers };
}

describe('benefit', () => {
  it('born 1950-03-15 with 1,390.00 under the 2010 national defaults: 55.00 + 10.00 = 65.00 from 2010-04', async () => {
    const { status, body } = await post('benefit', { birthDate: '1950-03-15', balances: { individual: '1,390.00' } });
    expect(status).toBe(200);
    expect(body.scope).toEqual({ code: 'CN', level: 'national', name: '全国默认参数' });
    expect(body.result).toMatchObject({ startMonth: '2010-04', basicPension: 5500, accountPension: 1000, monthlyPension: 6500 });
    expect(body.yuan).toMatchObject({ monthlyPension: '65.00', basicPension: '55.00', accountPension: '10.00' });
    const steps = body.explanation as { key: string; text: Record<string, string>; parameters?: { name: string; label: Record<string, string>; value: Record<string, string>; source: Record<string, string> }[] }[];
    const account = steps.find((s) => s.key === 'award.accountPension')!;
    expect(account.text['zh-CN']).toContain('1,390.00 元 ÷ 139 = 10.00');
    expect(account.text.en).toContain('÷ 139');
    expect(account.parameters?.[0]).toMatchObject({ name: 'accountPensionDivisor', label: { 'zh-CN': '个人账户养老金计发系数' }, value: { 'zh-CN': '139' } });
    expect(account.parameters?.[0]?.source['zh-CN']).toContain('国发〔2009〕32号《国务院关于开展新型农村社会养老保险试点的指导意见》第六条');
    const central = steps.find((s) => s.key === 'award.centralBasicPension')!;
    expect(central.parameters?.[0]).toMatchObject({ name: 'centralBasicPension', value: { 'zh-CN': '55.00 元/月', en: '55.00 yuan a month' }, level: 'national' });
  });

  it('a county file changes the result from its effective date and not before', async () => {
    // Award month 2010-04 (60 on 2010-03-15): the county top-up starts 2010-05-01, so 55.00 + 0 + 10.00.
    const before = await post('benefit', { scope: '370783', birthDate: '1950-03-15', balances: { individual: '1390' } });
    expect(before.status).toBe(200);
    expect(before.body.result).toMatchObject({ localBasicPensionTopUp: 0, monthlyPension: 6500 });
    // Award month 2010-05 (60 on 2010-04-15): 55.00 + 5.00 + 10.00 = 70.00, the top-up cited from the county file.
    const after = await post('benefit', { scope: '370783', birthDate: '1950-04-15', balances: { individual: '1390' } });
    expect(after.body.result).toMatchObject({ startMonth: '2010-05', localBasicPensionTopUp: 500, monthlyPension: 7000 });
    const topUp = (after.body.explanation as { key: string; parameters?: { level: string; source: Record<string, string> }[] }[]).find((s) => s.key === 'award.localTopUp');
    expect(topUp?.parameters?.[0]).toMatchObject({ level: 'county', source: { 'zh-CN': 'test: county top-up from May 2010' } });
    // Shandong is east: central finance pays 50% of 55.00 = 27.50; the region comes from the scope.
    expect(after.body.result.centralFinanceShare).toBe(2750);
    // The same person under the national defaults: no top-up.
    const national = await post('benefit', { birthDate: '1950-04-15', balances: { individual: '1390' } });
    expect(national.body.result).toMatchObject({ localBasicPensionTopUp: 0, monthlyPension: 6500 });
  });

  it('a 2025 month at the 143.00 floor and a 2026 month at 163.00, each citing its government work report', async () => {
    // 60 on 2025-02-20 → paid from 2025-03: floor 143.00; 1,390.00 ÷ 139 = 10.00; 143.00 + 10.00 = 153.00.
    const y2025 = await post('benefit', { birthDate: '1965-02-20', balances: { individual: '1,390.00' } });
    expect(y2025.status).toBe(200);
    expect(y2025.body.result).toMatchObject({ startMonth: '2025-03', centralBasicPension: 14300, basicPension: 14300, accountPension: 1000, monthlyPension: 15300 });
    expect(y2025.body.yuan).toMatchObject({ basicPension: '143.00', monthlyPension: '153.00' });
    // 60 on 2026-06-01 → paid from 2026-07: floor 163.00; 163.00 + 10.00 = 173.00.
    const y2026 = await post('benefit', { birthDate: '1966-06-01', balances: { individual: '1,390.00' } });
    expect(y2026.body.result).toMatchObject({ startMonth: '2026-07', centralBasicPension: 16300, monthlyPension: 17300 });
    expect(y2026.body.yuan).toMatchObject({ basicPension: '163.00', monthlyPension: '173.00' });
    const cite = (body: Record<string, any>) =>
      (body.explanation as { key: string; parameters?: { name: string; value: Record<string, string>; source: Record<string, string>; from: string }[] }[]).find((s) => s.key === 'award.centralBasicPension')?.parameters?.[0];
    expect(cite(y2025.body)).toMatchObject({ name: 'centralBasicPension', value: { 'zh-CN': '143.00 元/月' }, from: '2025-01-01', source: { 'zh-CN': expect.stringContaining('2025年政府工作报告') } });
    expect(cite(y2026.body)).toMatchObject({ name: 'centralBasicPension', value: { 'zh-CN': '163.00 元/月' }, from: '2026-01-01', source: { 'zh-CN': expect.stringContaining('2026年政府工作报告') } });
  });
});

describe('a national override file', () => {
  it('changes the central floor from its date on and not before, citing the file', async () => {
    const nationalDir = mkdtempSync(join(tmpdir(), 'xnb-national-'));
    try {
      writeFileSync(
        join(nationalDir, 'national.json'),
        JSON.stringify({
          scope: { level: 'national', code: 'CN', name: '全国' },
          parameters: { centralBasicPension: [{ from: '2027-01-01', value: '183.00', source: 'test: 2027 年通知' }] },
        }),
      );
      const parameters = loadParameterLibrary(nationalDir);
      const national = createApp({
        database,
        config: loadConfig({}, { webDir: '/nonexistent', calcRateLimit: 1000 }),
        parameters,
        jobs: new JobRunner(database.db, parameters, createLogger('silent')),
        logger: createLogger('silent'),
        sessionPolicy: DEFAULT_SESSION_POLICY,
      });
      // 60 on 2026-11-15 → 2026-12: 163.00 + 10.00 = 173.00; 60 on 2026-12-15 → 2027-01: 183.00 + 10.00 = 193.00.
      const before = await post('benefit', { birthDate: '1966-11-15', balances: { individual: '1,390.00' } }, 'zh-CN', national);
      expect(before.body.result).toMatchObject({ startMonth: '2026-12', centralBasicPension: 16300, monthlyPension: 17300 });
      const after = await post('benefit', { birthDate: '1966-12-15', balances: { individual: '1,390.00' } }, 'zh-CN', national);
      expect(after.body.result).toMatchObject({ startMonth: '2027-01', centralBasicPension: 18300, monthlyPension: 19300 });
      const central = (after.body.explanation as { key: string; parameters?: { value: Record<string, string>; source: Record<string, string>; level: string }[] }[]).find((s) => s.key === 'award.centralBasicPension');
      expect(central?.parameters?.[0]).toEqual(expect.objectContaining({ value: { 'zh-CN': '183.00 元/月', en: '183.00 yuan a month' }, source: { 'zh-CN': 'test: 2027 年通知', en: 'test: 2027 年通知' }, level: 'national' }));
    } finally {
      rmSync(nationalDir, { recursive: true, force: true });
    }
  });
});

describe('contribution, interest, death', () => {
  it('contribution: the 500 tier in 2016 earns the 60.00 subsidy (国发〔2014〕8号), 560.00 credited', async () => {
    const { status, body } = await post('contribution', { year: 2016, paidOn: '2016-03-10', tier: '500' });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ individual: 50000, governmentSubsidy: 6000, totalCredited: 56000, bySource: { individual: 50000, governmentSubsidy: 6000 } });
    expect(body.yuan.totalCredited).toBe('560.00');
  });

  it('contribution: a grade-1 disabled resident pays nothing on the 100 tier; the government pays it (代缴)', async () => {
    // 2013: minimum tier 100, 100% paid by the government, subsidy 30 → 130 credited, individual 0.
    const { body } = await post('contribution', { year: 2013, paidOn: '2013-04-01', tier: '100.00', identity: 'disabledGrade1' });
    expect(body.result).toMatchObject({ individual: 0, hardshipPayment: 10000, governmentSubsidy: 3000, totalCredited: 13000 });
  });

  it('obligation: 54 at the scheme start, 2 years paid by 2012-03: 4 yearly payments left, 9 years may be back-paid', async () => {
    // Born 1955-06-01, scheme 2009-12-01 → 54, 6 years to 60 (< 15: transitional); 2 paid + 4 to come = 6; 15 − 6 = 9.
    const { status, body } = await post('obligation', { birthDate: '1955-06-01', schemeStartDate: '2009-12-01', asOf: '2012-03-01', yearsCredited: 2 });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ category: 'transitional', ageAtSchemeStart: 54, yearlyPaymentsRemaining: 4, backPayAllowedNow: 9, backPayRequiredNow: 0 });
    // 60 or over at the start pays nothing.
    const old = await post('obligation', { birthDate: '1948-01-01', schemeStartDate: '2009-12-01', asOf: '2010-01-01' });
    expect(old.body.result.category).toBe('noContribution');
  });

  it('interest: 1,000.00 for all of 2016 at 1.50% is 15.00; a credit in the year earns from next January', async () => {
    const { status, body } = await post('interest', {
      year: 2016,
      openingBalances: { individual: '1,000.00' },
      credits: [{ on: '2016-03-10', bySource: { individual: '500.00' } }],
    });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ totalInterest: 1500, closingBalances: { individual: 151500 } });
  });

  it('death after 2014-02-21: three months overpaid are recovered, the whole balance is inheritable', async () => {
    // Died 2021-05-20, paid to 2021-08: 06, 07, 08 → 3 × (103.00 + 10.00) = 339.00.
    const { body } = await post('death', {
      deathDate: '2021-05-20',
      lastPaidMonth: '2021-08',
      monthlyBasicPension: '103.00',
      monthlyAccountPension: '10.00',
      balances: { individual: '1,200.00', governmentSubsidy: '300.00' },
    });
    expect(body.result).toMatchObject({ lastPayableMonth: '2021-05', amountToRecover: 33900, inheritable: 150000, returnedToPool: 0 });
    expect(body.result.overpaidMonths).toEqual(['2021-06', '2021-07', '2021-08']);
  });

  it('death before 2014-02-21: the government subsidy part returns to the pool', async () => {
    const { body } = await post('death', { deathDate: '2012-05-20', balances: { individual: '1,200.00', governmentSubsidy: '300.00' } });
    expect(body.result).toMatchObject({ inheritable: 120000, returnedToPool: 30000, amountToRecover: 0 });
  });
});

describe('scopes and parameters', () => {
  it('lists the national defaults and the county file, not the example', async () => {
    const res = await app.request('/api/calc/scopes');
    const body = (await res.json()) as { items: { code: string; files: string[] }[] };
    expect(body.items.map((s) => s.code)).toEqual(['CN', '370783']);
    expect(body.items[1]?.files).toEqual(['county-370783.json']);
  });

  it('shows every parameter in force on a date with its source', async () => {
    const res = await app.request('/api/calc/parameters?scope=370783&asOf=2010-06-01');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { name: string; value: Record<string, string>; level: string; source: Record<string, string> }[] };
    const byName = new Map(body.items.map((p) => [p.name, p]));
    expect(byName.get('centralBasicPension')).toMatchObject({ value: { 'zh-CN': '55.00 元/月' }, level: 'national' });
    expect(byName.get('localBasicPensionTopUp')).toMatchObject({ value: { 'zh-CN': '5.00 元/月' }, level: 'county' });
    expect(byName.get('accountPensionDivisor')?.source['zh-CN']).toContain('国发〔2009〕32号');
  });
});

describe('bad input', () => {
  it('an amount with three decimals names the field, in zh-CN and en', async () => {
    const zh = await post('benefit', { birthDate: '1950-03-15', balances: { individual: '12.345' } });
    expect(zh.status).toBe(400);
    expect(zh.body).toMatchObject({ code: 'MONEY_TOO_MANY_DECIMALS', field: 'balances.individual' });
    expect(zh.body.message).toContain('两位小数');
    const en = await post('benefit', { birthDate: '1950-03-15', balances: { individual: '12.345' } }, 'en');
    expect(en.body.message).toContain('more than two decimals');
  });

  it('a tier that does not exist lists the allowed tiers', async () => {
    const { status, body } = await post('contribution', { year: 2016, paidOn: '2016-03-10', tier: '150' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'CONTRIBUTION_TIER_INVALID', field: 'tier' });
    expect(body.message).toContain('150.00');
    expect(body.message).toContain('100.00');
  });

  it('a missing or malformed field, an unknown field, an impossible date and an unknown scope are refused', async () => {
    const missing = await post('benefit', { balances: {} });
    expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'birthDate' });
    const unknown = await post('benefit', { birthDate: '1950-03-15', salary: '1' });
    expect(unknown.status).toBe(400);
    const date = await post('benefit', { birthDate: '1950-02-30' });
    expect(date.body).toMatchObject({ code: 'DATE_FORMAT', field: 'birthDate' });
    const scope = await post('benefit', { scope: '110101', birthDate: '1950-03-15' });
    expect(scope.body).toMatchObject({ code: 'CALC_SCOPE_UNKNOWN', field: 'scope' });
    expect(scope.body.message).toContain('370783');
    const negative = await post('death', { deathDate: '2021-05-20', monthlyBasicPension: '-5' });
    expect(negative.body).toMatchObject({ code: 'MONEY_NEGATIVE', field: 'monthlyBasicPension' });
  });

  it('is rate-limited per address', async () => {
    const limited = appWith(3);
    for (let i = 0; i < 3; i++) expect((await post('benefit', { birthDate: '1950-03-15' }, 'zh-CN', limited)).status).toBe(200);
    const refused = await post('benefit', { birthDate: '1950-03-15' }, 'zh-CN', limited);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
