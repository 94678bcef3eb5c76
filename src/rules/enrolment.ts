/**
 * Checking an enrolment application (参保登记), 国发〔2009〕32号 §三, 国发〔2014〕8号 §三; DOMAIN.md §2:
 * a valid GB 11643 ID number (old 15-digit numbers are upgraded, not refused), the birth date and sex typed
 * on the form agree with the number, the person is at least the minimum age (16) on the application day,
 * and declares not being a full-time student nor in another state pension scheme. Every problem is
 * returned (not only the first), each naming its field, so a batch can report all of them per row.
 */
import { ageOn, isIsoDate, type IsoDate } from './dates.js';
import { validateIdNumber } from './id-number.js';
import { explain, type Explanation } from './explanation.js';
import { parameterAsOf, type ParameterSet } from './parameters/parameter-set.js';

export type EnrolmentProblemCode =
  | 'ID_LENGTH'
  | 'ID_CHARACTERS'
  | 'ID_BIRTH_DATE'
  | 'ID_CHECK_DIGIT'
  | 'ENROL_NAME'
  | 'ENROL_BIRTH_DATE_MISMATCH'
  | 'ENROL_SEX_MISMATCH'
  | 'ENROL_TOO_YOUNG'
  | 'ENROL_STUDENT'
  | 'ENROL_OTHER_PENSION';

export interface EnrolmentProblem {
  readonly code: EnrolmentProblemCode;
  readonly field: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface EnrolmentApplicationFacts {
  readonly idNumber: string;
  readonly name: string;
  /** As typed on the form; when given they must agree with the ID number. */
  readonly sex?: 'M' | 'F' | undefined;
  readonly birthDate?: IsoDate | undefined;
  /** The day of the application. */
  readonly asOf: IsoDate;
  readonly notFullTimeStudent: boolean;
  readonly noOtherStatePension: boolean;
}

export interface EnrolmentCheck {
  readonly ok: boolean;
  readonly problems: readonly EnrolmentProblem[];
  /** The 18-character number (upgraded from 15 digits when needed); absent when the number is invalid. */
  readonly idNumber?: string;
  readonly birthDate?: IsoDate;
  readonly sex?: 'M' | 'F';
  readonly age?: number;
  /** At or over the pension age: enrols to draw the basic pension without paying. */
  readonly pensionAgeReached?: boolean;
  readonly explanation: Explanation;
}

/** Chinese names: 2–20 characters of CJK, the middle dot of minority names, or Latin letters and spaces. */
const NAME = /^[\p{Script=Han}·•A-Za-z][\p{Script=Han}·•A-Za-z ]{0,18}[\p{Script=Han}A-Za-z]$/u;

export function checkEnrolmentApplication(facts: EnrolmentApplicationFacts, params: ParameterSet): EnrolmentCheck {
  const problems: EnrolmentProblem[] = [];
  const name = facts.name.normalize('NFKC').trim();
  if (!NAME.test(name)) problems.push({ code: 'ENROL_NAME', field: 'name', params: { value: facts.name } });
  if (!facts.notFullTimeStudent) problems.push({ code: 'ENROL_STUDENT', field: 'notFullTimeStudent', params: {} });
  if (!facts.noOtherStatePension) problems.push({ code: 'ENROL_OTHER_PENSION', field: 'noOtherStatePension', params: {} });

  const id = validateIdNumber(facts.idNumber, { today: facts.asOf });
  if (!id.ok) {
    problems.push({ code: id.code, field: 'idNumber', params: { value: facts.idNumber } });
    return { ok: false, problems, explanation: [] };
  }
  const sex = id.sex === 'male' ? 'M' : 'F';
  if (facts.birthDate !== undefined && (!isIsoDate(facts.birthDate) || facts.birthDate !== id.birthDate)) {
    problems.push({ code: 'ENROL_BIRTH_DATE_MISMATCH', field: 'birthDate', params: { value: facts.birthDate, fromId: id.birthDate } });
  }
  if (facts.sex !== undefined && facts.sex !== sex) {
    // The codes for a program, the words for the message (性别 女 与身份证号码（男）不一致).
    const words = { M: { zh: '男', en: 'male' }, F: { zh: '女', en: 'female' } } as const;
    const given = words[facts.sex as 'M' | 'F'];
    problems.push({
      code: 'ENROL_SEX_MISMATCH',
      field: 'sex',
      params: { value: facts.sex, fromId: sex, valueZh: given?.zh ?? facts.sex, fromIdZh: words[sex].zh, valueEn: given?.en ?? facts.sex, fromIdEn: words[sex].en },
    });
  }
  const minimumAge = parameterAsOf(params, 'minimumEnrolmentAge', facts.asOf);
  const pensionAge = parameterAsOf(params, 'pensionAge', facts.asOf);
  const age = ageOn(id.birthDate, facts.asOf);
  if (age < minimumAge.value) {
    problems.push({ code: 'ENROL_TOO_YOUNG', field: 'idNumber', params: { age, minimum: minimumAge.value } });
  }
  const pensionAgeReached = age >= pensionAge.value;
  const explanation: Explanation = [
    explain(
      'enrolment.identity',
      `身份证号码有效${id.upgradedFrom15 ? '（由 15 位升为 18 位）' : ''}：${id.birthDate} 出生，${sex === 'M' ? '男' : '女'}`,
      `valid ID number${id.upgradedFrom15 ? ' (upgraded from 15 digits)' : ''}: born ${id.birthDate}, ${sex === 'M' ? 'male' : 'female'}`,
    ),
    explain('enrolment.age', `${facts.asOf} 时 ${age} 周岁（参保须年满 ${minimumAge.value} 周岁）`, `${age} years old on ${facts.asOf} (the minimum is ${minimumAge.value})`, {
      parameters: [minimumAge.citation],
    }),
    ...(pensionAgeReached
      ? [
          explain('enrolment.pensionAge', `已满 ${pensionAge.value} 周岁：不缴费，按规定领取基础养老金`, `${pensionAge.value} or older: pays nothing and draws the basic pension as the rules allow`, {
            parameters: [pensionAge.citation],
          }),
        ]
      : []),
  ];
  return { ok: problems.length === 0, problems, idNumber: id.idNumber, birthDate: id.birthDate, sex, age, pensionAgeReached, explanation };
}
