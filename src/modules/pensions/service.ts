/**
 * Pension award (待遇核定), DOMAIN.md §5 and §7: each month the county lists everyone enrolled who reaches
 * the pension age by a month and has no pension yet (到龄待核定名单), with the amounts the policy engine
 * computes from their account; the benefit reviewer awards the eligible ones. An award keeps the
 * amounts, the sub-balances they came from and the engine's explanation, ends the person's contributions,
 * and is made once per person: a second award of the same person is refused, never doubled.
 */
import { fileArchives } from '../archives/service.js';
import { sql, type Kysely } from 'kysely';
import type { DB, PensionStatus } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { errorMessage, type ErrorCode, type Language } from '../../errors/messages.js';
import {
  ACCOUNT_SOURCES,
  addDays,
  addMonths,
  awardBenefit,
  payPension,
  parameterAsOf,
  type AccountSource,
  type Explanation,
  pensionConditions,
  maxIsoDate,
  type CreditedYear,
  type Fen,
  type LocalizedText,
  type ObligationCategory,
  type ParameterSet,
  type SourceAmounts,
} from '../../rules/index.js';
import { CitationStore, loadExplanation } from '../explanations/store.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { maskIdNumber } from '../registry/service.js';
import { awardHold, awardPublicityStates, type AwardPublicity } from '../publicity/holds.js';
import { chinaToday } from '../../http/clock.js';
import { personSearch } from '../../db/search.js';

export interface PensionScope {
  readonly countyCode: string;
  readonly scopePrefix: string;
  readonly parameters: ParameterSet;
  readonly schemeStartDate: string;
}

export interface DueRow {
  readonly residentId: number;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly pensionAgeDate: string;
  readonly startMonth: string;
  readonly category: ObligationCategory;
  readonly contributionYears: number;
  readonly accountBalance: Fen;
  readonly basicPension: Fen;
  readonly accountPension: Fen;
  readonly monthlyPension: Fen;
  readonly eligible: boolean;
  /** Years that must be back-paid before the pension can be awarded (0 when the obligation is met). */
  readonly backPayRequired: number;
  /** The day every condition (age, enrolment, contribution obligation) was met; null while one is not. */
  readonly conditionsMetOn: string | null;
  /** Why the person is or is not eligible, in words (zh-CN and en). */
  readonly reason: LocalizedText;
  /** Where the person stands on the village publicity of pension awards (待遇领取公示). */
  readonly publicity: AwardPublicity;
}

const NOT_PUBLISHED: AwardPublicity = { state: 'none', publicityId: null, postedFrom: null, postedTo: null };

export interface PensionRecord {
  readonly id: number;
  readonly residentId: number;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly status: PensionStatus;
  readonly startMonth: string;
  readonly contributionYears: number;
  readonly centralBasicPension: Fen;
  readonly localBasicPensionTopUp: Fen;
  readonly longContributionExtra: Fen;
  readonly basicPension: Fen;
  readonly accountBalance: Fen;
  readonly accountPension: Fen;
  readonly monthlyPension: Fen;
  readonly awardedBy: string | null;
  readonly awardedAt: string;
  /** What the pension pays a month now (basic pension in force this month + account pension). */
  readonly currentMonthlyPension: Fen;
  readonly lastCertifiedOn: string;
  /** The month a suspension started, while suspended. */
  readonly suspendedFrom: string | null;
  /** Why it is suspended: not certified in time (paid back on resumption) or imprisonment (not paid back). */
  readonly suspensionReason: 'certification' | 'imprisonment' | null;
}

export interface PensionDetail extends PensionRecord {
  readonly pensionAgeDate: string;
  readonly category: ObligationCategory;
  readonly balancesAtAward: SourceAmounts;
  readonly accountPensionBySource: SourceAmounts;
  readonly explanation: Explanation;
}

/** More people than this waiting in one list means the list is asked for the wrong region or month. */
export const DUE_LIST_LIMIT = 50_000;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function assertMonth(month: string, field = 'month'): void {
  if (!MONTH.test(month)) throw new AppError('DATE_FORMAT', 400, { field, params: { field, value: month } });
}

interface Candidate {
  readonly residentId: number;
  readonly name: string;
  readonly idNumber: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly contributionYears: number;
  readonly credited: readonly CreditedYear[];
  /** The day the enrolment took effect (see enrolmentDate). */
  readonly enrolledOn: string;
  readonly balances: Partial<Record<AccountSource, Fen>>;
}

