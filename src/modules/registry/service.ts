import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { cappedCount, digitPrefixMatch, LIST_COUNT_CAP, personSearch } from '../../db/search.js';
import { AppError } from '../../errors/app-error.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import type { EnrolmentState } from '../enrolment/service.js';

export interface ResidentSummary {
  readonly id: number;
  /** Masked: area code and the last four characters only (the full number is shown on the person's own page). */
  readonly idNumberMasked: string;
  readonly name: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly relation: string;
  readonly householdNo: string;
}

export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;
}

export interface ResidentFilter {
  readonly scopePrefix: string;
  readonly q?: string | undefined;
  /** Only people with (yes) or without (no) an open enrolment. */
  readonly enrolled?: 'yes' | 'no' | undefined;
  readonly page: number;
  readonly pageSize: number;
  /** Count every match (true), or stop counting at LIST_COUNT_CAP (default): the total is then "more than 1,000". */
  readonly exactCount?: boolean | undefined;
}

/** The residents a list's filters select (region prefix, name or ID start, enrolled or not), from `resident as p` alone. */
function filteredResidents(db: Kysely<DB>, filter: Omit<ResidentFilter, 'page' | 'pageSize' | 'exactCount'>) {
  // The region as a range of village codes (index resident_order), not a LIKE on the column.
  let query = db.selectFrom('resident as p').where(digitPrefixMatch('p.village_code', filter.scopePrefix));
  const q = filter.q?.trim();
  // An ID number (or its start) by its index; anything else a part of the name (trigram index, migration 0023).
  if (q) query = query.where(personSearch('p.id_number', 'p.name', q));
  if (filter.enrolled) {
    const open = (eb: ExpressionBuilder<any, any>) =>
      eb.exists(
        eb
          .selectFrom('enrolment as e')
          .select(sql`1`.as('one'))
          .whereRef('e.county_code', '=', 'p.county_code')
          .whereRef('e.resident_id', '=', 'p.id')
          .where('e.status', '<>', 'terminated'),
      );
    query = filter.enrolled === 'yes' ? query.where(open) : query.where((eb) => eb.not(open(eb)));
  }
  return query;
}

/** The columns of a resident summary: `p` the resident, `v` the village, `h` the household. */
const SUMMARY_COLUMNS = ['p.id', 'p.id_number', 'p.name', 'p.sex', 'p.birth_date', 'p.village_code', 'v.name as village_name', 'p.relation', 'h.household_no'] as const;

function residentSummary(r: { id: number; id_number: string; name: string; sex: 'M' | 'F'; birth_date: string; village_code: string; village_name: string; relation: string; household_no: string }): ResidentSummary {
  return {
    id: r.id,
    idNumberMasked: maskIdNumber(r.id_number),
    name: r.name,
    sex: r.sex,
    birthDate: r.birth_date,
    villageCode: r.village_code,
    villageName: r.village_name,
    relation: r.relation,
    householdNo: r.household_no,
  };
}

/**
 * One page of the residents a list's filters select, in village, household, person order, and their number:
 * `total` exact when `totalExact`, else the list has more than `total` (= LIST_COUNT_CAP) and the exact figure is
 * had with `exactCount`. The page's people are picked from `resident` alone by the index on (village, household,
 * id) — an offset within that index, so page n reads n pages of index entries — before anything is joined.
 */
export async function listResidents(db: Kysely<DB>, filter: ResidentFilter): Promise<{ items: ResidentSummary[]; total: number; totalExact: boolean }> {
  const filtered = filteredResidents(db, filter);
  const keys = filtered
    .select(['p.county_code', 'p.id', 'p.village_code', 'p.household_id'])
    .orderBy('p.village_code')
    .orderBy('p.household_id')
    .orderBy('p.id')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [rows, count] = await Promise.all([
    db
      .selectFrom(keys.as('k'))
      .innerJoin('resident as p', (join) => join.onRef('p.county_code', '=', 'k.county_code').onRef('p.id', '=', 'k.id'))
      .innerJoin('region as v', 'v.code', 'p.village_code')
      .innerJoin('household as h', (join) => join.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
      .select(SUMMARY_COLUMNS)
      .orderBy('k.village_code')
      .orderBy('k.household_id')
      .orderBy('k.id')
      .execute(),
    cappedCount(db, filtered, filter.exactCount ? undefined : LIST_COUNT_CAP),
  ]);
  return { items: rows.map(residentSummary), total: count.total, totalExact: count.exact };
}

export interface ResidentExportRow extends ResidentSummary {
  readonly townshipName: string;
  /** null: never enrolled. */
  readonly enrolment: EnrolmentState | null;
}

/**
 * The residents a list's filters select, for an export: in the list's order (village, household, person), `pageSize`
 * at a time, read by keyset so no more than a page is held. A page's people are picked from `resident` alone (ordered
 * and limited) before anything is joined to them, so a page costs a scan of the people, not of their joins. Each
 * row has its township's name and its enrolment (null: never enrolled); ID numbers masked.
 */
export async function* residentExportPages(db: Kysely<DB>, filter: Omit<ResidentFilter, 'page' | 'pageSize' | 'exactCount'>, pageSize = 5000): AsyncGenerator<ResidentExportRow[]> {
  let after: { villageCode: string; householdId: number; id: number } | undefined;
  for (;;) {
    let keys = filteredResidents(db, filter).select(['p.county_code', 'p.id', 'p.village_code', 'p.household_id']);
    if (after) keys = keys.where(sql<boolean>`(p.village_code, p.household_id, p.id) > (${after.villageCode}, ${after.householdId}, ${after.id})`);
    const rows = await db
      .selectFrom(keys.orderBy('p.village_code').orderBy('p.household_id').orderBy('p.id').limit(pageSize).as('k'))
      .innerJoin('resident as p', (join) => join.onRef('p.county_code', '=', 'k.county_code').onRef('p.id', '=', 'k.id'))
      .innerJoin('region as v', 'v.code', 'p.village_code')
      .innerJoin('household as h', (join) => join.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
      .leftJoin('region as t', 't.code', 'v.parent_code')
      .leftJoin('enrolment as e', (join) => join.onRef('e.county_code', '=', 'p.county_code').onRef('e.resident_id', '=', 'p.id'))
      .select([...SUMMARY_COLUMNS, 'p.household_id', 't.name as township_name', 'e.status', 'e.payment_status', 'e.identity', 'e.first_month', 'e.terminated_on', 'e.termination_reason'])
      .orderBy('k.village_code')
      .orderBy('k.household_id')
      .orderBy('k.id')
      .execute();
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      ...residentSummary(r),
      townshipName: r.township_name ?? '',
      enrolment:
        r.status === null || r.payment_status === null || r.identity === null || r.first_month === null
          ? null
          : { status: r.status, paymentStatus: r.payment_status, identity: r.identity, firstMonth: r.first_month, terminatedOn: r.terminated_on, terminationReason: r.termination_reason },
    }));
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = { villageCode: last.village_code, householdId: last.household_id, id: last.id };
  }
}

