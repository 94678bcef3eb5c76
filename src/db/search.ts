import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';

/**
 * The string just above every string that starts with `digits` (all digits): the same length, the last digit not
 * 9 raised by one and the 9s after it dropped ('370783' → '370784', '3709' → '371'). undefined when all are 9s
 * (nothing above). For digit-only keys (ID numbers, region codes) `digits <= key < next` is "starts with", in any
 * collation, and a btree index on the column answers it as a range.
 */
export function nextDigitPrefix(digits: string): string | undefined {
  const trimmed = digits.replace(/9+$/, '');
  if (trimmed.length === 0) return undefined;
  return trimmed.slice(0, -1) + String(Number(trimmed.slice(-1)) + 1);
}

/** `column` starts with the digits `prefix`, as a range on the column itself (no cast, so its btree index is used); '' is true. */
export function digitPrefixMatch(column: string, prefix: string): Expression<SqlBool> {
  if (prefix === '') return sql<SqlBool>`true`;
  const next = nextDigitPrefix(prefix);
  return next === undefined ? sql<SqlBool>`${sql.ref(column)} >= ${prefix}` : sql<SqlBool>`(${sql.ref(column)} >= ${prefix} and ${sql.ref(column)} < ${next})`;
}

/** The typed text looks like an ID number or its start: 6 to 17 digits, or 17 digits and a check character (x or X). */
export function looksLikeIdNumber(text: string): boolean {
  return /^\d{6,17}[\dXx]?$/.test(text.trim());
}

/**
 * The rows whose 18-character ID number (`column`, char(18)) is, or starts with, the typed text: the text is
 * normalised (trimmed, a lower-case x upper-cased), never the column, so the column's index answers it: a whole
 * number by equality, a start of digits by a range. A start ending in X matches nothing (X is only ever the 18th).
 */
export function idNumberMatch(column: string, typed: string): Expression<SqlBool> {
  const text = typed.trim().toUpperCase();
  if (/^\d+$/.test(text) && text.length < 18) return digitPrefixMatch(column, text);
  return sql<SqlBool>`${sql.ref(column)} = ${text}`;
}

/** `%`, `_` and `\` written literally in a LIKE pattern. */
export function likeEscape(text: string): string {
  return text.replace(/[%_\\]/g, '\\$&');
}

/**
 * The rows whose name (`column`, text) contains the typed text. A GIN trigram index on the column (pg_trgm,
 * migration 0023) answers it when the text has 3 or more characters; shorter text matches by the same LIKE without
 * an index (the list's ordered scan stops at the page's last row).
 */
export function nameContains(column: string, typed: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${`%${likeEscape(typed.trim())}%`}`;
}

/**
 * The typed search of a person list: an ID number (or its start) by `idColumn`'s index, anything else a part of
 * the name in `nameColumn` (trigram index).
 */
export function personSearch(idColumn: string, nameColumn: string, typed: string): Expression<SqlBool> {
  return looksLikeIdNumber(typed) ? idNumberMatch(idColumn, typed) : nameContains(nameColumn, typed);
}

/**
 * The most rows a list counts before it says "more than" (超过 1,000 条): a count never reads more than this many
 * index entries (10,000 cost 4 ms of a core per request at 200k residents, halving the first page's req/s; 1,000
 * is 50 pages of 20). The exact figure is counted when asked.
 */
export const LIST_COUNT_CAP = 1_000;

/**
 * The number of rows of `query` (a select with no columns yet), counted up to `cap` rows only: `{ total, exact }`
 * with `exact` false when there are more than `cap` (then `total` is `cap`). `cap` undefined counts them all.
 */
export async function cappedCount(db: Kysely<any>, query: SelectQueryBuilder<any, any, object>, cap: number | undefined): Promise<{ total: number; exact: boolean }> {
  if (cap === undefined) {
    const row = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return { total: Number(row.total), exact: true };
  }
  const limited = query.select(sql<number>`1`.as('one')).limit(cap + 1);
  const row = await db.selectFrom(limited.as('capped')).select(sql<number>`count(*)`.as('total')).executeTakeFirstOrThrow();
  const n = Number(row.total);
  return n > cap ? { total: cap, exact: false } : { total: n, exact: true };
}
