import { request, type EnrolmentState } from '../../api';
import type { AccountSource } from '../calculator/calcApi';
import type { Contribution } from '../contributions/contributionApi';

export type { EnrolmentState };

export interface ResidentDetail {
  id: number;
  countyCode: string;
  idNumberMasked: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  ethnicity: string;
  villageCode: string;
  villageName: string;
  relation: string;
  householdNo: string;
  phone: string | null;
  address: string | null;
  household: { id: number; no: string; address: string | null };
  /** Born before 1900 or older than 120: the age was confirmed at enrolment. */
  ageConfirmed: boolean;
  members: { id: number; name: string; relation: string; sex: 'M' | 'F'; birthDate: string }[];
  enrolment: EnrolmentState | null;
}

export type AccountEntryKind = 'contribution' | 'reversal' | 'interest' | 'pension' | 'transfer_in' | 'transfer_out' | 'refund' | 'inheritance' | 'pool';

/** A resident's individual account (个人账户对账单); amounts in fen. */
export interface ResidentAccount {
  residentId: number;
  balances: Record<AccountSource, number>;
  total: number;
  entries: { id: number; postedOn: string; kind: AccountEntryKind | string; source: AccountSource | string; amount: number; year: number | null; contributionId: number | null }[];
  contributions: Contribution[];
}

export const TERMINATION_REASONS = ['death', 'abroad', 'employee_pension', 'other'] as const;

export const residentApi = {
  get: (id: number) => request<ResidentDetail>('GET', `/api/residents/${id}`),
  updateContact: (id: number, change: { phone?: string | null; address?: string | null; ethnicity?: string }) =>
    request<ResidentDetail>('PATCH', `/api/residents/${id}/contact`, change),
  terminate: (id: number, body: { reason: (typeof TERMINATION_REASONS)[number]; on: string; note?: string; otherBenefitFrom?: string }) =>
    request<ResidentDetail>('POST', `/api/residents/${id}/terminate-enrolment`, body),
  account: (id: number) => request<ResidentAccount>('GET', `/api/residents/${id}/account`),
  /** The printable statement (PDF), opened in a new tab. */
  statementUrl: (id: number) => `/api/residents/${id}/account/statement.pdf`,
};
