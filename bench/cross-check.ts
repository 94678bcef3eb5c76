/**
 * Cross-check (数据比对) of an outside registry file against a demo county: a fresh database with a county of M
 * residents (enrolled as the demo enrols them), a generated CSV of N rows in the employee pension registry's
 * layout (1 % of them people of the county, the rest valid ID numbers from elsewhere), then, in the same run:
 * - the product: loadRegistryFile (stream the file, hash it and check every row as bytes, stage by COPY the rows
 *   that may match the county, match set-based, write the hits, audit), with the process's RSS sampled while it
 *   loads;
 * - bare SQL on PostgreSQL: psql `\copy` of the same file into an unlogged table, and the hash join of those rows
 *   with the county's enrolled people (a count).
 *
 *   npx tsx bench/cross-check.ts [--rows 10000000] [--residents 1000000] [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 *
 * Without --database-url: PGlite (no bare-SQL comparison, psql needs a server). --keep leaves the database (to look at
 * the plans).
 */
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify, parseArgs } from 'node:util';
import { sql } from 'kysely';
import { migrate } from '../src/db/migrate.js';
import { createDemoEnrolment } from '../src/demo/demo-enrolment.js';
import { createDemoStaff } from '../src/demo/demo-staff.js';
import { generateDemoCounty } from '../src/demo/generate.js';
import { chinaToday } from '../src/http/clock.js';
import { SYSTEM_ACTOR } from '../src/modules/audit/service.js';
import { loadRegistryFile } from '../src/modules/crosscheck/load.js';
import { ensureDivisions } from '../src/modules/regions/reference.js';
import { idCheckChar } from '../src/rules/index.js';
import { freshDatabase } from './fresh-db.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000000' }, residents: { type: 'string', default: '1000000' }, 'database-url': { type: 'string' }, keep: { type: 'boolean', default: false } } });
const rows = Number(values.rows);
const residents = Number(values.residents);
const run = promisify(execFile);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const AREAS = ['110105', '120101', '130102', '210102', '320102', '330106', '370102', '370202', '410105', '440106'];
const NAMES = ['王伟', '李娜', '张敏', '刘洋', '陈静', '杨磊', '赵军', '黄艳', '周勇', '吴霞'];

