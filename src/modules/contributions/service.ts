/**
 * Collecting contributions (缴费征收), DOMAIN.md §3: one premium per person and year at a tier of the
 * year, split by the policy engine into what each source credits to the account (individual, government
 * payment for hardship groups, government subsidy, collective subsidy, sponsorship). Recording it posts
 * those amounts to the append-only account ledger in the same transaction; a wrong one is reversed by
 * negative entries, never edited. Cash needs its numbered receipt, and a receipt number is used once.
 */
import { sql, type Kysely } from 'kysely';
import type { ContributionChannel, DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import {
  ACCOUNT_SOURCES,
  computeYearlyContribution,
  contributionObligation,
  parseYuan,
  type AccountSource,
  type EnrolmentIdentity,
  type Explanation,
  type Fen,
  type ParameterSet,
} from '../../rules/index.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { postContribution, postContributionReversal, type ContributionMoney } from '../ledger/service.js';
import { assertPastDate } from '../plausibility.js';
import { maskIdNumber } from '../registry/service.js';
import { idNumberMatch, looksLikeIdNumber, nameContains, personSearch } from '../../db/search.js';

export interface ContributionInput {
  readonly residentId: number;
  /** The contribution year; default: the year of payment. */
  readonly year?: number | undefined;
  readonly kind?: 'yearly' | 'backPay' | undefined;
  /** The tier in yuan as typed ("500", "1,000.00"). */
  readonly tier: string;
  /** Default: today. */
  readonly paidOn?: string | undefined;
  readonly channel: ContributionChannel;
  readonly receiptNo?: string | undefined;
  readonly bankReference?: string | undefined;
  readonly collectiveSubsidy?: string | undefined;
  readonly sponsorship?: string | undefined;
}

export interface CollectContext {
  readonly actor: AuditActor & { userId: number };
  readonly countyCode: string;
  readonly scopePrefix: string;
  readonly parameters: ParameterSet;
  /** The scheme's start in the county, for back-payment limits. */
  readonly schemeStartDate: string;
  readonly today: string;
}

export interface ContributionRecord {
  readonly id: number;
  readonly residentId: number;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly year: number;
  readonly kind: 'yearly' | 'backPay';
  readonly tier: Fen;
  readonly identity: string;
  readonly individual: Fen;
  readonly hardshipPayment: Fen;
  readonly governmentSubsidy: Fen;
  readonly collectiveSubsidy: Fen;
  readonly sponsorship: Fen;
  readonly totalCredited: Fen;
  readonly paidOn: string;
  readonly channel: ContributionChannel;
  readonly receiptNo: string | null;
  readonly status: 'posted' | 'reversed';
  readonly reversalReason: string | null;
  readonly recordedBy: string | null;
}


function money(text: string | undefined, field: string): Fen | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return parseYuan(text, field); // a RuleError naming the field, turned into a 400 by the HTTP layer
}

