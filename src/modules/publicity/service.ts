/**
 * Village publicity (村级公示), DOMAIN.md §6, 国发〔2009〕32号 第十条: the agency and the village committee post, per
 * village, who paid the year and how much (缴费公示, kind `contributions`, period YYYY), who is to draw a pension
 * from which month and how much as the engine computes it (待遇领取公示, `awards`, period YYYY-MM: pensions
 * starting by that month), and whose pension was suspended or stopped in a month (暂停/终止公示, `stops`). A list
 * stays on the board for the dated parameter publicityDays from its posting day. Villagers' objections (异议) are
 * recorded against a line by the township or the county and decided (upheld / dismissed) with a reason; every step
 * is audited. Publishing again for the same village, kind and period adds only the people not yet on a list
 * (a supplementary list, 补充公示), so a re-submitted request never lists anyone twice.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, ObjectionOutcome, PublicityKind } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { addDays, addMonths, parameterAsOf, type Fen, type ParameterSet } from '../../rules/index.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { dueForAward } from '../pensions/service.js';
import { maskIdNumber } from '../registry/service.js';

export const PUBLICITY_KINDS = ['contributions', 'awards', 'stops'] as const satisfies readonly PublicityKind[];

export interface PublicityScope {
  readonly countyCode: string;
  /** The region asked (a village, a township or the county), as a code prefix. */
  readonly scopePrefix: string;
  readonly parameters: ParameterSet;
  readonly schemeStartDate: string;
  /** China date. */
  readonly today: string;
}

/** What a printed line shows besides the name and the amount. */
export type LineDetail =
  /** contributions: the tier and what was credited with the premium (fen), the day paid. */
  | { readonly tier: Fen; readonly subsidy: Fen; readonly collective: Fen; readonly credited: Fen; readonly paidOn: string }
  /** awards: the parts of the monthly pension (fen) and the years paid. */
  | { readonly basicPension: Fen; readonly accountPension: Fen; readonly contributionYears: number; readonly birthDate: string }
  /** stops: suspended or stopped, and why. */
  | { readonly change: 'suspended' | 'stopped'; readonly reason: string };

export interface PublicityLine {
  readonly id: number;
  readonly lineNo: number;
  readonly residentId: number;
  readonly name: string;
  readonly idNumberMasked: string;
  /** contributions: the individual premium paid; awards and stops: the monthly pension (fen). */
  readonly amount: Fen;
  /** awards: the first month paid; stops: the month the change took effect. */
  readonly fromMonth: string | null;
  readonly detail: LineDetail;
  /** An objection to this line was upheld: the line no longer stands. */
  readonly struck: boolean;
}

