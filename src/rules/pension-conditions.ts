/**
 * When a resident meets every condition to draw the pension (领取条件), 国发〔2009〕32号 §七, 国发〔2014〕8号 §七;
 * DOMAIN.md §5. Payment starts the month after *all* of them are met:
 * - the pension age (60th birthday);
 * - enrolment: the day the county confirmed it (never a month before the person was in the scheme);
 * - the contribution obligation of the category set by the age at the scheme start:
 *   - at or over the pension age then (`noContribution`): nothing to pay;
 *   - fewer than 15 years to go (`transitional`): a premium for every year from the scheme start to the
 *     pension age (应按年缴费，也允许补缴), or — where the province says so (dated parameter
 *     `transitionalObligation`) — only for the years from enrolment;
 *   - 15 years or more to go (`standard`): at least 15 years (累计缴费不少于15年), back-payment allowed.
 * The obligation is met on the day the premium that completes it was paid (a back-payment included).
 */
import { ageOn, birthdayAtAge, maxIsoDate, parseIsoDate, type IsoDate } from './dates.js';
import { RuleError } from './errors.js';
import { explain, type Explanation } from './explanation.js';
import type { ObligationCategory } from './contribution-obligation.js';
import { parameterAsOf, type ParameterSet } from './parameters/parameter-set.js';

export interface CreditedYear {
  /** The contribution year. */
  readonly year: number;
  /** The day the year's premium was paid (the earliest, when a year was paid in parts). */
  readonly paidOn: IsoDate;
}

export interface PensionConditionsInput {
  readonly birthDate: IsoDate;
  readonly schemeStartDate: IsoDate;
  /** The day the enrolment took effect (confirmed by the county; for records taken over, the first enrolment month's 1st). */
  readonly enrolledOn: IsoDate;
  /** Years credited (posted, not reversed): yearly premiums and back-payments. */
  readonly credited: readonly CreditedYear[];
}

export interface PensionConditions {
  readonly category: ObligationCategory;
  readonly pensionAgeDate: IsoDate;
  readonly ageAtSchemeStart: number;
  /** Years of contribution the category requires. */
  readonly yearsRequired: number;
  readonly yearsCredited: number;
  /** Years still to be paid (back-paid) before the pension can start; 0 when the obligation is met. */
  readonly backPayRequired: number;
  /** The day the contribution obligation was met; absent while it is not. */
  readonly obligationMetOn?: IsoDate;
  /** The latest of the enrolment and the obligation (the pension age is applied by awardBenefit); absent while unmet. */
  readonly conditionsMetOn?: IsoDate;
  /** Why the person may or may not draw the pension, in words. */
  readonly explanation: Explanation;
}

