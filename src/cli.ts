#!/usr/bin/env node
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { openAndMigrate } from './bootstrap.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/connection.js';
import { migrate } from './db/migrate.js';
import { createDemoStaff } from './demo/demo-staff.js';
import { generateDemoCounty } from './demo/generate.js';
import { createLogger } from './logger.js';
import { verifyAuditChain } from './modules/audit/service.js';
import { startServer } from './server.js';

function positiveInt(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
}

interface DbFlags {
  dataDir?: string;
  databaseUrl?: string;
}

function withDbFlags(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'embedded database folder (env DATA_DIR, default ./data)')
    .option('--database-url <url>', 'use PostgreSQL instead of the embedded database (env DATABASE_URL)');
}

function configFrom(flags: DbFlags & { port?: number }, extra: Partial<Config> = {}): Config {
  return loadConfig(process.env, {
    ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
    ...(flags.databaseUrl ? { databaseUrl: flags.databaseUrl } : {}),
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...extra,
  });
}

const program = new Command()
  .name('xinnongbao')
  .description('新农保管理信息系统 — rural resident pension scheme administration')
  .showHelpAfterError();

withDbFlags(
  program
    .command('serve')
    .description('run the web application and API (loads the demo county into an empty database)')
    .option('-p, --port <port>', 'HTTP port (env PORT, default 3000)', positiveInt)
    .option('--no-demo', 'do not load the demo county into an empty database'),
).action(async (flags: DbFlags & { port?: number; demo: boolean }) => {
  const config = configFrom(flags, flags.demo ? {} : { loadDemo: false });
  const logger = createLogger(config.logLevel);
  const running = await startServer(config, logger);
  const stop = async () => {
    logger.info('shutting down');
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});

withDbFlags(program.command('migrate').description('apply database migrations not yet applied (also done at start-up)')).action(
  async (flags: DbFlags) => {
    const config = configFrom(flags);
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const ran = await migrate(database.db);
      console.log(ran.length === 0 ? 'database is up to date' : ran.map((m) => `applied ${m.version}_${m.name}`).join('\n'));
    } finally {
      await database.close();
    }
  },
);

withDbFlags(
  program
    .command('demo')
    .description('generate the demo county (寿光市 370783) of any size into a database that does not have it yet')
    .option('--residents <n>', 'number of residents', positiveInt, 60_000)
    .option('--villages <n>', 'number of villages', positiveInt, 150)
    .option('--seed <n>', 'random seed (same seed, same data)', positiveInt, 20091001)
    .option('--no-staff', 'do not create the demo accounts'),
).action(async (flags: DbFlags & { residents: number; villages: number; seed: number; staff: boolean }) => {
  const config = configFrom(flags);
  const logger = createLogger('warn');
  const database = await openAndMigrate(config, logger);
  try {
    const started = performance.now();
    const result = await generateDemoCounty(database.db, {
      residents: flags.residents,
      villages: flags.villages,
      seed: flags.seed,
      onProgress: (done, total) => process.stderr.write(`\r${done.toLocaleString('en')} / ${total.toLocaleString('en')} residents`),
    });
    process.stderr.write('\n');
    const staff = flags.staff ? await createDemoStaff(database.db) : 0;
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${result.townships} townships, ${result.villages} villages, ${result.households.toLocaleString('en')} households, ` +
        `${result.residents.toLocaleString('en')} residents, ${staff} accounts in ${seconds.toFixed(1)} s ` +
        `(${Math.round(result.residents / seconds).toLocaleString('en')} residents/s)`,
    );
  } finally {
    await database.close();
  }
});

withDbFlags(
  program
    .command('verify')
    .description('check stored data for tampering or inconsistency')
    .argument('<what>', 'audit: recompute the audit log hash chain'),
).action(async (what: string, flags: DbFlags) => {
  if (what !== 'audit') throw new InvalidArgumentError(`unknown check "${what}" (known: audit)`);
  const config = configFrom(flags);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const result = await verifyAuditChain(database.db);
    if (result.ok) {
      console.log(`audit log OK: ${result.checked} rows, chain intact`);
      return;
    }
    for (const p of result.problems) {
      const what = { hash_mismatch: 'content does not match its hash (edited)', broken_link: 'does not link to the row before it', missing_rows: 'rows before it are missing (deleted)' }[p.kind];
      console.error(`audit row ${p.id}: ${what}`);
    }
    console.error(`audit log FAILED: ${result.problems.length} problems in ${result.checked} rows`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
});

withDbFlags(
  program
    .command('backup')
    .description('write the embedded database to a file (PostgreSQL: use pg_dump, see README)')
    .requiredOption('-o, --out <file>', 'backup file to write (.tar.gz)'),
).action(async (flags: DbFlags & { out: string }) => {
  const config = configFrom(flags);
  if (config.databaseUrl) {
    console.error('PostgreSQL is backed up with its own tools: pg_dump --format=custom --file=xinnongbao.dump "$DATABASE_URL" (see README, Operations).');
    process.exitCode = 2;
    return;
  }
  const database = await openDatabase({ dataDir: config.dataDir });
  try {
    const dump = await database.pglite!.dumpDataDir('gzip');
    writeFileSync(flags.out, new Uint8Array(await dump.arrayBuffer()));
    console.log(`backup of ${config.dataDir} written to ${flags.out} (${dump.size.toLocaleString('en')} bytes)`);
  } finally {
    await database.close();
  }
});

program
  .command('restore')
  .description('restore an embedded-database backup into an empty data folder')
  .requiredOption('-i, --in <file>', 'backup file written by `xinnongbao backup`')
  .option('--data-dir <dir>', 'empty folder to restore into (env DATA_DIR, default ./data)')
  .action(async (flags: { in: string; dataDir?: string }) => {
    const config = configFrom(flags);
    if (existsSync(config.dataDir) && readdirSync(config.dataDir).length > 0) {
      console.error(`${config.dataDir} is not empty: restore only into an empty folder (move the old one aside first).`);
      process.exitCode = 2;
      return;
    }
    const blob = new Blob([readFileSync(flags.in)]);
    const database = await openDatabase({ dataDir: config.dataDir, loadDataDir: blob });
    try {
      const { checked } = await verifyAuditChain(database.db);
      console.log(`restored ${flags.in} into ${config.dataDir} (audit log: ${checked} rows)`);
    } finally {
      await database.close();
    }
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`configuration error (${error.field}): ${error.message}`);
  else console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
