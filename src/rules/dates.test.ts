import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, addMonthsToDate, ageOn, birthdayAtAge, dayNumber, daysBetween, fromDayNumber, monthRange, parseIsoDate } from './dates.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('dates', () => {
  it('counts days without a clock or time zone', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(daysBetween('2012-01-01', '2013-01-01')).toBe(366);
    expect(fromDayNumber(dayNumber('2000-02-29'))).toBe('2000-02-29');
  });

  it('round-trips day numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: -300_000, max: 2_900_000 }), (n) => {
        expect(dayNumber(fromDayNumber(n))).toBe(n);
      }),
    );
  });

  it('refuses impossible dates', () => {
    for (const bad of ['2011-02-29', '2010-13-01', '2010-1-01', '20100101', '1900-02-29']) {
      expect(codeOf(() => parseIsoDate(bad))).toBe('DATE_FORMAT');
    }
  });

  it('computes completed age and anniversaries', () => {
    expect(ageOn('1950-03-15', '2010-03-14')).toBe(59);
    expect(ageOn('1950-03-15', '2010-03-15')).toBe(60);
    expect(birthdayAtAge('1952-02-29', 61)).toBe('2013-03-01');
    expect(ageOn('1952-02-29', '2013-02-28')).toBe(60);
    expect(ageOn('1952-02-29', '2013-03-01')).toBe(61);
  });

  it('does month arithmetic', () => {
    expect(addMonths('2010-12', 1)).toBe('2011-01');
    expect(addMonths('2010-01', -1)).toBe('2009-12');
    expect(monthRange('2011-11', '2012-02')).toEqual(['2011-11', '2011-12', '2012-01', '2012-02']);
    expect(monthRange('2012-02', '2011-11')).toEqual([]);
    expect(addMonthsToDate('2023-01-31', 1)).toBe('2023-02-28');
  });
});
