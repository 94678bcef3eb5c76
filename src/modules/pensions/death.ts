/**
 * Death of an enrolled person (死亡终止结算), DOMAIN.md §5, in one transaction: the enrolment ends; a pension
 * stops from the month after death; the account pension drawn for months after death goes back into the
 * account (split by source in the proportions of the award, as it was drawn); the policy engine's
 * settleDeath then gives what was overpaid, the inheritable part (the whole balance from 2014-02-21; before,
 * all but the government subsidy) and what returns to the pool, and ledger entries bring the account to
 * zero. The overpayment is first set off against what the heirs receive (inheritable balance and funeral
 * grant); any rest stays open until the county records it recovered.
 */
import { fileArchives } from '../archives/service.js';
import { sql, type Kysely } from 'kysely';
import { countInWindows, type VillageWindow } from '../../db/windows.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import {
  ACCOUNT_SOURCES,
  allocateLargestRemainder,
  basicPensionFunding,
  formatYuan,
  addMonths,
  isIsoDate,
  monthRange,
  parseYuan,
  payPension,
  settleDeath,
  yearMonthOf,
  type AccountSource,
  type Explanation,
  type Fen,
  type ParameterSet,
  type SourceAmounts,
} from '../../rules/index.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { maskIdNumber } from '../registry/service.js';
import { reverseContributionsPaidAfter } from '../contributions/service.js';
import { postRecovery, postSettlement, postSettlementRelease, type SettlementPosting, type StoredLine } from '../ledger/service.js';
import { linesPaidAfter, lockPaidThrough, setPaidThrough, withdrawUnsentLines, type OverpaidLine } from './payment-lines.js';
import { personSearch } from '../../db/search.js';

export interface DeathScope {
  readonly countyCode: string;
  readonly scopePrefix: string;
  readonly parameters: ParameterSet;
}

export interface DeathSettlementRecord {
  readonly id: number;
  readonly residentId: number;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly pensionId: number | null;
  readonly deathDate: string;
  readonly lastPayableMonth: string;
  readonly overpaidMonths: number;
  readonly basicToRecover: Fen;
  readonly accountToRecover: Fen;
  readonly amountToRecover: Fen;
  readonly balance: Fen;
  readonly inheritable: Fen;
  readonly returnedToPool: Fen;
  readonly funeralGrant: Fen;
  /** Recovered so far (the set-off against the heirs' amount included). */
  readonly recovered: Fen;
  readonly outstanding: Fen;
  /** Months up to the death no payment covered, and what they pay, to the heirs. */
  readonly arrearsMonths: number;
  readonly arrearsToHeirs: Fen;
  /** What the heirs receive: inheritable balance + funeral grant + unpaid months up to the death − the overpayment set off. */
  readonly payableToHeirs: Fen;
  readonly recoveryStatus: 'none' | 'open' | 'recovered';
  readonly settledBy: string | null;
  readonly settledAt: string;
}

export interface DeathSettlementDetail extends DeathSettlementRecord {
  readonly inheritableBySource: SourceAmounts;
  readonly returnedBySource: SourceAmounts;
  readonly explanation: Explanation;
}

/**
 * Registers a death and settles it (see the file's comment), in its own transaction; returns the settlement.
 * Errors: ENROL_TERMINATION_DATE (400), ENROLMENT_NOT_FOUND (404), ENROLMENT_TERMINATED (409).
 */
export async function registerDeath(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: DeathScope,
  residentId: number,
  input: { deathDate: string; note?: string | undefined },
  today: string,
): Promise<DeathSettlementDetail> {
  const id = await db.transaction().execute((tx) => registerDeathIn(tx, actor, scope, residentId, input, today));
  return getDeathSettlement(db, { countyCode: scope.countyCode, scopePrefix: scope.countyCode }, id);
}

/**
 * registerDeath in the caller's transaction (a cross-check hit resolved by it closes in the same one); returns
 * the settlement id. Same errors.
 */