interface Assessment {
  readonly row: DueRow;
  readonly award: ReturnType<typeof awardBenefit>;
  /** The conditions (age, enrolment, obligation) and the award, as the award form prints them. */
  readonly explanation: Explanation;
}

/** `words`: build the row's reason in words (the due list shows it; an award stores the explanation only). */
function assess(scope: PensionScope, c: Candidate, month: string, words = true): Assessment {
  const conditions = pensionConditions({ birthDate: c.birthDate, schemeStartDate: scope.schemeStartDate, enrolledOn: c.enrolledOn, credited: c.credited }, scope.parameters);
  const award = awardBenefit(
    {
      birthDate: c.birthDate,
      schemeStartDate: scope.schemeStartDate,
      // While years are owed, the amounts are those of a back-payment made now: paid from the month asked.
      conditionsMetOn: conditions.conditionsMetOn ?? addDays(`${month}-01`, -1),
      balances: c.balances,
      contributionYears: c.contributionYears,
      regionCode: scope.countyCode,
    },
    scope.parameters,
  );
  const met = conditions.conditionsMetOn !== undefined;
  const eligible = met && award.startMonth <= month;
  const steps = [...conditions.explanation, ...(met ? award.explanation.slice(0, 1) : [])];
  const text = (lang: 'zh-CN' | 'en') => (words ? steps.map((s) => s.text[lang]).join(lang === 'zh-CN' ? '；' : '; ') : '');
  const later = words && met && !eligible ? { 'zh-CN': `；${award.startMonth} 起才可领取，晚于所选月份`, en: `; not payable before ${award.startMonth}, after the month chosen` } : { 'zh-CN': '', en: '' };
  return {
    award,
    explanation: [...conditions.explanation, ...award.explanation],
    row: {
      residentId: c.residentId,
      name: c.name,
      idNumberMasked: maskIdNumber(c.idNumber),
      sex: c.sex,
      birthDate: c.birthDate,
      villageCode: c.villageCode,
      villageName: c.villageName,
      pensionAgeDate: award.pensionAgeDate,
      startMonth: award.startMonth,
      category: conditions.category,
      contributionYears: c.contributionYears,
      accountBalance: award.accountBalance,
      basicPension: award.basicPension,
      accountPension: award.accountPension,
      monthlyPension: award.monthlyPension,
      eligible,
      backPayRequired: conditions.backPayRequired,
      conditionsMetOn: met ? maxIsoDate(conditions.conditionsMetOn!, award.pensionAgeDate) : null,
      reason: { 'zh-CN': text('zh-CN') + later['zh-CN'], en: text('en') + later.en },
      publicity: NOT_PUBLISHED,
    },
  };
}

/**
 * The day from which an enrolment counts for the pension conditions: the county's confirmation day (China
 * time) for an enrolment made through an application, never before its first enrolment month, so the
 * pension starts the month after; for records taken over from an earlier system, the enrolment held from
 * its first month (the last day of the month before), so a pension could be paid from that month.
 */
