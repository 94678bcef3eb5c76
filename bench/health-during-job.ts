/**
 * `npx tsx bench/health-during-job.ts [--residents 20000] [--database-url postgres://…] [--jobs payroll,interest]`
 *
 * Jobs never block requests (issue 13): the real server (`xinnongbao serve`, a child process) on a demo county runs
 * next month's payroll and last year's interest through the API, once alone and once while two clients poll
 * `/api/health` and the residents list (`/api/residents?page=1&pageSize=20`) back to back. Prints the requests'
 * p50/p99/max (and health with no job, for reference) and the job's duration loaded against alone (the ratio: what
 * serving the requests first costs the job); on PGlite also the job alone in whole chunks (JOB_SLICE_MS=0) against
 * 40 ms slices (what the slicing costs). Each run starts from its own copy of the same county.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { DEMO_DEFAULTS } from '../src/demo/generate.js';
import { DEMO_PASSWORD } from '../src/demo/demo-staff.js';
import { addMonths } from '../src/rules/index.js';
import { prepareCounty, signInOver, startServerProcess, type CountyCopy, type HttpSession, type PreparedCounty, type ServerProcess } from '../tests/support/server-process.js';

const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '20000' },
    'database-url': { type: 'string' },
    jobs: { type: 'string', default: 'payroll,interest' },
  },
});
if (values['database-url']) process.env.DATABASE_URL = values['database-url'];
else delete process.env.DATABASE_URL;
const residents = Number(values.residents);
// The county is made by the command line (`xinnongbao demo`): a big one takes minutes on a busy machine.
process.env.CLI_TIMEOUT_MS ??= '1800000';
const kinds = values.jobs!.split(',') as ('payroll' | 'interest')[];
const logDir = mkdtempSync(join(tmpdir(), 'xnb-bench-jobs-'));
const onDb = values['database-url'] ? 'PostgreSQL' : 'PGlite';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function quantiles(ms: number[]): { n: number; p50: number; p99: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}
const show = (name: string, ms: number[]) => {
  const q = quantiles(ms);
  return `${name}: ${q.n} requests, p50 ${q.p50.toFixed(1)} ms, p99 ${q.p99.toFixed(1)} ms, max ${q.max.toFixed(1)} ms`;
};

interface JobKind {
  readonly name: 'payroll' | 'interest';
  readonly user: string;
  start(s: HttpSession): Promise<number>;
  /** The job's record: status, and its start and end as the server wrote them. */
  state(s: HttpSession, jobId: number): Promise<{ status: string; startedAt: string | null; finishedAt: string | null; total: number }>;
}

let nextMonth = '';
let interestYear = 0;

const JOBS: Record<JobKind['name'], JobKind> = {
  payroll: {
    name: 'payroll',
    user: 'reviewer',
    async start(s) {
      const res = await s.send('POST', '/api/payroll', { month: nextMonth });
      if (res.status !== 202) throw new Error(`payroll ${nextMonth}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { job: { id: number } }).job.id;
    },
    async state(s) {
      const p = (await (await s.get(`/api/payroll/${nextMonth}`)).json()) as { job: { status: string; startedAt: string | null; finishedAt: string | null; total: number } };
      return p.job;
    },
  },
  interest: {
    name: 'interest',
    user: 'accounts',
    async start(s) {
      const res = await s.send('POST', '/api/jobs/interest', { year: interestYear });
      if (res.status !== 202 && res.status !== 201 && res.status !== 200) throw new Error(`interest ${interestYear}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: number }).id;
    },
    async state(s, jobId) {
      return (await (await s.get(`/api/jobs/${jobId}`)).json()) as { status: string; startedAt: string | null; finishedAt: string | null; total: number };
    },
  },
};

/** Sends `request` back to back until `stop` says so; the latency of each, in ms. */
async function poll(request: () => Promise<Response>, stop: () => boolean): Promise<number[]> {
  const times: number[] = [];
  while (!stop()) {
    const t = performance.now();
    const res = await request();
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`request answered ${res.status}`);
    times.push(performance.now() - t);
  }
  return times;
}