export async function registerDeathIn(
  tx: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: DeathScope,
  residentId: number,
  input: { deathDate: string; note?: string | undefined },
  today: string,
): Promise<number> {
  const { deathDate } = input;
  if (!isIsoDate(deathDate) || deathDate > today) throw new AppError('ENROL_TERMINATION_DATE', 400, { field: 'on', params: { value: deathDate } });
  const person = await tx
    .selectFrom('enrolment as e')
    .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'e.county_code').onRef('r.id', '=', 'e.resident_id'))
    .select(['e.status', 'e.payment_status', 'e.village_code', 'e.terminated_on', 'r.birth_date', 'r.name'])
    .where('e.county_code', '=', scope.countyCode)
    .where('e.resident_id', '=', residentId)
    .forUpdate('e')
    .executeTakeFirst();
  if (!person || !person.village_code.startsWith(scope.scopePrefix)) throw new AppError('ENROLMENT_NOT_FOUND', 404, { params: { id: residentId } });
  if (person.status === 'terminated') throw new AppError('ENROLMENT_TERMINATED', 409, { params: { on: person.terminated_on ?? '' } });
  if (deathDate < person.birth_date) throw new AppError('ENROL_TERMINATION_DATE', 400, { field: 'on', params: { value: deathDate } });
  const note = input.note?.trim() || null;
  await tx
    .updateTable('enrolment')
    .set({ status: 'terminated', payment_status: 'ended', terminated_on: deathDate, termination_reason: 'death', termination_note: note, updated_at: new Date() })
    .where('county_code', '=', scope.countyCode)
    .where('resident_id', '=', residentId)
    .execute();

  const pension = await tx
    .selectFrom('pension')
    .select(['id', 'status', 'start_month', 'basic_pension', 'account_pension', 'contribution_years', 'account_pension_by_source'])
    .where('county_code', '=', scope.countyCode)
    .where('resident_id', '=', residentId)
    .forUpdate()
    .executeTakeFirst();
  const deathMonth = yearMonthOf(deathDate);
  const accountBack: Partial<Record<AccountSource, Fen>> = {};
  let overpaid: OverpaidLine[] = [];
  if (pension) {
    // Lines the bank does not have yet are withdrawn (their account debits reversed); failed ones are not paid again.
    await withdrawUnsentLines(tx, scope.countyCode, pension.id, addMonths(deathMonth, 1), `死亡（${deathDate}），停发`, today);
    // What the bank paid (or has) for months after death is recovered at the amounts paid.
    overpaid = await linesPaidAfter(tx, scope.countyCode, pension, deathMonth, scope.parameters);
    // The account pension drawn for those months goes back into the account, by source as drawn (the heirs owe it back).
    const back = overpaid.reduce((sum, l) => sum + l.fromAccount, 0);
    if (back > 0) {
      const weights = typeof pension.account_pension_by_source === 'string' ? JSON.parse(pension.account_pension_by_source) : pension.account_pension_by_source;
      const split = allocateLargestRemainder(back, ACCOUNT_SOURCES.map((s) => [s, BigInt((weights as Record<string, number>)[s] ?? 0)] as const));
      for (const s of ACCOUNT_SOURCES) if (split[s] > 0) accountBack[s] = split[s];
    }
    await tx
      .updateTable('pension')
      .set({ status: 'stopped', stop_reason: 'death', stopped_on: deathDate, suspended_from: null, suspension_reason: null })
      .where('county_code', '=', scope.countyCode)
      .where('id', '=', pension.id)
      .execute();
  }
  // Premiums paid after the death are reversed: the individual part goes back to the heirs, subsidies to the fund.
  const refundedPremiums = (await reverseContributionsPaidAfter(tx, actor, scope.parameters, scope.countyCode, residentId, deathDate, `死亡（${deathDate}）后缴费，退还`, today)).individual;
  const entries = await tx.selectFrom('account_balance').select(['source', 'balance']).where('county_code', '=', scope.countyCode).where('resident_id', '=', residentId).execute();
  const balances = Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, accountBack[s] ?? 0])) as Record<AccountSource, Fen>;
  for (const e of entries) balances[e.source as AccountSource] += e.balance;
  for (const s of ACCOUNT_SOURCES) balances[s] = Math.max(0, balances[s]);
  // Months up to the death that no payment covers (an active pension whose unsent arrears were withdrawn) are
  // due: paid to the heirs with the settlement, each at its own month's rates, the account pension drawn now.
  let arrears: { months: string[]; amount: Fen } = { months: [], amount: 0 };
  let arrearsPosting: SettlementPosting['arrears'];
  if (pension && pension.status === 'active' && pension.start_month <= deathMonth) {
    // Locked by withdrawUnsentLines above; read after the withdrawal moved it back.
    const paidThrough = await lockPaidThrough(tx, scope.countyCode, pension.id);
    const first = paidThrough === null || paidThrough < pension.start_month ? pension.start_month : addMonths(paidThrough, 1);
    if (first <= deathMonth) {
      const months = monthRange(first, deathMonth);
      const pay = payPension({ months, contributionYears: pension.contribution_years, accountPension: pension.account_pension, balances }, scope.parameters);
      arrearsPosting = {
        basicPension: pay.basicPension,
        fromAccount: pay.fromAccount,
        fromPool: pay.fromPool,
        fromSources: pay.fromSources,
        funding: basicPensionFunding(pay.months, pension.contribution_years, person.village_code, scope.parameters),
      };
      for (const s of ACCOUNT_SOURCES) balances[s] = pay.balancesAfter[s];
      await setPaidThrough(tx, scope.countyCode, pension.id, deathMonth);
      arrears = { months, amount: pay.total };
    }
  }
  const settlement = settleDeath(
    {
      deathDate,
      paymentsAfterDeath: overpaid.map((l) => ({ months: l.months, basicPension: l.basic, accountPension: l.account })),
      refundedPremiums,
      arrears,
      balances,
    },
    scope.parameters,
  );
  const setOff = Math.min(settlement.amountToRecover, settlement.inheritable + settlement.funeralGrant + arrears.amount);
  const row = await tx
    .insertInto('death_settlement')
    .values({
      county_code: scope.countyCode,
      resident_id: residentId,
      village_code: person.village_code,
      pension_id: pension?.id ?? null,
      death_date: deathDate,
      last_payable_month: settlement.lastPayableMonth,
      overpaid_months: settlement.overpaidMonths.length,
      basic_to_recover: settlement.basicPensionToRecover,
      account_to_recover: settlement.accountPensionToRecover,
      amount_to_recover: settlement.amountToRecover,
      balance: settlement.balance,
      inheritable: settlement.inheritable,
      returned_to_pool: settlement.returnedToPool,
      funeral_grant: settlement.funeralGrant,
      inheritable_by_source: JSON.stringify(settlement.inheritableBySource),
      returned_by_source: JSON.stringify(settlement.returnedBySource),
      explanation: JSON.stringify(settlement.explanation),
      refunded_premiums: refundedPremiums,
      arrears_months: arrears.months.length,
      arrears_to_heirs: arrears.amount,
      overpaid_lines: JSON.stringify(overpaid),
      recovered: setOff,
      recovery_status: settlement.amountToRecover === 0 ? 'none' : setOff === settlement.amountToRecover ? 'recovered' : 'open',
      settled_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await postSettlement(tx, scope.countyCode, {
    settlementId: row.id,
    residentId,
    kind: 'death',
    postedOn: today,
    recordedBy: actor.userId,
    accountBack,
    arrears: arrearsPosting,
    paidOutBySource: settlement.inheritableBySource,
    returnedBySource: settlement.returnedBySource,
    funeralGrant: settlement.funeralGrant,
    toRecover: settlement.amountToRecover,
    setOff,
  });
  await fileArchives(tx, scope.countyCode, actor.userId, [
    { kind: 'death', sourceKind: 'death_settlement', sourceId: row.id, residentId, name: person.name, regionCode: person.village_code, note: `（${deathDate} 死亡）`, detail: { deathDate }, filedOn: today },
  ]);
  await appendAudit(tx, actor, {
    action: 'death.settle',
    entity: 'death_settlement',
    entityId: String(row.id),
    regionCode: person.village_code,
    before: { status: person.status, pensionId: pension?.id ?? null },
    after: { residentId, deathDate, amountToRecover: settlement.amountToRecover, inheritable: settlement.inheritable, returnedToPool: settlement.returnedToPool, setOff, note },
  });
  return row.id;
}

function query(db: Kysely<DB>, countyCode: string) {
  return db
    .selectFrom('death_settlement as d')
    .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'd.county_code').onRef('r.id', '=', 'd.resident_id'))
    .innerJoin('region as v', 'v.code', 'd.village_code')
    .leftJoin('staff_user as u', 'u.id', 'd.settled_by')
    .where('d.county_code', '=', countyCode);
}

