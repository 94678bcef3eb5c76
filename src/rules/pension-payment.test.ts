// The monthly payment of a pension (payPension), worked by hand; the arithmetic is in each comment.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildParameterSet, NATIONAL_PARAMETERS, parseParameterOverrides, payPension, ACCOUNT_SOURCES } from './index.js';

const SHOUGUANG = buildParameterSet({ county: parseParameterOverrides(readFileSync(new URL('../../params/county-370783.json', import.meta.url), 'utf8'), 'county-370783.json') });
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('paying a pension for a month (国发〔2009〕32号 §六; DOMAIN.md §5)', () => {
  it('pays each month at its own basic pension: December 2023 at 103.00, January 2024 at 123.00', () => {
    // Award: 1,950.00 ÷ 139 = 14.03 a month. Month 1: 1403 × 150000/195000 = 1079.23, × 45000/195000 = 323.77
    // → 1079 + 323 = 1402, the last fen to the larger remainder (.77): 1079 + 324. Month 2 from 148921 / 44676:
    // 1079.23 and 323.77 again → 1079 + 324. Basic 103.00 + 123.00 = 226.00; total 226.00 + 28.06 = 254.06.
    const p = payPension({ months: ['2023-12', '2024-01'], contributionYears: 15, accountPension: 1403, balances: { individual: 150000, governmentSubsidy: 45000 } }, NATIONAL_PARAMETERS);
    expect(p.months.map((m) => [m.month, m.basicPension, m.fromAccount, m.fromPool])).toEqual([
      ['2023-12', 10300, 1403, 0],
      ['2024-01', 12300, 1403, 0],
    ]);
    expect(p.fromSources).toMatchObject({ individual: 2158, governmentSubsidy: 648 });
    expect([p.basicPension, p.fromAccount, p.fromPool, p.total]).toEqual([22600, 2806, 0, 25406]);
    expect(p.balancesAfter).toMatchObject({ individual: 147842, governmentSubsidy: 44352 });
    expect(p.explanation.at(-1)!.text['zh-CN']).toBe('本次发放 2 个月，合计 254.06 元（基础养老金 226.00，个人账户 28.06）');
  });

  it('pays 2025 months at 143.00 and 2026 months at 163.00, citing the government work reports', () => {
    // No account left: basic only. 2024-12 123.00, 2025-01 143.00, 2025-12 143.00, 2026-01 163.00 → 572.00.
    const p = payPension({ months: ['2024-12', '2025-01', '2025-12', '2026-01'], contributionYears: 15, accountPension: 0, balances: {} }, NATIONAL_PARAMETERS);
    expect(p.months.map((m) => [m.month, m.basicPension])).toEqual([
      ['2024-12', 12300],
      ['2025-01', 14300],
      ['2025-12', 14300],
      ['2026-01', 16300],
    ]);
    expect([p.basicPension, p.total]).toEqual([57200, 57200]);
    const cited = p.explanation.flatMap((e) => e.parameters ?? []).filter((c) => c.name === 'centralBasicPension');
    expect(cited.find((c) => c.value['zh-CN'] === '143.00 元/月')?.source['zh-CN']).toContain('2025年政府工作报告');
    expect(cited.find((c) => c.value['zh-CN'] === '163.00 元/月')?.source['zh-CN']).toContain('2026年政府工作报告');
  });

  it('once the account is used up the pool pays the account pension at the same amount', () => {
    // 10.00 left against 14.03 a month: 10.00 from the account, 4.03 from the pool; 123.00 + 14.03 = 137.03.
    const p = payPension({ months: ['2024-05'], contributionYears: 15, accountPension: 1403, balances: { individual: 1000 } }, NATIONAL_PARAMETERS);
    expect([p.fromAccount, p.fromPool, p.total]).toEqual([1000, 403, 13703]);
    expect(p.balancesAfter.individual).toBe(0);
    expect(p.explanation[0]!.text['zh-CN']).toContain('由基金支付 4.03 元');
  });

  it('adds the local top-up and the long-contribution extra in force that month (Shouguang example file)', () => {
    // 2015-01: central 70.00 + local 10.00 + (18 − 15) × 1.00 = 83.00.
    const p = payPension({ months: ['2015-01'], contributionYears: 18, accountPension: 0, balances: {} }, SHOUGUANG);
    expect(p.total).toBe(8300);
    // 2014-06, before both took effect: 55.00 + 5.00 + 0 = 60.00.
    expect(payPension({ months: ['2014-06'], contributionYears: 18, accountPension: 0, balances: {} }, SHOUGUANG).total).toBe(6000);
  });

  it('refuses months out of order or none', () => {
    expect(codeOf(() => payPension({ months: ['2024-02', '2024-01'], contributionYears: 0, accountPension: 0, balances: {} }, NATIONAL_PARAMETERS))).toBe('DATE_ORDER');
    expect(codeOf(() => payPension({ months: [], contributionYears: 0, accountPension: 0, balances: {} }, NATIONAL_PARAMETERS))).toBe('INPUT_INVALID');
    expect(codeOf(() => payPension({ months: ['2024-13'], contributionYears: 0, accountPension: 0, balances: {} }, NATIONAL_PARAMETERS))).toBe('DATE_FORMAT');
  });

  it('never loses a fen: account + pool = the account pension of every month, and the account falls by what it paid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 36 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.record({ individual: fc.integer({ min: 0, max: 5_000_000 }), governmentSubsidy: fc.integer({ min: 0, max: 2_000_000 }), hardshipPayment: fc.integer({ min: 0, max: 500_000 }) }),
        (n, accountPension, balances) => {
          const months = Array.from({ length: n }, (_, i) => `2024-${String((i % 12) + 1).padStart(2, '0')}`.replace('2024', String(2024 + Math.floor(i / 12))));
          const p = payPension({ months, contributionYears: 15, accountPension, balances }, NATIONAL_PARAMETERS);
          expect(p.fromAccount + p.fromPool).toBe(accountPension * n);
          expect(ACCOUNT_SOURCES.reduce((s, k) => s + p.fromSources[k], 0)).toBe(p.fromAccount);
          for (const k of ACCOUNT_SOURCES) expect(p.balancesAfter[k] + p.fromSources[k]).toBe((balances as Record<string, number>)[k] ?? 0);
          expect(p.total).toBe(p.basicPension + p.fromAccount + p.fromPool);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('pays the same without its explanation (the payroll builds none)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 3_000_000 }), fc.integer({ min: 0, max: 40 }), (n, accountPension, individual, years) => {
        const months = Array.from({ length: n }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
        const input = { months, contributionYears: years, accountPension, balances: { individual, governmentSubsidy: Math.floor(individual / 3) }, withheldMonths: [{ month: months[0]!, reason: { 'zh-CN': '子女未缴费', en: 'child did not pay' } }] };
        const full = payPension(input, NATIONAL_PARAMETERS);
        const bare = payPension(input, NATIONAL_PARAMETERS, { explain: false });
        expect(bare.explanation).toEqual([]);
        expect({ ...bare, explanation: full.explanation }).toEqual(full);
      }),
      { numRuns: 100 },
    );
  });
});
