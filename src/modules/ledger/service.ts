/**
 * The ledger's service (issue 8): every module that moves money calls one of these functions in its own
 * transaction, and each writes one balanced journal — the person side by source and the fund side on the
 * county's accounts (DOMAIN.md §8). Amounts in fen, dates as China-time ISO days.
 *
 * Fund side, debit positive:
 * - a premium: the income account (收入户) receives what the person, the collective and sponsors paid; each
 *   level of government owes (receivable) its contribution subsidy and hardship payment; income by kind;
 * - a payroll line: spending (basic pension, account pension, account pension the pool pays once the
 *   account is used up), the pension payable until the bank pays it, and the basic pension each level of
 *   government owes (central share of the floor by region, local levels by `localFundingShares`);
 * - the bank's settlement: the payable paid from the expenditure account (支出户);
 * - a death or dual-benefit settlement: the refund or inheritance and the funeral grant paid to the person or
 *   heirs, the overpaid pension to recover (negative spending), set off against what they receive.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import {
  ACCOUNT_SOURCES,
  contributionFunding,
  GOVERNMENT_LEVELS,
  type AccountSource,
  type Fen,
  type LevelAmounts,
  type ParameterSet,
} from '../../rules/index.js';
import { postJournal, type FundPosting, type PersonPosting } from './post.js';

export type ContributionChannel = 'cash' | 'bank' | 'counter';

/** The money of one premium (缴费) as the contribution row holds it. */
export interface ContributionMoney {
  readonly id: number;
  readonly residentId: number;
  readonly year: number;
  readonly paidOn: string;
  readonly channel: ContributionChannel;
  readonly individual: Fen;
  readonly hardshipPayment: Fen;
  readonly governmentSubsidy: Fen;
  readonly collectiveSubsidy: Fen;
  readonly sponsorship: Fen;
}

const CONTRIBUTION_SOURCES = [
  ['individual', 'individual'],
  ['hardshipPayment', 'hardshipPayment'],
  ['governmentSubsidy', 'governmentSubsidy'],
  ['collectiveSubsidy', 'collectiveSubsidy'],
  ['sponsorship', 'sponsorship'],
] as const satisfies readonly (readonly [keyof ContributionMoney, AccountSource])[];

/** The fund side of a premium (sign 1) or of its reversal (sign −1). */
export function contributionFundPostings(c: ContributionMoney, params: ParameterSet, sign: 1 | -1): FundPosting[] {
  const funding = contributionFunding({ governmentSubsidy: c.governmentSubsidy, hardshipPayment: c.hardshipPayment, paidOn: c.paidOn }, params);
  const rows: FundPosting[] = [
    { account: 'income_bank', amount: sign * (c.individual + c.collectiveSubsidy + c.sponsorship) },
    { account: 'income', kind: `individual_${c.channel}`, amount: -sign * c.individual },
    { account: 'income', kind: 'collective_subsidy', amount: -sign * c.collectiveSubsidy },
    { account: 'income', kind: 'sponsorship', amount: -sign * c.sponsorship },
  ];
  for (const level of GOVERNMENT_LEVELS) {
    rows.push(
      { account: 'receivable', kind: 'contribution_subsidy', level, amount: sign * funding.contributionSubsidy[level] },
      { account: 'income', kind: 'contribution_subsidy', level, amount: -sign * funding.contributionSubsidy[level] },
      { account: 'receivable', kind: 'hardship_payment', level, amount: sign * funding.hardshipPayment[level] },
      { account: 'income', kind: 'hardship_payment', level, amount: -sign * funding.hardshipPayment[level] },
    );
  }
  return rows;
}

