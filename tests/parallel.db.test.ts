// Issue 9, parallel requests: the same request sent four times at once answers 200 (or 202) once and 409 with a
// message otherwise — never 500 — and the data changes once. On PostgreSQL (DATABASE_URL) the four run in parallel
// transactions; on PGlite they interleave on one connection. Imports: enrolment file, region file, bank return.
// State changes: township review, county confirmation, premium, pension award, payroll generation, approval,
// allocation, interest job, opening balances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../src/rules/index.js';
import type { Role } from '../src/modules/staff/roles.js';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let coord: Session;
let clerk: Session;
let auditor: Session;
let admin: Session;
let reviewer: Session;
let finance: Session;
let bank: Session;
let bureau: Session;
let accounts: Session;

const TIMES = 4;

interface Answer {
  readonly status: number;
  readonly body: Record<string, any>;
}

/** Sends the same request TIMES times at once; every answer must be a success or a 409 with a message. */
async function race(send: () => Promise<Response>, ok: number[] = [200]): Promise<Answer[]> {
  const answers = await Promise.all(
    Array.from({ length: TIMES }, async () => {
      const res = await send();
      const text = await res.text();
      return { status: res.status, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, any>) : { text } };
    }),
  );
  for (const a of answers) {
    expect([...ok, 409], JSON.stringify(a.body)).toContain(a.status);
    if (a.status === 409) expect(a.body.message, JSON.stringify(a.body)).toMatch(/\S{4}/);
  }
  return answers;
}

const successes = (answers: Answer[], ok = 200) => answers.filter((a) => a.status === ok);

async function count(table: 'import_batch' | 'enrolment_application' | 'region' | 'resident' | 'enrolment' | 'contribution' | 'pension' | 'payroll' | 'job' | 'ledger_journal' | 'audit_log', where: (qb: any) => any = (qb) => qb): Promise<number> {
  const r = await where(t.database.db.selectFrom(table).select((eb: any) => eb.fn.countAll().as('n'))).executeTakeFirstOrThrow();
  return Number(r.n);
}

function upload(name: string, text: string): () => FormData {
  return () => {
    const form = new FormData();
    form.append('file', new File([text], name, { type: 'text/csv' }));
    return form;
  };
}

const idNumber = (body17: string) => `${body17}${idCheckChar(body17)}`;

beforeAll(async () => {
  t = await createTestApp();
  const as = (role: Role) => t.signIn(t.users[role]);
  coord = await as('village_coordinator');
  clerk = await as('township_clerk');
  auditor = await as('county_enrolment_auditor');
  admin = await as('system_admin');
  reviewer = await as('benefit_reviewer');
  finance = await as('finance_officer');
  bank = await as('agent_bank');
  bureau = await as('finance_bureau');
  accounts = await as('account_manager');
});
afterAll(async () => {
  await t.close();
});

describe('imports sent four times at once', () => {
  it('imports an enrolment file once: one batch, its applications once, the others 409', async () => {
    const rows = [idNumber('37078319800515123'), idNumber('37078319810616124')].map((id, i) => `${id},李${'甲乙'[i]},${HOME.village},户主,是`);
    const file = upload('batch.csv', `身份证号码,姓名,村代码,与户主关系,非在校学生且未参加其他养老保险\n${rows.join('\n')}\n`);
    const answers = await race(() => coord.send('POST', '/api/enrolment/applications/import', file()));
    expect(successes(answers)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.code).every((c) => ['IMPORT_ALREADY_DONE', 'CONFLICT_IMPORT', 'CONFLICT_APPLICATION'].includes(c))).toBe(true);
    expect(await count('import_batch')).toBe(1);
    expect(await count('enrolment_application')).toBe(2);
  });

  it('two different files naming the same person at once: one is accepted, the other is told (409 or 400), never 500', async () => {
    const person = idNumber('37078319820717125');
    const files = ['a', 'b', 'c', 'd'].map((tag) => upload(`${tag}.csv`, `身份证号码,姓名,村代码,与户主关系,非在校学生且未参加其他养老保险,住址\n${person},王五,${HOME.village},户主,是,${tag}\n`));
    const answers = await Promise.all(files.map(async (f) => coord.send('POST', '/api/enrolment/applications/import', f())));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 400 || s === 409), String(statuses)).toBe(true);
    expect(await count('enrolment_application', (qb) => qb.where('id_number', '=', person))).toBe(1);
  });

  it('imports a region file once: the regions exist once, the others 409 or "unchanged"', async () => {
    const before = await count('region');
    const file = upload('villages.csv', '区划代码,名称\n370783115000,羊口镇\n370783115001,羊口村\n370783115002,海港村\n');
    const answers = await race(() => admin.send('POST', '/api/regions/import', file()));
    const inserted = successes(answers).map((a) => a.body.inserted as number);
    expect(inserted.filter((n) => n === 3)).toHaveLength(1);
    expect(inserted.filter((n) => n !== 3).every((n) => n === 0)).toBe(true);
    expect(await count('region')).toBe(before + 3);
  });
});

