/**
 * What the cross-checks found (数据比对): the batches loaded with their counts, the queue of hits by kind and state
 * within a region, one hit in detail, and the summary the seed gives (checked, matched, removed, re-checked,
 * resolved) per batch and overall. A township sees the hits of its own villages and the counts of those.
 */
import { sql, type Kysely } from 'kysely';
import type { CrossCheckKind, CrossCheckRegistry, CrossCheckResolution, CrossCheckState, DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { maskIdNumber } from '../registry/service.js';
import { idNumberMatch, nameContains } from '../../db/search.js';

export const HIT_KINDS = ['dual_benefit', 'death', 'bank_mismatch', 'recheck'] as const satisfies readonly CrossCheckKind[];
export const HIT_STATES = ['open', 'resolved', 'dismissed'] as const satisfies readonly CrossCheckState[];

/** The seed's figures for a set of hits: removed = pensions stopped or deaths settled; re-checked = sent to the township. */
export interface CrossCheckCounts {
  readonly matched: number;
  readonly open: number;
  readonly removed: number;
  readonly corrected: number;
  readonly rechecked: number;
  readonly dismissed: number;
  readonly resolved: number;
}

export interface BatchSummary extends CrossCheckCounts {
  readonly id: number;
  readonly registry: CrossCheckRegistry;
  readonly fileName: string;
  /** Rows of the file (checked). */
  readonly rows: number;
  readonly peopleCompared: number;
  readonly loadedBy: string;
  readonly loadedAt: string;
  readonly millis: number;
}

export interface CrossCheckOverview extends CrossCheckCounts {
  readonly batches: number;
  readonly rows: number;
}

const COUNTS = sql`count(h.id)::int as matched,
  count(h.id) filter (where h.state = 'open')::int as open,
  count(h.id) filter (where h.resolution in ('stopped', 'death_registered'))::int as removed,
  count(h.id) filter (where h.resolution = 'account_corrected')::int as corrected,
  count(h.id) filter (where h.proposed_kind is not null)::int as rechecked,
  count(h.id) filter (where h.state = 'dismissed')::int as dismissed,
  count(h.id) filter (where h.state <> 'open')::int as resolved`;

type CountRow = { matched: number; open: number; removed: number; corrected: number; rechecked: number; dismissed: number; resolved: number };
const counts = (r: CountRow): CrossCheckCounts => ({ matched: r.matched, open: r.open, removed: r.removed, corrected: r.corrected, rechecked: r.rechecked, dismissed: r.dismissed, resolved: r.resolved });

/** The batches of the county, newest first, each with the counts of its hits within the region. */
export async function listBatches(db: Kysely<DB>, scope: { countyCode: string; scopePrefix: string }, page: { page: number; pageSize: number }): Promise<{ items: BatchSummary[]; total: number; overview: CrossCheckOverview }> {
  const rows = await sql<CountRow & { id: number; registry: CrossCheckRegistry; file_name: string; row_count: number; people_compared: number; loaded_by: string; loaded_at: Date; millis: number }>`
    select b.id, b.registry, b.file_name, b.row_count, b.people_compared, b.millis, b.loaded_at, u.display_name as loaded_by, ${COUNTS}
    from cross_check_batch b
    join staff_user u on u.id = b.loaded_by
    left join cross_check_hit h on h.county_code = b.county_code and h.batch_id = b.id and h.village_code like ${`${scope.scopePrefix}%`}
    where b.county_code = ${scope.countyCode}
    group by b.county_code, b.id, u.display_name
    order by b.id desc
    limit ${page.pageSize} offset ${(page.page - 1) * page.pageSize}`.execute(db);
  const overall = await sql<CountRow & { batches: number; rows: number }>`
    select (select count(*)::int from cross_check_batch where county_code = ${scope.countyCode}) as batches,
           (select coalesce(sum(row_count), 0)::bigint from cross_check_batch where county_code = ${scope.countyCode}) as rows,
           ${COUNTS}
    from cross_check_hit h where h.county_code = ${scope.countyCode} and h.village_code like ${`${scope.scopePrefix}%`}`.execute(db);
  const o = overall.rows[0]!;
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      registry: r.registry,
      fileName: r.file_name,
      rows: r.row_count,
      peopleCompared: r.people_compared,
      loadedBy: r.loaded_by,
      loadedAt: new Date(r.loaded_at).toISOString(),
      millis: r.millis,
      ...counts(r),
    })),
    total: o.batches,
    overview: { batches: o.batches, rows: Number(o.rows), ...counts(o) },
  };
}

