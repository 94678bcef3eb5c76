// Client for the monthly pension payroll (待遇发放, /api/payroll/*). Amounts are integer fen; months 'YYYY-MM'.
import { request, type Page, type PersonRow } from '../../api';

export type PayrollStatus = 'generating' | 'generated' | 'returned' | 'approved' | 'settled';
export const PAYROLL_STATUSES: readonly PayrollStatus[] = ['generating', 'generated', 'returned', 'approved', 'settled'];
export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'withdrawn';
export const PAYMENT_STATUSES: readonly PaymentStatus[] = ['pending', 'paid', 'failed', 'withdrawn'];
export type PaymentKind = 'regular' | 'repay';

export interface PayrollTotals {
  lines: number;
  people: number;
  months: number;
  basicPension: number;
  /** 个人账户支付 */
  fromAccount: number;
  /** 基金垫付: the account pension paid by the pool once an account is used up. */
  fromPool: number;
  amount: number;
  /** 补发: failed payments of earlier months paid again. */
  repayLines: number;
  repayAmount: number;
  paid: number;
  failed: number;
  pending: number;
  failedAmount: number;
  withdrawn: number;
  withdrawnAmount: number;
}

export interface PayrollJob {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  error: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
}

export interface Payroll {
  countyCode: string;
  month: string;
  status: PayrollStatus;
  jobId: number;
  job: PayrollJob;
  createdBy: string | null;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  returnedReason: string | null;
  returnedBy: string | null;
  returnedAt: string | null;
  /** When the agent bank last took the payment file. */
  bankFileAt: string | null;
  settledBy: string | null;
  settledAt: string | null;
  /** Within the region asked for (the user's by default). */
  totals: PayrollTotals;
}

export interface TownshipTotal {
  code: string;
  name: string;
  lines: number;
  amount: number;
  failed: number;
}

export type PayrollDetail = Payroll & { byTownship: TownshipTotal[] };

export interface PaymentLine extends PersonRow {
  /** 付款编号, as the bank file and the bank's return name it. */
  id: number;
  month: string;
  pensionId: number;
  kind: PaymentKind;
  fromMonth: string;
  toMonth: string;
  months: number;
  basicPension: number;
  fromAccount: number;
  fromPool: number;
  amount: number;
  hasBankAccount: boolean;
  status: PaymentStatus;
  failureReason: string | null;
  withdrawnReason: string | null;
  withheldBasic: number;
  withheldReason: string | null;
  /** The month whose payroll paid this failed payment again. */
  repaidIn: string | null;
}

export type PaymentPage = Page<PaymentLine> & { amount?: number };

export interface LineFilters {
  regionCode?: string;
  status?: PaymentStatus;
  q?: string;
  /** 'yes': only lines whose basic pension family binding withheld. */
  withheld?: 'yes';
}

export interface BankReturnResult {
  paid: number;
  failed: number;
  failedAmount: number;
  /** The same file again: nothing changed. */
  unchanged: boolean;
}

function hrefWith(path: string, f: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${path}${qs ? `?${qs}` : ''}`;
}

const base = (month: string) => `/api/payroll/${encodeURIComponent(month)}`;

/** 发放花名册 (Excel) of a month, with the filters of the lines. */
export const linesExportHref = (month: string, f: LineFilters) => hrefWith(`${base(month)}/export`, f);
/** 代发文件 (CSV) for the agent bank: full ID numbers and accounts, audited. */
export const bankFileHref = (month: string) => `${base(month)}/bank-file`;
/** An empty bank return (the header row only, columns as text) to fill in: listing no payment means all were paid. */
export const RETURN_TEMPLATE_HREF = '/api/payroll/templates/bank-return.xlsx';

export const payrollApi = {
  list: (regionCode?: string) => request<{ items: Payroll[] }>('GET', '/api/payroll', undefined, { regionCode }),
  generate: (month: string) => request<Payroll>('POST', '/api/payroll', { month }),
  get: (month: string, regionCode?: string) => request<PayrollDetail>('GET', base(month), undefined, { regionCode }),
  lines: (month: string, q: LineFilters & { page: number; pageSize: number }) => request<PaymentPage>('GET', `${base(month)}/lines`, undefined, q),
  approve: (month: string) => request<Payroll>('POST', `${base(month)}/approve`),
  sendBack: (month: string, reason: string) => request<Payroll>('POST', `${base(month)}/return`, { reason }),
  resubmit: (month: string) => request<Payroll>('POST', `${base(month)}/resubmit`),
  bankReturn: (month: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<BankReturnResult>('POST', `${base(month)}/bank-return`, form);
  },
  /** The payments of one pension, newest first. */
  pensionPayments: (pensionId: number, q: { page: number; pageSize: number }) => request<PaymentPage>('GET', `/api/pensions/${pensionId}/payments`, undefined, q),
};

/** "2026-12", or "2026-10 至 2026-12" (joined by `to`) for a payment covering several months. */
export function periodText(l: Pick<PaymentLine, 'fromMonth' | 'toMonth'>, to: string): string {
  return l.fromMonth === l.toMonth ? l.toMonth : `${l.fromMonth}${to}${l.toMonth}`;
}
