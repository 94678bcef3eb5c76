/**
 * What a resident owes by their age when the scheme started (国发〔2009〕32号 §七; DOMAIN.md §3):
 * - at or over the pension age: pays nothing, draws the basic pension (`noContribution`);
 * - fewer than 15 years to the pension age: pays yearly and may back-pay (补缴) up to 15 years in total
 *   (`transitional`);
 * - 15 years or more to the pension age: pays yearly and must reach at least 15 years (`standard`).
 * Years are counted in completed years of age: the yearly obligations are the ages from the age at the
 * scheme start up to the pension age minus one.
 */
import { ageOn, parseIsoDate, type IsoDate } from './dates.js';
import { RuleError } from './errors.js';
import { explain, type Explanation } from './explanation.js';
import { parameterAsOf, type ParameterSet } from './parameters/parameter-set.js';

export type ObligationCategory = 'noContribution' | 'transitional' | 'standard';

export interface ContributionObligationInput {
  readonly birthDate: IsoDate;
  readonly schemeStartDate: IsoDate;
  readonly asOf: IsoDate;
  /** Years already credited (yearly and back-paid), including this year's if paid. */
  readonly yearsCredited: number;
  /** Whether this year's yearly premium is already paid. */
  readonly currentYearPaid?: boolean;
}

export interface ContributionObligation {
  readonly category: ObligationCategory;
  readonly ageAtSchemeStart: number;
  /** Pension age − age at the scheme start (0 for `noContribution`). */
  readonly yearsToPensionAgeAtStart: number;
  /** Yearly payments still to make from `asOf`, this year's included when unpaid. */
  readonly yearlyPaymentsRemaining: number;
  readonly minimumTotalYears?: number;
  readonly maximumTotalYears?: number;
  /** Years that may be back-paid now. */
  readonly backPayAllowedNow: number;
  /** Years that must be back-paid now to reach the minimum (standard category only). */
  readonly backPayRequiredNow: number;
  readonly explanation: Explanation;
}

export function contributionObligation(input: ContributionObligationInput, params: ParameterSet): ContributionObligation {
  const { birthDate, schemeStartDate, asOf, yearsCredited } = input;
  parseIsoDate(birthDate, 'birthDate');
  parseIsoDate(schemeStartDate, 'schemeStartDate');
  parseIsoDate(asOf, 'asOf');
  if (!Number.isSafeInteger(yearsCredited) || yearsCredited < 0) {
    throw new RuleError('INPUT_INVALID', `yearsCredited must be a whole number ≥ 0, got ${yearsCredited}`, { field: 'yearsCredited' });
  }
  if (asOf < schemeStartDate) {
    throw new RuleError('DATE_ORDER', `asOf ${asOf} is before the scheme start ${schemeStartDate}`, { field: 'asOf', params: { asOf, schemeStartDate } });
  }
  const pensionAge = parameterAsOf(params, 'pensionAge', schemeStartDate);
  const minYears = parameterAsOf(params, 'minimumContributionYears', schemeStartDate);
  const ageAtStart = ageOn(birthDate, schemeStartDate);
  const age = pensionAge.value;
  const fifteen = minYears.value;
  const citations = [pensionAge.citation, minYears.citation];

  if (ageAtStart >= age) {
    return {
      category: 'noContribution',
      ageAtSchemeStart: ageAtStart,
      yearsToPensionAgeAtStart: 0,
      yearlyPaymentsRemaining: 0,
      backPayAllowedNow: 0,
      backPayRequiredNow: 0,
      explanation: [
        explain(
          'obligation.noContribution',
          `制度实施时已满 ${age} 周岁（${ageAtStart} 岁），不用缴费，可按月领取基础养老金`,
          `aged ${ageAtStart} (≥ ${age}) when the scheme started: pays nothing and draws the basic pension monthly`,
          { parameters: citations },
        ),
      ],
    };
  }

  const yearsTo = age - ageAtStart;
  const ageNow = ageOn(birthDate, asOf);
  const reached = ageNow >= age;
  const currentPaid = input.currentYearPaid ?? false;
  const currentDue = reached || currentPaid ? 0 : 1;
  const futureYearly = reached ? 0 : age - 1 - ageNow;
  const remaining = currentDue + futureYearly;
  const startStep = explain(
    'obligation.start',
    `制度实施时 ${ageAtStart} 岁，距领取年龄 ${age} 岁还有 ${yearsTo} 年`,
    `aged ${ageAtStart} when the scheme started: ${yearsTo} years to the pension age ${age}`,
    { parameters: citations },
  );
  const remainingStep = explain(
    'obligation.remaining',
    `已缴费 ${yearsCredited} 年，今后还应按年缴费 ${remaining} 年`,
    `${yearsCredited} years credited; ${remaining} yearly payments still to make`,
  );

  if (yearsTo < fifteen) {
    const allowed = Math.max(0, fifteen - yearsCredited - remaining);
    return {
      category: 'transitional',
      ageAtSchemeStart: ageAtStart,
      yearsToPensionAgeAtStart: yearsTo,
      yearlyPaymentsRemaining: remaining,
      maximumTotalYears: fifteen,
      backPayAllowedNow: allowed,
      backPayRequiredNow: 0,
      explanation: [
        startStep,
        remainingStep,
        explain(
          'obligation.transitional',
          `距领取年龄不足 ${fifteen} 年：按年缴费，允许补缴，累计不超过 ${fifteen} 年；现可补缴 ${allowed} 年`,
          `fewer than ${fifteen} years to the pension age: pays yearly and may back-pay up to ${fifteen} years in total; ${allowed} years may be back-paid now`,
        ),
      ],
    };
  }

  const required = Math.max(0, fifteen - yearsCredited - remaining);
  const yearsElapsed = Math.min(ageNow, age) - ageAtStart;
  const missed = Math.max(0, yearsElapsed - (yearsCredited - (currentPaid && !reached ? 1 : 0)));
  const allowed = Math.max(required, missed);
  return {
    category: 'standard',
    ageAtSchemeStart: ageAtStart,
    yearsToPensionAgeAtStart: yearsTo,
    yearlyPaymentsRemaining: remaining,
    minimumTotalYears: fifteen,
    backPayAllowedNow: allowed,
    backPayRequiredNow: required,
    explanation: [
      startStep,
      remainingStep,
      explain(
        'obligation.standard',
        `距领取年龄 ${fifteen} 年以上：按年缴费，累计不少于 ${fifteen} 年；漏缴 ${missed} 年可补缴，须补缴 ${required} 年`,
        `${fifteen} years or more to the pension age: pays yearly and must reach ${fifteen} years; ${missed} missed years may be back-paid, ${required} must be`,
      ),
    ],
  };
}
