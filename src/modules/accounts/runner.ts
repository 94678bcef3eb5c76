/**
 * Runs batch jobs inside the server process, one after another (PGlite has one connection; on
 * PostgreSQL it keeps one county's batch work in order). Each chunk of a job is its own transaction, so
 * web requests are served between chunks: the runner is given the database's `jobDb` (its own pool on
 * PostgreSQL; on PGlite the one connection goes to a waiting request first), a time budget per chunk
 * (`sliceMs`, PGlite) and a turn of the event loop between chunks.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Logger } from '../../logger.js';
import type { ParameterLibrary } from '../calculator/library.js';
import { getJob, runInterestJob, unfinishedJobs } from './interest-job.js';
import { runPayrollJob } from '../pensions/payroll.js';

export class JobRunner {
  private chain: Promise<void> = Promise.resolve();
  private readonly pending = new Set<number>();
  private stopping = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly parameters: ParameterLibrary,
    private readonly logger: Logger,
    private readonly chunkSize?: number,
    /** Time budget of one chunk's transaction in milliseconds (chunks sized to it, at most chunkSize); undefined: fixed chunks. */
    private readonly sliceMs?: number,
  ) {}

  enqueue(jobId: number, countyCode: string): void {
    // A job already waiting or running here (resumed at start-up, then its payroll asked for again) runs once.
    if (this.pending.has(jobId)) return;
    this.pending.add(jobId);
    this.chain = this.chain.then(async () => {
      try {
        // A stopping server leaves a job not yet started queued: the next start resumes it.
        if (this.stopping) return;
        const parameters = this.parameters.forCounty(countyCode).parameters;
        const { kind } = await getJob(this.db, jobId);
        const options = { ...(this.chunkSize === undefined ? {} : { chunkSize: this.chunkSize }), sliceMs: this.sliceMs, shouldStop: () => this.stopping };
        const job = kind === 'payroll' ? await runPayrollJob(this.db, jobId, parameters, options) : await runInterestJob(this.db, jobId, parameters, options);
        if (job.status === 'done') this.logger.info({ jobId, result: job.result }, 'job done');
        else this.logger.info({ jobId, done: job.done, total: job.total }, 'job left for the next start (the server is stopping)');
      } catch (err) {
        this.logger.error({ jobId, err }, 'job failed');
      } finally {
        this.pending.delete(jobId);
      }
    });
  }

  /**
   * Runs `task` on the same chain as the batch jobs (after those already queued), for scheduled work such as the
   * Friday indicator snapshot; resolves when it has run. The task handles its own errors.
   */
  schedule(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(() => (this.stopping ? undefined : task()));
    this.chain = run.catch(() => undefined);
    return this.chain;
  }

  /** Resumes the jobs a stopped server left queued or running (they start on a later turn; call it once the server listens). */
  async resume(): Promise<number> {
    const jobs = await unfinishedJobs(this.db);
    for (const j of jobs) this.enqueue(j.id, j.countyCode);
    return jobs.length;
  }

  /**
   * For a server that stops: the job in hand ends after its current chunk (left `running`), and jobs and tasks not
   * yet started are not started; all of them are resumed at the next start. Then wait for idle().
   */
  stop(): void {
    this.stopping = true;
  }

  /** Resolves when every job enqueued so far has finished (or, after stop(), has been left for the next start). */
  idle(): Promise<void> {
    return this.chain;
  }
}

/**
 * A chunk's time budget for the server's jobs: on PGlite a request waits for the job's transaction in hand, so it is
 * kept short (`configured` ms, JOB_SLICE_MS, default 40: health p99 < 100 ms, issue 13; 0 for fixed chunks); on
 * PostgreSQL the job has its own connections and keeps whole chunks.
 */
export function jobSliceMs(kind: 'pglite' | 'postgres', configured = 40): number | undefined {
  return kind === 'pglite' && configured > 0 ? configured : undefined;
}
