// Yearly interest posting as a batch job over the real app: the engine's interest per account and source,
// once per year, in order, and resumed after a failure without posting twice. Figures by hand:
// 2024 payments earn from 1 January 2025 (default convention); 2025 at the PBOC one-year rate in force
// since 2015-10-24, 1.50%: 560.00 × 1.5% = 8.40 (7.50 individual + 0.90 subsidy); 130.00 × 1.5% = 1.95.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInterestJob } from '../src/modules/accounts/interest-job.js';
import { NATIONAL_PARAMETERS } from '../src/rules/index.js';
import { postJournal } from '../src/modules/ledger/post.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let accounts: Session;
const ids: Record<string, number> = {};
const THIS_YEAR = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

async function person(name: string, birth: string, identity: string) {
  const r = await t.database.db
    .insertInto('resident')
    .values({ county_code: '370783', id_number: `370783${birth.replace(/-/g, '')}${700 + Object.keys(ids).length}X`, name, sex: 'M', birth_date: birth, village_code: HOME.village, household_id: 1, relation: '子' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.database.db.insertInto('enrolment').values({ county_code: '370783', resident_id: r.id, village_code: HOME.village, identity, first_month: '2020-01' }).execute();
  ids[name] = r.id;
}
async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

beforeAll(async () => {
  t = await createTestApp();
  accounts = await t.signIn(t.users.account_manager);
  await person('甲', '1980-05-15', 'ordinary');
  await person('乙', '1982-02-02', 'disabledGrade1');
  for (const [name, year, tier] of [['甲', 2024, '500'], ['乙', 2024, '100'], ['甲', 2025, '500']] as const) {
    const res = await accounts.send('POST', '/api/contributions', { residentId: ids[name], tier, year, paidOn: `${year}-03-15`, channel: 'counter' });
    expect(res.status).toBe(200);
  }
});
afterAll(async () => {
  await t.close();
});

describe('interest job', () => {
  it('posts nothing for 2024 (paid during the year), then 2025 at 1.50% by source', async () => {
    const early = await accounts.send('POST', '/api/jobs/interest', { year: 2025 });
    expect((await json(early)).code).toBe('INTEREST_PREVIOUS_YEAR');
    const queued = await accounts.send('POST', '/api/jobs/interest', { year: 2024 });
    expect(queued.status).toBe(202);
    await t.jobs.idle();
    const j2024 = await json(await accounts.get(`/api/jobs/${(await json(queued)).id}`));
    expect(j2024).toMatchObject({ status: 'done', total: 2, done: 2, result: { accounts: 2, totalInterest: 0 } });

    const job = await json(await accounts.send('POST', '/api/jobs/interest', { year: 2025 }));
    await t.jobs.idle();
    expect(await json(await accounts.get(`/api/jobs/${job.id}`))).toMatchObject({ status: 'done', result: { accounts: 2, totalInterest: 1035 } });
    const a = await json(await accounts.get(`/api/residents/${ids.甲}/account`));
    const interest = a.entries.filter((e: { kind: string }) => e.kind === 'interest').map((e: { source: string; amount: number; postedOn: string }) => [e.source, e.amount, e.postedOn]);
    expect(interest).toEqual([
      ['individual', 750, '2025-12-31'],
      ['governmentSubsidy', 90, '2025-12-31'],
    ]);
    expect(a.total).toBe(56000 + 56000 + 840);
    const b = await json(await accounts.get(`/api/residents/${ids.乙}/account`));
    expect(b.balances).toMatchObject({ hardshipPayment: 10000 + 150, governmentSubsidy: 3000 + 45 });
  });

  it('runs once per year and not before the period is over', async () => {
    const again = await accounts.send('POST', '/api/jobs/interest', { year: 2025 });
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('JOB_EXISTS');
    const open = await json(await accounts.send('POST', '/api/jobs/interest', { year: THIS_YEAR }));
    expect(open.code).toBe('INTEREST_PERIOD_OPEN');
    const list = await json<{ items: { period: string; status: string }[] }>(await accounts.get('/api/jobs'));
    expect(list.items.map((j) => [j.period, j.status])).toEqual([
      ['2025', 'done'],
      ['2024', 'done'],
    ]);
    // A page lists its own kind of job only.
    const interestOnly = await json<{ items: { kind: string }[] }>(await accounts.get('/api/jobs?kind=interest'));
    expect(interestOnly.items.length).toBe(2);
    expect((await json<{ items: unknown[] }>(await accounts.get('/api/jobs?kind=payroll'))).items).toEqual([]);
    expect((await accounts.get('/api/jobs?kind=other')).status).toBe(400);
  });

  it("posts the scheme's first year, which has no year before it", async () => {
    const { queueInterestJob } = await import('../src/modules/accounts/interest-job.js');
    const { SYSTEM_ACTOR } = await import('../src/modules/audit/service.js');
    // In a county with no accounts yet, 2009 needs no earlier year (its parameters start 2009-09-01).
    const job = await queueInterestJob(t.database.db, SYSTEM_ACTOR, '370781', 2009, '2026-06-01', NATIONAL_PARAMETERS);
    expect(job).toMatchObject({ period: '2009', status: 'queued' });
    expect((await runInterestJob(t.database.db, job.id, NATIONAL_PARAMETERS)).status).toBe('done');
  });

  it('resumes a job that stopped half-way without posting any account twice', async () => {
    // Three accounts in the other county, each holding 100.00 from before 2024: a full year at 1.50% is 1.50.
    const household = await t.database.db.selectFrom('household').select('id').where('village_code', '=', '370781001001').executeTakeFirstOrThrow();
    for (let i = 0; i < 3; i++) {
      const r = await t.database.db
        .insertInto('resident')
        .values({ county_code: '370781', id_number: `37078119800101${String(i).padStart(3, '0')}X`, name: `戊${i}`, sex: 'M', birth_date: '1980-01-01', village_code: '370781001001', household_id: household.id, relation: '子' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.database.db.insertInto('enrolment').values({ county_code: '370781', resident_id: r.id, village_code: '370781001001', identity: 'ordinary', first_month: '2020-01' }).execute();
      await postJournal(t.database.db, { countyCode: '370781', kind: 'contribution', postedOn: '2023-06-01' }, [{ residentId: r.id, source: 'individual', amount: 10000, kind: 'contribution', year: 2023 }], [
        { account: 'income_bank', amount: 10000 },
        { account: 'income', kind: 'individual_bank', amount: -10000 },
      ]);
    }
    const job = await t.database.db.insertInto('job').values({ county_code: '370781', kind: 'interest', period: '2024', result: null }).returning('id').executeTakeFirstOrThrow();
    let calls = 0;
    await expect(
      runInterestJob(t.database.db, job.id, NATIONAL_PARAMETERS, {
        chunkSize: 1,
        onProgress: () => {
          calls += 1;
          if (calls === 2) throw new Error('power cut'); // after the first account
        },
      }),
    ).rejects.toThrow('power cut');
    const failed = await t.database.db.selectFrom('job').select(['status', 'done', 'error']).where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(failed).toEqual({ status: 'failed', done: 1, error: 'power cut' });
    const finished = await runInterestJob(t.database.db, job.id, NATIONAL_PARAMETERS, { chunkSize: 1 });
    expect(finished).toMatchObject({ status: 'done', total: 3, done: 3, result: { accounts: 3, totalInterest: 450 } });
    const interest = await t.database.db.selectFrom('account_entry').select(['resident_id', 'amount']).where('county_code', '=', '370781').where('kind', '=', 'interest').execute();
    expect(interest.map((e) => e.amount)).toEqual([150, 150, 150]);
    expect(new Set(interest.map((e) => e.resident_id)).size).toBe(3);
  });

  it('stops between chunks when the server stops, and the next run posts the rest once', async () => {
    // The same three accounts, the next year (2024 is posted by the test above).
    const job = await t.database.db.insertInto('job').values({ county_code: '370781', kind: 'interest', period: '2025', result: null }).returning('id').executeTakeFirstOrThrow();
    let asked = 0;
    const paused = await runInterestJob(t.database.db, job.id, NATIONAL_PARAMETERS, { chunkSize: 1, shouldStop: () => ++asked > 1 });
    expect(paused).toMatchObject({ status: 'running', done: 1, total: 3 });
    const finished = await runInterestJob(t.database.db, job.id, NATIONAL_PARAMETERS, { chunkSize: 1 });
    expect(finished).toMatchObject({ status: 'done', done: 3, total: 3 });
    const posted = await t.database.db.selectFrom('interest_posting').select('resident_id').where('county_code', '=', '370781').where('year', '=', 2025).execute();
    expect(posted).toHaveLength(3);
    expect(new Set(posted.map((p) => p.resident_id)).size).toBe(3);
  });
});
