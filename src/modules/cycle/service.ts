/**
 * The monthly cycle (月度经办), DOMAIN.md §7 and the 寿光 seed: each month every village coordinator hands
 * the village's month to the township office (by the 3rd), the township reviews and hands it to the county
 * (by the 5th); the county awards the new pensions, generates and approves the payroll and sends it to the
 * finance bureau with the request for funds (by the 10th); the bureau allocates the money to the bank (by
 * the 15th); the bank pays within one working day and returns the failures. Deadlines and the working-day
 * calendar are dated county parameters (`monthlyCycleDeadlines`, `workingCalendar`; rules/working-days.ts).
 *
 * The village and township steps are submissions stored here; the county, finance and bank steps are read
 * from what the payroll and the ledger already recorded, never typed twice.
 *
 * What a village hands on is counted from the data: new applications, changes to residents' records,
 * deaths reported and certifications, each recorded since the village last submitted (or since the first
 * day of the previous month for its first month) up to the moment it submits. Submitting closes the month:
 * whatever the village records afterwards is taken into the next month (never refused, never lost); the
 * level above may reopen the month with a reason, and the next submission then takes those items in.
 * Timeliness is judged on the day a unit first submitted (China date, business clock); a reopened and
 * re-submitted month keeps its first day.
 */
import type { Kysely } from 'kysely';
import type { CycleLevel, DB } from '../../db/schema.js';
import type { VillageWindow } from '../../db/windows.js';
import { AppError } from '../../errors/app-error.js';
import { chinaToday } from '../../http/clock.js';
import { addMonths, cycleDeadlines, regionLevelOf, regionScopePrefix, timeliness, addWorkingDays, type CycleDeadline, type Fen, type ParameterSet, type Timeliness } from '../../rules/index.js';
import { appendAudit, recordChangesInWindows, type AuditActor } from '../audit/service.js';
import { applicationsInWindows } from '../enrolment/applications.js';
import { payrollMoneyDays } from '../ledger/movements.js';
import { certificationsInWindows } from '../pensions/certification.js';
import { deathsInWindows } from '../pensions/death.js';
import { payrollCycleFacts, type PayrollCycleFacts } from '../pensions/payroll.js';
import { assertMonth } from '../pensions/service.js';
import { regionTree, type RegionNode } from '../regions/service.js';

type Actor = AuditActor & { userId: number };

/** What a village hands on, counted from the data. */
export interface CycleCounts {
  readonly applications: number;
  readonly changes: number;
  readonly deaths: number;
  readonly certifications: number;
}

/** 未报送 / 已报送 / 已退回重报: not submitted, submitted, reopened by the level above. */
export type UnitState = 'open' | 'submitted' | 'reopened';

export interface CycleUnit {
  readonly code: string;
  readonly name: string;
  readonly level: CycleLevel;
  readonly state: UnitState;
  readonly timeliness: Timeliness;
  readonly due: string;
  readonly firstSubmittedOn: string | null;
  readonly submittedOn: string | null;
  readonly submittedBy: string | null;
  readonly reopenedOn: string | null;
  readonly reopenedBy: string | null;
  readonly reopenReason: string | null;
  /** What was handed on; for a unit not (or no longer) submitted, what it would hand on now. */
  readonly counts: CycleCounts;
  /** A township: how many of its villages have submitted, of how many. */
  readonly villagesSubmitted?: number;
  readonly villagesTotal?: number;
  readonly villages?: readonly CycleUnit[];
}

export interface CycleStep {
  readonly timeliness: Timeliness;
  /** Null for the bank until the money is allocated (its day counts from the allocation). */
  readonly due: string | null;
  readonly doneOn: string | null;
}

export interface CycleBoard {
  readonly month: string;
  readonly today: string;
  readonly deadlines: { readonly village: CycleDeadline; readonly township: CycleDeadline; readonly county: CycleDeadline; readonly finance: CycleDeadline; readonly bankWorkingDays: number };
  readonly townships: readonly CycleUnit[];
  readonly tally: { readonly villages: Readonly<Record<Timeliness, number>>; readonly townships: Readonly<Record<Timeliness, number>> };
  /** 县级: payroll generated and approved (sent to finance with the request for funds). */
  readonly county: CycleStep & { readonly payroll: PayrollCycleFacts | null };
  /** 财政局: the allocation to the bank. */
  readonly finance: CycleStep & { readonly amount: Fen };
  /** 代理银行: paid, and the failures returned. */
  readonly bank: CycleStep & { readonly failed: number; readonly failedAmount: Fen };
}

