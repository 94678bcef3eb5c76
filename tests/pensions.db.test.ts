// Pension award (待遇核定) over the real app. Expected amounts worked out by hand from the national
// defaults (scheme start 2009-09-01; central basic pension 55.00 from 2009, 70.00 from 2014-07-01, 123.00
// from 2024, 143.00 from 2025, 163.00 from 2026, so in 2027 too; no local top-up or long-contribution extra; account pension = balance ÷ 139 rounded half-up).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledPerson } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let reviewer: Session;
let coord: Session;
let clerk: Session;
let director: Session;
const ids: Record<string, number> = {};

/** An enrolled person with `years` yearly premiums from `firstYear`, each crediting `individual` + `subsidy` fen. */
async function person(name: string, birth: string, village: string, years: number, firstYear: number, individual: number, subsidy: number) {
  ids[name] = await enrolledPerson(t, { name, birth, village, years, firstYear, individual, subsidy });
}

beforeAll(async () => {
  t = await createTestApp();
  reviewer = await t.signIn(t.users.benefit_reviewer);
  coord = await t.signIn(t.users.village_coordinator);
  clerk = await t.signIn(t.users.township_clerk);
  director = await t.signIn(t.users.county_director);
  // 乙: 42 at the scheme start (must reach 15 years), 15 years of 100.00 + 30.00: 1,950.00 at award.
  await person('乙', '1966-12-10', HOME.village, 15, 2011, 10000, 3000);
  // 丙: same category, only 10 years: must back-pay 5 first.
  await person('丙', '1966-11-20', HOME.siblingVillage, 10, 2016, 10000, 3000);
  // 丁: turns 60 on 1967-03-01, paid from 2027-04: not due by 2027-01.
  await person('丁', '1967-03-01', HOME.village, 15, 2011, 10000, 3000);
  // 戊: 54 at the scheme start (fewer than 15 years to go: owes ages 54–59, 6 years), 6 years of 100.00 + 30.00
  // (the last on 2015-03-15): 780.00; 60 on 2015-06-15.
  await person('戊', '1955-06-15', HOME.otherVillage, 6, 2010, 10000, 3000);
});
afterAll(async () => {
  await t.close();
});

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('the list due for award', () => {
  it('lists who is paid from 2027-01 or before, with what the engine awards and who must back-pay first', async () => {
    const res = await reviewer.get('/api/pensions/due?month=2027-01');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.month).toBe('2027-01');
    expect(body.items.map((r: { name: string }) => r.name)).toEqual(['戊', '丙', '乙']);
    const [wu, bing, yi] = body.items;
    // 1,950.00 ÷ 139 = 14.028… → 14.03; 163.00 + 14.03 = 177.03.
    expect(yi).toMatchObject({ startMonth: '2027-01', pensionAgeDate: '2026-12-10', category: 'standard', contributionYears: 15, accountBalance: 195000, basicPension: 16300, accountPension: 1403, monthlyPension: 17703, eligible: true, backPayRequired: 0 });
    expect(bing).toMatchObject({ category: 'standard', contributionYears: 10, eligible: false, backPayRequired: 5 });
    // Paid from the month after 2015-06-15 at that month's floor: 70.00 + 780.00 ÷ 139 (5.611… → 5.61) = 75.61.
    expect(wu).toMatchObject({ startMonth: '2015-07', category: 'transitional', accountBalance: 78000, basicPension: 7000, accountPension: 561, monthlyPension: 7561, eligible: true, conditionsMetOn: '2015-06-15' });
    expect(wu.reason['zh-CN']).toContain('应按年缴费');
    expect(bing.reason['zh-CN']).toContain('还须补缴 5 年');
    expect(body.summary).toEqual({ people: 3, eligible: 2, monthlyTotal: 17703 + 7561 });
    expect(body.items[0].idNumberMasked).toMatch(/\*/);
  });

  it('filters eligible / not, pages, and keeps each user to their region', async () => {
    expect((await json(await reviewer.get('/api/pensions/due?month=2027-01&eligible=no'))).items.map((r: { name: string }) => r.name)).toEqual(['丙']);
    const page2 = await json(await reviewer.get('/api/pensions/due?month=2027-01&page=2&pageSize=2'));
    expect(page2).toMatchObject({ total: 3 });
    expect(page2.items.map((r: { name: string }) => r.name)).toEqual(['乙']);
    expect((await json(await clerk.get('/api/pensions/due?month=2027-01'))).items.map((r: { name: string }) => r.name)).toEqual(['丙', '乙']);
    expect((await json(await coord.get('/api/pensions/due?month=2027-01'))).items.map((r: { name: string }) => r.name)).toEqual(['乙']);
    expect((await json(await reviewer.get('/api/pensions/due?month=2027-03'))).summary.people).toBe(3);
    expect((await json(await reviewer.get('/api/pensions/due?month=2027-04'))).summary.people).toBe(4);
  });

  it('names the field of a malformed month', async () => {
    const res = await reviewer.get('/api/pensions/due?month=2027-13');
    expect(res.status).toBe(400);
    expect(JSON.stringify(await json(res))).toContain('month');
  });

  it('exports the list to Excel with a total row', async () => {
    const res = await reviewer.get('/api/pensions/due/export?month=2027-01');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('姓名');
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getRow(4).getCell(13).value).toBe(177.03);
    expect(String(sheet.getRow(5).getCell(1).value)).toContain('可核定 2 人');
  });
});

