// Province scale (issue 13 part 5): every table that holds a county's data keeps the county code in its primary key
// and in each of its unique keys, so that the county code can be the distribution column (Citus) or the partition key
// of every such table without a key that spans counties. See README, "Province scale".
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connection.js';
import { openTestDatabase } from '../src/db/testing.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/**
 * Tables with a county_code whose keys do not start from it, and why that is right:
 * region — a reference table (the same on every node): its 12-digit code begins with the county's 6 digits;
 * job — the server's own work queue (one row per payroll or interest run), read by id, not county data.
 */
const NOT_DISTRIBUTED: Record<string, string> = {
  region: 'reference table; the code itself begins with the county code',
  job: "the server's work queue, addressed by id",
};

/** Tables without a county_code: reference data and the staff's own records, replicated or kept on the coordinator. */
const REFERENCE = ['audit_log', 'division', 'explanation_citation', 'login_throttle', 'schema_migration', 'staff_session', 'staff_user'];

describe('distribution by county', () => {
  it('every table with county data keeps county_code in its primary key and in every unique key', async () => {
    const keys = await sql<{ table_name: string; kind: string; definition: string }>`
      select t.relname as table_name, c.contype as kind, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema() and c.contype in ('p', 'u')
        and exists (select 1 from information_schema.columns col
                    where col.table_schema = n.nspname and col.table_name = t.relname and col.column_name = 'county_code')`.execute(database.db);
    const missing = keys.rows.filter((k) => !(k.table_name in NOT_DISTRIBUTED) && !/\bcounty_code\b/.test(k.definition));
    expect(missing).toEqual([]);
    // The check looked at the tables that matter (a renamed column would make it pass on nothing).
    const tables = new Set(keys.rows.map((k) => k.table_name));
    for (const t of ['resident', 'household', 'enrolment', 'contribution', 'account_entry', 'pension', 'pension_payment', 'archive_record', 'cross_check_hit']) expect(tables).toContain(t);
  });

  it('every unique index (not only constraints) on a county table includes county_code', async () => {
    const indexes = await sql<{ table_name: string; index_name: string; definition: string }>`
      select t.relname as table_name, i.relname as index_name, pg_get_indexdef(ix.indexrelid) as definition
      from pg_index ix
      join pg_class t on t.oid = ix.indrelid
      join pg_class i on i.oid = ix.indexrelid
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema() and ix.indisunique
        and exists (select 1 from information_schema.columns col
                    where col.table_schema = n.nspname and col.table_name = t.relname and col.column_name = 'county_code')`.execute(database.db);
    const missing = indexes.rows.filter((k) => !(k.table_name in NOT_DISTRIBUTED) && !/\bcounty_code\b/.test(k.definition));
    expect(missing).toEqual([]);
  });

  it('the tables without a county code are the reference and staff tables, and no other', async () => {
    const tables = await sql<{ table_name: string }>`
      select t.relname as table_name from pg_class t join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema() and t.relkind in ('r', 'p')
        and not exists (select 1 from information_schema.columns col
                        where col.table_schema = n.nspname and col.table_name = t.relname and col.column_name = 'county_code')
      order by 1`.execute(database.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(REFERENCE);
  });
});
