// Money not yet sent is withdrawn, and only what the bank paid is recovered (issue 7), over the real app:
// a death or a suspension after a payroll is generated withdraws the line the bank does not have; a line the
// bank has is recovered only if the bank returns it paid; premiums paid after a death are reversed; a
// pensioner who draws the employee pension is stopped from its first month and returns the basic pension.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../src/http/clock.js';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let reviewer: Session;
let finance: Session;
let bank: Session;
let auditor: Session;
let coord: Session;
const ids: Record<string, number> = {};
const pensionIds: Record<string, number> = {};

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
function returnFile(rows: string[] = []) {
  const form = new FormData();
  form.append('file', new File([`付款编号,公民身份号码,失败原因\n${rows.join('\n')}`], 'return.csv', { type: 'text/csv' }));
  return form;
}
async function generate(month: string) {
  expect((await reviewer.send('POST', '/api/payroll', { month })).status).toBe(202);
  await t.jobs.idle();
  expect((await finance.send('POST', `/api/payroll/${month}/approve`)).status).toBe(200);
}
async function line(month: string, name: string) {
  const lines = await json(await reviewer.get(`/api/payroll/${month}/lines?pageSize=100`));
  return lines.items.find((l: { name: string }) => l.name === name);
}
async function idNumber(residentId: number) {
  return (await t.database.db.selectFrom('resident').select('id_number').where('id', '=', residentId).executeTakeFirstOrThrow()).id_number;
}
async function accountSum(residentId: number) {
  const rows = await t.database.db.selectFrom('account_entry').select(['amount']).where('resident_id', '=', residentId).execute();
  return rows.reduce((s, r) => s + r.amount, 0);
}

beforeAll(async () => {
  t = await createTestApp();
  reviewer = await t.signIn(t.users.benefit_reviewer);
  finance = await t.signIn(t.users.finance_officer);
  bank = await t.signIn(t.users.agent_bank);
  auditor = await t.signIn(t.users.county_enrolment_auditor);
  coord = await t.signIn(t.users.village_coordinator);
  // Four pensioners 60 or over at the scheme start (nothing to pay), with 500.00 + 150.00 in the account each.
  for (const [i, name] of ['甲', '乙', '丙', '丁'].entries()) {
    ids[name] = await enrolledPerson(t, { name, birth: `1948-0${i + 1}-10`, village: HOME.village, years: 5, firstYear: 2010, sex: 'M', bankAccount: `6228480000000${i}` });
  }
  // 戊: a contributor (no pension) with three years, who died on 2026-03-01; a premium was recorded after.
  ids.戊 = await enrolledPerson(t, { name: '戊', birth: '1975-01-01', village: HOME.village, years: 3, firstYear: 2010 });
  const award = await json(await reviewer.send('POST', '/api/pensions/award', { month: '2026-01' }));
  expect(award.awarded).toBe(4);
  for (const p of (await json(await reviewer.get('/api/pensions'))).items) pensionIds[p.name] = p.id;
  await t.database.db.updateTable('pension').set({ last_certified_on: chinaToday() }).where('id', 'in', Object.values(pensionIds)).execute();
  await setPaidThrough(t.database.db, '2025-12', { ids: Object.values(pensionIds) });
  // 乙 was certified on 2025-01-10: due 2026-01-10, suspended from 2026-02 when the overdue are suspended.
  await t.database.db.updateTable('pension').set({ last_certified_on: '2025-01-10' }).where('id', '=', pensionIds.乙!).execute();
  // January goes through the bank and is paid.
  await generate('2026-01');
  expect((await bank.get('/api/payroll/2026-01/bank-file')).status).toBe(200);
  expect((await bank.send('POST', '/api/payroll/2026-01/bank-return', returnFile())).status).toBe(200);
  // February is generated and approved; the bank does not have it yet.
  await generate('2026-02');
});
afterAll(async () => {
  await t.close();
});

