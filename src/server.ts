import { serve, type ServerType } from '@hono/node-server';
import { loadDemoIfEmpty, openAndMigrate } from './bootstrap.js';
import type { Config } from './config.js';
import type { Database } from './db/connection.js';
import { createApp } from './http/app.js';
import { JobRunner, jobSliceMs } from './modules/accounts/runner.js';
import { loadParameterLibrary } from './modules/calculator/library.js';
import { FridaySnapshots } from './modules/indicators/snapshots.js';
import { chinaToday } from './http/clock.js';
import type { Logger } from './logger.js';
import { sessionPolicyFrom } from './modules/staff/sessions.js';

export interface RunningServer {
  readonly database: Database;
  readonly server: ServerType;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts the web application and API: loads the parameter library, opens and migrates the database (loading the
 * demo county into an empty one when `config.loadDemo`), listens on `config.port`, then resumes the jobs a stopped
 * server left unfinished and starts the Friday indicator snapshots.
 *
 * `onListening` is called with the running server as soon as it listens, before the "listening" line is logged and
 * before the jobs resume: the CLI installs its signal handlers there, so a stop asked for at any moment after that
 * line is a clean stop (it waits for the resuming and for the chunk in hand of a job, which the next start resumes,
 * then closes the database).
 * Throws what the parameter library, the migrations or the listen throw (a port in use: EADDRINUSE).
 */
export async function startServer(
  config: Config,
  logger: Logger,
  hooks: { onListening?: (running: RunningServer) => void } = {},
): Promise<RunningServer> {
  // A parameter file with an error stops the start, naming the file and line, before anything else.
  const parameters = loadParameterLibrary(config.paramsDir);
  logger.info({ scopes: parameters.scopes.map((s) => s.code) }, 'parameter scopes loaded');
  const database = await openAndMigrate(config, logger);
  if (config.loadDemo) await loadDemoIfEmpty(database, config, logger, parameters);
  const jobs = new JobRunner(database.jobDb, parameters, logger, config.jobChunkSize, jobSliceMs(database.kind, config.jobSliceMs));
  const app = createApp({
    database,
    config,
    logger,
    parameters,
    jobs,
    sessionPolicy: sessionPolicyFrom(config),
  });
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port }, (info) => resolve({ server: s, port: info.port }));
    s.once('error', reject);
  });
  let resuming: Promise<unknown> = Promise.resolve();
  let snapshots: FridaySnapshots | undefined;
  let stopping = false;
  const running: RunningServer = {
    database,
    server,
    port,
    async stop() {
      stopping = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // A stop asked for while the unfinished jobs are being looked up waits for that, then for the jobs.
      await resuming.catch(() => undefined);
      snapshots?.stop();
      // The job in hand stops after its chunk (a payroll of a million pensions is not waited for); the next start
      // resumes it where it stopped.
      jobs.stop();
      await jobs.idle();
      await database.close();
    },
  };
  hooks.onListening?.(running);
  logger.info({ port, database: database.kind, location: database.location }, `xinnongbao listening on http://localhost:${port}`);
  // Only once the server listens: an unfinished job (a payroll stopped by a crash) must not hold the start-up.
  const resumed = jobs.resume();
  resuming = resumed;
  const count = await resumed;
  if (count > 0) logger.info({ jobs: count }, 'resuming unfinished jobs');
  if (!stopping) {
    // Every Friday the indicators are kept (the weekly report compares them): checked at start-up and hourly.
    snapshots = new FridaySnapshots(database.db, logger, () => chinaToday(), (task) => jobs.schedule(task));
    void snapshots.start();
  }
  return running;
}
