/**
 * Qualification certification (资格认证), DOMAIN.md §5. Every pensioner is certified again within a rolling
 * period (the dated parameter certificationPeriodMonths, 12 by default) — by data comparison, face
 * recognition or a home visit, recorded by the village coordinator or township office. The benefit reviewer
 * suspends the pensions past their due date (from the month after the due date's month, as the policy
 * engine's certificationOutcome says); the payroll skips suspended pensions. A later certification resumes
 * the pension, and because its paid_through month did not move, the next payroll pays the suspended months
 * back, each at its own month's rates.
 */
import { fileArchives, type ArchiveEntry } from '../archives/service.js';
import { sql, type Kysely } from 'kysely';
import { countInWindows, type VillageWindow } from '../../db/windows.js';
import type { CertificationMethod, DB, PensionStatus } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { errorMessage, type ErrorCode, type Language } from '../../errors/messages.js';
import { isIsoDate, parameterAsOf, type ParameterSet } from '../../rules/index.js';
import { appendAudit, type AuditActor, type AuditEntry } from '../audit/service.js';
import { maskIdNumber } from '../registry/service.js';
import { CurrentRates } from './service.js';
import { withdrawUnsentLines } from './payment-lines.js';
import { personSearch } from '../../db/search.js';

export interface CertificationScope {
  readonly countyCode: string;
  readonly scopePrefix: string;
  readonly parameters: ParameterSet;
}

export type CertificationState = 'overdue' | 'dueSoon' | 'suspended' | 'current';

export interface CertificationRow {
  readonly pensionId: number;
  readonly residentId: number;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly status: PensionStatus;
  /** What the pension pays a month now. */
  readonly monthlyPension: number;
  readonly lastCertifiedOn: string;
  readonly dueDate: string;
  readonly state: CertificationState;
  readonly suspendedFrom: string | null;
}

/** Days before the due date a pension counts as due soon. */
export const DUE_SOON_DAYS = 30;

function periodMonths(params: ParameterSet, asOf: string): number {
  return parameterAsOf(params, 'certificationPeriodMonths', asOf).value;
}

function listQuery(db: Kysely<DB>, scope: CertificationScope, asOf: string, f: { state?: CertificationState | undefined; q?: string | undefined }) {
  const months = periodMonths(scope.parameters, asOf);
  const due = sql<string>`(p.last_certified_on + make_interval(months => ${months}))::date`;
  let q = db
    .selectFrom('pension as p')
    .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'p.county_code').onRef('r.id', '=', 'p.resident_id'))
    .innerJoin('region as v', 'v.code', 'p.village_code')
    .where('p.county_code', '=', scope.countyCode)
    .where('p.village_code', 'like', `${scope.scopePrefix}%`)
    .where('p.status', 'in', ['active', 'suspended']);
  if (f.state === 'suspended') q = q.where('p.status', '=', 'suspended');
  if (f.state === 'overdue') q = q.where('p.status', '=', 'active').where(due, '<', sql<string>`${asOf}::date`);
  if (f.state === 'dueSoon') q = q.where('p.status', '=', 'active').where(due, '>=', sql<string>`${asOf}::date`).where(due, '<=', sql<string>`(${asOf}::date + ${DUE_SOON_DAYS}::int)`);
  if (f.state === 'current') q = q.where('p.status', '=', 'active').where(due, '>', sql<string>`(${asOf}::date + ${DUE_SOON_DAYS}::int)`);
  const text = f.q?.trim();
  if (text) q = q.where(personSearch('r.id_number', 'r.name', text));
  return { q, due };
}

