/**
 * Bulk-load mode for empty tables, as pg_restore does it: secondary indexes and foreign keys are
 * dropped before the load and created again afterwards, in the same transaction. Building an index
 * by one sort is several times faster than growing it row by row, and re-adding a foreign key checks
 * all rows with one join instead of one lookup per row. The definitions are read from the catalog,
 * so indexes and keys added by later migrations are handled too. Unique constraints are rebuilt the
 * same way (the rebuild checks uniqueness, so a duplicate still fails the transaction) unless a
 * foreign key refers to them; primary keys always stay.
 */
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

export interface DeferredConstraints {
  /** Recreates what was dropped (indexes first, then foreign keys). */
  restore(): Promise<void>;
}

/**
 * Drops the secondary indexes and foreign keys of `tables` when every one of them is empty;
 * otherwise does nothing (rebuilding a table that already holds data is not this helper's job).
 */
export async function deferConstraints(tx: Transaction<DB>, tables: readonly ('household' | 'resident' | 'enrolment' | 'contribution' | 'account_entry' | 'pension')[]): Promise<DeferredConstraints> {
  for (const table of tables) {
    const { rows } = await sql<{ any: boolean }>`select exists (select from ${sql.table(table)}) as any`.execute(tx);
    if (rows[0]?.any) return { restore: async () => {} };
  }
  // Memory for the sorts and hashes of the load and of the rebuild (index builds, key checks), for this transaction only.
  await sql`select set_config('maintenance_work_mem', '256MB', true), set_config('work_mem', '64MB', true)`.execute(tx);
  const names = tables.map((t) => t as string);
  const indexes = await sql<{ drop: string; create: string }>`
    select format('drop index %s', i.indexrelid::regclass) as drop, pg_get_indexdef(i.indexrelid) as create
    from pg_index i
    where i.indrelid::regclass::text = any(${names}::text[])
      and not exists (select from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = i.indrelid)
    order by i.indexrelid::regclass::text`.execute(tx);
  const constraints = (where: RawBuilder<unknown>) => sql<{ drop: string; create: string }>`
    select format('alter table %s drop constraint %I', k.conrelid::regclass, k.conname) as drop,
           format('alter table %s add constraint %I %s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid)) as create
    from pg_constraint k
    where k.conrelid::regclass::text = any(${names}::text[]) and ${where}
    order by k.conrelid::regclass::text, k.conname`.execute(tx);
  const foreignKeys = await constraints(sql`k.contype = 'f'`);
  const uniques = await constraints(sql`k.contype = 'u' and not exists (select from pg_constraint f where f.contype = 'f' and f.conindid = k.conindid)`);
  for (const row of [...foreignKeys.rows, ...uniques.rows, ...indexes.rows]) await sql.raw(row.drop).execute(tx);
  return {
    async restore() {
      for (const row of [...uniques.rows, ...indexes.rows, ...foreignKeys.rows]) await sql.raw(row.create).execute(tx);
    },
  };
}