describe('awarding', () => {
  it('awards the eligible, refuses the others with the reason, ends their contributions', async () => {
    const res = await reviewer.send('POST', '/api/pensions/award', { month: '2027-01', residentIds: [ids.乙, ids.丙, ids.丁] });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ awarded: 1, monthlyTotal: 17703 });
    expect(body.refused.map((r: { name: string; code: string }) => [r.name, r.code])).toEqual([
      ['丁', 'PENSION_NOT_DUE'],
      ['丙', 'PENSION_BACKPAY_REQUIRED'],
    ]);
    expect(body.refused[1].message).toBe('丙 累计缴费 10 年，须补缴 5 年后才能核定');
    const enrolment = await t.database.db.selectFrom('enrolment').select('payment_status').where('resident_id', '=', ids.乙!).executeTakeFirstOrThrow();
    expect(enrolment.payment_status).toBe('ended');
    const audit = await t.database.db.selectFrom('audit_log').select(['entity_id', 'region_code']).where('action', '=', 'pension.award').execute();
    expect(audit).toEqual([{ entity_id: String(body.pensionIds[0]), region_code: HOME.village }]);
    // No premium is collected from a pensioner.
    const pay = await json(await t.signIn(t.users.account_manager).then((s) => s.send('POST', '/api/contributions', { residentId: ids.乙, tier: '100', channel: 'bank' })));
    expect(pay.code).toBe('CONTRIBUTION_NOT_PAYING');
  });

  it('does not award a person twice, and answers in English when asked', async () => {
    const res = await reviewer.send('POST', '/api/pensions/award', { month: '2027-01', residentIds: [ids.乙] }, { 'accept-language': 'en' });
    const body = await json(res);
    expect(body).toMatchObject({ awarded: 0, monthlyTotal: 0 });
    expect(body.refused).toEqual([{ residentId: ids.乙, name: '乙', code: 'PENSION_ALREADY_AWARDED', message: expect.stringContaining('already has a pension') }]);
    const { n } = await t.database.db.selectFrom('pension').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(1);
  });

  it('without a list awards everyone eligible due by the month', async () => {
    const body = await json(await reviewer.send('POST', '/api/pensions/award', { month: '2027-01' }));
    expect(body).toMatchObject({ awarded: 1, monthlyTotal: 7561 });
    expect(body.refused.map((r: { name: string }) => r.name)).toEqual(['丙']);
    expect((await json(await reviewer.get('/api/pensions/due?month=2027-01'))).items.map((r: { name: string }) => r.name)).toEqual(['丙']);
  });

  it('may only be done by the benefit reviewer', async () => {
    expect((await coord.send('POST', '/api/pensions/award', { month: '2027-01' })).status).toBe(403);
    expect((await director.send('POST', '/api/pensions/award', { month: '2027-01' })).status).toBe(403);
  });
});

