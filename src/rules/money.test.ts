import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertFen, formatYuan, formatYuanWithUnit, parseYuan, roundHalfUp, sumFen, yuan } from './money.js';
import { applyRate, compareRates, formatRate, parseRate } from './rate.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('parseYuan', () => {
  it.each([
    ['1,234.5', 123450],
    ['1234.50元', 123450],
    ['¥1 234.50', 123450],
    ['-3.1', -310],
    ['0', 0],
    ['-0', 0],
    ['.5', 50],
    ['  12  ', 1200],
    ['+7.05', 705],
    ['¥-2.00', -200],
    ['-¥2.00', -200],
    ['１２３.４５', 12345],
    ['￥１，２３４', 123400],
    ['100元整', 10000],
    ['1,234,567.89', 123456789],
    ['90071992547409.91', 9007199254740991],
  ])('reads %s as %d fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it.each(['1.234', '0.001', '12.345元'])('refuses %s: more than two decimals', (text) => {
    expect(codeOf(() => parseYuan(text))).toBe('MONEY_TOO_MANY_DECIMALS');
  });

  it.each(['', 'abc', '1.2.3', '1,23', '12,34.5', '1, 234', '--1', '1e3', '.', '¥', '1 234,567', 'NaN', '1234,50'])('refuses %j', (text) => {
    expect(codeOf(() => parseYuan(text))).toBe('MONEY_FORMAT');
  });

  it('refuses amounts beyond the safe integer range', () => {
    expect(codeOf(() => parseYuan('90071992547409.92'))).toBe('MONEY_OUT_OF_RANGE');
  });

  it('never returns negative zero', () => {
    expect(Object.is(parseYuan('-0.00'), 0)).toBe(true);
  });
});

describe('formatYuan', () => {
  it('groups thousands and shows two decimals', () => {
    expect(formatYuan(123450, 'zh-CN')).toBe('1,234.50');
    expect(formatYuan(123450, 'en')).toBe('1,234.50');
    expect(formatYuan(5, 'en')).toBe('0.05');
    expect(formatYuan(-310, 'en')).toBe('-3.10');
    expect(formatYuan(0, 'zh-CN')).toBe('0.00');
  });

  it('adds the unit per locale', () => {
    expect(formatYuanWithUnit(123450, 'zh-CN')).toBe('1,234.50元');
    expect(formatYuanWithUnit(-123450, 'en')).toBe('-¥1,234.50');
  });

  it('round-trips through parseYuan', () => {
    const fen = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(fen, fc.constantFrom('zh-CN' as const, 'en' as const), (amount, locale) => {
        expect(parseYuan(formatYuan(amount, locale))).toBe(amount);
        expect(parseYuan(formatYuanWithUnit(amount, locale))).toBe(amount);
      }),
    );
  });
});

describe('roundHalfUp', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [7n, 3n, 2n],
    [8n, 3n, 3n],
    [-7n, 3n, -2n],
    [-8n, 3n, -3n],
    [139000n, 139n, 1000n],
    [5n, -2n, -3n],
    [0n, 7n, 0n],
  ])('%d / %d = %d', (n, d, q) => {
    expect(roundHalfUp(n, d)).toBe(q);
  });

  it('refuses a zero denominator', () => {
    expect(codeOf(() => roundHalfUp(1n, 0n))).toBe('DIVISION_BY_ZERO');
  });

  it('is within half of the exact quotient', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
        const q = roundHalfUp(n, d);
        const twiceError = 2n * (q * d - n);
        expect(twiceError <= d && twiceError >= -d).toBe(true);
      }),
    );
  });
});

describe('fen guard', () => {
  it('accepts safe integers only', () => {
    expect(() => assertFen(12)).not.toThrow();
    expect(codeOf(() => assertFen(1.5))).toBe('MONEY_NOT_SAFE_INTEGER');
    expect(codeOf(() => assertFen(2 ** 53))).toBe('MONEY_NOT_SAFE_INTEGER');
    expect(codeOf(() => assertFen('12'))).toBe('MONEY_NOT_SAFE_INTEGER');
    expect(codeOf(() => sumFen([Number.MAX_SAFE_INTEGER, 1]))).toBe('MONEY_OUT_OF_RANGE');
    expect(yuan(55)).toBe(5500);
  });
});

describe('rates', () => {
  it('parses percentages exactly', () => {
    expect(parseRate('2.75%')).toEqual({ num: 11n, den: 400n });
    expect(parseRate('100%')).toEqual({ num: 1n, den: 1n });
    expect(formatRate(parseRate('2.75%'))).toBe('2.75%');
    expect(formatRate(parseRate('3.00%'))).toBe('3%');
    expect(compareRates(parseRate('2.5%'), parseRate('2.50%'))).toBe(0);
    expect(compareRates(parseRate('1.75%'), parseRate('2%'))).toBe(-1);
  });

  it.each(['2.75', 'abc%', '%', '2,75%'])('refuses %j', (text) => {
    expect(codeOf(() => parseRate(text))).toBe('RATE_FORMAT');
  });

  it('applies a rate half-up: 50% of 1 fen is 1 fen, 2.25% of 100.00 is 2.25', () => {
    expect(applyRate(1, parseRate('50%'))).toBe(1);
    expect(applyRate(10000, parseRate('2.25%'))).toBe(225);
  });
});
