/**
 * Dealing with a cross-check hit (数据比对疑点处理), by the role responsible for its kind, with a reason, audited,
 * through the flows that already exist — never new money code — in one transaction with the hit's closing:
 * - dual_benefit → `stop`: the enrolment ends as "joined the employee scheme", the pension stops from the month
 *   the other pension began, the basic pension paid since is recovered and the account refunded less the
 *   subsidies (terminateWithPensionIn, 人社部发〔2014〕17号);
 * - death → `death`: the death flow with the registry's date of death (registerDeathIn);
 * - bank_mismatch → `correct`: the account the pension is paid into is corrected (the bank's card for the
 *   person's ID number unless another is given);
 * - recheck → `confirm` by the township: the same person, so the hit becomes what it pointed to (dual_benefit or
 *   death) and waits for the county;
 * - any kind → `dismiss`: not the same person, or our data is right.
 */
import type { Kysely } from 'kysely';
import type { CrossCheckKind, CrossCheckResolution, DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import type { ParameterSet } from '../../rules/index.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { correctBankAccountIn } from '../enrolment/service.js';
import { registerDeathIn } from '../pensions/death.js';
import { terminateWithPensionIn } from '../pensions/termination.js';
import type { Role } from '../staff/roles.js';

export const RESOLVE_ACTIONS = ['stop', 'death', 'correct', 'confirm', 'dismiss'] as const;
export type ResolveAction = (typeof RESOLVE_ACTIONS)[number];

/** Who deals with each kind (DOMAIN.md §1): the county ends enrolments and pensions; the township re-checks and corrects accounts. */
export const RESOLVERS: Readonly<Record<CrossCheckKind, readonly Role[]>> = {
  dual_benefit: ['benefit_reviewer', 'county_enrolment_auditor'],
  death: ['benefit_reviewer', 'county_enrolment_auditor'],
  bank_mismatch: ['township_clerk', 'county_enrolment_auditor'],
  recheck: ['township_clerk'],
};

/** What each kind may be resolved by, besides dismissing it. */
const ACTION_OF: Readonly<Record<CrossCheckKind, ResolveAction>> = { dual_benefit: 'stop', death: 'death', bank_mismatch: 'correct', recheck: 'confirm' };

const KIND_WORDS: Readonly<Record<CrossCheckKind, { 'zh-CN': string; en: string }>> = {
  dual_benefit: { 'zh-CN': '重复领取/参保', en: 'dual benefit' },
  death: { 'zh-CN': '死亡仍领取', en: 'dead but paid' },
  bank_mismatch: { 'zh-CN': '银行卡不符', en: 'bank card mismatch' },
  recheck: { 'zh-CN': '信息矛盾待复核', en: 'contradictory data' },
};
const ROLE_WORDS: Readonly<Partial<Record<Role, { 'zh-CN': string; en: string }>>> = {
  benefit_reviewer: { 'zh-CN': '待遇审批', en: 'benefit reviewer' },
  county_enrolment_auditor: { 'zh-CN': '参保稽核', en: 'enrolment auditor' },
  township_clerk: { 'zh-CN': '乡镇社保所', en: 'township clerk' },
};

export interface ResolveInput {
  readonly action: ResolveAction;
  /** Why (2–200 characters); kept on the hit and in the audit log. */
  readonly note: string;
  /** correct: the new account (12–25 digits); default the bank's card for the person's ID number. */
  readonly bankAccount?: string | undefined;
  /** stop: the month the other pension began (YYYY-MM); default the registry's, else this month. */
  readonly otherBenefitFrom?: string | undefined;
}

export interface ResolveScope {
  readonly countyCode: string;
  readonly scopePrefix: string;
  readonly today: string;
  readonly parameters: ParameterSet;
}

const joinWords = (roles: readonly Role[], lang: 'zh-CN' | 'en') => roles.map((r) => ROLE_WORDS[r]?.[lang] ?? r).join(lang === 'en' ? ', ' : '、');

/**
 * Deals with one open hit in the caller's region. Errors: CROSSCHECK_HIT_NOT_FOUND (404), CROSSCHECK_HIT_CLOSED
 * (409), CROSSCHECK_NOT_YOUR_KIND (403), CROSSCHECK_ACTION (400), CROSSCHECK_REASON (400, field note), and those
 * of the flow it goes through (ENROLMENT_TERMINATED 409 when the enrolment already ended, DATE_FORMAT,
 * ENROL_TERMINATION_DATE, CROSSCHECK_BANK_ACCOUNT 400). Returns the settlement id of a stop or a death, else null.
 */
export async function resolveHit(db: Kysely<DB>, actor: AuditActor & { userId: number }, scope: ResolveScope, hitId: number, input: ResolveInput): Promise<number | null> {
  const note = input.note.trim();
  return db.transaction().execute(async (tx) => {
    const hit = await tx.selectFrom('cross_check_hit').selectAll().where('county_code', '=', scope.countyCode).where('id', '=', hitId).forUpdate().executeTakeFirst();
    if (!hit || !hit.village_code.startsWith(scope.scopePrefix)) throw new AppError('CROSSCHECK_HIT_NOT_FOUND', 404, { params: { id: hitId } });
    if (hit.state !== 'open') throw new AppError('CROSSCHECK_HIT_CLOSED', 409, { params: { state: hit.state } });
    const resolvers = RESOLVERS[hit.kind];
    if (!(resolvers as readonly string[]).includes(actor.role ?? '')) {
      throw new AppError('CROSSCHECK_NOT_YOUR_KIND', 403, { params: { kind: KIND_WORDS[hit.kind], roles: { 'zh-CN': joinWords(resolvers, 'zh-CN'), en: joinWords(resolvers, 'en') } } });
    }
    if (input.action !== 'dismiss' && input.action !== ACTION_OF[hit.kind]) throw new AppError('CROSSCHECK_ACTION', 400, { field: 'action', params: { kind: KIND_WORDS[hit.kind], action: input.action } });
    if (note.length < 2 || note.length > 200) throw new AppError('CROSSCHECK_REASON', 400, { field: 'note' });
    const personScope = { countyCode: scope.countyCode, scopePrefix: scope.scopePrefix };
    const closing = `数据比对疑点 ${hit.id}：${note}`;
    let resolution: CrossCheckResolution | undefined;
    let settlementId: number | null = null;
    switch (input.action) {
      case 'stop': {
        const registryMonth = hit.registry_date && /^\d{4}-\d{2}$/.test(hit.registry_date) ? hit.registry_date : undefined;
        settlementId = await terminateWithPensionIn(tx, actor, { ...personScope, today: scope.today, parameters: scope.parameters }, hit.resident_id, {
          reason: 'employee_pension',
          on: scope.today,
          note: closing,
          otherBenefitFrom: input.otherBenefitFrom ?? registryMonth,
        });
        resolution = 'stopped';
        break;
      }
      case 'death':
        settlementId = await registerDeathIn(tx, actor, { ...personScope, parameters: scope.parameters }, hit.resident_id, { deathDate: hit.registry_date ?? '', note: closing }, scope.today);
        resolution = 'death_registered';
        break;
      case 'correct': {
        const account = input.bankAccount?.trim() || hit.registry_card;
        if (!account) throw new AppError('CROSSCHECK_BANK_ACCOUNT', 400, { field: 'bankAccount', params: { value: '' } });
        await correctBankAccountIn(tx, actor, personScope, hit.resident_id, account, closing);
        resolution = 'account_corrected';
        break;
      }
      case 'confirm':
        await tx
          .updateTable('cross_check_hit')
          .set({ kind: hit.proposed_kind!, rechecked_by: actor.userId, rechecked_at: new Date(), recheck_note: note })
          .where('county_code', '=', scope.countyCode)
          .where('id', '=', hit.id)
          .execute();
        await appendAudit(tx, actor, { action: 'crosscheck.recheck', entity: 'cross_check_hit', entityId: String(hit.id), regionCode: hit.village_code, before: { kind: hit.kind }, after: { kind: hit.proposed_kind, note } });
        return null;
      case 'dismiss':
        resolution = 'dismissed';
        break;
    }
    await tx
      .updateTable('cross_check_hit')
      .set({ state: resolution === 'dismissed' ? 'dismissed' : 'resolved', resolution, resolution_note: note, settlement_id: settlementId, resolved_by: actor.userId, resolved_at: new Date() })
      .where('county_code', '=', scope.countyCode)
      .where('id', '=', hit.id)
      .execute();
    await appendAudit(tx, actor, {
      action: 'crosscheck.resolve',
      entity: 'cross_check_hit',
      entityId: String(hit.id),
      regionCode: hit.village_code,
      before: { kind: hit.kind, state: hit.state, reason: hit.reason },
      after: { resolution, note, residentId: hit.resident_id, settlementId },
    });
    return settlementId;
  });
}
