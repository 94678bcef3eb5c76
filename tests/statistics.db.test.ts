// Planner statistics before a batch job's keyset chunks (src/db/statistics.ts): a table changed much since it
// was last analysed is analysed, one analysed since is left alone.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connection.js';
import { analyzeIfStale } from '../src/db/statistics.js';
import { openTestDatabase } from '../src/db/testing.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const reltuples = async (name: string) => Number((await sql<{ n: number }>`select reltuples::int8 as n from pg_class where relname = ${name}`.execute(database.db)).rows[0]!.n);

describe('analyzeIfStale', () => {
  it('analyses a table loaded since it was last analysed, then leaves it alone', async () => {
    await database.db.connection().execute(async (c) => {
      await sql`create table stats_probe (id int primary key, note text)`.execute(c);
      await sql`insert into stats_probe select g, 'row ' || g from generate_series(1, 2500) g`.execute(c);
      // The server's counters reach the shared statistics at the end of the next transaction.
      await sql`select pg_stat_force_next_flush()`.execute(c);
      await sql`select 1`.execute(c);
    });
    // Never analysed: the planner does not know the table's size.
    expect(await reltuples('stats_probe')).toBeLessThan(1);
    expect(await analyzeIfStale(database.db, ['stats_probe', 'pension'])).toEqual(['stats_probe']);
    expect(await reltuples('stats_probe')).toBe(2500);
    expect(await analyzeIfStale(database.db, ['stats_probe', 'pension'])).toEqual([]);
  });
});
