/**
 * Plausibility of typed dates (issue 7 part 6), one rule for every module:
 *
 * - A date of a fact that has already happened — a birth, a payment, a certification, the end of an enrolment, a
 *   death, money received back — is a real calendar date and not after today (China, `chinaToday()` in
 *   src/http/clock.ts, given by the caller: the policy engine in src/rules reads no clock).
 * - Dates of the future that are legitimate are not checked here, each decided where it is typed: the month of an
 *   award or of the due list, a payroll month (up to next month), an enrolment's first month (up to next month),
 *   and the calculator's question dates (`asOf`, the day conditions will be met, a planned payment or interest
 *   movement), which may ask about the future.
 * - A birth before 1900 or an age over 120 on the day of an application is not refused outright (the registry
 *   does hold such records) but needs an explicit confirmation, and the confirmed record is flagged.
 */
import { AppError, type RowError } from '../errors/app-error.js';
import type { ErrorCode, LocalizedParam } from '../errors/messages.js';
import { ageOn, isIsoDate, type IsoDate } from '../rules/index.js';

/** What is wrong with a date of a past fact, if anything. */
export function pastDateProblem(value: string, today: IsoDate): 'format' | 'future' | undefined {
  if (!isIsoDate(value)) return 'format';
  return value > today ? 'future' : undefined;
}

/** Names of the past-fact date fields in both languages, for the message. */
export const PAST_DATE_LABELS = {
  birthDate: { 'zh-CN': '出生日期', en: 'Birth date' },
  schemeStartDate: { 'zh-CN': '制度实施日期', en: 'Scheme start date' },
  deathDate: { 'zh-CN': '死亡日期', en: 'Date of death' },
  paidOn: { 'zh-CN': '缴费日期', en: 'Payment date' },
  certifiedOn: { 'zh-CN': '认证日期', en: 'Certification date' },
  on: { 'zh-CN': '注销日期', en: 'Termination date' },
  receivedOn: { 'zh-CN': '收款日期', en: 'Date received' },
} as const satisfies Record<string, LocalizedParam>;

export interface PastDateOptions {
  /** The request field named in the error (and, for a file, its row). */
  readonly field: string;
  readonly today: IsoDate;
  /** The label in both languages; default from PAST_DATE_LABELS by field. */
  readonly label?: LocalizedParam;
  /**
   * A code of the field's own (e.g. CONTRIBUTION_DATE) used for both a malformed and a future date; default
   * DATE_FORMAT for a malformed one and DATE_IN_FUTURE for one after today.
   */
  readonly code?: ErrorCode;
  readonly row?: number;
}

/** The problem of a past-fact date as a row error (for forms and files that list every problem), or undefined. */
export function pastDateError(value: string, options: PastDateOptions): RowError | undefined {
  const problem = pastDateProblem(value, options.today);
  if (problem === undefined) return undefined;
  const label = options.label ?? (PAST_DATE_LABELS as Record<string, LocalizedParam>)[options.field] ?? { 'zh-CN': options.field, en: options.field };
  const code: ErrorCode = options.code ?? (problem === 'format' ? 'DATE_FORMAT' : 'DATE_IN_FUTURE');
  return {
    code,
    field: options.field,
    params: { field: options.field, label, value, today: options.today },
    ...(options.row === undefined ? {} : { row: options.row }),
  };
}

/** Throws a 400 AppError naming the field when a date of a past fact is malformed or after today. */
export function assertPastDate(value: string, options: PastDateOptions): void {
  const error = pastDateError(value, options);
  if (error) throw new AppError(error.code, 400, { field: options.field, params: error.params ?? {}, ...(options.row === undefined ? {} : { row: options.row }) });
}

/** Birth years before this one need a confirmation. */
export const EARLIEST_PLAUSIBLE_BIRTH_YEAR = 1900;
/** Ages over this one on the day of the application need a confirmation. */
export const OLDEST_PLAUSIBLE_AGE = 120;

/** When a birth date is implausible on `asOf` (born before 1900 or older than 120), its year and age; else undefined. */
export function implausibleAge(birthDate: IsoDate, asOf: IsoDate): { readonly year: number; readonly age: number } | undefined {
  const year = Number(birthDate.slice(0, 4));
  const age = ageOn(birthDate, asOf);
  return year < EARLIEST_PLAUSIBLE_BIRTH_YEAR || age > OLDEST_PLAUSIBLE_AGE ? { year, age } : undefined;
}
