// A month's payroll and deaths recorded while it is generated (issue 13: both meet on the pension's narrow
// paid-through row, pension_paid_through). On PostgreSQL the job runs on its own connection, chunks of two
// pensions, while the deaths come in over the API at the same time; on PGlite they take turns between statements.
// Whatever the order, a dead pensioner's month is never left to be paid: either the chunk saw the death and wrote
// no line, or the death withdrew the line the chunk had written. Everyone else is paid exactly once, and the
// ledger agrees with itself.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildParameterLibrary } from '../src/modules/calculator/library.js';
import { SYSTEM_ACTOR } from '../src/modules/audit/service.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { queuePayroll, runPayrollJob } from '../src/modules/pensions/payroll.js';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

const COUNTY = '370783';
const PENSIONERS = 24;
let t: TestApp;
let auditor: Session;
let reviewerId: number;
const residents: number[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const reviewer = await t.signIn(t.users.benefit_reviewer);
  auditor = await t.signIn(t.users.county_enrolment_auditor);
  // 55 at the scheme start, five yearly premiums of 100.00 + 30.00 from 2010: pensioners since 2014.
  for (let k = 0; k < PENSIONERS; k++) {
    const day = String(1 + k).padStart(2, '0');
    residents.push(await enrolledPerson(t, { name: `老人${k}`, birth: `1954-06-${day}`, village: k % 2 ? HOME.village : HOME.otherVillage, years: 5, firstYear: 2010, sex: 'M' }));
  }
  const awarded = (await (await reviewer.send('POST', '/api/pensions/award', { month: '2025-12', residentIds: residents })).json()) as { awarded: number };
  expect(awarded.awarded).toBe(PENSIONERS);
  // The earlier system paid them to 2026-02: the payroll of 2026-03 pays one month each.
  await setPaidThrough(t.database.db, '2026-02', { ids: (await t.database.db.selectFrom('pension').select('id').execute()).map((p) => p.id) });
  reviewerId = (await t.database.db.selectFrom('staff_user').select('id').where('username', '=', t.users.benefit_reviewer).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t.close();
});

describe('deaths recorded while the payroll is generated', () => {
  it('leaves no dead pensioner paid and pays everyone else once, whatever the order', async () => {
    // The pensions in the order the job takes them (by id, two a chunk). Every third pensioner dies in February
    // (after the last month paid); each death is recorded as the job reports the chunk before or after the one that
    // pays them: some lines are written before the death (withdrawn by it), some deaths meet the chunk that would pay
    // them on the paid-through row's lock, and the chunk then sees the death.
    const order = (await t.database.db.selectFrom('pension').select('resident_id').orderBy('id').execute()).map((p) => p.resident_id);
    const dead = order.filter((_, k) => k % 3 === 1);
    const living = order.filter((_, k) => k % 3 !== 1);
    const payroll = await queuePayroll(t.database.db, { ...SYSTEM_ACTOR, userId: reviewerId }, COUNTY, '2026-03', '2026-03-02');
    const params = buildParameterLibrary([]).forCounty(COUNTY).parameters;
    const deaths: Promise<Response>[] = [];
    const fired = new Set<number>();
    const onProgress = (done: number) => {
      order.forEach((residentId, k) => {
        if (k % 3 !== 1 || fired.has(residentId) || k >= done + 3) return;
        fired.add(residentId);
        deaths.push(auditor.send('POST', `/api/residents/${residentId}/terminate-enrolment`, { reason: 'death', on: '2026-02-10', note: '村委会证明' }));
      });
    };
    const job = await runPayrollJob(t.database.jobDb, payroll.jobId, params, { chunkSize: 2, onProgress });
    onProgress(order.length);
    const answers = await Promise.all(deaths);
    expect(job.status).toBe('done');
    expect(answers.map((r) => r.status)).toEqual(dead.map(() => 200));

    const lines = await t.database.db.selectFrom('pension_payment').select(['resident_id', 'status']).where('month', '=', '2026-03').where('kind', '=', 'regular').execute();
    // Both orders happened: lines written before a death and withdrawn by it.
    expect(lines.filter((l) => dead.includes(l.resident_id)).length).toBeGreaterThan(0);
    const payable = (ids: number[]) => lines.filter((l) => ids.includes(l.resident_id) && l.status === 'pending');
    // Nobody dead is left to be paid; a line the chunk wrote before the death was withdrawn by it.
    expect(payable(dead)).toEqual([]);
    expect(lines.filter((l) => dead.includes(l.resident_id)).every((l) => l.status === 'withdrawn')).toBe(true);
    // Everyone alive has exactly one line to pay.
    expect(payable(living).map((l) => l.resident_id).sort((a, b) => a - b)).toEqual([...living].sort((a, b) => a - b));
    // The dead pensions are stopped and their accounts settled to zero; the ledger agrees with itself.
    const stopped = await t.database.db.selectFrom('pension').select(['resident_id', 'status']).where('resident_id', 'in', dead).execute();
    expect(stopped.every((p) => p.status === 'stopped')).toBe(true);
    const left = await sql<{ n: string }>`select coalesce(sum(amount), 0) as n from account_entry where resident_id = any(${dead}::int8[])`.execute(t.database.db);
    expect(Number(left.rows[0]!.n)).toBe(0);
    const ledger = await verifyLedger(t.database.db, COUNTY);
    expect(ledger.checks.filter((c) => c.problems.length > 0)).toEqual([]);
    expect(ledger.ok).toBe(true);
  });
});
