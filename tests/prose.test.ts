// What a resident reads, rendered the way the forms and pages render it: every explanation the policy engine
// writes and every parameter with its documents must read as Chinese prose in zh-CN (no programme name, no
// English) and have an English text for the English pages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderExplanation } from '../src/modules/explanations/render.js';
import {
  awardBenefit,
  certificationOutcome,
  checkEnrolmentApplication,
  computeYearlyContribution,
  computeYearlyInterest,
  contributionObligation,
  familyBindingOutcome,
  NATIONAL_DEFAULTS,
  NATIONAL_PARAMETERS,
  PARAMETER_DEFINITIONS,
  PARAMETER_NAMES,
  parseParameterOverrides,
  payPension,
  pensionConditions,
  settleDeath,
  settleDualBenefit,
  sourcesText,
  buildParameterSet,
  idCheckChar,
  type Explanation,
  type ParameterLayer,
} from '../src/rules/index.js';
import { latinWords } from './support/latin.js';

const county = parseParameterOverrides(readFileSync('params/county-370783.json', 'utf8'), 'county-370783.json');
const COUNTY = buildParameterSet({ county });
const id = (first17: string) => `${first17}${idCheckChar(first17)}`;

/** One run of every formula in each of its branches, national and with the county file. */
function everyExplanation(): Explanation[] {
  const out: Explanation[] = [];
  for (const params of [NATIONAL_PARAMETERS, COUNTY]) {
    out.push(
      awardBenefit({ birthDate: '1950-03-15', schemeStartDate: '2009-12-01', balances: { individual: 139000 }, contributionYears: 0, regionCode: '37' }, params).explanation,
      awardBenefit({ birthDate: '1960-03-15', schemeStartDate: '2009-12-01', conditionsMetOn: '2021-05-03', balances: { individual: 139000, governmentSubsidy: 9000 }, contributionYears: 20, regionCode: '51' }, params).explanation,
      awardBenefit({ birthDate: '1955-05-15', schemeStartDate: '2009-12-01', balances: {}, contributionYears: 5 }, params).explanation,
      pensionConditions({ birthDate: '1945-01-01', schemeStartDate: '2009-12-01', enrolledOn: '2010-01-01', credited: [] }, params).explanation,
      pensionConditions({ birthDate: '1955-06-15', schemeStartDate: '2009-12-01', enrolledOn: '2010-01-01', credited: [2010, 2011, 2012, 2013, 2014, 2015].map((year) => ({ year, paidOn: `${year}-03-15` })) }, params).explanation,
      pensionConditions({ birthDate: '1966-06-15', schemeStartDate: '2009-12-01', enrolledOn: '2010-01-01', credited: [{ year: 2011, paidOn: '2011-03-15' }] }, params).explanation,
      computeYearlyContribution({ year: 2014, paidOn: '2014-03-01', tier: 50000, identity: 'disabledGrade3', collectiveSubsidy: 1000, sponsorship: 500 }, params).explanation,
      computeYearlyContribution({ year: 2012, paidOn: '2016-03-01', tier: 10000, identity: 'ordinary', kind: 'backPay' }, params).explanation,
      computeYearlyContribution({ year: 2016, paidOn: '2016-03-01', tier: 100000, identity: 'disabledGrade1' }, params).explanation,
      contributionObligation({ birthDate: '1945-01-01', schemeStartDate: '2009-12-01', asOf: '2012-03-01', yearsCredited: 0 }, params).explanation,
      contributionObligation({ birthDate: '1955-06-15', schemeStartDate: '2009-12-01', asOf: '2012-03-01', yearsCredited: 2 }, params).explanation,
      contributionObligation({ birthDate: '1966-06-15', schemeStartDate: '2009-12-01', asOf: '2024-03-01', yearsCredited: 3, currentYearPaid: true }, params).explanation,
      computeYearlyInterest({ year: 2011, openingBalances: { individual: 100000, governmentSubsidy: 3000 }, credits: [{ on: '2011-05-01', bySource: { individual: 20000 } }], debits: [{ on: '2011-09-01', bySource: { individual: 5000 } }] }, params).explanation,
      settleDeath({ deathDate: '2012-01-05', lastPaidMonth: '2012-03', monthlyBasicPension: 5500, monthlyAccountPension: 1000, balances: { individual: 1000, governmentSubsidy: 300 } }, params).explanation,
      settleDeath({ deathDate: '2021-05-20', refundedPremiums: 10000, arrears: { months: ['2021-04', '2021-05'], amount: 20000 }, balances: { individual: 50000 } }, params).explanation,
      settleDualBenefit({ otherBenefitFrom: '2015-01', paymentsInOverlap: [{ months: ['2015-01', '2015-02'], basicPension: 7000 }], balances: { individual: 50000, governmentSubsidy: 6000 } }, params).explanation,
      certificationOutcome({ lastCertifiedOn: '2020-01-10', asOf: '2020-06-01', monthlyPension: 10000 }, params).explanation,
      certificationOutcome({ lastCertifiedOn: '2020-01-10', asOf: '2020-12-20', monthlyPension: 10000 }, params).explanation,
      certificationOutcome({ lastCertifiedOn: '2019-01-10', asOf: '2020-06-01', monthlyPension: 10000 }, params).explanation,
      certificationOutcome({ lastCertifiedOn: '2019-01-10', asOf: '2020-06-01', certifiedAgainOn: '2020-05-20', monthlyPension: 10000 }, params).explanation,
      certificationOutcome({ lastCertifiedOn: '2020-01-10', asOf: '2020-06-01', imprisonment: { from: '2020-02-10', releasedOn: '2020-05-01' }, monthlyPension: 10000 }, params).explanation,
      familyBindingOutcome({ year: 2011, asOf: '2011-05-01', monthlyBasicPension: 5500, pensionStartMonth: '2010-01', children: [{ id: '长子', paidLastYear: true }, { id: '次子', paidLastYear: false }, { id: '女儿', paidLastYear: true, paidThisYearOn: '2011-03-01' }] }, params).explanation,
      familyBindingOutcome({ year: 2015, asOf: '2015-05-01', monthlyBasicPension: 7000, children: [] }, params).explanation,
      checkEnrolmentApplication({ idNumber: id('37078319800101123'), name: '张三', asOf: '2020-01-01', notFullTimeStudent: true, noOtherStatePension: true }, params).explanation,
      checkEnrolmentApplication({ idNumber: id('37078319500101123'), name: '李四', asOf: '2020-01-01', notFullTimeStudent: true, noOtherStatePension: true }, params).explanation,
      payPension({ months: ['2020-01', '2020-02'], contributionYears: 16, accountPension: 1000, balances: { individual: 1500 }, withheldMonths: [{ month: '2020-02', reason: { 'zh-CN': '子女未缴费', en: 'a child did not pay' } }] }, params).explanation,
    );
  }
  return out;
}

