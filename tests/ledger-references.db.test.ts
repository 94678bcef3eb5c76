// Migration 0026 (issue 13): account entries no longer carry foreign keys checked one row at a time. What they
// guarded is still guarded: `verify ledger` names an entry whose resident, journal or contribution does not
// exist; the balance table (kept by every posting) refuses a person who does not exist; a journal cannot be
// changed or removed. On both databases.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postJournal } from '../src/modules/ledger/post.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
const COUNTY = '370783';
class Rollback extends Error {}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

it('a posting for a resident who exists has its references and balance verified', async () => {
  const db = t.database.db;
  const resident = await db.selectFrom('resident').select('id').where('county_code', '=', COUNTY).orderBy('id').executeTakeFirstOrThrow();
  await db.transaction().execute((tx) => postJournal(tx, { countyCode: COUNTY, kind: 'interest', postedOn: '2025-12-31', reference: 'interest:2025' }, [{ residentId: resident.id, source: 'individual', amount: 150, kind: 'interest', year: 2025 }], []));
  const v = await verifyLedger(db, COUNTY);
  expect(v.checks.find((c) => c.name === 'entry-references')?.problems).toEqual([]);
  expect(v.checks.find((c) => c.name === 'account-balance-table')?.problems).toEqual([]);
});

it('verify ledger names an entry whose resident, journal or contribution does not exist', async () => {
  const db = t.database.db;
  const resident = await db.selectFrom('resident').select('id').where('county_code', '=', COUNTY).orderBy('id').executeTakeFirstOrThrow();
  const problems = await db
    .transaction()
    .execute(async (tx) => {
      // Written around the ledger module on purpose (a test may; the product may not, ownership.test.ts).
      await sql`insert into account_entry (county_code, id, resident_id, posted_on, kind, source, amount, journal_id, contribution_id)
        values (${COUNTY}, 900001, 999999, '2025-12-31', 'interest', 'individual', 1, null, null),
               (${COUNTY}, 900002, ${resident.id}, '2025-12-31', 'interest', 'individual', 1, 888888, null),
               (${COUNTY}, 900003, ${resident.id}, '2025-12-31', 'contribution', 'individual', 1, null, 777777)`.execute(tx);
      const v = await verifyLedger(tx, COUNTY);
      throw Object.assign(new Rollback(), { problems: v.checks.find((c) => c.name === 'entry-references')!.problems.map((p) => p.detail) });
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
      return (error as Rollback & { problems: string[] }).problems;
    });
  expect(problems).toEqual(['entry 900001: no resident 999999', 'entry 900002: no journal 888888', 'entry 900003: no contribution 777777']);
});

it('refuses a posting for a person who does not exist (the balance key), and a change to a journal', async () => {
  const db = t.database.db;
  await expect(
    db.transaction().execute((tx) => postJournal(tx, { countyCode: COUNTY, kind: 'interest', postedOn: '2025-12-31', reference: 'interest:2025' }, [{ residentId: 999999, source: 'individual', amount: 150, kind: 'interest', year: 2025 }], [])),
  ).rejects.toThrow(/account_balance_resident/);
  const journal = await db.selectFrom('ledger_journal').select('id').where('county_code', '=', COUNTY).executeTakeFirstOrThrow();
  await expect(db.deleteFrom('ledger_journal').where('county_code', '=', COUNTY).where('id', '=', journal.id).execute()).rejects.toThrow(/append-only/);
  await expect(db.updateTable('ledger_journal').set({ memo: 'x' }).where('county_code', '=', COUNTY).where('id', '=', journal.id).execute()).rejects.toThrow(/append-only/);
});
