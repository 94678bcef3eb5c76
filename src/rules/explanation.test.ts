import { describe, expect, it } from 'vitest';
import { awardBenefit, computeYearlyContribution, computeYearlyInterest, NATIONAL_PARAMETERS, settleDeath, type Explanation } from './index.js';

function expectReadable(explanation: Explanation): void {
  expect(explanation.length).toBeGreaterThan(0);
  for (const step of explanation) {
    expect(step.key).toMatch(/^[a-zA-Z]+\.[a-zA-Z]+$/);
    expect(step.text['zh-CN'].length).toBeGreaterThan(0);
    expect(step.text.en.length).toBeGreaterThan(0);
    for (const p of step.parameters ?? []) {
      expect(p.source['zh-CN'].length).toBeGreaterThan(0);
      expect(p.source.en.length).toBeGreaterThan(0);
      expect(p.label['zh-CN'].length).toBeGreaterThan(0);
      expect(p.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  }
}

describe('explanations a clerk can read out', () => {
  it('cites the documents behind an award', () => {
    const award = awardBenefit({ birthDate: '1950-03-15', schemeStartDate: '2009-12-01', balances: { individual: 139000 }, contributionYears: 0 }, NATIONAL_PARAMETERS);
    expectReadable(award.explanation);
    const central = award.explanation.find((s) => s.key === 'award.centralBasicPension');
    expect(central).toMatchObject({
      amount: 5500,
      parameters: [
        {
          name: 'centralBasicPension',
          label: { 'zh-CN': '中央基础养老金最低标准', en: 'central basic pension floor' },
          value: { 'zh-CN': '55.00 元/月', en: '55.00 yuan a month' },
          source: { 'zh-CN': '国发〔2009〕32号《国务院关于开展新型农村社会养老保险试点的指导意见》第六条' },
          from: '2009-09-01',
        },
      ],
    });
    const account = award.explanation.find((s) => s.key === 'award.accountPension');
    expect(account?.text['zh-CN']).toBe('个人账户养老金 = 账户储存额 1,390.00 元 ÷ 139 = 10.00 元/月（四舍五入到分）');
  });

  it('explains contributions, interest and death in both languages', () => {
    expectReadable(computeYearlyContribution({ year: 2014, paidOn: '2014-03-01', tier: 50000, identity: 'disabledGrade3', collectiveSubsidy: 1000 }, NATIONAL_PARAMETERS).explanation);
    const interest = computeYearlyInterest({ year: 2011, openingBalances: { individual: 100000 }, credits: [{ on: '2011-05-01', bySource: { individual: 20000 } }] }, NATIONAL_PARAMETERS);
    expectReadable(interest.explanation);
    expect(interest.explanation.filter((s) => s.key === 'interest.rate')).toHaveLength(4);
    expectReadable(settleDeath({ deathDate: '2012-01-05', lastPaidMonth: '2012-03', monthlyBasicPension: 5500, balances: { individual: 1000 } }, NATIONAL_PARAMETERS).explanation);
  });
});
