/**
 * Identity numbers (GB 11643) and mobile phone numbers for demo residents. The check character comes
 * from the rules engine; this file only picks area codes and sequence numbers and keeps them unique.
 */
import { idCheckChar } from '../rules/id-number.js';
import type { Sex } from './names.js';
import type { DemoRandom } from './random.js';

/** Other Weifang counties (GB/T 2260): an ID keeps the code of the place where it was first issued. */
const NEIGHBOUR_AREA_CODES = ['370725', '370781', '370702', '370724', '370786', '370784', '370703', '370782', '370785', '370705'];

/** Share of IDs issued elsewhere: people who married into a household come from neighbouring counties more often. */
const ISSUED_ELSEWHERE = { marriedIn: 0.1, other: 0.015 } as const;

export class IdNumberAllocator {
  readonly #areaCodes: readonly string[];
  /** Sequences already handed out, per (birth date, area): a 1000-bit set each. */
  readonly #taken = new Map<number, Uint8Array>();

  constructor(countyAreaCode: string) {
    if (!/^\d{6}$/.test(countyAreaCode)) throw new RangeError(`county area code must be 6 digits: ${countyAreaCode}`);
    this.#areaCodes = [countyAreaCode, ...NEIGHBOUR_AREA_CODES.filter((code) => code !== countyAreaCode)];
  }

  /**
   * An 18-character ID number unique within this allocator: area code, the birth date, a sequence
   * that is odd for men and even for women, and the MOD 11-2 check character.
   */
  allocate(random: DemoRandom, birthDate: string, sex: Sex, marriedIn: boolean): string {
    const elsewhere = random.chance(marriedIn ? ISSUED_ELSEWHERE.marriedIn : ISSUED_ELSEWHERE.other);
    const areaIndex = elsewhere ? 1 + Math.floor(random.next() * (this.#areaCodes.length - 1)) : 0;
    const birthDigits = birthDate.slice(0, 4) + birthDate.slice(5, 7) + birthDate.slice(8, 10);
    // yyyymmdd·16 + area stays a small integer (a V8 Smi): a cheap Map key.
    const key = Number(birthDigits) * 16 + areaIndex;
    let taken = this.#taken.get(key);
    if (taken === undefined) this.#taken.set(key, (taken = new Uint8Array(125)));
    // 001–999 for men (odd), 002–998 for women (even): a random free one, else the next free one.
    const first = sex === 'M' ? 0 : 1;
    const slots = 500 - first;
    const start = random.int(0, slots - 1);
    for (let step = 0; step < 16 + slots; step++) {
      const k = first + (step < 16 ? random.int(0, slots - 1) : (start + step) % slots);
      const sequence = 2 * k + (sex === 'M' ? 1 : 0);
      const bit = 1 << (sequence & 7);
      if ((taken[sequence >> 3]! & bit) !== 0) continue;
      taken[sequence >> 3]! |= bit;
      const first17 = this.#areaCodes[areaIndex]! + birthDigits + String(sequence).padStart(3, '0');
      return first17 + idCheckChar(first17);
    }
    throw new RangeError(`no free ID sequence left for ${birthDate} (${sex}) in area ${this.#areaCodes[areaIndex]}`);
  }
}

/** Mobile prefixes of the three carriers (China Mobile, Unicom, Telecom) common in Shandong. */
const MOBILE_PREFIXES = [
  '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '178', '182', '183', '187', '188', '198',
  '130', '131', '132', '155', '156', '166', '175', '176', '185', '186',
  '133', '153', '173', '177', '180', '181', '189', '199',
];

/** Most working-age adults have a mobile phone; fewer of the very old; children none. */
export function drawPhone(random: DemoRandom, age: number): string | null {
  const share = age < 18 ? 0 : age < 60 ? 0.95 : age < 70 ? 0.85 : age < 80 ? 0.6 : 0.3;
  if (!random.chance(share)) return null;
  return random.pick(MOBILE_PREFIXES) + String(random.int(0, 99_999_999)).padStart(8, '0');
}
