/**
 * The policy calculator: one input schema per kind, shared by the HTTP API and the CLI, turned into the
 * engine's inputs (yuan text → fen, with the field named on error) and run against a parameter scope.
 * It holds no personal data: nothing is stored and nothing is logged beyond the request line.
 */
import { z } from '@hono/zod-openapi';
import {
  ACCOUNT_SOURCES,
  awardBenefit,
  computeYearlyContribution,
  contributionObligation,
  computeYearlyInterest,
  ENROLMENT_IDENTITIES,
  PARAMETER_DEFINITIONS,
  PARAMETER_NAMES,
  parameterAsOf,
  type IsoDate,
  type ParameterCitation,
  formatRate,
  formatYuan,
  type Rate,
  parseYuan,
  RuleError,
  settleDeath,
  type AccountSource,
  type Explanation,
  type Fen,
} from '../../rules/index.js';
import { AppError } from '../../errors/app-error.js';
import { assertPastDate } from '../plausibility.js';
import type { ParameterLibrary, ParameterScope } from './library.js';

/** Used when neither the request nor the scope gives the day the scheme started: 国发〔2009〕32号 was issued 2009-09-01. */
export const DEFAULT_SCHEME_START = '2009-09-01';

const IsoDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').openapi({ example: '1950-03-15' });
const MonthText = z.string().regex(/^\d{4}-\d{2}$/, 'YYYY-MM').openapi({ example: '2021-06' });
/** An amount in yuan as typed ("1,390.00", "1390.5元") or a number of yuan; parsed exactly to fen. */
const Yuan = z.union([z.string().max(40), z.number()]).openapi({ example: '1,390.00', description: 'yuan, e.g. "1,390.00"' });
const Balances = z
  .object(Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, Yuan.optional()])) as Record<AccountSource, z.ZodOptional<typeof Yuan>>)
  .strict()
  .openapi({ description: 'sub-balances by source, in yuan', example: { individual: '1,390.00' } });
const Scope = z
  .string()
  .regex(/^(CN|\d{2}|\d{6})$/, 'CN, a 2-digit province or a 6-digit county code')
  .optional()
  .openapi({ description: 'parameter scope: CN (national defaults, the default) or a province/county with a parameter file', example: 'CN' });

export const ContributionInput = z
  .object({
    scope: Scope,
    year: z.number().int().min(1990).max(2100).openapi({ example: 2015 }),
    paidOn: IsoDateText.openapi({ example: '2015-03-10' }),
    tier: Yuan.openapi({ example: '500.00', description: 'the chosen tier (缴费档次) in yuan' }),
    identity: z.enum(ENROLMENT_IDENTITIES).optional(),
    kind: z.enum(['yearly', 'backPay']).optional(),
    collectiveSubsidy: Yuan.optional(),
    sponsorship: Yuan.optional(),
  })
  .strict()
  .openapi('ContributionCalcInput');

export const BenefitInput = z
  .object({
    scope: Scope,
    birthDate: IsoDateText,
    schemeStartDate: IsoDateText.optional().openapi({ example: '2009-12-01', description: "default: the scope's, else 2009-09-01" }),
    conditionsMetOn: IsoDateText.optional(),
    balances: Balances.optional(),
    contributionYears: z.number().int().min(0).max(80).optional().openapi({ example: 0 }),
    regionCode: z.string().regex(/^\d{2,12}$/).optional().openapi({ description: 'for the central share; default: the scope code' }),
  })
  .strict()
  .openapi('BenefitCalcInput');

const Movement = z
  .object({ on: IsoDateText, bySource: Balances })
  .strict()
  .openapi({ example: { on: '2015-03-10', bySource: { individual: '500.00', governmentSubsidy: '60.00' } } });

export const InterestInput = z
  .object({
    scope: Scope,
    year: z.number().int().min(1990).max(2100).openapi({ example: 2015 }),
    openingBalances: Balances.optional(),
    credits: z.array(Movement).max(100).optional(),
    debits: z.array(Movement).max(100).optional(),
  })
  .strict()
  .openapi('InterestCalcInput');

export const DeathInput = z
  .object({
    scope: Scope,
    deathDate: IsoDateText.openapi({ example: '2021-05-20' }),
    lastPaidMonth: MonthText.optional(),
    monthlyBasicPension: Yuan.optional(),
    monthlyAccountPension: Yuan.optional(),
    balances: Balances.optional(),
  })
  .strict()
  .openapi('DeathCalcInput');