/** Whether and since when a person meets the conditions other than age (awardBenefit adds the pension age). */
export function pensionConditions(input: PensionConditionsInput, params: ParameterSet): PensionConditions {
  const { birthDate, schemeStartDate, enrolledOn } = input;
  parseIsoDate(birthDate, 'birthDate');
  parseIsoDate(schemeStartDate, 'schemeStartDate');
  parseIsoDate(enrolledOn, 'enrolledOn');
  for (const c of input.credited) {
    if (!Number.isSafeInteger(c.year)) throw new RuleError('INPUT_INVALID', `credited year must be a whole number, got ${c.year}`, { field: 'credited' });
    parseIsoDate(c.paidOn, 'credited.paidOn');
  }
  const pensionAge = parameterAsOf(params, 'pensionAge', schemeStartDate);
  const minYears = parameterAsOf(params, 'minimumContributionYears', schemeStartDate);
  const pensionAgeDate = birthdayAtAge(birthDate, pensionAge.value);
  const ageAtStart = ageOn(birthDate, schemeStartDate);
  const yearsTo = Math.max(0, pensionAge.value - ageAtStart);

  let category: ObligationCategory;
  let yearsRequired: number;
  const steps = [];
  if (yearsTo === 0) {
    category = 'noContribution';
    yearsRequired = 0;
    steps.push(
      explain(
        'conditions.noContribution',
        `制度实施时已满 ${pensionAge.value} 周岁（${ageAtStart} 岁），不用缴费`,
        `aged ${ageAtStart} when the scheme started: no contribution required`,
        { parameters: [pensionAge.citation] },
      ),
    );
  } else if (yearsTo < minYears.value) {
    category = 'transitional';
    const rule = parameterAsOf(params, 'transitionalObligation', schemeStartDate);
    const from = rule.value === 'everyYearSinceEnrolment' ? maxIsoDate(schemeStartDate, enrolledOn) : schemeStartDate;
    yearsRequired = Math.max(0, Math.min(yearsTo, pensionAge.value - ageOn(birthDate, from)));
    steps.push(
      explain(
        'conditions.transitional',
        rule.value === 'everyYearSinceEnrolment'
          ? `制度实施时 ${ageAtStart} 岁，距领取年龄不足 ${minYears.value} 年：自参保起按年缴费，应缴 ${yearsRequired} 年`
          : `制度实施时 ${ageAtStart} 岁，距领取年龄不足 ${minYears.value} 年：应按年缴费（允许补缴），应缴 ${yearsRequired} 年`,
        rule.value === 'everyYearSinceEnrolment'
          ? `aged ${ageAtStart} when the scheme started, fewer than ${minYears.value} years to the pension age: pays every year from enrolment, ${yearsRequired} years`
          : `aged ${ageAtStart} when the scheme started, fewer than ${minYears.value} years to the pension age: pays every year (back-payment allowed), ${yearsRequired} years`,
        { parameters: [pensionAge.citation, minYears.citation, rule.citation] },
      ),
    );
  } else {
    category = 'standard';
    yearsRequired = minYears.value;
    steps.push(
      explain(
        'conditions.standard',
        `制度实施时 ${ageAtStart} 岁，距领取年龄 ${minYears.value} 年以上：累计缴费不少于 ${minYears.value} 年`,
        `aged ${ageAtStart} when the scheme started, ${minYears.value} years or more to the pension age: at least ${minYears.value} years of contribution`,
        { parameters: [pensionAge.citation, minYears.citation] },
      ),
    );
  }

  // The day each distinct year was first paid, in payment order: the obligation is met on the paying day of the last year it needs.
  const firstPaid = new Map<number, IsoDate>();
  for (const c of input.credited) {
    const seen = firstPaid.get(c.year);
    if (seen === undefined || c.paidOn < seen) firstPaid.set(c.year, c.paidOn);
  }
  const payDays = [...firstPaid.values()].sort();
  const yearsCredited = payDays.length;
  const backPayRequired = Math.max(0, yearsRequired - yearsCredited);
  const obligationMetOn = yearsRequired === 0 ? schemeStartDate : backPayRequired === 0 ? payDays[yearsRequired - 1] : undefined;

  if (obligationMetOn === undefined) {
    steps.push(
      explain(
        'conditions.backPayRequired',
        `已缴费 ${yearsCredited} 年，还须补缴 ${backPayRequired} 年，补缴后次月起领取`,
        `${yearsCredited} year${yearsCredited === 1 ? '' : 's'} paid: ${backPayRequired} more must be back-paid; the pension starts the month after`,
      ),
    );
    return { category, pensionAgeDate, ageAtSchemeStart: ageAtStart, yearsRequired, yearsCredited, backPayRequired, explanation: steps };
  }
  if (yearsRequired > 0) {
    steps.push(
      explain(
        'conditions.obligationMet',
        `已缴费 ${yearsCredited} 年，缴费义务于 ${obligationMetOn} 履行完毕`,
        `${yearsCredited} year${yearsCredited === 1 ? '' : 's'} paid: the obligation was met on ${obligationMetOn}`,
      ),
    );
  }
  const conditionsMetOn = maxIsoDate(enrolledOn, obligationMetOn);
  steps.push(
    explain(
      'conditions.enrolled',
      `参保登记 ${enrolledOn}；除年龄外的领取条件于 ${conditionsMetOn} 全部具备，年满 ${pensionAge.value} 周岁之日为 ${pensionAgeDate}`,
      `enrolled on ${enrolledOn}; every condition but age met on ${conditionsMetOn}; reaches ${pensionAge.value} on ${pensionAgeDate}`,
    ),
  );
  return { category, pensionAgeDate, ageAtSchemeStart: ageAtStart, yearsRequired, yearsCredited, backPayRequired: 0, obligationMetOn, conditionsMetOn, explanation: steps };
}
