/**
 * Jobs never block requests (issue 13): the real server, on a demo county, answers `/api/health`, the dashboard and
 * the residents list while a payroll is being generated (the answers come while the job is still running), and at
 * start-up it listens before it resumes a job left unfinished (the first health answer comes while the job is not
 * done yet). Small chunks (JOB_CHUNK_SIZE) make the job last long enough to be caught running.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/demo/demo-staff.js';
import { chinaToday } from '../src/http/clock.js';
import { SYSTEM_ACTOR } from '../src/modules/audit/service.js';
import { queuePayroll } from '../src/modules/pensions/payroll.js';
import { addMonths } from '../src/rules/index.js';
import type { Database } from '../src/db/connection.js';
import { prepareCounty, signInOver, startServerProcess, type HttpSession, type PreparedCounty } from './support/server-process.js';

const COUNTY = '370783';
const SERVER_ENV = { JOB_CHUNK_SIZE: '10' };

let county: PreparedCounty;
let logDir: string;
/** The month after the demo's last payroll: the next one a reviewer can generate. */
let nextMonth: string;

/** Pensions the payroll of `month` pays: active, started by then, not yet paid through it. */
async function pensionsDue(db: Database, month: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from pension p join pension_paid_through t on t.county_code = p.county_code and t.pension_id = p.id
    where p.county_code = ${COUNTY} and p.status = 'active' and p.start_month <= ${month} and (t.paid_through is null or t.paid_through < ${month})`.execute(db.db);
  return r.rows[0]!.n;
}

interface JobState {
  readonly payroll: string;
  readonly job: string;
  readonly done: number;
  readonly total: number;
}
async function jobState(s: HttpSession, month: string): Promise<JobState> {
  const p = (await (await s.get(`/api/payroll/${month}`)).json()) as { status: string; job: { status: string; done: number; total: number } };
  return { payroll: p.status, job: p.job.status, done: p.job.done, total: p.job.total };
}

async function untilGenerated(s: HttpSession, month: string): Promise<JobState> {
  for (;;) {
    const state = await jobState(s, month);
    if (state.job === 'failed') throw new Error(`payroll job failed: ${JSON.stringify(state)}`);
    if (state.payroll === 'generated') return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  logDir = mkdtempSync(join(tmpdir(), 'xnb-jobs-logs-'));
  county = await prepareCounty({ residents: 4000, villages: 10 });
  const copy = await county.copy();
  const db = await copy.open();
  try {
    const last = await sql<{ m: string }>`select max(month) as m from payroll where county_code = ${COUNTY}`.execute(db.db);
    nextMonth = addMonths(last.rows[0]!.m, 1);
  } finally {
    await db.close();
    await copy.dispose();
  }
}, 240_000);

afterAll(async () => {
  await county?.close();
});

it('answers health, the dashboard and the residents list while a payroll is generated, before the job ends', async () => {
  const copy = await county.copy();
  // Counted before the server opens the data (an embedded folder is open in one process at a time).
  const db = await copy.open();
  const due = await pensionsDue(db, nextMonth).finally(() => db.close());
  const server = await startServerProcess(copy.args, join(logDir, 'during-job.log'), SERVER_ENV);
  try {
    // A few hundred pensions at 10 a chunk: the job takes dozens of transactions.
    expect(due).toBeGreaterThan(300);
    const reviewer = await signInOver(server, 'reviewer', DEMO_PASSWORD);
    const director = await signInOver(server, 'director', DEMO_PASSWORD);
    expect((await reviewer.send('POST', '/api/payroll', { month: nextMonth })).status).toBe(202);
    // Each round: three requests, then the job's state. A round whose state is still 'running' with pensions left
    // proves the three were answered before the job ended.
    const whileRunning: JobState[] = [];
    for (;;) {
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe('ok');
      const dashboard = await director.get('/api/dashboard');
      expect(dashboard.status).toBe(200);
      const list = await director.get('/api/residents?page=1&pageSize=20');
      expect(list.status).toBe(200);
      expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(20);
      const state = await jobState(reviewer, nextMonth);
      // Still queued: the runner has not taken it yet (on a quiet machine the first round can be that quick).
      if (state.job === 'queued') continue;
      if (state.job !== 'running' || state.payroll !== 'generating') break;
      expect(state.done).toBeLessThanOrEqual(due);
      // All pensions done, the job still closing (repayments, totals) does not count.
      if (state.done < due) whileRunning.push(state);
    }
    expect(whileRunning.length).toBeGreaterThan(0);
    expect(whileRunning[0]!.total).toBe(due);
    const end = await untilGenerated(reviewer, nextMonth);
    expect(end).toMatchObject({ payroll: 'generated', job: 'done', done: due, total: due });
  } finally {
    await server.kill9();
    await copy.dispose();
  }
}, 180_000);

it('listens at start-up before it resumes an unfinished job, then finishes the job', async () => {
  const copy = await county.copy();
  const db = await copy.open();
  let due: number;
  try {
    due = await pensionsDue(db, nextMonth);
    // A payroll queued by a server that stopped before running it.
    const queued = await queuePayroll(db.db, SYSTEM_ACTOR, COUNTY, nextMonth, chinaToday());
    expect(queued.status).toBe('generating');
  } finally {
    await db.close();
  }
  const server = await startServerProcess(copy.args, join(logDir, 'resume.log'), SERVER_ENV);
  try {
    // The first answer after `listening`: the resumed job has not ended yet.
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    const reviewer = await signInOver(server, 'reviewer', DEMO_PASSWORD);
    const early = await jobState(reviewer, nextMonth);
    expect(early.payroll).toBe('generating');
    expect(early.job).not.toBe('done');
    expect(early.done).toBeLessThan(due);
    const log = server.log();
    expect(log.indexOf('xinnongbao listening')).toBeGreaterThan(-1);
    expect(log.indexOf('resuming unfinished jobs')).toBeGreaterThan(log.indexOf('xinnongbao listening'));
    const end = await untilGenerated(reviewer, nextMonth);
    expect(end).toMatchObject({ payroll: 'generated', job: 'done', done: due, total: due });
  } finally {
    await server.kill9();
    await copy.dispose();
  }
}, 180_000);

it('stops cleanly when asked the moment it says it listens, also while it resumes an unfinished job, which the next start finishes', async () => {
  // The fault-injection suite stops each restarted server as soon as it listens; once in a while that stop came
  // while the server still looked up its unfinished jobs, before its signal handlers were set, and the process
  // died of the signal (exit code null) instead of closing the database.
  for (const withJob of [false, true]) {
    const copy = await county.copy();
    try {
      let due = 0;
      if (withJob) {
        const db = await copy.open();
        try {
          due = await pensionsDue(db, nextMonth);
          expect((await queuePayroll(db.db, SYSTEM_ACTOR, COUNTY, nextMonth, chinaToday())).status).toBe('generating');
        } finally {
          await db.close();
        }
      }
      const server = await startServerProcess(copy.args, join(logDir, 'stop-at-once.log'), SERVER_ENV);
      expect(await server.stop(), `a stop at once${withJob ? ' while a job resumes' : ''} exits 0`).toBe(0);
      expect(server.log()).toContain('shutting down');
      if (withJob) {
        // The clean stop did not wait for the whole payroll: it was left between chunks (or not started), and the
        // next start finishes it.
        const db = await copy.open();
        try {
          const p = await sql<{ status: string; job: string; done: number }>`select p.status, j.status as job, j.done from payroll p join job j on j.id = p.job_id
            where p.county_code = ${COUNTY} and p.month = ${nextMonth}`.execute(db.db);
          expect(p.rows).toHaveLength(1);
          expect(p.rows[0]).toMatchObject({ status: 'generating' });
          expect(['queued', 'running']).toContain(p.rows[0]!.job);
          expect(p.rows[0]!.done).toBeLessThan(due);
        } finally {
          await db.close();
        }
        const again = await startServerProcess(copy.args, join(logDir, 'stop-at-once.log'), SERVER_ENV);
        try {
          const reviewer = await signInOver(again, 'reviewer', DEMO_PASSWORD);
          expect(await untilGenerated(reviewer, nextMonth)).toMatchObject({ payroll: 'generated', job: 'done', done: due, total: due });
        } finally {
          await again.kill9();
        }
      }
    } finally {
      await copy.dispose();
    }
  }
}, 240_000);