export function enrolmentDate(firstMonth: string, confirmedAt: Date | string | null): string {
  const first = `${firstMonth}-01`;
  if (confirmedAt === null) return addDays(first, -1);
  const china = new Date(new Date(confirmedAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  return maxIsoDate(first, china);
}

/**
 * Enrolled people (not terminated) without a pension whose pension would start in `month` or before:
 * the month after the birthday at the pension age falls in or before `month`.
 */
async function candidates(db: Kysely<DB>, scope: PensionScope, f: { month: string; q?: string | undefined; residentIds?: readonly number[] }, lock = false): Promise<Candidate[]> {
  const pensionAge = parameterAsOf(scope.parameters, 'pensionAge', scope.schemeStartDate).value;
  // Born before this day ⇔ the birthday at the pension age is before the first day of `month`.
  const m = month(f.month);
  const bornBefore = `${String(Number(m.slice(0, 4)) - pensionAge).padStart(4, '0')}-${m.slice(5, 7)}-01`;
  let q = db
    .selectFrom('enrolment as e')
    .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'e.county_code').onRef('r.id', '=', 'e.resident_id'))
    .innerJoin('region as v', 'v.code', 'e.village_code')
    .leftJoin('pension as p', (j) => j.onRef('p.county_code', '=', 'e.county_code').onRef('p.resident_id', '=', 'e.resident_id'))
    .leftJoin('enrolment_application as a', (j) => j.onRef('a.county_code', '=', 'e.county_code').onRef('a.id', '=', 'e.application_id'))
    .where('e.county_code', '=', scope.countyCode)
    .where('e.village_code', 'like', `${scope.scopePrefix}%`)
    .where('e.status', '<>', 'terminated')
    .where('p.id', 'is', null)
    .where('r.birth_date', '<', bornBefore);
  if (f.residentIds) q = q.where('e.resident_id', 'in', f.residentIds.length > 0 ? [...f.residentIds] : [-1]);
  const text = f.q?.trim();
  if (text) q = q.where(personSearch('r.id_number', 'r.name', text));
  let rows = q
    .select(['e.resident_id', 'r.name', 'r.id_number', 'r.sex', 'r.birth_date', 'e.village_code', 'v.name as village_name', 'e.first_month', 'a.county_at'])
    .orderBy('r.birth_date')
    .orderBy('e.village_code')
    .orderBy('e.resident_id')
    .limit(DUE_LIST_LIMIT + 1);
  if (lock) rows = rows.forUpdate('e');
  const people = await rows.execute();
  if (people.length > DUE_LIST_LIMIT) throw new AppError('PENSION_DUE_TOO_MANY', 422, { params: { limit: DUE_LIST_LIMIT } });
  if (people.length === 0) return [];
  const ids = people.map((p) => p.resident_id);
  const [years, entries] = await Promise.all([
    db
      .selectFrom('contribution')
      .select(['resident_id', 'year', sql<string>`min(paid_on)`.as('paid_on')])
      .where('county_code', '=', scope.countyCode)
      .where('status', '=', 'posted')
      .where(sql<boolean>`resident_id = any(${ids}::int8[])`)
      .groupBy(['resident_id', 'year'])
      .execute(),
    db.selectFrom('account_balance').select(['resident_id', 'source', 'balance as amount']).where('county_code', '=', scope.countyCode).where(sql<boolean>`resident_id = any(${ids}::int8[])`).execute(),
  ]);
  const creditedOf = new Map<number, CreditedYear[]>();
  for (const y of years) {
    const list = creditedOf.get(y.resident_id) ?? [];
    list.push({ year: y.year, paidOn: String(y.paid_on).slice(0, 10) });
    creditedOf.set(y.resident_id, list);
  }
  const balancesOf = new Map<number, Partial<Record<AccountSource, Fen>>>();
  for (const e of entries) {
    const b = balancesOf.get(e.resident_id) ?? {};
    b[e.source as AccountSource] = Number(e.amount);
    balancesOf.set(e.resident_id, b);
  }
  return people.map((p) => ({
    residentId: p.resident_id,
    name: p.name,
    idNumber: p.id_number,
    sex: p.sex as 'M' | 'F',
    birthDate: p.birth_date,
    villageCode: p.village_code,
    villageName: p.village_name,
    contributionYears: creditedOf.get(p.resident_id)?.length ?? 0,
    credited: creditedOf.get(p.resident_id) ?? [],
    enrolledOn: enrolmentDate(p.first_month, p.county_at),
    balances: balancesOf.get(p.resident_id) ?? {},
  }));
}

function month(value: string): string {
  assertMonth(value);
  return value;
}

export interface DueFilter {
  readonly month: string;
  readonly q?: string | undefined;
  readonly eligible?: 'yes' | 'no' | undefined;
  /** China date the publicity states are read on (default today). */
  readonly today?: string | undefined;
}

/**
 * The list of people due for award by `month` with what the engine would award each and where each stands on
 * the village publicity (in memory: a month's cohort).
 */
export async function dueForAward(db: Kysely<DB>, scope: PensionScope, f: DueFilter): Promise<{ items: DueRow[]; summary: { people: number; eligible: number; monthlyTotal: Fen } }> {
  const assessed = (await candidates(db, scope, f)).map((c) => assess(scope, c, f.month).row);
  const states = await awardPublicityStates(db, scope.countyCode, assessed.map((r) => r.residentId), f.today ?? chinaToday());
  const all = assessed.map((r) => ({ ...r, publicity: states.get(r.residentId) ?? NOT_PUBLISHED }));
  const eligible = all.filter((r) => r.eligible);
  const items = f.eligible === 'yes' ? eligible : f.eligible === 'no' ? all.filter((r) => !r.eligible) : all;
  return { items, summary: { people: all.length, eligible: eligible.length, monthlyTotal: eligible.reduce((s, r) => s + r.monthlyPension, 0) } };
}

