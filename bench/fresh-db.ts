/** A fresh database for a benchmark: PGlite in a temporary folder, or a new database on a PostgreSQL server. */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, redactUrl, type Database } from '../src/db/connection.js';

export async function adminQuery(serverUrl: string, text: string): Promise<void> {
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

/**
 * Options: `template`, a copy of that database (PostgreSQL: a database name on the same server, copied by
 * `create database … template`) or folder (PGlite) instead of an empty one; `keep`, a PostgreSQL database is left on
 * the server when disposed (its name is printed); `logStatementsMs`, PostgreSQL logs the new database's statements
 * slower than that (server log).
 */
export async function freshDatabase(
  serverUrl: string | undefined,
  options: { readonly template?: string | undefined; readonly keep?: boolean | undefined; readonly logStatementsMs?: number | undefined } = {},
): Promise<FreshDatabase> {
  const template = options.template;
  if (serverUrl) {
    const name = `xnb_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await adminQuery(serverUrl, template ? `create database ${name} template ${template}` : `create database ${name}`);
    if (options.logStatementsMs !== undefined) await adminQuery(serverUrl, `alter database ${name} set log_min_duration_statement = ${Math.round(options.logStatementsMs)}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString() });
    return {
      database,
      label: `PostgreSQL ${redactUrl(url.toString())}`,
      async dispose() {
        await database.close();
        if (options.keep) console.log(`kept database ${name}`);
        else await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'xnb-bench-'));
  if (template) cpSync(template, dir, { recursive: true });
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

