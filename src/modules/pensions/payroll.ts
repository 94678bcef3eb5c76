/**
 * The monthly payroll (待遇发放), DOMAIN.md §5 and §7. The benefit reviewer generates a month's payroll, a
 * batch job (ARCHITECTURE.md "Batch jobs"): every active pension whose payment has started gets one line
 * for the months not yet paid (a new pensioner's arrears included), each month at its own basic pension
 * (policy engine: payPension), the account pension debited from the individual account by source in the
 * same chunk transaction that writes the line and moves the pension's paid-through month (its narrow row,
 * pension_paid_through) — so a resumed or repeated run pays nothing twice. Failed payments of earlier payrolls are paid again as 'repay' lines.
 * The finance officer approves it; the agent bank downloads the payment file and uploads the failures
 * (every row checked, all or nothing, the same file never applied twice); the rest is then paid.
 */
import { fileArchives } from '../archives/service.js';
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB, PaymentStatus, PayrollStatus } from '../../db/schema.js';
import { AppError, type RowError } from '../../errors/app-error.js';
import { addMonths, basicPensionFunding, payPension, type AccountSource, type Fen, type ParameterSet } from '../../rules/index.js';
import { appendAudit, SYSTEM_ACTOR, type AuditActor } from '../audit/service.js';
import { getJob, type JobRecord } from '../accounts/interest-job.js';
import { readTableFile, type ColumnSpec } from '../files/table-file.js';
import { chinaToday, clockDate } from '../../http/clock.js';
import { postBankSettlement, postPayrollLines, type PayrollLinePosting } from '../ledger/service.js';
import { maskIdNumber } from '../registry/service.js';
import { releaseFailedRecoveries } from './death.js';
import { familyBindingHolds } from './family-binding.js';
import { assertMonth } from './service.js';
import { personSearch } from '../../db/search.js';
import { ChunkSizer, YIELD_EVERY, yieldToRequests } from '../accounts/slices.js';
import { analyzeIfStale } from '../../db/statistics.js';

export interface PayrollTotals {
  readonly lines: number;
  readonly people: number;
  readonly months: number;
  readonly basicPension: Fen;
  readonly fromAccount: Fen;
  readonly fromPool: Fen;
  readonly amount: Fen;
  readonly repayLines: number;
  readonly repayAmount: Fen;
  readonly paid: number;
  readonly failed: number;
  readonly pending: number;
  readonly failedAmount: Fen;
  /** Lines withdrawn before the bank had them (not counted in the amounts above). */
  readonly withdrawn: number;
  readonly withdrawnAmount: Fen;
}