export interface AwardOutcome {
  readonly awarded: number;
  readonly monthlyTotal: Fen;
  readonly pensionIds: number[];
  readonly refused: { residentId: number; name: string; code: ErrorCode; message: string }[];
}

/** Pensions written per statement by an award. */
const AWARD_CHUNK = 1000;

/**
 * Awards the pension to the listed people (all eligible people due by `month` when `residentIds` is
 * omitted), in one transaction. People not due, already awarded, outside the region or short of
 * contribution years are refused with the reason; so are those the village publicity holds back (on a list
 * still posted on `today`, China date, default today; an objection not decided or upheld; never published
 * where the county's dated parameter publicityBeforeAward requires it); the others are awarded.
 */
export async function awardPensions(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: PensionScope,
  input: { month: string; residentIds?: readonly number[] | undefined; today?: string | undefined },
  lang: Language = 'zh-CN',
  options: { audit?: 'each' | 'batch' | 'none' } = {},
): Promise<AwardOutcome> {
  const audit = options.audit ?? 'each';
  const auditEach = audit === 'each';
  assertMonth(input.month);
  return db.transaction().execute(async (tx) => {
    const found = await candidates(tx, scope, { month: input.month, ...(input.residentIds ? { residentIds: input.residentIds } : {}) }, true);
    const refused: AwardOutcome['refused'] = [];
    const refuse = (residentId: number, name: string, code: ErrorCode, params: Record<string, unknown>) =>
      refused.push({ residentId, name, code, message: errorMessage(code, lang, { name, ...params }) });
    if (input.residentIds) {
      const seen = new Set(found.map((c) => c.residentId));
      const missing = [...new Set(input.residentIds)].filter((id) => !seen.has(id));
      if (missing.length > 0) {
        const names = new Map(
          (
            await tx
              .selectFrom('resident as r')
              .leftJoin('pension as p', (j) => j.onRef('p.county_code', '=', 'r.county_code').onRef('p.resident_id', '=', 'r.id'))
              .select(['r.id', 'r.name', 'r.village_code', 'p.id as pension_id', 'p.start_month'])
              .where('r.county_code', '=', scope.countyCode)
              .where('r.id', 'in', missing)
              .execute()
          ).map((r) => [r.id, r]),
        );
        for (const id of missing) {
          const r = names.get(id);
          if (!r || !r.village_code.startsWith(scope.scopePrefix)) refuse(id, String(id), 'PENSION_NOT_DUE', { month: input.month });
          else if (r.pension_id !== null) refuse(id, r.name, 'PENSION_ALREADY_AWARDED', { id: r.pension_id, startMonth: r.start_month });
          else refuse(id, r.name, 'PENSION_NOT_DUE', { month: input.month });
        }
      }
    }
    const rows = [];
    const citations = new CitationStore();
    const today = input.today ?? chinaToday();
    const publicityRequired = parameterAsOf(scope.parameters, 'publicityBeforeAward', today).value;
    const states = await awardPublicityStates(tx, scope.countyCode, found.map((c) => c.residentId), today);
    for (const c of found) {
      const { row, award, explanation } = assess(scope, c, input.month, false);
      if (row.backPayRequired > 0) {
        refuse(c.residentId, c.name, 'PENSION_BACKPAY_REQUIRED', { years: row.backPayRequired, credited: row.contributionYears });
        continue;
      }
      if (!row.eligible) {
        refuse(c.residentId, c.name, 'PENSION_NOT_DUE', { month: input.month });
        continue;
      }
      const hold = awardHold(states.get(c.residentId), publicityRequired);
      if (hold) {
        refuse(c.residentId, c.name, hold.code, hold.params);
        continue;
      }
      rows.push({
        county_code: scope.countyCode,
        resident_id: c.residentId,
        village_code: c.villageCode,
        pension_age_date: award.pensionAgeDate,
        start_month: award.startMonth,
        category: row.category,
        contribution_years: c.contributionYears,
        central_basic: award.centralBasicPension,
        local_top_up: award.localBasicPensionTopUp,
        long_contribution_extra: award.longContributionExtra,
        basic_pension: award.basicPension,
        account_balance: award.accountBalance,
        account_pension: award.accountPension,
        monthly_pension: award.monthlyPension,
        balances: JSON.stringify(Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, c.balances[s] ?? 0]))),
        account_pension_by_source: JSON.stringify(award.accountPensionBySource),
        explanation: citations.compact(explanation),
        awarded_by: actor.userId,
      });
    }
    await citations.save(tx);
    const pensionIds: number[] = [];
    let monthlyTotal = 0;
    const names = new Map(found.map((c) => [c.residentId, c.name]));
    for (let i = 0; i < rows.length; i += AWARD_CHUNK) {
      const chunk = rows.slice(i, i + AWARD_CHUNK);
      const inserted = await tx.insertInto('pension').values(chunk).returning(['id', 'resident_id', 'village_code', 'start_month', 'monthly_pension']).execute();
      for (const p of inserted) {
        pensionIds.push(p.id);
        monthlyTotal += p.monthly_pension;
      }
      // 待遇核定 archive records of the chunk, one statement, before its audit rows (lock order: archive counter,
      // then the audit chain).
      await fileArchives(
        tx, scope.countyCode, actor.userId,
        inserted.map((p) => ({
          kind: 'award', sourceKind: 'pension', sourceId: p.id, residentId: p.resident_id, name: names.get(p.resident_id) ?? null, regionCode: p.village_code,
          note: `（${p.start_month} 起）`, detail: { startMonth: p.start_month, monthlyPension: p.monthly_pension }, filedOn: today,
        })),
      );
      await tx
        .updateTable('enrolment')
        .set({ payment_status: 'ended', updated_at: new Date() })
        .where('county_code', '=', scope.countyCode)
        .where(sql<boolean>`resident_id = any(${chunk.map((r) => r.resident_id)}::int8[])`)
        .execute();
      for (const p of auditEach ? inserted : []) {
        await appendAudit(tx, actor, {
          action: 'pension.award',
          entity: 'pension',
          entityId: String(p.id),
          regionCode: p.village_code,
          after: { residentId: p.resident_id, startMonth: p.start_month, monthlyPension: p.monthly_pension },
        });
      }
    }
    if (audit === 'batch' && pensionIds.length > 0) {
      await appendAudit(tx, actor, { action: 'pension.award_batch', entity: 'pension', entityId: input.month, regionCode: scope.scopePrefix.padEnd(12, '0'), after: { month: input.month, awarded: pensionIds.length, monthlyTotal } });
    }
    return { awarded: pensionIds.length, monthlyTotal, pensionIds, refused };
  });
}

