import { fenToYuan } from '../../format';
// Client for the pension award (待遇核定, /api/pensions/*). Amounts are integer fen.
import { request, type Page, type PersonRow } from '../../api';
import type { Citation, ObligationCategory } from '../calculator/calcApi';

export type PensionStatus = 'active' | 'suspended' | 'stopped';
export const PENSION_STATUSES: readonly PensionStatus[] = ['active', 'suspended', 'stopped'];

/** One person of the list of those due for award (到龄待核定名单): enrolled, pension age reached by the month, no pension yet. */
export interface DueRow {
  residentId: number;
  name: string;
  idNumberMasked: string;
  sex: 'M' | 'F';
  birthDate: string;
  villageCode: string;
  villageName: string;
  /** The 60th birthday. */
  pensionAgeDate: string;
  /** 'YYYY-MM', the first month paid. */
  startMonth: string;
  category: ObligationCategory;
  contributionYears: number;
  accountBalance: number;
  basicPension: number;
  accountPension: number;
  monthlyPension: number;
  eligible: boolean;
  /** Years that must be back-paid before the award (0 when the obligation is met). */
  backPayRequired: number;
  /** The day every condition was met (null while one is not). */
  conditionsMetOn: string | null;
  /** Why the person is or is not eligible, in words. */
  reason: { 'zh-CN': string; en: string };
  /** 待遇领取公示: where the person stands (an award waits while posted, with an objection, or upheld). */
  publicity: { state: 'none' | 'posted' | 'ended' | 'objection' | 'upheld'; publicityId: number | null; postedFrom: string | null; postedTo: string | null };
}

export interface DueSummary {
  people: number;
  eligible: number;
  /** fen */
  monthlyTotal: number;
}

export type DuePage = Page<DueRow> & { summary?: DueSummary };

export interface DueFilters {
  /** 'YYYY-MM': pension starting in or before this month. */
  month: string;
  regionCode?: string;
  q?: string;
  eligible?: 'yes' | 'no';
}

export interface PensionRecord {
  id: number;
  residentId: number;
  name: string;
  idNumberMasked: string;
  sex: 'M' | 'F';
  birthDate: string;
  villageCode: string;
  villageName: string;
  status: PensionStatus;
  startMonth: string;
  contributionYears: number;
  centralBasicPension: number;
  localBasicPensionTopUp: number;
  longContributionExtra: number;
  basicPension: number;
  accountBalance: number;
  accountPension: number;
  monthlyPension: number;
  awardedBy: string | null;
  awardedAt: string;
  /** What the pension pays a month now (the basic pension follows the dated standard; the award keeps its start month's). */
  currentMonthlyPension: number;
  lastCertifiedOn: string;
  suspendedFrom: string | null;
  suspensionReason?: 'certification' | 'imprisonment' | null;
}

/**
 * A step of the award's explanation. The rules engine writes `{ key, text: { 'zh-CN', en }, … }` (as the
 * calculator shows it); the award contract names them `{ code, zh, en, … }`. Both are read (see normalizeSteps).
 */
export interface RawExplanationStep {
  key?: string;
  code?: string;
  text?: { 'zh-CN'?: string; zh?: string; en?: string };
  zh?: string;
  en?: string;
  amount?: number;
  parameters?: Citation[];
}

export interface PensionDetail extends PensionRecord {
  /** By account source: individual, governmentSubsidy, hardshipPayment, … */
  balancesAtAward: Record<string, number>;
  accountPensionBySource: Record<string, number>;
  explanation: RawExplanationStep[];
}

export interface PensionSummary {
  count: number;
  /** fen */
  monthlyTotal: number;
}

export type PensionPage = Page<PensionRecord> & { summary?: PensionSummary };

export interface PensionFilters {
  regionCode?: string;
  status?: PensionStatus;
  q?: string;
}

export interface AwardResult {
  awarded: number;
  /** fen */
  monthlyTotal: number;
  refused: { residentId: number; name: string; message: string }[];
}

/** What GET /api/residents/:id adds about the resident's pension. */
export interface ResidentPension {
  id: number;
  status: PensionStatus | string;
  startMonth: string;
  monthlyPension: number;
}

export interface Step {
  key: string;
  zh: string;
  en: string;
  amount?: number;
  parameters: Citation[];
}