export interface PayrollRecord {
  readonly countyCode: string;
  readonly month: string;
  readonly status: PayrollStatus;
  readonly jobId: number;
  readonly job: JobRecord;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  /** The finance officer's reason when the payroll was last sent back to the reviewer (kept after it is submitted again). */
  readonly returnedReason: string | null;
  readonly returnedBy: string | null;
  readonly returnedAt: string | null;
  readonly bankFileAt: string | null;
  readonly settledBy: string | null;
  readonly settledAt: string | null;
  readonly totals: PayrollTotals;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Payroll steps as users call them, for error messages. */
export const PAYROLL_STATUS_LABELS: Readonly<Record<PayrollStatus, { 'zh-CN': string; en: string }>> = {
  generating: { 'zh-CN': '生成中', en: 'being generated' },
  generated: { 'zh-CN': '待财务审核', en: 'awaiting approval' },
  returned: { 'zh-CN': '财务退回待重新提交', en: 'sent back by finance' },
  approved: { 'zh-CN': '已审核待银行代发', en: 'approved' },
  settled: { 'zh-CN': '已结算', en: 'settled' },
};
const label = (s: PayrollStatus) => PAYROLL_STATUS_LABELS[s];

async function totalsOf(db: Kysely<DB>, countyCode: string, month: string, scopePrefix = countyCode): Promise<PayrollTotals> {
  const [r, w] = await Promise.all([totalsOfLines(db, countyCode, month, scopePrefix), withdrawnOf(db, countyCode, month, scopePrefix)]);
  return { ...r, ...w };
}

async function withdrawnOf(db: Kysely<DB>, countyCode: string, month: string, scopePrefix: string) {
  const w = await db
    .selectFrom('pension_payment')
    .select([(eb) => eb.fn.countAll<number>().as('withdrawn'), sql<number>`coalesce(sum(amount), 0)::int8`.as('withdrawnAmount')])
    .where('county_code', '=', countyCode)
    .where('month', '=', month)
    .where('village_code', 'like', `${scopePrefix}%`)
    .where('status', '=', 'withdrawn')
    .executeTakeFirstOrThrow();
  return { withdrawn: Number(w.withdrawn), withdrawnAmount: Number(w.withdrawnAmount) };
}

/** Totals of the lines the payroll pays (withdrawn lines left out). */
async function totalsOfLines(db: Kysely<DB>, countyCode: string, month: string, scopePrefix: string): Promise<Omit<PayrollTotals, 'withdrawn' | 'withdrawnAmount'>> {
  const r = await db
    .selectFrom('pension_payment')
    .select([
      (eb) => eb.fn.countAll<number>().as('lines'),
      sql<number>`count(distinct pension_id)::int`.as('people'),
      sql<number>`coalesce(sum(months) filter (where kind = 'regular'), 0)::int`.as('months'),
      sql<number>`coalesce(sum(basic_pension), 0)::int8`.as('basicPension'),
      sql<number>`coalesce(sum(from_account), 0)::int8`.as('fromAccount'),
      sql<number>`coalesce(sum(from_pool), 0)::int8`.as('fromPool'),
      sql<number>`coalesce(sum(amount), 0)::int8`.as('amount'),
      sql<number>`count(*) filter (where kind = 'repay')::int`.as('repayLines'),
      sql<number>`coalesce(sum(amount) filter (where kind = 'repay'), 0)::int8`.as('repayAmount'),
      sql<number>`count(*) filter (where status = 'paid')::int`.as('paid'),
      sql<number>`count(*) filter (where status = 'failed')::int`.as('failed'),
      sql<number>`count(*) filter (where status = 'pending')::int`.as('pending'),
      sql<number>`coalesce(sum(amount) filter (where status = 'failed'), 0)::int8`.as('failedAmount'),
    ])
    .where('county_code', '=', countyCode)
    .where('month', '=', month)
    .where('village_code', 'like', `${scopePrefix}%`)
    .where('status', '<>', 'withdrawn')
    .executeTakeFirstOrThrow();
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as unknown as Omit<PayrollTotals, 'withdrawn' | 'withdrawnAmount'>;
}

/**
 * The job's result and counts are county totals: a user below the county (village, township) gets its
 * status and progress as a percentage only; the totals they see are those of `totalsOf` for their region.
 */
function scopedJob(job: JobRecord, countyWide: boolean): JobRecord {
  if (countyWide) return job;
  return { ...job, result: null, total: 100, done: job.total > 0 ? Math.floor((job.done / job.total) * 100) : 0 };
}

export async function getPayroll(db: Kysely<DB>, countyCode: string, month: string, scopePrefix = countyCode): Promise<PayrollRecord> {
  assertMonth(month);
  const r = await db
    .selectFrom('payroll as p')
    .leftJoin('staff_user as c', 'c.id', 'p.created_by')
    .leftJoin('staff_user as a', 'a.id', 'p.approved_by')
    .leftJoin('staff_user as s', 's.id', 'p.settled_by')
    .leftJoin('staff_user as b', 'b.id', 'p.returned_by')
    .select([
      'p.county_code', 'p.month', 'p.status', 'p.job_id', 'c.display_name as created_name', 'p.created_at', 'a.display_name as approved_name', 'p.approved_at',
      'p.returned_reason', 'b.display_name as returned_name', 'p.returned_at', 'p.bank_file_at', 's.display_name as settled_name', 'p.settled_at',
    ])
    .where('p.county_code', '=', countyCode)
    .where('p.month', '=', month)
    .executeTakeFirst();
  if (!r) throw new AppError('PAYROLL_NOT_FOUND', 404, { field: 'month', params: { month } });
  return {
    countyCode: r.county_code,
    month: r.month,
    status: r.status,
    jobId: r.job_id,
    job: scopedJob(await getJob(db, r.job_id), scopePrefix === countyCode),
    createdBy: r.created_name,
    createdAt: iso(r.created_at)!,
    approvedBy: r.approved_name,
    approvedAt: iso(r.approved_at),
    returnedReason: r.returned_reason,
    returnedBy: r.returned_name,
    returnedAt: iso(r.returned_at),
    bankFileAt: iso(r.bank_file_at),
    settledBy: r.settled_name,
    settledAt: iso(r.settled_at),
    totals: await totalsOf(db, countyCode, month, scopePrefix),
  };
}

export async function listPayrolls(db: Kysely<DB>, countyCode: string, scopePrefix = countyCode): Promise<PayrollRecord[]> {
  const months = await db.selectFrom('payroll').select('month').where('county_code', '=', countyCode).orderBy('month', 'desc').limit(36).execute();
  return Promise.all(months.map((m) => getPayroll(db, countyCode, m.month, scopePrefix)));
}

/**
 * Payroll months go in order (月度经办): the latest earlier payroll must be approved (or settled) before the
 * next is generated, and a month every active pension is already paid through (by an earlier payroll or
 * the county's earlier system, `paid_through`) would come out empty, so it is refused.
 * Throws PAYROLL_PREVIOUS_NOT_APPROVED or PAYROLL_MONTH_COVERED (409, field `month`).
 */
async function assertPayrollInOrder(tx: Kysely<DB>, countyCode: string, month: string): Promise<void> {
  const previous = await tx.selectFrom('payroll').select(['month', 'status']).where('county_code', '=', countyCode).where('month', '<', month).orderBy('month', 'desc').executeTakeFirst();
  if (previous && previous.status !== 'approved' && previous.status !== 'settled') {
    throw new AppError('PAYROLL_PREVIOUS_NOT_APPROVED', 409, { field: 'month', params: { month, previous: previous.month, status: label(previous.status) } });
  }
  const due = await tx
    .selectFrom('pension as p')
    .innerJoin('pension_paid_through as t', (j) => j.onRef('t.county_code', '=', 'p.county_code').onRef('t.pension_id', '=', 'p.id'))
    .select([(eb) => eb.fn.countAll<number>().as('active'), sql<number>`count(*) filter (where t.paid_through is null or t.paid_through < ${month})`.as('unpaid'), sql<string | null>`min(t.paid_through)`.as('through')])
    .where('p.county_code', '=', countyCode)
    .where('p.status', '=', 'active')
    .where('p.start_month', '<=', month)
    .executeTakeFirstOrThrow();
  if (Number(due.active) > 0 && Number(due.unpaid) === 0) throw new AppError('PAYROLL_MONTH_COVERED', 409, { field: 'month', params: { month, paidThrough: due.through } });
}

/**
 * Queues the payroll of `month`: not later than next month, after every earlier payroll and once the latest
 * earlier one is approved, not for a month already paid through, once per county and month. Asking again for a payroll still generating returns it, so a stopped generation is resumed
 * (its job picks up where it stopped), never started twice.
 */
export async function queuePayroll(db: Kysely<DB>, actor: AuditActor, countyCode: string, month: string, today: string): Promise<PayrollRecord> {
  assertMonth(month);
  const latest = addMonths(today.slice(0, 7), 1);
  if (month > latest) throw new AppError('PAYROLL_TOO_EARLY', 409, { field: 'month', params: { month, latest } });
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`payroll:${countyCode}`}))`.execute(tx);
    const existing = await tx.selectFrom('payroll').select(['month', 'status']).where('county_code', '=', countyCode).where('month', '>=', month).orderBy('month', 'desc').executeTakeFirst();
    // A generation that stopped (server restart, error) is taken up again where it stopped.
    if (existing?.month === month && existing.status === 'generating') return month;
    if (existing?.month === month) throw new AppError('PAYROLL_EXISTS', 409, { field: 'month', params: { month, status: label(existing.status) } });
    if (existing) throw new AppError('PAYROLL_ORDER', 409, { field: 'month', params: { month, later: existing.month } });
    const unfinished = await tx.selectFrom('payroll').select('month').where('county_code', '=', countyCode).where('status', '=', 'generating').executeTakeFirst();
    if (unfinished) throw new AppError('PAYROLL_UNFINISHED', 409, { field: 'month', params: { month: unfinished.month } });
    await assertPayrollInOrder(tx, countyCode, month);
    const job = await tx.insertInto('job').values({ county_code: countyCode, kind: 'payroll', period: month, created_by: actor.userId, result: null }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('payroll').values({ county_code: countyCode, month, job_id: job.id, created_by: actor.userId, created_at: clockDate() }).execute();
    await appendAudit(tx, actor, { action: 'payroll.queue', entity: 'payroll', entityId: month, regionCode: `${countyCode}000000`, after: { month, jobId: job.id } });
    return month;
  }).then((m) => getPayroll(db, countyCode, m));
}

export interface PayrollRunOptions {
  readonly chunkSize?: number;
  /** Time budget of one chunk's transaction in milliseconds (see RunOptions.sliceMs in interest-job.ts). */
  readonly sliceMs?: number | undefined;
  readonly onProgress?: (done: number, total: number) => void;
  /** Asked before each chunk: true leaves the job `running` for the next start (see RunOptions.shouldStop). */
  readonly shouldStop?: () => boolean;
}

/** A regular payment line as a payroll chunk writes it (fen; months YYYY-MM). */
interface NewLine {
  pension_id: number;
  resident_id: number;
  village_code: string;
  from_month: string;
  to_month: string;
  months: number;
  basic_pension: Fen;
  from_account: Fen;
  from_pool: Fen;
  amount: Fen;
  bank_account: string | null;
  withheld_basic: Fen;
  withheld_reason: string | null;
  funded_central: Fen;
  funded_provincial: Fen;
  funded_prefecture: Fen;
  funded_county: Fen;
}

/**
 * Runs (or resumes) a payroll generation job to the end, or until `options.shouldStop` says so between chunks (the
 * job stays `running` and the payroll `generating`; the chunks done are committed and a resume goes on after them).
 */
export async function runPayrollJob(db: Kysely<DB>, jobId: number, params: ParameterSet, options: PayrollRunOptions = {}): Promise<JobRecord> {
  const job = await getJob(db, jobId);
  if (job.status === 'done') return job;
  const month = job.period;
  const countyCode = job.countyCode;
  const postedOn = `${month}-01`;
  const chunkSize = options.chunkSize ?? 1000;
  // The paid-through month is in its narrow row (pension_paid_through): the chunk locks and moves that row only,
  // never the wide pension row (issue 13).
  function pensionsDue(d: Kysely<DB>) {
    return d
      .selectFrom('pension_paid_through as t')
      .innerJoin('pension as p', (j) => j.onRef('p.county_code', '=', 't.county_code').onRef('p.id', '=', 't.pension_id'))
      .where('t.county_code', '=', countyCode)
      .where('p.status', '=', 'active')
      .where('p.start_month', '<=', month)
      .where((eb) => eb.or([eb('t.paid_through', 'is', null), eb('t.paid_through', '<', month)]));
  }
  try {
    // The chunks' keyset plans need the tables' sizes: after a big award (or load) the planner would otherwise
    // read every pension for each chunk (src/db/statistics.ts).
    await analyzeIfStale(db, ['pension', 'pension_paid_through', 'pension_payment', 'enrolment', 'account_balance']);
    const [left, paidAlready] = await Promise.all([
      pensionsDue(db).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      db.selectFrom('pension_payment').select((eb) => eb.fn.countAll<number>().as('n')).where('county_code', '=', countyCode).where('month', '=', month).where('kind', '=', 'regular').executeTakeFirstOrThrow(),
    ]);
    const total = Number(left.n) + Number(paidAlready.n);
    await db.updateTable('job').set({ status: 'running', total, done: Number(paidAlready.n), started_at: new Date(), error: null }).where('id', '=', jobId).execute();
    options.onProgress?.(Number(paidAlready.n), total);
    // Keyset over the pension id: each chunk starts after the last one instead of scanning the paid ones again.
    let lastId = 0;
    const sizer = new ChunkSizer(chunkSize, options.sliceMs);
    for (;;) {
      if (options.shouldStop?.()) return getJob(db, jobId);
      const size = sizer.size;
      let chunkStarted = 0;
      const progressed = await db.transaction().execute(async (tx) => {
        // Timed from inside the transaction: waiting for the connection (requests go first) is not the chunk's cost.
        chunkStarted = performance.now();
        // A chunk whose commit a crash loses is paid again when the job resumes: its lines and its paid-through
        // months go with it, and nothing leaves for the bank before the last transaction of the job, which waits for
        // the disk as usual (and so for every chunk before it). No need to wait for the WAL at each chunk's commit.
        await sql`set local synchronous_commit = off`.execute(tx);
        const candidates = await pensionsDue(tx)
          // On both sides of the join, so a merge join starts each side at the keyset (not at the county's first pension).
          .where('t.pension_id', '>', lastId)
          .where('p.id', '>', lastId)
          .innerJoin('enrolment as e', (j) => j.onRef('e.county_code', '=', 'p.county_code').onRef('e.resident_id', '=', 'p.resident_id'))
          .select(['p.id', 'p.resident_id', 'p.village_code', 'p.start_month', 't.paid_through', 'p.contribution_years', 'p.account_pension', 'p.category', 'e.bank_account', 'e.card_number'])
          .orderBy('t.pension_id')
          .limit(size)
          .forNoKeyUpdate('t')
          .execute();
        if (candidates.length === 0) return 0;
        lastId = candidates[candidates.length - 1]!.id;
        // A death, suspension or stop that held a row's lock has committed by now: its status is read again (a new
        // snapshot), so its lines were withdrawn before this chunk or it is not paid here (see payment-lines.ts). The
        // same statement (same snapshot, after the lock) reads the active ones' account balances by source.
        const current = await sql<{ id: number; balances: Record<string, number | string> | null }>`
          select p.id, (select jsonb_object_agg(b.source, b.balance) from account_balance b
                        where b.county_code = p.county_code and b.resident_id = p.resident_id) as balances
          from pension p
          where p.county_code = ${countyCode} and p.id = any(${candidates.map((p) => p.id)}::int8[]) and p.status = 'active'`.execute(tx);
        const active = new Set(current.rows.map((r) => Number(r.id)));
        const pensions = active.size === candidates.length ? candidates : candidates.filter((p) => active.has(p.id));
        if (pensions.length === 0) return candidates.length;
        const balanceOf = new Map<number, Partial<Record<AccountSource, Fen>>>();
        for (const r of current.rows) {
          const b: Partial<Record<AccountSource, Fen>> = {};
          for (const [source, amount] of Object.entries(r.balances ?? {})) b[source as AccountSource] = Math.max(0, Number(amount));
          balanceOf.set(Number(r.id), b);
        }
        const lines: NewLine[] = [];
        const postings: Omit<PayrollLinePosting, 'paymentId'>[] = [];
        const monthsOf = new Map<number, string[]>();
        for (const p of pensions) {
          const first = p.paid_through === null || p.paid_through < p.start_month ? p.start_month : addMonths(p.paid_through, 1);
          const months: string[] = [];
          for (let m = first; m <= month; m = addMonths(m, 1)) months.push(m);
          monthsOf.set(p.id, months);
        }
        // 捆绑缴费: the months a bound child's missing premium withholds the parent's basic pension.
        const holds = await familyBindingHolds(tx, countyCode, pensions.map((p) => ({ id: p.id, resident_id: p.resident_id, category: p.category, months: monthsOf.get(p.id)! })), params);
        for (const [k, p] of pensions.entries()) {
          // The engine runs on the event loop: a turn now and then, so a big chunk (PostgreSQL) does not hold requests.
          if (k > 0 && k % YIELD_EVERY === 0) await yieldToRequests();
          const months = monthsOf.get(p.id)!;
          const held = holds.get(p.id);
          const pay = payPension({ months, contributionYears: p.contribution_years, accountPension: p.account_pension, balances: balanceOf.get(p.id) ?? {}, ...(held ? { withheldMonths: held } : {}) }, params, { explain: false });
          const funding = basicPensionFunding(pay.months, p.contribution_years, p.village_code, params);
          lines.push({
            pension_id: p.id,
            resident_id: p.resident_id,
            village_code: p.village_code,
            from_month: months[0]!,
            to_month: month,
            months: months.length,
            basic_pension: pay.basicPension,
            from_account: pay.fromAccount,
            from_pool: pay.fromPool,
            amount: pay.total,
            bank_account: p.bank_account ?? p.card_number,
            withheld_basic: pay.withheld,
            withheld_reason: held ? `${held.map((h) => h.month).join('、')}：${held[0]!.reason['zh-CN']}`.slice(0, 300) : null,
            funded_central: funding.central,
            funded_provincial: funding.provincial,
            funded_prefecture: funding.prefecture,
            funded_county: funding.county,
          });
          postings.push({ residentId: p.resident_id, basicPension: pay.basicPension, fromAccount: pay.fromAccount, fromPool: pay.fromPool, funding, fromSources: pay.fromSources });
        }
        // Each debit names its line, so a withdrawal reverses exactly what the line drew and verify ledger can match them.
        const posted: PayrollLinePosting[] = [];
        // One statement whatever the chunk's size: the lines as arrays (unnest), not 19 parameters a line.
        const col = <K extends keyof (typeof lines)[number]>(k: K) => lines.map((l) => l[k]);
        const inserted = await sql<{ id: number; pension_id: number }>`
          insert into pension_payment (county_code, month, pension_id, resident_id, village_code, from_month, to_month, months, basic_pension, from_account,
            from_pool, amount, bank_account, withheld_basic, withheld_reason, funded_central, funded_provincial, funded_prefecture, funded_county)
          select ${countyCode}, ${month}, u.* from unnest(${col('pension_id')}::int8[], ${col('resident_id')}::int8[], ${col('village_code')}::text[], ${col('from_month')}::text[],
            ${col('to_month')}::text[], ${col('months')}::int4[], ${col('basic_pension')}::int8[], ${col('from_account')}::int8[], ${col('from_pool')}::int8[], ${col('amount')}::int8[],
            ${col('bank_account')}::text[], ${col('withheld_basic')}::int8[], ${col('withheld_reason')}::text[], ${col('funded_central')}::int8[], ${col('funded_provincial')}::int8[],
            ${col('funded_prefecture')}::int8[], ${col('funded_county')}::int8[]) as u
          returning id, pension_id`.execute(tx);
        const lineOf = new Map(inserted.rows.map((r) => [Number(r.pension_id), Number(r.id)]));
        lines.forEach((l, k) => posted.push({ ...postings[k]!, paymentId: lineOf.get(l.pension_id)! }));
        await postPayrollLines(tx, countyCode, month, postedOn, posted);
        await tx
          .updateTable('pension_paid_through')
          .set({ paid_through: month })
          .where('county_code', '=', countyCode)
          .where('pension_id', '=', sql<number>`any(${pensions.map((p) => p.id)}::int8[])`)
          .execute();
        await tx.updateTable('job').set((eb) => ({ done: eb('done', '+', pensions.length) })).where('id', '=', jobId).execute();
        return candidates.length;
      });
      sizer.record(progressed, performance.now() - chunkStarted);
      if (progressed === 0) break;
      await yieldToRequests();
      const now = await db.selectFrom('job').select(['done', 'total']).where('id', '=', jobId).executeTakeFirstOrThrow();
      options.onProgress?.(now.done, now.total);
    }
    // Failed payments of earlier payrolls are paid again in this one (their account pension was debited then).
    await db.transaction().execute(async (tx) => {
      await sql`
        insert into pension_payment (county_code, month, pension_id, resident_id, village_code, kind, from_month, to_month, months,
          basic_pension, from_account, from_pool, amount, bank_account, repays)
        select f.county_code, ${month}, f.pension_id, f.resident_id, f.village_code, 'repay', f.from_month, f.to_month, f.months,
          f.basic_pension, f.from_account, f.from_pool, f.amount, coalesce(e.bank_account, e.card_number, f.bank_account), f.id
        from pension_payment f
        join pension p on p.county_code = f.county_code and p.id = f.pension_id
        join enrolment e on e.county_code = p.county_code and e.resident_id = p.resident_id
        where f.county_code = ${countyCode} and f.status = 'failed' and f.repaid_in is null and f.month < ${month}
          and p.status = 'active'
        on conflict do nothing`.execute(tx);
      await sql`
        update pension_payment f set repaid_in = ${month}
        where f.county_code = ${countyCode} and f.status = 'failed' and f.repaid_in is null and f.month < ${month}
          and exists (select from pension_payment r where r.county_code = f.county_code and r.month = ${month} and r.repays = f.id)`.execute(tx);
      const totals = await totalsOf(tx, countyCode, month);
      await tx.updateTable('payroll').set({ status: 'generated' }).where('county_code', '=', countyCode).where('month', '=', month).execute();
      await tx.updateTable('job').set({ status: 'done', finished_at: new Date(), result: JSON.stringify(totals) }).where('id', '=', jobId).execute();
      await appendAudit(tx, SYSTEM_ACTOR, { action: 'job.done', entity: 'job', entityId: String(jobId), regionCode: `${countyCode}000000`, after: { kind: 'payroll', month, ...totals } });
    });
  } catch (error) {
    await db.updateTable('job').set({ status: 'failed', finished_at: new Date(), error: error instanceof Error ? error.message.slice(0, 500) : String(error) }).where('id', '=', jobId).execute();
    throw error;
  }
  return getJob(db, jobId);
}

async function stepPayroll(db: Kysely<DB>, actor: AuditActor & { userId: number }, countyCode: string, month: string, from: PayrollStatus, action: string, set: Record<string, unknown>): Promise<PayrollRecord> {
  assertMonth(month);
  await db.transaction().execute(async (tx) => {
    const p = await tx.selectFrom('payroll').select('status').where('county_code', '=', countyCode).where('month', '=', month).forUpdate().executeTakeFirst();
    if (!p) throw new AppError('PAYROLL_NOT_FOUND', 404, { field: 'month', params: { month } });
    if (p.status !== from) throw new AppError('PAYROLL_STATUS', 409, { field: 'month', params: { month, status: label(p.status), expected: label(from) } });
    await tx.updateTable('payroll').set(set).where('county_code', '=', countyCode).where('month', '=', month).execute();
    // Each approved monthly payroll is filed by the county (待遇发放), before the audit row (lock order: archive
    // counter, then the audit chain).
    if (set.status === 'approved') {
      await fileArchives(tx, countyCode, actor.userId, [{ kind: 'payroll', sourceKind: 'payroll', sourceId: month, regionCode: `${countyCode}000000`, name: `${month} 月发放表`, detail: { month } }]);
    }
    await appendAudit(tx, actor, { action, entity: 'payroll', entityId: month, regionCode: `${countyCode}000000`, before: { status: from }, after: set });
  });
  return getPayroll(db, countyCode, month);
}

/** The finance officer's approval of a generated payroll (before the bank gets it). */
export function approvePayroll(db: Kysely<DB>, actor: AuditActor & { userId: number }, countyCode: string, month: string): Promise<PayrollRecord> {
  return stepPayroll(db, actor, countyCode, month, 'generated', 'payroll.approve', { status: 'approved', approved_by: actor.userId, approved_at: clockDate() });
}

/**
 * The finance officer sends a generated payroll back to the benefit reviewer (退回) with a reason of 2–200
 * characters; nothing is paid until the reviewer submits it again. Audited with the reason.
 * Throws PAYROLL_NOT_FOUND (404), PAYROLL_STATUS (409) unless generated, PAYROLL_SEND_BACK_REASON (400).
 */
export function returnPayroll(db: Kysely<DB>, actor: AuditActor & { userId: number }, countyCode: string, month: string, reason: string): Promise<PayrollRecord> {
  const text = reason.trim();
  if (text.length < 2 || text.length > 200) throw new AppError('PAYROLL_SEND_BACK_REASON', 400, { field: 'reason' });
  return stepPayroll(db, actor, countyCode, month, 'generated', 'payroll.return', { status: 'returned', returned_reason: text, returned_by: actor.userId, returned_at: clockDate() });
}

/** The benefit reviewer submits a returned payroll again for approval (the finance officer's reason stays on record). */
export function resubmitPayroll(db: Kysely<DB>, actor: AuditActor & { userId: number }, countyCode: string, month: string): Promise<PayrollRecord> {
  return stepPayroll(db, actor, countyCode, month, 'returned', 'payroll.resubmit', { status: 'generated' });
}

export interface PaymentLine {
  readonly id: number;
  readonly month: string;
  readonly pensionId: number;
  readonly residentId: number;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly kind: 'regular' | 'repay';
  readonly fromMonth: string;
  readonly toMonth: string;
  readonly months: number;
  readonly basicPension: Fen;
  readonly fromAccount: Fen;
  readonly fromPool: Fen;
  readonly amount: Fen;
  readonly hasBankAccount: boolean;
  readonly status: PaymentStatus;
  readonly failureReason: string | null;
  readonly repaidIn: string | null;
  /** Why the line was withdrawn before the bank had it (death, suspension, …). */
  readonly withdrawnReason: string | null;
  /** Basic pension withheld in the line's months (捆绑缴费), never paid back, and why (names the child). */
  readonly withheldBasic: Fen;
  readonly withheldReason: string | null;
}

export interface PaymentFilter {
  readonly countyCode: string;
  readonly scopePrefix: string;
  readonly month?: string | undefined;
  readonly status?: PaymentStatus | undefined;
  readonly q?: string | undefined;
  readonly pensionId?: number | undefined;
  /** Only lines with basic pension withheld by family binding (the list of affected parents). */
  readonly withheld?: boolean | undefined;
}

function linesQuery(db: Kysely<DB>, f: PaymentFilter) {
  let q = db
    .selectFrom('pension_payment as l')
    .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'l.county_code').onRef('r.id', '=', 'l.resident_id'))
    .innerJoin('region as v', 'v.code', 'l.village_code')
    .where('l.county_code', '=', f.countyCode)
    .where('l.village_code', 'like', `${f.scopePrefix}%`);
  if (f.month) q = q.where('l.month', '=', f.month);
  if (f.status) q = q.where('l.status', '=', f.status);
  if (f.pensionId !== undefined) q = q.where('l.pension_id', '=', f.pensionId);
  if (f.withheld) q = q.where('l.withheld_basic', '>', 0);
  const text = f.q?.trim();
  if (text) q = q.where(personSearch('r.id_number', 'r.name', text));
  return q;
}

const LINE_COLUMNS = [
  'l.id',
  'l.month',
  'l.pension_id',
  'l.resident_id',
  'r.name',
  'r.id_number',
  'l.village_code',
  'v.name as village_name',
  'l.kind',
  'l.from_month',
  'l.to_month',
  'l.months',
  'l.basic_pension',
  'l.from_account',
  'l.from_pool',
  'l.amount',
  'l.bank_account',
  'l.status',
  'l.failure_reason',
  'l.repaid_in',
  'l.withdrawn_reason',
  'l.withheld_basic',
  'l.withheld_reason',
] as const;

type LineRow = {
  id: number;
  month: string;
  pension_id: number;
  resident_id: number;
  name: string;
  id_number: string;
  village_code: string;
  village_name: string;
  kind: 'regular' | 'repay';
  from_month: string;
  to_month: string;
  months: number;
  basic_pension: number;
  from_account: number;
  from_pool: number;
  amount: number;
  bank_account: string | null;
  status: PaymentStatus;
  failure_reason: string | null;
  repaid_in: string | null;
  withdrawn_reason: string | null;
  withheld_basic: number;
  withheld_reason: string | null;
};

function line(r: LineRow): PaymentLine {
  return {
    id: r.id,
    month: r.month,
    pensionId: r.pension_id,
    residentId: r.resident_id,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    villageCode: r.village_code,
    villageName: r.village_name,
    kind: r.kind,
    fromMonth: r.from_month,
    toMonth: r.to_month,
    months: r.months,
    basicPension: r.basic_pension,
    fromAccount: r.from_account,
    fromPool: r.from_pool,
    amount: r.amount,
    hasBankAccount: Boolean(r.bank_account),
    status: r.status,
    failureReason: r.failure_reason,
    repaidIn: r.repaid_in,
    withdrawnReason: r.withdrawn_reason,
    withheldBasic: r.withheld_basic,
    withheldReason: r.withheld_reason,
  };
}

/** Payment lines (发放明细), by village then person. */
export async function listPayments(db: Kysely<DB>, f: PaymentFilter & { page: number; pageSize: number }): Promise<{ items: PaymentLine[]; total: number; amount: Fen }> {
  const base = linesQuery(db, f);
  const [rows, sums] = await Promise.all([
    base.select([...LINE_COLUMNS]).orderBy('l.month', 'desc').orderBy('l.village_code').orderBy('l.id').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    base.select([(eb) => eb.fn.countAll<number>().as('n'), sql<number>`coalesce(sum(l.amount) filter (where l.status <> 'withdrawn'), 0)::int8`.as('amount')]).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => line(r as LineRow)), total: Number(sums.n), amount: Number(sums.amount) };
}

export async function exportPayments(db: Kysely<DB>, f: PaymentFilter, limit = 1_000_000): Promise<PaymentLine[]> {
  return (await linesQuery(db, f).select([...LINE_COLUMNS]).orderBy('l.village_code').orderBy('l.id').limit(limit).execute()).map((r) => line(r as LineRow));
}

/** Totals by township (the township offices' view of the month). */
export async function payrollByTownship(db: Kysely<DB>, countyCode: string, month: string, scopePrefix = countyCode) {
  const rows = await db
    .selectFrom('pension_payment as l')
    .innerJoin('region as t', (j) => j.on(sql`t.code`, '=', sql`substr(l.village_code, 1, 9) || '000'`))
    .select(['t.code', 't.name', (eb) => eb.fn.countAll<number>().as('lines'), sql<number>`coalesce(sum(l.amount), 0)::int8`.as('amount'), sql<number>`count(*) filter (where l.status = 'failed')::int`.as('failed')])
    .where('l.county_code', '=', countyCode)
    .where('l.month', '=', month)
    .where('l.status', '<>', 'withdrawn')
    .where('l.village_code', 'like', `${scopePrefix}%`)
    .groupBy(['t.code', 't.name'])
    .orderBy('t.code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, lines: Number(r.lines), amount: Number(r.amount), failed: Number(r.failed) }));
}

export const BANK_FILE_HEADER = ['付款编号', '姓名', '公民身份号码', '银行账号', '金额（元）', '发放月份', '摘要'];

/**
 * The payment file for the agent bank (CSV, UTF-8 with BOM): one row per line with the full ID number and
 * account, which only the bank and the finance officer may download (audited). The payroll must be approved.
 */
export async function bankFile(db: Kysely<DB>, actor: AuditActor, countyCode: string, month: string): Promise<{ csv: string; lines: number; amount: Fen }> {
  const payroll = await getPayroll(db, countyCode, month);
  if (payroll.status !== 'approved' && payroll.status !== 'settled') throw new AppError('PAYROLL_STATUS', 409, { field: 'month', params: { month, status: label(payroll.status), expected: label('approved') } });
  const rows = await db
    .selectFrom('pension_payment as l')
    .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'l.county_code').onRef('r.id', '=', 'l.resident_id'))
    .select(['l.id', 'r.name', 'r.id_number', 'l.bank_account', 'l.amount', 'l.from_month', 'l.to_month', 'l.kind'])
    .where('l.county_code', '=', countyCode)
    .where('l.month', '=', month)
    .where('l.status', '<>', 'withdrawn')
    .orderBy('l.id')
    .execute();
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  let amount = 0;
  const out = [BANK_FILE_HEADER.join(',')];
  for (const r of rows) {
    amount += r.amount;
    const yuan = `${Math.trunc(r.amount / 100)}.${String(r.amount % 100).padStart(2, '0')}`;
    const memo = `城乡居民养老金${r.from_month === r.to_month ? r.to_month : `${r.from_month}至${r.to_month}`}${r.kind === 'repay' ? '（补发）' : ''}`;
    // The ID number and account go in as text ("\t" keeps Excel from turning them into numbers).
    out.push([String(r.id), r.name, `\t${r.id_number}`, `\t${r.bank_account ?? ''}`, yuan, month, memo].map(cell).join(','));
  }
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('payroll').set({ bank_file_at: clockDate() }).where('county_code', '=', countyCode).where('month', '=', month).execute();
    await appendAudit(tx, actor, { action: 'payroll.bank_file', entity: 'payroll', entityId: month, regionCode: `${countyCode}000000`, after: { lines: rows.length, amount } });
  });
  return { csv: `\uFEFF${out.join('\r\n')}\r\n`, lines: rows.length, amount };
}

/** Failed payments one return may list: far more than a county's bank ever returns in a month. */
const MAX_RETURN_ROWS = 50_000;

const RETURN_COLUMNS: readonly ColumnSpec[] = [
  { field: 'paymentId', headers: ['paymentId', '付款编号'] },
  { field: 'idNumber', kind: 'text', headers: ['idNumber', '公民身份号码', '身份证号码', '身份证号'] },
  { field: 'reason', headers: ['reason', '失败原因', '退回原因'] },
];

/**
 * The bank paid every pending line of a month's payroll (in the caller's transaction): they become paid and
 * the ledger pays their payable from the expenditure account on `paidOn` (China date). Returns the fen paid.
 */
export async function markPendingLinesPaid(tx: Kysely<DB>, countyCode: string, month: string, paidOn: string, actorId: number | null): Promise<Fen> {
  const paid = await tx
    .updateTable('pension_payment')
    .set({ status: 'paid' })
    .where('county_code', '=', countyCode)
    .where('month', '=', month)
    .where('status', '=', 'pending')
    .returning('amount')
    .execute();
  const total = paid.reduce((s, l) => s + l.amount, 0);
  await postBankSettlement(tx, countyCode, month, paidOn, total, actorId);
  return total;
}

/**
 * The bank's return: the file lists the payments that failed (an empty file: all paid). Every row is
 * checked against the payroll (payment number, ID number, a reason) before anything changes; then the
 * listed lines fail and every other line is paid, and the payroll is settled. The same file again changes
 * nothing; another file after settlement is refused.
 */
export async function settlePayroll(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  countyCode: string,
  month: string,
  fileName: string,
  data: Uint8Array,
): Promise<{ paid: number; failed: number; failedAmount: Fen; unchanged: boolean }> {
  assertMonth(month);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const payroll = await db.selectFrom('payroll').select(['status', 'return_sha256']).where('county_code', '=', countyCode).where('month', '=', month).executeTakeFirst();
  if (!payroll) throw new AppError('PAYROLL_NOT_FOUND', 404, { field: 'month', params: { month } });
  if (payroll.status === 'settled') {
    if (payroll.return_sha256 !== sha256) throw new AppError('PAYROLL_STATUS', 409, { field: 'file', params: { month, status: label('settled'), expected: label('approved') } });
    const t = await totalsOf(db, countyCode, month);
    return { paid: t.paid, failed: t.failed, failedAmount: t.failedAmount, unchanged: true };
  }
  if (payroll.status !== 'approved') throw new AppError('PAYROLL_STATUS', 409, { field: 'month', params: { month, status: label(payroll.status), expected: label('approved') } });
  // An empty file (0 bytes) or a header row alone lists no failures: everything was paid.
  const rows = await readTableFile(fileName, data, RETURN_COLUMNS, { maxRows: MAX_RETURN_ROWS, allowEmpty: true });
  const ids = rows.map((r) => Number(r.values.paymentId)).filter((n) => Number.isSafeInteger(n) && n > 0);
  const known = new Map(
    (
      await db
        .selectFrom('pension_payment as l')
        .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'l.county_code').onRef('r.id', '=', 'l.resident_id'))
        .select(['l.id', 'r.id_number'])
        .where('l.county_code', '=', countyCode)
        .where('l.month', '=', month)
        .where('l.status', '<>', 'withdrawn')
        .where('l.id', 'in', ids.length > 0 ? ids : [-1])
        .execute()
    ).map((r) => [r.id, r.id_number]),
  );
  const errors: RowError[] = [];
  const failures = new Map<number, string>();
  for (const { row, values } of rows) {
    const id = Number(values.paymentId);
    const idNumber = (values.idNumber ?? '').replace(/\s/g, '').toUpperCase();
    const reason = (values.reason ?? '').trim();
    if (!known.has(id)) errors.push({ code: 'PAYROLL_RETURN_UNKNOWN', row, field: 'paymentId', params: { value: values.paymentId ?? '', month } });
    else if (known.get(id) !== idNumber) errors.push({ code: 'PAYROLL_RETURN_ID_MISMATCH', row, field: 'idNumber', params: { id } });
    else if (failures.has(id)) errors.push({ code: 'PAYROLL_RETURN_DUPLICATE', row, field: 'paymentId', params: { id } });
    if (!reason) errors.push({ code: 'PAYROLL_RETURN_REASON', row, field: 'reason' });
    if (known.get(id) === idNumber && reason) failures.set(id, reason.slice(0, 200));
  }
  if (errors.length > 0) throw new AppError('IMPORT_INVALID', 422, { field: 'file', params: { count: errors.length }, errors });
  return db.transaction().execute(async (tx) => {
    const locked = await tx.selectFrom('payroll').select('status').where('county_code', '=', countyCode).where('month', '=', month).forUpdate().executeTakeFirstOrThrow();
    if (locked.status !== 'approved') throw new AppError('PAYROLL_STATUS', 409, { field: 'month', params: { month, status: label(locked.status), expected: label('approved') } });
    for (const [id, reason] of failures) {
      await tx.updateTable('pension_payment').set({ status: 'failed', failure_reason: reason }).where('county_code', '=', countyCode).where('id', '=', id).execute();
    }
    await markPendingLinesPaid(tx, countyCode, month, chinaToday(), actor.userId);
    // A line the bank had when a death was recorded was counted as paid after death; it failed: nothing to recover.
    await releaseFailedRecoveries(tx, countyCode, [...failures.keys()], chinaToday());
    await tx.updateTable('payroll').set({ status: 'settled', settled_by: actor.userId, settled_at: clockDate(), return_sha256: sha256 }).where('county_code', '=', countyCode).where('month', '=', month).execute();
    const t = await totalsOf(tx, countyCode, month);
    await appendAudit(tx, actor, { action: 'payroll.settle', entity: 'payroll', entityId: month, regionCode: `${countyCode}000000`, after: { fileName, sha256, paid: t.paid, failed: t.failed, failedAmount: t.failedAmount } });
    return { paid: t.paid, failed: t.failed, failedAmount: t.failedAmount, unchanged: false };
  });
}

/** What the monthly cycle board shows of a month's payroll (absent when none was generated). */
export interface PayrollCycleFacts {
  readonly status: PayrollStatus;
  /** China dates of generation and of the finance officer's approval (sent on to the finance bureau). */
  readonly generatedOn: string;
  readonly approvedOn: string | null;
  readonly settledOn: string | null;
  readonly lines: number;
  readonly amount: Fen;
  /** Pensions whose first payment is in this payroll (new awards: start month and amount set by the county). */
  readonly newPensioners: number;
  readonly failed: number;
  readonly failedAmount: Fen;
}

const chinaDay = (d: Date | string | null) => (d === null ? null : chinaToday(new Date(d).getTime()));

/** 月度经办: the county's step of `month` as the payroll records it; null when no payroll was generated. */
export async function payrollCycleFacts(db: Kysely<DB>, countyCode: string, month: string): Promise<PayrollCycleFacts | null> {
  const p = await db.selectFrom('payroll').select(['status', 'created_at', 'approved_at', 'settled_at']).where('county_code', '=', countyCode).where('month', '=', month).executeTakeFirst();
  if (!p) return null;
  const [t, first] = await Promise.all([
    totalsOfLines(db, countyCode, month, countyCode),
    db
      .selectFrom('pension_payment as l')
      .innerJoin('pension as p', (j) => j.onRef('p.county_code', '=', 'l.county_code').onRef('p.id', '=', 'l.pension_id'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('l.county_code', '=', countyCode)
      .where('l.month', '=', month)
      .where('l.kind', '=', 'regular')
      .where('l.status', '<>', 'withdrawn')
      .whereRef('l.from_month', '=', 'p.start_month')
      .executeTakeFirstOrThrow(),
  ]);
  return {
    status: p.status,
    generatedOn: chinaDay(p.created_at)!,
    approvedOn: chinaDay(p.approved_at),
    settledOn: chinaDay(p.settled_at),
    lines: t.lines,
    amount: t.amount,
    newPensioners: Number(first.n),
    failed: t.failed,
    failedAmount: t.failedAmount,
  };
}
