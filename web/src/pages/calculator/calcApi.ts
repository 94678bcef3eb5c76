// Client for the public policy calculator (/api/calc/*): public routes, no session needed (the server
// checks only the origin of a public POST); errors are the shared ApiError.
import { request } from '../../api';

/** In the order of the tabs (and of the server's kinds). */
export const CALC_TABS = ['contribution', 'obligation', 'benefit', 'interest', 'death'] as const;
export type CalcTab = (typeof CALC_TABS)[number];

export type ParamLevel = 'national' | 'province' | 'county';

/** Every source of money in an individual account, in the server's order. */
export const ACCOUNT_SOURCES = ['individual', 'governmentSubsidy', 'hardshipPayment', 'collectiveSubsidy', 'sponsorship', 'oldScheme', 'other'] as const;
export type AccountSource = (typeof ACCOUNT_SOURCES)[number];

export { IDENTITIES } from '../enrolment/enrolmentApi';

export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/** A policy parameter as an explanation cites it: every part a person reads is prose in both languages. */
export interface Citation {
  /** The parameter's programme name: for programs only, never shown. */
  name: string;
  /** What the parameter is: 领取年龄. */
  label: LocalizedText;
  /** The value with its unit: 60 周岁. */
  value: LocalizedText;
  /** The documents, by number and their own title. */
  source: LocalizedText;
  from: string;
  to?: string;
  level: ParamLevel;
}

export interface ExplanationStep {
  key: string;
  text: LocalizedText;
  /** fen */
  amount?: number;
  parameters?: Citation[];
}

export interface CalcScope {
  code: string;
  level: ParamLevel;
  name: string;
  schemeStartDate?: string;
  files: string[];
}

export interface ParameterInForce extends Citation {
  title: LocalizedText;
}

export interface CalcResult {
  kind: CalcTab;
  scope: { code: string; level: string; name: string };
  /** The inputs as the server computed them: amounts in fen, defaults filled in. */
  input: Record<string, unknown>;
  /** Amounts in fen; counts of years for `obligation` (see ObligationResult). */
  result: Record<string, unknown>;
  /** Main amounts in yuan with two decimals ("65.00"). */
  yuan: Record<string, string>;
  explanation: ExplanationStep[];
}

export type ObligationCategory = 'noContribution' | 'transitional' | 'standard';

/** `result` of /api/calc/obligation (src/rules/contribution-obligation.ts): counts of years, no money. */
export interface ObligationResult {
  category: ObligationCategory;
  ageAtSchemeStart: number;
  /** Pension age − age at the scheme start (0 for `noContribution`). */
  yearsToPensionAgeAtStart: number;
  /** Yearly payments still to make from `asOf`, this year's included when unpaid. */
  yearlyPaymentsRemaining: number;
  /** `standard`: the total the resident must reach. */
  minimumTotalYears?: number;
  /** `transitional`: the most the resident may reach, back-payments included. */
  maximumTotalYears?: number;
  backPayAllowedNow: number;
  /** Only ever above 0 for `standard`. */
  backPayRequiredNow: number;
}

export const calcApi = {
  scopes: () => request<{ items: CalcScope[] }>('GET', '/api/calc/scopes'),
  parameters: (scope: string, asOf: string) =>
    request<{ scope: string; asOf: string; items: ParameterInForce[] }>(
      'GET',
      '/api/calc/parameters',
      undefined,
      { scope, asOf },
    ),
  run: (kind: CalcTab, body: Record<string, unknown>) => request<CalcResult>('POST', `/api/calc/${kind}`, body),
};

/** The tiers of a `contributionTiers` citation ("100.00, 200.00, …, 2,000.00 yuan a year") as yuan texts. */
export function tiersOf(c: Citation): string[] {
  return splitTiers(c.value.en.replace(/\s*yuan a year$/, ''));
}

/** "100.00, 200.00, …, 1,000.00" → ["100.00", "200.00", …, "1,000.00"] (thousands commas have no space after them). */
export function splitTiers(value: string): string[] {
  return value
    .split(/[,，]\s+|;\s*|、/)
    .map((s) => s.trim())
    .filter(Boolean);
}