describe('before the bank has the payroll', () => {
  it('a death withdraws the line: not in the bank file, not in the totals, its account debit reversed, nothing to recover', async () => {
    const feb = await line('2026-02', '甲');
    expect(feb.status).toBe('pending');
    const before = await json(await reviewer.get('/api/payroll/2026-02'));
    const res = await auditor.send('POST', `/api/residents/${ids.甲}/terminate-enrolment`, { reason: 'death', on: '2026-01-15' });
    expect(res.status).toBe(200);
    const withdrawn = await line('2026-02', '甲');
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnReason: expect.stringContaining('死亡') });
    const after = await json(await reviewer.get('/api/payroll/2026-02'));
    expect(after.totals).toMatchObject({ lines: before.totals.lines - 1, amount: before.totals.amount - feb.amount, withdrawn: 1, withdrawnAmount: feb.amount });
    const death = (await json(res)).death;
    expect(death).toMatchObject({ amountToRecover: 0, recoveryStatus: 'none' });
    // The line's own debit and its reversal cancel; the account is settled to zero.
    const lineEntries = await t.database.db.selectFrom('account_entry').select('amount').where('payment_id', '=', feb.id).execute();
    expect(lineEntries.reduce((s, e) => s + e.amount, 0)).toBe(0);
    expect(lineEntries.length).toBeGreaterThan(1);
    expect(await accountSum(ids.甲!)).toBe(0);
  });

  it('a suspension withdraws the suspended months; after certification the next payroll pays them back', async () => {
    const suspended = await json(await reviewer.send('POST', '/api/pensions/suspend-overdue', {}));
    expect(suspended.suspended).toBe(1);
    expect(await line('2026-02', '乙')).toMatchObject({ status: 'withdrawn', withdrawnReason: expect.stringContaining('资格认证') });
    const paidThrough = await t.database.db.selectFrom('pension_paid_through').select('paid_through').where('pension_id', '=', pensionIds.乙!).executeTakeFirstOrThrow();
    expect(paidThrough.paid_through).toBe('2026-01');
  });

  it('the bank file leaves the withdrawn lines out', async () => {
    const file = await bank.get('/api/payroll/2026-02/bank-file');
    const text = await file.text();
    expect(text).not.toContain(await idNumber(ids.甲!));
    expect(text).not.toContain(await idNumber(ids.乙!));
    expect(text).toContain(await idNumber(ids.丙!));
  });
});

describe('once the bank has the payroll', () => {
  it('a death counts the line as paid after death until the bank returns it failed; then nothing is recovered', async () => {
    const res = await json(await auditor.send('POST', `/api/residents/${ids.丙}/terminate-enrolment`, { reason: 'death', on: '2026-01-20' }));
    const feb = await line('2026-02', '丙');
    expect(feb.status).toBe('pending');
    expect(res.death).toMatchObject({ amountToRecover: feb.amount });
    const settled = await bank.send('POST', '/api/payroll/2026-02/bank-return', returnFile([`${feb.id},${await idNumber(ids.丙!)},户主已故，账户冻结`]));
    expect(settled.status).toBe(200);
    const death = await json(await reviewer.get(`/api/deaths/${res.death.id}`));
    expect(death).toMatchObject({ amountToRecover: 0, overpaidMonths: 0, recoveryStatus: 'none' });
    // A failed line of a stopped pension is not paid again.
    await generate('2026-03');
    expect(await line('2026-03', '丙')).toBeUndefined();
  });

  it('a suspended pension certified again is paid the withdrawn month back with the next one', async () => {
    // 乙 was certified again in March (the March payroll above did not pay him: he was still suspended).
    expect(await line('2026-03', '乙')).toBeUndefined();
    const res = await json(await coord.send('POST', '/api/pensions/certify', { pensionIds: [pensionIds.乙], certifiedOn: '2026-03-20', method: 'visit' }));
    expect(res).toMatchObject({ recorded: 1, resumed: 1 });
    expect((await bank.get('/api/payroll/2026-03/bank-file')).status).toBe(200);
    expect((await bank.send('POST', '/api/payroll/2026-03/bank-return', returnFile())).status).toBe(200);
    await generate('2026-04');
    expect(await line('2026-04', '乙')).toMatchObject({ fromMonth: '2026-02', toMonth: '2026-04', months: 3 });
  });
});