export interface HitFilter {
  readonly countyCode: string;
  readonly scopePrefix: string;
  readonly batchId?: number | undefined;
  readonly kind?: CrossCheckKind | undefined;
  readonly state?: CrossCheckState | undefined;
  readonly registry?: CrossCheckRegistry | undefined;
  /** Name or ID number (whole, or its last digits). */
  readonly q?: string | undefined;
  readonly page: number;
  readonly pageSize: number;
}

export interface HitSummary {
  readonly id: number;
  readonly batchId: number;
  readonly registry: CrossCheckRegistry;
  readonly kind: CrossCheckKind;
  readonly reason: string;
  readonly proposedKind: 'dual_benefit' | 'death' | null;
  readonly state: CrossCheckState;
  readonly resolution: CrossCheckResolution | null;
  readonly residentId: number;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly pensionId: number | null;
  readonly registryName: string | null;
  /** The death date, or the month the other pension began. */
  readonly registryDate: string | null;
  readonly foundAt: string;
}

export interface HitDetail extends HitSummary {
  readonly birthDate: string;
  readonly enrolmentStatus: string | null;
  readonly pensionStatus: string | null;
  readonly pensionStartMonth: string | null;
  readonly registryRow: number | null;
  readonly registryIdNumberMasked: string | null;
  /** The bank's card for the person's ID number (a bank hit), else a card the registry names. */
  readonly registryCard: string | null;
  readonly registryNote: string | null;
  /** The account the person is paid into now. */
  readonly accountNow: string | null;
  readonly accountAtMatch: string | null;
  readonly fileName: string;
  readonly resolutionNote: string | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
  readonly settlementId: number | null;
  readonly recheckNote: string | null;
  readonly recheckedBy: string | null;
  readonly recheckedAt: string | null;
}

function hitQuery(db: Kysely<DB>, countyCode: string) {
  return db
    .selectFrom('cross_check_hit as h')
    .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'h.county_code').onRef('r.id', '=', 'h.resident_id'))
    .innerJoin('region as v', 'v.code', 'h.village_code')
    .where('h.county_code', '=', countyCode);
}

const SUMMARY = ['h.id', 'h.batch_id', 'h.registry', 'h.kind', 'h.reason', 'h.proposed_kind', 'h.state', 'h.resolution', 'h.resident_id', 'r.name', 'r.id_number', 'h.village_code', 'v.name as village_name', 'h.pension_id', 'h.registry_name', 'h.registry_date'] as const;

type SummaryRow = {
  id: number;
  batch_id: number;
  registry: CrossCheckRegistry;
  kind: CrossCheckKind;
  reason: string;
  proposed_kind: 'dual_benefit' | 'death' | null;
  state: CrossCheckState;
  resolution: CrossCheckResolution | null;
  resident_id: number;
  name: string;
  id_number: string;
  village_code: string;
  village_name: string;
  pension_id: number | null;
  registry_name: string | null;
  registry_date: string | null;
  found_at: Date;
};

function summaryOf(r: SummaryRow): HitSummary {
  return {
    id: r.id,
    batchId: r.batch_id,
    registry: r.registry,
    kind: r.kind,
    reason: r.reason,
    proposedKind: r.proposed_kind,
    state: r.state,
    resolution: r.resolution,
    residentId: r.resident_id,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    villageCode: r.village_code,
    villageName: r.village_name,
    pensionId: r.pension_id,
    registryName: r.registry_name,
    registryDate: r.registry_date,
    foundAt: new Date(r.found_at).toISOString(),
  };
}

