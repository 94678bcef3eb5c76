import { request, type Page, type ImportRowError } from '../../api';

export type ApplicationStatus = 'submitted' | 'township_approved' | 'confirmed' | 'rejected';
export const APPLICATION_STATUSES: readonly ApplicationStatus[] = ['submitted', 'township_approved', 'confirmed', 'rejected'];
export const IDENTITIES = [
  'ordinary',
  'disabledGrade1',
  'disabledGrade2',
  'disabledGrade3',
  'extremeHardship',
  'poverty',
  'minimumLivingAllowance',
  'familyPlanningSupport',
  'other',
] as const;
// The same list the server checks applications against.
export { RELATIONS } from '../../../../src/modules/enrolment/relations';

export interface ApplicationSummary {
  id: number;
  status: ApplicationStatus;
  idNumberMasked: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  villageCode: string;
  villageName: string;
  identity: string;
  applicationDate: string;
  batchId: number | null;
  rejectedStage: 'township' | 'county' | null;
  rejectReason: string | null;
  /** Born before 1900 or older than 120, confirmed by the submitter. */
  ageConfirmed: boolean;
}

export interface ApplicationDetail extends ApplicationSummary {
  ethnicity: string;
  householdNo: string | null;
  relation: string;
  phone: string | null;
  address: string | null;
  firstMonth: string;
  bankAccountMasked: string | null;
  submittedBy: string | null;
  submittedAt: string;
  townshipBy: string | null;
  townshipAt: string | null;
  countyBy: string | null;
  countyAt: string | null;
  residentId: number | null;
}

export interface ApplicationInput {
  idNumber: string;
  name: string;
  sex?: 'M' | 'F';
  birthDate?: string;
  ethnicity?: string;
  villageCode: string;
  householdNo?: string;
  relation: string;
  phone?: string;
  address?: string;
  identity?: string;
  bankAccount?: string;
  firstMonth?: string;
  notFullTimeStudent: boolean;
  noOtherStatePension: boolean;
  confirmImplausibleAge?: boolean;
}

export interface ApplicationQuery {
  regionCode?: string;
  status?: ApplicationStatus;
  q?: string;
  batchId?: number;
  page: number;
  pageSize: number;
}

export type ApplicationPage = Page<ApplicationSummary> & { byStatus: Record<ApplicationStatus, number> };

export interface DecisionResult {
  approved: number;
  rejected: number;
  residentsCreated?: number;
  householdsCreated?: number;
}

export const enrolmentApi = {
  list: (q: ApplicationQuery) => request<ApplicationPage>('GET', '/api/enrolment/applications', undefined, q),
  get: (id: number) => request<ApplicationDetail>('GET', `/api/enrolment/applications/${id}`),
  submit: (input: ApplicationInput) => request<ApplicationDetail>('POST', '/api/enrolment/applications', input),
  import: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<{ batchId: number; submitted: number; warnings: ImportRowError[] }>('POST', '/api/enrolment/applications/import', form);
  },
  review: (ids: number[], approve: boolean, reason?: string) =>
    request<DecisionResult>('POST', '/api/enrolment/applications/review', { ids, approve, ...(reason ? { reason } : {}) }),
  confirm: (ids: number[], approve: boolean, reason?: string) =>
    request<DecisionResult>('POST', '/api/enrolment/applications/confirm', { ids, approve, ...(reason ? { reason } : {}) }),
  templateUrl: '/api/enrolment/applications/template.xlsx',
};

/** Born before 1900 or older than 120 on `today` (the server decides with China's date): its age, else null. */
export function implausibleAgeOf(birthDate: string, today: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return null;
  const age = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (today.slice(5) < birthDate.slice(5) ? 1 : 0);
  return Number(birthDate.slice(0, 4)) < 1900 || age > 120 ? age : null;
}

/** Birth date and sex read from an ID number as it is typed (the server checks it fully). */
export function peekIdNumber(text: string): { birthDate: string; sex: 'M' | 'F' } | null {
  const s = text.trim().toUpperCase();
  let digits: string;
  if (/^\d{17}[\dX]$/.test(s)) digits = s;
  else if (/^\d{15}$/.test(s)) digits = `${s.slice(0, 6)}19${s.slice(6)}`;
  else return null;
  const birthDate = `${digits.slice(6, 10)}-${digits.slice(10, 12)}-${digits.slice(12, 14)}`;
  return { birthDate, sex: Number(digits[16]) % 2 === 1 ? 'M' : 'F' };
}