export function normalizeSteps(steps: RawExplanationStep[] | undefined): Step[] {
  return (steps ?? []).map((s, i) => {
    const zh = s.text?.['zh-CN'] ?? s.text?.zh ?? s.zh ?? '';
    const en = s.text?.en ?? s.en ?? zh;
    return { key: s.key ?? s.code ?? `step-${i}`, zh, en, ...(typeof s.amount === 'number' ? { amount: s.amount } : {}), parameters: s.parameters ?? [] };
  });
}

function hrefWith(path: string, f: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${path}${qs ? `?${qs}` : ''}`;
}

/** The Excel export of the list of those due, with its filters. */
export const dueExportHref = (f: DueFilters) => hrefWith('/api/pensions/due/export', f);
/** The Excel export of the pensioners, with its filters. */
export const pensionsExportHref = (f: PensionFilters) => hrefWith('/api/pensions/export', f);

/** A pension another county also pays (GET /api/pensions/duplicates). */
export interface DuplicatePension {
  pensionId: number;
  residentId: number;
  name: string;
  idNumberMasked: string;
  villageName: string;
  status: string;
  startMonth: string;
  awardedAt: string;
  otherCountyCode: string;
  otherCountyName: string;
  otherStatus: string;
  otherStartMonth: string;
  otherAwardedAt: string;
  keep: 'this' | 'other';
}

export const pensionApi = {
  duplicates: () => request<{ items: DuplicatePension[] }>('GET', '/api/pensions/duplicates'),
  stopDuplicate: (id: number) => request<{ settlementId: number | null }>('POST', `/api/pensions/${id}/stop-duplicate`),
  due: (q: DueFilters & { page: number; pageSize: number }) => request<DuePage>('GET', '/api/pensions/due', undefined, q),
  award: (month: string, residentIds: number[]) => request<AwardResult>('POST', '/api/pensions/award', { month, residentIds }),
  list: (q: PensionFilters & { page: number; pageSize: number }) => request<PensionPage>('GET', '/api/pensions', undefined, q),
  get: (id: number) => request<PensionDetail>('GET', `/api/pensions/${id}`),
  /** 服刑: suspend from a month, or resume after release (resumeFrom). */
  imprisonment: (id: number, body: { fromMonth?: string; resumeFrom?: string; note?: string }) => request<{ ok: true; skippedMonths: number }>('POST', `/api/pensions/${id}/imprisonment`, body),
  /** The printable award form (待遇核定表, PDF), opened in a new tab. */
  /** The award form in the page's language. */
  awardPdfUrl: (id: number, lang: string) => `/api/pensions/${id}/award.pdf?lang=${lang === 'en' ? 'en' : 'zh-CN'}`,
};

/** 'YYYY-MM' of the month `offset` months from this one, in China (UTC+8) as the server counts months. */
export function chinaMonth(offset = 0, now: number = Date.now()): string {
  const d = new Date(now + 8 * 3_600_000);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + offset;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/* ---------- 资格认证 (qualification certification) ---------- */

/** 逾期未认证 / 30天内到期 / 已暂停发放 / 认证有效. */
export type CertificationState = 'overdue' | 'dueSoon' | 'suspended' | 'current';
export const CERTIFICATION_STATES: readonly CertificationState[] = ['overdue', 'dueSoon', 'suspended', 'current'];

/** 数据比对 / 人脸识别 / 入户核查 / 其他. */
export type CertificationMethod = 'data' | 'face' | 'visit' | 'other';
export const CERTIFICATION_METHODS: readonly CertificationMethod[] = ['data', 'face', 'visit', 'other'];

/** One pensioner of the certification list. */
export interface CertificationRow extends PersonRow {
  pensionId: number;
  status: 'active' | 'suspended';
  /** fen */
  monthlyPension: number;
  lastCertifiedOn: string;
  /** The day the next certification is due by. */
  dueDate: string;
  state: CertificationState;
  /** 'YYYY-MM', the first month not paid, while suspended. */
  suspendedFrom: string | null;
}

export type CertificationSummary = Record<CertificationState, number>;

export type CertificationPage = Page<CertificationRow> & { asOf?: string; summary?: CertificationSummary };

export interface CertificationFilters {
  state?: CertificationState;
  regionCode?: string;
  q?: string;
}

export interface CertifyInput {
  pensionIds: number[];
  method: CertificationMethod;
  /** 'YYYY-MM-DD', not in the future; the server takes today when left out. */
  certifiedOn?: string;
  note?: string;
}

export interface CertifyResult {
  recorded: number;
  /** Suspended pensions that resume (the next payroll pays the suspended months back). */
  resumed: number;
  refused: { pensionId: number; name: string; code: string; message: string }[];
}

export interface CertificationRecord {
  id: number;
  certifiedOn: string;
  method: CertificationMethod | string;
  note: string | null;
  resumedFrom: string | null;
  recordedBy: string | null;
}

export const certificationApi = {
  list: (q: CertificationFilters & { page: number; pageSize: number }) => request<CertificationPage>('GET', '/api/pensions/certification', undefined, q),
  certify: (input: CertifyInput) => request<CertifyResult>('POST', '/api/pensions/certify', input),
  suspendOverdue: (regionCode?: string) => request<{ suspended: number }>('POST', '/api/pensions/suspend-overdue', regionCode ? { regionCode } : {}),
  history: (pensionId: number) => request<{ items: CertificationRecord[] }>('GET', `/api/pensions/${pensionId}/certifications`),
};

/** 'YYYY-MM-DD' of today in China (UTC+8), as the server counts days. */
export function chinaToday(now: number = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

/* ---------- 死亡结算 (death settlement) ---------- */

/** 无多发 / 待追回 / 已追回 (or set off in full against what the heirs receive). */
export type RecoveryStatus = 'none' | 'open' | 'recovered';
export const RECOVERY_STATUSES: readonly RecoveryStatus[] = ['open', 'recovered', 'none'];

/** One death settlement (死亡终止结算); amounts in fen. */
export interface DeathSettlement extends PersonRow {
  id: number;
  pensionId: number | null;
  deathDate: string;
  /** 'YYYY-MM', the last month the pension is due for (the month of death). */
  lastPayableMonth: string;
  overpaidMonths: number;
  basicToRecover: number;
  accountToRecover: number;
  amountToRecover: number;
  /** The account balance settled (after the account pension drawn for later months went back into it). */
  balance: number;
  inheritable: number;
  returnedToPool: number;
  funeralGrant: number;
  /** Recovered so far, the set-off against the heirs' amount included. */
  recovered: number;
  outstanding: number;
  /** Months up to the death no payment covered, and what they pay, to the heirs. */
  arrearsMonths?: number;
  arrearsToHeirs?: number;
  /** Inheritable balance + funeral grant + unpaid months − the overpayment set off. */
  payableToHeirs: number;
  recoveryStatus: RecoveryStatus;
  settledBy: string | null;
  settledAt: string;
}

export interface DeathDetail extends DeathSettlement {
  inheritableBySource: Record<string, number>;
  returnedBySource: Record<string, number>;
  explanation: RawExplanationStep[];
}

export interface DeathSummary {
  count: number;
  /** fen */
  outstanding: number;
  inheritable: number;
  returnedToPool: number;
}

export type DeathPage = Page<DeathSettlement> & { summary?: DeathSummary };

export interface DeathFilters {
  regionCode?: string;
  status?: RecoveryStatus;
  q?: string;
}

export interface RecoverInput {
  /** Yuan as typed, e.g. "123.00". */
  amount: string;
  /** 'YYYY-MM-DD', not in the future. */
  receivedOn: string;
  receiptNo?: string;
}

/** The part of the overpayment set off against what the heirs receive (inheritable balance + funeral grant). */
export const deathSetOff = (d: Pick<DeathSettlement, 'inheritable' | 'funeralGrant' | 'payableToHeirs' | 'arrearsToHeirs'>): number => d.inheritable + d.funeralGrant + (d.arrearsToHeirs ?? 0) - d.payableToHeirs;

/** Integer fen as yuan without thousands separators ("1234.50"), as the amount field takes it. */
export function fenToPlainYuan(fen: number): string {
  return fenToYuan(fen).replace(/,/g, '');
}

export const deathApi = {
  list: (q: DeathFilters & { page: number; pageSize: number }) => request<DeathPage>('GET', '/api/deaths', undefined, q),
  get: (id: number) => request<DeathDetail>('GET', `/api/deaths/${id}`),
  recover: (id: number, input: RecoverInput) => request<DeathDetail>('POST', `/api/deaths/${id}/recover`, input),
};