export interface Objection {
  readonly id: number;
  readonly publicityId: number;
  readonly lineId: number;
  readonly lineNo: number;
  readonly name: string;
  readonly raisedBy: string;
  readonly raisedOn: string;
  readonly content: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
  readonly outcome: ObjectionOutcome | null;
  readonly outcomeReason: string | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

/** upcoming: not on the board yet; posted: on the board today; ended: the period is over. */
export type PublicityState = 'upcoming' | 'posted' | 'ended';

export interface PublicitySummary {
  readonly id: number;
  readonly villageCode: string;
  readonly villageName: string;
  readonly townshipName: string;
  readonly kind: PublicityKind;
  readonly period: string;
  readonly postedFrom: string;
  readonly postedTo: string;
  readonly days: number;
  readonly state: PublicityState;
  readonly lineCount: number;
  /** Sum of the lines' amounts (fen). */
  readonly total: Fen;
  readonly openObjections: number;
  readonly objections: number;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface PublicityDetail extends PublicitySummary {
  readonly contact: string;
  readonly lines: PublicityLine[];
  readonly objectionList: Objection[];
}

interface DraftLine {
  readonly residentId: number;
  readonly villageCode: string;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly amount: Fen;
  readonly fromMonth: string | null;
  readonly detail: LineDetail;
}

const YEAR = /^\d{4}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** How far before today a posting day may be recorded (a list put up before it was entered), and after. */
const POSTED_FROM_BACK_DAYS = 60;
const POSTED_FROM_AHEAD_DAYS = 30;

function assertPeriod(kind: PublicityKind, period: string): void {
  if (!(kind === 'contributions' ? YEAR : MONTH).test(period)) throw new AppError('PUBLICITY_PERIOD', 400, { field: 'period', params: { value: period } });
}

const likePrefix = (prefix: string) => `${prefix}%`;

/** The people a list of `kind` for `period` names in the region, with their amounts. */
async function draftLines(db: Kysely<DB>, scope: PublicityScope, kind: PublicityKind, period: string): Promise<DraftLine[]> {
  if (kind === 'contributions') {
    const rows = await db
      .selectFrom('contribution as c')
      .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'c.county_code').onRef('r.id', '=', 'c.resident_id'))
      .select(['c.resident_id', 'c.village_code', 'r.name', 'r.id_number', 'c.tier', 'c.individual', 'c.hardship_payment', 'c.government_subsidy', 'c.collective_subsidy', 'c.sponsorship', 'c.total_credited', 'c.paid_on'])
      .where('c.county_code', '=', scope.countyCode)
      .where('c.village_code', 'like', likePrefix(scope.scopePrefix))
      .where('c.year', '=', Number(period))
      .where('c.status', '=', 'posted')
      .orderBy('c.village_code')
      .orderBy('c.paid_on')
      .orderBy('c.id')
      .execute();
    return rows.map((r) => ({
      residentId: r.resident_id,
      villageCode: r.village_code,
      name: r.name,
      idNumberMasked: maskIdNumber(r.id_number),
      amount: r.individual,
      fromMonth: null,
      detail: { tier: r.tier, subsidy: r.government_subsidy + r.hardship_payment + r.sponsorship, collective: r.collective_subsidy, credited: r.total_credited, paidOn: String(r.paid_on).slice(0, 10) },
    }));
  }
  if (kind === 'awards') {
    const due = await dueForAward(db, scope, { month: period, eligible: 'yes', today: scope.today });
    return [...due.items]
      .sort((a, b) => a.villageCode.localeCompare(b.villageCode) || a.startMonth.localeCompare(b.startMonth) || a.residentId - b.residentId)
      .map((r) => ({
        residentId: r.residentId,
        villageCode: r.villageCode,
        name: r.name,
        idNumberMasked: r.idNumberMasked,
        amount: r.monthlyPension,
        fromMonth: r.startMonth,
        detail: { basicPension: r.basicPension, accountPension: r.accountPension, contributionYears: r.contributionYears, birthDate: r.birthDate },
      }));
  }
  // A suspension takes effect from its month; a death or other end from the month after; a dual benefit from
  // the month the other pension began (the day stored).
  const fromMonth = sql<string>`case when p.status = 'suspended' then p.suspended_from
    when p.stop_reason = 'dual_benefit' then to_char(p.stopped_on, 'YYYY-MM')
    else to_char(p.stopped_on + interval '1 month', 'YYYY-MM') end`;
  const rows = await db
    .selectFrom('pension as p')
    .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'p.county_code').onRef('r.id', '=', 'p.resident_id'))
    .select(['p.resident_id', 'p.village_code', 'r.name', 'r.id_number', 'p.monthly_pension', 'p.status', 'p.stop_reason', 'p.suspension_reason', fromMonth.as('from_month')])
    .where('p.county_code', '=', scope.countyCode)
    .where('p.village_code', 'like', likePrefix(scope.scopePrefix))
    .where('p.status', 'in', ['suspended', 'stopped'])
    .where(fromMonth, '=', period)
    .orderBy('p.village_code')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({
    residentId: r.resident_id,
    villageCode: r.village_code,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    amount: r.monthly_pension,
    fromMonth: r.from_month,
    detail: r.status === 'suspended' ? { change: 'suspended', reason: r.suspension_reason ?? 'certification' } : { change: 'stopped', reason: r.stop_reason ?? 'other' },
  }));
}

const KIND_WORDS: Record<PublicityKind, { 'zh-CN': string; en: string }> = {
  contributions: { 'zh-CN': '缴费公示', en: 'the contributions list' },
  awards: { 'zh-CN': '待遇领取公示', en: 'the pension list' },
  stops: { 'zh-CN': '暂停、终止公示', en: 'the suspensions and stops list' },
};

