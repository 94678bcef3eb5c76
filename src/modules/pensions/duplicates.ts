/**
 * Two resident pensions in two counties (重复领取, DOMAIN.md §5; 人社部发〔2014〕17号): a person with a pension here
 * and another in a second county of the same database (a province) keeps the first one awarded; the other is
 * stopped from its start month — every month it paid was paid twice — its basic pension recovered and its
 * account refunded less the government subsidies, like a dual benefit with the employee pension.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import type { ParameterSet } from '../../rules/index.js';
import type { AuditActor } from '../audit/service.js';
import { maskIdNumber } from '../registry/service.js';
import { terminateWithPension } from './termination.js';

export interface DuplicatePension {
  readonly pensionId: number;
  readonly residentId: number;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly villageName: string;
  readonly status: string;
  readonly startMonth: string;
  readonly awardedAt: string;
  readonly otherCountyCode: string;
  readonly otherCountyName: string;
  readonly otherStatus: string;
  readonly otherStartMonth: string;
  readonly otherAwardedAt: string;
  /** Which one is kept: the first awarded (then the earlier start month, then the lower county code). */
  readonly keep: 'this' | 'other';
}

interface Row {
  pension_id: number;
  resident_id: number;
  name: string;
  id_number: string;
  village_name: string;
  status: string;
  start_month: string;
  awarded_at: Date;
  other_county: string;
  other_county_name: string | null;
  other_status: string;
  other_start: string;
  other_awarded_at: Date;
}

function query(db: Kysely<DB>, countyCode: string, scopePrefix: string, pensionId?: number) {
  return sql<Row>`
    select p.id as pension_id, p.resident_id, r.name, r.id_number, v.name as village_name, p.status, p.start_month, p.awarded_at,
           p2.county_code as other_county, c.name as other_county_name, p2.status as other_status, p2.start_month as other_start, p2.awarded_at as other_awarded_at
    from pension p
    join resident r on r.county_code = p.county_code and r.id = p.resident_id
    join region v on v.code = p.village_code
    join resident r2 on r2.id_number = r.id_number and r2.county_code <> r.county_code
    join pension p2 on p2.county_code = r2.county_code and p2.resident_id = r2.id
    left join region c on c.code = p2.county_code || '000000'
    where p.county_code = ${countyCode} and p.village_code like ${`${scopePrefix}%`} and p2.status <> 'stopped' and p.status <> 'stopped'
      ${pensionId === undefined ? sql`` : sql`and p.id = ${pensionId}`}
    order by p.village_code, p.id
    limit 5000`.execute(db);
}

const iso = (d: Date | string) => new Date(d).toISOString();

function keepOf(r: Row, countyCode: string): 'this' | 'other' {
  const a = iso(r.awarded_at);
  const b = iso(r.other_awarded_at);
  if (a !== b) return a < b ? 'this' : 'other';
  if (r.start_month !== r.other_start) return r.start_month < r.other_start ? 'this' : 'other';
  return countyCode < String(r.other_county).trim() ? 'this' : 'other';
}

/**
 * Pensions of the region that another county of the database also pays, with which one is kept (the first
 * 5,000; `pensionId` narrows it to one pension).
 */
export async function duplicatePensions(db: Kysely<DB>, scope: { countyCode: string; scopePrefix: string }, pensionId?: number): Promise<DuplicatePension[]> {
  const rows = (await query(db, scope.countyCode, scope.scopePrefix, pensionId)).rows;
  return rows.map((r) => ({
    pensionId: r.pension_id,
    residentId: r.resident_id,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    villageName: r.village_name,
    status: r.status,
    startMonth: r.start_month,
    awardedAt: iso(r.awarded_at),
    otherCountyCode: String(r.other_county).trim(),
    otherCountyName: r.other_county_name ?? String(r.other_county).trim(),
    otherStatus: r.other_status,
    otherStartMonth: r.other_start,
    otherAwardedAt: iso(r.other_awarded_at),
    keep: keepOf(r, scope.countyCode),
  }));
}

/**
 * Stops this county's pension when the other county's is the one kept: the enrolment ends (reason other), the
 * pension is settled as a dual benefit from its own start month. Errors: PENSION_NOT_FOUND (404) when it is
 * not a duplicate in the region; DUPLICATE_KEEP_THIS (409) when this is the pension to keep.
 */
export async function stopDuplicate(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: { countyCode: string; scopePrefix: string; today: string; parameters: ParameterSet },
  pensionId: number,
): Promise<number | null> {
  const [found] = await duplicatePensions(db, scope, pensionId);
  if (!found) throw new AppError('PENSION_NOT_FOUND', 404, { params: { id: pensionId } });
  if (found.keep === 'this') throw new AppError('DUPLICATE_KEEP_THIS', 409, { params: { id: pensionId, county: found.otherCountyName } });
  return terminateWithPension(db, actor, scope, found.residentId, {
    reason: 'other',
    on: scope.today,
    note: `重复领取城乡居民养老金：保留${found.otherCountyName}（${found.otherCountyCode}）的待遇`,
    otherBenefitFrom: found.startMonth,
    duplicateOf: found.otherCountyCode,
  });
}
