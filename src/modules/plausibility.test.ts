// The one rule for dates of past facts and for implausible ages (issue 7 part 6), and the calculator using it
// with a given `today` (the engine reads no clock).
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { errorMessage } from '../errors/messages.js';
import { calculate } from './calculator/calculate.js';
import { buildParameterLibrary } from './calculator/library.js';
import { assertPastDate, implausibleAge, pastDateError, pastDateProblem } from './plausibility.js';

const TODAY = '2026-12-01';

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('nothing thrown');
}

describe('dates of past facts', () => {
  it('today and earlier pass; tomorrow is in the future; a non-date is malformed', () => {
    expect(pastDateProblem('2026-12-01', TODAY)).toBeUndefined();
    expect(pastDateProblem('1899-01-01', TODAY)).toBeUndefined();
    expect(pastDateProblem('2026-12-02', TODAY)).toBe('future');
    expect(pastDateProblem('2026-02-30', TODAY)).toBe('format');
    expect(pastDateProblem('2026-1-1', TODAY)).toBe('format');
  });

  it('names the field, its label in both languages and the row of a file', () => {
    const error = pastDateError('2030-01-01', { field: 'birthDate', today: TODAY, row: 7 });
    expect(error).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'birthDate', row: 7 });
    expect(errorMessage('DATE_IN_FUTURE', 'zh-CN', error!.params)).toBe('出生日期“2030-01-01”晚于今天（2026-12-01）：已经发生的事不能填将来的日期');
    expect(errorMessage('DATE_IN_FUTURE', 'en', error!.params)).toBe('Birth date "2030-01-01" is after today (2026-12-01): a date of something that has happened cannot be in the future');
    expect(pastDateError('2026-13-01', { field: 'birthDate', today: TODAY })?.code).toBe('DATE_FORMAT');
  });

  it('keeps a field’s own code where it has one', () => {
    const error = caught(() => assertPastDate('2026-12-02', { field: 'paidOn', today: TODAY, code: 'CONTRIBUTION_DATE' }));
    expect(error).toMatchObject({ code: 'CONTRIBUTION_DATE', status: 400, field: 'paidOn' });
    expect(errorMessage(error.code, 'en', error.params)).toBe('Payment date "2026-12-02" is not valid (not after today)');
    expect(() => assertPastDate('2026-12-01', { field: 'paidOn', today: TODAY })).not.toThrow();
  });
});

describe('implausible ages', () => {
  it('a birth year before 1900 or an age over 120 on the day', () => {
    expect(implausibleAge('1899-12-31', '1950-01-01')).toEqual({ year: 1899, age: 50 });
    expect(implausibleAge('1900-01-01', TODAY)).toEqual({ year: 1900, age: 126 });
    expect(implausibleAge('1906-12-01', TODAY)).toBeUndefined(); // 120 today: not over 120
    expect(implausibleAge('1905-12-02', TODAY)).toBeUndefined(); // 120 until tomorrow
    expect(implausibleAge('1905-12-01', TODAY)).toEqual({ year: 1905, age: 121 }); // 121 today
  });
});

describe('calculator', () => {
  const library = buildParameterLibrary([]);
  it('refuses a birth, scheme start or death after the given today, and keeps asOf free', () => {
    expect(caught(() => calculate('benefit', { birthDate: '2026-12-02' }, library, TODAY))).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'birthDate', status: 400 });
    expect(caught(() => calculate('obligation', { birthDate: '1980-01-01', schemeStartDate: '2027-01-01', asOf: TODAY }, library, TODAY))).toMatchObject({ field: 'schemeStartDate' });
    expect(caught(() => calculate('death', { deathDate: '2026-12-02' }, library, TODAY))).toMatchObject({ field: 'deathDate' });
    expect(calculate('benefit', { birthDate: '1950-03-15' }, library, TODAY).kind).toBe('benefit');
    expect(calculate('obligation', { birthDate: '2015-06-01', asOf: '2035-06-01' }, library, TODAY).kind).toBe('obligation');
    expect(calculate('contribution', { year: 2027, paidOn: '2027-03-01', tier: '500' }, library, TODAY).kind).toBe('contribution');
  });
});