/**
 * Posts a list of `kind` for `period` in every village of the region that has someone to list and is not yet on
 * a list of that kind and period (people on a line struck by an upheld objection may be listed again), from
 * `postedFrom` (default today; within 60 days back and 30 ahead) for publicityDays days, in one transaction.
 * Errors: PUBLICITY_PERIOD (400), PUBLICITY_POSTED_FROM (400), PUBLICITY_NOTHING_NEW (409) when no village has
 * anyone new; PENSION_DUE_TOO_MANY (422) for an awards list over too large a region.
 */
export async function createPublicities(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: PublicityScope,
  input: { kind: PublicityKind; period: string; postedFrom?: string | undefined },
): Promise<PublicitySummary[]> {
  assertPeriod(input.kind, input.period);
  const postedFrom = input.postedFrom ?? scope.today;
  const earliest = addDays(scope.today, -POSTED_FROM_BACK_DAYS);
  const latest = addDays(scope.today, POSTED_FROM_AHEAD_DAYS);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(postedFrom) || postedFrom < earliest || postedFrom > latest) {
    throw new AppError('PUBLICITY_POSTED_FROM', 400, { field: 'postedFrom', params: { value: postedFrom, earliest, latest } });
  }
  const days = parameterAsOf(scope.parameters, 'publicityDays', postedFrom).value;
  const contact = parameterAsOf(scope.parameters, 'publicityContact', postedFrom).value;
  const postedTo = addDays(postedFrom, days - 1);
  const ids = await db.transaction().execute(async (tx) => {
    // One publisher at a time per county, kind and period: two clerks pressing at once do not list anyone twice.
    await sql`select pg_advisory_xact_lock(hashtext(${`publicity:${scope.countyCode}:${input.kind}:${input.period}`}))`.execute(tx);
    const drafts = await draftLines(tx, scope, input.kind, input.period);
    const listed = new Set<number>();
    if (drafts.length > 0) {
      const standing = await tx
        .selectFrom('publicity_line as l')
        .select('l.resident_id')
        .where('l.county_code', '=', scope.countyCode)
        .where('l.kind', '=', input.kind)
        .where('l.period', '=', input.period)
        .where('l.resident_id', 'in', drafts.map((d) => d.residentId))
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('publicity_objection as o').select('o.id').whereRef('o.county_code', '=', 'l.county_code').whereRef('o.line_id', '=', 'l.id').where('o.outcome', '=', 'upheld'))),
        )
        .execute();
      for (const s of standing) listed.add(s.resident_id);
    }
    const byVillage = new Map<string, DraftLine[]>();
    for (const d of drafts) {
      if (listed.has(d.residentId)) continue;
      const list = byVillage.get(d.villageCode) ?? [];
      list.push(d);
      byVillage.set(d.villageCode, list);
    }
    if (byVillage.size === 0) {
      const region = await tx.selectFrom('region').select('name').where('code', '=', scope.scopePrefix.padEnd(12, '0')).executeTakeFirst();
      throw new AppError('PUBLICITY_NOTHING_NEW', 409, { params: { region: region?.name ?? scope.scopePrefix, what: KIND_WORDS[input.kind] } });
    }
    const created: number[] = [];
    for (const [villageCode, lines] of [...byVillage].sort(([a], [b]) => a.localeCompare(b))) {
      const total = lines.reduce((s, l) => s + l.amount, 0);
      const p = await tx
        .insertInto('publicity')
        .values({ county_code: scope.countyCode, village_code: villageCode, kind: input.kind, period: input.period, posted_from: postedFrom, posted_to: postedTo, contact, line_count: lines.length, total, created_by: actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let i = 0; i < lines.length; i += 1000) {
        await tx
          .insertInto('publicity_line')
          .values(
            lines.slice(i, i + 1000).map((l, k) => ({
              county_code: scope.countyCode,
              publicity_id: p.id,
              kind: input.kind,
              period: input.period,
              resident_id: l.residentId,
              line_no: i + k + 1,
              name: l.name,
              id_number_masked: l.idNumberMasked,
              amount: l.amount,
              from_month: l.fromMonth,
              detail: JSON.stringify(l.detail),
            })),
          )
          .execute();
      }
      await appendAudit(tx, actor, {
        action: 'publicity.create',
        entity: 'publicity',
        entityId: String(p.id),
        regionCode: villageCode,
        after: { kind: input.kind, period: input.period, postedFrom, postedTo, lines: lines.length, total },
      });
      created.push(p.id);
    }
    return created;
  });
  return (await summaries(db, scope, { ids })).items.sort((a, b) => a.id - b.id);
}