/** The queue within the region, oldest open first (then the rest, newest first); with the counts of the whole filter. */
export async function listHits(db: Kysely<DB>, f: HitFilter): Promise<{ items: HitSummary[]; total: number; summary: CrossCheckCounts }> {
  let q = hitQuery(db, f.countyCode)
    .innerJoin('cross_check_batch as b', (j) => j.onRef('b.county_code', '=', 'h.county_code').onRef('b.id', '=', 'h.batch_id'))
    .where('h.village_code', 'like', `${f.scopePrefix}%`);
  if (f.batchId !== undefined) q = q.where('h.batch_id', '=', f.batchId);
  if (f.kind) q = q.where('h.kind', '=', f.kind);
  if (f.state) q = q.where('h.state', '=', f.state);
  if (f.registry) q = q.where('h.registry', '=', f.registry);
  const text = f.q?.trim();
  // A whole ID number by its index; its last characters (4 to 17) by a LIKE on the queue's rows.
  if (text) q = /^\d{17}[\dXx]$/.test(text) ? q.where(idNumberMatch('r.id_number', text)) : /^[\dXx]{4,17}$/.test(text) ? q.where(sql<boolean>`r.id_number like ${`%${text.toUpperCase()}`}`) : q.where(nameContains('r.name', text));
  const [items, totals] = await Promise.all([
    q
      .select([...SUMMARY, 'b.loaded_at as found_at'])
      .orderBy(sql`h.state = 'open'`, 'desc')
      .orderBy(sql`case when h.state = 'open' then h.id else -h.id end`)
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    sql<CountRow>`select ${COUNTS} from (${q.select(['h.id', 'h.state', 'h.resolution', 'h.proposed_kind'])}) h`.execute(db),
  ]);
  const c = totals.rows[0]!;
  return { items: items.map((r) => summaryOf(r as SummaryRow)), total: c.matched, summary: counts(c) };
}

/** One hit within the region. Errors: CROSSCHECK_HIT_NOT_FOUND (404) when there is none or it is outside. */
export async function getHit(db: Kysely<DB>, scope: { countyCode: string; scopePrefix: string }, id: number): Promise<HitDetail> {
  const r = await hitQuery(db, scope.countyCode)
    .innerJoin('cross_check_batch as b', (j) => j.onRef('b.county_code', '=', 'h.county_code').onRef('b.id', '=', 'h.batch_id'))
    .leftJoin('enrolment as e', (j) => j.onRef('e.county_code', '=', 'h.county_code').onRef('e.resident_id', '=', 'h.resident_id'))
    .leftJoin('pension as p', (j) => j.onRef('p.county_code', '=', 'h.county_code').onRef('p.resident_id', '=', 'h.resident_id'))
    .leftJoin('staff_user as ru', 'ru.id', 'h.resolved_by')
    .leftJoin('staff_user as cu', 'cu.id', 'h.rechecked_by')
    .select([
      ...SUMMARY,
      'b.loaded_at as found_at',
      'b.file_name',
      'r.birth_date',
      'e.status as enrolment_status',
      'p.status as pension_status',
      'p.start_month',
      'e.bank_account',
      'e.card_number',
      'h.registry_row',
      'h.registry_id_number',
      'h.registry_card',
      'h.registry_note',
      'h.our_account',
      'h.resolution_note',
      'ru.display_name as resolved_name',
      'h.resolved_at',
      'h.settlement_id',
      'h.recheck_note',
      'cu.display_name as rechecked_name',
      'h.rechecked_at',
    ])
    .where('h.id', '=', id)
    .executeTakeFirst();
  if (!r || !r.village_code.startsWith(scope.scopePrefix)) throw new AppError('CROSSCHECK_HIT_NOT_FOUND', 404, { params: { id } });
  return {
    ...summaryOf(r as unknown as SummaryRow),
    birthDate: r.birth_date,
    enrolmentStatus: r.enrolment_status,
    pensionStatus: r.pension_status,
    pensionStartMonth: r.start_month,
    registryRow: r.registry_row,
    registryIdNumberMasked: r.registry_id_number ? maskIdNumber(r.registry_id_number) : null,
    registryCard: r.registry_card,
    registryNote: r.registry_note,
    accountNow: r.bank_account ?? r.card_number,
    accountAtMatch: r.our_account,
    fileName: r.file_name,
    resolutionNote: r.resolution_note,
    resolvedBy: r.resolved_name,
    resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
    settlementId: r.settlement_id,
    recheckNote: r.recheck_note,
    recheckedBy: r.rechecked_name,
    recheckedAt: r.rechecked_at ? new Date(r.rechecked_at).toISOString() : null,
  };
}