describe('state changes sent four times at once', () => {
  let applicationIds: number[] = [];

  it('reviews, then confirms, a batch of applications once', async () => {
    applicationIds = (await t.database.db.selectFrom('enrolment_application').select('id').where('status', '=', 'submitted').orderBy('id').execute()).map((r) => r.id);
    expect(applicationIds.length).toBeGreaterThanOrEqual(3);
    const auditRows = () => count('audit_log', (qb) => qb.where('action', 'like', 'enrolment.%.approve'));
    const reviewed = await race(() => clerk.send('POST', '/api/enrolment/applications/review', { ids: applicationIds, approve: true }));
    expect(successes(reviewed)).toHaveLength(1);
    expect(await auditRows()).toBe(applicationIds.length);
    const residentsBefore = await count('resident');
    const confirmed = await race(() => auditor.send('POST', '/api/enrolment/applications/confirm', { ids: applicationIds, approve: true }));
    expect(successes(confirmed)).toHaveLength(1);
    expect(await count('resident')).toBe(residentsBefore + applicationIds.length);
    expect(await count('enrolment', (qb) => qb.where('application_id', 'in', applicationIds))).toBe(applicationIds.length);
    expect(await auditRows()).toBe(2 * applicationIds.length);
  });

  it('records a premium once', async () => {
    const resident = await t.database.db.selectFrom('enrolment').select('resident_id').where('application_id', '=', applicationIds[0]!).executeTakeFirstOrThrow();
    const year = Number(new Date().toISOString().slice(0, 4));
    const answers = await race(() => coord.send('POST', '/api/contributions', { residentId: resident.resident_id, tier: '500', channel: 'cash', receiptNo: 'P-0001', year }));
    expect(successes(answers)).toHaveLength(1);
    expect(await count('contribution', (qb) => qb.where('resident_id', '=', resident.resident_id))).toBe(1);
  });

  it('awards a pension, generates, approves, settles and allocates a payroll once each', async () => {
    await enrolledPerson(t, { name: '并发甲', birth: '1954-06-15', village: HOME.otherVillage, years: 5, firstYear: 2010, sex: 'M', bankAccount: '6228480000000077' });
    const awarded = await race(() => reviewer.send('POST', '/api/pensions/award', { month: '2025-11' }));
    expect(awarded.filter((a) => a.status === 200).reduce((n, a) => n + (a.body.awarded as number), 0)).toBe(1);
    expect(await count('pension')).toBe(1);
    // Paid by the earlier system to 2025-12 (as in payroll.db.test.ts): the payroll is one month, which the swept income covers.
    await setPaidThrough(t.database.db, '2025-12');

    // Asking again for a payroll still generating answers it (202), so a stopped generation resumes: one payroll, one job.
    await race(() => reviewer.send('POST', '/api/payroll', { month: '2026-01' }), [202]);
    await t.jobs.idle();
    expect(await count('payroll')).toBe(1);
    expect(await count('job', (qb) => qb.where('kind', '=', 'payroll'))).toBe(1);
    const lines = await t.database.db.selectFrom('pension_payment').select(['id', 'amount']).where('month', '=', '2026-01').execute();
    expect(lines).toHaveLength(1);

    const approved = await race(() => finance.send('POST', '/api/payroll/2026-01/approve'));
    expect(successes(approved)).toHaveLength(1);
    expect(await count('audit_log', (qb) => qb.where('action', '=', 'payroll.approve'))).toBe(1);

    expect((await bank.get('/api/payroll/2026-01/bank-file')).status).toBe(200);
    const settlements = () => count('ledger_journal', (qb) => qb.where('kind', '=', 'bank_settlement'));
    const settledBefore = await settlements();
    // A header only: nothing failed, every line paid.
    const settled = await race(() => bank.send('POST', '/api/payroll/2026-01/bank-return', upload('return.csv', '付款编号,公民身份号码,失败原因\n')()));
    expect(successes(settled).length).toBeGreaterThanOrEqual(1);
    expect(successes(settled).filter((a) => a.body.unchanged !== true)).toHaveLength(1);
    expect(await settlements()).toBe(settledBefore + 1);
    expect((await t.database.db.selectFrom('pension_payment').select('status').where('month', '=', '2026-01').execute()).map((l) => l.status)).toEqual(['paid']);

    // The allocation draws on the special account: the income is swept into it first.
    const swept = await finance.send('POST', '/api/fund/sweeps', { amount: '300.00', on: '2026-01-04' });
    expect(swept.status, await swept.clone().text()).toBe(200);
    const allocations = () => count('ledger_journal', (qb) => qb.where('kind', '=', 'allocation'));
    const allocated = await race(() => bureau.send('POST', '/api/fund/allocations', { month: '2026-01', on: '2026-01-05' }));
    expect(successes(allocated), JSON.stringify(allocated)).toHaveLength(1);
    expect(await allocations()).toBe(1);
  });

  it('queues an interest job once', async () => {
    const queued = await race(() => accounts.send('POST', '/api/jobs/interest', { year: 2010 }), [202]);
    expect(successes(queued, 202)).toHaveLength(1);
    await t.jobs.idle();
    expect(await count('job', (qb) => qb.where('kind', '=', 'interest'))).toBe(1);
  });

  it('enters opening balances once', async () => {
    const answers = await race(() => finance.send('POST', '/api/fund/opening', { on: '2009-12-31', incomeBank: '0', special: '100000.00', expenditureBank: '0', receivable: {}, declaredTotal: '100000.00' }));
    expect(successes(answers), JSON.stringify(answers)).toHaveLength(1);
    expect(await count('ledger_journal', (qb) => qb.where('kind', '=', 'opening'))).toBe(1);
  });
});