export interface ResidentDetail extends ResidentSummary {
  readonly countyCode: string;
  readonly ethnicity: string;
  readonly phone: string | null;
  readonly address: string | null;
  readonly household: { readonly id: number; readonly no: string; readonly address: string | null };
  /** Born before 1900 or older than 120: the age was confirmed at enrolment (checked against the ID document). */
  readonly ageConfirmed: boolean;
  /** Everyone of the household (the person included), head first. */
  readonly members: { readonly id: number; readonly name: string; readonly relation: string; readonly sex: 'M' | 'F'; readonly birthDate: string }[];
}

/**
 * One resident of a county with their village, household and the household's members (head first, then by
 * birth date), read in one query. Throws RESIDENT_NOT_FOUND (404) when the county has no such resident.
 */
export async function getResident(db: Kysely<DB>, countyCode: string, id: number): Promise<ResidentDetail> {
  const r = await db
    .selectFrom('resident as p')
    .innerJoin('region as v', 'v.code', 'p.village_code')
    .innerJoin('household as h', (join) => join.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
    .select(['p.id', 'p.county_code', 'p.id_number', 'p.name', 'p.sex', 'p.birth_date', 'p.ethnicity', 'p.village_code', 'v.name as village_name', 'p.relation', 'p.phone', 'p.address', 'p.age_confirmed', 'h.id as household_id', 'h.household_no', 'h.address as household_address'])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('resident as m')
          .select(['m.id', 'm.name', 'm.relation', 'm.sex', 'm.birth_date'])
          .whereRef('m.county_code', '=', 'p.county_code')
          .whereRef('m.household_id', '=', 'p.household_id')
          .orderBy(sql`m.relation = '户主'`, 'desc')
          .orderBy('m.birth_date'),
      ).as('members'),
    )
    .where('p.county_code', '=', countyCode)
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!r) throw new AppError('RESIDENT_NOT_FOUND', 404, { params: { id } });
  const members = r.members;
  return {
    id: r.id,
    countyCode: r.county_code,
    idNumberMasked: maskIdNumber(r.id_number),
    name: r.name,
    sex: r.sex,
    birthDate: r.birth_date,
    ethnicity: r.ethnicity,
    villageCode: r.village_code,
    villageName: r.village_name,
    relation: r.relation,
    householdNo: r.household_no,
    phone: r.phone,
    address: r.address,
    household: { id: r.household_id, no: r.household_no, address: r.household_address },
    ageConfirmed: r.age_confirmed,
    members: members.map((m) => ({ id: m.id, name: m.name, relation: m.relation, sex: m.sex, birthDate: m.birth_date })),
  };
}

export interface ContactChange {
  readonly phone?: string | null | undefined;
  readonly address?: string | null | undefined;
  readonly ethnicity?: string | undefined;
}

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/**
 * Phone, address and ethnicity change directly (DOMAIN.md §2); name, birth date and ID number need a
 * reviewed change with evidence, which this does not do. Audited with the values before and after.
 */
export async function updateResidentContact(db: Kysely<DB>, actor: AuditActor, countyCode: string, id: number, change: ContactChange): Promise<void> {
  const phone = change.phone === undefined ? undefined : change.phone?.trim() || null;
  if (phone && !PHONE.test(phone)) throw new AppError('ENROL_PHONE', 400, { field: 'phone', params: { value: phone } });
  const address = change.address === undefined ? undefined : change.address?.trim() || null;
  const ethnicity = change.ethnicity?.trim();
  if (ethnicity !== undefined && (ethnicity.length === 0 || ethnicity.length > 20)) throw new AppError('ENROL_ETHNICITY', 400, { field: 'ethnicity', params: { value: ethnicity } });
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('resident').select(['phone', 'address', 'ethnicity', 'village_code']).where('county_code', '=', countyCode).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new AppError('RESIDENT_NOT_FOUND', 404, { params: { id } });
    const set = { ...(phone !== undefined ? { phone } : {}), ...(address !== undefined ? { address } : {}), ...(ethnicity !== undefined ? { ethnicity } : {}) };
    if (Object.keys(set).length === 0) return;
    await tx.updateTable('resident').set(set).where('county_code', '=', countyCode).where('id', '=', id).execute();
    await appendAudit(tx, actor, {
      action: 'resident.contact',
      entity: 'resident',
      entityId: String(id),
      regionCode: before.village_code,
      before: { phone: before.phone, address: before.address, ethnicity: before.ethnicity },
      after: set,
    });
  });
}