export const ObligationInput = z
  .object({
    scope: Scope,
    birthDate: IsoDateText.openapi({ example: '1958-06-01' }),
    schemeStartDate: IsoDateText.optional().openapi({ example: '2009-12-01', description: "default: the scope's, else 2009-09-01" }),
    asOf: IsoDateText.openapi({ example: '2012-03-01', description: 'the day the question is asked' }),
    yearsCredited: z.number().int().min(0).max(80).optional().openapi({ example: 2 }),
    currentYearPaid: z.boolean().optional(),
  })
  .strict()
  .openapi('ObligationCalcInput');

export const CALC_KINDS = ['contribution', 'obligation', 'benefit', 'interest', 'death'] as const;
export type CalcKind = (typeof CALC_KINDS)[number];

export const CALC_INPUTS = { contribution: ContributionInput, obligation: ObligationInput, benefit: BenefitInput, interest: InterestInput, death: DeathInput } as const;
export type CalcInput<K extends CalcKind> = z.infer<(typeof CALC_INPUTS)[K]>;

export interface CalcResult {
  readonly kind: CalcKind;
  readonly scope: { readonly code: string; readonly level: string; readonly name: string };
  /** The inputs as the engine saw them: amounts in fen, defaults filled in. */
  readonly input: Record<string, unknown>;
  /** Amounts in fen. */
  readonly result: Record<string, unknown>;
  /** The main amounts of `result` in yuan with two decimals, as a person reads them ("65.00"). */
  readonly yuan: Record<string, string>;
  readonly explanation: Explanation;
}

function fen(value: string | number | undefined, field: string): Fen | undefined {
  if (value === undefined) return undefined;
  return parseYuan(typeof value === 'number' ? String(value) : value, field);
}

function fenBySource(balances: Partial<Record<AccountSource, string | number>> | undefined, field: string): Partial<Record<AccountSource, Fen>> {
  const out: Partial<Record<AccountSource, Fen>> = {};
  for (const source of ACCOUNT_SOURCES) {
    const amount = fen(balances?.[source], `${field}.${source}`);
    if (amount !== undefined) out[source] = amount;
  }
  return out;
}

