// The dashboard of the system administrator and the county director warns about national parameter tables
// not reviewed for more than 12 months, naming the table, in zh-CN and en.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildParameterLibrary } from '../src/modules/calculator/library.js';
import { NATIONAL_DEFAULTS } from '../src/rules/index.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  // The built-in defaults with the interest rate table last reviewed on 2024-06-30: stale on any day after 2025-06-30.
  const stale = { ...NATIONAL_DEFAULTS, reviewedOn: { ...NATIONAL_DEFAULTS.reviewedOn, interestRate: '2024-06-30' } };
  t = await createTestApp({}, { parameters: buildParameterLibrary([], stale) });
});
afterAll(async () => {
  await t.close();
});

async function dashboard(username: string, lang = 'zh-CN'): Promise<Record<string, any>> {
  const session = await t.signIn(username);
  const res = await session.get('/api/dashboard', { 'accept-language': lang });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, any>;
}

describe('parameter review warnings on the dashboard', () => {
  it('shows the system administrator the stale table by name, in zh-CN and en', async () => {
    const zh = await dashboard(t.users.system_admin);
    expect(zh.parameterReview).toEqual([
      {
        name: 'interestRate',
        title: '个人账户记账利率（年）',
        reviewedOn: '2024-06-30',
        message: '全国参数表「个人账户记账利率」(interestRate) 上次核对于 2024-06-30，已超过 12 个月，请对照最新文件核对',
      },
    ]);
    const en = await dashboard(t.users.system_admin, 'en');
    expect(en.parameterReview[0].message).toBe(
      'The national table "account interest rate" (interestRate) was last reviewed on 2024-06-30, more than 12 months ago: check it against the current documents',
    );
  });

  it('shows the county director too, and nobody else', async () => {
    expect((await dashboard(t.users.county_director)).parameterReview.map((w: { name: string }) => w.name)).toEqual(['interestRate']);
    for (const role of ['benefit_reviewer', 'township_clerk', 'supervisor'] as const) {
      expect((await dashboard(t.users[role])).parameterReview).toBeUndefined();
    }
  });
});
