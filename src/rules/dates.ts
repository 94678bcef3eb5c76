/**
 * Calendar helpers on ISO strings. The engine never reads the clock: every "today" is passed in.
 * Dates are `YYYY-MM-DD`, months are `YYYY-MM`, month-days (e.g. a posting day) are `MM-DD`.
 * Arithmetic goes through a day number (days since 1970-01-01) computed with integer formulas, so no
 * time zone or `Date` object is involved.
 */
import { RuleError } from './errors.js';

/** `YYYY-MM-DD` (validated by `parseIsoDate`). */
export type IsoDate = string;
/** `YYYY-MM`. */
export type YearMonth = string;
/** `MM-DD`, e.g. `12-31`. */
export type MonthDay = string;

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** True when year/month/day name a real calendar day (years 1000–9999). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && year >= 1000 && year <= 9999 &&
    Number.isInteger(month) && month >= 1 && month <= 12 &&
    Number.isInteger(day) && day >= 1 && day <= daysInMonth(year, month)
  );
}

export function parseIsoDate(text: string, field = 'date'): CivilDate {
  const m = ISO_DATE.exec(text);
  const date = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  if (!date || !isRealDate(date.year, date.month, date.day)) {
    throw new RuleError('DATE_FORMAT', `${field}: "${text}" is not a calendar date YYYY-MM-DD`, {
      field,
      params: { value: text },
    });
  }
  return date;
}

export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function toIsoDate(date: CivilDate): IsoDate {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function dayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return dayNumberOf(year, month, day);
}

function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(n: number): IsoDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return toIsoDate({ year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day });
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** `to − from` in days. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

export function yearMonthOf(date: IsoDate): YearMonth {
  parseIsoDate(date);
  return date.slice(0, 7);
}

export function parseYearMonth(text: YearMonth, field = 'month'): { year: number; month: number } {
  const m = YEAR_MONTH.exec(text);
  const ym = m ? { year: Number(m[1]), month: Number(m[2]) } : undefined;
  if (!ym || !isRealDate(ym.year, ym.month, 1)) {
    throw new RuleError('DATE_FORMAT', `${field}: "${text}" is not a month YYYY-MM`, { field, params: { value: text } });
  }
  return ym;
}

function monthIndex(ym: YearMonth): number {
  const { year, month } = parseYearMonth(ym);
  return year * 12 + (month - 1);
}

function fromMonthIndex(index: number): YearMonth {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${pad2(index - year * 12 + 1)}`;
}

export function addMonths(ym: YearMonth, months: number): YearMonth {
  return fromMonthIndex(monthIndex(ym) + months);
}

/** `to − from` in months (0 when equal, negative when `to` is earlier). */
export function monthsBetween(from: YearMonth, to: YearMonth): number {
  return monthIndex(to) - monthIndex(from);
}

/** Every month from `from` to `to`, both included; empty when `to` is before `from`. */
export function monthRange(from: YearMonth, to: YearMonth): YearMonth[] {
  const start = monthIndex(from);
  const end = monthIndex(to);
  const months: YearMonth[] = [];
  for (let i = start; i <= end; i++) months.push(fromMonthIndex(i));
  return months;
}

export function firstDayOf(ym: YearMonth): IsoDate {
  parseYearMonth(ym);
  return `${ym}-01`;
}

export function lastDayOf(ym: YearMonth): IsoDate {
  const { year, month } = parseYearMonth(ym);
  return `${ym}-${pad2(daysInMonth(year, month))}`;
}

/** Completed years of age on `date` (a 29 February birthday is reached on 1 March in common years). */
export function ageOn(birthDate: IsoDate, date: IsoDate): number {
  const b = parseIsoDate(birthDate, 'birthDate');
  const d = parseIsoDate(date);
  const beforeBirthday = d.month < b.month || (d.month === b.month && d.day < b.day);
  return d.year - b.year - (beforeBirthday ? 1 : 0);
}

/** The day on which a person born on `birthDate` reaches `years` of age. */
export function birthdayAtAge(birthDate: IsoDate, years: number): IsoDate {
  const b = parseIsoDate(birthDate, 'birthDate');
  const year = b.year + years;
  if (b.month === 2 && b.day === 29 && !isLeapYear(year)) return toIsoDate({ year, month: 3, day: 1 });
  return toIsoDate({ year, month: b.month, day: b.day });
}

/** The same day `months` months later, clamped to the end of a shorter month (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsToDate(date: IsoDate, months: number): IsoDate {
  const d = parseIsoDate(date);
  const { year, month } = parseYearMonth(addMonths(date.slice(0, 7), months));
  return toIsoDate({ year, month, day: Math.min(d.day, daysInMonth(year, month)) });
}

export function parseMonthDay(text: MonthDay, field = 'monthDay'): { month: number; day: number } {
  const m = MONTH_DAY.exec(text);
  const md = m ? { month: Number(m[1]), day: Number(m[2]) } : undefined;
  if (!md || !isRealDate(2000, md.month, md.day)) {
    throw new RuleError('DATE_FORMAT', `${field}: "${text}" is not a month-day MM-DD`, { field, params: { value: text } });
  }
  return md;
}

/** `MM-DD` in a given year; 29 February falls back to 28 February in common years. */
export function monthDayIn(year: number, monthDay: MonthDay): IsoDate {
  const { month, day } = parseMonthDay(monthDay);
  return toIsoDate({ year, month, day: Math.min(day, daysInMonth(year, month)) });
}

export function maxIsoDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

export function minIsoDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxYearMonth(...months: YearMonth[]): YearMonth {
  return months.reduce((a, b) => (a >= b ? a : b));
}