/** Pensioners by certification state (逾期未认证 / 即将到期 / 已暂停 / 正常), due date first. */
export async function certificationList(
  db: Kysely<DB>,
  scope: CertificationScope,
  asOf: string,
  f: { state?: CertificationState | undefined; q?: string | undefined; page: number; pageSize: number },
): Promise<{ items: CertificationRow[]; total: number; summary: Record<CertificationState, number> }> {
  const { q, due } = listQuery(db, scope, asOf, f);
  const now = new CurrentRates(scope.parameters, asOf.slice(0, 7));
  const all = listQuery(db, scope, asOf, {}).q;
  const [rows, count, summary] = await Promise.all([
    q
      .select(['p.id', 'p.resident_id', 'r.name', 'r.id_number', 'p.village_code', 'v.name as village_name', 'p.status', 'p.contribution_years', 'p.account_pension', 'p.last_certified_on', 'p.suspended_from', due.as('due_date')])
      .orderBy(due)
      .orderBy('p.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    all
      .select([
        sql<number>`count(*) filter (where p.status = 'suspended')::int`.as('suspended'),
        sql<number>`count(*) filter (where p.status = 'active' and ${due} < ${asOf}::date)::int`.as('overdue'),
        sql<number>`count(*) filter (where p.status = 'active' and ${due} >= ${asOf}::date and ${due} <= (${asOf}::date + ${DUE_SOON_DAYS}::int))::int`.as('dueSoon'),
        sql<number>`count(*) filter (where p.status = 'active' and ${due} > (${asOf}::date + ${DUE_SOON_DAYS}::int))::int`.as('current'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      pensionId: r.id,
      residentId: r.resident_id,
      name: r.name,
      idNumberMasked: maskIdNumber(r.id_number),
      villageCode: r.village_code,
      villageName: r.village_name,
      status: r.status,
      monthlyPension: now.monthlyPension(r.contribution_years, r.account_pension),
      lastCertifiedOn: r.last_certified_on,
      dueDate: String(r.due_date).slice(0, 10),
      state: r.status === 'suspended' ? 'suspended' : r.due_date < asOf ? 'overdue' : r.due_date <= addDays(asOf, DUE_SOON_DAYS) ? 'dueSoon' : 'current',
      suspendedFrom: r.suspended_from,
    })),
    total: Number(count.n),
    summary: { overdue: Number(summary.overdue), dueSoon: Number(summary.dueSoon), suspended: Number(summary.suspended), current: Number(summary.current) },
  };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface CertifyInput {
  readonly pensionIds: readonly number[];
  readonly certifiedOn: string;
  readonly method: CertificationMethod;
  readonly note?: string | undefined;
}

export interface CertifyOutcome {
  readonly recorded: number;
  /** Pensions that were suspended and now resume (their suspended months are paid back by the next payroll). */
  readonly resumed: number;
  readonly refused: { pensionId: number; name: string; code: ErrorCode; message: string }[];
}

/** Records certifications; a suspended pension resumes. */
export async function recordCertifications(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: CertificationScope,
  input: CertifyInput,
  today: string,
  lang: Language = 'zh-CN',
): Promise<CertifyOutcome> {
  if (!isIsoDate(input.certifiedOn) || input.certifiedOn > today) throw new AppError('CERTIFICATION_DATE', 400, { field: 'certifiedOn', params: { value: input.certifiedOn } });
  return db.transaction().execute(async (tx) => {
    const ids = [...new Set(input.pensionIds)];
    const pensions = await tx
      .selectFrom('pension as p')
      .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'p.county_code').onRef('r.id', '=', 'p.resident_id'))
      .select(['p.id', 'p.resident_id', 'p.village_code', 'p.status', 'p.last_certified_on', 'p.suspended_from', 'p.suspension_reason', 'r.name'])
      .where('p.county_code', '=', scope.countyCode)
      .where('p.id', 'in', ids.length > 0 ? ids : [-1])
      .forUpdate('p')
      .execute();
    const byId = new Map(pensions.map((p) => [p.id, p]));
    const refused: CertifyOutcome['refused'] = [];
    const refuse = (pensionId: number, name: string, code: ErrorCode, params: Record<string, unknown> = {}) =>
      refused.push({ pensionId, name, code, message: errorMessage(code, lang, { name, id: pensionId, ...params }) });
    let recorded = 0;
    let resumed = 0;
    const filed: ArchiveEntry[] = [];
    const audits: AuditEntry[] = [];
    for (const id of ids) {
      const p = byId.get(id);
      if (!p || !p.village_code.startsWith(scope.scopePrefix)) {
        refuse(id, String(id), 'PENSION_NOT_FOUND');
        continue;
      }
      if (p.status === 'stopped') {
        refuse(id, p.name, 'CERTIFICATION_STOPPED');
        continue;
      }
      if (input.certifiedOn < p.last_certified_on) {
        refuse(id, p.name, 'CERTIFICATION_OLDER', { last: p.last_certified_on });
        continue;
      }
      // A pension suspended for imprisonment is resumed on release (resumePension), not by a certification.
      const resumes = p.status === 'suspended' && p.suspension_reason === 'certification';
      const certification = await tx
        .insertInto('certification')
        .values({
          county_code: scope.countyCode,
          pension_id: id,
          resident_id: p.resident_id,
          village_code: p.village_code,
          certified_on: input.certifiedOn,
          method: input.method,
          note: input.note?.trim() || null,
          resumed_from: resumes ? p.suspended_from : null,
          recorded_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (resumes) {
        filed.push({ kind: 'resumption', sourceKind: 'certification', sourceId: certification.id, residentId: p.resident_id, name: p.name, regionCode: p.village_code, note: `（${input.certifiedOn} 认证）`, detail: { fromMonth: p.suspended_from, reason: 'certification' } });
      }
      await tx
        .updateTable('pension')
        .set(resumes ? { last_certified_on: input.certifiedOn, status: 'active', suspended_from: null, suspension_reason: null } : { last_certified_on: input.certifiedOn })
        .where('county_code', '=', scope.countyCode)
        .where('id', '=', id)
        .execute();
      audits.push({
        action: resumes ? 'pension.certify_resume' : 'pension.certify',
        entity: 'pension',
        entityId: String(id),
        regionCode: p.village_code,
        before: { lastCertifiedOn: p.last_certified_on, status: p.status },
        after: { certifiedOn: input.certifiedOn, method: input.method, status: 'active' },
      });
      recorded += 1;
      if (resumes) resumed += 1;
    }
    // The archive records before the audit rows: every transaction takes the archive counter before the audit
    // chain's lock, so two of them never wait on each other.
    await fileArchives(tx, scope.countyCode, actor.userId, filed);
    for (const entry of audits) await appendAudit(tx, actor, entry);
    return { recorded, resumed, refused };
  });
}

/**
 * Suspends every active pension in the region whose certification was due before `asOf`, from the month
 * after the due date's month — certificationOutcome's stoppedFromMonth, applied set-based (a test holds the
 * two together). One audit row.
 */
export async function suspendOverdue(db: Kysely<DB>, actor: AuditActor & { userId: number }, scope: CertificationScope, asOf: string): Promise<{ suspended: number }> {
  const months = periodMonths(scope.parameters, asOf);
  return db.transaction().execute(async (tx) => {
    const result = await sql<{ id: number; resident_id: number; village_code: string; suspended_from: string }>`
      update pension p
      set status = 'suspended', suspension_reason = 'certification',
          suspended_from = to_char((p.last_certified_on + make_interval(months => ${months + 1})), 'YYYY-MM')
      where p.county_code = ${scope.countyCode} and p.village_code like ${`${scope.scopePrefix}%`}
        and p.status = 'active' and (p.last_certified_on + make_interval(months => ${months}))::date < ${asOf}::date
      returning p.id, p.resident_id, p.village_code, p.suspended_from`.execute(tx);
    const suspended = result.rows.length;
    // A payroll the bank does not have yet must not pay the suspended months: those lines are withdrawn and
    // paid back with the rest once the pension is certified again.
    // In id order, as a payroll chunk locks the paid-through rows (withdrawUnsentLines locks each).
    for (const p of [...result.rows].sort((a, b) => a.id - b.id)) {
      await withdrawUnsentLines(tx, scope.countyCode, p.id, p.suspended_from, `未按期资格认证，自 ${p.suspended_from} 暂停`, asOf);
    }
    // 暂停发放 archive records of everyone suspended, one statement (names read in one query).
    await fileArchives(
      tx, scope.countyCode, actor.userId,
      result.rows.map((p) => ({ kind: 'suspension', sourceKind: 'pension', sourceId: p.id, residentId: p.resident_id, regionCode: p.village_code, note: `（未按期认证，${p.suspended_from} 起）`, detail: { fromMonth: p.suspended_from, reason: 'certification' }, filedOn: asOf })),
    );
    if (suspended > 0) {
      await appendAudit(tx, actor, {
        action: 'pension.suspend_overdue',
        entity: 'pension',
        entityId: asOf,
        regionCode: scope.scopePrefix.padEnd(12, '0'),
        after: { asOf, suspended, pensionIds: result.rows.slice(0, 1000).map((r) => r.id) },
      });
    }
    return { suspended };
  });
}

/** The certifications of one pension, newest first. */
export async function certificationsOf(db: Kysely<DB>, countyCode: string, pensionId: number) {
  const rows = await db
    .selectFrom('certification as c')
    .leftJoin('staff_user as u', 'u.id', 'c.recorded_by')
    .select(['c.id', 'c.certified_on', 'c.method', 'c.note', 'c.resumed_from', 'u.display_name'])
    .where('c.county_code', '=', countyCode)
    .where('c.pension_id', '=', pensionId)
    .orderBy('c.certified_on', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, certifiedOn: r.certified_on, method: r.method, note: r.note, resumedFrom: r.resumed_from, recordedBy: r.display_name }));
}

/** 月度经办: how many certifications (资格认证) each village recorded within its window of recording time. */
export function certificationsInWindows(db: Kysely<DB>, countyCode: string, windows: readonly VillageWindow[]): Promise<Map<string, number>> {
  return countInWindows(db, { table: 'certification', at: 'recorded_at', village: 'village_code', where: sql`t.county_code = ${countyCode}` }, windows);
}
