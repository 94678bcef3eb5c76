/**
 * The Friday snapshots (每周五进度, the 寿光 seed: "collects the progress … every Friday, reports it in the name of
 * the office of the leading group") and the weekly report made from them (issue 12 part 2). A snapshot keeps the
 * indicators of every village, township and the county as of a day; the weekly report compares a snapshot with
 * the one before it and with the year's target; the chart of the year's progress reads the year's snapshots.
 *
 * Taken by the server's scheduled job (`FridaySnapshots`: the latest Friday on or before today, once) and by the
 * CLI for any day (`xinnongbao snapshot indicators --date 2026-11-27`). Taking the same day again replaces it.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { addDays, dayNumber, indicatorRates, isIsoDate, regionScopePrefix, type IndicatorCounts, type IndicatorRates } from '../../rules/index.js';
import type { Logger } from '../../logger.js';
import { everyRegionIndicators, type RegionIndicators } from './service.js';

/** The Friday on or before `date` (China ISO day). */
export function fridayOnOrBefore(date: string): string {
  const weekday = (((dayNumber(date) + 3) % 7) + 7) % 7; // 0 = Monday … 4 = Friday
  return addDays(date, -((weekday - 4 + 7) % 7));
}

function snapshotRow(countyCode: string, takenOn: string, r: RegionIndicators) {
  const c = r.counts;
  return {
    county_code: countyCode,
    taken_on: takenOn,
    region_code: r.code,
    level: r.level,
    should_enrol_hukou: c.shouldEnrolHukou,
    should_enrol_registry: c.shouldEnrolRegistry,
    enrolled: c.enrolled,
    payers: c.payers,
    paid_this_year: c.paidThisYear,
    renewals: c.renewals,
    renewal_base: c.renewalBase,
    pensioners: c.pensioners,
    enrolled_60_plus: c.enrolled60Plus,
    collected: c.collected,
    target_enrolled: c.targetEnrolled,
    target_collected: c.targetCollected,
  };
}

/**
 * Keeps the indicators of every region of `countyCode` as of `takenOn` (any day; the scheduled job uses Fridays),
 * replacing a snapshot of the same day. Returns how many regions were kept. 400 DATE_FORMAT for a malformed day.
 */
export async function takeSnapshot(db: Kysely<DB>, countyCode: string, takenOn: string): Promise<{ takenOn: string; regions: number }> {
  if (!isIsoDate(takenOn)) throw new AppError('DATE_FORMAT', 400, { field: 'date', params: { field: 'date', value: takenOn } });
  const rows = (await everyRegionIndicators(db, countyCode, takenOn)).map((r) => snapshotRow(countyCode, takenOn, r));
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('indicator_snapshot').where('county_code', '=', countyCode).where('taken_on', '=', takenOn).execute();
    for (let i = 0; i < rows.length; i += 500) await tx.insertInto('indicator_snapshot').values(rows.slice(i, i + 500)).execute();
  });
  return { takenOn, regions: rows.length };
}

type SnapshotRecord = Awaited<ReturnType<typeof readSnapshot>>[number];

async function readSnapshot(db: Kysely<DB>, countyCode: string, takenOn: string, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('indicator_snapshot').selectAll().where('county_code', '=', countyCode).where('taken_on', '=', takenOn).where('region_code', 'in', codes).execute();
}

function countsOf(s: SnapshotRecord): IndicatorCounts {
  return {
    shouldEnrolHukou: s.should_enrol_hukou,
    shouldEnrolRegistry: s.should_enrol_registry,
    enrolled: s.enrolled,
    payers: s.payers,
    paidThisYear: s.paid_this_year,
    renewals: s.renewals,
    renewalBase: s.renewal_base,
    pensioners: s.pensioners,
    enrolled60Plus: s.enrolled_60_plus,
    collected: s.collected,
    targetEnrolled: s.target_enrolled,
    targetCollected: s.target_collected,
  };
}

export interface WeeklyLine {
  readonly code: string;
  readonly name: string;
  readonly level: 'county' | 'township' | 'village';
  readonly now: IndicatorCounts;
  readonly rates: IndicatorRates;
  /** The same region in the snapshot before (null where there is none or the region was not in it). */
  readonly previous: IndicatorCounts | null;
  /** Enrolled still short of the target (0 when met), null without a target. */
  readonly shortOfTarget: number | null;
}

export interface WeeklyReport {
  readonly takenOn: string;
  readonly previousOn: string | null;
  readonly region: { code: string; name: string };
  readonly rows: readonly WeeklyLine[];
  readonly total: WeeklyLine;
}

/** The snapshot days kept for a county, newest first (at most `limit`). */
export async function snapshotDays(db: Kysely<DB>, countyCode: string, limit = 60): Promise<string[]> {
  const rows = await db.selectFrom('indicator_snapshot').select('taken_on').distinct().where('county_code', '=', countyCode).orderBy('taken_on', 'desc').limit(limit).execute();
  return rows.map((r) => r.taken_on);
}

/**
 * The weekly report of `regionCode` (county: its townships; township: its villages) for the snapshot of `takenOn`
 * (default the latest), compared with the snapshot before it. 404 INDICATOR_NO_SNAPSHOT when there is none.
 */