const COLUMNS = [
  'd.id',
  'd.resident_id',
  'r.name',
  'r.id_number',
  'd.village_code',
  'v.name as village_name',
  'd.pension_id',
  'd.death_date',
  'd.last_payable_month',
  'd.overpaid_months',
  'd.basic_to_recover',
  'd.account_to_recover',
  'd.amount_to_recover',
  'd.balance',
  'd.inheritable',
  'd.returned_to_pool',
  'd.funeral_grant',
  'd.recovered',
  'd.recovery_status',
  'd.arrears_months',
  'd.arrears_to_heirs',
  'u.display_name as settled_name',
  'd.settled_at',
] as const;

type Row = {
  id: number;
  resident_id: number;
  name: string;
  id_number: string;
  village_code: string;
  village_name: string;
  pension_id: number | null;
  death_date: string;
  last_payable_month: string;
  overpaid_months: number;
  basic_to_recover: number;
  account_to_recover: number;
  amount_to_recover: number;
  balance: number;
  inheritable: number;
  returned_to_pool: number;
  funeral_grant: number;
  recovered: number;
  recovery_status: 'none' | 'open' | 'recovered';
  arrears_months: number;
  arrears_to_heirs: number;
  settled_name: string | null;
  settled_at: Date;
};

function record(r: Row): DeathSettlementRecord {
  const setOff = Math.min(r.amount_to_recover, r.inheritable + r.funeral_grant + r.arrears_to_heirs);
  return {
    id: r.id,
    residentId: r.resident_id,
    name: r.name,
    idNumberMasked: maskIdNumber(r.id_number),
    villageCode: r.village_code,
    villageName: r.village_name,
    pensionId: r.pension_id,
    deathDate: r.death_date,
    lastPayableMonth: r.last_payable_month,
    overpaidMonths: r.overpaid_months,
    basicToRecover: r.basic_to_recover,
    accountToRecover: r.account_to_recover,
    amountToRecover: r.amount_to_recover,
    balance: r.balance,
    inheritable: r.inheritable,
    returnedToPool: r.returned_to_pool,
    funeralGrant: r.funeral_grant,
    recovered: r.recovered,
    outstanding: r.amount_to_recover - r.recovered,
    arrearsMonths: r.arrears_months,
    arrearsToHeirs: r.arrears_to_heirs,
    payableToHeirs: r.inheritable + r.funeral_grant + r.arrears_to_heirs - setOff,
    recoveryStatus: r.recovery_status,
    settledBy: r.settled_name,
    settledAt: new Date(r.settled_at).toISOString(),
  };
}