/** Records one payment and posts it to the account; returns it with the engine's explanation. */
export async function recordContribution(db: Kysely<DB>, ctx: CollectContext, input: ContributionInput): Promise<{ contribution: ContributionRecord; explanation: Explanation }> {
  const paidOn = input.paidOn ?? ctx.today;
  // A payment has happened: never after today (the year it pays for may be checked against it below).
  assertPastDate(paidOn, { field: 'paidOn', today: ctx.today, code: 'CONTRIBUTION_DATE' });
  const kind = input.kind ?? 'yearly';
  const paidYear = Number(paidOn.slice(0, 4));
  const year = input.year ?? paidYear;
  if (kind === 'yearly' && year !== paidYear) throw new AppError('CONTRIBUTION_YEAR', 400, { field: 'year', params: { year, paidYear } });
  if (kind === 'backPay' && year >= paidYear) throw new AppError('CONTRIBUTION_YEAR', 400, { field: 'year', params: { year, paidYear } });
  const tier = money(input.tier, 'tier');
  if (tier === undefined || tier <= 0) throw new AppError('MONEY_FORMAT', 400, { field: 'tier', params: { field: 'tier', value: input.tier } });
  const receiptNo = input.receiptNo?.trim() || null;
  if (input.channel === 'cash' && !receiptNo) throw new AppError('CONTRIBUTION_RECEIPT_REQUIRED', 400, { field: 'receiptNo' });

  return db.transaction().execute(async (tx) => {
    const person = await tx
      .selectFrom('enrolment as e')
      .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'e.county_code').onRef('r.id', '=', 'e.resident_id'))
      .select(['e.status', 'e.payment_status', 'e.identity', 'e.village_code', 'e.first_month', 'r.birth_date', 'r.name'])
      .where('e.county_code', '=', ctx.countyCode)
      .where('e.resident_id', '=', input.residentId)
      .forUpdate()
      .executeTakeFirst();
    if (!person || !person.village_code.startsWith(ctx.scopePrefix)) throw new AppError('ENROLMENT_NOT_FOUND', 404, { field: 'residentId', params: { id: input.residentId } });
    if (person.status !== 'normal' || person.payment_status !== 'paying') {
      throw new AppError('CONTRIBUTION_NOT_PAYING', 409, { field: 'residentId', params: { name: person.name, status: person.status, paymentStatus: person.payment_status } });
    }
    const already = await tx
      .selectFrom('contribution')
      .select(['id', 'paid_on'])
      .where('county_code', '=', ctx.countyCode)
      .where('resident_id', '=', input.residentId)
      .where('year', '=', year)
      .where('status', '=', 'posted')
      .executeTakeFirst();
    if (already) throw new AppError('CONTRIBUTION_ALREADY_PAID', 409, { field: 'year', params: { name: person.name, year, paidOn: already.paid_on, id: already.id } });
    if (kind === 'backPay') {
      const credited = await tx
        .selectFrom('contribution')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('county_code', '=', ctx.countyCode)
        .where('resident_id', '=', input.residentId)
        .where('status', '=', 'posted')
        .executeTakeFirstOrThrow();
      const currentYearPaid = Boolean(
        await tx.selectFrom('contribution').select('id').where('county_code', '=', ctx.countyCode).where('resident_id', '=', input.residentId).where('year', '=', paidYear).where('status', '=', 'posted').executeTakeFirst(),
      );
      const obligation = contributionObligation(
        { birthDate: person.birth_date, schemeStartDate: ctx.schemeStartDate, asOf: paidOn, yearsCredited: Number(credited.n), currentYearPaid },
        ctx.parameters,
      );
      if (obligation.backPayAllowedNow < 1) {
        throw new AppError('CONTRIBUTION_BACKPAY_NOT_ALLOWED', 409, { field: 'kind', params: { name: person.name, category: obligation.category } });
      }
    }
    if (receiptNo) {
      const used = await tx.selectFrom('contribution').select('id').where('county_code', '=', ctx.countyCode).where('receipt_no', '=', receiptNo).executeTakeFirst();
      if (used) throw new AppError('CONTRIBUTION_RECEIPT_USED', 409, { field: 'receiptNo', params: { receipt: receiptNo, id: used.id } });
    }
    const split = computeYearlyContribution(
      {
        year,
        paidOn,
        tier,
        identity: person.identity as EnrolmentIdentity,
        kind,
        collectiveSubsidy: money(input.collectiveSubsidy, 'collectiveSubsidy') ?? 0,
        sponsorship: money(input.sponsorship, 'sponsorship') ?? 0,
      },
      ctx.parameters,
    );
    const row = await tx
      .insertInto('contribution')
      .values({
        county_code: ctx.countyCode,
        resident_id: input.residentId,
        village_code: person.village_code,
        year,
        kind,
        tier,
        identity: person.identity,
        individual: split.individual,
        hardship_payment: split.hardshipPayment,
        government_subsidy: split.governmentSubsidy,
        collective_subsidy: split.collectiveSubsidy,
        sponsorship: split.sponsorship,
        total_credited: split.totalCredited,
        paid_on: paidOn,
        channel: input.channel,
        receipt_no: receiptNo,
        bank_reference: input.bankReference?.trim() || null,
        recorded_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await postContribution(
      tx,
      ctx.countyCode,
      ctx.parameters,
      {
        id: row.id,
        residentId: input.residentId,
        year,
        paidOn,
        channel: input.channel,
        individual: split.individual,
        hardshipPayment: split.hardshipPayment,
        governmentSubsidy: split.governmentSubsidy,
        collectiveSubsidy: split.collectiveSubsidy,
        sponsorship: split.sponsorship,
      },
      ctx.actor.userId,
    );
    await appendAudit(tx, ctx.actor, {
      action: 'contribution.record',
      entity: 'contribution',
      entityId: String(row.id),
      regionCode: person.village_code,
      after: { residentId: input.residentId, year, kind, tier, totalCredited: split.totalCredited, channel: input.channel, receiptNo },
    });
    return { contribution: await getContribution(tx, ctx.countyCode, row.id), explanation: split.explanation };
  });
}