/** Posts a premium: the person's account credited by source, the fund's income by kind and level. */
export function postContribution(tx: Kysely<DB>, countyCode: string, params: ParameterSet, c: ContributionMoney, recordedBy: number | null): Promise<number> {
  const person: PersonPosting[] = CONTRIBUTION_SOURCES.map(([field, source]) => ({
    residentId: c.residentId,
    source,
    amount: c[field] as number,
    kind: 'contribution' as const,
    year: c.year,
    contributionId: c.id,
  }));
  return postJournal(tx, { countyCode, kind: 'contribution', postedOn: c.paidOn, reference: `contribution:${c.id}`, recordedBy }, person, contributionFundPostings(c, params, 1));
}

/**
 * Reverses a posted premium on `postedOn`: the person entries it credited are negated by source (kind
 * 'reversal'), the income and what each level owed are taken back, the income account pays the money back.
 */
export async function postContributionReversal(tx: Kysely<DB>, countyCode: string, params: ParameterSet, c: ContributionMoney, postedOn: string, recordedBy: number | null, memo: string): Promise<number> {
  const posted = await tx.selectFrom('account_entry').select(['source', 'amount']).where('county_code', '=', countyCode).where('contribution_id', '=', c.id).where('kind', '=', 'contribution').execute();
  const person: PersonPosting[] = posted.map((e) => ({ residentId: c.residentId, source: e.source as AccountSource, amount: -e.amount, kind: 'reversal', year: c.year, contributionId: c.id }));
  return postJournal(tx, { countyCode, kind: 'contribution_reversal', postedOn, reference: `contribution:${c.id}`, memo, recordedBy }, person, contributionFundPostings(c, params, -1));
}

/** Credits a year's interest to accounts by source (the fund's balance moves to the individual-account part). */
export function postInterest(tx: Kysely<DB>, countyCode: string, year: number, postedOn: string, rows: readonly { residentId: number; source: AccountSource; amount: Fen }[]): Promise<number> {
  return postJournal(
    tx,
    { countyCode, kind: 'interest', postedOn, reference: `interest:${year}` },
    rows.map((r) => ({ residentId: r.residentId, source: r.source, amount: r.amount, kind: 'interest', year })),
    [],
  );
}

/** A payroll line as the ledger posts it. */
export interface PayrollLinePosting {
  readonly paymentId: number;
  readonly residentId: number;
  readonly basicPension: Fen;
  readonly fromAccount: Fen;
  readonly fromPool: Fen;
  /** Who funds the basic pension, adding up to it. */
  readonly funding: LevelAmounts;
  /** What the line draws from the account by source (positive). */
  readonly fromSources: Partial<Record<AccountSource, Fen>>;
}

function payrollFundPostings(lines: readonly Omit<PayrollLinePosting, 'paymentId' | 'residentId' | 'fromSources'>[], sign: 1 | -1): FundPosting[] {
  const rows: FundPosting[] = [];
  for (const l of lines) {
    rows.push(
      { account: 'spending', kind: 'basic_pension', amount: sign * l.basicPension },
      { account: 'spending', kind: 'account_pension', amount: sign * l.fromAccount },
      { account: 'spending', kind: 'account_pension_pool', amount: sign * l.fromPool },
      { account: 'payable', amount: -sign * (l.basicPension + l.fromAccount + l.fromPool) },
    );
    for (const level of GOVERNMENT_LEVELS) {
      rows.push({ account: 'receivable', kind: 'basic_pension_funding', level, amount: sign * l.funding[level] }, { account: 'income', kind: 'basic_pension_funding', level, amount: -sign * l.funding[level] });
    }
  }
  return rows;
}

/** Posts a chunk of a month's payroll lines (待遇发放): spending, the payable, the account debits by source. */
export function postPayrollLines(tx: Kysely<DB>, countyCode: string, month: string, postedOn: string, lines: readonly PayrollLinePosting[]): Promise<number> {
  const person: PersonPosting[] = [];
  for (const l of lines) {
    for (const s of ACCOUNT_SOURCES) {
      const amount = l.fromSources[s] ?? 0;
      if (amount > 0) person.push({ residentId: l.residentId, source: s, amount: -amount, kind: 'pension', paymentId: l.paymentId });
    }
  }
  return postJournal(tx, { countyCode, kind: 'payroll', postedOn, reference: `payroll:${month}` }, person, payrollFundPostings(lines, 1));
}