export async function weeklyReport(db: Kysely<DB>, countyCode: string, regionCode: string, takenOn?: string): Promise<WeeklyReport> {
  const days = await snapshotDays(db, countyCode, 400);
  const day = takenOn ?? days[0];
  if (day === undefined || !days.includes(day)) throw new AppError('INDICATOR_NO_SNAPSHOT', 404, { params: { date: takenOn ?? '' } });
  const previousOn = days.find((d) => d < day) ?? null;
  const region = await db.selectFrom('region').select(['code', 'name', 'level']).where('code', '=', regionCode).executeTakeFirst();
  if (!region) throw new AppError('REGION_NOT_FOUND', 404, { params: { region: regionCode } });
  const children = await db
    .selectFrom('region')
    .select(['code', 'name', 'level'])
    .where('parent_code', '=', regionCode)
    .orderBy('code')
    .execute();
  const codes = [region.code, ...children.map((c) => c.code)];
  const [now, before] = await Promise.all([readSnapshot(db, countyCode, day, codes), previousOn ? readSnapshot(db, countyCode, previousOn, codes) : Promise.resolve([])]);
  const nowBy = new Map(now.map((s) => [s.region_code, s]));
  const beforeBy = new Map(before.map((s) => [s.region_code, s]));
  const line = (code: string, name: string, level: string): WeeklyLine | undefined => {
    const s = nowBy.get(code);
    if (!s) return undefined;
    const c = countsOf(s);
    const p = beforeBy.get(code);
    return { code, name, level: level as WeeklyLine['level'], now: c, rates: indicatorRates(c), previous: p ? countsOf(p) : null, shortOfTarget: c.targetEnrolled === null ? null : Math.max(0, c.targetEnrolled - c.enrolled) };
  };
  const total = line(region.code, region.name, region.level);
  if (!total) throw new AppError('INDICATOR_NO_SNAPSHOT', 404, { params: { date: day } });
  const rows = children.flatMap((c) => line(c.code, c.name, c.level) ?? []);
  return { takenOn: day, previousOn, region: { code: region.code, name: region.name }, rows, total };
}

export interface ProgressPoint {
  readonly takenOn: string;
  readonly enrolled: number;
  readonly payers: number;
  readonly paidThisYear: number;
  readonly pensioners: number;
  readonly collected: number;
  readonly targetEnrolled: number | null;
}

/** The year's snapshots of one region, oldest first: the chart of the year's progress. */
export async function yearProgress(db: Kysely<DB>, countyCode: string, regionCode: string, year: number): Promise<ProgressPoint[]> {
  const rows = await db
    .selectFrom('indicator_snapshot')
    .select(['taken_on', 'enrolled', 'payers', 'paid_this_year', 'pensioners', 'collected', 'target_enrolled'])
    .where('county_code', '=', countyCode)
    .where('region_code', '=', regionCode)
    .where('taken_on', '>=', `${year}-01-01`)
    .where('taken_on', '<=', `${year}-12-31`)
    .orderBy('taken_on')
    .execute();
  return rows.map((r) => ({ takenOn: r.taken_on, enrolled: r.enrolled, payers: r.payers, paidThisYear: r.paid_this_year, pensioners: r.pensioners, collected: r.collected, targetEnrolled: r.target_enrolled }));
}

/** The region a weekly report or chart may be asked for: the county or a township (villages are rows). */
export function reportRegionPrefix(code: string): string {
  return regionScopePrefix(code);
}

/**
 * The scheduled job: every hour (and at start-up) each county with regions gets the snapshot of the latest Friday
 * on or before today (China time) if it has none, so a server down on Friday catches up (a snapshot is as of its
 * day, whenever it is taken). Runs through `schedule` (the JobRunner's chain) so it never runs beside a batch job.
 */
export class FridaySnapshots {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly logger: Logger,
    private readonly today: () => string,
    private readonly schedule: (task: () => Promise<void>) => Promise<void>,
    private readonly everyMs = 3_600_000,
  ) {}

  /** Takes what is due now and then checks every `everyMs`. */
  start(): Promise<void> {
    this.timer = setInterval(() => void this.runDue(), this.everyMs);
    this.timer.unref();
    return this.runDue();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Takes the latest Friday's snapshot of every county that lacks it; returns the counties done. */
  runDue(): Promise<void> {
    return this.schedule(async () => {
      try {
        const friday = fridayOnOrBefore(this.today());
        const counties = await this.db.selectFrom('region').select('county_code').distinct().where('level', '=', 'village').execute();
        for (const { county_code: county } of counties) {
          const has = await this.db.selectFrom('indicator_snapshot').select('taken_on').where('county_code', '=', county).where('taken_on', '=', friday).limit(1).executeTakeFirst();
          if (has) continue;
          const done = await takeSnapshot(this.db, county, friday);
          this.logger.info({ county, takenOn: friday, regions: done.regions }, 'indicator snapshot kept');
        }
      } catch (err) {
        this.logger.error({ err }, 'indicator snapshot failed');
      }
    });
  }
}