function pensionQuery(db: Kysely<DB>, countyCode: string) {
  return db
    .selectFrom('pension as p')
    .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'p.county_code').onRef('r.id', '=', 'p.resident_id'))
    .innerJoin('region as v', 'v.code', 'p.village_code')
    .leftJoin('staff_user as u', 'u.id', 'p.awarded_by')
    .where('p.county_code', '=', countyCode);
}

const COLUMNS = [
  'p.id',
  'p.resident_id',
  'r.name',
  'r.id_number',
  'r.sex',
  'r.birth_date',
  'p.village_code',
  'v.name as village_name',
  'p.status',
  'p.start_month',
  'p.contribution_years',
  'p.central_basic',
  'p.local_top_up',
  'p.long_contribution_extra',
  'p.basic_pension',
  'p.account_balance',
  'p.account_pension',
  'p.monthly_pension',
  'u.display_name as awarded_name',
  'p.awarded_at',
  'p.last_certified_on',
  'p.suspended_from',
  'p.suspension_reason',
] as const;

type Row = {
  id: number;
  resident_id: number;
  name: string;
  id_number: string;
  sex: string;
  birth_date: string;
  village_code: string;
  village_name: string;
  status: PensionStatus;
  start_month: string;
  contribution_years: number;
  central_basic: number;
  local_top_up: number;
  long_contribution_extra: number;
  basic_pension: number;
  account_balance: number;
  account_pension: number;
  monthly_pension: number;
  awarded_name: string | null;
  awarded_at: Date;
  last_certified_on: string;
  suspended_from: string | null;
  suspension_reason: 'certification' | 'imprisonment' | null;
};

