/** Property tests (fast-check) for the invariants the ledger and the fund books rely on. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_SOURCES, totalOfSources, type AccountSource } from './account-sources.js';
import { drawAccountPension } from './account-drawdown.js';
import { allocateLargestRemainder } from './allocation.js';
import { awardBenefit } from './benefit-award.js';
import { computeYearlyContribution } from './contribution.js';
import { fromDayNumber, dayNumber } from './dates.js';
import { settleDeath } from './death.js';
import { ENROLMENT_IDENTITIES } from './enrolment-identity.js';
import { computeYearlyInterest, interestPeriod, yearlyInterestCalculator } from './interest.js';
import { makeRate } from './rate.js';
import { buildParameterSet, NATIONAL_PARAMETERS, parameterAsOf } from './parameters/parameter-set.js';
import type { InterestConvention } from './parameters/types.js';

const dateBetween = (from: string, to: string) => fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map(fromDayNumber);
const fen = (max: number) => fc.integer({ min: 0, max });
const balances = (max: number) =>
  fc.record(Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, fen(max)])) as Record<AccountSource, fc.Arbitrary<number>>);

describe('contributions', () => {
  const input = dateBetween('2009-09-01', '2030-12-31').chain((paidOn) =>
    fc.record({
      paidOn: fc.constant(paidOn),
      tier: fc.constantFrom(...parameterAsOf(NATIONAL_PARAMETERS, 'contributionTiers', paidOn).value),
      identity: fc.constantFrom(...ENROLMENT_IDENTITIES),
      kind: fc.constantFrom('yearly' as const, 'backPay' as const),
      collectiveSubsidy: fen(100_000),
      sponsorship: fen(100_000),
    }),
  );

  it('credits exactly the sum of its parts, split by source', () => {
    fc.assert(
      fc.property(input, (c) => {
        const result = computeYearlyContribution({ ...c, year: Number(c.paidOn.slice(0, 4)) }, NATIONAL_PARAMETERS);
        const parts = result.individual + result.hardshipPayment + result.governmentSubsidy + result.collectiveSubsidy + result.sponsorship;
        expect(parts).toBe(result.totalCredited);
        expect(totalOfSources(result.bySource)).toBe(result.totalCredited);
        expect(result.individual + result.hardshipPayment).toBe(c.tier);
        expect(result.individual).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('allocation', () => {
  it('adds up exactly and gives each part its exact share rounded down or up', () => {
    fc.assert(
      fc.property(fen(10_000_000), fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 8 }), (total, weights) => {
        fc.pre(weights.some((w) => w > 0n));
        const keyed = weights.map((w, i) => [`k${i}`, w] as const);
        const parts = allocateLargestRemainder(total, keyed);
        const sum = weights.reduce((a, b) => a + b, 0n);
        expect(Object.values(parts).reduce((a, b) => a + b, 0)).toBe(total);
        keyed.forEach(([key, w]) => {
          const floor = (BigInt(total) * w) / sum;
          const part = BigInt(parts[key] ?? -1);
          expect(part).toBeGreaterThanOrEqual(floor);
          expect(part).toBeLessThanOrEqual(floor + 1n);
        });
      }),
    );
  });
});

describe('account pension', () => {
  it('never draws more than the balance, and pays in full until the balance runs out', () => {
    fc.assert(
      fc.property(balances(2_000_000), (start) => {
        const award = awardBenefit({ birthDate: '1955-05-05', schemeStartDate: '2009-12-01', balances: start, contributionYears: 15 }, NATIONAL_PARAMETERS);
        const monthly = award.accountPension;
        const initial = totalOfSources(start);
        expect(totalOfSources(award.accountPensionBySource)).toBe(Math.min(monthly, initial));
        let current = start;
        let drawn = 0;
        for (let month = 1; month <= 200; month++) {
          const draw = drawAccountPension(current, monthly);
          expect(totalOfSources(draw.fromSources)).toBe(draw.fromAccount);
          expect(draw.fromAccount + draw.fromPool).toBe(monthly);
          drawn += draw.fromAccount;
          if (monthly * month <= initial) expect(drawn).toBe(monthly * month);
          expect(drawn).toBeLessThanOrEqual(initial);
          current = draw.balancesAfter;
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('death', () => {
  it('splits the whole balance between heirs and pool, whatever the date', () => {
    fc.assert(
      fc.property(dateBetween('2009-09-01', '2035-12-31'), balances(50_000_000), (deathDate, b) => {
        const result = settleDeath({ deathDate, balances: b }, NATIONAL_PARAMETERS);
        expect(result.inheritable + result.returnedToPool).toBe(result.balance);
        expect(result.balance).toBe(totalOfSources(b));
        for (const s of ACCOUNT_SOURCES) expect(result.inheritableBySource[s] + result.returnedBySource[s]).toBe(b[s]);
      }),
    );
  });
});

describe('interest', () => {
  const withRate = (basisPoints: number, convention: InterestConvention) =>
    buildParameterSet({
      county: {
        level: 'county',
        code: '370783',
        name: 'test',
        tables: {
          interestRate: [{ from: '2009-01-01', value: makeRate(BigInt(basisPoints), 10_000n), source: [{ note: { 'zh-CN': '测试', en: 'test' } }] }],
          interestConvention: [{ from: '2009-09-01', value: convention, source: [{ note: { 'zh-CN': '测试', en: 'test' } }] }],
        },
      },
    });
  const scenario = fc.record({
    year: fc.integer({ min: 2010, max: 2030 }),
    opening: balances(5_000_000),
    credit: fen(500_000),
    dayOfYear: fc.integer({ min: 0, max: 364 }),
    convention: fc.constantFrom<InterestConvention>('fromMonthAfterPayment', 'fromNextJanuary', 'wholeYear'),
  });
  const credits = (s: { year: number; credit: number; dayOfYear: number }) => [
    { on: fromDayNumber(dayNumber(`${s.year}-01-01`) + s.dayOfYear), bySource: { individual: s.credit } },
  ];

  it('never falls when the rate rises', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (s, r1, r2) => {
        const [low, high] = r1 <= r2 ? [r1, r2] : [r2, r1];
        const input = { year: s.year, openingBalances: s.opening, credits: credits(s) };
        const a = computeYearlyInterest(input, withRate(low, s.convention));
        const b = computeYearlyInterest(input, withRate(high, s.convention));
        expect(a.totalInterest).toBeLessThanOrEqual(b.totalInterest);
      }),
    );
  });

  it('never falls when the balance rises, and its parts add up', () => {
    fc.assert(
      fc.property(scenario, fen(1_000_000), (s, extra) => {
        const smaller = computeYearlyInterest({ year: s.year, openingBalances: s.opening, credits: credits(s) }, NATIONAL_PARAMETERS);
        const larger = computeYearlyInterest(
          { year: s.year, openingBalances: { ...s.opening, individual: s.opening.individual + extra }, credits: credits(s) },
          NATIONAL_PARAMETERS,
        );
        expect(smaller.totalInterest).toBeLessThanOrEqual(larger.totalInterest);
        expect(totalOfSources(larger.interestBySource)).toBe(larger.totalInterest);
        expect(totalOfSources(larger.closingBalances)).toBe(totalOfSources(larger.interestBySource) + totalOfSources(s.opening) + extra + s.credit);
      }),
    );
  });
  it('the batch calculator gives what the explained computation gives, to the fen and by source', () => {
    const movement = (year: number) =>
      fc.record({ day: fc.integer({ min: 0, max: 364 }), bySource: fc.record({ individual: fen(200_000), governmentSubsidy: fen(20_000), oldScheme: fen(50_000) }, { requiredKeys: [] }) }).map((m) => ({
        on: fromDayNumber(dayNumber(interestPeriod(year, NATIONAL_PARAMETERS).periodStart) + m.day),
        bySource: m.bySource,
      }));
    const account = fc.integer({ min: 2010, max: 2025 }).chain((year) =>
      fc.record({ year: fc.constant(year), opening: balances(2_000_000), credits: fc.array(movement(year), { maxLength: 6 }), debitShare: fc.integer({ min: 0, max: 3 }) }),
    );
    fc.assert(
      fc.property(account, fc.constantFrom<InterestConvention | 'national'>('fromMonthAfterPayment', 'fromNextJanuary', 'wholeYear', 'national'), (a, convention) => {
        // Debits drawn from the opening (never below zero), some on the same days as credits.
        const debits = a.credits.slice(0, a.debitShare).map((c) => ({ on: c.on, bySource: { individual: Math.floor(a.opening.individual / 4) } }));
        // The national rates change six times in 2015 and several times around it.
        const params = convention === 'national' ? NATIONAL_PARAMETERS : withRate(150, convention);
        const input = { openingBalances: a.opening, credits: a.credits, debits };
        const full = computeYearlyInterest({ year: a.year, ...input }, params);
        const fast = yearlyInterestCalculator(a.year, params)(input);
        expect(fast).toEqual({ totalInterest: full.totalInterest, interestBySource: full.interestBySource, closingBalances: full.closingBalances });
      }),
    );
  });
});