const ZERO: CycleCounts = { applications: 0, changes: 0, deaths: 0, certifications: 0 };
const addCounts = (a: CycleCounts, b: CycleCounts): CycleCounts => ({
  applications: a.applications + b.applications,
  changes: a.changes + b.changes,
  deaths: a.deaths + b.deaths,
  certifications: a.certifications + b.certifications,
});

interface StoredSubmission {
  readonly unit_code: string;
  readonly status: 'submitted' | 'reopened';
  readonly first_submitted_on: string;
  readonly submitted_on: string;
  readonly submitted_name: string | null;
  readonly reopened_on: string | null;
  readonly reopened_name: string | null;
  readonly reopen_reason: string | null;
  readonly applications: number;
  readonly changes: number;
  readonly deaths: number;
  readonly certifications: number;
}

function submissionsOf(db: Kysely<DB>, countyCode: string, month: string, prefix: string): Promise<StoredSubmission[]> {
  return db
    .selectFrom('cycle_submission as s')
    .leftJoin('staff_user as u', 'u.id', 's.submitted_by')
    .leftJoin('staff_user as r', 'r.id', 's.reopened_by')
    .select([
      's.unit_code', 's.status', 's.first_submitted_on', 's.submitted_on', 'u.display_name as submitted_name', 's.reopened_on', 'r.display_name as reopened_name', 's.reopen_reason',
      's.applications', 's.changes', 's.deaths', 's.certifications',
    ])
    .where('s.county_code', '=', countyCode)
    .where('s.month', '=', month)
    .where('s.unit_code', 'like', `${prefix}%`)
    .execute();
}

/**
 * The windows of recording time of villages whose month is open: from the instant their latest earlier
 * month closed (or the first day of the previous month, China time, for a first month) up to `upTo`.
 */
async function openWindows(db: Kysely<DB>, countyCode: string, month: string, villages: readonly string[], upTo: Date): Promise<VillageWindow[]> {
  if (villages.length === 0) return [];
  const closed = await db
    .selectFrom('cycle_submission')
    .select(['unit_code', (eb) => eb.fn.max('closed_at').as('closed_at')])
    .where('county_code', '=', countyCode)
    .where('month', '<', month)
    .where('unit_code', 'in', villages)
    .where('closed_at', 'is not', null)
    .groupBy('unit_code')
    .execute();
  const after = new Map(closed.map((c) => [c.unit_code, c.closed_at === null ? null : new Date(c.closed_at)]));
  const periodStart = new Date(`${addMonths(month, -1)}-01T00:00:00+08:00`);
  return villages.map((village) => ({ village, after: after.get(village) ?? periodStart, upTo }));
}

/** The counts of each village within its window, from the modules that own the items. */
async function countsInWindows(db: Kysely<DB>, countyCode: string, windows: readonly VillageWindow[]): Promise<Map<string, CycleCounts>> {
  const [applications, changes, deaths, certifications] = await Promise.all([
    applicationsInWindows(db, countyCode, windows),
    recordChangesInWindows(db, windows),
    deathsInWindows(db, countyCode, windows),
    certificationsInWindows(db, countyCode, windows),
  ]);
  return new Map(
    windows.map((w) => [
      w.village,
      { applications: applications.get(w.village) ?? 0, changes: changes.get(w.village) ?? 0, deaths: deaths.get(w.village) ?? 0, certifications: certifications.get(w.village) ?? 0 },
    ]),
  );
}

const storedCounts = (s: StoredSubmission): CycleCounts => ({ applications: s.applications, changes: s.changes, deaths: s.deaths, certifications: s.certifications });

function unitOf(node: RegionNode, level: CycleLevel, stored: StoredSubmission | undefined, due: string, asOf: string, counts: CycleCounts): CycleUnit {
  // As of a past day (the Friday summary), a submission made later had not been made yet.
  const seen = stored && stored.first_submitted_on <= asOf ? stored : undefined;
  const state: UnitState = !seen ? 'open' : seen.status === 'reopened' && (seen.reopened_on ?? '') <= asOf ? 'reopened' : 'submitted';
  return {
    code: node.code,
    name: node.name,
    level,
    state,
    timeliness: timeliness(due, seen?.first_submitted_on ?? null, asOf),
    due,
    firstSubmittedOn: seen?.first_submitted_on ?? null,
    submittedOn: seen?.submitted_on ?? null,
    submittedBy: seen?.submitted_name ?? null,
    reopenedOn: seen?.reopened_on ?? null,
    reopenedBy: seen?.reopened_name ?? null,
    reopenReason: seen?.reopen_reason ?? null,
    counts,
  };
}

