import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { openTestDatabase } from '../src/db/testing.js';
import { recordAudit, SYSTEM_ACTOR } from '../src/modules/audit/service.js';
import { chinaToday } from '../src/http/clock.js';
import { addMonths } from '../src/rules/index.js';
import { cliCommand } from './support/cli.js';

const CLI = cliCommand();

const run = promisify(execFile);
const onPostgres = Boolean(process.env.DATABASE_URL);

/** Runs the real command line; returns exit code and output instead of throwing. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(CLI[0], [...CLI.slice(1), ...args], { env: { ...process.env, DATABASE_URL: '' }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
let target: string[];
let database: Database | undefined;
let url: string | undefined;

/** The CLI needs the database to itself when it is an embedded folder. */
async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  if (onPostgres) return work(database!);
  const db = await openDatabase({ dataDir: join(dir, 'data') });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xnb-cli-'));
  if (onPostgres) {
    database = await openTestDatabase();
    const name = (await sql<{ db: string }>`select current_database() as db`.execute(database.db)).rows[0]!.db;
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
    target = ['--database-url', url];
  } else {
    target = ['--data-dir', join(dir, 'data')];
  }
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('xinnongbao command line', () => {
  it('migrates a new database, and a second run does nothing', async () => {
    const first = await cli(['migrate', ...target]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(onPostgres ? /up to date|applied/ : /applied 1_foundation/);
    const second = await cli(['migrate', ...target]);
    expect(second.stdout.trim()).toBe('database is up to date');
  });

  it('verify audit passes on an intact log and names a row edited by hand', async () => {
    await withDatabase(async (db) => {
      await migrate(db.db);
      for (let i = 0; i < 4; i++) await recordAudit(db.db, SYSTEM_ACTOR, { action: 'test.cli', entity: 'thing', entityId: i, after: { i } });
    });
    const intact = await cli(['verify', 'audit', ...target]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/audit log OK: 4 rows/);

    await withDatabase(async (db) => {
      await sql.raw('alter table audit_log disable trigger audit_log_no_update').execute(db.db);
      await sql.raw(`update audit_log set entity_id = '99' where id = 3`).execute(db.db);
      await sql.raw('alter table audit_log enable trigger audit_log_no_update').execute(db.db);
    });
    const tampered = await cli(['verify', 'audit', ...target]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/audit row 3: content does not match its hash/);
    expect(tampered.stderr).toMatch(/FAILED: 1 problems in 4 rows/);
  });

  it.skipIf(onPostgres)('backs up the embedded database and restores it into an empty folder', async () => {
    const file = join(dir, 'backup.tar.gz');
    const backup = await cli(['backup', '--out', file, ...target]);
    expect(backup.code).toBe(0);
    const restore = await cli(['restore', '--in', file, '--data-dir', join(dir, 'restored')]);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/audit log: 4 rows/);
    const refused = await cli(['restore', '--in', file, '--data-dir', join(dir, 'restored')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not empty/);
  });

  it.skipIf(onPostgres)('refuses a truncated backup with one clear line, exit 1, and leaves no folder behind', async () => {
    const file = join(dir, 'backup.tar.gz');
    const whole = readFileSync(file);
    const truncated = join(dir, 'truncated.tar.gz');
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const target = join(dir, 'restored-truncated');
    const restore = await cli(['restore', '--in', truncated, '--data-dir', target]);
    expect(restore.code).toBe(1);
    expect(restore.stderr.trim()).toBe(`cannot restore ${truncated}: the file ends too early. Nothing was restored; use another backup file.`);
    expect(restore.stderr).not.toMatch(/zlib|at .*\(node:/);
    expect(existsSync(target)).toBe(false);
  });

  it('awards the pensions due by a month in the name of a benefit reviewer, and only once', async () => {
    const demo = await cli(['demo', '--residents', '800', ...target]);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/pensions, 3 payrolls, 5 deaths\)/);
    const month = addMonths(chinaToday().slice(0, 7), 12);
    const first = await cli(['award-pensions', '--month', month, '--user', 'reviewer', ...target]);
    expect(first.code, first.stderr).toBe(0);
    const awarded = Number(/awarded ([\d,]+) pensions/.exec(first.stdout)?.[1]?.replace(/,/g, ''));
    expect(awarded).toBeGreaterThan(0);
    const again = await cli(['award-pensions', '--month', month, '--user', 'reviewer', ...target]);
    expect(again.stdout).toMatch(/awarded 0 pensions/);
    const wrong = await cli(['award-pensions', '--month', month, '--user', 'director', ...target]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/FORBIDDEN.*--user/);
    const badMonth = await cli(['award-pensions', '--month', '2027-13', '--user', 'reviewer', ...target]);
    expect(badMonth.code).toBe(1);
    expect(badMonth.stderr).toMatch(/DATE_FORMAT/);

    // This month's payroll pays every demo pension one month (the earlier system paid them to last month).
    const thisMonth = chinaToday().slice(0, 7);
    const payroll = await cli(['run-payroll', '--month', thisMonth, ...target]);
    expect(payroll.code, payroll.stderr).toBe(0);
    expect(payroll.stdout).toMatch(new RegExp(`payroll ${thisMonth}: [\\d,]+ payments \\(0 repaid\\)`));
    const twice = await cli(['run-payroll', '--month', thisMonth, ...target]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/PAYROLL_EXISTS/);
  }, 240_000);

  it('prints help for each command', async () => {
    const help = await cli(['verify', '--help']);
    expect(help.stdout).toMatch(/recompute the audit log hash chain/);
  });
});
