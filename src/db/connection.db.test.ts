import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './connection.js';
import { listMigrations, migrate } from './migrate.js';
import { openTestDatabase } from './testing.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe(`database layer (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('applies every migration once and does nothing on a second run', async () => {
    const applied = await database.db.selectFrom('schema_migration').select('version').orderBy('version').execute();
    expect(applied.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
    expect(await migrate(database.db)).toEqual([]);
  });

  it('returns int8 as a JS number, numeric as string, date as text, timestamptz as Date', async () => {
    const { rows } = await sql<{ big: unknown; num: unknown; day: unknown; ts: unknown }>`
      select 9007199254740991::int8 as big, 12.345::numeric as num, date '2024-02-29' as day,
             timestamptz '2024-01-02 03:04:05.678+00' as ts`.execute(database.db);
    expect(rows[0]).toEqual({ big: 9007199254740991, num: '12.345', day: '2024-02-29', ts: new Date('2024-01-02T03:04:05.678Z') });
  });

  it('refuses an int8 beyond the safe integer range instead of rounding it', async () => {
    await expect(sql`select 9007199254740993::int8 as big`.execute(database.db)).rejects.toThrow(/safe integer/);
  });

  it('rolls a transaction back as a whole, and a savepoint back alone', async () => {
    const county = { code: '999999000000', county_code: '999999', level: 'county' as const, name: '测试县', parent_code: null };
    await expect(
      database.db.transaction().execute(async (tx) => {
        await tx.insertInto('region').values(county).execute();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await database.db.selectFrom('region').where('code', '=', county.code).select('code').execute()).toEqual([]);

    const tx = await database.db.startTransaction().execute();
    await tx.insertInto('region').values(county).execute();
    const sp = await tx.savepoint('village').execute();
    await sp.insertInto('region').values({ code: '999999001000', county_code: '999999', level: 'township', name: '甲镇', parent_code: county.code }).execute();
    await sp.rollbackToSavepoint('village').execute();
    await tx.commit().execute();
    const rows = await database.db.selectFrom('region').where('county_code', '=', '999999').select('code').execute();
    expect(rows.map((r) => r.code)).toEqual([county.code]);
  });

  it('serialises concurrent transactions on one database without losing a write', async () => {
    await database.db.insertInto('region').values({ code: '888888000000', county_code: '888888', level: 'county', name: '并发县', parent_code: null }).execute();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        database.db.transaction().execute(async (tx) => {
          await tx
            .insertInto('region')
            .values({ code: `888888${String(i + 1).padStart(3, '0')}000`, county_code: '888888', level: 'township', name: `镇${i}`, parent_code: '888888000000' })
            .execute();
        }),
      ),
    );
    const { count } = await database.db.selectFrom('region').where('parent_code', '=', '888888000000').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(count).toBe(10);
  });

  it('lets timers and sockets in between the transactions of a long batch', async () => {
    // A batch job is transactions one after another; a request waiting for the event loop must not wait for the whole batch.
    let timerFiredAfter: number | undefined;
    let done = 0;
    setTimeout(() => (timerFiredAfter = done), 0);
    for (; done < 50; done++) {
      await database.db.transaction().execute(async (tx) => {
        await sql`select count(*) from region`.execute(tx);
      });
    }
    expect(timerFiredAfter).toBeDefined();
    expect(timerFiredAfter!).toBeLessThan(50);
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))('PostgreSQL connection pool', () => {
  it('survives the server closing an idle connection', async () => {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
    const pid = rows[0]!.pid;
    const other = await openDatabase({ databaseUrl: process.env.DATABASE_URL! });
    try {
      await sql`select pg_terminate_backend(${pid})`.execute(other.db);
    } finally {
      await other.close();
    }
    await new Promise((r) => setTimeout(r, 200));
    const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
    expect(again.rows[0]?.one).toBe(1);
  });
});
