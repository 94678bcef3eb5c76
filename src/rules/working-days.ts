/**
 * Working days and the deadlines of the monthly cycle (月度经办, DOMAIN.md §7). A day is a working day
 * when it is Monday–Friday and not in a public holiday, or when it is a make-up working day (调休上班);
 * the calendar of each year is the dated parameter `workingCalendar` (source: the State Council's yearly
 * holiday notice, 国务院办公厅关于YYYY年部分节假日安排的通知). A deadline is the day of the month in
 * `monthlyCycleDeadlines` (seed: 寿光 — village by the 3rd, township by the 5th, county by the 10th,
 * finance by the 15th, the bank within one working day); one that falls on a day off moves to the next
 * working day. Dates are China-time ISO days, months `YYYY-MM`.
 */
import { addDays, dayNumber, type IsoDate, type YearMonth } from './dates.js';
import { parameterAsOf, type ParameterSet } from './parameters/parameter-set.js';
import type { MonthlyCycleDeadlines } from './parameters/types.js';

/** Why a day is not worked: a weekend, or the name of the holiday (春节). */
export type DayOff = { readonly kind: 'weekend' } | { readonly kind: 'holiday'; readonly name: string };

/** Undefined on a working day; otherwise why the day is off. */
export function dayOff(params: ParameterSet, date: IsoDate): DayOff | undefined {
  const calendar = parameterAsOf(params, 'workingCalendar', date).value;
  if (calendar.workdays.includes(date)) return undefined;
  const holiday = calendar.holidays.find((h) => h.from <= date && date <= h.to);
  if (holiday) return { kind: 'holiday', name: holiday.name };
  // Day number 0 is 1970-01-01, a Thursday: 2 and 3 modulo 7 are Saturday and Sunday.
  const weekday = (((dayNumber(date) + 3) % 7) + 7) % 7; // 0 = Monday … 6 = Sunday
  return weekday >= 5 ? { kind: 'weekend' } : undefined;
}

export function isWorkingDay(params: ParameterSet, date: IsoDate): boolean {
  return dayOff(params, date) === undefined;
}

/** `date` itself when it is a working day, else the first working day after it. */
export function workingDayOnOrAfter(params: ParameterSet, date: IsoDate): IsoDate {
  let d = date;
  // The longest run of days off in a year (春节 with its weekends) is well under 20 days.
  for (let i = 0; i < 40 && !isWorkingDay(params, d); i++) d = addDays(d, 1);
  return d;
}

/** The `n`-th working day after `date` (n ≥ 1): the bank's "within one working day" of an allocation. */
export function addWorkingDays(params: ParameterSet, date: IsoDate, n: number): IsoDate {
  let d = date;
  for (let i = 0; i < n; i++) d = workingDayOnOrAfter(params, addDays(d, 1));
  return d;
}

/** One step's deadline: the nominal day of the month, and the day it moved to when that was a day off. */
export interface CycleDeadline {
  readonly nominal: IsoDate;
  readonly due: IsoDate;
  /** Why the nominal day was moved on (absent when it was a working day). */
  readonly movedFor?: DayOff;
}

export interface CycleDeadlines {
  readonly village: CycleDeadline;
  readonly township: CycleDeadline;
  readonly county: CycleDeadline;
  readonly finance: CycleDeadline;
  /** Working days the bank has after the allocation to pay. */
  readonly bankWorkingDays: number;
  readonly rule: MonthlyCycleDeadlines;
}

function deadline(params: ParameterSet, month: YearMonth, day: number): CycleDeadline {
  const nominal = `${month}-${String(day).padStart(2, '0')}`;
  const due = workingDayOnOrAfter(params, nominal);
  const off = dayOff(params, nominal);
  return { nominal, due, ...(off === undefined ? {} : { movedFor: off }) };
}

/** The deadlines of the cycle month `month` (YYYY-MM), by the rule in force on its first day. */
export function cycleDeadlines(params: ParameterSet, month: YearMonth): CycleDeadlines {
  const rule = parameterAsOf(params, 'monthlyCycleDeadlines', `${month}-01`).value;
  return {
    village: deadline(params, month, rule.villageDay),
    township: deadline(params, month, rule.townshipDay),
    county: deadline(params, month, rule.countyDay),
    finance: deadline(params, month, rule.financeDay),
    bankWorkingDays: rule.bankWorkingDays,
    rule,
  };
}

/** 按时 / 逾期 / 未报送 / 未到期: a step done on or before its day, after it, not done past it, not done and not yet due. */
export type Timeliness = 'onTime' | 'late' | 'missing' | 'pending';

/** Whether a step due on `due` and done on `doneOn` (China date, or null) is on time as of `today`. */
export function timeliness(due: IsoDate, doneOn: IsoDate | null, today: IsoDate): Timeliness {
  if (doneOn !== null && doneOn <= today) return doneOn <= due ? 'onTime' : 'late';
  return today > due ? 'missing' : 'pending';
}
