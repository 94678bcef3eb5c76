/**
 * Suspension for imprisonment (服刑), DOMAIN.md §5: the pension stops from the month the sentence began; lines
 * the bank does not have for those months are withdrawn; on release the benefit reviewer resumes it from the
 * month after, and — unless the dated parameter imprisonmentBackPay says otherwise — the months inside are
 * never paid (paid_through moves past them). A certification does not resume such a pension.
 */
import { fileArchives } from '../archives/service.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { addMonths, monthsBetween, parameterAsOf, yearMonthOf, type ParameterSet } from '../../rules/index.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { lockPaidThrough, setPaidThrough, withdrawUnsentLines } from './payment-lines.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

interface Scope {
  readonly countyCode: string;
  readonly scopePrefix: string;
  readonly parameters: ParameterSet;
  /** China date. */
  readonly today: string;
}

async function locked(tx: Kysely<DB>, scope: Scope, id: number) {
  const p = await tx
    .selectFrom('pension')
    .select(['id', 'resident_id', 'village_code', 'status', 'suspension_reason', 'suspended_from', 'start_month'])
    .where('county_code', '=', scope.countyCode)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!p || !p.village_code.startsWith(scope.scopePrefix)) throw new AppError('PENSION_NOT_FOUND', 404, { params: { id } });
  return p;
}

function assertMonth(value: string, field: string, latest: string): void {
  if (!MONTH.test(value) || value > latest) throw new AppError('DATE_FORMAT', 400, { field, params: { field, value } });
}

/**
 * Suspends an active (or certification-suspended) pension for imprisonment from `fromMonth` (YYYY-MM, not
 * after this month). Errors: DATE_FORMAT (400), PENSION_NOT_FOUND (404), PENSION_STATUS (409) for a stopped one.
 */
export async function suspendForImprisonment(db: Kysely<DB>, actor: AuditActor & { userId: number }, scope: Scope, id: number, input: { fromMonth: string; note?: string | undefined }): Promise<void> {
  assertMonth(input.fromMonth, 'fromMonth', yearMonthOf(scope.today));
  await db.transaction().execute(async (tx) => {
    const p = await locked(tx, scope, id);
    if (p.status === 'stopped' || p.suspension_reason === 'imprisonment') throw new AppError('PENSION_STATUS', 409, { params: { id, status: p.status } });
    await withdrawUnsentLines(tx, scope.countyCode, id, input.fromMonth, `服刑，自 ${input.fromMonth} 停发`, scope.today);
    await tx.updateTable('pension').set({ status: 'suspended', suspension_reason: 'imprisonment', suspended_from: input.fromMonth }).where('county_code', '=', scope.countyCode).where('id', '=', id).execute();
    await fileArchives(tx, scope.countyCode, actor.userId, [
      { kind: 'suspension', sourceKind: 'pension', sourceId: id, residentId: p.resident_id, regionCode: p.village_code, note: `（服刑，${input.fromMonth} 起）`, detail: { fromMonth: input.fromMonth, reason: 'imprisonment' } },
    ]);
    await appendAudit(tx, actor, { action: 'pension.suspend_imprisonment', entity: 'pension', entityId: String(id), regionCode: p.village_code, before: { status: p.status }, after: { status: 'suspended', from: input.fromMonth, note: input.note?.trim() || null } });
  });
}

/**
 * Resumes a pension suspended for imprisonment from `fromMonth` (the month after release). Without back pay
 * (the national default) the months from the suspension to `fromMonth` − 1 are never paid.
 * Errors: DATE_FORMAT (400), PENSION_NOT_FOUND (404), PENSION_STATUS (409) when not suspended for imprisonment.
 */
export async function resumeAfterImprisonment(db: Kysely<DB>, actor: AuditActor & { userId: number }, scope: Scope, id: number, input: { fromMonth: string }): Promise<{ skippedMonths: number }> {
  assertMonth(input.fromMonth, 'fromMonth', addMonths(yearMonthOf(scope.today), 1));
  return db.transaction().execute(async (tx) => {
    const p = await locked(tx, scope, id);
    if (p.status !== 'suspended' || p.suspension_reason !== 'imprisonment') throw new AppError('PENSION_STATUS', 409, { params: { id, status: p.status } });
    if (input.fromMonth <= p.suspended_from!) throw new AppError('DATE_FORMAT', 400, { field: 'fromMonth', params: { field: 'fromMonth', value: input.fromMonth } });
    const backPay = parameterAsOf(scope.parameters, 'imprisonmentBackPay', `${input.fromMonth}-01`).value;
    const skipTo = addMonths(input.fromMonth, -1);
    const paidBefore = await lockPaidThrough(tx, scope.countyCode, id);
    const paidThrough = !backPay && (paidBefore === null || paidBefore < skipTo) ? skipTo : paidBefore;
    const first = paidBefore === null || paidBefore < p.start_month ? p.start_month : addMonths(paidBefore, 1);
    const skippedMonths = backPay || first > skipTo ? 0 : monthsBetween(first, skipTo) + 1;
    await tx.updateTable('pension').set({ status: 'active', suspension_reason: null, suspended_from: null }).where('county_code', '=', scope.countyCode).where('id', '=', id).execute();
    if (paidThrough !== paidBefore) await setPaidThrough(tx, scope.countyCode, id, paidThrough);
    await fileArchives(tx, scope.countyCode, actor.userId, [
      { kind: 'resumption', sourceKind: 'pension', sourceId: id, residentId: p.resident_id, regionCode: p.village_code, note: `（刑满释放，${input.fromMonth} 起）`, detail: { fromMonth: input.fromMonth, reason: 'imprisonment' } },
    ]);
    await appendAudit(tx, actor, { action: 'pension.resume_imprisonment', entity: 'pension', entityId: String(id), regionCode: p.village_code, before: { status: p.status, suspendedFrom: p.suspended_from, paidThrough: paidBefore }, after: { status: 'active', from: input.fromMonth, backPay, skippedMonths } });
    return { skippedMonths };
  });
}