/** The money of a contribution row as the ledger posts it. */
function contributionMoney(c: { id: number; resident_id: number; year: number; paid_on: string; channel: ContributionChannel; individual: number; hardship_payment: number; government_subsidy: number; collective_subsidy: number; sponsorship: number }): ContributionMoney {
  return {
    id: c.id,
    residentId: c.resident_id,
    year: c.year,
    paidOn: c.paid_on,
    channel: c.channel,
    individual: c.individual,
    hardshipPayment: c.hardship_payment,
    governmentSubsidy: c.government_subsidy,
    collectiveSubsidy: c.collective_subsidy,
    sponsorship: c.sponsorship,
  };
}

/**
 * Reverses, in the caller's transaction, every posted contribution of a person paid after `after` (an ISO
 * date: a death, the start of another pension) — the ledger gets reversing entries by source, as a manual
 * reversal would. Returns the individual premiums reversed (fen), which are refunded to the person or heirs;
 * the subsidies go back to the fund. One audit row per contribution.
 */
export async function reverseContributionsPaidAfter(
  tx: Kysely<DB>,
  actor: AuditActor & { userId: number },
  parameters: ParameterSet,
  countyCode: string,
  residentId: number,
  after: string,
  reason: string,
  today: string,
): Promise<{ count: number; individual: Fen }> {
  const found = await tx
    .selectFrom('contribution')
    .selectAll()
    .where('county_code', '=', countyCode)
    .where('resident_id', '=', residentId)
    .where('status', '=', 'posted')
    .where('paid_on', '>', after)
    .forUpdate()
    .execute();
  let individual = 0;
  for (const c of found) {
    await postContributionReversal(tx, countyCode, parameters, contributionMoney(c), today, actor.userId, reason);
    await tx.updateTable('contribution').set({ status: 'reversed', reversal_reason: reason, reversed_by: actor.userId, reversed_at: new Date() }).where('county_code', '=', countyCode).where('id', '=', c.id).execute();
    await appendAudit(tx, actor, { action: 'contribution.reverse', entity: 'contribution', entityId: String(c.id), regionCode: c.village_code, before: { status: 'posted', totalCredited: c.total_credited }, after: { status: 'reversed', reason } });
    individual += c.individual;
  }
  return { count: found.length, individual };
}

export async function reverseContribution(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: { countyCode: string; scopePrefix: string; today: string; parameters: ParameterSet },
  id: number,
  reason: string,
): Promise<ContributionRecord> {
  if (!reason.trim()) throw new AppError('REJECT_REASON_REQUIRED', 400, { field: 'reason' });
  return db.transaction().execute(async (tx) => {
    const c = await tx.selectFrom('contribution').selectAll().where('county_code', '=', scope.countyCode).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!c || !c.village_code.startsWith(scope.scopePrefix)) throw new AppError('CONTRIBUTION_NOT_FOUND', 404, { params: { id } });
    if (c.status === 'reversed') throw new AppError('CONTRIBUTION_REVERSED', 409, { params: { id } });
    await postContributionReversal(tx, scope.countyCode, scope.parameters, contributionMoney(c), scope.today, actor.userId, reason.trim());
    await tx.updateTable('contribution').set({ status: 'reversed', reversal_reason: reason.trim(), reversed_by: actor.userId, reversed_at: new Date() }).where('county_code', '=', scope.countyCode).where('id', '=', id).execute();
    await appendAudit(tx, actor, {
      action: 'contribution.reverse',
      entity: 'contribution',
      entityId: String(id),
      regionCode: c.village_code,
      before: { status: 'posted', totalCredited: c.total_credited },
      after: { status: 'reversed', reason: reason.trim() },
    });
    return getContribution(tx, scope.countyCode, id);
  });
}

function contributionQuery(db: Kysely<DB>, countyCode: string) {
  return db
    .selectFrom('contribution as c')
    .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'c.county_code').onRef('r.id', '=', 'c.resident_id'))
    .innerJoin('region as v', 'v.code', 'c.village_code')
    .leftJoin('staff_user as s', 's.id', 'c.recorded_by')
    .where('c.county_code', '=', countyCode);
}

const COLUMNS = [
  'c.id', 'c.resident_id', 'r.name', 'r.id_number', 'c.village_code', 'v.name as village_name', 'c.year', 'c.kind', 'c.tier', 'c.identity', 'c.individual',
  'c.hardship_payment', 'c.government_subsidy', 'c.collective_subsidy', 'c.sponsorship', 'c.total_credited', 'c.paid_on', 'c.channel', 'c.receipt_no',
  'c.status', 'c.reversal_reason', 's.display_name as recorded_name',
] as const;

