/**
 * Resident identity numbers (公民身份号码), GB 11643-1999: 6-digit area code (GB/T 2260), 8-digit birth
 * date, 3-digit sequence (odd = male, even = female) and a check character by ISO 7064 MOD 11-2.
 * Old 15-digit numbers (2-digit birth year, no check character) are upgraded rather than rejected
 * (DOMAIN.md §10).
 */
import { RuleError } from './errors.js';
import { isRealDate, type IsoDate } from './dates.js';

export type IdErrorCode = 'ID_LENGTH' | 'ID_CHARACTERS' | 'ID_BIRTH_DATE' | 'ID_CHECK_DIGIT';
export type Sex = 'male' | 'female';

export interface ParsedIdNumber {
  /** The 18-character number (upgraded when a 15-digit number was given), check character upper-case. */
  readonly idNumber: string;
  readonly areaCode: string;
  readonly provinceCode: string;
  readonly birthDate: IsoDate;
  /** The 3-digit sequence (顺序码); its parity gives the sex. */
  readonly sequence: string;
  readonly sex: Sex;
  readonly upgradedFrom15: boolean;
}

export type IdValidation =
  | ({ readonly ok: true } & ParsedIdNumber)
  | { readonly ok: false; readonly code: IdErrorCode; readonly message: string };

export interface IdValidationOptions {
  /** Birth dates after this day are refused (the engine has no clock: pass today in). */
  readonly today?: IsoDate;
  /** Accept and upgrade 15-digit numbers (default true). */
  readonly accept15?: boolean;
}

const WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
/** Birth dates before this are treated as typing errors, not people. */
const EARLIEST_BIRTH_DATE = '1850-01-01';

/**
 * The check character for the first 17 digits: Σ digitᵢ·weightᵢ mod 11 → "10X98765432".
 * A plain loop over char codes, no allocation: the demo generator calls it millions of times.
 */
export function idCheckChar(first17: string): string {
  if (first17.length !== 17) {
    throw new RuleError('ID_LENGTH', `expected 17 digits, got ${first17.length} characters`, {
      field: 'idNumber',
      params: { length: first17.length },
    });
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const digit = first17.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      throw new RuleError('ID_CHARACTERS', `character ${i + 1} of the first 17 is not a digit`, {
        field: 'idNumber',
        params: { position: i + 1 },
      });
    }
    sum += digit * (WEIGHTS[i] ?? 0);
  }
  return CHECK_CHARS.charAt(sum % 11);
}

function allDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function failure(code: IdErrorCode, message: string): IdValidation {
  return { ok: false, code, message };
}

/** Validate and parse; never throws. Input is trimmed, NFKC-normalised (full-width digits) and upper-cased. */
export function validateIdNumber(input: string, options: IdValidationOptions = {}): IdValidation {
  const text = input.normalize('NFKC').trim().toUpperCase();
  const accept15 = options.accept15 ?? true;
  if (text.length !== 18 && !(accept15 && text.length === 15)) {
    return failure('ID_LENGTH', `an ID number has 18 characters${accept15 ? ' (or 15 for old numbers)' : ''}, got ${text.length}`);
  }
  const old = text.length === 15;
  const lastChar = text.charAt(17);
  if (old ? !allDigits(text, 0, 15) : !allDigits(text, 0, 17) || !(lastChar === 'X' || allDigits(text, 17, 18))) {
    return failure('ID_CHARACTERS', old ? 'a 15-digit ID number has only digits' : 'an ID number is 17 digits and a digit or X');
  }
  const birthDigits = old ? `19${text.slice(6, 12)}` : text.slice(6, 14);
  const year = Number(birthDigits.slice(0, 4));
  const month = Number(birthDigits.slice(4, 6));
  const day = Number(birthDigits.slice(6, 8));
  const birthDate = `${birthDigits.slice(0, 4)}-${birthDigits.slice(4, 6)}-${birthDigits.slice(6, 8)}`;
  if (!isRealDate(year, month, day) || birthDate < EARLIEST_BIRTH_DATE) {
    return failure('ID_BIRTH_DATE', `the birth date ${birthDigits} is not a possible date`);
  }
  if (options.today !== undefined && birthDate > options.today) {
    return failure('ID_BIRTH_DATE', `the birth date ${birthDate} is after ${options.today}`);
  }
  const first17 = old ? `${text.slice(0, 6)}19${text.slice(6, 15)}` : text.slice(0, 17);
  const check = idCheckChar(first17);
  if (!old && check !== lastChar) {
    return failure('ID_CHECK_DIGIT', 'the check character does not match the first 17 digits');
  }
  const sequence = first17.slice(14, 17);
  return {
    ok: true,
    idNumber: first17 + check,
    areaCode: first17.slice(0, 6),
    provinceCode: first17.slice(0, 2),
    birthDate,
    sequence,
    sex: (first17.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female',
    upgradedFrom15: old,
  };
}

/** Like `validateIdNumber` but throws a `RuleError` (field `idNumber`) with the failure code. */
export function parseIdNumber(input: string, options: IdValidationOptions = {}): ParsedIdNumber {
  const result = validateIdNumber(input, options);
  if (!result.ok) throw new RuleError(result.code, result.message, { field: 'idNumber' });
  const { ok: _ok, ...parsed } = result;
  return parsed;
}

/** 15 → 18 digits: insert "19" before the 2-digit birth year and append the check character. */
export function upgradeIdNumber15(old: string, options: Omit<IdValidationOptions, 'accept15'> = {}): string {
  const text = old.normalize('NFKC').trim();
  if (text.length !== 15) {
    throw new RuleError('ID_LENGTH', `a 15-digit ID number was expected, got ${text.length} characters`, {
      field: 'idNumber',
      params: { length: text.length },
    });
  }
  return parseIdNumber(text, { ...options, accept15: true }).idNumber;
}
