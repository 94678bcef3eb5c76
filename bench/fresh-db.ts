/** A fresh database for a benchmark: PGlite in a temporary folder, or a new database on a PostgreSQL server. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, redactUrl, type Database } from '../src/db/connection.js';

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface FreshDatabase {
  readonly database: Database;
  readonly label: string;
  dispose(): Promise<void>;
}

/** `keep`: leave the PostgreSQL database (its name is in the label) for a second look; the PGlite folder always goes. */
export async function freshDatabase(serverUrl: string | undefined, options: { keep?: boolean | undefined } = {}): Promise<FreshDatabase> {
  if (serverUrl) {
    const name = `xnb_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await adminQuery(serverUrl, `create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString() });
    return {
      database,
      label: `PostgreSQL ${redactUrl(url.toString())}`,
      async dispose() {
        await database.close();
        if (!options.keep) await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'xnb-bench-'));
  const database = await openDatabase({ dataDir: dir });
  return {
    database,
    label: `PGlite ${dir}`,
    async dispose() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