type Row = {
  id: number; resident_id: number; name: string; id_number: string; village_code: string; village_name: string; year: number; kind: 'yearly' | 'backPay';
  tier: number; identity: string; individual: number; hardship_payment: number; government_subsidy: number; collective_subsidy: number; sponsorship: number;
  total_credited: number; paid_on: string; channel: ContributionChannel; receipt_no: string | null; status: 'posted' | 'reversed'; reversal_reason: string | null;
  recorded_name: string | null;
};

function record(r: Row): ContributionRecord {
  return {
    id: r.id,
    residentId: r.resident_id,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    villageCode: r.village_code,
    villageName: r.village_name,
    year: r.year,
    kind: r.kind,
    tier: r.tier,
    identity: r.identity,
    individual: r.individual,
    hardshipPayment: r.hardship_payment,
    governmentSubsidy: r.government_subsidy,
    collectiveSubsidy: r.collective_subsidy,
    sponsorship: r.sponsorship,
    totalCredited: r.total_credited,
    paidOn: r.paid_on,
    channel: r.channel,
    receiptNo: r.receipt_no,
    status: r.status,
    reversalReason: r.reversal_reason,
    recordedBy: r.recorded_name,
  };
}

export async function getContribution(db: Kysely<DB>, countyCode: string, id: number): Promise<ContributionRecord> {
  const r = await contributionQuery(db, countyCode).select([...COLUMNS]).where('c.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('CONTRIBUTION_NOT_FOUND', 404, { params: { id } });
  return record(r);
}

export interface ContributionFilter {
  readonly countyCode: string;
  readonly scopePrefix: string;
  readonly year?: number | undefined;
  readonly q?: string | undefined;
  readonly status?: 'posted' | 'reversed' | undefined;
  readonly page: number;
  readonly pageSize: number;
}

export interface ContributionTotals {
  readonly count: number;
  readonly individual: Fen;
  readonly hardshipPayment: Fen;
  readonly governmentSubsidy: Fen;
  readonly collectiveSubsidy: Fen;
  readonly sponsorship: Fen;
  readonly totalCredited: Fen;
}

function filtered(db: Kysely<DB>, f: Omit<ContributionFilter, 'page' | 'pageSize'>) {
  let q = contributionQuery(db, f.countyCode).where('c.village_code', 'like', `${f.scopePrefix}%`);
  if (f.year !== undefined) q = q.where('c.year', '=', f.year);
  if (f.status) q = q.where('c.status', '=', f.status);
  const text = f.q?.trim();
  if (text) q = looksLikeIdNumber(text) ? q.where(idNumberMatch('r.id_number', text)) : /^\w[\w-]*$/.test(text) && !/^\p{Script=Han}/u.test(text) ? q.where('c.receipt_no', '=', text) : q.where(nameContains('r.name', text));
  return q;
}

/** The collection ledger (征缴台账): payments with totals of the posted ones by source. */
export async function listContributions(db: Kysely<DB>, f: ContributionFilter): Promise<{ items: ContributionRecord[]; total: number; totals: ContributionTotals }> {
  const base = filtered(db, f);
  const [rows, sums] = await Promise.all([
    base.select([...COLUMNS]).orderBy('c.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    base
      .select([
        (eb) => eb.fn.countAll<number>().as('all'),
        sql<number>`count(*) filter (where c.status = 'posted')`.as('count'),
        sql<number>`coalesce(sum(c.individual) filter (where c.status = 'posted'), 0)::int8`.as('individual'),
        sql<number>`coalesce(sum(c.hardship_payment) filter (where c.status = 'posted'), 0)::int8`.as('hardshipPayment'),
        sql<number>`coalesce(sum(c.government_subsidy) filter (where c.status = 'posted'), 0)::int8`.as('governmentSubsidy'),
        sql<number>`coalesce(sum(c.collective_subsidy) filter (where c.status = 'posted'), 0)::int8`.as('collectiveSubsidy'),
        sql<number>`coalesce(sum(c.sponsorship) filter (where c.status = 'posted'), 0)::int8`.as('sponsorship'),
        sql<number>`coalesce(sum(c.total_credited) filter (where c.status = 'posted'), 0)::int8`.as('totalCredited'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  const { all, ...totals } = sums;
  return { items: rows.map(record), total: all, totals };
}

export async function exportContributions(db: Kysely<DB>, f: Omit<ContributionFilter, 'page' | 'pageSize'>, limit = 200_000): Promise<ContributionRecord[]> {
  return (await filtered(db, f).select([...COLUMNS]).orderBy('c.village_code').orderBy('c.id').limit(limit).execute()).map(record);
}

export interface PlanRow {
  readonly residentId: number;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly birthDate: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly householdNo: string;
  readonly identity: string;
  /** The posted contribution of the year, if any. */
  readonly contributionId: number | null;
  readonly tier: Fen | null;
  readonly totalCredited: Fen | null;
  readonly paidOn: string | null;
}

/**
 * The collection plan of a year (征缴计划): everyone enrolled and paying in the region, with their
 * contribution of that year when paid — what a coordinator works through in the village.
 */
export async function collectionPlan(
  db: Kysely<DB>,
  f: { countyCode: string; scopePrefix: string; year: number; paid?: 'yes' | 'no' | undefined; q?: string | undefined; page: number; pageSize: number },
): Promise<{ items: PlanRow[]; total: number; summary: { people: number; paid: number; collected: Fen } }> {
  let q = db
    .selectFrom('enrolment as e')
    .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'e.county_code').onRef('r.id', '=', 'e.resident_id'))
    .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'r.county_code').onRef('h.id', '=', 'r.household_id'))
    .innerJoin('region as v', 'v.code', 'e.village_code')
    .leftJoin('contribution as c', (j) =>
      j.onRef('c.county_code', '=', 'e.county_code').onRef('c.resident_id', '=', 'e.resident_id').on('c.year', '=', f.year).on('c.status', '=', 'posted'),
    )
    .where('e.county_code', '=', f.countyCode)
    .where('e.village_code', 'like', `${f.scopePrefix}%`)
    .where('e.status', '=', 'normal')
    .where('e.payment_status', '=', 'paying');
  const summary = await q
    .select([
      (eb) => eb.fn.countAll<number>().as('people'),
      sql<number>`count(c.id)`.as('paid'),
      sql<number>`coalesce(sum(c.total_credited), 0)::int8`.as('collected'),
    ])
    .executeTakeFirstOrThrow();
  const text = f.q?.trim();
  if (text) q = q.where(personSearch('r.id_number', 'r.name', text));
  if (f.paid === 'yes') q = q.where('c.id', 'is not', null);
  if (f.paid === 'no') q = q.where('c.id', 'is', null);
  const [rows, count] = await Promise.all([
    q
      .select(['e.resident_id', 'r.name', 'r.id_number', 'r.birth_date', 'e.village_code', 'v.name as village_name', 'h.household_no', 'e.identity', 'c.id as contribution_id', 'c.tier', 'c.total_credited', 'c.paid_on'])
      .orderBy('e.village_code')
      .orderBy('r.household_id')
      .orderBy('r.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      residentId: r.resident_id,
      name: r.name,
      idNumberMasked: maskIdNumber(r.id_number),
      birthDate: r.birth_date,
      villageCode: r.village_code,
      villageName: r.village_name,
      householdNo: r.household_no,
      identity: r.identity,
      contributionId: r.contribution_id,
      tier: r.tier,
      totalCredited: r.total_credited,
      paidOn: r.paid_on,
    })),
    total: count.n,
    summary,
  };
}

export interface AccountStatement {
  readonly residentId: number;
  readonly balances: Readonly<Record<AccountSource, Fen>>;
  readonly total: Fen;
  readonly entries: { id: number; postedOn: string; kind: string; source: string; amount: Fen; year: number | null; contributionId: number | null }[];
  readonly contributions: ContributionRecord[];
}

/** 对账单: the account's balance by source (the ledger's sums), its entries and the person's contributions. */
export async function accountStatement(db: Kysely<DB>, countyCode: string, residentId: number): Promise<AccountStatement> {
  const [entries, contributions] = await Promise.all([
    db.selectFrom('account_entry').select(['id', 'posted_on', 'kind', 'source', 'amount', 'year', 'contribution_id']).where('county_code', '=', countyCode).where('resident_id', '=', residentId).orderBy('posted_on').orderBy('id').execute(),
    contributionQuery(db, countyCode).select([...COLUMNS]).where('c.resident_id', '=', residentId).orderBy('c.year').orderBy('c.id').execute(),
  ]);
  const balances = Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, 0])) as Record<AccountSource, Fen>;
  let total = 0;
  for (const e of entries) {
    balances[e.source as AccountSource] += e.amount;
    total += e.amount;
  }
  return {
    residentId,
    balances,
    total,
    entries: entries.map((e) => ({ id: e.id, postedOn: e.posted_on, kind: e.kind, source: e.source, amount: e.amount, year: e.year, contributionId: e.contribution_id })),
    contributions: contributions.map(record),
  };
}
