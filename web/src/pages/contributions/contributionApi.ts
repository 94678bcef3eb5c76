// Client for collecting contributions (/api/contributions/*). Amounts are integer fen, except what the
// user types (tier, subsidies), which goes to the server as yuan text and is parsed there exactly.
import { request, type Page, type PersonRow } from '../../api';
import { calcApi, tiersOf, type CalcResult } from '../calculator/calcApi';

export const CHANNELS = ['cash', 'bank', 'counter'] as const;
export type Channel = (typeof CHANNELS)[number];
export type ContributionKind = 'yearly' | 'backPay';
export type ContributionStatus = 'posted' | 'reversed';

/** One person of the collection plan (征缴计划): enrolled and paying in the region, paid or not. */
export interface PlanRow {
  residentId: number;
  name: string;
  idNumberMasked: string;
  birthDate: string;
  villageCode: string;
  villageName: string;
  householdNo: string;
  identity: string;
  /** The posted payment of the year, or null when unpaid. */
  contributionId: number | null;
  tier: number | null;
  totalCredited: number | null;
  paidOn: string | null;
}

export interface PlanSummary {
  people: number;
  paid: number;
  /** fen */
  collected: number;
}

export type PlanPage = Page<PlanRow> & { summary?: PlanSummary };

export interface PlanQuery {
  year: number;
  regionCode?: string;
  paid?: 'yes' | 'no';
  q?: string;
  page: number;
  pageSize: number;
}

export interface Contribution extends PersonRow {
  id: number;
  year: number;
  kind: ContributionKind;
  tier: number;
  identity: string;
  individual: number;
  hardshipPayment: number;
  governmentSubsidy: number;
  collectiveSubsidy: number;
  sponsorship: number;
  totalCredited: number;
  paidOn: string;
  channel: Channel;
  receiptNo: string | null;
  status: ContributionStatus;
  reversalReason: string | null;
  recordedBy: string | null;
}

/** The sources a payment is split into, in the order they are shown. */
export const SPLIT_FIELDS = ['individual', 'hardshipPayment', 'governmentSubsidy', 'collectiveSubsidy', 'sponsorship'] as const;
export type SplitField = (typeof SPLIT_FIELDS)[number];

export type LedgerTotals = { count: number; totalCredited: number } & Record<SplitField, number>;
export type LedgerPage = Page<Contribution> & { totals?: LedgerTotals };

export interface LedgerFilters {
  year?: number;
  regionCode?: string;
  status?: ContributionStatus;
  q?: string;
}

export interface ContributionInput {
  residentId: number;
  year?: number;
  kind?: ContributionKind;
  /** yuan as text, e.g. "500.00" */
  tier: string;
  paidOn?: string;
  channel: Channel;
  receiptNo?: string;
  bankReference?: string;
  collectiveSubsidy?: string;
  sponsorship?: string;
}

/** Query string of the ledger filters, for the Excel export link. */
export function ledgerExportHref(f: LedgerFilters): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/api/contributions/export.xlsx${qs ? `?${qs}` : ''}`;
}

export const contributionApi = {
  plan: (q: PlanQuery) => request<PlanPage>('GET', '/api/contributions/plan', undefined, q),
  ledger: (q: LedgerFilters & { page: number; pageSize: number }) => request<LedgerPage>('GET', '/api/contributions', undefined, q),
  record: (input: ContributionInput) => request<{ contribution: Contribution; explanation: unknown[] }>('POST', '/api/contributions', input),
  reverse: (id: number, reason: string) => request<Contribution>('POST', `/api/contributions/${id}/reverse`, { reason }),
  /** The split of a payment before it is recorded (the public calculator's engine). */
  preview: (body: { scope: string; year: number; paidOn: string; tier: string; identity: string; kind: ContributionKind; collectiveSubsidy?: string; sponsorship?: string }) =>
    calcApi.run('contribution', body) as Promise<CalcResult>,
};

// The parameter scope of the user's county when it has its own file, else the national defaults; asked once.
let scopes: Promise<string[]> | null = null;
export async function parameterScopeFor(regionCode: string | undefined): Promise<string> {
  if (!scopes) {
    scopes = calcApi.scopes().then((r) => r.items.map((s) => s.code));
    scopes.catch(() => {
      scopes = null;
    });
  }
  const county = regionCode?.slice(0, 6);
  const list = await scopes.catch(() => [] as string[]);
  return county && list.includes(county) ? county : 'CN';
}

/** The tiers (yuan text, "500.00") a resident can choose on a date in a scope. */
export async function tiersOn(scope: string, date: string): Promise<string[]> {
  const r = await calcApi.parameters(scope, date);
  const found = r.items.find((p) => p.name === 'contributionTiers');
  return found ? tiersOf(found) : [];
}
