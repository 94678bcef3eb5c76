// `xinnongbao snapshot indicators --date …`: the Friday snapshot the server keeps on schedule, taken from the
// command line for any day (the real command line, on the embedded database or PostgreSQL).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { openTestDatabase } from '../src/db/testing.js';
import { cliCommand } from './support/cli.js';

const CLI = cliCommand();

const run = promisify(execFile);
const onPostgres = Boolean(process.env.DATABASE_URL);

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
  dir = mkdtempSync(join(tmpdir(), 'xnb-ind-cli-'));
  if (onPostgres) {
    database = await openTestDatabase();
    const name = (await sql<{ db: string }>`select current_database() as db`.execute(database.db)).rows[0]!.db;
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    target = ['--database-url', u.toString()];
  } else {
    target = ['--data-dir', join(dir, 'data')];
  }
  await withDatabase(async (db) => {
    await migrate(db.db);
    await sql`insert into division (code, level, name, parent_code, edition) values ('370783', 'county', '寿光市', null, 'test') on conflict do nothing`.execute(db.db);
    await sql`insert into region (code, county_code, level, name, parent_code) values
      ('370783000000', '370783', 'county', '寿光市', null), ('370783001000', '370783', 'township', '圣城街道', '370783000000'),
      ('370783001001', '370783', 'village', '东关村', '370783001000')`.execute(db.db);
    await sql`insert into household (county_code, id, village_code, household_no) values ('370783', 1, '370783001001', 'H1')`.execute(db.db);
    await sql`insert into resident (county_code, id, id_number, name, sex, birth_date, village_code, household_id, relation) values
      ('370783', 1, '37078319700101111X', '甲', 'M', '1970-01-01', '370783001001', 1, '户主'),
      ('370783', 2, '370783198002022220', '乙', 'F', '1980-02-02', '370783001001', 1, '妻')`.execute(db.db);
    await sql`insert into enrolment (county_code, resident_id, village_code, identity, first_month) values ('370783', 1, '370783001001', 'ordinary', '2020-01'),
      ('370783', 2, '370783001001', 'ordinary', '2026-12')`.execute(db.db);
  });
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('xinnongbao snapshot indicators', () => {
  it('keeps the indicators of every region as of the day given, and the same day again replaces them', async () => {
    const first = await cli(['snapshot', 'indicators', '--date', '2026-11-27', ...target]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^indicators of 370783 as of 2026-11-27: 3 regions kept; enrolled 1 \(payers 1, pensioners 0\), collected 0\.00 yuan, in [\d.]+ s\n$/);
    const december = await cli(['snapshot', 'indicators', '--date', '2026-12-04', ...target]);
    expect(december.stdout).toMatch(/enrolled 2 \(payers 2/);
    expect((await cli(['snapshot', 'indicators', '--date', '2026-11-27', ...target])).code).toBe(0);
    const rows = await withDatabase((db) => db.db.selectFrom('indicator_snapshot').select(['taken_on', 'region_code', 'enrolled', 'should_enrol_registry']).orderBy('taken_on').orderBy('region_code').execute());
    expect(rows.map((r) => [r.taken_on, r.region_code, r.enrolled, r.should_enrol_registry])).toEqual([
      ['2026-11-27', '370783000000', 1, 2],
      ['2026-11-27', '370783001000', 1, 2],
      ['2026-11-27', '370783001001', 1, 2],
      ['2026-12-04', '370783000000', 2, 2],
      ['2026-12-04', '370783001000', 2, 2],
      ['2026-12-04', '370783001001', 2, 2],
    ]);
  });

  it('refuses a day that is not a date', async () => {
    const bad = await cli(['snapshot', 'indicators', '--date', '2026-13-01', ...target]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('DATE_FORMAT');
  });
});
