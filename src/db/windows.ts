import { sql, type Kysely, type RawBuilder } from 'kysely';

/** A village and a span of recording time (after, upTo]: the items a village handed on in one month. */
export interface VillageWindow {
  readonly village: string;
  /** Exclusive; null for "from the beginning". */
  readonly after: Date | null;
  readonly upTo: Date;
}

/**
 * How many rows of `table` each village recorded within its window, for counts a module takes from its own
 * table (the monthly cycle asks each module through its service). `at` is the row's recording instant,
 * `village` its village column, `where` any further condition on the row (alias `t`). Villages with none are
 * left out of the map. Windows travel as one JSON parameter, the same on PGlite and PostgreSQL.
 */
export async function countInWindows<DB>(
  db: Kysely<DB>,
  source: { readonly table: string; readonly at: string; readonly village: string; readonly where?: RawBuilder<unknown> },
  windows: readonly VillageWindow[],
): Promise<Map<string, number>> {
  if (windows.length === 0) return new Map();
  const json = JSON.stringify(windows.map((w) => ({ village: w.village, after: w.after?.toISOString() ?? null, up_to: w.upTo.toISOString() })));
  const rows = await sql<{ village: string; n: number }>`
    select w.village, count(*)::int as n
    from jsonb_to_recordset(${json}::jsonb) as w(village text, after timestamptz, up_to timestamptz)
    join ${sql.table(source.table)} as t on t.${sql.ref(source.village)} = w.village
      and (w.after is null or t.${sql.ref(source.at)} > w.after) and t.${sql.ref(source.at)} <= w.up_to
    where ${source.where ?? sql`true`}
    group by w.village`.execute(db);
  return new Map(rows.rows.map((r) => [r.village.trim(), Number(r.n)]));
}
