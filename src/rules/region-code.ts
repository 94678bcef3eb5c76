/**
 * Region codes (区划代码), 12 digits: 6-digit GB/T 2260 county + 3-digit township + 3-digit village.
 * A county is `CCCCCC000000`, a township `CCCCCCTTT000`, a village `CCCCCCTTTVVV`.
 */
export type RegionLevel = 'county' | 'township' | 'village';

export type RegionCodeProblem = 'REGION_CODE_FORMAT' | 'REGION_CODE_LEVEL';

export function regionLevelOf(code: string): RegionLevel | undefined {
  if (!/^\d{12}$/.test(code) || code.startsWith('000000')) return undefined;
  if (code.endsWith('000000')) return 'county';
  if (code.endsWith('000')) return 'township';
  if (code.slice(6, 9) === '000') return undefined;
  return 'village';
}

export function countyCodeOf(code: string): string {
  return code.slice(0, 6);
}

/** The 12-digit code of the region directly above, or undefined for a county. */
export function parentRegionCode(code: string): string | undefined {
  const level = regionLevelOf(code);
  if (level === 'village') return `${code.slice(0, 9)}000`;
  if (level === 'township') return `${code.slice(0, 6)}000000`;
  return undefined;
}

/** The prefix every code inside the region shares: 6 digits for a county, 9 for a township, 12 for a village. */
export function regionScopePrefix(code: string): string {
  const level = regionLevelOf(code);
  if (level === 'county') return code.slice(0, 6);
  if (level === 'township') return code.slice(0, 9);
  return code;
}

/** Whether `target` is `scope` itself or lies below it. */
export function isWithinRegion(scope: string, target: string): boolean {
  return regionLevelOf(target) !== undefined && target.startsWith(regionScopePrefix(scope));
}

/** Accepts 6-, 9- or 12-digit codes (as in the national tables) and pads them to 12 digits. */
export function normaliseRegionCode(text: string): string | undefined {
  const digits = text.trim();
  if (!/^\d+$/.test(digits)) return undefined;
  if (digits.length === 6 || digits.length === 9 || digits.length === 12) {
    const code = digits.padEnd(12, '0');
    return regionLevelOf(code) ? code : undefined;
  }
  return undefined;
}
