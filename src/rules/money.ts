/**
 * Money is an integer number of fen (分, 1/100 yuan) held in a JS `number` that must be a safe integer.
 * Nothing here goes through a float: typed yuan strings are parsed digit by digit into BigInt, and every
 * division goes through `roundHalfUp`, the one rounding rule of the engine (DOMAIN.md §10: "half-up to the
 * fen at each posting").
 */
import { RuleError } from './errors.js';

/** An amount in fen: a safe integer (checked by `assertFen`). */
export type Fen = number;
export type Locale = 'zh-CN' | 'en';

const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER);

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertFen(value: unknown, field = 'amount'): asserts value is Fen {
  if (!isFen(value)) {
    throw new RuleError('MONEY_NOT_SAFE_INTEGER', `${field}: ${String(value)} is not a safe integer number of fen`, {
      field,
      params: { value: String(value) },
    });
  }
}

export function assertNonNegativeFen(value: unknown, field = 'amount'): asserts value is Fen {
  assertFen(value, field);
  if (value < 0) {
    throw new RuleError('MONEY_NEGATIVE', `${field}: ${value} fen must not be negative`, { field, params: { value } });
  }
}

/** A BigInt amount of fen back to a checked `number`. */
export function fenFromBigInt(value: bigint, field = 'amount'): Fen {
  if (value > MAX_FEN || value < -MAX_FEN) {
    throw new RuleError('MONEY_OUT_OF_RANGE', `${field}: ${value} fen is outside the safe integer range`, {
      field,
      params: { value: value.toString() },
    });
  }
  return Number(value);
}

/** Whole yuan to fen, for writing parameter tables (`yuan(55)` = 5500). */
export function yuan(wholeYuan: number): Fen {
  const fen = wholeYuan * 100;
  if (!Number.isSafeInteger(wholeYuan) || !Number.isSafeInteger(fen)) {
    throw new RuleError('MONEY_NOT_SAFE_INTEGER', `yuan(${wholeYuan}) needs a whole number of yuan`, {
      params: { value: wholeYuan },
    });
  }
  return fen;
}

/** Sum with an overflow check. */
export function sumFen(amounts: Iterable<Fen>, field = 'amount'): Fen {
  let total = 0n;
  for (const amount of amounts) {
    assertFen(amount, field);
    total += BigInt(amount);
  }
  return fenFromBigInt(total, field);
}

/** `amount × count` with an overflow check. */
export function multiplyFen(amount: Fen, count: number, field = 'amount'): Fen {
  assertFen(amount, field);
  assertFen(count, `${field}.count`);
  return fenFromBigInt(BigInt(amount) * BigInt(count), field);
}

/**
 * `numerator ÷ denominator` rounded to the nearest integer, halves rounded away from zero
 * (2.5 → 3, −2.5 → −3): the symmetric reading of "half-up" that keeps a refund the exact mirror of
 * the charge it undoes.
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) {
    throw new RuleError('DIVISION_BY_ZERO', 'roundHalfUp: denominator is zero');
  }
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return negative ? -q : q;
}

const GROUPED_OR_PLAIN = /^(?:(\d{1,3}(?:([, ])\d{3})(?:\2\d{3})*)|(\d+))?(?:\.(\d+))?$/;

/**
 * A user-typed yuan amount to fen: "1,234.5", "1234.50元", "¥1 234.50", "-3.1", "１２３.４５" (full-width,
 * via NFKC). Thousands separators (comma or space) must group by three. More than two decimals is
 * `MONEY_TOO_MANY_DECIMALS`; anything else unreadable is `MONEY_FORMAT`.
 */
export function parseYuan(text: string, field = 'amount'): Fen {
  const fail = (): never => {
    throw new RuleError('MONEY_FORMAT', `${field}: "${text}" is not an amount in yuan`, { field, params: { value: text } });
  };
  let s = text.normalize('NFKC').replace(/\u2212/g, '-').trim();
  let negative = false;
  let signSeen = false;
  const takeSign = (): void => {
    const c = s[0];
    if (c !== '-' && c !== '+') return;
    if (signSeen) fail();
    signSeen = true;
    negative = c === '-';
    s = s.slice(1).trimStart();
  };
  takeSign();
  if (s.startsWith('¥')) {
    s = s.slice(1).trimStart();
    takeSign();
  }
  if (s.endsWith('元整')) s = s.slice(0, -2).trimEnd();
  else if (s.endsWith('元')) s = s.slice(0, -1).trimEnd();

  const m = GROUPED_OR_PLAIN.exec(s);
  if (!m) return fail();
  const whole = (m[1] ?? m[3] ?? '').replace(/[, ]/g, '');
  const fraction = m[4];
  if (whole === '' && fraction === undefined) return fail();
  if (fraction !== undefined && fraction.length > 2) {
    throw new RuleError('MONEY_TOO_MANY_DECIMALS', `${field}: "${text}" has more than two decimals (fen is the smallest unit)`, {
      field,
      params: { value: text, decimals: fraction.length },
    });
  }
  const magnitude = BigInt(whole === '' ? '0' : whole) * 100n + BigInt((fraction ?? '').padEnd(2, '0'));
  return fenFromBigInt(negative ? -magnitude : magnitude, field);
}

/**
 * "1,234.50". Both locales group thousands with a comma and show two decimals today; the locale stays in
 * the signature so a caller never has to change when they diverge.
 */
export function formatYuan(fen: Fen, locale: Locale): string {
  assertFen(fen);
  const negative = fen < 0;
  const digits = String(negative ? -fen : fen).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${negative ? '-' : ''}${whole}.${digits.slice(-2)}`;
}

/** With the unit: zh-CN "1,234.50元", en "¥1,234.50". Both parse back with `parseYuan`. */
export function formatYuanWithUnit(fen: Fen, locale: Locale): string {
  const text = formatYuan(fen, locale);
  if (locale === 'zh-CN') return `${text}元`;
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}
