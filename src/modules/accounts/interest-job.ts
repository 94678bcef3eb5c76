/**
 * Yearly interest posting (个人账户年度计息) as a batch job, ARCHITECTURE.md "Batch jobs": accounts are
 * processed in chunks, each chunk in its own transaction that posts the interest entries and marks the
 * accounts done (interest_posting), so a job that stops (crash, restart) resumes where it was and a
 * re-run never posts twice. The interest itself is the policy engine's (yearlyInterestCalculator, the
 * arithmetic of computeYearlyInterest without its explanation: dated rates with changes inside the year,
 * the in-year accrual convention, split by source). Chunks walk the account holders by resident id; a
 * chunk reads the balance table and the entries since the period began, never the whole history.
 */
import { postInterest } from '../ledger/service.js';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import {
  ACCOUNT_SOURCES,
  interestPeriod,
  isAccountSource,
  type AccountMovement,
  type AccountSource,
  type Fen,
  type ParameterSet,
  yearlyInterestCalculator,
} from '../../rules/index.js';
import { appendAudit, SYSTEM_ACTOR, type AuditActor } from '../audit/service.js';
import { ChunkSizer, YIELD_EVERY, yieldToRequests } from './slices.js';
import { analyzeIfStale } from '../../db/statistics.js';

export interface JobRecord {
  readonly id: number;
  readonly countyCode: string;
  readonly kind: 'interest' | 'payroll';
  readonly period: string;
  readonly status: 'queued' | 'running' | 'done' | 'failed';
  readonly total: number;
  readonly done: number;
  readonly result: unknown;
  readonly error: string | null;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export async function getJob(db: Kysely<DB>, id: number): Promise<JobRecord> {
  const r = await db
    .selectFrom('job as j')
    .leftJoin('staff_user as s', 's.id', 'j.created_by')
    .select(['j.id', 'j.county_code', 'j.kind', 'j.period', 'j.status', 'j.total', 'j.done', 'j.result', 'j.error', 's.display_name', 'j.created_at', 'j.started_at', 'j.finished_at'])
    .where('j.id', '=', id)
    .executeTakeFirst();
  if (!r) throw new AppError('JOB_NOT_FOUND', 404, { params: { id } });
  return {
    id: r.id,
    countyCode: r.county_code,
    kind: r.kind,
    period: r.period,
    status: r.status,
    total: r.total,
    done: r.done,
    result: r.result,
    error: r.error,
    createdBy: r.display_name,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

export async function listJobs(db: Kysely<DB>, countyCode: string, kinds: readonly JobRecord['kind'][]): Promise<JobRecord[]> {
  if (kinds.length === 0) return [];
  const ids = await db.selectFrom('job').select('id').where('county_code', '=', countyCode).where('kind', 'in', kinds).orderBy('id', 'desc').limit(50).execute();
  return Promise.all(ids.map((r) => getJob(db, r.id)));
}

/**
 * Queues the interest posting of `year` for a county. The year's period must be over, and the year
 * before must have been posted when the accounts already held money then (interest compounds).
 */
export async function queueInterestJob(db: Kysely<DB>, actor: AuditActor, countyCode: string, year: number, today: string, params: ParameterSet): Promise<JobRecord> {
  const { periodEnd } = interestPeriod(year, params);
  if (periodEnd >= today) throw new AppError('INTEREST_PERIOD_OPEN', 409, { field: 'year', params: { year, periodEnd } });
  // The scheme's first year has no year before it (its parameters are not in force then).
  const previous = (() => {
    try {
      return interestPeriod(year - 1, params);
    } catch (error) {
      if ((error as { code?: string }).code === 'PARAM_NOT_IN_FORCE') return null;
      throw error;
    }
  })();
  const [older, previousDone] = await Promise.all([
    previous
      ? db.selectFrom('account_entry').select('id').where('county_code', '=', countyCode).where('posted_on', '<=', previous.periodEnd).limit(1).executeTakeFirst()
      : Promise.resolve(undefined),
    db.selectFrom('job').select('id').where('county_code', '=', countyCode).where('kind', '=', 'interest').where('period', '=', String(year - 1)).where('status', '=', 'done').executeTakeFirst(),
  ]);
  if (older && !previousDone) throw new AppError('INTEREST_PREVIOUS_YEAR', 409, { field: 'year', params: { year, previous: year - 1 } });
  const existing = await db
    .selectFrom('job')
    .select(['id', 'status'])
    .where('county_code', '=', countyCode)
    .where('kind', '=', 'interest')
    .where('period', '=', String(year))
    .where('status', 'in', ['queued', 'running', 'done'])
    .executeTakeFirst();
  if (existing) throw new AppError('JOB_EXISTS', 409, { field: 'year', params: { year, id: existing.id, status: existing.status } });
  const job = await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('job').values({ county_code: countyCode, kind: 'interest', period: String(year), created_by: actor.userId, result: null }).returning('id').executeTakeFirstOrThrow();
    await appendAudit(tx, actor, { action: 'job.queue', entity: 'job', entityId: String(row.id), after: { kind: 'interest', year } });
    return row;
  });
  return getJob(db, job.id);
}

export interface RunOptions {
  readonly chunkSize?: number;
  /**
   * Time budget of one chunk's transaction in milliseconds (the server's JobRunner on PGlite): chunks are sized to
   * last about that long, at most `chunkSize` (see ChunkSizer). Undefined: every chunk has `chunkSize` items.
   */
  readonly sliceMs?: number | undefined;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Asked before each chunk (the server's JobRunner when the server stops): true ends the run there, leaving the job
   * `running` with the chunks done so far committed, for the next start to resume; the job is returned as it stands.
   */
  readonly shouldStop?: () => boolean;
}

/**
 * Runs (or resumes) a queued, running or failed interest job to the end, or until `options.shouldStop` says so
 * between chunks (the job then stays `running`).
 */
export async function runInterestJob(db: Kysely<DB>, jobId: number, params: ParameterSet, options: RunOptions = {}): Promise<JobRecord> {
  const job = await getJob(db, jobId);
  if (job.status === 'done') return job;
  const year = Number(job.period);
  const countyCode = job.countyCode;
  const { periodStart, periodEnd } = interestPeriod(year, params);
  const chunkSize = options.chunkSize ?? 2000;
  // The engine's arithmetic, its parameters looked up once for the year; no explanation (none is stored).
  const interestOf = yearlyInterestCalculator(year, params);
  try {
    // The chunks' plans need the tables' sizes (a county loaded or converted since they were analysed: src/db/statistics.ts).
    await analyzeIfStale(db, ['account_balance', 'account_entry', 'interest_posting']);
    // Every account holder, from the balance table (one row per source): the few whose first entry is after
    // the period are left out as their chunk finds them, and the total is made exact when the job is done.
    const total = await db
      .selectFrom('account_balance')
      .select(sql<number>`count(distinct resident_id)::int`.as('n'))
      .where('county_code', '=', countyCode)
      .executeTakeFirstOrThrow();
    const alreadyDone = await db.selectFrom('interest_posting').select((eb) => eb.fn.countAll<number>().as('n')).where('county_code', '=', countyCode).where('year', '=', year).executeTakeFirstOrThrow();
    await db.updateTable('job').set({ status: 'running', total: total.n, done: Number(alreadyDone.n), started_at: new Date(), error: null }).where('id', '=', jobId).execute();
    options.onProgress?.(Number(alreadyDone.n), total.n);
    // Keyset over the people who have an account (one balance row per source), in id order: a chunk's
    // postings commit with it, so the highest posted id is where a stopped job resumes.
    const resumed = await db.selectFrom('interest_posting').select((eb) => eb.fn.max('resident_id').as('last')).where('county_code', '=', countyCode).where('year', '=', year).executeTakeFirst();
    const after = Number(resumed?.last ?? 0);
    // Everyone with an account, read once (a number each, a few MB at a province's size).
    const everyone = (
      await db.selectFrom('account_balance').select('resident_id').distinct().where('county_code', '=', countyCode).where('resident_id', '>', after).orderBy('resident_id').execute()
    ).map((r) => Number(r.resident_id));
    const sizer = new ChunkSizer(chunkSize, options.sliceMs);
    for (let offset = 0; ; ) {
      if (options.shouldStop?.()) return getJob(db, jobId);
      const candidates = everyone.slice(offset, offset + sizer.size);
      offset += candidates.length;
      let chunkStarted = 0;
      const progressed = await db.transaction().execute(async (tx) => {
        // Timed from inside the transaction: waiting for the connection (requests go first) is not the chunk's cost.
        chunkStarted = performance.now();
        if (candidates.length === 0) return null;
        // A chunk whose commit a crash loses is posted again when the job resumes (its interest_posting rows go
        // with it): no need to wait for the WAL to reach the disk at each commit.
        await sql`set local synchronous_commit = off`.execute(tx);
        const last = candidates[candidates.length - 1]!;
        // The opening balance is the balance table's (kept by every posting) less what was posted since the
        // period began: one read of the chunk's recent entries, never its whole history.
        const [balanceRows, recentRows] = await Promise.all([
          sql<{ resident_id: number; source: string; balance: string }>`
            select resident_id, source, balance from account_balance
            where county_code = ${countyCode} and resident_id between ${candidates[0]} and ${last}`.execute(tx),
          sql<{ resident_id: number; posted_on: string; source: string; credit: string; debit: string }>`
            select resident_id, to_char(posted_on, 'YYYY-MM-DD') as posted_on, source,
                   coalesce(sum(amount) filter (where amount > 0), 0)::int8 as credit,
                   coalesce(-sum(amount) filter (where amount < 0), 0)::int8 as debit
            from account_entry
            where county_code = ${countyCode} and resident_id between ${candidates[0]} and ${last} and posted_on >= ${periodStart}
            group by resident_id, posted_on, source`.execute(tx),
        ]);
        type Accumulated = { opening: Record<AccountSource, Fen>; inPeriod: boolean; later: boolean; credits: Map<string, Partial<Record<AccountSource, Fen>>>; debits: Map<string, Partial<Record<AccountSource, Fen>>> };
        const people = new Map<number, Accumulated>();
        const personOf = (id: number): Accumulated => {
          let p = people.get(id);
          if (!p) {
            p = { opening: Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, 0])) as Record<AccountSource, Fen>, inPeriod: false, later: false, credits: new Map(), debits: new Map() };
            people.set(id, p);
          }
          return p;
        };
        for (const r of balanceRows.rows) if (isAccountSource(r.source)) personOf(Number(r.resident_id)).opening[r.source] += Number(r.balance);
        for (const r of recentRows.rows) {
          if (!isAccountSource(r.source)) continue;
          const p = personOf(Number(r.resident_id));
          const credit = Number(r.credit);
          const debit = Number(r.debit);
          p.opening[r.source] -= credit - debit;
          if (r.posted_on > periodEnd) {
            p.later = true;
            continue;
          }
          p.inPeriod = true;
          for (const [target, amount] of [[p.credits, credit], [p.debits, debit]] as const) {
            if (amount === 0) continue;
            const day = target.get(r.posted_on) ?? {};
            day[r.source] = (day[r.source] ?? 0) + amount;
            target.set(r.posted_on, day);
          }
        }
        // Who has an account this year: anyone with an entry up to the period end. With no entry in the
        // period, a non-zero opening balance proves one before it, and so does a balance row with no entry
        // since (rows are made by postings); only an opening of zero with entries after the period only is
        // looked up in the ledger (money paid in and out before the period, or nothing before it).
        const unsure = [...people].filter(([, p]) => !p.inPeriod && p.later && ACCOUNT_SOURCES.every((s) => p.opening[s] === 0)).map(([id]) => id);
        const before = new Set<number>();
        if (unsure.length > 0) {
          const found = await sql<{ resident_id: number }>`
            select distinct resident_id from account_entry
            where county_code = ${countyCode} and resident_id = any(${unsure}::int8[]) and posted_on < ${periodStart}`.execute(tx);
          for (const r of found.rows) before.add(Number(r.resident_id));
        }
        const skipped = new Set(unsure.filter((id) => !before.has(id)));
        const ids = [...people.keys()].filter((id) => !skipped.has(id)).sort((a, b) => a - b);
        const interestRows: { residentId: number; source: AccountSource; amount: Fen }[] = [];
        const postings: { resident_id: number; amount: Fen }[] = [];
        const movements = (m: Map<string, Partial<Record<AccountSource, Fen>>>): AccountMovement[] => [...m].map(([on, bySource]) => ({ on, bySource }));
        for (const [k, id] of ids.entries()) {
          // The engine runs on the event loop: a turn now and then, so a big chunk (PostgreSQL) does not hold requests.
          if (k > 0 && k % YIELD_EVERY === 0) await yieldToRequests();
          const p = people.get(id)!;
          const result = interestOf({ openingBalances: p.opening, credits: movements(p.credits), debits: movements(p.debits) });
          for (const s of ACCOUNT_SOURCES) {
            const amount = result.interestBySource[s];
            if (amount > 0) interestRows.push({ residentId: id, source: s, amount });
          }
          postings.push({ resident_id: id, amount: result.totalInterest });
        }
        if (ids.length > 0) {
          await postInterest(tx, countyCode, year, periodEnd, interestRows);
          await sql`
            insert into interest_posting (county_code, year, resident_id, amount, job_id)
            select ${countyCode}, ${year}, u.resident_id, u.amount, ${jobId}::int8
            from unnest(${postings.map((p) => p.resident_id)}::int8[], ${postings.map((p) => p.amount)}::int8[]) as u(resident_id, amount)`.execute(tx);
          await tx.updateTable('job').set((eb) => ({ done: eb('done', '+', ids.length) })).where('id', '=', jobId).execute();
        }
        return { last, posted: ids.length };
      });
      sizer.record(candidates.length, performance.now() - chunkStarted);
      if (progressed === null) break;
      await yieldToRequests();
      if (progressed.posted === 0) continue;
      const now = await db.selectFrom('job').select(['done', 'total']).where('id', '=', jobId).executeTakeFirstOrThrow();
      options.onProgress?.(now.done, now.total);
    }
    const sums = await db
      .selectFrom('interest_posting')
      .select([(eb) => eb.fn.countAll<number>().as('accounts'), sql<number>`coalesce(sum(amount), 0)::int8`.as('interest')])
      .where('county_code', '=', countyCode)
      .where('year', '=', year)
      .executeTakeFirstOrThrow();
    const result = { accounts: Number(sums.accounts), totalInterest: sums.interest, periodStart, periodEnd };
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('job').set({ status: 'done', total: result.accounts, done: result.accounts, finished_at: new Date(), result: JSON.stringify(result) }).where('id', '=', jobId).execute();
      await appendAudit(tx, SYSTEM_ACTOR, { action: 'job.done', entity: 'job', entityId: String(jobId), after: { kind: 'interest', year, ...result } });
    });
  } catch (error) {
    await db.updateTable('job').set({ status: 'failed', finished_at: new Date(), error: error instanceof Error ? error.message.slice(0, 500) : String(error) }).where('id', '=', jobId).execute();
    throw error;
  }
  return getJob(db, jobId);
}

/** Jobs left queued or running by a stopped server, to resume at start-up. */
export async function unfinishedJobs(db: Kysely<DB>): Promise<{ id: number; countyCode: string; kind: 'interest' | 'payroll' }[]> {
  return (await db.selectFrom('job').select(['id', 'county_code', 'kind']).where('status', 'in', ['queued', 'running']).orderBy('id').execute()).map((r) => ({ id: r.id, countyCode: r.county_code, kind: r.kind }));
}