export interface PublicityFilter {
  readonly kind?: PublicityKind | undefined;
  readonly period?: string | undefined;
  readonly state?: 'posted' | 'ended' | undefined;
  readonly ids?: readonly number[];
}

function summaryQuery(db: Kysely<DB>, scope: PublicityScope, f: PublicityFilter) {
  let q = db
    .selectFrom('publicity as p')
    .innerJoin('region as v', 'v.code', 'p.village_code')
    .leftJoin('region as t', 't.code', 'v.parent_code')
    .where('p.county_code', '=', scope.countyCode)
    .where('p.village_code', 'like', likePrefix(scope.scopePrefix));
  if (f.kind) q = q.where('p.kind', '=', f.kind);
  if (f.period) q = q.where('p.period', '=', f.period);
  if (f.state === 'posted') q = q.where('p.posted_to', '>=', scope.today);
  if (f.state === 'ended') q = q.where('p.posted_to', '<', scope.today);
  if (f.ids) q = q.where('p.id', 'in', f.ids.length > 0 ? [...f.ids] : [-1]);
  return q;
}

const stateOn = (today: string, from: string, to: string): PublicityState => (today < from ? 'upcoming' : today <= to ? 'posted' : 'ended');
const isoTime = (d: Date | string) => new Date(d).toISOString();

/**
 * A page of the region's publicities, newest first, with the open objections of each; the summary counts the
 * lists, their lines and the objections still open.
 */
export async function summaries(
  db: Kysely<DB>,
  scope: PublicityScope,
  f: PublicityFilter & { page?: number; pageSize?: number },
): Promise<{ items: PublicitySummary[]; total: number; summary: { lists: number; lines: number; openObjections: number } }> {
  const totals = await summaryQuery(db, scope, f)
    .select((eb) => [
      eb.fn.countAll<number>().as('lists'),
      eb.fn.coalesce(eb.fn.sum<number>('p.line_count'), sql<number>`0`).as('lines'),
    ])
    .executeTakeFirstOrThrow();
  let q = summaryQuery(db, scope, f)
    .leftJoin('staff_user as u', 'u.id', 'p.created_by')
    .select((eb) => [
      'p.id',
      'p.village_code',
      'v.name as village_name',
      't.name as township_name',
      'p.kind',
      'p.period',
      'p.posted_from',
      'p.posted_to',
      'p.line_count',
      'p.total',
      'p.created_at',
      'u.display_name as created_by',
      eb.selectFrom('publicity_objection as o').select(eb.fn.countAll<number>().as('n')).whereRef('o.county_code', '=', 'p.county_code').whereRef('o.publicity_id', '=', 'p.id').where('o.outcome', 'is', null).as('open_objections'),
      eb.selectFrom('publicity_objection as o').select(eb.fn.countAll<number>().as('n')).whereRef('o.county_code', '=', 'p.county_code').whereRef('o.publicity_id', '=', 'p.id').as('objections'),
    ])
    .orderBy('p.id', 'desc');
  if (f.page !== undefined && f.pageSize !== undefined) q = q.limit(f.pageSize).offset((f.page - 1) * f.pageSize);
  const rows = await q.execute();
  const open = await summaryQuery(db, scope, f)
    .innerJoin('publicity_objection as o', (j) => j.onRef('o.county_code', '=', 'p.county_code').onRef('o.publicity_id', '=', 'p.id'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('o.outcome', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      id: r.id,
      villageCode: r.village_code,
      villageName: r.village_name,
      townshipName: r.township_name ?? '',
      kind: r.kind,
      period: r.period,
      postedFrom: r.posted_from,
      postedTo: r.posted_to,
      days: daysBetween(r.posted_from, r.posted_to) + 1,
      state: stateOn(scope.today, r.posted_from, r.posted_to),
      lineCount: r.line_count,
      total: Number(r.total),
      openObjections: Number(r.open_objections ?? 0),
      objections: Number(r.objections ?? 0),
      createdBy: r.created_by ?? '',
      createdAt: isoTime(r.created_at),
    })),
    total: Number(totals.lists),
    summary: { lists: Number(totals.lists), lines: Number(totals.lines), openObjections: Number(open.n) },
  };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** One publicity with its lines and objections. Errors: PUBLICITY_NOT_FOUND (404) outside the region. */
