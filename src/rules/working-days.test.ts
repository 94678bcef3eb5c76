import { describe, expect, it } from 'vitest';
import { addWorkingDays, cycleDeadlines, dayOff, isWorkingDay, timeliness, workingDayOnOrAfter } from './working-days.js';
import { NATIONAL_PARAMETERS } from './parameters/parameter-set.js';

const P = NATIONAL_PARAMETERS;

describe('the working-day calendar (State Council holiday notices of 2025 and 2026)', () => {
  it('knows weekends, holidays and make-up working days', () => {
    expect(isWorkingDay(P, '2026-06-01')).toBe(true); // a Monday
    expect(dayOff(P, '2026-06-06')).toEqual({ kind: 'weekend' });
    expect(dayOff(P, '2026-10-05')).toEqual({ kind: 'holiday', name: '国庆节' });
    expect(isWorkingDay(P, '2026-10-10')).toBe(true); // Saturday worked (调休上班)
    expect(isWorkingDay(P, '2026-02-14')).toBe(true);
    expect(dayOff(P, '2025-01-28')).toEqual({ kind: 'holiday', name: '春节' });
    expect(isWorkingDay(P, '2025-01-26')).toBe(true); // a Sunday worked
    // Before 2025 and from 2027 only weekends are days off.
    expect(isWorkingDay(P, '2024-10-01')).toBe(true);
    expect(isWorkingDay(P, '2027-01-01')).toBe(true);
  });

  it('moves a day off to the next working day and counts working days', () => {
    expect(workingDayOnOrAfter(P, '2026-10-03')).toBe('2026-10-08');
    expect(workingDayOnOrAfter(P, '2026-06-03')).toBe('2026-06-03');
    expect(addWorkingDays(P, '2026-06-12', 1)).toBe('2026-06-15'); // Friday → Monday
    expect(addWorkingDays(P, '2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays(P, '2026-02-13', 1)).toBe('2026-02-14'); // the Saturday worked before 春节
  });
});

describe('the deadlines of a cycle month', () => {
  it('are the 3rd, 5th, 10th and 15th, each moved past a holiday', () => {
    const oct = cycleDeadlines(P, '2026-10');
    expect(oct.village).toEqual({ nominal: '2026-10-03', due: '2026-10-08', movedFor: { kind: 'holiday', name: '国庆节' } });
    expect(oct.township.due).toBe('2026-10-08');
    expect(oct.county).toEqual({ nominal: '2026-10-10', due: '2026-10-10' }); // a make-up working Saturday
    expect(oct.finance.due).toBe('2026-10-15');
    const june = cycleDeadlines(P, '2026-06');
    expect([june.village.due, june.township.due, june.county.due, june.finance.due, june.bankWorkingDays]).toEqual(['2026-06-03', '2026-06-05', '2026-06-10', '2026-06-15', 1]);
    // 1月4日 is a Sunday worked (调休上班).
    expect(cycleDeadlines(P, '2026-01').village).toEqual({ nominal: '2026-01-03', due: '2026-01-04', movedFor: { kind: 'holiday', name: '元旦' } });
  });

  it('says on time, late, missing or pending', () => {
    expect(timeliness('2026-06-03', '2026-06-03', '2026-06-10')).toBe('onTime');
    expect(timeliness('2026-06-03', '2026-06-04', '2026-06-10')).toBe('late');
    expect(timeliness('2026-06-03', null, '2026-06-04')).toBe('missing');
    expect(timeliness('2026-06-03', null, '2026-06-03')).toBe('pending');
    // As of a day before it was done, it was not done yet.
    expect(timeliness('2026-06-03', '2026-06-04', '2026-06-02')).toBe('pending');
  });
});