function record(r: Row, now: CurrentRates): PensionRecord {
  return {
    id: r.id,
    residentId: r.resident_id,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    sex: r.sex as 'M' | 'F',
    birthDate: r.birth_date,
    villageCode: r.village_code,
    villageName: r.village_name,
    status: r.status,
    startMonth: r.start_month,
    contributionYears: r.contribution_years,
    centralBasicPension: r.central_basic,
    localBasicPensionTopUp: r.local_top_up,
    longContributionExtra: r.long_contribution_extra,
    basicPension: r.basic_pension,
    accountBalance: r.account_balance,
    accountPension: r.account_pension,
    monthlyPension: r.monthly_pension,
    awardedBy: r.awarded_name,
    awardedAt: new Date(r.awarded_at).toISOString(),
    currentMonthlyPension: now.monthlyPension(r.contribution_years, r.account_pension),
    lastCertifiedOn: r.last_certified_on,
    suspendedFrom: r.suspended_from,
    suspensionReason: r.suspension_reason,
  };
}

/**
 * What a pension pays in a month now: the basic pension in force that month (the central floor and local
 * parts rise over the years; the award keeps the amounts of its start month) plus the account pension.
 */
export class CurrentRates {
  private readonly basic = new Map<number, Fen>();
  constructor(
    readonly parameters: ParameterSet,
    readonly month: string,
  ) {}
  basicPension(contributionYears: number): Fen {
    let b = this.basic.get(contributionYears);
    if (b === undefined) {
      b = payPension({ months: [this.month], contributionYears, accountPension: 0, balances: {} }, this.parameters).basicPension;
      this.basic.set(contributionYears, b);
    }
    return b;
  }
  monthlyPension(contributionYears: number, accountPension: Fen): Fen {
    return this.basicPension(contributionYears) + accountPension;
  }
  /** The monthly total of pensions grouped by contribution years: Σ count × basic pension + Σ account pensions. */
  totalOf(groups: readonly { contribution_years: number; n: number | string; account: number | string }[]): Fen {
    return groups.reduce((sum, g) => sum + this.basicPension(g.contribution_years) * Number(g.n) + Number(g.account), 0);
  }
}

export interface PensionFilter {
  readonly countyCode: string;
  readonly scopePrefix: string;
  readonly status?: PensionStatus | undefined;
  readonly q?: string | undefined;
  readonly startMonth?: string | undefined;
}

function filtered(db: Kysely<DB>, f: PensionFilter) {
  let q = pensionQuery(db, f.countyCode).where('p.village_code', 'like', `${f.scopePrefix}%`);
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.startMonth) q = q.where('p.start_month', '=', f.startMonth);
  const text = f.q?.trim();
  if (text) q = q.where(personSearch('r.id_number', 'r.name', text));
  return q;
}

async function activeTotal(base: ReturnType<typeof filtered>, now: CurrentRates): Promise<Fen> {
  const groups = await base
    .where('p.status', '=', 'active')
    .select(['p.contribution_years', sql<number>`count(*)::int`.as('n'), sql<number>`coalesce(sum(p.account_pension), 0)::int8`.as('account')])
    .groupBy('p.contribution_years')
    .execute();
  return now.totalOf(groups);
}

/** The roll of pensioners (领取人员名册) with the count and the monthly total (at this month's rates) of the active ones. */
export async function listPensions(db: Kysely<DB>, f: PensionFilter & { page: number; pageSize: number }, now: CurrentRates): Promise<{ items: PensionRecord[]; total: number; summary: { count: number; monthlyTotal: Fen } }> {
  const base = filtered(db, f);
  const [rows, sums, monthlyTotal] = await Promise.all([
    base.select([...COLUMNS]).orderBy('p.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    base.select([(eb) => eb.fn.countAll<number>().as('all'), sql<number>`count(*) filter (where p.status = 'active')`.as('count')]).executeTakeFirstOrThrow(),
    activeTotal(base, now),
  ]);
  return { items: rows.map((r) => record(r as Row, now)), total: Number(sums.all), summary: { count: Number(sums.count), monthlyTotal } };
}

export async function exportPensions(db: Kysely<DB>, f: PensionFilter, now: CurrentRates, limit = 500_000): Promise<PensionRecord[]> {
  return (await filtered(db, f).select([...COLUMNS]).orderBy('p.village_code').orderBy('p.id').limit(limit).execute()).map((r) => record(r as Row, now));
}

export async function getPension(db: Kysely<DB>, scope: { countyCode: string; scopePrefix: string }, id: number, now: CurrentRates): Promise<PensionDetail> {
  const r = await pensionQuery(db, scope.countyCode)
    .select([...COLUMNS, 'p.pension_age_date', 'p.category', 'p.balances', 'p.account_pension_by_source', 'p.explanation'])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!r || !r.village_code.startsWith(scope.scopePrefix)) throw new AppError('PENSION_NOT_FOUND', 404, { params: { id } });
  const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    ...record(r as Row, now),
    pensionAgeDate: r.pension_age_date,
    category: r.category,
    balancesAtAward: json<SourceAmounts>(r.balances),
    accountPensionBySource: json<SourceAmounts>(r.account_pension_by_source),
    explanation: await loadExplanation(db, r.explanation, now.parameters),
  };
}

