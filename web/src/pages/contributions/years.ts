/** The first year offered: the national scheme began in late 2009 (国发〔2009〕32号). */
export const FIRST_YEAR = 2009;

/** Years from this one back to the scheme start, newest first, for the year selectors. */
export function yearOptions(thisYear: number, t: (k: string, o?: Record<string, unknown>) => string): { value: number; label: string }[] {
  const out: { value: number; label: string }[] = [];
  for (let y = thisYear; y >= FIRST_YEAR; y -= 1) out.push({ value: y, label: t('contributions.yearOption', { year: y }) });
  return out;
}
