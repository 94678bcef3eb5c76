import { request, type Page } from '../../api';

export const REGISTRIES = ['employee_pension', 'institution_pension', 'death', 'bank_card'] as const;
export type Registry = (typeof REGISTRIES)[number];
export const HIT_KINDS = ['dual_benefit', 'death', 'bank_mismatch', 'recheck'] as const;
export type HitKind = (typeof HIT_KINDS)[number];
export const HIT_STATES = ['open', 'resolved', 'dismissed'] as const;
export type HitState = (typeof HIT_STATES)[number];
export type ResolveAction = 'stop' | 'death' | 'correct' | 'confirm' | 'dismiss';

/** The seed's figures for a set of hits. */
export interface Counts {
  matched: number;
  open: number;
  removed: number;
  corrected: number;
  rechecked: number;
  dismissed: number;
  resolved: number;
}

export interface Batch extends Counts {
  id: number;
  registry: Registry;
  fileName: string;
  rows: number;
  peopleCompared: number;
  loadedBy: string;
  loadedAt: string;
  millis: number;
}

export interface BatchPage extends Page<Batch> {
  overview: Counts & { batches: number; rows: number };
}

export interface Hit {
  id: number;
  batchId: number;
  registry: Registry;
  kind: HitKind;
  reason: string;
  proposedKind: 'dual_benefit' | 'death' | null;
  state: HitState;
  resolution: 'stopped' | 'death_registered' | 'account_corrected' | 'dismissed' | null;
  residentId: number;
  name: string;
  idNumberMasked: string;
  villageCode: string;
  villageName: string;
  pensionId: number | null;
  registryName: string | null;
  registryDate: string | null;
  foundAt: string;
}

export interface HitDetail extends Hit {
  birthDate: string;
  enrolmentStatus: string | null;
  pensionStatus: string | null;
  pensionStartMonth: string | null;
  registryRow: number | null;
  registryIdNumberMasked: string | null;
  registryCardMasked: string | null;
  registryNote: string | null;
  accountNowMasked: string | null;
  accountAtMatchMasked: string | null;
  fileName: string;
  resolutionNote: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  settlementId: number | null;
  recheckNote: string | null;
  recheckedBy: string | null;
  recheckedAt: string | null;
}

export interface HitFilters {
  kind?: HitKind;
  state?: HitState;
  registry?: Registry;
  regionCode?: string;
  batchId?: number;
  q?: string;
}

export interface HitPage extends Page<Hit> {
  summary: Counts;
}

export interface LoadResult {
  batchId: number;
  rows: number;
  peopleCompared: number;
  matched: number;
  byKind: Partial<Record<HitKind, number>>;
  millis: number;
}

export interface ResolveInput {
  action: ResolveAction;
  note: string;
  bankAccount?: string;
  otherBenefitFrom?: string;
}

/** Which role deals with which kind (mirrors the server's RESOLVERS); the server checks it again. */
export const RESOLVERS: Readonly<Record<HitKind, readonly string[]>> = {
  dual_benefit: ['benefit_reviewer', 'county_enrolment_auditor'],
  death: ['benefit_reviewer', 'county_enrolment_auditor'],
  bank_mismatch: ['township_clerk', 'county_enrolment_auditor'],
  recheck: ['township_clerk'],
};
/** The action that deals with each kind, besides dismissing it. */
export const ACTION_OF: Readonly<Record<HitKind, ResolveAction>> = { dual_benefit: 'stop', death: 'death', bank_mismatch: 'correct', recheck: 'confirm' };

export const crossCheckApi = {
  batches: (q: { page: number; pageSize: number; regionCode?: string }) => request<BatchPage>('GET', '/api/cross-checks/batches', undefined, q),
  hits: (q: HitFilters & { page: number; pageSize: number }) => request<HitPage>('GET', '/api/cross-checks/hits', undefined, q),
  hit: (id: number) => request<HitDetail>('GET', `/api/cross-checks/hits/${id}`),
  resolve: (id: number, input: ResolveInput) => request<HitDetail>('POST', `/api/cross-checks/hits/${id}/resolve`, input),
  load: (registry: Registry, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<LoadResult>('POST', '/api/cross-checks/batches', form, { registry });
  },
};