function tally(units: readonly CycleUnit[]): Record<Timeliness, number> {
  const t: Record<Timeliness, number> = { onTime: 0, late: 0, missing: 0, pending: 0 };
  for (const u of units) t[u.timeliness] += 1;
  return t;
}

/** The townships (with their villages) a region sees: the county all, a township itself, a village its own within its township. */
async function scopedTownships(db: Kysely<DB>, regionCode: string): Promise<RegionNode[]> {
  const level = regionLevelOf(regionCode);
  if (level === 'county') return (await regionTree(db, regionCode)).children ?? [];
  if (level === 'township') return [await regionTree(db, regionCode)];
  const township = await regionTree(db, `${regionCode.slice(0, 9)}000`);
  return [{ ...township, children: (township.children ?? []).filter((v) => v.code === regionCode) }];
}

/**
 * The board of `month` (YYYY-MM) for `regionCode` (the county, a township or a village, already checked to
 * be in the caller's scope), as of `asOf` (China date; today for the live board, a Friday for the weekly
 * summary). Counts of units not submitted are counted now. Throws DATE_FORMAT for a malformed month.
 */
export async function cycleBoard(db: Kysely<DB>, params: ParameterSet, countyCode: string, regionCode: string, month: string, asOf: string = chinaToday()): Promise<CycleBoard> {
  assertMonth(month);
  const d = cycleDeadlines(params, month);
  const townshipsInScope = await scopedTownships(db, regionCode);
  const prefix = regionLevelOf(regionCode) === 'village' ? `${regionCode.slice(0, 9)}` : regionScopePrefix(regionCode);
  const stored = new Map((await submissionsOf(db, countyCode, month, prefix)).map((s) => [s.unit_code, s]));
  const villageCodes = townshipsInScope.flatMap((t) => (t.children ?? []).map((v) => v.code));
  const open = villageCodes.filter((v) => stored.get(v)?.status !== 'submitted');
  const live = await countsInWindows(db, countyCode, await openWindows(db, countyCode, month, open, new Date()));

  const townships = townshipsInScope.map((t) => {
    const villages = (t.children ?? []).map((v) => {
      const s = stored.get(v.code);
      return unitOf(v, 'village', s, d.village.due, asOf, s?.status === 'submitted' ? storedCounts(s) : (live.get(v.code) ?? ZERO));
    });
    const handedOn = villages.filter((v) => v.state === 'submitted');
    const s = stored.get(t.code);
    const counts = s?.status === 'submitted' ? storedCounts(s) : handedOn.reduce((sum, v) => addCounts(sum, v.counts), ZERO);
    return { ...unitOf(t, 'township', s, d.township.due, asOf, counts), villagesSubmitted: handedOn.length, villagesTotal: villages.length, villages };
  });

  const [payroll, money] = await Promise.all([payrollCycleFacts(db, countyCode, month), payrollMoneyDays(db, countyCode, month)]);
  const seenOn = (day: string | null | undefined) => (day && day <= asOf ? day : null);
  const approvedOn = seenOn(payroll?.approvedOn);
  const allocatedOn = seenOn(money.allocatedOn);
  const paidOn = seenOn(money.paidOn);
  const bankDue = allocatedOn ? addWorkingDays(params, allocatedOn, d.bankWorkingDays) : null;
  return {
    month,
    today: asOf,
    deadlines: { village: d.village, township: d.township, county: d.county, finance: d.finance, bankWorkingDays: d.bankWorkingDays },
    townships,
    tally: { villages: tally(townships.flatMap((t) => t.villages)), townships: tally(townships) },
    county: { timeliness: timeliness(d.county.due, approvedOn, asOf), due: d.county.due, doneOn: approvedOn, payroll },
    finance: { timeliness: timeliness(d.finance.due, allocatedOn, asOf), due: d.finance.due, doneOn: allocatedOn, amount: allocatedOn ? money.allocatedAmount : 0 },
    bank: {
      timeliness: bankDue ? timeliness(bankDue, paidOn, asOf) : 'pending',
      due: bankDue,
      doneOn: paidOn,
      failed: paidOn ? (payroll?.failed ?? 0) : 0,
      failedAmount: paidOn ? (payroll?.failedAmount ?? 0) : 0,
    },
  };
}

