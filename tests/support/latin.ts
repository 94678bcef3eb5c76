/**
 * What a zh-CN page or form must not show: Latin words — programme names (`pensionAge`, `payroll.bank_file`) or
 * English. Digits, dates, amounts, percentages and units are fine, and so are ID numbers (masked or not) and
 * the few Latin words Chinese forms use themselves.
 */
const ALLOWED = new Set(['PDF', 'Excel']);

/** The Latin words in `text`, once each, in order of appearance. */
export function latinWords(text: string): string[] {
  const withoutIds = text.replace(/[0-9*]{14,17}[0-9Xx*]/g, ' ');
  const words = [...withoutIds.matchAll(/[A-Za-z][A-Za-z0-9_./-]*/g)].map((m) => m[0]).filter((w) => !ALLOWED.has(w));
  return [...new Set(words)];
}
