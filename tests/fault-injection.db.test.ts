/**
 * Fault injection: the real server is killed with SIGKILL (kill -9) during a payroll generation, an interest
 * posting, an enrolment import and the bank's return of a payroll — while the request is handled, inside a
 * job's chunk, or just after — then started again on the same data, and the same request is sent again. Each
 * round checks that the work was done exactly once (figures equal to a round without a kill: nothing paid,
 * posted or imported twice), that a job's completion was audited once, and that the audit chain and the
 * ledger verify. The kill points come from a seeded generator: the seed is printed, FAULT_SEED=<seed>
 * repeats them; FAULT_ROUNDS sets the kills per kind (default 2). Server logs are kept in a temporary
 * folder, printed at the start.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connection.js';
import { lockFileOf } from '../src/db/data-dir-lock.js';
import { DEMO_PASSWORD } from '../src/demo/demo-staff.js';
import { DEFAULT_SCHEME_START } from '../src/modules/calculator/calculate.js';
import { verifyAuditChain } from '../src/modules/audit/service.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { addMonths, idCheckChar } from '../src/rules/index.js';
import { prepareCounty, seededRandom, signInOver, startServerProcess, type CountyCopy, type HttpSession, type PreparedCounty, type ServerProcess } from './support/server-process.js';

const DB = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 2);
const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const random = seededRandom(SEED);
/** Small chunks, so a kill lands between chunks of one job as well as inside one. */
const SERVER_ENV = { JOB_CHUNK_SIZE: '40' };
const IMPORT_ROWS = 1500;
const FAILED_PAYMENTS = 5;
const VILLAGE = '370783001001'; // coord_shengcheng's village

type Figures = Record<string, unknown>;
/** A job's state as its page shows it: over or not, and the share of its accounts done (0–1). */
interface Progress {
  readonly state: 'done' | 'pending';
  readonly share: number;
  readonly note: string;
}

/** One kind of work to interrupt: how to start it, how to tell it is over, and what it left behind. */
interface Work {
  readonly name: string;
  readonly user: string;
  /** Starts the work; after a restart the same request is sent again, as a user would. */
  start(s: HttpSession): Promise<Response>;
  /** Status and error code a repeated request may answer with. */
  readonly repeatAnswers: readonly (readonly [number, string | null])[];
  /** 'done', 'pending', or throws when the work failed. Undefined: the request itself is the work. */
  progress?(s: HttpSession): Promise<Progress>;
  figures(db: Database): Promise<Figures>;
}

let county: PreparedCounty;
let logDir: string;
let payrollMonth: string;
let interestYear: number;
/** Per work: its figures without a kill, and how long its request took to be answered. */
const baseline = new Map<string, { figures: Figures; answeredIn: number }>();
const results: string[] = [];

const count = async (db: Database, query: RawBuilder<{ n: unknown }>) => Number((await query.execute(db.db)).rows[0]!.n);