/** A payroll line as stored (pension_payment), for withdrawals and cancellations. */
export interface StoredLine {
  readonly id: number;
  readonly kind: 'regular' | 'repay';
  readonly basic_pension: Fen;
  readonly from_account: Fen;
  readonly from_pool: Fen;
  readonly funded_central: Fen;
  readonly funded_provincial: Fen;
  readonly funded_prefecture: Fen;
  readonly funded_county: Fen;
}

function storedFunding(l: StoredLine): LevelAmounts {
  return { central: l.funded_central, provincial: l.funded_provincial, prefecture: l.funded_prefecture, county: l.funded_county };
}

/**
 * Withdraws lines (撤回): the spending of the regular ones is taken back with their payable and funding (a
 * repay line carries no spending of its own: its failed line still owes it), and what they drew from the
 * account is put back by source (`drawn`: what each line drew, positive fen).
 */
export function postLineWithdrawal(
  tx: Kysely<DB>,
  countyCode: string,
  postedOn: string,
  lines: readonly StoredLine[],
  drawn: readonly { residentId: number; paymentId: number; source: AccountSource; amount: Fen }[],
  memo: string,
): Promise<number> {
  const regular = lines.filter((l) => l.kind === 'regular').map((l) => ({ basicPension: l.basic_pension, fromAccount: l.from_account, fromPool: l.from_pool, funding: storedFunding(l) }));
  return postJournal(
    tx,
    { countyCode, kind: 'payroll_withdrawal', postedOn, reference: `payment:${lines.map((l) => l.id).join(',')}`.slice(0, 200), memo },
    drawn.map((d) => ({ residentId: d.residentId, source: d.source, amount: d.amount, kind: 'pension', paymentId: d.paymentId })),
    payrollFundPostings(regular, -1),
  );
}

/** The bank paid `paid` fen of a month's lines: the payable is paid from the expenditure account. */
export function postBankSettlement(tx: Kysely<DB>, countyCode: string, month: string, postedOn: string, paid: Fen, recordedBy: number | null): Promise<number> {
  return postJournal(
    tx,
    { countyCode, kind: 'bank_settlement', postedOn, reference: `payroll:${month}`, recordedBy, memo: `${month} 银行发放成功` },
    [],
    [
      { account: 'payable', amount: paid },
      { account: 'expenditure_bank', amount: -paid },
    ],
  );
}

/** A death (死亡) or dual-benefit (重复领取) settlement as the ledger posts it. */
export interface SettlementPosting {
  readonly settlementId: number;
  readonly residentId: number;
  readonly kind: 'death' | 'dual_benefit';
  readonly postedOn: string;
  readonly recordedBy: number;
  /** Account pension paid for months after the death put back into the account (the heirs owe it back). */
  readonly accountBack: Partial<Record<AccountSource, Fen>>;
  /** Months up to the death no payment covered, paid to the heirs now. */
  readonly arrears?: Omit<PayrollLinePosting, 'paymentId' | 'residentId'> | undefined;
  /** Paid out of the account by source: the inheritance (death) or the refund (dual benefit). */
  readonly paidOutBySource: Partial<Record<AccountSource, Fen>>;
  /** Back to the pool by source (stays in the fund). */
  readonly returnedBySource: Partial<Record<AccountSource, Fen>>;
  readonly funeralGrant: Fen;
  /** Overpaid pension to recover (basic + account). */
  readonly toRecover: Fen;
  /** Of it, set off against what is paid out now. */
  readonly setOff: Fen;
}

