import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.js';
import { PGliteDialect } from './pglite-driver.js';
import type { DB } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<DB>;
  /**
   * The batch jobs' access to the same database (JobRunner), so that a request never waits behind a job. PostgreSQL:
   * a pool of its own (two connections), the requests' pool stays free. PGlite (one connection): the job's queries
   * get the connection only when no request's query is waiting (pglite-driver.ts).
   */
  readonly jobDb: Kysely<DB>;
  /** Where the data lives, for messages: the PGlite folder or the PostgreSQL URL without password. */
  readonly location: string;
  /** The embedded instance (PGlite only): used by backup/restore. */
  readonly pglite?: PGlite;
  /** The connection pool (PostgreSQL only): a bulk COPY needs a connection of its own (copy-in.ts). */
  readonly pool?: pg.Pool;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… — when set, PostgreSQL is used instead of the embedded database. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; 'memory://' for a throwaway in-memory database. */
  dataDir?: string | undefined;
  /** PGlite only: a dump (from `backup`) to load into a new data folder. */
  loadDataDir?: Blob | File | undefined;
  /**
   * PGlite only: remove the folder's lock when a signal ends the process (default true). False for long work
   * (the server's start-up with the demo county, batch commands): a JavaScript signal handler only runs once
   * the database work in hand ends, so with one installed Ctrl-C or `kill` waited for minutes; without it the
   * signal ends the process at once and the lock it leaves is taken over by the next process (its pid is gone).
   */
  releaseLockOnSignal?: boolean | undefined;
}

const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

/** int8 comes back as a JS number on both databases; an amount beyond 2^53 fen is an error, not a rounding. */
export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} is outside the safe integer range`);
  return n;
}

const parsers: Record<number, (text: string) => unknown> = {
  [OID.int8]: parseInt8,
  [OID.numeric]: (text) => text,
  [OID.date]: (text) => text,
  [OID.timestamp]: (text) => new Date(`${text.replace(' ', 'T')}Z`),
  [OID.timestamptz]: (text) => new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')),
};

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPGlite(options.dataDir ?? './data', options.loadDataDir, options.releaseLockOnSignal ?? true);
}

async function openPGlite(dataDir: string, loadDataDir: Blob | File | undefined, releaseLockOnSignal: boolean): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // Before PGlite touches the folder: a second process must not open it (see data-dir-lock.ts).
  const lock = inMemory ? undefined : acquireDataDirLock(dataDir, { releaseOnSignal: releaseLockOnSignal });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(inMemory ? undefined : dataDir, {
      parsers,
      // Trigram indexes for name search (migration 0023).
      extensions: { pg_trgm },
      // PGlite runs with fsync off (its default): a torn page after a power cut is not guarded against either
      // way, so the full page images that full_page_writes adds to the WAL after each checkpoint (most of the
      // WAL of a batch that touches many pages: the interest job's balances) buy nothing here (issue 13).
      startParams: [...PGlite.defaultStartParams, '-c', 'full_page_writes=off'],
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  const jobDb = new Kysely<DB>({ dialect: new PGliteDialect(pglite, 'background') });
  return {
    kind: 'pglite',
    db,
    jobDb,
    pglite,
    location: inMemory ? 'memory' : dataDir,
    async close() {
      try {
        await jobDb.destroy();
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

function postgresPool(databaseUrl: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    // A backend's first plans cost 10–20 ms (its catalogue caches are empty; a resident's page plans in 0.6 ms warm):
    // keep idle connections five minutes instead of pg's ten seconds, so a quiet office's next click is not a cold one.
    idleTimeoutMillis: 5 * 60_000,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server closes (restart, failover, a dropped test database) must not crash
  // the process: the pool drops it and the next query opens a new one.
  pool.on('error', () => undefined);
  return pool;
}

async function openPostgres(databaseUrl: string): Promise<Database> {
  const pool = postgresPool(databaseUrl, 10);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // The jobs' own pool (a job's chunk holds one connection, its progress read may take a second); pg connects lazily.
  const jobDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool: postgresPool(databaseUrl, 2) }) });
  return {
    kind: 'postgres',
    db,
    jobDb,
    pool,
    location: redactUrl(databaseUrl),
    async close() {
      await jobDb.destroy();
      await db.destroy();
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
