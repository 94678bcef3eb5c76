/**
 * Policy engine throughput: how long the formulas take for a county's worth of people, as the monthly
 * run and the yearly interest posting will call them (pure functions, one core).
 *
 *   npx tsx bench/calc.ts [--people 200000]
 */
import { parseArgs } from 'node:util';
import { awardBenefit, computeYearlyContribution, computeYearlyInterest, NATIONAL_PARAMETERS, settleDeath } from '../src/rules/index.js';

const { values } = parseArgs({ options: { people: { type: 'string', default: '200000' } } });
const people = Number(values.people);
const params = NATIONAL_PARAMETERS;
const TIERS = [10000, 20000, 30000, 40000, 50000];

function time(label: string, work: (i: number) => unknown): void {
  for (let i = 0; i < 1000; i++) work(i); // warm up
  const started = performance.now();
  let sink = 0;
  for (let i = 0; i < people; i++) sink += work(i) ? 1 : 0;
  const ms = performance.now() - started;
  const perSecond = Math.round((people / ms) * 1000);
  console.log(`${label.padEnd(32)} ${people.toLocaleString('en')} in ${(ms / 1000).toFixed(2)} s  (${perSecond.toLocaleString('en')}/s)${sink === people ? '' : ' !'}`);
}

console.log(`policy engine, national parameters, ${people.toLocaleString('en')} calls each (Node ${process.version})`);
time('yearly contribution', (i) =>
  computeYearlyContribution({ year: 2016, paidOn: '2016-03-10', tier: TIERS[i % TIERS.length]!, collectiveSubsidy: i % 7 === 0 ? 2000 : 0 }, params),
);
time('benefit award', (i) =>
  awardBenefit(
    { birthDate: `19${50 + (i % 10)}-0${1 + (i % 9)}-15`, schemeStartDate: '2009-12-01', balances: { individual: 100000 + i, governmentSubsidy: 30000 + (i % 997) }, contributionYears: i % 20 },
    params,
  ),
);
time('yearly interest (2015, 6 rates)', (i) =>
  computeYearlyInterest(
    { year: 2015, openingBalances: { individual: 100000 + i, governmentSubsidy: 30000 }, credits: [{ on: '2015-04-10', bySource: { individual: 50000, governmentSubsidy: 6000 } }] },
    params,
  ),
);
time('death settlement', (i) =>
  settleDeath({ deathDate: '2021-05-20', lastPaidMonth: '2021-08', monthlyBasicPension: 10300, monthlyAccountPension: 1000 + (i % 50), balances: { individual: 120000, governmentSubsidy: 30000 } }, params),
);
