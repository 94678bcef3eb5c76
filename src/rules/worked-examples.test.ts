/**
 * Worked examples, computed by hand (the arithmetic is in the comment of each case), never by running
 * the code under test. Each case names the rule it checks. Amounts are fen.
 *
 * Parameter sets: NATIONAL = national defaults; SHOUGUANG = national + params/county-370783.json
 * (local top-up 5.00 from 2011-01-01 and 10.00 from 2014-07-01, subsidy 30/40/60/80 for tiers
 * 100/300/500/1000 from 2014-07-01, 1.00 per year beyond 15 from 2014-07-01, funeral grant 500.00 from
 * 2015-01-01). Scheme start in Shouguang: 2009-12-01 (seed: pensions paid from December 2009).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  awardBenefit,
  buildParameterSet,
  certificationOutcome,
  computeYearlyContribution,
  computeYearlyInterest,
  contributionObligation,
  drawAccountPension,
  familyBindingOutcome,
  NATIONAL_PARAMETERS,
  parseParameterOverrides,
  settleDeath,
  type BenefitAwardInput,
  type CertificationInput,
  type ContributionObligationInput,
  type DeathSettlementInput,
  type FamilyBindingInput,
  type ParameterSet,
  type YearlyContributionInput,
  type YearlyInterestInput,
} from './index.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

const NATIONAL = NATIONAL_PARAMETERS;
const exampleFile = new URL('../../params/county-370783.json', import.meta.url);
const SHOUGUANG = buildParameterSet({ county: parseParameterOverrides(readFileSync(exampleFile, 'utf8'), 'county-370783.json') });
const START = '2009-12-01';

function countyWith(parameters: string): ParameterSet {
  const json = `{ "scope": { "level": "county", "code": "370783", "name": "寿光市" }, "parameters": { ${parameters} } }`;
  return buildParameterSet({ county: parseParameterOverrides(json, 'test.json') });
}
const FROM_MONTH_AFTER = countyWith('"interestConvention": [{ "from": "2009-09-01", "value": "fromMonthAfterPayment", "source": "test" }]');
const WHOLE_YEAR = countyWith('"interestConvention": [{ "from": "2009-09-01", "value": "wholeYear", "source": "test" }]');
const ACTUAL_365 = countyWith('"interestDayCount": [{ "from": "2009-09-01", "value": "actual/365", "source": "test" }]');

type DeepPartial<T> = { readonly [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

interface Case<I, O> {
  readonly name: string;
  readonly rule: string;
  readonly params?: ParameterSet;
  readonly input: I;
  readonly expected: DeepPartial<O> | { readonly error: string };
}

function runCases<I, O>(title: string, fn: (input: I, params: ParameterSet) => O, cases: readonly Case<I, O>[]): void {
  describe(title, () => {
    it.each(cases.map((c) => [`${c.name} [${c.rule}]`, c] as const))('%s', (_label, c) => {
      const params = c.params ?? NATIONAL;
      if ('error' in c.expected) {
        const code = c.expected.error;
        expect(codeOf(() => fn(c.input, params))).toBe(code);
      } else {
        expect(fn(c.input, params)).toMatchObject(c.expected);
      }
    });
  });
}

type ContributionCase = Case<YearlyContributionInput, ReturnType<typeof computeYearlyContribution>>;
const contributionCases: ContributionCase[] = [
  // 100 tier, subsidy ≥ 30: 100 + 30 = 130 yuan.
  { name: 'C1 ordinary 100 tier in 2010', rule: '国发〔2009〕32号 §四(一)(三)', input: { year: 2010, paidOn: '2010-03-20', tier: 10000 }, expected: { individual: 10000, governmentSubsidy: 3000, totalCredited: 13000 } },
  // 2009 rules have one subsidy band: 500 + 30 = 530.
  { name: 'C2 500 tier in 2010 earns 30', rule: '国发〔2009〕32号 §四(三)', input: { year: 2010, paidOn: '2010-04-01', tier: 50000 }, expected: { governmentSubsidy: 3000, totalCredited: 53000 } },
  // From 2014-02-21 tiers ≥ 500 earn ≥ 60: 500 + 60 = 560.
  { name: 'C3 500 tier in 2014 earns 60', rule: '国发〔2014〕8号 §四(三)', input: { year: 2014, paidOn: '2014-03-01', tier: 50000 }, expected: { governmentSubsidy: 6000, totalCredited: 56000 } },
  // 600 is not among 100..500 before 2014-02-21.
  { name: 'C4 600 tier before the 2014 tiers', rule: '国发〔2009〕32号 §四(一)', input: { year: 2014, paidOn: '2014-01-15', tier: 60000 }, expected: { error: 'CONTRIBUTION_TIER_INVALID' } },
  // 600 + 60 = 660.
  { name: 'C5 600 tier after 2014-02-21', rule: '国发〔2014〕8号 §四(一)', input: { year: 2014, paidOn: '2014-03-01', tier: 60000 }, expected: { governmentSubsidy: 6000, totalCredited: 66000 } },
  // 2000 + 60 = 2060.
  { name: 'C6 top tier 2000', rule: '国发〔2014〕8号 §四(一)', input: { year: 2015, paidOn: '2015-03-10', tier: 200000 }, expected: { governmentSubsidy: 6000, totalCredited: 206000 } },
  // 1200 is between 1000 and 1500: not a tier.
  { name: 'C7 1200 is not a tier', rule: '国发〔2014〕8号 §四(一)', input: { year: 2015, paidOn: '2015-03-10', tier: 120000 }, expected: { error: 'CONTRIBUTION_TIER_INVALID' } },
  // Grade 1: government pays 100% of the 100 minimum → resident 0, 代缴 100, subsidy 30, total 130.
  { name: 'C8 disabled grade 1, 代缴 in full', rule: '国发〔2009〕32号 §四(三); default (local)', input: { year: 2010, paidOn: '2010-03-20', tier: 10000, identity: 'disabledGrade1' }, expected: { individual: 0, hardshipPayment: 10000, governmentSubsidy: 3000, totalCredited: 13000 } },
  // Grade 3: 50% × 100 = 50 代缴, resident 50, subsidy 30, total 130.
  { name: 'C9 disabled grade 3, half', rule: 'default (local)', input: { year: 2010, paidOn: '2010-03-20', tier: 10000, identity: 'disabledGrade3' }, expected: { individual: 5000, hardshipPayment: 5000, totalCredited: 13000 } },
  // Grade 3 at the 300 tier: 代缴 is half the minimum (50), resident pays 300 − 50 = 250; + 30 = 330.
  { name: 'C10 grade 3 at a higher tier', rule: 'default (local)', input: { year: 2010, paidOn: '2010-03-20', tier: 30000, identity: 'disabledGrade3' }, expected: { individual: 25000, hardshipPayment: 5000, governmentSubsidy: 3000, totalCredited: 33000 } },
  // 特困 at 200 in 2015: 代缴 100 (minimum tier), resident 100, subsidy 30 (200 < 500); total 230.
  { name: 'C11 特困 at the 200 tier', rule: 'default (local)', input: { year: 2015, paidOn: '2015-04-01', tier: 20000, identity: 'extremeHardship' }, expected: { individual: 10000, hardshipPayment: 10000, governmentSubsidy: 3000, totalCredited: 23000 } },
  // Back-paid year: no subsidy (default) and no 代缴: 100 paid by the resident, total 100.
  { name: 'C12 back-paid year earns nothing extra', rule: 'DOMAIN.md §3 default (local)', input: { year: 2008, paidOn: '2012-05-01', tier: 10000, kind: 'backPay', identity: 'disabledGrade1' }, expected: { individual: 10000, hardshipPayment: 0, governmentSubsidy: 0, totalCredited: 10000 } },
  // 200 + 30 + collective 20 + sponsorship 10.50 = 260.50.
  { name: 'C13 collective subsidy and sponsorship', rule: '国发〔2009〕32号 §四(二)', input: { year: 2011, paidOn: '2011-03-20', tier: 20000, collectiveSubsidy: 2000, sponsorship: 1050 }, expected: { collectiveSubsidy: 2000, sponsorship: 1050, totalCredited: 26050 } },
  // Shouguang from 2014-07-01: 300 tier → 40: 300 + 40 = 340.
  { name: 'C14 county subsidy table after its date', rule: 'county override', params: SHOUGUANG, input: { year: 2014, paidOn: '2014-08-01', tier: 30000 }, expected: { governmentSubsidy: 4000, totalCredited: 34000 } },
  // Before 2014-07-01 the national 2014 table applies: 300 < 500 → 30: 330.
  { name: 'C15 county subsidy table not before its date', rule: 'county override', params: SHOUGUANG, input: { year: 2014, paidOn: '2014-06-30', tier: 30000 }, expected: { governmentSubsidy: 3000, totalCredited: 33000 } },
  // Shouguang 1000 tier → band 1000 → 80: 1080.
  { name: 'C16 county top band', rule: 'county override', params: SHOUGUANG, input: { year: 2015, paidOn: '2015-03-01', tier: 100000 }, expected: { governmentSubsidy: 8000, totalCredited: 108000 } },
];
runCases('yearly contribution', computeYearlyContribution, contributionCases);

type ObligationCase = Case<ContributionObligationInput, ReturnType<typeof contributionObligation>>;
const obligationCases: ObligationCase[] = [
  // Born 1948-05-01: 61 on 2009-12-01 → pays nothing.
  { name: 'O1 over 60 at the start', rule: '国发〔2009〕32号 §七', input: { birthDate: '1948-05-01', schemeStartDate: START, asOf: START, yearsCredited: 0 }, expected: { category: 'noContribution', ageAtSchemeStart: 61 } },
  // Born 1949-12-01: 60 exactly on the start day.
  { name: 'O2 turning 60 on the start day', rule: '国发〔2009〕32号 §七', input: { birthDate: '1949-12-01', schemeStartDate: START, asOf: START, yearsCredited: 0 }, expected: { category: 'noContribution', ageAtSchemeStart: 60 } },
  // Born 1949-12-02: 59 on 2009-12-01 → 1 year to 60; on that day this year is due (1), none after;
  // back-pay 15 − 0 − 1 = 14.
  { name: 'O3 one day short of 60', rule: '国发〔2009〕32号 §七', input: { birthDate: '1949-12-02', schemeStartDate: START, asOf: START, yearsCredited: 0 }, expected: { category: 'transitional', yearsToPensionAgeAtStart: 1, yearlyPaymentsRemaining: 1, backPayAllowedNow: 14 } },
  // Born 1955-06-10: 54 → 6 years. On 2010-03-01 aged 54, this year paid (1 credited); future 60−1−54 = 5; back-pay 15 − 1 − 5 = 9.
  { name: 'O4 six years to 60', rule: '国发〔2009〕32号 §七', input: { birthDate: '1955-06-10', schemeStartDate: START, asOf: '2010-03-01', yearsCredited: 1, currentYearPaid: true }, expected: { category: 'transitional', yearsToPensionAgeAtStart: 6, yearlyPaymentsRemaining: 5, backPayAllowedNow: 9, backPayRequiredNow: 0 } },
  // Born 1970-01-01: 39 → 21 years; due 1 + 60−1−39 = 21 remaining; required 15 − 0 − 21 < 0 → 0.
  { name: 'O5 young contributor', rule: '国发〔2009〕32号 §七', input: { birthDate: '1970-01-01', schemeStartDate: START, asOf: '2009-12-15', yearsCredited: 0 }, expected: { category: 'standard', yearsToPensionAgeAtStart: 21, yearlyPaymentsRemaining: 21, backPayRequiredNow: 0, backPayAllowedNow: 0 } },
  // Born 1949-12-02, asked on 2009-12-15 (already 60): nothing more due yearly; back-pay 15 − 0 − 0 = 15.
  { name: 'O3b turned 60 after the start', rule: '国发〔2009〕32号 §七', input: { birthDate: '1949-12-02', schemeStartDate: START, asOf: '2009-12-15', yearsCredited: 0 }, expected: { category: 'transitional', yearlyPaymentsRemaining: 0, backPayAllowedNow: 15 } },
  // Born 1964-06-01: 45 → exactly 15 years → standard. On 2015-07-01 aged 51, 2 years credited, this year unpaid:
  // remaining 1 + (60−1−51 = 8) = 9; required 15 − 2 − 9 = 4; missed (51 − 45) − 2 = 4; allowed 4.
  { name: 'O6 exactly 15 years, fallen behind', rule: '国发〔2009〕32号 §七', input: { birthDate: '1964-06-01', schemeStartDate: START, asOf: '2015-07-01', yearsCredited: 2 }, expected: { category: 'standard', yearsToPensionAgeAtStart: 15, yearlyPaymentsRemaining: 9, backPayRequiredNow: 4, backPayAllowedNow: 4 } },
  // Born 1963-11-30: 46 on 2009-12-01 → 14 years → transitional; 1 + 13 remaining → back-pay 15 − 0 − 14 = 1.
  { name: 'O7 fourteen years to 60', rule: '国发〔2009〕32号 §七', input: { birthDate: '1963-11-30', schemeStartDate: START, asOf: '2009-12-10', yearsCredited: 0 }, expected: { category: 'transitional', yearsToPensionAgeAtStart: 14, yearlyPaymentsRemaining: 14, backPayAllowedNow: 1 } },
];
runCases('contribution obligation', contributionObligation, obligationCases);

type InterestCase = Case<YearlyInterestInput, ReturnType<typeof computeYearlyInterest>>;
const interestCases: InterestCase[] = [
  // 2010: 292 d × 2.25% + 67 d × 2.50% + 6 d × 2.75% = 657 + 167.5 + 16.5 = 841 %·d.
  // 100000 × 8.41 / 365 = 2304.11 → 2304.
  { name: 'I1 2010, three rates', rule: '国发〔2009〕32号 §五; PBOC 2010-10-20, 2010-12-26', input: { year: 2010, openingBalances: { individual: 100000 } }, expected: { totalInterest: 2304 } },
  // 2011: 39 × 2.75 + 56 × 3 + 92 × 3.25 + 178 × 3.5 = 107.25 + 168 + 299 + 623 = 1197.25 %·d;
  // 100000 × 11.9725 / 365 = 3280.14 → 3280.
  { name: 'I2 2011, four rates', rule: 'PBOC 2011-02-09, 04-06, 07-07', input: { year: 2011, openingBalances: { individual: 100000 } }, expected: { totalInterest: 3280 } },
  // 2012 (366 days): 159 × 3.5 + 28 × 3.25 + 179 × 3 = 556.5 + 91 + 537 = 1184.5 %·d;
  // 200000 × 11.845 / 366 = 2369000 / 366 = 6472.68 → 6473.
  { name: 'I3 2012, leap year', rule: 'PBOC 2012-06-08, 07-06; actual/actual', input: { year: 2012, openingBalances: { individual: 200000 } }, expected: { totalInterest: 6473 } },
  // 2013: 3.00% all year: 100000 × 0.03 = 3000.
  { name: 'I4 2013, one rate', rule: 'PBOC 2012-07-06', input: { year: 2013, openingBalances: { individual: 100000 } }, expected: { totalInterest: 3000 } },
  // Default convention: a contribution earns from next 1 January, so still 3000.
  { name: 'I5 contribution earns nothing in its year', rule: 'interestConvention default (local)', input: { year: 2013, openingBalances: { individual: 100000 }, credits: [{ on: '2013-03-15', bySource: { individual: 10000 } }] }, expected: { totalInterest: 3000, closingBalances: { individual: 113000 } } },
  // From the month after payment: 2013-04-01..12-31 = 275 d; 10000 × 0.03 × 275/365 = 226.03; 3000 + 226.03 = 3226.03 → 3226.
  { name: 'I6 from the month after payment', rule: 'interestConvention (local)', params: FROM_MONTH_AFTER, input: { year: 2013, openingBalances: { individual: 100000 }, credits: [{ on: '2013-03-15', bySource: { individual: 10000 } }] }, expected: { totalInterest: 3226 } },
  // Whole year: 110000 × 0.03 = 3300.
  { name: 'I7 whole-year convention', rule: 'interestConvention (local)', params: WHOLE_YEAR, input: { year: 2013, openingBalances: { individual: 100000 }, credits: [{ on: '2013-03-15', bySource: { individual: 10000 } }] }, expected: { totalInterest: 3300 } },
  // 60000 × 3% = 1800 and 40000 × 3% = 1200, exact.
  { name: 'I8 split by source, exact', rule: 'DOMAIN.md §4 sub-balances', input: { year: 2013, openingBalances: { individual: 60000, governmentSubsidy: 40000 } }, expected: { totalInterest: 3000, interestBySource: { individual: 1800, governmentSubsidy: 1200 } } },
  // 333, 333, 334 fen × 3% = 9.99, 9.99, 10.02 → total 30; floors 9+9+10 = 28; 2 left to the largest remainders (.99, .99).
  { name: 'I9 split by largest remainder', rule: 'rounded once per posting', input: { year: 2013, openingBalances: { individual: 333, governmentSubsidy: 333, collectiveSubsidy: 334 } }, expected: { totalInterest: 30, interestBySource: { individual: 10, governmentSubsidy: 10, collectiveSubsidy: 10 } } },
  // 2016 (leap), 1.50% all year, actual/actual: 500000 × 1.5% = 7500.
  { name: 'I10 leap year at one rate', rule: 'PBOC 2015-10-24; actual/actual', input: { year: 2016, openingBalances: { individual: 500000 } }, expected: { totalInterest: 7500, dayBasis: 366 } },
  // Same on actual/365: 7500 × 366/365 = 7520.55 → 7521.
  { name: 'I11 leap year on actual/365', rule: 'interestDayCount (local)', params: ACTUAL_365, input: { year: 2016, openingBalances: { individual: 500000 } }, expected: { totalInterest: 7521, dayBasis: 365 } },
  // 2015: 59×2.75 + 71×2.5 + 48×2.25 + 59×2 + 59×1.75 + 69×1.5 = 162.25+177.5+108+118+103.25+103.5 = 772.5 %·d;
  // 1000000 × 7.725 / 365 = 21164.38 → 21164.
  { name: 'I12 2015, six rates', rule: 'PBOC 2015 announcements', input: { year: 2015, openingBalances: { individual: 1000000 } }, expected: { totalInterest: 21164 } },
];
runCases('yearly interest', computeYearlyInterest, interestCases);

type AwardCase = Case<BenefitAwardInput, ReturnType<typeof awardBenefit>>;
const awardCases: AwardCase[] = [
  // 60 on 2010-03-15 → from 2010-04 (scheme started 2009-12). Basic 55.00; 139000 ÷ 139 = 1000 → 65.00.
  { name: 'A1 born 1950-03-15 with 1,390.00', rule: '国发〔2009〕32号 §六–§七', input: { birthDate: '1950-03-15', schemeStartDate: START, balances: { individual: 139000 }, contributionYears: 0 }, expected: { startMonth: '2010-04', basicPension: 5500, accountPension: 1000, monthlyPension: 6500 } },
  // Already 60 when the scheme started: paid from the scheme's month, 2009-12, basic only.
  { name: 'A2 over 60 at the start', rule: '国发〔2009〕32号 §七', input: { birthDate: '1948-05-01', schemeStartDate: START, balances: {}, contributionYears: 0 }, expected: { startMonth: '2009-12', basicPension: 5500, accountPension: 0, monthlyPension: 5500 } },
  // 60 on 2014-08-20 → 2014-09, floor 70 from 2014-07-01. 300000 ÷ 139 = 2158.27 → 2158; 7000 + 2158 = 9158.
  { name: 'A3 after the 2014-07 raise', rule: '人社部发〔2015〕5号', input: { birthDate: '1954-08-20', schemeStartDate: START, balances: { individual: 300000 }, contributionYears: 5 }, expected: { startMonth: '2014-09', centralBasicPension: 7000, accountPension: 2158, monthlyPension: 9158 } },
  // 100010 = 139 × 719 + 69; 2 × 69 = 138 < 139 → 719.
  { name: 'A4 account pension rounds down below half', rule: 'DOMAIN.md §10 half-up', input: { birthDate: '1952-01-05', schemeStartDate: START, balances: { individual: 100010 }, contributionYears: 2 }, expected: { accountPension: 719 } },
  // 100011 = 139 × 719 + 70; 2 × 70 = 140 ≥ 139 → 720.
  { name: 'A5 account pension rounds up from half', rule: 'DOMAIN.md §10 half-up', input: { birthDate: '1952-01-05', schemeStartDate: START, balances: { individual: 100011 }, contributionYears: 2 }, expected: { accountPension: 720 } },
  // 60 on 2026-03-05 → 2026-04: floor 163 (2026), Shouguang top-up 10, 17 years → 2 × 1.00 = 2: basic 175.00.
  // 2000000 = 139 × 14388 + 68 → 14388; total 17500 + 14388 = 31888.
  { name: 'A6 county top-up and long-contribution extra', rule: 'county override; 2026 floor', params: SHOUGUANG, input: { birthDate: '1966-03-05', schemeStartDate: START, balances: { individual: 2000000 }, contributionYears: 17 }, expected: { startMonth: '2026-04', centralBasicPension: 16300, localBasicPensionTopUp: 1000, longContributionExtra: 200, basicPension: 17500, accountPension: 14388, monthlyPension: 31888 } },
  // Same person under Shouguang in 2010: top-up starts 2011-01-01, so 0 → 55.00 + 10.00.
  { name: 'A7 county top-up not before its date', rule: 'county override', params: SHOUGUANG, input: { birthDate: '1950-03-15', schemeStartDate: START, balances: { individual: 139000 }, contributionYears: 0 }, expected: { localBasicPensionTopUp: 0, monthlyPension: 6500 } },
  // Conditions met 2010-07-20 (after the birthday) → 2010-08.
  { name: 'A8 conditions met after 60', rule: 'DOMAIN.md §5', input: { birthDate: '1950-03-15', schemeStartDate: START, conditionsMetOn: '2010-07-20', balances: {}, contributionYears: 0 }, expected: { startMonth: '2010-08' } },
  // Shandong is east: 50% × 55.00 = 27.50.
  { name: 'A9 central share, east', rule: '国发〔2009〕32号 §四(三)', input: { birthDate: '1950-03-15', schemeStartDate: START, balances: {}, contributionYears: 0, regionCode: '370783' }, expected: { centralFinanceShare: 2750 } },
  // Sichuan is west: 100% × 55.00.
  { name: 'A10 central share, west', rule: '国发〔2009〕32号 §四(三)', input: { birthDate: '1950-03-15', schemeStartDate: START, balances: {}, contributionYears: 0, regionCode: '51' }, expected: { centralFinanceShare: 5500 } },
  // 60 on 2018-01-10 → 2018-02, floor 88.
  { name: 'A11 2018 floor', rule: '人社部发〔2018〕21号', input: { birthDate: '1958-01-10', schemeStartDate: START, balances: {}, contributionYears: 9 }, expected: { startMonth: '2018-02', basicPension: 8800 } },
  // 10.00 from 900/390/100 yuan: 647.48, 280.58, 71.94 → 647 + 280 + 71 = 998; +1 to .94 and .58 → 647/281/72.
  // 60 on 2024-11-10 → 2024-12: still the 2024 floor 123.00. 195000 = 139 × 1402 + 122; 2 × 122 ≥ 139 → 1403.
  { name: 'A13 December 2024 at the 2024 floor', rule: '2024 年政府工作报告', input: { birthDate: '1964-11-10', schemeStartDate: START, balances: { individual: 195000 }, contributionYears: 15 }, expected: { startMonth: '2024-12', centralBasicPension: 12300, monthlyPension: 13703 } },
  // 60 on 2024-12-10 → 2025-01: floor 143.00 from 2025-01-01; 14300 + 1403 = 15703; Shandong east 50% × 143.00 = 71.50.
  { name: 'A14 January 2025 at the 2025 floor', rule: '2025 年政府工作报告', input: { birthDate: '1964-12-10', schemeStartDate: START, balances: { individual: 195000 }, contributionYears: 15, regionCode: '370783' }, expected: { startMonth: '2025-01', centralBasicPension: 14300, basicPension: 14300, accountPension: 1403, monthlyPension: 15703, centralFinanceShare: 7150 } },
  // 60 on 2026-01-15 → 2026-02: floor 163.00 from 2026-01-01; 278000 = 139 × 2000 → 20.00; 16300 + 2000 = 18300; west 100%.
  { name: 'A15 February 2026 at the 2026 floor', rule: '2026 年政府工作报告', input: { birthDate: '1966-01-15', schemeStartDate: START, balances: { individual: 278000 }, contributionYears: 15, regionCode: '51' }, expected: { startMonth: '2026-02', centralBasicPension: 16300, basicPension: 16300, accountPension: 2000, monthlyPension: 18300, centralFinanceShare: 16300 } },
  { name: 'A12 account pension drawn by source', rule: 'DOMAIN.md §5 in proportion', input: { birthDate: '1950-03-15', schemeStartDate: START, balances: { individual: 90000, governmentSubsidy: 39000, collectiveSubsidy: 10000 }, contributionYears: 0 }, expected: { accountPension: 1000, accountPensionBySource: { individual: 647, governmentSubsidy: 281, collectiveSubsidy: 72 } } },
];
runCases('benefit award', awardBenefit, awardCases);

describe('the 2025 and 2026 central floor cite their source', () => {
  it.each([
    ['1964-12-10', '2025-01-01', '143.00', '《2025年政府工作报告》：城乡居民基础养老金最低标准再提高20元（123元→143元），2025年3月5日公布'],
    ['1966-01-15', '2026-01-01', '163.00', '《2026年政府工作报告》：城乡居民基础养老金月最低标准再提高20元（143元→163元），2026年3月5日公布'],
  ])('born %s: the floor from %s is %s, citing %s', (birthDate, from, value, document) => {
    const award = awardBenefit({ birthDate, schemeStartDate: START, balances: {}, contributionYears: 15 }, NATIONAL);
    const step = award.explanation.find((e) => e.key === 'award.centralBasicPension');
    expect(step?.text['zh-CN']).toBe(`中央基础养老金 ${value} 元/月`);
    expect(step?.parameters).toEqual([expect.objectContaining({ name: 'centralBasicPension', value: { 'zh-CN': `${value} 元/月`, en: `${value} yuan a month` }, from, level: 'national' })]);
    expect(step?.parameters?.[0]?.source['zh-CN']).toContain(document);
    expect(step?.parameters?.[0]?.source['zh-CN']).toContain('通知文号待核');
  });
});

describe('account exhausted', () => {
  // 5.00 left, 10.00 due: the account gives 5.00, the pool 5.00 [DOMAIN.md §5].
  it('D1 pays the rest from the pool', () => {
    expect(drawAccountPension({ individual: 500 }, 1000)).toMatchObject({ fromAccount: 500, fromPool: 500, balancesAfter: { individual: 0 } });
  });
});

type DeathCase = Case<DeathSettlementInput, ReturnType<typeof settleDeath>>;
const deathBalances = { individual: 120000, governmentSubsidy: 30000, hardshipPayment: 10000 };
const deathCases: DeathCase[] = [
  // Died 2013-05-10, paid to 2013-07: 2 months over × (55 + 10) = 130.00. Before 2014-02-21 the
  // government-funded 300 + 100 return to the pool; 1200 inheritable; 1200 + 400 = 1600.
  { name: 'DT1 2013 death, subsidy back to the pool', rule: '国发〔2009〕32号 §六', input: { deathDate: '2013-05-10', lastPaidMonth: '2013-07', monthlyBasicPension: 5500, monthlyAccountPension: 1000, balances: deathBalances }, expected: { lastPayableMonth: '2013-05', overpaidMonths: ['2013-06', '2013-07'], amountToRecover: 13000, inheritable: 120000, returnedToPool: 40000, balance: 160000 } },
  // On 2014-02-21 the whole 1600 is inheritable.
  { name: 'DT2 death on 2014-02-21', rule: '国发〔2014〕8号 §六', input: { deathDate: '2014-02-21', balances: deathBalances }, expected: { inheritable: 160000, returnedToPool: 0 } },
  // The day before: old rule.
  { name: 'DT3 death on 2014-02-20', rule: '国发〔2009〕32号 §六', input: { deathDate: '2014-02-20', balances: deathBalances }, expected: { inheritable: 120000, returnedToPool: 40000 } },
  // Contributor (no pension), Shouguang 2016: whole balance 3500 inheritable; funeral grant 500.00.
  { name: 'DT4 contributor, county funeral grant', rule: '国发〔2014〕8号 §六; county override', params: SHOUGUANG, input: { deathDate: '2016-09-30', balances: { individual: 300000, governmentSubsidy: 50000 } }, expected: { amountToRecover: 0, inheritable: 350000, funeralGrant: 50000 } },
  // Paid up to the month of death: nothing to recover.
  { name: 'DT5 paid to the month of death', rule: 'DOMAIN.md §5', input: { deathDate: '2020-03-31', lastPaidMonth: '2020-03', monthlyBasicPension: 8800, monthlyAccountPension: 500, balances: {} }, expected: { overpaidMonths: [], amountToRecover: 0 } },
];
runCases('death settlement', settleDeath, deathCases);

type CertificationCase = Case<CertificationInput, ReturnType<typeof certificationOutcome>>;
const certificationCases: CertificationCase[] = [
  // Certified 2023-05-10 → due 2024-05-10; on 2024-03-01 still current.
  { name: 'CE1 within the period', rule: 'DOMAIN.md §5 rolling 12 months', input: { lastCertifiedOn: '2023-05-10', asOf: '2024-03-01', monthlyPension: 14300 }, expected: { status: 'current', dueDate: '2024-05-10' } },
  // Not certified by 2024-05-10 → suspended from 2024-06.
  { name: 'CE2 overdue', rule: 'DOMAIN.md §5', input: { lastCertifiedOn: '2023-05-10', asOf: '2024-07-15', monthlyPension: 14300 }, expected: { status: 'suspended', stoppedFromMonth: '2024-06', backPayAmount: 0 } },
  // Certified 2024-08-20 → resumes 2024-09; back pay June, July, August: 3 × 143.00 = 429.00.
  { name: 'CE3 certified late, back pay', rule: 'DOMAIN.md §5', input: { lastCertifiedOn: '2023-05-10', asOf: '2024-09-01', certifiedAgainOn: '2024-08-20', monthlyPension: 14300 }, expected: { status: 'resumed', resumeMonth: '2024-09', backPayMonths: ['2024-06', '2024-07', '2024-08'], backPayAmount: 42900, nextDueDate: '2025-08-20' } },
  // Certified before the due date: next due 12 months after that.
  { name: 'CE4 renewed in time', rule: 'DOMAIN.md §5', input: { lastCertifiedOn: '2023-05-10', asOf: '2024-06-01', certifiedAgainOn: '2024-05-08', monthlyPension: 14300 }, expected: { status: 'current', nextDueDate: '2025-05-08' } },
  // Imprisoned 2024-02-10 → stopped from 2024-03; released 2025-02-01, certified 2025-03-05 → resumes 2025-04;
  // 2024-03..2025-03 = 13 months forfeited, no back pay.
  { name: 'CE5 imprisonment, no back pay', rule: 'DOMAIN.md §5', input: { lastCertifiedOn: '2023-09-01', asOf: '2025-03-10', certifiedAgainOn: '2025-03-05', monthlyPension: 14300, imprisonment: { from: '2024-02-10', releasedOn: '2025-02-01' } }, expected: { status: 'resumed', stoppedFromMonth: '2024-03', resumeMonth: '2025-04', backPayAmount: 0 } },
  // 2024-02-29 + 12 months = 2025-02-28 (clamped to the month end).
  { name: 'CE6 certified on 29 February', rule: 'rolling 12 months', input: { lastCertifiedOn: '2024-02-29', asOf: '2024-12-01', monthlyPension: 12300 }, expected: { dueDate: '2025-02-28' } },
];
runCases('certification', certificationOutcome, certificationCases);

type BindingCase = Case<FamilyBindingInput, ReturnType<typeof familyBindingOutcome>>;
const bindingCases: BindingCase[] = [
  // Paid 2011-03-20, before the 31 March deadline: nothing stops.
  { name: 'F1 child pays on time', rule: '2011 township plan (seeds 第三篇)', input: { year: 2011, asOf: '2011-12-31', monthlyBasicPension: 5500, children: [{ id: 'A', paidLastYear: true, paidThisYearOn: '2011-03-20' }] }, expected: { inForce: true, stoppedMonths: [], lostAmount: 0 } },
  // Paid late on 2011-06-15: April, May, June stopped (3 × 55 = 165.00), resumes July, never restored.
  { name: 'F2 child pays late', rule: '2011 township plan: 后补的,其停发部分不补', input: { year: 2011, asOf: '2011-12-31', monthlyBasicPension: 5500, children: [{ id: 'A', paidLastYear: true, paidThisYearOn: '2011-06-15' }] }, expected: { stoppedMonths: ['2011-04', '2011-05', '2011-06'], resumeMonth: '2011-07', lostAmount: 16500 } },
  // Still unpaid on 2011-09-10: April..September = 6 × 55 = 330.00 stopped so far.
  { name: 'F3 child has not paid', rule: '2011 township plan', input: { year: 2011, asOf: '2011-09-10', monthlyBasicPension: 5500, children: [{ id: 'A', paidLastYear: true }] }, expected: { stoppedMonths: ['2011-04', '2011-05', '2011-06', '2011-07', '2011-08', '2011-09'], lostAmount: 33000 } },
  // Binding ended 2014-02-21, before the 2014 deadline: nothing stops.
  { name: 'F4 no binding in 2014', rule: '国发〔2014〕8号 §七', input: { year: 2014, asOf: '2014-12-31', monthlyBasicPension: 5500, children: [{ id: 'A', paidLastYear: true }] }, expected: { inForce: false, stoppedMonths: [], lostAmount: 0 } },
  // Two children pay late, 2012-05-02 and 2012-08-30: stopped April..August = 5 × 55 = 275.00, resumes September.
  { name: 'F5 the last late payment decides', rule: '2011 township plan', input: { year: 2012, asOf: '2012-12-31', monthlyBasicPension: 5500, children: [{ id: 'A', paidLastYear: true, paidThisYearOn: '2012-05-02' }, { id: 'B', paidLastYear: true, paidThisYearOn: '2012-08-30' }] }, expected: { stoppedMonths: ['2012-04', '2012-05', '2012-06', '2012-07', '2012-08'], resumeMonth: '2012-09', lostAmount: 27500 } },
  // A child who never enrolled is flagged (make up or stop and recover), no automatic stop months.
  { name: 'F6 child never enrolled', rule: '2011 township plan rule 2', input: { year: 2011, asOf: '2011-05-01', monthlyBasicPension: 5500, children: [{ id: 'C', paidLastYear: false }] }, expected: { childrenNeverEnrolled: ['C'], stoppedMonths: [] } },
  // An ineligible child (e.g. a student) is not counted.
  { name: 'F7 ineligible child ignored', rule: '国发〔2009〕32号 §七 符合参保条件的子女', input: { year: 2011, asOf: '2011-12-31', monthlyBasicPension: 5500, children: [{ id: 'S', eligible: false, paidLastYear: true }] }, expected: { childrenInDefault: [], stoppedMonths: [] } },
];
runCases('family binding', familyBindingOutcome, bindingCases);

describe('stopped months stay stopped', () => {
  it('F8 a later payment does not restore months already stopped', () => {
    const child = { id: 'A', paidLastYear: true } as const;
    const before = familyBindingOutcome({ year: 2011, asOf: '2011-06-01', monthlyBasicPension: 5500, children: [child] }, NATIONAL);
    const after = familyBindingOutcome({ year: 2011, asOf: '2011-12-31', monthlyBasicPension: 5500, children: [{ ...child, paidThisYearOn: '2011-06-15' }] }, NATIONAL);
    // April, May, June stopped before the payment (June counted as the current month) and still after it.
    expect(before.stoppedMonths).toEqual(['2011-04', '2011-05', '2011-06']);
    expect(after.stoppedMonths).toEqual(before.stoppedMonths);
    expect(after.lostAmount).toBe(16500);
  });
});

it('has at least 40 worked examples', () => {
  const total =
    contributionCases.length + obligationCases.length + interestCases.length + awardCases.length + 1 + deathCases.length + certificationCases.length + bindingCases.length + 1;
  expect(total).toBeGreaterThanOrEqual(40);
});
