/**
 * Ending the enrolment of someone who may be drawing a pension, for a reason other than death (DOMAIN.md §2,
 * §5), in one transaction with the enrolment's end:
 * - joined the urban employee / state institution pension (重复领取): the resident pension stops from the month
 *   the other pension began; payroll lines the bank does not have for those months are withdrawn; the basic
 *   pension the bank paid for them is recovered (set off against the refund first); the account is refunded
 *   less the government subsidies (policy engine settleDualBenefit, 人社部发〔2014〕17号), and the settlement is
 *   recorded beside the death settlements (kind `dual_benefit`);
 * - settled abroad or other: the pension stops from the month after the end, unsent lines are withdrawn.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { ACCOUNT_SOURCES, addMonths, settleDualBenefit, yearMonthOf, type AccountSource, type Fen, type ParameterSet } from '../../rules/index.js';
import { postSettlement } from '../ledger/service.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { terminateEnrolmentIn, type TerminationReasonCode } from '../enrolment/service.js';
import { linesPaidAfter, withdrawUnsentLines } from './payment-lines.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface TerminationInput {
  readonly reason: Exclude<TerminationReasonCode, 'death'>;
  /** ISO date the enrolment ends. */
  readonly on: string;
  readonly note?: string | undefined;
  /** employee_pension: the first month the other pension was paid (YYYY-MM); default the month of `on`. */
  readonly otherBenefitFrom?: string | undefined;
  /**
   * A second resident pension (reason `other`): the county whose pension is kept. This one is settled as a
   * dual benefit from `otherBenefitFrom` (its own start month: every month it paid was paid twice).
   */
  readonly duplicateOf?: string | undefined;
}

/** The month the other pension began, for a dual benefit (else undefined); DATE_FORMAT (400) when malformed or future. */
function checkedOtherFrom(input: TerminationInput, today: string): string | undefined {
  const dual = input.reason === 'employee_pension' || input.duplicateOf !== undefined;
  const from = dual ? (input.otherBenefitFrom ?? (MONTH.test(input.on.slice(0, 7)) ? input.on.slice(0, 7) : '')) : undefined;
  if (from !== undefined && (!MONTH.test(from) || from > yearMonthOf(today))) {
    throw new AppError('DATE_FORMAT', 400, { field: 'otherBenefitFrom', params: { field: 'otherBenefitFrom', value: from } });
  }
  return from;
}

/**
 * Ends the enrolment and stops the pension as the reason requires. Errors: ENROL_TERMINATION_DATE (400),
 * DATE_FORMAT for a malformed or future otherBenefitFrom (400), ENROLMENT_NOT_FOUND (404), ENROLMENT_TERMINATED (409).
 * Returns the settlement id of a dual benefit, else null.
 */
export async function terminateWithPension(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: { countyCode: string; scopePrefix: string; today: string; parameters: ParameterSet },
  residentId: number,
  input: TerminationInput,
): Promise<number | null> {
  return db.transaction().execute((tx) => terminateWithPensionIn(tx, actor, scope, residentId, input));
}