/** Posts a settlement: refunds, inheritance, funeral grant and arrears paid from the expenditure account, less the set-off. */
export function postSettlement(tx: Kysely<DB>, countyCode: string, s: SettlementPosting): Promise<number> {
  const person: PersonPosting[] = [];
  let paidOut = 0;
  for (const src of ACCOUNT_SOURCES) {
    const back = s.accountBack[src] ?? 0;
    if (back > 0) person.push({ residentId: s.residentId, source: src, amount: back, kind: 'pension' });
  }
  for (const src of ACCOUNT_SOURCES) {
    const drawn = s.arrears?.fromSources[src] ?? 0;
    if (drawn > 0) person.push({ residentId: s.residentId, source: src, amount: -drawn, kind: 'pension' });
  }
  for (const src of ACCOUNT_SOURCES) {
    const out = s.paidOutBySource[src] ?? 0;
    const pool = s.returnedBySource[src] ?? 0;
    if (out > 0) person.push({ residentId: s.residentId, source: src, amount: -out, kind: s.kind === 'death' ? 'inheritance' : 'refund' });
    if (pool > 0) person.push({ residentId: s.residentId, source: src, amount: -pool, kind: 'pool' });
    paidOut += out;
  }
  const fund: FundPosting[] = [
    { account: 'spending', kind: s.kind === 'death' ? 'inheritance' : 'refund', amount: paidOut },
    { account: 'spending', kind: 'funeral_grant', amount: s.funeralGrant },
    { account: 'recoverable', amount: s.toRecover - s.setOff },
    { account: 'spending', kind: 'recovery', amount: -s.toRecover },
  ];
  let arrears = 0;
  if (s.arrears) {
    arrears = s.arrears.basicPension + s.arrears.fromAccount + s.arrears.fromPool;
    // The arrears go through the payable like a payroll line and are paid at once.
    fund.push(...payrollFundPostings([s.arrears], 1), { account: 'payable', amount: arrears });
  }
  fund.push({ account: 'expenditure_bank', amount: -(paidOut + s.funeralGrant + arrears - s.setOff) });
  return postJournal(
    tx,
    { countyCode, kind: 'settlement', postedOn: s.postedOn, reference: `settlement:${s.settlementId}`, recordedBy: s.recordedBy, memo: s.kind === 'death' ? '死亡待遇结算' : '重复领取结算' },
    person,
    fund,
  );
}

/**
 * Lines counted as overpaid in a settlement failed at the bank (nothing was paid): their spending, payable
 * and funding are cancelled, the recovery is lowered by `releasedRecovery`, and what had been set off beyond
 * the new amount (`setOffReduction`) is paid to the heirs.
 */
export function postSettlementRelease(tx: Kysely<DB>, countyCode: string, settlementId: number, postedOn: string, cancelled: readonly StoredLine[], releasedRecovery: Fen, setOffReduction: Fen): Promise<number> {
  const regular = cancelled.filter((l) => l.kind === 'regular').map((l) => ({ basicPension: l.basic_pension, fromAccount: l.from_account, fromPool: l.from_pool, funding: storedFunding(l) }));
  return postJournal(
    tx,
    { countyCode, kind: 'settlement_release', postedOn, reference: `settlement:${settlementId}`, memo: '银行退回的发放不再追回' },
    [],
    [
      ...payrollFundPostings(regular, -1),
      { account: 'spending', kind: 'recovery', amount: releasedRecovery },
      { account: 'recoverable', amount: -(releasedRecovery - setOffReduction) },
      { account: 'expenditure_bank', amount: -setOffReduction },
    ],
  );
}

/** Money recovered from the person or heirs against a settlement arrives in the income account. */
export function postRecovery(tx: Kysely<DB>, countyCode: string, settlementId: number, postedOn: string, amount: Fen, recordedBy: number, memo: string): Promise<number> {
  return postJournal(
    tx,
    { countyCode, kind: 'recovery', postedOn, reference: `settlement:${settlementId}`, recordedBy, memo },
    [],
    [
      { account: 'income_bank', amount },
      { account: 'recoverable', amount: -amount },
    ],
  );
}
