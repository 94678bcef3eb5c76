/**
 * Rates as exact rationals (never floats): "2.75%" is 275/10000 reduced to 11/400. Used for interest
 * rates, the central-finance share and the share of the minimum tier the government pays (代缴).
 */
import { RuleError } from './errors.js';
import { roundHalfUp, fenFromBigInt, assertFen, type Fen } from './money.js';

/** A fraction of one: `num / den`, den > 0, reduced. */
export interface Rate {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function makeRate(num: bigint, den: bigint): Rate {
  if (den === 0n) throw new RuleError('DIVISION_BY_ZERO', 'rate with a zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

const PERCENT = /^([+-]?)(\d+)(?:\.(\d+))?\s*%$/;

/** "2.75%" → 11/400. Only percentages are accepted, so "2.75" (ambiguous: 2.75 or 275%?) is refused. */
export function parseRate(text: string, field = 'rate'): Rate {
  const m = PERCENT.exec(text.normalize('NFKC').trim());
  if (!m) {
    throw new RuleError('RATE_FORMAT', `${field}: "${text}" is not a percentage such as "2.75%"`, {
      field,
      params: { value: text },
    });
  }
  const fraction = m[3] ?? '';
  const num = BigInt(`${m[2]}${fraction}`) * (m[1] === '-' ? -1n : 1n);
  return makeRate(num, 100n * 10n ** BigInt(fraction.length));
}

/** "2.75%" when the rate is a terminating decimal percentage, else "num/den". */
export function formatRate(rate: Rate): string {
  const negative = rate.num < 0n;
  const num = negative ? -rate.num : rate.num;
  // A percentage terminates when den/gcd(den, 100·10^k) vanishes for some k; try up to 12 decimals.
  for (let k = 0; k <= 12; k++) {
    const scale = 100n * 10n ** BigInt(k);
    if ((num * scale) % rate.den === 0n) {
      const digits = ((num * scale) / rate.den).toString().padStart(k + 1, '0');
      const text = k === 0 ? digits : `${digits.slice(0, -k)}.${digits.slice(-k)}`;
      return `${negative ? '-' : ''}${text}%`;
    }
  }
  return `${rate.num}/${rate.den}`;
}

export function compareRates(a: Rate, b: Rate): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** `amount × rate`, rounded half-up to the fen. */
export function applyRate(amount: Fen, rate: Rate, field = 'amount'): Fen {
  assertFen(amount, field);
  return fenFromBigInt(roundHalfUp(BigInt(amount) * rate.num, rate.den), field);
}
