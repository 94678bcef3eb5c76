// Client for the village publicity (村级公示, /api/publicity*). Amounts are integer fen.
import { exportHref } from '../../components/ExportButton';
import { request, type Page } from '../../api';

export type PublicityKind = 'contributions' | 'awards' | 'stops';
export const PUBLICITY_KINDS: readonly PublicityKind[] = ['contributions', 'awards', 'stops'];

export interface PublicitySummary {
  id: number;
  villageCode: string;
  villageName: string;
  townshipName: string;
  kind: PublicityKind;
  /** YYYY (contributions) or YYYY-MM. */
  period: string;
  postedFrom: string;
  postedTo: string;
  days: number;
  state: 'upcoming' | 'posted' | 'ended';
  lineCount: number;
  /** fen */
  total: number;
  openObjections: number;
  objections: number;
  createdBy: string;
  createdAt: string;
}

export interface PublicityLine {
  id: number;
  lineNo: number;
  residentId: number;
  name: string;
  idNumberMasked: string;
  /** fen: the premium paid, or the monthly pension. */
  amount: number;
  fromMonth: string | null;
  detail: Record<string, string | number>;
  struck: boolean;
}

export interface Objection {
  id: number;
  lineId: number;
  lineNo: number;
  name: string;
  raisedBy: string;
  raisedOn: string;
  content: string;
  recordedBy: string;
  recordedAt: string;
  outcome: 'upheld' | 'dismissed' | null;
  outcomeReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface PublicityDetail extends PublicitySummary {
  contact: string;
  lines: PublicityLine[];
  objectionList: Objection[];
}

export interface PublicityFilters {
  regionCode?: string;
  kind?: PublicityKind;
  period?: string;
  state?: 'posted' | 'ended';
}

export type PublicityPage = Page<PublicitySummary> & { summary?: { lists: number; lines: number; openObjections: number } };

export const publicityExportHref = (f: PublicityFilters) => exportHref('/api/publicity/export', f);

export const publicityApi = {
  list: (q: PublicityFilters & { page: number; pageSize: number }) => request<PublicityPage>('GET', '/api/publicity', undefined, q),
  get: (id: number) => request<PublicityDetail>('GET', `/api/publicity/${id}`),
  create: (body: { kind: PublicityKind; period: string; regionCode?: string; postedFrom?: string }) => request<{ items: PublicitySummary[] }>('POST', '/api/publicity', body),
  object: (id: number, body: { lineId: number; raisedBy: string; raisedOn: string; content: string }) => request<Objection>('POST', `/api/publicity/${id}/objections`, body),
  decide: (objectionId: number, body: { outcome: 'upheld' | 'dismissed'; reason: string }) => request<Objection>('POST', `/api/publicity/objections/${objectionId}/decision`, body),
};