const payroll: Work = {
  name: 'payroll',
  user: 'reviewer',
  start: (s) => s.send('POST', '/api/payroll', { month: payrollMonth }),
  // A payroll still generating is handed back (202) and resumed; a finished one is refused.
  repeatAnswers: [
    [202, null],
    [409, 'PAYROLL_EXISTS'],
  ],
  async progress(s) {
    const p = (await (await s.get(`/api/payroll/${payrollMonth}`)).json()) as { status: string; job: { status: string; done: number; total: number; error: string | null } };
    if (p.job.status === 'failed') throw new Error(`payroll job failed: ${p.job.error}`);
    const share = p.job.status === 'running' && p.job.total > 0 ? p.job.done / p.job.total : p.job.status === 'done' ? 1 : 0;
    return { state: p.job.status === 'done' && p.status === 'generated' ? 'done' : 'pending', share, note: `job ${p.job.status} ${p.job.done}/${p.job.total}` };
  },
  async figures(db) {
    const m = payrollMonth;
    const lines = (
      await sql<Figures>`select count(*)::int as lines, count(distinct pension_id)::int as people, coalesce(sum(amount), 0)::int8::text as amount,
          coalesce(sum(from_account), 0)::int8::text as from_account, count(*) filter (where kind = 'repay')::int as repay
        from pension_payment where month = ${m}`.execute(db.db)
    ).rows[0]!;
    const jobs = (await sql<{ id: number; status: string; result: unknown }>`select id, status, result from job where kind = 'payroll' and period = ${m} order by id`.execute(db.db)).rows;
    return {
      ...lines,
      twice: await count(db, sql`select count(*) as n from (select 1 from pension_payment where month = ${m} group by pension_id, kind having count(*) > 1) d`),
      debits: (await sql<Figures>`select count(*)::int as n, coalesce(sum(amount), 0)::int8::text as amount from account_entry where kind = 'pension' and posted_on = ${`${m}-01`}`.execute(db.db)).rows[0],
      unpaid: await count(db, sql`select count(*) as n from pension p join pension_paid_through t on t.county_code = p.county_code and t.pension_id = p.id where p.status = 'active' and p.start_month <= ${m} and (t.paid_through is null or t.paid_through < ${m})`),
      payroll: (await sql<{ status: string }>`select status from payroll where month = ${m}`.execute(db.db)).rows.map((r) => r.status),
      jobs: jobs.map((j) => j.status),
      result: jobs.find((j) => j.status === 'done')?.result,
      doneAudits: await count(db, sql`select count(*) as n from audit_log where action = 'job.done' and entity_id in (select id::text from job where kind = 'payroll' and period = ${m})`),
      queueAudits: await count(db, sql`select count(*) as n from audit_log where action = 'payroll.queue' and entity_id = ${m}`),
    };
  },
};

const interest: Work = {
  name: 'interest',
  user: 'accounts',
  start: (s) => s.send('POST', '/api/jobs/interest', { year: interestYear }),
  repeatAnswers: [
    [202, null],
    [409, 'JOB_EXISTS'],
  ],
  async progress(s) {
    const { items } = (await (await s.get('/api/jobs')).json()) as { items: { kind: string; period: string; status: string; done: number; total: number; error: string | null }[] };
    const jobs = items.filter((j) => j.kind === 'interest' && j.period === String(interestYear));
    if (jobs.length > 0 && jobs.every((j) => j.status === 'failed')) throw new Error(`interest job failed: ${jobs[0]!.error}`);
    const running = jobs.find((j) => j.status === 'running' && j.total > 0);
    const state = jobs.some((j) => j.status === 'done') ? 'done' : 'pending';
    return { state, share: state === 'done' ? 1 : running ? running.done / running.total : 0, note: jobs.map((j) => `job ${j.status} ${j.done}/${j.total}`).join(', ') || 'no job' };
  },
  async figures(db) {
    const y = interestYear;
    const jobs = (await sql<{ status: string; result: unknown }>`select status, result from job where kind = 'interest' and period = ${String(y)} order by id`.execute(db.db)).rows;
    return {
      postings: (await sql<Figures>`select count(*)::int as n, coalesce(sum(amount), 0)::int8::text as amount from interest_posting where year = ${y}`.execute(db.db)).rows[0],
      entries: (await sql<Figures>`select count(*)::int as n, count(distinct resident_id)::int as accounts, coalesce(sum(amount), 0)::int8::text as amount
        from account_entry where kind = 'interest' and year = ${y}`.execute(db.db)).rows[0],
      jobs: jobs.map((j) => j.status),
      result: jobs.find((j) => j.status === 'done')?.result,
      doneAudits: await count(db, sql`select count(*) as n from audit_log where action = 'job.done' and entity_id in (select id::text from job where kind = 'interest' and period = ${String(y)})`),
      queueAuditsPerJob: (await count(db, sql`select count(*) as n from audit_log where action = 'job.queue' and entity_id in (select id::text from job where kind = 'interest' and period = ${String(y)})`)) / jobs.length,
    };
  },
};

const NAME_CHARS = '春夏秋冬梅兰竹菊山水风云明月星辰';