/** Runs one job on a fresh copy; with `load`, health and the list are polled while it runs. */
async function runJob(county: PreparedCounty, kind: JobKind, load: boolean, env: Record<string, string> = {}) {
  const copy: CountyCopy = await county.copy();
  const server: ServerProcess = await startServerProcess(copy.args, join(logDir, `${kind.name}-${load ? 'loaded' : 'alone'}-${Object.values(env).join('-')}.log`), env);
  try {
    const worker = await signInOver(server, kind.user, DEMO_PASSWORD);
    const director = await signInOver(server, 'director', DEMO_PASSWORD);
    // Health with no job, for reference (and the server warm).
    let idleHealth: number[] = [];
    if (load) {
      const until = performance.now() + 3000;
      idleHealth = await poll(() => fetch(`${server.url}/api/health`), () => performance.now() > until);
    }
    const posted = performance.now();
    const jobId = await kind.start(worker);
    let over = false;
    const pollers = load
      ? [poll(() => fetch(`${server.url}/api/health`), () => over), poll(() => director.get('/api/residents?page=1&pageSize=20'), () => over)]
      : [];
    let state = await kind.state(worker, jobId);
    while (state.status !== 'done') {
      if (state.status === 'failed') throw new Error(`${kind.name} job failed`);
      await sleep(100);
      state = await kind.state(worker, jobId);
    }
    const seen = performance.now() - posted;
    over = true;
    const [health, list] = await Promise.all(pollers);
    const ms = state.startedAt && state.finishedAt ? Date.parse(state.finishedAt) - Date.parse(state.startedAt) : seen;
    return { ms, total: state.total, idleHealth, health: health ?? [], list: list ?? [] };
  } finally {
    await server.kill9();
    await copy.dispose();
  }
}

const started = performance.now();
console.log(`${onDb}: demo county of ${residents.toLocaleString('en')} residents (server logs in ${logDir})`);
const thisYear = new Date().getUTCFullYear();
const county = await prepareCounty({ residents, villages: DEMO_DEFAULTS.villages, interestThrough: thisYear - 2 });
console.log(`county ready in ${seconds(performance.now() - started)}`);
try {
  const copy = await county.copy();
  const db = await copy.open();
  try {
    const last = await sql<{ m: string }>`select max(month) as m from payroll`.execute(db.db);
    nextMonth = addMonths(last.rows[0]!.m, 1);
    const posted = await sql<{ y: number }>`select max(period)::int as y from job where kind = 'interest' and status = 'done'`.execute(db.db);
    interestYear = posted.rows[0]!.y + 1;
  } finally {
    await db.close();
    await copy.dispose();
  }
  for (const name of kinds) {
    const kind = JOBS[name];
    // On PGlite, the job alone with whole chunks too (JOB_SLICE_MS=0): what the slicing itself costs.
    const whole = onDb === 'PGlite' ? await runJob(county, kind, false, { JOB_SLICE_MS: '0' }) : undefined;
    const alone = await runJob(county, kind, false);
    const loaded = await runJob(county, kind, true);
    const what = name === 'payroll' ? `payroll ${nextMonth}, ${alone.total.toLocaleString('en')} pensions` : `interest ${interestYear}, ${alone.total.toLocaleString('en')} accounts`;
    console.log(`\n${onDb}, ${residents.toLocaleString('en')} residents, ${what}`);
    if (whole) console.log(`  job alone in whole chunks of JOB_CHUNK_SIZE ${seconds(whole.ms)}, in 40 ms slices ${seconds(alone.ms)}: ratio ${(alone.ms / whole.ms).toFixed(2)}`);
    console.log(`  job alone ${seconds(alone.ms)}, while polled ${seconds(loaded.ms)}: ratio ${(loaded.ms / alone.ms).toFixed(2)}`);
    console.log(`  ${show('health, no job', loaded.idleHealth)}`);
    console.log(`  ${show('health during the job', loaded.health)}`);
    console.log(`  ${show('residents list during the job', loaded.list)}`);
  }
} finally {
  await county.close();
}
