import { describe, expect, it } from 'vitest';
import { awardBenefit } from './benefit-award.js';
import { pensionConditions } from './pension-conditions.js';
import { buildParameterSet, NATIONAL_PARAMETERS } from './index.js';

const START = '2009-12-01';
const years = (from: number, to: number, day = '03-15') => Array.from({ length: to - from + 1 }, (_, i) => ({ year: from + i, paidOn: `${from + i}-${day}` }));

function startMonth(birthDate: string, enrolledOn: string, credited: { year: number; paidOn: string }[], params = NATIONAL_PARAMETERS) {
  const c = pensionConditions({ birthDate, schemeStartDate: START, enrolledOn, credited }, params);
  return { c, start: c.conditionsMetOn ? awardBenefit({ birthDate, schemeStartDate: START, conditionsMetOn: c.conditionsMetOn, balances: {}, contributionYears: c.yearsCredited }, params).startMonth : null };
}

describe('the conditions to draw the pension', () => {
  it('a person 60 at the scheme start who enrols in 2026 is paid from the month after the county confirms, not from 2009', () => {
    const { c, start } = startMonth('1940-05-01', '2026-11-20', []);
    expect(c).toMatchObject({ category: 'noContribution', yearsRequired: 0, backPayRequired: 0, conditionsMetOn: '2026-11-20' });
    expect(start).toBe('2026-12');
  });

  it('a person 59 at the scheme start who never paid must pay one year first', () => {
    const { c, start } = startMonth('1950-06-10', '2010-01-01', []);
    expect(c).toMatchObject({ category: 'transitional', yearsRequired: 1, yearsCredited: 0, backPayRequired: 1 });
    expect(c.conditionsMetOn).toBeUndefined();
    expect(start).toBeNull();
    expect(c.explanation.map((s) => s.text['zh-CN']).join('')).toContain('还须补缴 1 年');
  });

  it('a transitional person pays every year from the scheme start; a back-payment that completes it starts the pension the month after', () => {
    // 54 at the start: 6 years owed (ages 54–59). Paid 5 yearly premiums, then back-paid the sixth on 2026-10-08.
    const short = startMonth('1955-06-15', '2010-01-01', years(2010, 2014));
    expect(short.c).toMatchObject({ yearsRequired: 6, backPayRequired: 1 });
    const backPaid = startMonth('1955-06-15', '2010-01-01', [...years(2010, 2014), { year: 2009, paidOn: '2026-10-08' }]);
    expect(backPaid.c).toMatchObject({ backPayRequired: 0, obligationMetOn: '2026-10-08', conditionsMetOn: '2026-10-08' });
    expect(backPaid.start).toBe('2026-11');
    // Paid every year before turning 60: the pension starts the month after the birthday.
    expect(startMonth('1955-06-15', '2010-01-01', years(2010, 2015)).start).toBe('2015-07');
  });

  it('a person 49 at the start who enrols at 66 owes every year since the start: not before back-paying them, then from the month after', () => {
    const none = startMonth('1960-03-01', '2026-10-09', [{ year: 2026, paidOn: '2026-10-09' }]);
    expect(none.c).toMatchObject({ category: 'transitional', yearsRequired: 11, backPayRequired: 10 });
    const all = startMonth('1960-03-01', '2026-10-09', [...years(2016, 2025).map((y) => ({ ...y, paidOn: '2026-11-02' })), { year: 2026, paidOn: '2026-10-09' }]);
    expect(all.c).toMatchObject({ backPayRequired: 0, obligationMetOn: '2026-11-02' });
    expect(all.start).toBe('2026-12');
  });

  it('a person 44 at the start needs 15 years; the fifteenth year paid is the day the obligation is met', () => {
    const c = pensionConditions({ birthDate: '1965-01-01', schemeStartDate: START, enrolledOn: '2010-01-01', credited: years(2011, 2025) }, NATIONAL_PARAMETERS);
    expect(c).toMatchObject({ category: 'standard', yearsRequired: 15, backPayRequired: 0, obligationMetOn: '2025-03-15', conditionsMetOn: '2025-03-15' });
    // The pension age (2025-01-01) came before the fifteenth year: paid from the month after that payment.
    expect(awardBenefit({ birthDate: '1965-01-01', schemeStartDate: START, conditionsMetOn: c.conditionsMetOn!, balances: {}, contributionYears: 15 }, NATIONAL_PARAMETERS).startMonth).toBe('2025-04');
  });

  it('a province that asks only the years from enrolment (dated parameter) counts from the enrolment', () => {
    const province = buildParameterSet({
      province: {
        level: 'province',
        code: '37',
        name: '山东省',
        tables: { transitionalObligation: [{ from: '2009-09-01', value: 'everyYearSinceEnrolment', source: [{ note: { 'zh-CN': '测试规则', en: 'test rule' } }] }] },
      },
    });
    // 55 at the start, enrolled on 2012-05-01 at 57: owes ages 57–59, 3 years.
    const { c } = startMonth('1954-08-01', '2012-05-01', years(2012, 2014), province);
    expect(c).toMatchObject({ yearsRequired: 3, backPayRequired: 0, obligationMetOn: '2014-03-15', conditionsMetOn: '2014-03-15' });
  });
});