/** A valid ID number from elsewhere for row i (area, a birth date from 1930 to 1990, a sequence, the check character). */
function strangerId(i: number): string {
  const y = 1930 + (i % 61);
  const m = 1 + ((i >> 3) % 12);
  const d = 1 + ((i >> 7) % 28);
  const first17 = `${AREAS[i % AREAS.length]}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String((i >> 2) % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** Writes the registry file: every 100th row a person of the county (their number and name), drawing since 2024-01. */
async function writeRegistry(path: string, county: { id_number: string; name: string }[]): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write('身份证号码,姓名,参保状态,待遇开始年月,单位名称\n');
  let lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const local = i % 100 === 0 ? county[(i / 100) % county.length] : undefined;
    lines.push(local ? `${local.id_number},${local.name},领取,2024-01,寿光市化肥厂` : `${strangerId(i)},${NAMES[i % NAMES.length]},${i % 3 === 0 ? '领取,2015-07' : '参保,'},某市某公司`);
    if (lines.length === 10_000) {
      await write(`${lines.join('\n')}\n`);
      lines = [];
    }
  }
  if (lines.length > 0) await write(`${lines.join('\n')}\n`);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

async function psql(url: string, commands: string[]): Promise<number> {
  const started = performance.now();
  await run('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', ...commands.flatMap((c) => ['-c', c])], { maxBuffer: 1 << 20 });
  return performance.now() - started;
}

async function main(): Promise<void> {
  const serverUrl = values['database-url'];
  const fresh = await freshDatabase(serverUrl);
  const { db } = fresh.database;
  const today = chinaToday();
  const dir = mkdtempSync(join(tmpdir(), 'xnb-cross-check-'));
  const file = join(dir, 'employee-registry.csv');
  console.log(`${fresh.label}; ${rows.toLocaleString('en')} registry rows against a county of ${residents.toLocaleString('en')} residents; today ${today}`);
  try {
    await migrate(db);
    await ensureDivisions(db);
    let started = performance.now();
    await generateDemoCounty(db, { residents });
    await createDemoStaff(db);
    const enrolled = await createDemoEnrolment(db, '370783', today);
    console.log(`county: ${residents.toLocaleString('en')} residents, ${enrolled.enrolled.toLocaleString('en')} enrolled, in ${seconds(performance.now() - started)}`);

    started = performance.now();
    const county = (await sql<{ id_number: string; name: string }>`select r.id_number, r.name from enrolment e join resident r on r.county_code = e.county_code and r.id = e.resident_id where e.county_code = '370783' order by e.resident_id limit ${Math.ceil(rows / 100)}`.execute(db)).rows;
    await writeRegistry(file, county);
    const bytes = statSync(file).size;
    console.log(`registry file: ${rows.toLocaleString('en')} rows, ${mb(bytes)}, written in ${seconds(performance.now() - started)}`);

    const auditor = await db.selectFrom('staff_user').select(['id', 'username', 'role', 'region_code']).where('username', '=', 'auditor').executeTakeFirstOrThrow();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 250);
    const rssAt: string[] = [];
    started = performance.now();
    const outcome = await loadRegistryFile(
      fresh.database,
      { ...SYSTEM_ACTOR, userId: auditor.id, username: auditor.username, role: auditor.role, regionCode: auditor.region_code },
      { countyCode: '370783', today },
      { registry: 'employee_pension', fileName: 'employee-registry.csv', bytes: createReadStream(file, { highWaterMark: 1 << 20 }) },
      (n) => {
        const step = Math.max(100_000, Math.floor(rows / 5));
        if (Math.floor(n / step) > rssAt.length - 1) rssAt.push(`${(n / 1e6).toFixed(1)}M: ${mb(process.memoryUsage().rss)}`);
      },
    );
    const product = performance.now() - started;
    clearInterval(sampler);
    console.log(
      `product (hash, stream, check, stage, match, hits): ${seconds(product)}  — ${outcome.rows.toLocaleString('en')} rows, ${outcome.peopleCompared.toLocaleString('en')} people compared, ${outcome.matched.toLocaleString('en')} hits ${JSON.stringify(outcome.byKind)}`,
    );
    console.log(`  of which reading, checking and staging by COPY ${seconds(outcome.stageMillis)}, analyse and match ${seconds(outcome.millis - outcome.stageMillis)}`);
    console.log(`  RSS before ${mb(rssBefore)}, peak while loading ${mb(rssPeak)}; by rows read: ${rssAt.join(', ')}`);

    if (serverUrl) {
      const url = new URL(serverUrl);
      url.pathname = `/${(await sql<{ db: string }>`select current_database() as db`.execute(db)).rows[0]!.db}`;
      const copy = await psql(url.toString(), ['create unlogged table bare_stage (id_number text, name text, status text, benefit_from text, unit text)', `\\copy bare_stage from '${file}' with (format csv, header true)`]);
      const join = await psql(url.toString(), [
        'analyze bare_stage',
        "select count(*) from bare_stage s join (select r.id_number::text as id_number, r.name from enrolment e join resident r on r.county_code = e.county_code and r.id = e.resident_id where e.county_code = '370783' and e.status <> 'terminated') p on p.id_number = s.id_number",
      ]);
      const bare = copy + join;
      console.log(`bare SQL: \\copy ${seconds(copy)} + analyze and hash join ${seconds(join)} = ${seconds(bare)}`);
      console.log(`ratio product / bare: ${(product / bare).toFixed(2)}×`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (values.keep) await fresh.database.close();
    else await fresh.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
