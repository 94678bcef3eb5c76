/**
 * The list endpoints under load (issue 13 part 3): a county of N residents on PostgreSQL, the real server in a child
 * process, and C concurrent connections firing at each endpoint in turn for a few seconds, printing req/s, p50, p99.
 *
 *   npx tsx bench/lists.ts --database-url postgres://postgres@127.0.0.1:5432/postgres --residents 200000
 *                          [--connections 50] [--seconds 5] [--drop]
 *
 * The county goes into the database `xnb_lists_bench_<N>` on that server (generated residents and households, the
 * demo staff, and the demo's enrolment), made on the first run and reused by the next ones unless --drop (then it
 * is dropped at the end). Endpoints: the first page of the residents list, the ID search (a whole ID number, drawn
 * from 1,000 real ones), the name search (3 characters of a real name), and one resident (a random id).
 * The load generator is node:http with a keep-alive agent in this process, the server a child process: on a 2-core
 * machine both share the cores (and other work may too), so beside req/s and latency the bench prints what a request
 * costs in CPU, which does not depend on what else runs: the server process's user+system time and the PostgreSQL
 * backends' (those of the server's pool, found by application_name) divided by the requests answered.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, redactUrl } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { createDemoEnrolment } from '../src/demo/demo-enrolment.js';
import { createDemoStaff, DEMO_PASSWORD } from '../src/demo/demo-staff.js';
import { generateDemoCounty } from '../src/demo/generate.js';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    residents: { type: 'string', default: '200000' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '5' },
    drop: { type: 'boolean', default: false },
  },
});

const REPO = fileURLToPath(new URL('..', import.meta.url));
const COUNTY = '370783';

async function admin(serverUrl: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** The county's database: made (migrated, generated, staff, enrolment) unless it is already there. */
async function countyDatabase(serverUrl: string, residents: number): Promise<{ url: string; name: string }> {
  const name = `xnb_lists_bench_${residents}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const exists = (await admin(serverUrl, `select 1 from pg_database where datname = '${name}'`)).rowCount === 1;
  if (!exists) await admin(serverUrl, `create database ${name}`);
  const database = await openDatabase({ databaseUrl: url.toString() });
  try {
    await migrate(database.db);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from resident`.execute(database.db);
    if (rows[0]!.n === 0) {
      const started = performance.now();
      const summary = await generateDemoCounty(database.db, { residents });
      await createDemoStaff(database.db);
      const enrolment = await createDemoEnrolment(database.db, COUNTY, new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
      await sql`analyze`.execute(database.db);
      console.log(`loaded        ${summary.residents.toLocaleString('en')} residents, ${summary.households.toLocaleString('en')} households, enrolment ${JSON.stringify(enrolment)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } else {
      console.log(`reused        ${rows[0]!.n.toLocaleString('en')} residents already in ${name}`);
    }
  } finally {
    await database.close();
  }
  return { url: url.toString(), name };
}

interface Run {
  readonly requests: number;
  /** CPU milliseconds per request: the server process, and the PostgreSQL backends of its pool. */
  readonly serverCpuMs: number;
  readonly dbCpuMs: number;
  readonly errors: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); 0 for a process gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** One GET on a kept-alive connection: its status once the body is read. */
function get(agent: Agent, port: number, path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { cookie } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** `connections` loops, each sending the next path and waiting for its answer, for `seconds` (after a 1 s warm-up). */
async function fire(port: number, cookie: string, next: () => string, connections: number, seconds: number, meter: CpuMeter): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let started: Promise<CpuSample> | undefined;
  const warmUntil = performance.now() + 1000;
  const endAt = warmUntil + seconds * 1000;
  let firstError = '';
  async function loop(): Promise<void> {
    while (performance.now() < endAt) {
      const t0 = performance.now();
      if (!measuring && t0 >= warmUntil) {
        measuring = true;
        started = meter.read();
      }
      try {
        const status = await get(agent, port, next(), cookie);
        if (status !== 200) {
          errors += 1;
          firstError ||= `${status}`;
        }
      } catch (e) {
        errors += 1;
        firstError ||= String(e);
      }
      if (t0 >= warmUntil) latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: connections }, loop));
  const ended = await meter.read();
  const begun = await started!;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  if (firstError) console.error(`  first error: ${firstError}`);
  const n = Math.max(1, latencies.length);
  const used = cpuBetween(begun, ended);
  return { requests: latencies.length, serverCpuMs: (used.server * 1000) / n, dbCpuMs: (used.db * 1000) / n, errors, seconds, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? NaN };
}

interface CpuSample {
  readonly server: number;
  /** CPU seconds so far of each PostgreSQL backend of the server's pool, by pid. */
  readonly backends: ReadonlyMap<number, number>;
}

interface CpuMeter {
  read(): Promise<CpuSample>;
}

/** CPU seconds between two samples: the server's, and the backends' (one that appeared in between counts whole; one gone is lost). */
function cpuBetween(a: CpuSample, b: CpuSample): { server: number; db: number } {
  let db = 0;
  for (const [pid, seconds] of b.backends) db += seconds - (a.backends.get(pid) ?? 0);
  return { server: b.server - a.server, db };
}

const APPLICATION_NAME = 'xnb-lists-bench';

async function main(): Promise<void> {
  const serverUrl = values['database-url'];
  if (!serverUrl) throw new Error('--database-url postgres://… is required (the bench measures PostgreSQL)');
  const residents = Number(values.residents);
  const connections = Number(values.connections);
  const seconds = Number(values.seconds);
  const county = await countyDatabase(serverUrl, residents);

  // Samples for the requests: ids, whole ID numbers (a lower-case x where there is one), 3-character name parts.
  const sampler = await openDatabase({ databaseUrl: county.url });
  const sample = await sql<{ id: number; id_number: string; name: string }>`
    select id, id_number, name from resident tablesample system (1) where char_length(name) >= 3 limit 1000`.execute(sampler.db);
  const [{ max_id: maxId }] = (await sql<{ max_id: number }>`select max(id)::int as max_id from resident`.execute(sampler.db)).rows as [{ max_id: number }];
  await sampler.close();
  const people = sample.rows;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serverDatabaseUrl = new URL(county.url);
  serverDatabaseUrl.searchParams.set('application_name', APPLICATION_NAME);
  // node itself (not the tsx wrapper, which would be a second process) so that child.pid is the server.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--port', String(port)], {
    cwd: REPO,
    env: { ...process.env, DATABASE_URL: serverDatabaseUrl.toString(), LOAD_DEMO: 'false', NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
      if (i > 240) throw new Error(`server did not answer within 120 s:\n${log}`);
      const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'director', password: DEMO_PASSWORD }) });
    if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

    const monitor = new pg.Client({ connectionString: county.url });
    await monitor.connect();
    const meter: CpuMeter = {
      async read() {
        const { rows } = await monitor.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [APPLICATION_NAME]);
        return { server: cpuSeconds(child.pid!), backends: new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)])) };
      },
    };
    console.log(`database      ${redactUrl(county.url)}; ${connections} connections, ${seconds} s per endpoint after 1 s warm-up`);
    const endpoints: [string, () => string][] = [
      ['GET /api/residents?page=1', () => '/api/residents?page=1'],
      ['GET /api/residents?q=<ID number>', () => `/api/residents?q=${pick(people).id_number.toLowerCase()}`],
      ['GET /api/residents?q=<3 characters of a name>', () => `/api/residents?q=${encodeURIComponent(pick(people).name.slice(-3))}`],
      ['GET /api/residents/{id}', () => `/api/residents/${1 + Math.floor(Math.random() * maxId)}`],
    ];
    console.log(`load average  ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    console.log('| endpoint | requests | req/s | p50 ms | p99 ms | max ms | server CPU ms/req | PostgreSQL CPU ms/req | errors |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const [label, next] of endpoints) {
      const run = await fire(port, cookie, next, connections, seconds, meter);
      console.log(`| \`${label}\` | ${run.requests} | ${Math.round(run.requests / run.seconds)} | ${run.p50.toFixed(1)} | ${run.p99.toFixed(1)} | ${run.max.toFixed(0)} | ${run.serverCpuMs.toFixed(2)} | ${run.dbCpuMs.toFixed(2)} | ${run.errors} |`);
    }
    console.log(`load average  ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    await monitor.end();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    if (values.drop) await admin(serverUrl, `drop database if exists ${county.name} with (force)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
