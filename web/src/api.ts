// Tiny typed client for the xinnongbao HTTP API (docs/DEVELOPING.md).
// The session lives in an HttpOnly cookie; the CSRF token is kept in memory only.

export type RegionLevel = 'county' | 'township' | 'village';

export interface User {
  id: number | string;
  username: string;
  displayName: string;
  role: string;
  regionCode: string;
  regionName: string;
  regionLevel: RegionLevel;
  permissions: string[];
  disabled?: boolean;
  createdAt?: string;
  lastLoginAt?: string | null;
}

export interface RegionNode {
  code: string;
  name: string;
  level: RegionLevel;
  children?: RegionNode[];
}

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode?: string | null;
}

export interface Counts {
  townships?: number;
  villages?: number;
  households?: number;
  residents?: number;
  residentsAged60Plus?: number;
  staff?: number;
  byChild?: { code: string; name: string; residents: number }[];
}

export interface EnrolmentCounts {
  enrolled: number;
  paying: number;
  notPaying: number;
  awaitingTownship: number;
  awaitingCounty: number;
}

export interface PensionCounts {
  recipients: number;
  suspended: number;
  monthlyTotal: number;
  enrolledAtPensionAge: number;
  certificationOverdue: number;
  latestPayroll: { month: string; status: 'generating' | 'generated' | 'approved' | 'settled' } | null;
}

export interface TrendMonth {
  month: string;
  enrolled: number;
  pensioners: number;
  /** fen */
  collected: number;
  payers: number;
  /** fen */
  paid: number;
}
export type CycleTally = { onTime: number; late: number; missing: number; pending: number };
export interface DashboardTrends {
  months: TrendMonth[];
  cycle?: { month: string; villages: CycleTally; townships: CycleTally };
  /** Townships ranked by participation; rates per mille (null where not known). */
  ranking?: { code: string; name: string; participation: number | null; targetEnrolled: number | null }[];
}

export interface Dashboard {
  region: Region;
  path?: Region[];
  counts: Counts;
  enrolment?: EnrolmentCounts;
  pensions?: PensionCounts;
  /** System administrator and county director: national tables not reviewed for more than 12 months. */
  parameterReview?: ParameterReviewWarning[];
}

export interface ParameterReviewWarning {
  name: string;
  title: string;
  reviewedOn: string | null;
  /** In the request language. */
  message: string;
}

export interface RegionDetail {
  region: Region;
  path: Region[];
  counts: Counts;
}

/** A resident's enrolment (参保状态): normal/suspended/terminated, paying or not, since which month. */
export interface EnrolmentState {
  status: 'normal' | 'suspended' | 'terminated';
  paymentStatus: 'paying' | 'paused' | 'ended';
  identity: string;
  firstMonth: string;
  terminatedOn: string | null;
  terminationReason: string | null;
}

/** The person a row of a list is about (a payment, a pension, a settlement…), ID number masked by the server. */
export interface PersonRow {
  residentId: number;
  name: string;
  idNumberMasked: string;
  villageCode: string;
  villageName: string;
}

