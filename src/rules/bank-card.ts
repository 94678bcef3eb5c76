/**
 * Bank card numbers (银行卡号, GB/T 19584 and ISO/IEC 7812): 16 to 19 digits whose last digit is the Luhn check
 * digit. Passbook and settlement account numbers (存折、结算账号) have other lengths and no such digit, so only
 * numbers of a card's length are checked, and a failure is a warning to check the number, never a refusal.
 */
export function looksLikeBankCard(number: string): boolean {
  return /^\d{16,19}$/.test(number);
}

/** The Luhn check: from the right, every second digit doubled (minus 9 above 9); the sum is a multiple of 10. */
export function luhnValid(number: string): boolean {
  if (!/^\d+$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = number.charCodeAt(number.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
