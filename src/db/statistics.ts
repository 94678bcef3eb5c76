/**
 * Planner statistics for batch jobs (issue 13). A job that walks a table in keyset chunks needs the planner to
 * know the table's size: on a table never analysed since a big load (a county's first award of 270,000 pensions,
 * say) it estimates one row, picks a plan that reads every row and sorts them for each chunk of 1,000, and the
 * month's payroll runs for an hour instead of a minute. Autovacuum analyses such a table only later, after a
 * pause, not between an award and the payroll that follows it.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * Runs ANALYZE on those of `tables` (our own table names) whose rows changed by more than `share` (default a
 * tenth, at least 1,000 rows) since they were last analysed, by the server's own counters
 * (pg_stat_user_tables.n_mod_since_analyze against pg_class.reltuples). Returns the names analysed. A table
 * analysed recently costs one small query; analysing one costs about a second per million rows (a sample).
 */
export async function analyzeIfStale(db: Kysely<DB>, tables: readonly string[], share = 0.1): Promise<string[]> {
  const stale = await sql<{ name: string }>`
    select s.relname as name from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.schemaname = current_schema() and s.relname = any(${[...tables]}::text[])
      and s.n_mod_since_analyze > greatest(1000, ${share} * greatest(c.reltuples, 0))
    order by s.relname`.execute(db);
  const names = stale.rows.map((r) => r.name);
  if (names.length > 0) await sql`analyze ${sql.join(names.map((n) => sql.table(n)))}`.execute(db);
  return names;
}