/** The cycle level of a unit code: a village or a township (the county's own steps are not submissions). */
function unitLevel(unitCode: string): CycleLevel {
  const level = regionLevelOf(unitCode);
  if (level !== 'village' && level !== 'township') throw new AppError('CYCLE_UNIT_LEVEL', 400, { field: 'unitCode', params: { unit: unitCode } });
  return level;
}

/** Refuses when the unit already handed on a later month (its months close in order). */
async function assertNoLaterSubmission(tx: Kysely<DB>, countyCode: string, month: string, unitCode: string): Promise<void> {
  const later = await tx.selectFrom('cycle_submission').select('month').where('county_code', '=', countyCode).where('unit_code', '=', unitCode).where('month', '>', month).orderBy('month').executeTakeFirst();
  if (later) throw new AppError('CYCLE_LATER_SUBMITTED', 409, { field: 'month', params: { month, later: later.month } });
}

/** Refuses when the level above has already closed the month: the township submitted, or the county generated the payroll. */
async function assertOpenAbove(tx: Kysely<DB>, countyCode: string, month: string, unitCode: string, level: CycleLevel): Promise<void> {
  if (level === 'village') {
    const township = `${unitCode.slice(0, 9)}000`;
    const above = await tx.selectFrom('cycle_submission').select('status').where('county_code', '=', countyCode).where('month', '=', month).where('unit_code', '=', township).executeTakeFirst();
    if (above?.status === 'submitted') throw new AppError('CYCLE_CLOSED_ABOVE', 409, { field: 'month', params: { month, above: { 'zh-CN': '乡镇', en: 'the township' } } });
    return;
  }
  const payroll = await payrollCycleFacts(tx, countyCode, month);
  if (payroll) throw new AppError('CYCLE_CLOSED_ABOVE', 409, { field: 'month', params: { month, above: { 'zh-CN': '县级（已生成发放名册）', en: 'the county (the payroll is generated)' } } });
}

/**
 * 报送: the caller's own unit (a village coordinator's village, a township clerk's township) hands `month`
 * on to the level above, with what it counts now; the month is then closed to new items (they go to the next
 * month). Not before the month, once (until reopened), in order (not while an earlier month is reopened, not
 * after a later one), and not after the level above closed it. Audited. Throws DATE_FORMAT, CYCLE_UNIT_LEVEL
 * (400), CYCLE_MONTH_AHEAD, CYCLE_ALREADY_SUBMITTED, CYCLE_LATER_SUBMITTED, CYCLE_EARLIER_REOPENED,
 * CYCLE_CLOSED_ABOVE (409).
 */
export async function submitMonth(db: Kysely<DB>, params: ParameterSet, actor: Actor, countyCode: string, unitCode: string, month: string, today: string = chinaToday()): Promise<CycleUnit> {
  assertMonth(month);
  const level = unitLevel(unitCode);
  if (month > today.slice(0, 7)) throw new AppError('CYCLE_MONTH_AHEAD', 409, { field: 'month', params: { month, current: today.slice(0, 7) } });
  await db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('cycle_submission').select(['status', 'first_submitted_on']).where('county_code', '=', countyCode).where('month', '=', month).where('unit_code', '=', unitCode).forUpdate().executeTakeFirst();
    if (existing?.status === 'submitted') throw new AppError('CYCLE_ALREADY_SUBMITTED', 409, { field: 'month', params: { month } });
    await assertNoLaterSubmission(tx, countyCode, month, unitCode);
    const reopened = await tx.selectFrom('cycle_submission').select('month').where('county_code', '=', countyCode).where('unit_code', '=', unitCode).where('month', '<', month).where('status', '=', 'reopened').executeTakeFirst();
    if (reopened) throw new AppError('CYCLE_EARLIER_REOPENED', 409, { field: 'month', params: { month, earlier: reopened.month } });
    await assertOpenAbove(tx, countyCode, month, unitCode, level);
    const closedAt = new Date();
    let counts: CycleCounts;
    let villages: { submitted: number; total: number } | null = null;
    if (level === 'village') {
      counts = (await countsInWindows(tx, countyCode, await openWindows(tx, countyCode, month, [unitCode], closedAt))).get(unitCode) ?? ZERO;
    } else {
      const tree = await regionTree(tx, unitCode);
      const handedOn = await tx
        .selectFrom('cycle_submission')
        .select(['applications', 'changes', 'deaths', 'certifications'])
        .where('county_code', '=', countyCode)
        .where('month', '=', month)
        .where('level', '=', 'village')
        .where('status', '=', 'submitted')
        .where('unit_code', 'like', `${unitCode.slice(0, 9)}%`)
        .execute();
      counts = handedOn.reduce<CycleCounts>((sum, v) => addCounts(sum, v), ZERO);
      villages = { submitted: handedOn.length, total: (tree.children ?? []).length };
    }
    const row = {
      status: 'submitted' as const,
      submitted_on: today,
      closed_at: closedAt,
      submitted_by: actor.userId,
      ...counts,
      villages_submitted: villages?.submitted ?? null,
      villages_total: villages?.total ?? null,
      reopen_reason: null,
    };
    if (existing) {
      await tx.updateTable('cycle_submission').set(row).where('county_code', '=', countyCode).where('month', '=', month).where('unit_code', '=', unitCode).execute();
    } else {
      await tx.insertInto('cycle_submission').values({ county_code: countyCode, month, unit_code: unitCode, level, first_submitted_on: today, ...row }).execute();
    }
    await appendAudit(tx, actor, {
      action: 'cycle.submit',
      entity: 'cycle_submission',
      entityId: `${month}:${unitCode}`,
      regionCode: unitCode,
      ...(existing ? { before: { status: existing.status } } : {}),
      after: { month, ...counts, ...(villages ? { villagesSubmitted: villages.submitted, villagesTotal: villages.total } : {}) },
    });
  });
  return findUnit(await cycleBoard(db, params, countyCode, unitCode, month, today), unitCode);
}

