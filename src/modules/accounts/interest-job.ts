/**
 * Yearly interest posting (个人账户年度计息) as a batch job, ARCHITECTURE.md "Batch jobs": accounts are
 * processed in chunks, each chunk in its own transaction that posts the interest entries and marks the
 * accounts done (interest_posting), so a job that stops (crash, restart) resumes where it was and a
 * re-run never posts twice. The interest itself is the policy engine's (computeYearlyInterest: dated
 * rates with changes inside the year, the in-year accrual convention, split by source).
 */
import { postInterest } from '../ledger/service.js';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import {
  ACCOUNT_SOURCES,
  computeYearlyInterest,
  interestPeriod,
  isAccountSource,
  type AccountMovement,
  type AccountSource,
  type Fen,
  type ParameterSet,
} from '../../rules/index.js';
import { appendAudit, SYSTEM_ACTOR, type AuditActor } from '../audit/service.js';

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
  readonly onProgress?: (done: number, total: number) => void;
}

/** Runs (or resumes) a queued, running or failed interest job to the end. */
export async function runInterestJob(db: Kysely<DB>, jobId: number, params: ParameterSet, options: RunOptions = {}): Promise<JobRecord> {
  const job = await getJob(db, jobId);
  if (job.status === 'done') return job;
  const year = Number(job.period);
  const countyCode = job.countyCode;
  const { periodStart, periodEnd } = interestPeriod(year, params);
  const chunkSize = options.chunkSize ?? 1000;
  try {
    const total = await db
      .selectFrom('account_entry')
      .select(sql<number>`count(distinct resident_id)::int`.as('n'))
      .where('county_code', '=', countyCode)
      .where('posted_on', '<=', periodEnd)
      .executeTakeFirstOrThrow();
    const alreadyDone = await db.selectFrom('interest_posting').select((eb) => eb.fn.countAll<number>().as('n')).where('county_code', '=', countyCode).where('year', '=', year).executeTakeFirstOrThrow();
    await db.updateTable('job').set({ status: 'running', total: total.n, done: Number(alreadyDone.n), started_at: new Date(), error: null }).where('id', '=', jobId).execute();
    options.onProgress?.(Number(alreadyDone.n), total.n);
    for (;;) {
      const progressed = await db.transaction().execute(async (tx) => {
        const ids = (
          await sql<{ resident_id: number }>`
            select distinct e.resident_id from account_entry e
            where e.county_code = ${countyCode} and e.posted_on <= ${periodEnd}
              and not exists (select from interest_posting p where p.county_code = e.county_code and p.year = ${year} and p.resident_id = e.resident_id)
            order by e.resident_id
            limit ${chunkSize}`.execute(tx)
        ).rows.map((r) => r.resident_id);
        if (ids.length === 0) return 0;
        const entries = await tx
          .selectFrom('account_entry')
          .select(['resident_id', 'posted_on', 'source', 'amount', 'kind'])
          .where('county_code', '=', countyCode)
          .where('resident_id', 'in', ids)
          .where('posted_on', '<=', periodEnd)
          .orderBy('resident_id')
          .orderBy('id')
          .execute();
        const byResident = new Map<number, typeof entries>();
        for (const e of entries) {
          const list = byResident.get(e.resident_id) ?? [];
          list.push(e);
          byResident.set(e.resident_id, list);
        }
        const interestRows: { county_code: string; resident_id: number; posted_on: string; kind: 'interest'; source: AccountSource; amount: Fen; year: number }[] = [];
        const postings: { county_code: string; year: number; resident_id: number; amount: Fen; job_id: number }[] = [];
        for (const id of ids) {
          const opening = Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, 0])) as Record<AccountSource, Fen>;
          const credits = new Map<string, Partial<Record<AccountSource, Fen>>>();
          const debits = new Map<string, Partial<Record<AccountSource, Fen>>>();
          for (const e of byResident.get(id) ?? []) {
            if (!isAccountSource(e.source)) continue;
            if (e.posted_on < periodStart) opening[e.source] += e.amount;
            else {
              const target = e.amount > 0 ? credits : debits;
              const day = target.get(e.posted_on) ?? {};
              day[e.source] = (day[e.source] ?? 0) + Math.abs(e.amount);
              target.set(e.posted_on, day);
            }
          }
          const movements = (m: Map<string, Partial<Record<AccountSource, Fen>>>): AccountMovement[] => [...m].map(([on, bySource]) => ({ on, bySource }));
          const result = computeYearlyInterest({ year, openingBalances: opening, credits: movements(credits), debits: movements(debits) }, params);
          for (const s of ACCOUNT_SOURCES) {
            const amount = result.interestBySource[s];
            if (amount > 0) interestRows.push({ county_code: countyCode, resident_id: id, posted_on: periodEnd, kind: 'interest', source: s, amount, year });
          }
          postings.push({ county_code: countyCode, year, resident_id: id, amount: result.totalInterest, job_id: jobId });
        }
        await postInterest(tx, countyCode, year, periodEnd, interestRows.map((r) => ({ residentId: r.resident_id, source: r.source, amount: r.amount })));
        await tx.insertInto('interest_posting').values(postings).execute();
        await tx.updateTable('job').set((eb) => ({ done: eb('done', '+', ids.length) })).where('id', '=', jobId).execute();
        return ids.length;
      });
      if (progressed === 0) break;
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
      await tx.updateTable('job').set({ status: 'done', finished_at: new Date(), result: JSON.stringify(result) }).where('id', '=', jobId).execute();
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