/** Every step key the engine can write (`explain('award.startMonth', …)`), read from its source. */
function stepKeysInEngine(): Set<string> {
  const keys = new Set<string>();
  for (const file of readdirSync('src/rules').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    for (const m of readFileSync(join('src/rules', file), 'utf8').matchAll(/explain\(\s*['`]([a-zA-Z]+\.[a-zA-Z]+)['`]/g)) keys.add(m[1]!);
  }
  return keys;
}

describe('explanations in zh-CN read as Chinese prose', () => {
  const explanations = everyExplanation();

  it('covers every kind of step the engine writes', () => {
    const written = new Set(explanations.flat().map((s) => s.key));
    const missing = [...stepKeysInEngine()].filter((k) => !written.has(k));
    expect(missing).toEqual([]);
  });

  it('names no identifier and uses no English in any step or citation', () => {
    const problems: string[] = [];
    for (const explanation of explanations) {
      for (const step of renderExplanation(explanation, 'zh-CN')) {
        for (const text of [step.text, ...step.parameters.map((p) => p.line)]) {
          const latin = latinWords(text);
          if (latin.length) problems.push(`${step.key}: ${latin.join(', ')} in «${text}»`);
        }
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it('cites each parameter as labelled prose with the document number and title', () => {
    const award = awardBenefit({ birthDate: '1964-03-15', schemeStartDate: '2009-12-01', balances: { individual: 139000 }, contributionYears: 15, regionCode: '37' }, NATIONAL_PARAMETERS);
    const lines = renderExplanation(award.explanation, 'zh-CN').flatMap((s) => s.parameters.map((p) => p.line));
    expect(lines).toContain(
      '领取年龄 60 周岁（国家标准，2009-09-01 起施行；依据：国发〔2009〕32号《国务院关于开展新型农村社会养老保险试点的指导意见》第七条；国发〔2014〕8号《国务院关于建立统一的城乡居民基本养老保险制度的意见》第七条）',
    );
    expect(lines.find((l) => l.startsWith('中央基础养老金最低标准 123.00 元/月'))).toContain('2024年政府工作报告');
    expect(lines.find((l) => l.startsWith('中央财政补助比例'))).toContain('东部地区 50%、中部地区 100%、西部地区 100%');
    const en = renderExplanation(award.explanation, 'en').flatMap((s) => s.parameters.map((p) => p.line));
    expect(en.find((l) => l.startsWith('pension age: 60 years'))).toContain('Opinion of the State Council on Establishing a Unified Basic Pension Insurance System for Urban and Rural Residents (国发〔2014〕8号), section 7');
  });
});

describe('the parameter library in zh-CN', () => {
  const layers: [string, ParameterLayer][] = [
    ['national', NATIONAL_DEFAULTS],
    ['county example', county],
  ];
  for (const [what, layer] of layers) {
    it(`labels, values and documents of every ${what} entry are Chinese prose, with an English text`, () => {
      const problems: string[] = [];
      for (const name of PARAMETER_NAMES) {
        const definition = PARAMETER_DEFINITIONS[name];
        for (const entry of layer.tables[name] ?? []) {
          const value = (definition.describe as (v: unknown) => { 'zh-CN': string; en: string })(entry.value);
          const source = sourcesText(entry.source);
          for (const [part, text] of [['label', definition.title['zh-CN']], ['value', value['zh-CN']], ['source', source['zh-CN']]] as const) {
            const latin = latinWords(text);
            if (latin.length) problems.push(`${name} ${entry.from} ${part}: ${latin.join(', ')} in «${text}»`);
          }
          for (const text of [definition.title.en, value.en, source.en]) expect(text.trim().length).toBeGreaterThan(0);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
