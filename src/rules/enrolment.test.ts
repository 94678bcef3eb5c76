// Enrolment application checks (国发〔2009〕32号 §三; DOMAIN.md §2). Check characters computed by hand
// with the ISO 7064 MOD 11-2 weights, independently of id-number.ts.
import { describe, expect, it } from 'vitest';
import { checkEnrolmentApplication, type EnrolmentApplicationFacts } from './enrolment.js';
import { NATIONAL_PARAMETERS } from './parameters/parameter-set.js';

const base: EnrolmentApplicationFacts = {
  idNumber: '370783195003150019', // born 1950-03-15, sequence 001 (odd: male)
  name: '王建国',
  asOf: '2012-03-01',
  notFullTimeStudent: true,
  noOtherStatePension: true,
};
const check = (facts: Partial<EnrolmentApplicationFacts>) => checkEnrolmentApplication({ ...base, ...facts }, NATIONAL_PARAMETERS);
const codes = (facts: Partial<EnrolmentApplicationFacts>) => check(facts).problems.map((p) => `${p.code}@${p.field}`);

describe('enrolment application', () => {
  it('accepts a valid application and derives birth date, sex and age', () => {
    expect(check({})).toMatchObject({ ok: true, problems: [], idNumber: '370783195003150019', birthDate: '1950-03-15', sex: 'M', age: 61, pensionAgeReached: true });
  });

  it('upgrades an old 15-digit number instead of refusing it', () => {
    expect(check({ idNumber: '370783500315001' })).toMatchObject({ ok: true, idNumber: '370783195003150019' });
  });

  it('names the field of every problem at once', () => {
    expect(codes({ name: ' ', notFullTimeStudent: false, noOtherStatePension: false })).toEqual(['ENROL_NAME@name', 'ENROL_STUDENT@notFullTimeStudent', 'ENROL_OTHER_PENSION@noOtherStatePension']);
    expect(codes({ idNumber: '370783195003150018' })).toEqual(['ID_CHECK_DIGIT@idNumber']);
    expect(codes({ idNumber: '37078319500315001' })).toEqual(['ID_LENGTH@idNumber']);
    expect(codes({ birthDate: '1950-03-16', sex: 'F' })).toEqual(['ENROL_BIRTH_DATE_MISMATCH@birthDate', 'ENROL_SEX_MISMATCH@sex']);
  });

  it('needs the age of 16 on the day of the application', () => {
    // Born 2005-01-01 (…0039): 15 on 2020-12-31, 16 on 2021-01-01.
    expect(codes({ idNumber: '370783200501010039', asOf: '2020-12-31' })).toEqual(['ENROL_TOO_YOUNG@idNumber']);
    expect(check({ idNumber: '370783200501010039', asOf: '2021-01-01' })).toMatchObject({ ok: true, age: 16, pensionAgeReached: false });
  });

  it('accepts names of minorities with the middle dot, refuses digits', () => {
    expect(codes({ name: '阿依古丽·买买提' })).toEqual([]);
    expect(codes({ name: '王1' })).toEqual(['ENROL_NAME@name']);
  });
});