describe('a pensioner who also draws the employee pension (重复领取)', () => {
  it('stops from the month it began, recovers the basic pension the bank paid for those months, refunds the account less subsidies', async () => {
    const feb = await line('2026-02', '丁');
    const mar = await line('2026-03', '丁');
    expect([feb.status, mar.status]).toEqual(['paid', 'paid']);
    const apr = await line('2026-04', '丁');
    expect(apr.status).toBe('pending');
    const res = await auditor.send('POST', `/api/residents/${ids.丁}/terminate-enrolment`, { reason: 'employee_pension', on: '2026-04-02', otherBenefitFrom: '2026-02' });
    expect(res.status).toBe(200);
    expect((await json(res)).pension).toMatchObject({ status: 'stopped' });
    expect(await line('2026-04', '丁')).toMatchObject({ status: 'withdrawn' });
    const row = await t.database.db.selectFrom('death_settlement').selectAll().where('resident_id', '=', ids.丁!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'dual_benefit', other_benefit_from: '2026-02', overpaid_months: 2, basic_to_recover: feb.basicPension + mar.basicPension, account_to_recover: 0 });
    expect(row.returned_to_pool).toBeGreaterThan(0);
    expect(row.inheritable + row.returned_to_pool).toBe(row.balance);
    // The basic pension to return is set off against the refund.
    expect(row).toMatchObject({ recovered: Math.min(row.basic_to_recover, row.inheritable) });
    // 5 × 30.00 of subsidy minus what the account pension drew from it goes back; the rest is refunded.
    const entries = await t.database.db.selectFrom('account_entry').select(['kind', 'source', 'amount']).where('resident_id', '=', ids.丁!).where('kind', 'in', ['refund', 'pool']).execute();
    expect(entries.map((e) => [e.kind, e.source]).sort()).toEqual([
      ['pool', 'governmentSubsidy'],
      ['refund', 'individual'],
    ]);
  });

  it('is not paid again', async () => {
    const p = await t.database.db.selectFrom('pension').select(['status', 'stop_reason']).where('id', '=', pensionIds.丁!).executeTakeFirstOrThrow();
    expect(p).toEqual({ status: 'stopped', stop_reason: 'dual_benefit' });
    expect(await accountSum(ids.丁!)).toBe(0);
  });
});

describe('premiums after a death', () => {
  it('are reversed: the individual part refunded to the heirs, and the settlement says so', async () => {
    const paid = await coord.send('POST', '/api/contributions', { residentId: ids.戊, tier: '200', channel: 'cash', receiptNo: 'SG-2026-0001', paidOn: '2026-03-10' });
    expect(paid.status).toBe(200);
    const res = await json(await auditor.send('POST', `/api/residents/${ids.戊}/terminate-enrolment`, { reason: 'death', on: '2026-03-01' }));
    const death = await json(await reviewer.get(`/api/deaths/${res.death.id}`));
    expect(death.explanation.map((s: { key: string }) => s.key)).toContain('death.refundedPremiums');
    // The three earlier years (390.00) are inherited; the 200.00 premium is refunded, its subsidy is not credited.
    expect(death).toMatchObject({ balance: 39000, inheritable: 39000 });
    const c = await t.database.db.selectFrom('contribution').select(['status', 'reversal_reason']).where('resident_id', '=', ids.戊!).where('year', '=', 2026).executeTakeFirstOrThrow();
    expect(c.status).toBe('reversed');
    const row = await t.database.db.selectFrom('death_settlement').select('refunded_premiums').where('resident_id', '=', ids.戊!).executeTakeFirstOrThrow();
    expect(row.refunded_premiums).toBe(20000);
    expect(await accountSum(ids.戊!)).toBe(0);
  });
});

describe('verify ledger', () => {
  it('is green after all of the above, for the director, and names a hand-edited entry', async () => {
    const director = await t.signIn(t.users.county_director);
    const ok = await json(await director.get('/api/ledger/verify'));
    expect(ok.checks.filter((c: { problems: unknown[] }) => c.problems.length > 0)).toEqual([]);
    expect(ok).toMatchObject({ ok: true, counties: ['370783'] });
    expect(ok.totals.lines).toBeGreaterThan(10);
    expect((await coord.get('/api/ledger/verify')).status).toBe(403);
    // A debit of a paid line changed by hand (past the append-only guard): the line no longer equals its debits.
    const feb = await line('2026-02', '丁');
    const entry = await t.database.db.selectFrom('account_entry').select(['id', 'amount']).where('payment_id', '=', feb.id).executeTakeFirstOrThrow();
    const byHand = async (amount: number) => {
      await sql`alter table account_entry disable trigger account_entry_no_update`.execute(t.database.db);
      await t.database.db.updateTable('account_entry').set({ amount }).where('id', '=', entry.id).execute();
      await sql`alter table account_entry enable trigger account_entry_no_update`.execute(t.database.db);
    };
    await byHand(entry.amount - 1);
    const bad = await json(await director.get('/api/ledger/verify'));
    expect(bad.ok).toBe(false);
    const failed = bad.checks.filter((c: { problems: unknown[] }) => c.problems.length > 0).map((c: { name: string }) => c.name);
    expect(failed).toContain('payroll-line-debits');
    expect(JSON.stringify(bad)).toContain(`payment ${feb.id}`);
    await byHand(entry.amount);
    expect((await json(await director.get('/api/ledger/verify'))).ok).toBe(true);
  });
});
