import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCheckChar, parseIdNumber, upgradeIdNumber15, validateIdNumber } from './id-number.js';

const codeOf = (input: string, today?: string): string | undefined => {
  const result = validateIdNumber(input, today === undefined ? {} : { today });
  return result.ok ? undefined : result.code;
};

const thrownCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('GB 11643 identity numbers', () => {
  it('computes the check character (hand-checked: Σ = 167 → 167 mod 11 = 2 → X; Σ = 195 → 8 → 4)', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
  });

  it('parses area, birth date, sequence and sex', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({
      idNumber: '11010519491231002X',
      areaCode: '110105',
      provinceCode: '11',
      birthDate: '1949-12-31',
      sequence: '002',
      sex: 'female',
      upgradedFrom15: false,
    });
    expect(parseIdNumber(' 440524188001010014 ').sex).toBe('male');
    expect(parseIdNumber('11010519491231002x').idNumber).toBe('11010519491231002X');
  });

  it('gives a distinct code for each kind of mistake', () => {
    expect(codeOf('11010519491231002')).toBe('ID_LENGTH');
    expect(codeOf('1101051949123100X2')).toBe('ID_CHARACTERS');
    expect(codeOf('11010519491231 02X')).toBe('ID_CHARACTERS');
    expect(codeOf('110105194902300021')).toBe('ID_BIRTH_DATE');
    expect(codeOf('110105194913310021')).toBe('ID_BIRTH_DATE');
    expect(codeOf('110105194912310021')).toBe('ID_CHECK_DIGIT');
  });

  it('refuses a birth date after the given today', () => {
    const id = `37078320300101001${idCheckChar('37078320300101001')}`;
    expect(codeOf(id, '2025-01-01')).toBe('ID_BIRTH_DATE');
    expect(codeOf(id)).toBeUndefined();
  });

  it('upgrades 15-digit numbers instead of rejecting them', () => {
    expect(upgradeIdNumber15('110105491231002')).toBe('11010519491231002X');
    const result = validateIdNumber('110105491231002');
    expect(result.ok && result.idNumber).toBe('11010519491231002X');
    expect(result.ok && result.upgradedFrom15).toBe(true);
    expect(validateIdNumber('110105491231002', { accept15: false })).toMatchObject({ ok: false, code: 'ID_LENGTH' });
    expect(thrownCode(() => upgradeIdNumber15('110105491331002'))).toBe('ID_BIRTH_DATE');
  });

  const first17 = fc
    .tuple(
      fc.integer({ min: 110000, max: 659999 }),
      fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(([area, birth, seq]) => `${area}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`);

  it('validates every generated number', () => {
    fc.assert(
      fc.property(first17, (digits) => {
        const id = digits + idCheckChar(digits);
        expect(validateIdNumber(id)).toMatchObject({ ok: true, idNumber: id });
      }),
    );
  });

  it('catches any single changed character', () => {
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (digits, position, shift) => {
        const id = digits + idCheckChar(digits);
        const alphabet = position === 17 ? '0123456789X' : '0123456789';
        const old = alphabet.indexOf(id.charAt(position));
        const replacement = alphabet.charAt((old + shift) % alphabet.length);
        fc.pre(replacement !== id.charAt(position));
        const changed = id.slice(0, position) + replacement + id.slice(position + 1);
        expect(validateIdNumber(changed).ok).toBe(false);
      }),
    );
  });

  it('catches any swap of two different neighbouring digits', () => {
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 15 }), (digits, position) => {
        const id = digits + idCheckChar(digits);
        fc.pre(id.charAt(position) !== id.charAt(position + 1));
        const swapped = id.slice(0, position) + id.charAt(position + 1) + id.charAt(position) + id.slice(position + 2);
        expect(validateIdNumber(swapped).ok).toBe(false);
      }),
    );
  });
});