export interface Resident {
  id: number | string;
  name: string;
  /** Masked by the server: area code and last four characters. */
  idNumberMasked: string;
  sex: 'M' | 'F' | string;
  birthDate: string;
  villageCode: string;
  villageName?: string;
  relation?: string | null;
  householdNo?: string | null;
  /** null: never enrolled. */
  enrolment?: EnrolmentState | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  role: string | null;
  /** The user's name as the user record has it (null for the system or an unknown sign-in). */
  actorName: string | null;
  regionCode: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

export type AuditProblemKind = 'hash_mismatch' | 'broken_link' | 'missing_rows';
/** GET /api/ledger/verify: the county's books checked against themselves. */
export interface LedgerVerify {
  ok: boolean;
  counties: string[];
  checks: { name: string; title: { 'zh-CN': string; en: string }; problems: { check: string; countyCode: string; detail: string }[] }[];
  totals: { entries: number; accounts: number; lines: number; settlements: number };
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  problems: { id: number; kind: AuditProblemKind }[];
}

export interface Page<T> {
  items: T[];
  total: number;
  /** false: the list stopped counting at `total` (1,000) and has more; ask with `count: 'exact'` for the figure. */
  totalExact?: boolean;
}

export interface ImportRowError {
  row?: number;
  field?: string;
  code?: string;
  message: string;
  value?: unknown;
}

/** Error thrown for any non-2xx answer; carries the server's `{ code, message, field, row }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly row?: number,
    readonly requestId?: string,
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let languageGetter: () => string = () => 'zh-CN';
let onUnauthorized: () => void = () => {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setLanguageGetter(fn: () => string): void {
  languageGetter = fn;
}
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

type QueryValue = string | number | boolean | null | undefined;
type Query = { [key: string]: QueryValue };

function withQuery(path: string, query?: object): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query as Query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request<T>(method: string, path: string, body?: unknown, query?: object): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': languageGetter(),
  };
  const changing = method !== 'GET' && method !== 'HEAD';
  if (changing && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), { method, headers, body: payload, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const b = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
    const err = new ApiError(
      res.status,
      typeof b.code === 'string' ? b.code : `HTTP_${res.status}`,
      typeof b.message === 'string' ? b.message : res.statusText || `HTTP ${res.status}`,
      typeof b.field === 'string' ? b.field : undefined,
      typeof b.row === 'number' ? b.row : undefined,
      typeof b.requestId === 'string' ? b.requestId : undefined,
      b,
    );
    // A failed login is a 401 too, but must stay on the login form.
    if (res.status === 401 && path !== '/api/auth/login') onUnauthorized();
    throw err;
  }
  return data as T;
}

export interface SessionAnswer {
  user: User;
  csrfToken: string;
}

export interface UserInput {
  username: string;
  displayName: string;
  role: string;
  regionCode: string;
  password: string;
}
export type UserPatch = Partial<Pick<User, 'displayName' | 'role' | 'regionCode' | 'disabled'>>;

export interface UserQuery {
  q?: string;
  role?: string;
  regionCode?: string;
  disabled?: boolean;
  page: number;
  pageSize: number;
}
export interface ResidentQuery {
  regionCode?: string;
  q?: string;
  enrolled?: 'yes' | 'no';
  page: number;
  pageSize: number;
  /** exact: count every match (the total is otherwise counted up to 1,000). */
  count?: 'exact';
}
export interface AuditQuery {
  from?: string;
  to?: string;
  username?: string;
  /** Part of the actor's name or user name. */
  actor?: string;
  action?: string;
  entity?: string;
  regionCode?: string;
  page: number;
  pageSize: number;
}

export const api = {
  login: (username: string, password: string) =>
    request<SessionAnswer>('POST', '/api/auth/login', { username, password }),
  logout: () => request<{ ok: true }>('POST', '/api/auth/logout'),
  changeOwnPassword: (currentPassword: string, newPassword: string) =>
    request<{ ok: true }>('POST', '/api/auth/password', { currentPassword, newPassword }),
  me: () => request<SessionAnswer>('GET', '/api/auth/me'),
  dashboard: () => request<Dashboard>('GET', '/api/dashboard'),
  dashboardTrends: (months = 12) => request<DashboardTrends>('GET', `/api/dashboard/trends?months=${months}`),
  regionTree: () => request<{ root: RegionNode }>('GET', '/api/regions/tree'),
  region: (code: string) => request<RegionDetail>('GET', `/api/regions/${encodeURIComponent(code)}`),
  importRegions: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<{ inserted: number; updated: number; unchanged?: number }>('POST', '/api/regions/import', form);
  },
  residents: (q: ResidentQuery) => request<Page<Resident>>('GET', '/api/residents', undefined, q),
  users: (q: UserQuery) => request<Page<User>>('GET', '/api/users', undefined, q),
  createUser: (input: UserInput) => request<{ user: User }>('POST', '/api/users', input),
  updateUser: (id: User['id'], patch: UserPatch) =>
    request<{ user: User }>('PATCH', `/api/users/${encodeURIComponent(String(id))}`, patch),
  resetPassword: (id: User['id'], password: string) =>
    request<{ ok: true }>('POST', `/api/users/${encodeURIComponent(String(id))}/reset-password`, { password }),
  audit: (q: AuditQuery) => request<Page<AuditEntry>>('GET', '/api/audit', undefined, q),
  verifyAudit: () => request<AuditVerify>('GET', '/api/audit/verify'),
  verifyLedger: () => request<LedgerVerify>('GET', '/api/ledger/verify'),
};
