// Client for the monthly cycle (月度经办, /api/cycle/*). Months 'YYYY-MM', dates 'YYYY-MM-DD' (China), amounts fen.
import { request } from '../../api';

export type Timeliness = 'onTime' | 'late' | 'missing' | 'pending';
export type UnitState = 'open' | 'submitted' | 'reopened';

export interface CycleCounts {
  applications: number;
  changes: number;
  deaths: number;
  certifications: number;
}

export interface CycleUnit {
  code: string;
  name: string;
  level: 'village' | 'township';
  state: UnitState;
  timeliness: Timeliness;
  due: string;
  firstSubmittedOn: string | null;
  submittedOn: string | null;
  submittedBy: string | null;
  reopenedOn: string | null;
  reopenedBy: string | null;
  reopenReason: string | null;
  counts: CycleCounts;
  villagesSubmitted?: number;
  villagesTotal?: number;
  villages?: CycleUnit[];
}

export interface CycleDeadline {
  nominal: string;
  due: string;
  movedFor?: { kind: 'weekend' | 'holiday'; name?: string };
}

export interface CycleStep {
  timeliness: Timeliness;
  due: string | null;
  doneOn: string | null;
}

export interface CycleBoard {
  month: string;
  today: string;
  deadlines: { village: CycleDeadline; township: CycleDeadline; county: CycleDeadline; finance: CycleDeadline; bankWorkingDays: number };
  townships: CycleUnit[];
  tally: { villages: Record<Timeliness, number>; townships: Record<Timeliness, number> };
  county: CycleStep & {
    payroll: { status: string; generatedOn: string; approvedOn: string | null; lines: number; amount: number; newPensioners: number; failed: number; failedAmount: number } | null;
  };
  finance: CycleStep & { amount: number };
  bank: CycleStep & { failed: number; failedAmount: number };
}

export const cycleApi = {
  /** The board of `month`, or of this month (server's China date) when none is given. */
  board: (month: string | null) => request<CycleBoard>('GET', month ? `/api/cycle/${month}` : '/api/cycle'),
  submit: (month: string) => request<CycleUnit>('POST', `/api/cycle/${month}/submit`),
  reopen: (month: string, unitCode: string, reason: string) => request<CycleUnit>('POST', `/api/cycle/${month}/reopen`, { unitCode, reason }),
  summaryHref: (month: string) => `/api/cycle/${month}/summary.xlsx`,
};