/** terminateWithPension in the caller's transaction (a cross-check hit resolved by it closes in the same one). */
export async function terminateWithPensionIn(
  tx: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: { countyCode: string; scopePrefix: string; today: string; parameters: ParameterSet },
  residentId: number,
  input: TerminationInput,
): Promise<number | null> {
  const from = checkedOtherFrom(input, scope.today);
  const dual = from !== undefined;
  await terminateEnrolmentIn(tx, actor, scope, residentId, { reason: input.reason, on: input.on, note: input.note });
  const pension = await tx
    .selectFrom('pension')
    .select(['id', 'status', 'village_code', 'account_pension', 'contribution_years'])
    .where('county_code', '=', scope.countyCode)
    .where('resident_id', '=', residentId)
    .forUpdate()
    .executeTakeFirst();
  if (!dual) {
    if (!pension || pension.status === 'stopped') return null;
    const stopFrom = addMonths(yearMonthOf(input.on), 1);
    await withdrawUnsentLines(tx, scope.countyCode, pension.id, stopFrom, `注销参保（${input.on}），停发`, scope.today);
    await tx.updateTable('pension').set({ status: 'stopped', stop_reason: 'other', stopped_on: input.on, suspended_from: null, suspension_reason: null }).where('county_code', '=', scope.countyCode).where('id', '=', pension.id).execute();
    await appendAudit(tx, actor, { action: 'pension.stop', entity: 'pension', entityId: String(pension.id), regionCode: pension.village_code, before: { status: pension.status }, after: { status: 'stopped', reason: input.reason, from: stopFrom } });
    return null;
  }
  const otherFrom = from!;
  let overlap: Awaited<ReturnType<typeof linesPaidAfter>> = [];
  if (pension && pension.status !== 'stopped') {
    const why = input.duplicateOf ? `重复领取城乡居民养老金（保留 ${input.duplicateOf} 的待遇），停发` : `重复领取职工养老金（自 ${otherFrom}），停发`;
    await withdrawUnsentLines(tx, scope.countyCode, pension.id, otherFrom, why, scope.today);
    overlap = await linesPaidAfter(tx, scope.countyCode, pension, addMonths(otherFrom, -1), scope.parameters);
    await tx
      .updateTable('pension')
      .set({ status: 'stopped', stop_reason: 'dual_benefit', stopped_on: `${otherFrom}-01`, suspended_from: null, suspension_reason: null })
      .where('county_code', '=', scope.countyCode)
      .where('id', '=', pension.id)
      .execute();
  }
  const person = await tx.selectFrom('enrolment').select('village_code').where('county_code', '=', scope.countyCode).where('resident_id', '=', residentId).executeTakeFirstOrThrow();
  const entries = await tx.selectFrom('account_balance').select(['source', 'balance']).where('county_code', '=', scope.countyCode).where('resident_id', '=', residentId).execute();
  const balances = Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, 0])) as Record<AccountSource, Fen>;
  for (const e of entries) balances[e.source as AccountSource] = Math.max(0, e.balance);
  const settlement = settleDualBenefit({ otherBenefitFrom: otherFrom, paymentsInOverlap: overlap.map((l) => ({ months: l.months, basicPension: l.basic })), balances }, scope.parameters);
  // The basic pension to return is first deducted from the refund (人社部发〔2014〕17号).
  const setOff = Math.min(settlement.basicPensionToRecover, settlement.refund);
  const row = await tx
    .insertInto('death_settlement')
    .values({
      county_code: scope.countyCode,
      resident_id: residentId,
      village_code: person.village_code,
      pension_id: pension?.id ?? null,
      kind: 'dual_benefit',
      other_benefit_from: otherFrom,
      death_date: input.on,
      last_payable_month: settlement.lastPayableMonth,
      overpaid_months: settlement.overlapMonths.length,
      basic_to_recover: settlement.basicPensionToRecover,
      account_to_recover: 0,
      amount_to_recover: settlement.basicPensionToRecover,
      balance: settlement.balance,
      inheritable: settlement.refund,
      returned_to_pool: settlement.returnedToPool,
      funeral_grant: 0,
      inheritable_by_source: JSON.stringify(settlement.refundBySource),
      returned_by_source: JSON.stringify(settlement.returnedBySource),
      explanation: JSON.stringify(settlement.explanation),
      overpaid_lines: JSON.stringify(overlap.map((l) => ({ ...l, account: 0, fromAccount: 0 }))),
      recovered: setOff,
      recovery_status: settlement.basicPensionToRecover === 0 ? 'none' : setOff === settlement.basicPensionToRecover ? 'recovered' : 'open',
      settled_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await postSettlement(tx, scope.countyCode, {
    settlementId: row.id,
    residentId,
    kind: 'dual_benefit',
    postedOn: scope.today,
    recordedBy: actor.userId,
    accountBack: {},
    paidOutBySource: settlement.refundBySource,
    returnedBySource: settlement.returnedBySource,
    funeralGrant: 0,
    toRecover: settlement.basicPensionToRecover,
    setOff,
  });
  await appendAudit(tx, actor, {
    action: 'pension.dual_benefit',
    entity: 'death_settlement',
    entityId: String(row.id),
    regionCode: person.village_code,
    before: { pensionId: pension?.id ?? null, status: pension?.status ?? null },
    after: { residentId, otherBenefitFrom: otherFrom, duplicateOf: input.duplicateOf ?? null, basicToRecover: settlement.basicPensionToRecover, refund: settlement.refund, returnedToPool: settlement.returnedToPool, setOff },
  });
  return row.id;
}
