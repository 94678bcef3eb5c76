/**
 * The regions of the demo county: the real townships and streets (乡镇/街道) from the national division
 * table, invented villages spread over them, and how many residents each village holds.
 */
import { divisionsOfCounty } from '../modules/regions/reference.js';
import { drawVillageName } from './names.js';
import type { DemoRandom } from './random.js';

export interface DemoRegion {
  /** 12 digits. */
  readonly code: string;
  readonly name: string;
}

export interface DemoVillage extends DemoRegion {
  readonly township: DemoRegion;
  /** How many residents the generator puts here. */
  readonly residents: number;
}

export interface DemoCountyLayout {
  readonly county: DemoRegion;
  readonly townships: readonly DemoRegion[];
  readonly villages: readonly DemoVillage[];
}

/** Township codes 4xx–9xx are development zones and parks (e.g. 双王城生态经济园区), not towns with villages. */
const FIRST_SPECIAL_AREA = 400;
const MAX_VILLAGES_PER_TOWNSHIP = 999;

/** Towns (乡镇) and streets (街道) of a county, from reference/regions, without parks and zones. */
export function realTownships(countyCode: string): { county: DemoRegion; townships: DemoRegion[] } | undefined {
  const { county, townships } = divisionsOfCounty(countyCode);
  if (county === undefined) return undefined;
  return {
    county: { code: `${countyCode}000000`, name: county },
    townships: townships
      .filter((t) => Number(t.code.slice(6, 9)) < FIRST_SPECIAL_AREA)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((t) => ({ code: `${t.code}000`, name: t.name })),
  };
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder, ties to the
 * earlier part), each part at least `floor` when the total allows it.
 */
export function apportion(total: number, weights: readonly number[], floor = 0): number[] {
  const reserved = total >= floor * weights.length ? floor : 0;
  const rest = total - reserved * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  const parts = exact.map((x) => Math.floor(x));
  let left = rest - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left === 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts.map((p) => p + reserved);
}

export function layOutCounty(
  random: DemoRandom,
  base: { county: DemoRegion; townships: readonly DemoRegion[] },
  villageCount: number,
  residentCount: number,
): DemoCountyLayout {
  const { county, townships } = base;
  const perTownship = apportion(villageCount, townships.map(() => 0.6 + 0.8 * random.next()), 1);
  if (perTownship.some((n) => n > MAX_VILLAGES_PER_TOWNSHIP)) {
    throw new RangeError(`a township holds at most ${MAX_VILLAGES_PER_TOWNSHIP} villages; ${villageCount} do not fit in ${county.name}`);
  }
  const villages: { code: string; name: string; township: DemoRegion; weight: number }[] = [];
  townships.forEach((township, t) => {
    const taken = new Set<string>();
    for (let v = 1; v <= perTownship[t]!; v++) {
      const name = drawVillageName(random, taken);
      taken.add(name);
      // Villages range from a few hundred to a few thousand people.
      const weight = 0.35 + 1.65 * random.next() * random.next() + 0.3 * random.next();
      villages.push({ code: township.code.slice(0, 9) + String(v).padStart(3, '0'), name, township, weight });
    }
  });
  const quotas = apportion(residentCount, villages.map((v) => v.weight));
  return {
    county,
    townships,
    villages: villages.map((v, i) => ({ code: v.code, name: v.name, township: v.township, residents: quotas[i]! })),
  };
}