export async function getPublicity(db: Kysely<DB>, scope: PublicityScope, id: number): Promise<PublicityDetail> {
  const head = (await summaries(db, scope, { ids: [id] })).items[0];
  if (!head) throw new AppError('PUBLICITY_NOT_FOUND', 404, { params: { id } });
  const [p, lines, objections] = await Promise.all([
    db.selectFrom('publicity').select('contact').where('county_code', '=', scope.countyCode).where('id', '=', id).executeTakeFirstOrThrow(),
    db
      .selectFrom('publicity_line as l')
      .select((eb) => [
        'l.id',
        'l.line_no',
        'l.resident_id',
        'l.name',
        'l.id_number_masked',
        'l.amount',
        'l.from_month',
        'l.detail',
        eb.exists(eb.selectFrom('publicity_objection as o').select('o.id').whereRef('o.county_code', '=', 'l.county_code').whereRef('o.line_id', '=', 'l.id').where('o.outcome', '=', 'upheld')).as('struck'),
      ])
      .where('l.county_code', '=', scope.countyCode)
      .where('l.publicity_id', '=', id)
      .orderBy('l.line_no')
      .execute(),
    objectionQuery(db, scope.countyCode).where('o.publicity_id', '=', id).orderBy('o.id').execute(),
  ]);
  return {
    ...head,
    contact: p.contact,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      residentId: l.resident_id,
      name: l.name,
      idNumberMasked: l.id_number_masked,
      amount: Number(l.amount),
      fromMonth: l.from_month,
      detail: (typeof l.detail === 'string' ? JSON.parse(l.detail) : l.detail) as LineDetail,
      struck: Boolean(l.struck),
    })),
    objectionList: objections.map(toObjection),
  };
}

function objectionQuery(db: Kysely<DB>, countyCode: string) {
  return db
    .selectFrom('publicity_objection as o')
    .innerJoin('publicity_line as l', (j) => j.onRef('l.county_code', '=', 'o.county_code').onRef('l.id', '=', 'o.line_id'))
    .innerJoin('publicity as p', (j) => j.onRef('p.county_code', '=', 'o.county_code').onRef('p.id', '=', 'o.publicity_id'))
    .leftJoin('staff_user as r', 'r.id', 'o.recorded_by')
    .leftJoin('staff_user as d', 'd.id', 'o.decided_by')
    .select([
      'o.id',
      'o.publicity_id',
      'o.line_id',
      'l.line_no',
      'l.name',
      'p.village_code',
      'o.raised_by',
      'o.raised_on',
      'o.content',
      'r.display_name as recorded_by',
      'o.recorded_at',
      'o.outcome',
      'o.outcome_reason',
      'd.display_name as decided_by',
      'o.decided_at',
    ])
    .where('o.county_code', '=', countyCode);
}

type ObjectionRow = Awaited<ReturnType<ReturnType<typeof objectionQuery>['execute']>>[number];

function toObjection(o: ObjectionRow): Objection {
  return {
    id: o.id,
    publicityId: o.publicity_id,
    lineId: o.line_id,
    lineNo: o.line_no,
    name: o.name,
    raisedBy: o.raised_by,
    raisedOn: o.raised_on,
    content: o.content,
    recordedBy: o.recorded_by ?? '',
    recordedAt: isoTime(o.recorded_at),
    outcome: o.outcome,
    outcomeReason: o.outcome_reason,
    decidedBy: o.decided_by,
    decidedAt: o.decided_at === null ? null : isoTime(o.decided_at),
  };
}

/**
 * Records a villager's objection to line `lineId` of publicity `publicityId`: who raised it, on which day (from the
 * posting day to today) and what they said. Errors: PUBLICITY_NOT_FOUND (404), PUBLICITY_LINE_NOT_FOUND (404),
 * PUBLICITY_RAISED_ON (400).
 */
