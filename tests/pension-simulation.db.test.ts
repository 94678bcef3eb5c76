// A seeded random walk over a small county (issue 7): month by month, payrolls are generated, approved and
// sent to the bank with random failures, while people die (before or after the bank has the month), are
// suspended and certified again, or turn out to draw the employee pension. After every step `verify ledger`
// is green, nobody is paid for a month before their start month, nothing the bank paid after a death or in a
// dual-benefit overlap escapes the settlement, and no withdrawn or failed month is paid to a stopped pension.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { suspendOverdue } from '../src/modules/pensions/certification.js';
import { addMonths, NATIONAL_PARAMETERS } from '../src/rules/index.js';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let reviewer: Session;
let finance: Session;
let bank: Session;
let auditor: Session;
let coord: Session;

/** mulberry32: a small deterministic generator, so a failing walk can be replayed from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
function returnFile(rows: string[]) {
  const form = new FormData();
  form.append('file', new File([`付款编号,公民身份号码,失败原因\n${rows.join('\n')}`], `return-${rows.length}-${Math.random()}.csv`, { type: 'text/csv' }));
  return form;
}

async function invariants(step: string) {
  const ledger = await verifyLedger(t.database.db, '370783');
  expect(ledger.checks.filter((c) => c.problems.length > 0), step).toEqual([]);
  const db = t.database.db;
  // Paid (or with the bank) for a month after a death / inside a dual-benefit overlap ⇒ named in the settlement.
  const settlements = await db.selectFrom('death_settlement').select(['pension_id', 'last_payable_month', 'overpaid_lines']).where('pension_id', 'is not', null).execute();
  for (const s of settlements) {
    const named = new Set(((typeof s.overpaid_lines === 'string' ? JSON.parse(s.overpaid_lines) : s.overpaid_lines) as { paymentId: number }[]).map((l) => l.paymentId));
    const paidAfter = await db
      .selectFrom('pension_payment as l')
      .innerJoin('payroll as p', (j) => j.onRef('p.county_code', '=', 'l.county_code').onRef('p.month', '=', 'l.month'))
      .select(['l.id', 'l.status', 'p.bank_file_at'])
      .where('l.pension_id', '=', s.pension_id!)
      .where('l.to_month', '>', s.last_payable_month)
      .execute();
    for (const l of paidAfter) {
      if (l.status === 'paid' || (l.status === 'pending' && l.bank_file_at !== null)) expect(named.has(l.id), `${step}: line ${l.id} paid after the stop is recovered`).toBe(true);
      // Nothing after the stop is still waiting to be sent.
      expect(l.status === 'pending' && l.bank_file_at === null, `${step}: line ${l.id} is not pending unsent`).toBe(false);
    }
  }
}

describe.each([20091201, 370783])('a random walk of a small county (seed %i)', (seed) => {
  const rnd = random(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const people: number[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    reviewer = await t.signIn(t.users.benefit_reviewer);
    finance = await t.signIn(t.users.finance_officer);
    bank = await t.signIn(t.users.agent_bank);
    auditor = await t.signIn(t.users.county_enrolment_auditor);
    coord = await t.signIn(t.users.village_coordinator);
    for (let i = 0; i < 14; i++) {
      // 60 or over at the start (no account) or 55–59 with every year paid (an account drawn monthly).
      const old = rnd() < 0.5;
      const birth = old ? `194${Math.floor(rnd() * 9)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}` : `1952-0${1 + Math.floor(rnd() * 9)}-0${1 + Math.floor(rnd() * 9)}`;
      people.push(await enrolledPerson(t, { name: `模拟${i}`, birth, village: HOME.village, years: old ? 0 : 8, firstYear: 2009, sex: 'M', bankAccount: `62284899${String(i).padStart(4, '0')}` }));
    }
    const award = await json(await reviewer.send('POST', '/api/pensions/award', { month: '2025-01' }));
    expect(award.awarded).toBeGreaterThan(5);
    await t.database.db.updateTable('pension').set({ last_certified_on: '2024-12-20' }).execute();
    await setPaidThrough(t.database.db, '2024-12');
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('keeps the books and the rules after every step', { timeout: 240_000 }, async () => {
    const db = t.database.db;
    const actor = { userId: (await db.selectFrom('staff_user').select('id').where('username', '=', t.users.benefit_reviewer).executeTakeFirstOrThrow()).id, username: t.users.benefit_reviewer, role: 'benefit_reviewer', regionCode: '370783000000', requestId: null, ip: null };
    for (let month = '2025-01'; month <= '2025-09'; month = addMonths(month, 1)) {
      expect((await reviewer.send('POST', '/api/payroll', { month })).status).toBe(202);
      await t.jobs.idle();
      await invariants(`${month} generated`);
      expect((await finance.send('POST', `/api/payroll/${month}/approve`)).status).toBe(200);
      const alive = await db.selectFrom('pension').select(['id', 'resident_id', 'status']).where('status', '<>', 'stopped').execute();
      // Before the bank has the month: a death, a dual benefit or a suspension, now and then.
      const event = rnd();
      if (alive.length > 0 && event < 0.15) {
        const p = pick(alive);
        const on = `${addMonths(month, -Math.floor(rnd() * 3))}-0${1 + Math.floor(rnd() * 8)}`;
        expect((await auditor.send('POST', `/api/residents/${p.resident_id}/terminate-enrolment`, { reason: 'death', on })).status, `${month} death`).toBe(200);
      } else if (alive.length > 0 && event < 0.22) {
        const p = pick(alive);
        expect((await auditor.send('POST', `/api/residents/${p.resident_id}/terminate-enrolment`, { reason: 'employee_pension', on: `${month}-02`, otherBenefitFrom: addMonths(month, -Math.floor(rnd() * 3)) })).status, `${month} dual`).toBe(200);
      } else if (alive.length > 0 && event < 0.4) {
        const p = pick(alive.filter((x) => x.status === 'active').length > 0 ? alive.filter((x) => x.status === 'active') : alive);
        await db.updateTable('pension').set({ last_certified_on: `${addMonths(month, -13)}-15` }).where('id', '=', p.id).execute();
        await suspendOverdue(db, actor, { countyCode: '370783', scopePrefix: '370783', parameters: NATIONAL_PARAMETERS }, `${month}-01`);
      }
      await invariants(`${month} approved`);
      // The bank takes the file and fails some lines.
      expect((await bank.get(`/api/payroll/${month}/bank-file`)).status).toBe(200);
      const lines = (await json(await reviewer.get(`/api/payroll/${month}/lines?pageSize=100&status=pending`))).items as { id: number; residentId: number }[];
      // A death while the bank has the month.
      if (alive.length > 0 && rnd() < 0.15) {
        const p = pick(alive);
        const state = await db.selectFrom('enrolment').select('status').where('resident_id', '=', p.resident_id).executeTakeFirstOrThrow();
        if (state.status !== 'terminated') expect((await auditor.send('POST', `/api/residents/${p.resident_id}/terminate-enrolment`, { reason: 'death', on: `${addMonths(month, -1)}-20` })).status).toBe(200);
      }
      const failed = [];
      for (const l of lines) {
        if (rnd() < 0.2) {
          const idNumber = (await db.selectFrom('resident').select('id_number').where('id', '=', l.residentId).executeTakeFirstOrThrow()).id_number;
          failed.push(`${l.id},${idNumber},账户异常`);
        }
      }
      expect((await bank.send('POST', `/api/payroll/${month}/bank-return`, returnFile(failed))).status, `${month} bank return`).toBe(200);
      await invariants(`${month} settled`);
      // Now and then the suspended are certified again (paid back by the next payroll).
      const suspended = await db.selectFrom('pension').select('id').where('status', '=', 'suspended').execute();
      if (suspended.length > 0 && rnd() < 0.6) {
        expect((await coord.send('POST', '/api/pensions/certify', { pensionIds: suspended.map((s) => s.id), certifiedOn: `${month}-25`, method: 'visit' })).status).toBe(200);
      }
    }
    // Nobody was paid for a month before their start.
    const early = await db
      .selectFrom('pension_payment as l')
      .innerJoin('pension as p', (j) => j.onRef('p.county_code', '=', 'l.county_code').onRef('p.id', '=', 'l.pension_id'))
      .select('l.id')
      .whereRef('l.from_month', '<', 'p.start_month')
      .execute();
    expect(early).toEqual([]);
    const stats = await db.selectFrom('pension_payment').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    // The walk went through every kind of line.
    expect(stats.map((s) => s.status).sort()).toEqual(['failed', 'paid', 'withdrawn']);
  });
});