function findUnit(board: CycleBoard, unitCode: string): CycleUnit {
  for (const t of board.townships) {
    if (t.code === unitCode) return t;
    const v = t.villages?.find((x) => x.code === unitCode);
    if (v) return v;
  }
  throw new AppError('REGION_NOT_FOUND', 404, { params: { region: unitCode } });
}

/**
 * 退回重报: the level directly above reopens a unit's submitted month with a reason of 2–200 characters — a
 * township office its villages, the county a township — while it has not closed the month itself. The unit
 * may then add items and submit again. Audited with the reason. `actorRegion` is the caller's region.
 * Throws CYCLE_REOPEN_REASON (400), CYCLE_NOT_ABOVE (403), CYCLE_NOT_SUBMITTED, CYCLE_LATER_SUBMITTED,
 * CYCLE_CLOSED_ABOVE (409).
 */
export async function reopenMonth(db: Kysely<DB>, params: ParameterSet, actor: Actor, actorRegion: string, countyCode: string, unitCode: string, month: string, reason: string, today: string = chinaToday()): Promise<CycleUnit> {
  assertMonth(month);
  const level = unitLevel(unitCode);
  const text = reason.trim();
  if (text.length < 2 || text.length > 200) throw new AppError('CYCLE_REOPEN_REASON', 400, { field: 'reason' });
  const above = level === 'village' ? `${unitCode.slice(0, 9)}000` : `${countyCode}000000`;
  if (actorRegion !== above) throw new AppError('CYCLE_NOT_ABOVE', 403, { field: 'unitCode', params: { unit: unitCode } });
  await db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('cycle_submission').select('status').where('county_code', '=', countyCode).where('month', '=', month).where('unit_code', '=', unitCode).forUpdate().executeTakeFirst();
    if (existing?.status !== 'submitted') throw new AppError('CYCLE_NOT_SUBMITTED', 409, { field: 'unitCode', params: { month } });
    await assertNoLaterSubmission(tx, countyCode, month, unitCode);
    await assertOpenAbove(tx, countyCode, month, unitCode, level);
    await tx
      .updateTable('cycle_submission')
      .set({ status: 'reopened', closed_at: null, reopened_by: actor.userId, reopened_on: today, reopen_reason: text })
      .where('county_code', '=', countyCode)
      .where('month', '=', month)
      .where('unit_code', '=', unitCode)
      .execute();
    await appendAudit(tx, actor, { action: 'cycle.reopen', entity: 'cycle_submission', entityId: `${month}:${unitCode}`, regionCode: unitCode, before: { status: 'submitted' }, after: { status: 'reopened', reason: text } });
  });
  return findUnit(await cycleBoard(db, params, countyCode, unitCode, month, today), unitCode);
}