export async function recordObjection(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: PublicityScope,
  publicityId: number,
  input: { lineId: number; raisedBy: string; raisedOn: string; content: string },
): Promise<Objection> {
  return db.transaction().execute(async (tx) => {
    const p = await tx.selectFrom('publicity').select(['id', 'village_code', 'posted_from']).where('county_code', '=', scope.countyCode).where('id', '=', publicityId).executeTakeFirst();
    if (!p || !p.village_code.startsWith(scope.scopePrefix)) throw new AppError('PUBLICITY_NOT_FOUND', 404, { params: { id: publicityId } });
    const line = await tx.selectFrom('publicity_line').select(['id', 'resident_id', 'line_no']).where('county_code', '=', scope.countyCode).where('publicity_id', '=', publicityId).where('id', '=', input.lineId).executeTakeFirst();
    if (!line) throw new AppError('PUBLICITY_LINE_NOT_FOUND', 404, { field: 'lineId', params: { id: publicityId, line: input.lineId } });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.raisedOn) || input.raisedOn < p.posted_from || input.raisedOn > scope.today) {
      throw new AppError('PUBLICITY_RAISED_ON', 400, { field: 'raisedOn', params: { value: input.raisedOn, from: p.posted_from, today: scope.today } });
    }
    const o = await tx
      .insertInto('publicity_objection')
      .values({ county_code: scope.countyCode, publicity_id: publicityId, line_id: line.id, resident_id: line.resident_id, raised_by: input.raisedBy.trim(), raised_on: input.raisedOn, content: input.content.trim(), recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(tx, actor, {
      action: 'publicity.objection',
      entity: 'publicity_objection',
      entityId: String(o.id),
      regionCode: p.village_code,
      after: { publicityId, lineNo: line.line_no, residentId: line.resident_id, raisedBy: input.raisedBy.trim(), raisedOn: input.raisedOn, content: input.content.trim() },
    });
    return toObjection(await objectionQuery(tx, scope.countyCode).where('o.id', '=', o.id).executeTakeFirstOrThrow());
  });
}

/**
 * Decides an objection: upheld (the line no longer stands; an award waits until the person is published again)
 * or dismissed (the line stands), with the reason. Errors: PUBLICITY_OBJECTION_NOT_FOUND (404),
 * PUBLICITY_OBJECTION_DECIDED (409) when already decided.
 */
export async function decideObjection(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: PublicityScope,
  objectionId: number,
  input: { outcome: ObjectionOutcome; reason: string },
): Promise<Objection> {
  return db.transaction().execute(async (tx) => {
    const o = await objectionQuery(tx, scope.countyCode).where('o.id', '=', objectionId).forUpdate('o').executeTakeFirst();
    if (!o || !o.village_code.startsWith(scope.scopePrefix)) throw new AppError('PUBLICITY_OBJECTION_NOT_FOUND', 404, { params: { id: objectionId } });
    if (o.outcome !== null) {
      const words = { upheld: { 'zh-CN': '异议成立', en: 'upheld' }, dismissed: { 'zh-CN': '异议不成立', en: 'dismissed' } }[o.outcome];
      throw new AppError('PUBLICITY_OBJECTION_DECIDED', 409, { params: { id: objectionId, outcome: words } });
    }
    await tx
      .updateTable('publicity_objection')
      .set({ outcome: input.outcome, outcome_reason: input.reason.trim(), decided_by: actor.userId, decided_at: new Date() })
      .where('county_code', '=', scope.countyCode)
      .where('id', '=', objectionId)
      .execute();
    await appendAudit(tx, actor, {
      action: input.outcome === 'upheld' ? 'publicity.objection_upheld' : 'publicity.objection_dismissed',
      entity: 'publicity_objection',
      entityId: String(objectionId),
      regionCode: o.village_code,
      before: { outcome: null },
      after: { publicityId: o.publicity_id, lineNo: o.line_no, outcome: input.outcome, reason: input.reason.trim() },
    });
    return toObjection(await objectionQuery(tx, scope.countyCode).where('o.id', '=', objectionId).executeTakeFirstOrThrow());
  });
}

/** The month a list of pensions starting by `month` is usually published for: next month (YYYY-MM). */
export function nextAwardsPeriod(today: string): string {
  return addMonths(today.slice(0, 7), 1);
}