/** The pension of a resident, for the resident record. */
export async function pensionOf(db: Kysely<DB>, countyCode: string, residentId: number, now: CurrentRates): Promise<{ id: number; status: PensionStatus; startMonth: string; monthlyPension: Fen } | null> {
  const p = await db
    .selectFrom('pension')
    .select(['id', 'status', 'start_month', 'contribution_years', 'account_pension'])
    .where('county_code', '=', countyCode)
    .where('resident_id', '=', residentId)
    .executeTakeFirst();
  return p ? { id: p.id, status: p.status, startMonth: p.start_month, monthlyPension: now.monthlyPension(p.contribution_years, p.account_pension) } : null;
}

/** The month after `today`'s: the default month of the due list. */
export function nextMonthOf(today: string): string {
  return addMonths(today.slice(0, 7), 1);
}

export interface PensionCounts {
  /** Pensions being paid. */
  readonly recipients: number;
  readonly suspended: number;
  /** Monthly total of the pensions being paid, at this month's rates. */
  readonly monthlyTotal: Fen;
  /** Enrolled (not terminated) people at or over the pension age: the base of the take-up rate. */
  readonly enrolledAtPensionAge: number;
  /** Active pensions whose certification is past due. */
  readonly certificationOverdue: number;
  readonly latestPayroll: { month: string; status: string } | null;
}

/** The pension side of the dashboard (DOMAIN.md §9: benefit take-up rate = recipients ÷ enrolled at the pension age). */
export async function pensionCounts(db: Kysely<DB>, countyCode: string, scopePrefix: string, today: string, parameters: ParameterSet): Promise<PensionCounts> {
  const age = parameterAsOf(parameters, 'pensionAge', today).value;
  const period = parameterAsOf(parameters, 'certificationPeriodMonths', today).value;
  const like = `${scopePrefix}%`;
  const [p, e, payroll] = await Promise.all([
    db
      .selectFrom('pension')
      .select([
        sql<number>`count(*) filter (where status = 'active')::int`.as('recipients'),
        sql<number>`count(*) filter (where status = 'suspended')::int`.as('suspended'),
        sql<number>`count(*) filter (where status = 'active' and (last_certified_on + make_interval(months => ${period}))::date < ${today}::date)::int`.as('overdue'),
      ])
      .where('county_code', '=', countyCode)
      .where('village_code', 'like', like)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('enrolment as e')
      .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'e.county_code').onRef('r.id', '=', 'e.resident_id'))
      .select(sql<number>`count(*)::int`.as('n'))
      .where('e.county_code', '=', countyCode)
      .where('e.village_code', 'like', like)
      .where('e.status', '<>', 'terminated')
      .where('r.birth_date', '<=', sql<string>`(${today}::date - make_interval(years => ${age}))::date`)
      .executeTakeFirstOrThrow(),
    db.selectFrom('payroll').select(['month', 'status']).where('county_code', '=', countyCode).orderBy('month', 'desc').executeTakeFirst(),
  ]);
  const now = new CurrentRates(parameters, today.slice(0, 7));
  const groups = await db
    .selectFrom('pension')
    .select(['contribution_years', sql<number>`count(*)::int`.as('n'), sql<number>`coalesce(sum(account_pension), 0)::int8`.as('account')])
    .where('county_code', '=', countyCode)
    .where('village_code', 'like', like)
    .where('status', '=', 'active')
    .groupBy('contribution_years')
    .execute();
  return {
    recipients: Number(p.recipients),
    suspended: Number(p.suspended),
    monthlyTotal: now.totalOf(groups),
    enrolledAtPensionAge: Number(e.n),
    certificationOverdue: Number(p.overdue),
    latestPayroll: payroll ? { month: payroll.month, status: payroll.status } : null,
  };
}
