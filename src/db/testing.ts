import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from './connection.js';
import { listMigrations, migrate } from './migrate.js';

/**
 * A real, empty, migrated database for one test file: PGlite in memory by default, or a fresh
 * database on the PostgreSQL server named by DATABASE_URL (dropped again by close()).
 *
 * Both start from a migrated copy made once per set of migrations (most of a small test file's time went into
 * creating and migrating its database): on PGlite a dump of the migrated data folder kept in the temporary folder,
 * on PostgreSQL a template database `xnb_tmpl_<migrations hash>` (`create database … template …`). The migrations
 * still run after the copy, and find nothing to do.
 */
export async function openTestDatabase(seed?: TestSeed): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://', loadDataDir: await (seed ? seededDump(seed) : migratedDump()) });
    await migrate(database.db);
    return database;
  }
  const template = await migratedTemplate(serverUrl);
  const name = `xnb_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name} template ${template}`);
  const database = await openDatabase({ databaseUrl: withDatabase(serverUrl, name) });
  await migrate(database.db);
  if (seed) await seed.fill(database);
  return {
    ...database,
    async close() {
      await database.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * Rows every database of a kind of test starts with (the test app's regions, residents and staff). On PGlite they are
 * written once per test process into a migrated database whose dump the later ones load (`key` names the dump; the
 * rows must not depend on anything but the code); on PostgreSQL `fill` runs for each database.
 */
export interface TestSeed {
  readonly key: string;
  fill(database: Database): Promise<void>;
}

const seeded = new Map<string, Promise<Blob>>();

/** The dump of a migrated database with `seed` written into it, made once per process and key. */
function seededDump(seed: TestSeed): Promise<Blob> {
  let blob = seeded.get(seed.key);
  if (!blob) {
    blob = (async () => {
      const database = await openDatabase({ dataDir: 'memory://', loadDataDir: await migratedDump() });
      try {
        await migrate(database.db);
        await seed.fill(database);
        return await database.pglite!.dumpDataDir('none');
      } finally {
        await database.close();
      }
    })();
    // A failed fill is not kept: the next test file tries again (and fails with its own message).
    blob.catch(() => seeded.delete(seed.key));
    seeded.set(seed.key, blob);
  }
  return blob;
}

/** The migrations' own fingerprint: a copy made from other migration files is never used. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const m of listMigrations()) hash.update(`${m.version}:${m.checksum};`);
  return hash.digest('hex').slice(0, 16);
}

let dump: Promise<Blob> | undefined;

/** The PGlite dump (uncompressed tar) of a freshly migrated database, made once and kept in the temporary folder. */
function migratedDump(): Promise<Blob> {
  dump ??= (async () => {
    const dir = join(tmpdir(), 'xnb-test-db');
    const file = join(dir, `migrated-${migrationsHash()}.tar`);
    if (!existsSync(file)) {
      const database = await openDatabase({ dataDir: 'memory://' });
      try {
        await migrate(database.db);
        const blob = await database.pglite!.dumpDataDir('none');
        mkdirSync(dir, { recursive: true });
        // Written whole under another name, then renamed: a parallel test file reads either nothing or all of it.
        const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
        writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
        renameSync(partial, file);
      } finally {
        await database.close();
      }
    }
    return new Blob([readFileSync(file)]);
  })();
  return dump;
}

/** The name of the migrated template database on the server, created (under an advisory lock) when missing. */
async function migratedTemplate(serverUrl: string): Promise<string> {
  const name = `xnb_tmpl_${migrationsHash()}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(7783002)');
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      const building = `${name}_${randomBytes(3).toString('hex')}`;
      await client.query(`create database ${building}`);
      const database = await openDatabase({ databaseUrl: withDatabase(serverUrl, building) });
      try {
        await migrate(database.db);
      } finally {
        await database.close();
      }
      await client.query(`alter database ${building} rename to ${name}`);
    }
  } finally {
    await client.query('select pg_advisory_unlock(7783002)').catch(() => undefined);
    await client.end();
  }
  return name;
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
