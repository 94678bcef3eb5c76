// Client for the management indicators (管理指标, /api/indicators/*). Days 'YYYY-MM-DD' (China), amounts fen,
// rates tenths of a percent (813 = 81.3 %, rounded half up by the server with integer arithmetic).
import { request } from '../../api';

export type Level = 'county' | 'township' | 'village';

export interface IndicatorCounts {
  shouldEnrolHukou: number | null;
  shouldEnrolRegistry: number;
  enrolled: number;
  payers: number;
  paidThisYear: number;
  renewals: number;
  renewalBase: number;
  pensioners: number;
  enrolled60Plus: number;
  collected: number;
  targetEnrolled: number | null;
  targetCollected: number | null;
}

export interface IndicatorRates {
  participationHukou: number | null;
  participationRegistry: number | null;
  renewal: number | null;
  takeUp: number | null;
  payment: number | null;
  targetEnrolled: number | null;
  targetCollected: number | null;
}

export interface RegionIndicators {
  code: string;
  name: string;
  level: Level;
  counts: IndicatorCounts;
  rates: IndicatorRates;
  hukouMissing: number;
  villages: number;
}

export interface IndicatorTable {
  asOf: string;
  year: number;
  region: { code: string; name: string; level: Level };
  rows: RegionIndicators[];
  total: RegionIndicators;
}

export type DrillFigure = 'shouldEnrolRegistry' | 'notEnrolled' | 'enrolled' | 'payers' | 'paidThisYear' | 'renewalBase' | 'renewals' | 'notRenewed' | 'pensioners' | 'enrolled60Plus' | 'collected';

export interface DrillPerson {
  residentId: number;
  name: string;
  idNumberMasked: string;
  sex: 'M' | 'F';
  birthDate: string;
  villageCode: string;
  villageName: string;
  enrolled: boolean;
  pensioner: boolean;
  paidThisYear: boolean;
  paidLastYear: boolean;
  amount: number | null;
}

export interface TargetRow {
  code: string;
  name: string;
  level: 'township' | 'village';
  parentCode: string | null;
  enrolled: number | null;
  collected: number | null;
  villagesEnrolled: number | null;
}

export interface WeeklyLine {
  code: string;
  name: string;
  level: Level;
  now: IndicatorCounts;
  rates: IndicatorRates;
  previous: IndicatorCounts | null;
  shortOfTarget: number | null;
}

export interface WeeklyReport {
  takenOn: string;
  previousOn: string | null;
  region: { code: string; name: string };
  rows: WeeklyLine[];
  total: WeeklyLine;
  days: string[];
}

export interface ProgressPoint {
  takenOn: string;
  enrolled: number;
  payers: number;
  paidThisYear: number;
  pensioners: number;
  collected: number;
  targetEnrolled: number | null;
}

const q = (o: Record<string, string | number | undefined>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
const query = (o: Record<string, string | number | undefined>) => new URLSearchParams(q(o) as Record<string, string>).toString();

export const indicatorsApi = {
  table: (regionCode: string | undefined, asOf: string) => request<IndicatorTable>('GET', '/api/indicators', undefined, q({ regionCode, asOf })),
  exportHref: (regionCode: string | undefined, asOf: string) => `/api/indicators/export.xlsx?${query({ regionCode, asOf })}`,
  people: (p: { regionCode?: string; asOf: string; figure: DrillFigure; page: number; pageSize: number }) =>
    request<{ items: DrillPerson[]; total: number; amount: number | null }>('GET', '/api/indicators/people', undefined, q(p)),
  targets: (year: number, regionCode?: string) => request<{ year: number; items: TargetRow[] }>('GET', '/api/indicators/targets', undefined, q({ year, regionCode })),
  setTargets: (year: number, targets: { regionCode: string; enrolled: number; collected: string | null }[]) => request<{ year: number; set: number }>('PUT', '/api/indicators/targets', { year, targets }),
  importTargets: (year: number, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<{ year: number; set: number }>('POST', `/api/indicators/targets/import?year=${year}`, form);
  },
  hukouYears: () => request<{ items: { year: number; villages: number; population: number; shouldEnrol: number; fileName: string; importedAt: string }[] }>('GET', '/api/indicators/hukou'),
  importHukou: (year: number, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<{ year: number; villages: number; replaced: number; population: number; shouldEnrol: number }>('POST', `/api/indicators/hukou/import?year=${year}`, form);
  },
  weekly: (regionCode: string | undefined, date: string | undefined) => request<WeeklyReport>('GET', '/api/indicators/weekly', undefined, q({ regionCode, date })),
  weeklyHref: (kind: 'pdf' | 'xlsx', regionCode: string | undefined, date: string | undefined) => `/api/indicators/weekly.${kind}?${query({ regionCode, date })}`,
  progress: (regionCode: string | undefined, year: number) => request<{ year: number; points: ProgressPoint[] }>('GET', '/api/indicators/progress', undefined, q({ regionCode, year })),
};

/** Tenths of a percent as "81.3%" (integer digits only, no float), "—" for none. */
export function perMilleText(v: number | null): string {
  if (v === null) return '—';
  return `${Math.trunc(v / 10)}.${v % 10}%`;
}