describe('the roll of pensioners', () => {
  it('lists the pensions with the monthly total, in the region of the user', async () => {
    const all = await json(await director.get('/api/pensions'));
    expect(all.total).toBe(2);
    // The monthly total is at this month's rates: 戊 was awarded 70.00 + 5.61 in 2015 and is paid 163.00 + 5.61 now (2026).
    expect(all.summary).toEqual({ count: 2, monthlyTotal: 17703 + 16861 });
    expect(all.items[0]).toMatchObject({ name: '戊', monthlyPension: 7561, currentMonthlyPension: 16861 });
    expect(all.items.map((p: { name: string }) => p.name)).toEqual(['戊', '乙']);
    expect(all.items[1]).toMatchObject({ status: 'active', startMonth: '2027-01', centralBasicPension: 16300, basicPension: 16300, accountPension: 1403, monthlyPension: 17703, contributionYears: 15 });
    expect((await json(await clerk.get('/api/pensions'))).items.map((p: { name: string }) => p.name)).toEqual(['乙']);
    expect((await json(await director.get('/api/pensions?q=戊'))).total).toBe(1);
    expect((await json(await director.get('/api/pensions?startMonth=2015-07'))).items.map((p: { name: string }) => p.name)).toEqual(['戊']);
  });

  it('shows one pension with the account by source and the explanation, and refuses another region', async () => {
    const list = await json(await director.get('/api/pensions'));
    const [wu, yi] = list.items;
    const detail = await json(await clerk.get(`/api/pensions/${yi.id}`));
    expect(detail.balancesAtAward).toMatchObject({ individual: 150000, governmentSubsidy: 45000 });
    // 14.03 drawn in proportion 150,000 : 45,000 = 10 : 3 → 10.792… and 3.237… ; the last fen goes to the larger remainder.
    expect(detail.accountPensionBySource).toMatchObject({ individual: 1079, governmentSubsidy: 324 });
    expect(detail.explanation.some((s: { text: { 'zh-CN': string } }) => s.text['zh-CN'].includes('÷ 139'))).toBe(true);
    // The award keeps why it starts when it does: the category's obligation and the day it was met.
    expect(detail.explanation.map((s: { key: string }) => s.key)).toEqual(expect.arrayContaining(['conditions.standard', 'conditions.obligationMet', 'award.startMonth']));
    const denied = await clerk.get(`/api/pensions/${wu.id}`);
    expect(denied.status).toBe(403);
    expect((await json(denied)).code).toBe('NOT_IN_YOUR_REGION');
    expect((await director.get('/api/pensions/999999')).status).toBe(404);
  });

  it('stores each parameter citation once, named by its hash, and reads the explanation back whole', async () => {
    const stored = await sql<{ id: number; explanation: { key: string; parameters?: unknown[] }[] }>`select id, explanation from pension order by id`.execute(t.database.db);
    expect(stored.rows.length).toBe(2);
    const named = stored.rows.flatMap((r) => r.explanation.flatMap((s) => s.parameters ?? []));
    // Every citation of a stored explanation is a hash; the two awards cite some of the same parameters.
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((c) => typeof c === 'string' && /^[0-9a-f]{32}$/.test(c))).toBe(true);
    const distinct = new Set(named);
    expect(distinct.size).toBeLessThan(named.length);
    const kept = await sql<{ hash: string; citation: { label: { 'zh-CN': string } } }>`select hash, citation from explanation_citation`.execute(t.database.db);
    expect(new Set(kept.rows.map((r) => r.hash))).toEqual(distinct);
    // Read back, each step has its citations written out again, in the order the engine gave them.
    const detail = await json(await director.get(`/api/pensions/${stored.rows[1]!.id}`));
    const steps = detail.explanation as { key: string; parameters?: { name: string; label: { 'zh-CN': string }; source: { 'zh-CN': string } }[] }[];
    expect(steps.map((s) => s.key)).toEqual(stored.rows[1]!.explanation.map((s) => s.key));
    steps.forEach((s, k) => expect(s.parameters?.length ?? 0).toBe(stored.rows[1]!.explanation[k]!.parameters?.length ?? 0));
    const age = steps.flatMap((s) => s.parameters ?? []).find((c) => c.name === 'pensionAge');
    expect(age?.label['zh-CN']).toBe('领取年龄');
    expect(age?.source['zh-CN']).toContain('国发');
    // A kept citation is never changed: the explanation reads back as it was written.
    await expect(sql`update explanation_citation set citation = '{}'::jsonb`.execute(t.database.db)).rejects.toThrow(/never changed/);
  });

  it('shows the pension on the resident record', async () => {
    const r = await json(await coord.get(`/api/residents/${ids.乙}`));
    expect(r.pension).toMatchObject({ status: 'active', startMonth: '2027-01', monthlyPension: 17703 });
    expect((await json(await coord.get(`/api/residents/${ids.丁}`))).pension).toBeNull();
  });

  it('prints the award form and exports the roll', async () => {
    const list = await json(await director.get('/api/pensions'));
    const pdf = await director.get(`/api/pensions/${list.items[1].id}/award.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
    mkdirSync(join('artifacts', 'pdf'), { recursive: true });
    writeFileSync(join('artifacts', 'pdf', 'pension-award.pdf'), bytes); // for a look with pdftoppm
    const xlsx = await director.get('/api/pensions/export');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).getCell(15).value).toBe('当前月养老金');
    // 177.03 + 168.61.
    expect(sheet.getRow(4).getCell(15).value).toBe(345.64);
  });
});
