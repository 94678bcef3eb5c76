// Client for the fund's books (基金财务, /api/fund/*). Amounts are integer fen; months 'YYYY-MM', days 'YYYY-MM-DD'.
import { request } from '../../api';

export const GOVERNMENT_LEVELS = ['central', 'provincial', 'prefecture', 'county'] as const;
export type GovernmentLevel = (typeof GOVERNMENT_LEVELS)[number];
export const INCOME_KINDS = [
  'individual_cash',
  'individual_bank',
  'individual_counter',
  'collective_subsidy',
  'sponsorship',
  'contribution_subsidy',
  'hardship_payment',
  'basic_pension_funding',
  'fund_interest',
  'transfer_in',
  'other',
] as const;
/** Income paid by government: shown with a line per level under the kind. */
export const GOVERNMENT_KINDS: readonly string[] = ['contribution_subsidy', 'hardship_payment', 'basic_pension_funding'];
export const SPENDING_KINDS = ['basic_pension', 'account_pension', 'account_pension_pool', 'funeral_grant', 'inheritance', 'refund', 'transfer_out', 'recovery'] as const;
export const BALANCE_ACCOUNTS = ['income_bank', 'special', 'expenditure_bank', 'receivable', 'recoverable', 'payable'] as const;
export type FundAccount = (typeof BALANCE_ACCOUNTS)[number] | 'individual_accounts' | 'earmark' | 'opening' | 'income' | 'spending';
export const INTEREST_ACCOUNTS = ['special', 'income_bank', 'expenditure_bank'] as const;
/** The business a posting belongs to (its journal's kind). */
export const JOURNAL_KINDS = [
  'legacy',
  'opening',
  'contribution',
  'contribution_reversal',
  'interest',
  'payroll',
  'payroll_withdrawal',
  'bank_settlement',
  'settlement',
  'settlement_release',
  'recovery',
  'sweep',
  'allocation',
  'subsidy_receipt',
  'fund_interest',
] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];

export interface Period {
  from: string;
  to: string;
}

export interface StatementLine {
  kind: string;
  level: string;
  amount: number;
}

export interface FundStatement {
  countyCode: string;
  fromMonth: string;
  toMonth: string;
  openingBalance: number;
  openingEntered: number;
  income: StatementLine[];
  incomeTotal: number;
  spending: StatementLine[];
  spendingTotal: number;
  surplus: number;
  closingBalance: number;
  individualAccounts: number;
  pooled: number;
  accounts: { account: string; kind: string; level: string; balance: number }[];
  accountsTotal: number;
}

export interface Posting {
  journalId: number;
  postedOn: string;
  journalKind: string;
  reference: string | null;
  memo: string | null;
  recordedBy: string | null;
  account: string;
  kind: string;
  level: string;
  /** As posted: debit positive. */
  amount: number;
}

export interface PostingQuery {
  from: string;
  to: string;
  account?: FundAccount;
  kind?: string;
  level?: string;
  /** Only the postings of this business (e.g. 'sweep'). */
  journalKind?: JournalKind;
  page: number;
  pageSize: number;
}

export interface SweepStatus {
  intervalDays: number;
  zeroAtMonthEnd: boolean;
  /** The documents behind the sweep rule, in both languages. */
  source: { 'zh-CN': string; en: string };
  incomeBalance: number;
  lastSweepOn: string | null;
  nextDueOn: string | null;
  monthEndsNotZero: { month: string; balance: number }[];
}

export interface Allocation {
  month: string;
  status: string;
  amount: number;
  allocatedOn: string | null;
  allocatedAmount: number | null;
  allocatedBy: string | null;
}

export interface LevelOwed {
  level: GovernmentLevel;
  contributionSubsidy: number;
  hardshipPayment: number;
  basicPensionFunding: number;
  accrued: number;
  received: number;
  outstanding: number;
}

export interface SubsidyRequest {
  id: number;
  level: GovernmentLevel;
  periodFrom: string;
  periodTo: string;
  contributionSubsidy: number;
  hardshipPayment: number;
  basicPensionFunding: number;
  amount: number;
  outstandingBefore: number;
  createdBy: string | null;
  createdAt: string;
}

export interface OpeningInput {
  on: string;
  incomeBank: string;
  special: string;
  expenditureBank: string;
  receivable: Partial<Record<GovernmentLevel, string>>;
  declaredTotal: string;
}

type Recorded = { journalId: number; amount: number };

const q = (p: Period) => `from=${encodeURIComponent(p.from)}&to=${encodeURIComponent(p.to)}`;

export const statementXlsxHref = (p: Period) => `/api/fund/statement.xlsx?${q(p)}`;
export const statementPdfHref = (p: Period) => `/api/fund/statement.pdf?${q(p)}`;
export const requestFileHref = (id: number, ext: 'pdf' | 'xlsx') => `/api/fund/subsidy-requests/${id}.${ext}`;

export const fundApi = {
  statement: (p: Period) => request<FundStatement>('GET', '/api/fund/statement', undefined, p),
  postings: (f: PostingQuery) => request<{ items: Posting[]; total: number; amount: number }>('GET', '/api/fund/postings', undefined, f),
  sweep: () => request<SweepStatus>('GET', '/api/fund/sweep'),
  recordSweep: (body: { amount: string; on: string; note?: string }) => request<Recorded>('POST', '/api/fund/sweeps', body),
  interest: (body: { amount: string; on: string; account: (typeof INTEREST_ACCOUNTS)[number] }) => request<Recorded>('POST', '/api/fund/interest', body),
  allocations: () => request<{ items: Allocation[] }>('GET', '/api/fund/allocations'),
  /** A payroll (`month`), or other spending (`amount` in yuan with its `purpose`). */
  allocate: (body: { month: string; on: string } | { amount: string; purpose: string; on: string }) => request<Recorded>('POST', '/api/fund/allocations', body),
  subsidies: (p: Period) => request<{ from: string; to: string; levels: LevelOwed[] }>('GET', '/api/fund/subsidies', undefined, p),
  receipt: (body: { level: GovernmentLevel; amount: string; on: string; document?: string }) => request<Recorded & { outstanding: number }>('POST', '/api/fund/subsidy-receipts', body),
  requests: () => request<{ items: SubsidyRequest[] }>('GET', '/api/fund/subsidy-requests'),
  fileRequest: (body: { level: GovernmentLevel; fromMonth: string; toMonth: string }) => request<SubsidyRequest>('POST', '/api/fund/subsidy-requests', body),
  opening: (body: OpeningInput) => request<{ journalId: number; total: number }>('POST', '/api/fund/opening', body),
};

/** The earliest month any posting can have: account drill-downs run from here to show the whole balance. */
export const LEDGER_BEGINNING = '2000-01';

/**
 * Yuan as typed ("1,234.5", "１２３．４５") to fen, exactly (no floats); null when it is not an amount. The
 * server parses again and names the field when it disagrees.
 */
export function yuanToFen(text: string | undefined): number | null {
  const s = (text ?? '').normalize('NFKC').replace(/[,\s]/g, '').replace(/元$/, '');
  if (s === '') return 0;
  const m = /^(-?)(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0') || '0');
  if (!Number.isSafeInteger(fen)) return null;
  return m[1] ? -fen : fen;
}
