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

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
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
  logger.info({ port, database: database.kind, location: database.location }, `xinnongbao listening on http://localhost:${port}`);
  // Only once the server listens: an unfinished job (a payroll stopped by a crash) must not hold the start-up.
  const resumed = await jobs.resume();
  if (resumed > 0) logger.info({ jobs: resumed }, 'resuming unfinished jobs');
  // Every Friday the indicators are kept (the weekly report compares them): checked at start-up and hourly.
  const snapshots = new FridaySnapshots(database.db, logger, () => chinaToday(), (task) => jobs.schedule(task));
  void snapshots.start();
  return {
    database,
    server,
    port,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      snapshots.stop();
      await jobs.idle();
      await database.close();
    },
  };
}
