// Client for the archives (档案, /api/archives*): the catalogue, one record with its scans and loans, the borrowing register.
import { exportHref } from '../../components/ExportButton';
import { request, type Page } from '../../api';

export type ArchiveCategory = 'enrolment' | 'award' | 'change' | 'death' | 'payroll';
export const ARCHIVE_CATEGORIES: readonly ArchiveCategory[] = ['enrolment', 'award', 'change', 'death', 'payroll'];

export interface ArchiveRecord {
  id: number;
  /** county-year-category-sequence, e.g. 370783-2026-CB-000123 */
  fileNo: string;
  year: number;
  category: ArchiveCategory;
  /** enrolment, award, bank_account, suspension, resumption, termination, death, payroll */
  kind: string;
  /** As filed, in Chinese. */
  title: string;
  filedOn: string;
  sourceKind: string;
  sourceId: string;
  residentId: number | null;
  name: string | null;
  idNumberMasked: string | null;
  regionCode: string;
  regionName: string;
  townshipName: string | null;
  detail: Record<string, unknown>;
  documents: number;
  lentTo: string | null;
  dueOn: string | null;
}

export interface ArchiveDocument {
  id: number;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface ArchiveLoan {
  id: number;
  recordId: number;
  fileNo: string;
  title: string;
  borrower: string;
  borrowerUnit: string | null;
  purpose: string;
  lentOn: string;
  dueOn: string;
  returnedOn: string | null;
  lentBy: string;
  returnedBy: string | null;
  overdue: boolean;
}

export interface ArchiveDetail extends ArchiveRecord {
  documentList: ArchiveDocument[];
  loans: ArchiveLoan[];
}

export interface ArchiveFilters {
  regionCode?: string;
  q?: string;
  year?: number;
  category?: ArchiveCategory;
  fileNo?: string;
  residentId?: number;
  lent?: 'yes' | 'overdue';
}

export interface LoanFilters {
  state?: 'out' | 'overdue' | 'returned';
  q?: string;
}

export type ArchivePage = Page<ArchiveRecord> & { byCategory?: Record<ArchiveCategory, number> };
export type LoanPage = Page<ArchiveLoan> & { out?: number; overdue?: number };

export const archiveExportHref = (f: ArchiveFilters) => exportHref('/api/archives/export.xlsx', f);
export const documentHref = (recordId: number, documentId: number) => `/api/archives/${recordId}/documents/${documentId}`;

export const archiveApi = {
  list: (q: ArchiveFilters & { page: number; pageSize: number }) => request<ArchivePage>('GET', '/api/archives', undefined, q),
  get: (id: number) => request<ArchiveDetail>('GET', `/api/archives/${id}`),
  upload: (id: number, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<ArchiveDocument>('POST', `/api/archives/${id}/documents`, form);
  },
  loans: (q: LoanFilters & { page: number; pageSize: number }) => request<LoanPage>('GET', '/api/archives/loans', undefined, q),
  lend: (body: { recordId: number; borrower: string; borrowerUnit?: string; purpose: string; lentOn?: string; dueOn: string }) => request<ArchiveLoan>('POST', '/api/archives/loans', body),
  giveBack: (loanId: number, returnedOn: string) => request<ArchiveLoan>('POST', `/api/archives/loans/${loanId}/return`, { returnedOn }),
};