export async function getDeathSettlement(db: Kysely<DB>, scope: { countyCode: string; scopePrefix: string }, id: number): Promise<DeathSettlementDetail> {
  const r = await query(db, scope.countyCode).select([...COLUMNS, 'd.inheritable_by_source', 'd.returned_by_source', 'd.explanation']).where('d.id', '=', id).executeTakeFirst();
  if (!r || !r.village_code.startsWith(scope.scopePrefix)) throw new AppError('DEATH_NOT_FOUND', 404, { params: { id } });
  const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return { ...record(r as Row), inheritableBySource: json(r.inheritable_by_source), returnedBySource: json(r.returned_by_source), explanation: json(r.explanation) };
}

export async function deathSettlementOf(db: Kysely<DB>, countyCode: string, residentId: number): Promise<DeathSettlementRecord | null> {
  const r = await query(db, countyCode).select([...COLUMNS]).where('d.resident_id', '=', residentId).executeTakeFirst();
  return r ? record(r as Row) : null;
}

export async function listDeathSettlements(
  db: Kysely<DB>,
  f: { countyCode: string; scopePrefix: string; status?: 'none' | 'open' | 'recovered' | undefined; q?: string | undefined; page: number; pageSize: number },
): Promise<{ items: DeathSettlementRecord[]; total: number; summary: { count: number; outstanding: Fen; inheritable: Fen; returnedToPool: Fen } }> {
  let q = query(db, f.countyCode).where('d.village_code', 'like', `${f.scopePrefix}%`);
  if (f.status) q = q.where('d.recovery_status', '=', f.status);
  const text = f.q?.trim();
  if (text) q = q.where(personSearch('r.id_number', 'r.name', text));
  const [rows, sums] = await Promise.all([
    q.select([...COLUMNS]).orderBy('d.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    q
      .select([
        (eb) => eb.fn.countAll<number>().as('count'),
        sql<number>`coalesce(sum(d.amount_to_recover - d.recovered), 0)::int8`.as('outstanding'),
        sql<number>`coalesce(sum(d.inheritable), 0)::int8`.as('inheritable'),
        sql<number>`coalesce(sum(d.returned_to_pool), 0)::int8`.as('returnedToPool'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => record(r as Row)),
    total: Number(sums.count),
    summary: { count: Number(sums.count), outstanding: Number(sums.outstanding), inheritable: Number(sums.inheritable), returnedToPool: Number(sums.returnedToPool) },
  };
}

/** Records money recovered from the heirs against an open settlement. */
export async function recordRecovery(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: { countyCode: string; scopePrefix: string },
  id: number,
  input: { amount: string; receivedOn: string; receiptNo?: string | undefined },
  today: string,
): Promise<DeathSettlementDetail> {
  const amount = parseYuan(input.amount, 'amount');
  if (amount <= 0) throw new AppError('MONEY_FORMAT', 400, { field: 'amount', params: { field: 'amount', value: input.amount } });
  if (!isIsoDate(input.receivedOn) || input.receivedOn > today) throw new AppError('DEATH_RECOVERY_DATE', 400, { field: 'receivedOn', params: { value: input.receivedOn } });
  await db.transaction().execute(async (tx) => {
    const d = await tx.selectFrom('death_settlement').select(['village_code', 'amount_to_recover', 'recovered', 'recovery_status']).where('county_code', '=', scope.countyCode).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!d || !d.village_code.startsWith(scope.scopePrefix)) throw new AppError('DEATH_NOT_FOUND', 404, { params: { id } });
    const outstanding = d.amount_to_recover - d.recovered;
    if (amount > outstanding) throw new AppError('DEATH_RECOVERY_TOO_MUCH', 409, { field: 'amount', params: { outstanding: formatYuan(outstanding, 'zh-CN') } });
    const recovered = d.recovered + amount;
    await tx
      .updateTable('death_settlement')
      .set({ recovered, recovery_status: recovered === d.amount_to_recover ? 'recovered' : 'open' })
      .where('county_code', '=', scope.countyCode)
      .where('id', '=', id)
      .execute();
    await postRecovery(tx, scope.countyCode, id, input.receivedOn, amount, actor.userId, `追回待遇${input.receiptNo ? `（收据 ${input.receiptNo}）` : ''}`);
    await appendAudit(tx, actor, { action: 'death.recover', entity: 'death_settlement', entityId: String(id), regionCode: d.village_code, before: { recovered: d.recovered }, after: { recovered, amount, receivedOn: input.receivedOn, receiptNo: input.receiptNo ?? null } });
  });
  return getDeathSettlement(db, scope, id);
}

/**
 * The bank returned as failed some lines that were with it when a death (or a dual benefit) was settled:
 * they were counted as paid after the death; nothing was paid, so nothing is recovered for them. Lowers
 * each settlement's amount to recover (and the set-off against the heirs' amount with it). In the
 * caller's transaction (the bank return's).
 */
export async function releaseFailedRecoveries(tx: Kysely<DB>, countyCode: string, failedLineIds: readonly number[], postedOn: string): Promise<number> {
  if (failedLineIds.length === 0) return 0;
  const failed = new Set(failedLineIds);
  const settlements = await tx
    .selectFrom('death_settlement')
    .select(['id', 'overpaid_lines', 'basic_to_recover', 'account_to_recover', 'amount_to_recover', 'recovered', 'overpaid_months', 'inheritable', 'funeral_grant', 'refunded_premiums'])
    .where('county_code', '=', countyCode)
    .where('recovery_status', '<>', 'none')
    .where(sql<boolean>`exists (select from jsonb_array_elements(overpaid_lines) l where (l->>'paymentId')::bigint in (${sql.join([...failed])}))`)
    .forUpdate()
    .execute();
  for (const d of settlements) {
    const lines = (typeof d.overpaid_lines === 'string' ? JSON.parse(d.overpaid_lines) : d.overpaid_lines) as OverpaidLine[];
    const released = lines.filter((l) => failed.has(l.paymentId));
    const kept = lines.filter((l) => !failed.has(l.paymentId));
    const basic = d.basic_to_recover - released.reduce((s, l) => s + l.basic, 0);
    const account = d.account_to_recover - released.reduce((s, l) => s + l.account, 0);
    const amount = basic + account;
    const recovered = Math.min(d.recovered, amount);
    const cancelled: StoredLine[] =
      released.length === 0
        ? []
        : await tx
            .selectFrom('pension_payment')
            .select(['id', 'kind', 'basic_pension', 'from_account', 'from_pool', 'funded_central', 'funded_provincial', 'funded_prefecture', 'funded_county'])
            .where('county_code', '=', countyCode)
            .where('id', 'in', released.map((l) => l.paymentId))
            .execute();
    await postSettlementRelease(tx, countyCode, d.id, postedOn, cancelled, d.amount_to_recover - amount, d.recovered - recovered);
    await tx
      .updateTable('death_settlement')
      .set({
        overpaid_lines: JSON.stringify(kept),
        overpaid_months: new Set(kept.flatMap((l) => l.months)).size,
        basic_to_recover: basic,
        account_to_recover: account,
        amount_to_recover: amount,
        recovered,
        recovery_status: amount === 0 ? 'none' : recovered === amount ? 'recovered' : 'open',
      })
      .where('county_code', '=', countyCode)
      .where('id', '=', d.id)
      .execute();
  }
  return settlements.length;
}

/** 月度经办: how many deaths were reported (死亡结算 recorded) for each village within its window of recording time. */
export function deathsInWindows(db: Kysely<DB>, countyCode: string, windows: readonly VillageWindow[]): Promise<Map<string, number>> {
  return countInWindows(db, { table: 'death_settlement', at: 'settled_at', village: 'village_code', where: sql`t.county_code = ${countyCode} and t.kind = 'death'` }, windows);
}