/** A batch of applications: people born 1970–1989 with IDs from Jinan (370102; the demo county draws none there), in coord_shengcheng's village. */
function importFile(): Uint8Array {
  const rows = ['身份证号码,姓名,村代码,与户主关系,参保身份,非在校学生且未参加其他养老保险'];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const birth = `${1970 + (i % 20)}${String(1 + (Math.floor(i / 20) % 12)).padStart(2, '0')}${String(1 + (Math.floor(i / 240) % 28)).padStart(2, '0')}`;
    const first17 = `370102${birth}9${String(i % 100).padStart(2, '0')}`;
    rows.push(`${first17}${idCheckChar(first17)},试${NAME_CHARS[i % 16]}${NAME_CHARS[Math.floor(i / 16) % 16]},${VILLAGE},户主,普通,是`);
  }
  return new TextEncoder().encode(rows.join('\n'));
}
const IMPORT_BYTES = importFile();
const IMPORT_SHA = createHash('sha256').update(IMPORT_BYTES).digest('hex');

const enrolmentImport: Work = {
  name: 'import',
  user: 'coord_shengcheng',
  start: (s) => {
    const form = new FormData();
    form.set('file', new File([IMPORT_BYTES], 'batch.csv'));
    return s.send('POST', '/api/enrolment/applications/import', form);
  },
  // Not applied before the kill: applied now. Applied: the same file is refused as a duplicate.
  repeatAnswers: [
    [200, null],
    [409, 'IMPORT_ALREADY_DONE'],
  ],
  async figures(db) {
    const batches = (await sql<{ id: number }>`select id from import_batch where kind = 'enrolment' and sha256 = ${IMPORT_SHA}`.execute(db.db)).rows.map((r) => String(r.id));
    return {
      batches: batches.length,
      inBatch: await count(db, sql`select count(*) as n from enrolment_application where batch_id in (select id from import_batch where sha256 = ${IMPORT_SHA})`),
      applications: await count(db, sql`select count(*) as n from enrolment_application`),
      importAudits: await count(db, sql`select count(*) as n from audit_log where action = 'enrolment.import'`),
    };
  },
};

/** The bank's return for the payroll approved beforehand: a few payments failed, every other one paid. */
let settleMonth: string;
let bankReturn: Uint8Array;

