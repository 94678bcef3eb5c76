/** Reading enrolments (参保状态) for other modules' pages: the registry list and the dashboard. */
import { fileArchives } from '../archives/service.js';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { assertPastDate } from '../plausibility.js';
import { appendAudit, type AuditActor } from '../audit/service.js';

export interface EnrolmentState {
  readonly status: 'normal' | 'suspended' | 'terminated';
  readonly paymentStatus: 'paying' | 'paused' | 'ended';
  readonly identity: string;
  readonly firstMonth: string;
  readonly terminatedOn: string | null;
  readonly terminationReason: string | null;
}

/** The enrolment of each of these residents, when they have one. */
export async function enrolmentsOf(db: Kysely<DB>, countyCode: string, residentIds: readonly number[]): Promise<Map<number, EnrolmentState>> {
  if (residentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('enrolment')
    .select(['resident_id', 'status', 'payment_status', 'identity', 'first_month', 'terminated_on', 'termination_reason'])
    .where('county_code', '=', countyCode)
    .where('resident_id', 'in', [...residentIds])
    .execute();
  return new Map(
    rows.map((r) => [
      r.resident_id,
      { status: r.status, paymentStatus: r.payment_status, identity: r.identity, firstMonth: r.first_month, terminatedOn: r.terminated_on, terminationReason: r.termination_reason },
    ]),
  );
}

export interface EnrolmentCounts {
  /** Enrolment not terminated. */
  readonly enrolled: number;
  readonly paying: number;
  /** Enrolled and no longer paying: mostly 60 or older. */
  readonly notPaying: number;
  readonly awaitingTownship: number;
  readonly awaitingCounty: number;
}

export async function enrolmentCounts(db: Kysely<DB>, scopePrefix: string): Promise<EnrolmentCounts> {
  const like = `${scopePrefix}%`;
  const [e, a] = await Promise.all([
    db
      .selectFrom('enrolment')
      .select([
        sql<number>`count(*) filter (where status <> 'terminated')`.as('enrolled'),
        sql<number>`count(*) filter (where status <> 'terminated' and payment_status = 'paying')`.as('paying'),
      ])
      .where('village_code', 'like', like)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('enrolment_application')
      .select([
        sql<number>`count(*) filter (where status = 'submitted')`.as('submitted'),
        sql<number>`count(*) filter (where status = 'township_approved')`.as('approved'),
      ])
      .where('village_code', 'like', like)
      .executeTakeFirstOrThrow(),
  ]);
  return { enrolled: e.enrolled, paying: e.paying, notPaying: e.enrolled - e.paying, awaitingTownship: a.submitted, awaitingCounty: a.approved };
}

export const TERMINATION_REASONS = ['death', 'abroad', 'employee_pension', 'other'] as const;
export type TerminationReasonCode = (typeof TERMINATION_REASONS)[number];

export interface Termination {
  readonly reason: TerminationReasonCode;
  /** The day of death, of settling abroad, of joining the employee scheme. */
  readonly on: string;
  readonly note?: string | undefined;
}

/**
 * Ends an enrolment (注销), DOMAIN.md §2: death, settled abroad, joined the urban employee pension, other.
 * The enrolment stays on record as terminated; payments end. Settling the account (inheritance, refund)
 * follows in the account module.
 */
export async function terminateEnrolment(
  db: Kysely<DB>,
  actor: AuditActor,
  scope: { countyCode: string; scopePrefix: string; today: string },
  residentId: number,
  termination: Termination,
): Promise<EnrolmentState> {
  return db.transaction().execute((tx) => terminateEnrolmentIn(tx, actor, scope, residentId, termination));
}

/** terminateEnrolment in the caller's transaction (a pension stopped with it must stop in the same one). */
export async function terminateEnrolmentIn(
  tx: Kysely<DB>,
  actor: AuditActor,
  scope: { countyCode: string; scopePrefix: string; today: string },
  residentId: number,
  termination: Termination,
): Promise<EnrolmentState> {
  // The end of an enrolment (a death, a move abroad, the other pension) has happened: never after today.
  assertPastDate(termination.on, { field: 'on', today: scope.today, code: 'ENROL_TERMINATION_DATE' });
  {
    const current = await tx
      .selectFrom('enrolment')
      .selectAll()
      .where('county_code', '=', scope.countyCode)
      .where('resident_id', '=', residentId)
      .forUpdate()
      .executeTakeFirst();
    if (!current || !current.village_code.startsWith(scope.scopePrefix)) throw new AppError('ENROLMENT_NOT_FOUND', 404, { params: { id: residentId } });
    if (current.status === 'terminated') throw new AppError('ENROLMENT_TERMINATED', 409, { params: { on: current.terminated_on ?? '' } });
    const note = termination.note?.trim() || null;
    await tx
      .updateTable('enrolment')
      .set({ status: 'terminated', payment_status: 'ended', terminated_on: termination.on, termination_reason: termination.reason, termination_note: note, updated_at: new Date() })
      .where('county_code', '=', scope.countyCode)
      .where('resident_id', '=', residentId)
      .execute();
    // 终止参保 archive record (a death is filed with its settlement by registerDeathIn).
    await fileArchives(tx, scope.countyCode, actor.userId, [
      { kind: 'termination', sourceKind: 'enrolment', sourceId: residentId, residentId, regionCode: current.village_code, note: `（${termination.on}）`, detail: { on: termination.on, reason: termination.reason } },
    ]);
    await appendAudit(tx, actor, {
      action: 'enrolment.terminate',
      entity: 'enrolment',
      entityId: String(residentId),
      regionCode: current.village_code,
      before: { status: current.status, paymentStatus: current.payment_status },
      after: { status: 'terminated', reason: termination.reason, on: termination.on, note },
    });
    return {
      status: 'terminated',
      paymentStatus: 'ended',
      identity: current.identity,
      firstMonth: current.first_month,
      terminatedOn: termination.on,
      terminationReason: termination.reason,
    };
  }
}

const BANK_ACCOUNT = /^\d{12,25}$/;

/** An account or card number as lists show it: its last four digits (****1234). */
export function maskAccount(account: string | null): string | null {
  return account ? `****${account.slice(-4)}` : null;
}

/**
 * Corrects the bank account a person is paid into (a data correction, e.g. after the bank's card database did
 * not know the old one), in the caller's transaction, audited with the account before and after and the reason.
 * `account`: 12–25 digits, spaces ignored. Errors: CROSSCHECK_BANK_ACCOUNT (400, field bankAccount),
 * ENROLMENT_NOT_FOUND (404) outside `scopePrefix`.
 */
export async function correctBankAccountIn(
  tx: Kysely<DB>,
  actor: AuditActor,
  scope: { countyCode: string; scopePrefix: string },
  residentId: number,
  account: string,
  reason: string,
): Promise<void> {
  const value = account.replace(/\s/g, '');
  if (!BANK_ACCOUNT.test(value)) throw new AppError('CROSSCHECK_BANK_ACCOUNT', 400, { field: 'bankAccount', params: { value: account } });
  const current = await tx
    .selectFrom('enrolment')
    .select(['village_code', 'bank_account', 'card_number'])
    .where('county_code', '=', scope.countyCode)
    .where('resident_id', '=', residentId)
    .forUpdate()
    .executeTakeFirst();
  if (!current || !current.village_code.startsWith(scope.scopePrefix)) throw new AppError('ENROLMENT_NOT_FOUND', 404, { params: { id: residentId } });
  await tx.updateTable('enrolment').set({ bank_account: value, updated_at: new Date() }).where('county_code', '=', scope.countyCode).where('resident_id', '=', residentId).execute();
  await fileArchives(tx, scope.countyCode, actor.userId, [
    { kind: 'bank_account', sourceKind: 'enrolment', sourceId: residentId, residentId, regionCode: current.village_code, detail: { before: maskAccount(current.bank_account ?? current.card_number), after: maskAccount(value), reason } },
  ]);
  await appendAudit(tx, actor, {
    action: 'enrolment.bank_account',
    entity: 'enrolment',
    entityId: String(residentId),
    regionCode: current.village_code,
    // The audit log is read widely: accounts by their last four digits.
    before: { bankAccount: maskAccount(current.bank_account ?? current.card_number) },
    after: { bankAccount: maskAccount(value), reason },
  });
}