/** Exact rates ({num, den} of bigints) become their percentage text ("1.50%"); the rest is JSON already. */
function jsonSafe(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    if (isRate(value)) return formatRate(value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function isRate(value: object): value is Rate {
  return typeof (value as Rate).num === 'bigint' && typeof (value as Rate).den === 'bigint';
}

/** The money fields of each kind's result, shown again in yuan. */
const MONEY_FIELDS: Record<CalcKind, readonly string[]> = {
  contribution: ['tier', 'individual', 'hardshipPayment', 'governmentSubsidy', 'collectiveSubsidy', 'sponsorship', 'totalCredited'],
  benefit: ['centralBasicPension', 'localBasicPensionTopUp', 'longContributionExtra', 'basicPension', 'centralFinanceShare', 'accountBalance', 'accountPension', 'monthlyPension'],
  obligation: [],
  interest: ['totalInterest'],
  death: ['basicPensionToRecover', 'accountPensionToRecover', 'amountToRecover', 'balance', 'inheritable', 'returnedToPool', 'funeralGrant'],
};

function split<T extends { explanation: Explanation }>(
  kind: CalcKind,
  value: T,
): { result: Omit<T, 'explanation'>; yuan: Record<string, string>; explanation: Explanation } {
  const { explanation, ...rest } = value;
  const result = jsonSafe(rest) as Omit<T, 'explanation'>;
  const yuan: Record<string, string> = {};
  for (const field of MONEY_FIELDS[kind]) {
    const amount = (result as Record<string, unknown>)[field];
    if (typeof amount === 'number') yuan[field] = formatYuan(amount, 'zh-CN');
  }
  return { result, yuan, explanation };
}

function scopeJson(scope: ParameterScope) {
  return { code: scope.code, level: scope.level, name: scope.name };
}

/**
 * The fields of each kind that are dates of past facts: a birth, the day the county's scheme started, a death.
 * They may not be after today. The other dates may ask about the future on purpose and stay allowed:
 * `asOf` (the day the question is asked), `conditionsMetOn` (the day the conditions will be met), a contribution's
 * `paidOn` and the interest movements (a planned payment, a year not over yet), `lastPaidMonth` (a payroll may
 * be for next month). A birth date making someone under 16 or under the pension age is fine: only the future is refused.
 */
const PAST_FACT_FIELDS: Record<CalcKind, readonly string[]> = {
  contribution: [],
  obligation: ['birthDate', 'schemeStartDate'],
  benefit: ['birthDate', 'schemeStartDate'],
  interest: [],
  death: ['deathDate'],
};

/** `today`: the China date (src/http/clock.ts chinaToday), given by the API and the CLI. */
export function calculate<K extends CalcKind>(kind: K, raw: unknown, library: ParameterLibrary, today: IsoDate): CalcResult {
  const check = CALC_INPUTS[kind].safeParse(raw);
  if (!check.success) {
    const issue = check.error.issues[0];
    const field = issue?.path.join('.') || 'input';
    throw new AppError('VALIDATION_FAILED', 400, { field, params: { field, detail: issue?.message ?? '' } });
  }
  const parsed = check.data;
  for (const field of PAST_FACT_FIELDS[kind]) {
    const value = (parsed as Record<string, unknown>)[field];
    if (typeof value === 'string') assertPastDate(value, { field, today });
  }
  const scope = library.scope(parsed.scope);
  const params = scope.parameters;
  switch (kind) {
    case 'contribution': {
      const i = parsed as CalcInput<'contribution'>;
      const input = {
        year: i.year,
        paidOn: i.paidOn,
        tier: fen(i.tier, 'tier') as Fen,
        identity: i.identity ?? 'ordinary',
        kind: i.kind ?? 'yearly',
        collectiveSubsidy: fen(i.collectiveSubsidy, 'collectiveSubsidy') ?? 0,
        sponsorship: fen(i.sponsorship, 'sponsorship') ?? 0,
      };
      return { kind, scope: scopeJson(scope), input, ...split(kind, computeYearlyContribution(input, params)) };
    }
    case 'obligation': {
      const i = parsed as CalcInput<'obligation'>;
      const input = {
        birthDate: i.birthDate,
        schemeStartDate: i.schemeStartDate ?? scope.schemeStartDate ?? DEFAULT_SCHEME_START,
        asOf: i.asOf,
        yearsCredited: i.yearsCredited ?? 0,
        currentYearPaid: i.currentYearPaid ?? false,
      };
      return { kind, scope: scopeJson(scope), input, ...split(kind, contributionObligation(input, params)) };
    }
    case 'benefit': {
      const i = parsed as CalcInput<'benefit'>;
      const input = {
        birthDate: i.birthDate,
        schemeStartDate: i.schemeStartDate ?? scope.schemeStartDate ?? DEFAULT_SCHEME_START,
        ...(i.conditionsMetOn ? { conditionsMetOn: i.conditionsMetOn } : {}),
        balances: fenBySource(i.balances, 'balances'),
        contributionYears: i.contributionYears ?? 0,
        ...((i.regionCode ?? (scope.level === 'national' ? undefined : scope.code)) ? { regionCode: i.regionCode ?? scope.code } : {}),
      };
      return { kind, scope: scopeJson(scope), input, ...split(kind, awardBenefit(input, params)) };
    }
    case 'interest': {
      const i = parsed as CalcInput<'interest'>;
      const movements = (list: typeof i.credits, field: string) =>
        (list ?? []).map((m, n) => ({ on: m.on, bySource: fenBySource(m.bySource, `${field}.${n}.bySource`) }));
      const input = {
        year: i.year,
        openingBalances: fenBySource(i.openingBalances, 'openingBalances'),
        credits: movements(i.credits, 'credits'),
        debits: movements(i.debits, 'debits'),
      };
      return { kind, scope: scopeJson(scope), input, ...split(kind, computeYearlyInterest(input, params)) };
    }
    case 'death': {
      const i = parsed as CalcInput<'death'>;
      const input = {
        deathDate: i.deathDate,
        ...(i.lastPaidMonth ? { lastPaidMonth: i.lastPaidMonth } : {}),
        monthlyBasicPension: fen(i.monthlyBasicPension, 'monthlyBasicPension') ?? 0,
        monthlyAccountPension: fen(i.monthlyAccountPension, 'monthlyAccountPension') ?? 0,
        balances: fenBySource(i.balances, 'balances'),
      };
      return { kind, scope: scopeJson(scope), input, ...split(kind, settleDeath(input, params)) };
    }
  }
  throw new Error(`unknown calculation ${String(kind)}`);
}

export interface ParameterInForce extends ParameterCitation {
  readonly title: { readonly 'zh-CN': string; readonly en: string };
}

/** Every parameter of a scope as in force on a date, with its value, source and layer. */
export function parametersInForce(scope: ParameterScope, asOf: IsoDate): ParameterInForce[] {
  const out: ParameterInForce[] = [];
  for (const name of PARAMETER_NAMES) {
    try {
      out.push({ ...parameterAsOf(scope.parameters, name, asOf).citation, title: PARAMETER_DEFINITIONS[name].title });
    } catch (error) {
      // Not in force on that date (before the scheme): left out of the list.
      if (!(error instanceof RuleError && error.code === 'PARAM_NOT_IN_FORCE')) throw error;
    }
  }
  return out;
}