const bankSettlement: Work = {
  name: 'bank return',
  user: 'bank',
  start: (s) => {
    const form = new FormData();
    form.set('file', new File([bankReturn], 'return.csv'));
    return s.send('POST', `/api/payroll/${settleMonth}/bank-return`, form);
  },
  // Applied now, or (applied before the kill) the same file again changes nothing.
  repeatAnswers: [[200, null]],
  async figures(db) {
    const m = settleMonth;
    return {
      payroll: (await sql<{ status: string }>`select status from payroll where month = ${m}`.execute(db.db)).rows.map((r) => r.status),
      lines: (
        await sql<Figures>`select status, count(*)::int as n, sum(amount)::int8::text as amount from pension_payment where month = ${m} group by status order by status`.execute(db.db)
      ).rows,
      settlements: (
        await sql<Figures>`select count(distinct j.id)::int as journals, coalesce(sum(f.amount) filter (where f.amount > 0), 0)::int8::text as paid
          from ledger_journal j join fund_entry f on f.county_code = j.county_code and f.journal_id = j.id
          where j.kind = 'bank_settlement' and j.reference = ${`payroll:${m}`}`.execute(db.db)
      ).rows[0],
      settleAudits: await count(db, sql`select count(*) as n from audit_log where action = 'payroll.settle' and entity_id = ${m}`),
    };
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function expectAnswer(res: Response, allowed: Work['repeatAnswers'], what: string): Promise<string> {
  const body = (await res.json()) as { code?: string; unchanged?: boolean };
  const code = res.status >= 400 ? (body.code ?? '?') : null;
  if (!allowed.some(([status, c]) => status === res.status && c === code)) throw new Error(`${what}: unexpected ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return code ?? `${res.status}${body.unchanged ? ' (unchanged: applied before the kill)' : ''}`;
}

/** Polls the work's progress until it is over; `pending` counts the answers given while it still ran. */
async function waitUntilDone(work: Work, s: HttpSession): Promise<{ note: string; pending: number }> {
  if (!work.progress) return { note: 'request', pending: 0 };
  const until = Date.now() + 90_000;
  for (let pending = 0; ; pending++) {
    const p = await work.progress(s);
    if (p.state === 'done') return { note: p.note, pending };
    if (Date.now() > until) throw new Error(`${work.name} not done after 90 s: ${p.note}`);
    await sleep(100);
  }
}

/** Opens the copy in this process (the server stopped), checks the books and the audit chain, and reads each work's figures. */
async function inspect(copy: CountyCopy, works: readonly Work[]): Promise<Figures[]> {
  const db = await copy.open();
  try {
    const ledger = await verifyLedger(db.db);
    expect(ledger.checks.filter((c) => c.problems.length > 0).map((c) => ({ check: c.name, problems: c.problems.slice(0, 3) }))).toEqual([]);
    const audit = await verifyAuditChain(db.db);
    expect(audit.problems.slice(0, 5)).toEqual([]);
    const figures: Figures[] = [];
    for (const work of works) figures.push(await work.figures(db));
    return figures;
  } finally {
    await db.close();
  }
}

/** Stops the server cleanly (SIGTERM): exit 0, and the embedded data folder's lock is gone. */
async function stopCleanly(server: ServerProcess, copy: CountyCopy): Promise<void> {
  expect(await server.stop(), 'a clean stop exits 0').toBe(0);
  if (copy.dataDir) expect(existsSync(lockFileOf(copy.dataDir)), 'a clean stop removes the lock').toBe(false);
}

/** Every work once on one copy, without a kill: the figures, and how long each request took. */
async function baselineRound(works: readonly Work[]): Promise<void> {
  const copy = await county.copy();
  const server = await startServerProcess(copy.args, join(logDir, 'baseline.log'), SERVER_ENV);
  try {
    const answeredIn: number[] = [];
    for (const work of works) {
      const s = await signInOver(server, work.user, DEMO_PASSWORD);
      const started = performance.now();
      const res = await work.start(s);
      answeredIn.push(performance.now() - started);
      if (res.status >= 300) throw new Error(`${work.name}: ${res.status} ${(await res.text()).slice(0, 500)}`);
      const { note, pending } = await waitUntilDone(work, s);
      results.push(`${DB} ${work.name} without a kill: answered in ${Math.round(answeredIn.at(-1)!)} ms, over in ${Math.round(performance.now() - started)} ms, ${note}`);
      // The server answers while a job runs (on PGlite it once answered nothing until the job ended).
      if (work === payroll) expect(pending, 'progress answers while the payroll runs').toBeGreaterThan(0);
    }
    await stopCleanly(server, copy);
    const figures = await inspect(copy, works);
    works.forEach((work, i) => baseline.set(work.name, { figures: figures[i]!, answeredIn: answeredIn[i]! }));
  } finally {
    await server.kill9();
    await copy.dispose();
  }
}

/**
 * Where a round kills the server: while the request is handled (`at` × the time it took without a kill,
 * before or after the job is queued or the file applied), while the job runs (once `at` of its accounts
 * are done, plus up to 30 ms so the kill lands inside a chunk's transaction), or once the work is over.
 */
type KillPoint = { readonly phase: 'request' | 'job'; readonly at: number } | { readonly phase: 'over' };

function describePoint(p: KillPoint): string {
  if (p.phase === 'request') return `while the request is handled (${Math.round(p.at * 100)}% of its time)`;
  if (p.phase === 'job') return `while the job runs (${Math.round(p.at * 100)}% of the accounts done)`;
  return 'just after the work is over';
}

/** Waits for the kill point; returns what was last seen of the work. */
async function reach(point: KillPoint, work: Work, s: HttpSession, answered: Promise<unknown>, jitter: number): Promise<string> {
  const expected = baseline.get(work.name)!;
  if (point.phase === 'request') {
    await sleep(point.at * expected.answeredIn);
    return 'request in flight';
  }
  await answered;
  if (!work.progress) return 'answered';
  const until = Date.now() + 90_000;
  for (;;) {
    const p = await work.progress(s);
    if (p.state === 'done' || (point.phase === 'job' && p.note.includes('running') && p.share >= point.at)) {
      if (point.phase === 'job') await sleep(jitter);
      return p.note;
    }
    if (Date.now() > until) throw new Error(`${work.name}: kill point not reached in 90 s (${p.note})`);
    await sleep(15);
  }
}

/**
 * One round on a fresh copy of the county: start the work, kill -9 the server at `point`, start it again
 * on the same data, send the same request again (as a user would) and wait for the work to be over.
 */
async function killRound(work: Work, point: KillPoint, jitter: number): Promise<Figures> {
  const t0 = performance.now();
  const copy = await county.copy();
  const logFile = join(logDir, `${work.name}.log`);
  let server = await startServerProcess(copy.args, logFile, SERVER_ENV);
  try {
    const s = await signInOver(server, work.user, DEMO_PASSWORD);
    const answered = work.start(s).then(
      (res) => String(res.status),
      () => 'none',
    );
    const seen = await reach(point, work, s, answered, jitter);
    await server.kill9();
    const firstAnswer = await answered;
    if (copy.dataDir) expect(existsSync(lockFileOf(copy.dataDir)), 'the killed server leaves its lock behind').toBe(true);
    // The lock of the killed process is stale: the server takes it over and starts.
    server = await startServerProcess(copy.args, logFile, SERVER_ENV);
    const resumed = /resuming unfinished jobs/.test(server.log());
    // Sessions are kept in the database: the user is still signed in after the crash.
    const again = await expectAnswer(await work.start(s.on(server)), work.repeatAnswers, `${work.name} sent again`);
    const { note: end } = await waitUntilDone(work, s.on(server));
    // Resumed at start-up and asked for again, a job still runs once.
    expect(server.log().match(/"msg":"job done"/g)?.length ?? 0, 'job runs after the restart').toBeLessThanOrEqual(1);
    await stopCleanly(server, copy);
    const t1 = performance.now();
    const [figures] = await inspect(copy, [work]);
    const t2 = performance.now();
    results.push(
      `${DB} ${work.name}: killed ${describePoint(point)} (last seen: ${seen}; first answer: ${firstAnswer}), ` +
        `restart ${resumed ? 'resumed a job' : 'found nothing to resume'}, sent again: ${again}, then ${end} ` +
        `(round ${Math.round(t2 - t0)} ms: ${Math.round(server.startedIn)} ms to start again, ${Math.round(t2 - t1)} ms to inspect)`,
    );
    return figures!;
  } finally {
    await server.kill9();
    await copy.dispose();
  }
}

beforeAll(async () => {
  logDir = mkdtempSync(join(tmpdir(), 'xnb-fault-logs-'));
  console.log(`fault injection on ${DB}: seed ${SEED} (FAULT_SEED=${SEED} repeats the kill points), ${ROUNDS} kills per kind, server logs in ${logDir}`);
  // The demo posts the scheme's first year only: the next one has interest to post (the first has none).
  county = await prepareCounty({ residents: 2000, villages: 10, interestThrough: Number(DEFAULT_SCHEME_START.slice(0, 4)) });
  // The next month's payroll is generated and approved beforehand: the bank's return settles it, the payroll rounds generate the one after.
  const server = await startServerProcess(county.baseArgs, join(logDir, 'prepare.log'), SERVER_ENV);
  try {
    const reviewer = await signInOver(server, 'reviewer', DEMO_PASSWORD);
    const { items } = (await (await reviewer.get('/api/payroll')).json()) as { items: { month: string }[] };
    settleMonth = addMonths(items[0]!.month, 1);
    expect((await reviewer.send('POST', '/api/payroll', { month: settleMonth })).status).toBe(202);
    for (let status = ''; status !== 'generated'; await sleep(100)) status = ((await (await reviewer.get(`/api/payroll/${settleMonth}`)).json()) as { status: string }).status;
    const finance = await signInOver(server, 'finance', DEMO_PASSWORD);
    expect((await finance.send('POST', `/api/payroll/${settleMonth}/approve`)).status).toBe(200);
    expect(await server.stop()).toBe(0);
  } finally {
    await server.kill9();
  }
  const copy = await county.copy();
  const db = await copy.open();
  try {
    payrollMonth = addMonths(settleMonth, 1);
    const failed = await sql<{ id: number; id_number: string }>`select l.id, r.id_number from pension_payment l
      join resident r on r.county_code = l.county_code and r.id = l.resident_id
      where l.month = ${settleMonth} order by l.id limit ${FAILED_PAYMENTS}`.execute(db.db);
    bankReturn = new TextEncoder().encode(['付款编号,公民身份号码,失败原因', ...failed.rows.map((r) => `${r.id},${r.id_number},账户已销户`)].join('\n'));
    const posted = await sql<{ y: number }>`select max(period)::int as y from job where kind = 'interest' and status = 'done'`.execute(db.db);
    interestYear = posted.rows[0]!.y + 1;
  } finally {
    await db.close();
    await copy.dispose();
  }
}, 240_000);

afterAll(async () => {
  await county?.close();
  if (results.length > 0) console.log(results.join('\n'));
});

const WORKS = [payroll, interest, enrolmentImport, bankSettlement];

it('generates the payroll, posts the interest, imports the file and settles the bank return once each without a kill (the figures every killed round must reach)', async () => {
  await baselineRound(WORKS);
  const [p, i, e, b] = WORKS.map((w) => baseline.get(w.name)!.figures);
  expect(p).toMatchObject({ people: p!.lines, twice: 0, unpaid: 0, payroll: ['generated'], jobs: ['done'], doneAudits: 1, queueAudits: 1 });
  expect(Number((p!.debits as { n: number }).n)).toBeGreaterThan(0);
  expect(i).toMatchObject({ jobs: ['done'], doneAudits: 1, queueAuditsPerJob: 1 });
  expect(Number((i!.entries as { n: number }).n)).toBeGreaterThan(0);
  expect(e).toMatchObject({ batches: 1, inBatch: IMPORT_ROWS, importAudits: 1 });
  expect(b).toMatchObject({ payroll: ['settled'], settleAudits: 1, settlements: { journals: 1 } });
  expect((b!.lines as { status: string; n: number }[]).map((l) => [l.status, l.n])).toEqual([
    ['failed', FAILED_PAYMENTS],
    ['paid', expect.any(Number)],
  ]);
}, 180_000);

/** Kill points of the rounds of one work, drawn here in a fixed order so the seed alone decides them. */
function killPoints(work: Work): { point: KillPoint; jitter: number }[] {
  // Jobs: inside the job, during the request, inside again, after it; an import is its request.
  const phases: KillPoint['phase'][] = work.progress ? ['job', 'request', 'job', 'over'] : ['request', 'over', 'request'];
  return Array.from({ length: ROUNDS }, (_, i) => {
    const phase = phases[i % phases.length]!;
    const at = random();
    const jitter = random() * 30;
    return { point: phase === 'over' ? { phase } : { phase, at: phase === 'request' ? at * 1.2 : at }, jitter };
  });
}

describe.each(WORKS)('kill -9 during the $name', (work) => {
  for (const { point, jitter } of killPoints(work)) {
    it(`after a kill ${describePoint(point)}, it resumes or refuses cleanly and counts nothing twice`, async () => {
      const expected = baseline.get(work.name);
      expect(expected, 'the round without a kill ran first').toBeDefined();
      expect(await killRound(work, point, jitter)).toEqual(expected!.figures);
    }, 180_000);
  }
});
