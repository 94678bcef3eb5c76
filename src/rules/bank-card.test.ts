import { describe, expect, it } from 'vitest';
import { looksLikeBankCard, luhnValid } from './bank-card.js';

describe('bank card numbers', () => {
  it('accepts card numbers whose last digit is the Luhn check digit', () => {
    expect(luhnValid('6222021234567890128')).toBe(true);
    expect(luhnValid('4111111111111111')).toBe(true);
  });
  it('finds a wrong last digit, and the 0000 ending Excel leaves on a 19-digit card', () => {
    expect(luhnValid('6222021234567890121')).toBe(false);
    expect(luhnValid('6222021234567890000')).toBe(false);
  });
  it('checks only numbers of a card length (16 to 19 digits), not passbook accounts', () => {
    expect(looksLikeBankCard('622848001')).toBe(false);
    expect(looksLikeBankCard('622202123456789012')).toBe(true);
    expect(looksLikeBankCard('62220212345678901234')).toBe(false);
  });
});
