// Client for the yearly assessment (年度考核, /api/assessment/*). Points are hundredths (388 = 3.88), rates tenths of
// a percent, amounts fen; every figure and its working come from the server.
import { request } from '../../api';

export type Text = { 'zh-CN': string; en: string };

export interface TownshipScore {
  code: string;
  name: string;
  participationRate: number | null;
  completionRate: number | null;
  taskFinished: boolean | null;
  participationScore: number;
  collectionOnTime: boolean | null;
  dataAccurate: boolean;
  punctualityScore: number;
  total: number;
  rank: number;
  prize: 'first' | 'second' | 'third' | null;
  working: Text[];
}

export interface VillageScore {
  code: string;
  name: string;
  townshipName: string;
  collected: number;
  targetCollected: number | null;
  completionRate: number | null;
  met: boolean | null;
  excessRank: number | null;
  taskReward: number;
  excessReward: number;
  reward: number;
  pointsDeducted: number;
  rank: number;
  working: Text[];
}

export interface AssessmentRule {
  from: string;
  to?: string;
  level: string;
  label: Text;
  text: Text;
  source: Text;
}

export interface Assessment {
  year: number;
  status: 'draft' | 'approved';
  cutOff: string;
  rule: AssessmentRule;
  townships: TownshipScore[];
  villages: VillageScore[];
  villageRewards: number;
  computedBy: string;
  computedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
}

export interface AssessmentAnswer {
  year: number;
  today: string;
  cutOff: string | null;
  rule: AssessmentRule | null;
  assessment: Assessment | null;
}

export const assessmentApi = {
  get: (year: number) => request<AssessmentAnswer>('GET', '/api/assessment', undefined, { year }),
  compute: (year: number) => request<Assessment>('POST', '/api/assessment/compute', { year }),
  approve: (year: number) => request<Assessment>('POST', '/api/assessment/approve', { year }),
  fileHref: (kind: 'pdf' | 'xlsx', year: number) => `/api/assessment/report.${kind}?year=${year}`,
};

/** Hundredths of a point as "3.88" / "-4.00" (integer digits only). */
export function pointsText(p: number): string {
  const a = Math.abs(p);
  return `${p < 0 ? '-' : ''}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
