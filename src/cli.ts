#!/usr/bin/env node
import { createReadStream, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { openAndMigrate } from './bootstrap.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { BackupFileError, checkBackupFile } from './db/backup-file.js';
import { openDatabase, type Database } from './db/connection.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { migrate } from './db/migrate.js';
import { createDemoStaff } from './demo/demo-staff.js';
import { createDemoActivity } from './demo/demo-county.js';
import { DEMO_DEFAULTS, generateDemoCounty } from './demo/generate.js';
import { chinaToday } from './http/clock.js';
import { AppError } from './errors/app-error.js';
import { errorMessage } from './errors/messages.js';
import { fromRuleError } from './errors/rule-errors.js';
import { calculate, CALC_KINDS, DEFAULT_SCHEME_START, type CalcKind } from './modules/calculator/calculate.js';
import { buildParameterLibrary, loadParameterLibrary, readParameterDir, readParameterFile } from './modules/calculator/library.js';
import { calcResultText } from './modules/calculator/text.js';
import { verifyParameters } from './modules/calculator/verify-params.js';
import { ParameterFileError } from './rules/errors.js';
import { queueInterestJob, runInterestJob, unfinishedJobs } from './modules/accounts/interest-job.js';
import { SYSTEM_ACTOR } from './modules/audit/service.js';
import { awardPensions } from './modules/pensions/service.js';
import { loadRegistryFile } from './modules/crosscheck/load.js';
import { REGISTRIES } from './modules/crosscheck/registry-file.js';
import { getPayroll, queuePayroll, runPayrollJob } from './modules/pensions/payroll.js';
import { fridayOnOrBefore, takeSnapshot } from './modules/indicators/snapshots.js';
import { roleHas } from './modules/staff/roles.js';
import { formatYuan } from './rules/index.js';
import { createLogger } from './logger.js';
import { verifyAuditChain } from './modules/audit/service.js';
import { verifyLedger } from './modules/ledger/verify.js';
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

/**
 * A progress callback that rewrites one line on stderr: "done / total unit, NN %, about N s left" (the time
 * left from the rate since the first call).
 */
function progressLine(unit: string): (done: number, total: number) => void {
  let first: { at: number; done: number } | undefined;
  return (done, total) => {
    const now = performance.now();
    first ??= { at: now, done };
    const rate = (done - first.done) / Math.max(1, now - first.at);
    const left = rate > 0 && done < total ? `, about ${Math.ceil((total - done) / rate / 1000)} s left` : '';
    const percent = total > 0 ? `, ${Math.floor((done / total) * 100)} %` : '';
    process.stderr.write(`\r${done.toLocaleString('en')} / ${total.toLocaleString('en')} ${unit}${percent}${left}    `);
  };
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
  // Until the server listens a signal ends the process at once (Node's default): the start-up, a first start's demo
  // county above all, runs database work that gives a JavaScript handler no turn before it ends. From the moment it
  // listens (before the "listening" line, so a stop asked for on seeing that line is always clean, even while the
  // unfinished jobs are resumed) a stop closes the server and the database; a second signal (Ctrl-C reaches both npm
  // and the server, and npm passes it on) does not cut that short.
  await startServer(config, logger, {
    onListening: (running) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        running.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
    },
  });
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
    .option('--residents <n>', 'number of residents', positiveInt, DEMO_DEFAULTS.residents)
    .option('--villages <n>', 'number of villages', positiveInt, 150)
    .option('--seed <n>', 'random seed (same seed, same data)', positiveInt, 20091001)
    .option('--no-staff', 'do not create the demo accounts')
    .option('--interest-through <year>', 'post interest only up to this year (default: every year up to last year)', positiveInt),
).action(async (flags: DbFlags & { residents: number; villages: number; seed: number; staff: boolean; interestThrough?: number }) => {
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
    const library = loadParameterLibrary(config.paramsDir);
    const county = library.forCounty(DEMO_DEFAULTS.countyCode);
    const scope = { countyCode: DEMO_DEFAULTS.countyCode, scopePrefix: DEMO_DEFAULTS.countyCode, parameters: county.parameters, schemeStartDate: county.schemeStartDate ?? DEFAULT_SCHEME_START };
    const activity = await createDemoActivity(database.db, scope, chinaToday(), (step) => process.stderr.write(`${((performance.now() - started) / 1000).toFixed(1)} s: ${step}…\n`),
      flags.interestThrough === undefined ? {} : { interestThrough: flags.interestThrough },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${result.townships} townships, ${result.villages} villages, ${result.households.toLocaleString('en')} households, ` +
        `${result.residents.toLocaleString('en')} residents (${activity.enrolled.toLocaleString('en')} enrolled, ${activity.applications} applications, ` +
        `${activity.contributions.toLocaleString('en')} contributions, interest for ${activity.interestYears} years, ${activity.pensions.toLocaleString('en')} pensions, ` +
        `${activity.payrolls} payrolls, ${activity.deaths} deaths), ` +
        `${staff} accounts in ${seconds.toFixed(1)} s ` +
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
    .argument('<what>', 'audit: recompute the audit log hash chain; ledger: prove the account ledger, payroll lines, settlements and interest agree (exit 1 naming the first mismatches); params: load the parameter files (PARAMS_DIR) and warn about national tables not reviewed for 12 months'),
).action(async (what: string, flags: DbFlags) => {
  if (what === 'params') {
    process.exitCode = verifyParameters(configFrom(flags).paramsDir, chinaToday());
    return;
  }
  if (what === 'ledger') {
    const config = configFrom(flags);
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const result = await verifyLedger(database.db);
      for (const check of result.checks) {
        console.log(`${check.problems.length === 0 ? 'ok  ' : 'FAIL'} ${check.name}: ${check.title.en}`);
        for (const p of check.problems) console.error(`     ${p.countyCode} ${p.detail}`);
      }
      const t = result.totals;
      if (result.ok) console.log(`ledger OK: ${t.entries} entries in ${t.accounts} accounts, ${t.lines} payroll lines, ${t.settlements} settlements (${result.counties.join(', ') || 'no county'})`);
      else {
        console.error(`ledger FAILED: ${result.checks.filter((c) => c.problems.length > 0).map((c) => c.name).join(', ')}`);
        process.exitCode = 1;
      }
    } finally {
      await database.close();
    }
    return;
  }
  if (what !== 'audit') throw new InvalidArgumentError(`unknown check "${what}" (known: audit, ledger, params)`);
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
    try {
      await checkBackupFile(flags.in);
    } catch (error) {
      if (!(error instanceof BackupFileError)) throw error;
      console.error(`cannot restore ${flags.in}: ${error.reason}. Nothing was restored; use another backup file.`);
      process.exitCode = 1;
      return;
    }
    const existed = existsSync(config.dataDir);
    let database: Database;
    try {
      database = await openDatabase({ dataDir: config.dataDir, loadDataDir: new Blob([readFileSync(flags.in)]) });
    } catch (error) {
      // Another process has the folder: it is theirs, leave it alone (the handler below names the holder).
      if (error instanceof DataDirLockedError) throw error;
      // A whole archive that is not a data folder: leave the target as empty as it was.
      if (existed) for (const entry of readdirSync(config.dataDir)) rmSync(join(config.dataDir, entry), { recursive: true, force: true });
      else rmSync(config.dataDir, { recursive: true, force: true });
      console.error(`cannot restore ${flags.in}: it is not a backup of a data folder (${(error as Error).message}). Nothing was restored.`);
      process.exitCode = 1;
      return;
    }
    try {
      const { checked } = await verifyAuditChain(database.db);
      console.log(`restored ${flags.in} into ${config.dataDir} (audit log: ${checked} rows)`);
    } finally {
      await database.close();
    }
  });

withDbFlags(
  program
    .command('post-interest')
    .description("post a year's interest to every account of a county (the same job as the web page; resumes an unfinished one)")
    .requiredOption('--year <year>', 'the interest year', positiveInt)
    .option('--county <code>', 'county code', '370783'),
).action(async (flags: DbFlags & { year: number; county: string }) => {
  const config = configFrom(flags);
  const logger = createLogger('warn');
  const database = await openAndMigrate(config, logger);
  try {
    const parameters = loadParameterLibrary(config.paramsDir).forCounty(flags.county).parameters;
    const open = (await unfinishedJobs(database.db)).find((j) => j.countyCode === flags.county && j.kind === 'interest');
    const job = open ?? (await queueInterestJob(database.db, { ...SYSTEM_ACTOR, username: 'cli' }, flags.county, flags.year, chinaToday(), parameters));
    const started = performance.now();
    const done = await runInterestJob(database.db, job.id, parameters, {
      onProgress: progressLine('accounts'),
    });
    process.stderr.write('\n');
    const result = done.result as { accounts: number; totalInterest: number };
    const seconds = (performance.now() - started) / 1000;
    console.log(`interest ${done.period}: ${result.accounts.toLocaleString('en')} accounts, ${formatYuan(result.totalInterest, 'zh-CN')} yuan, in ${seconds.toFixed(1)} s (job ${done.id})`);
  } catch (error) {
    const known = fromRuleError(error);
    if (known instanceof AppError) {
      console.error(`${known.code}: ${errorMessage(known.code, 'zh-CN', known.params)}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await database.close();
  }
});

withDbFlags(
  program
    .command('award-pensions')
    .description('award the pension to everyone eligible who is due by a month (the same as 核定 on the web page); prints who was refused and why')
    .requiredOption('--month <YYYY-MM>', 'pensions starting in or before this month')
    .requiredOption('--user <username>', 'the benefit reviewer the awards are made in the name of')
    .option('--county <code>', 'county code', '370783')
    .option('--lang <lang>', 'language of the refusal reasons: zh-CN (default) or en', 'zh-CN'),
).action(async (flags: DbFlags & { month: string; user: string; county: string; lang: string }) => {
  const config = configFrom(flags);
  const logger = createLogger('warn');
  const database = await openAndMigrate(config, logger);
  try {
    const user = await database.db.selectFrom('staff_user').select(['id', 'username', 'role', 'region_code', 'disabled']).where('username', '=', flags.user).executeTakeFirst();
    if (!user || user.disabled || !roleHas(user.role, 'pensions:award') || !user.region_code.startsWith(flags.county)) {
      throw new AppError('FORBIDDEN', 403, { field: 'user', params: {} });
    }
    const library = loadParameterLibrary(config.paramsDir).forCounty(flags.county);
    const started = performance.now();
    const outcome = await awardPensions(
      database.db,
      { ...SYSTEM_ACTOR, userId: user.id, username: `cli:${user.username}`, role: user.role, regionCode: user.region_code },
      { countyCode: flags.county, scopePrefix: flags.county, parameters: library.parameters, schemeStartDate: library.schemeStartDate ?? DEFAULT_SCHEME_START },
      { month: flags.month },
      flags.lang === 'en' ? 'en' : 'zh-CN',
    );
    for (const r of outcome.refused) console.log(`refused ${r.residentId} ${r.name}: ${r.message}`);
    const seconds = (performance.now() - started) / 1000;
    console.log(`awarded ${outcome.awarded.toLocaleString('en')} pensions due by ${flags.month}, ${formatYuan(outcome.monthlyTotal, 'zh-CN')} yuan a month; ${outcome.refused.length} refused; in ${seconds.toFixed(1)} s`);
  } catch (error) {
    const known = fromRuleError(error);
    if (known instanceof AppError) {
      console.error(`${known.code}: ${errorMessage(known.code, 'zh-CN', known.params)}${known.field ? ` (--${known.field})` : ''}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await database.close();
  }
});

withDbFlags(
  program
    .command('run-payroll')
    .description("generate a month's payroll (the same job as the web page; resumes an unfinished one); stop the server first on the embedded database")
    .requiredOption('--month <YYYY-MM>', 'the payroll month')
    .option('--county <code>', 'county code', '370783'),
).action(async (flags: DbFlags & { month: string; county: string }) => {
  const config = configFrom(flags);
  const logger = createLogger('warn');
  const database = await openAndMigrate(config, logger);
  try {
    const parameters = loadParameterLibrary(config.paramsDir).forCounty(flags.county).parameters;
    const open = (await unfinishedJobs(database.db)).find((j) => j.countyCode === flags.county && j.kind === 'payroll');
    const jobId = open ? open.id : (await queuePayroll(database.db, { ...SYSTEM_ACTOR, username: 'cli' }, flags.county, flags.month, chinaToday())).jobId;
    const started = performance.now();
    await runPayrollJob(database.db, jobId, parameters, {
      onProgress: progressLine('pensions'),
    });
    process.stderr.write('\n');
    const payroll = await getPayroll(database.db, flags.county, flags.month);
    const t = payroll.totals;
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `payroll ${payroll.month}: ${t.lines.toLocaleString('en')} payments (${t.repayLines} repaid) to ${t.people.toLocaleString('en')} pensioners, ` +
        `${formatYuan(t.amount, 'zh-CN')} yuan (basic ${formatYuan(t.basicPension, 'zh-CN')}, account ${formatYuan(t.fromAccount, 'zh-CN')}, pool ${formatYuan(t.fromPool, 'zh-CN')}), in ${seconds.toFixed(1)} s`,
    );
  } catch (error) {
    const known = fromRuleError(error);
    if (known instanceof AppError) {
      console.error(`${known.code}: ${errorMessage(known.code, 'zh-CN', known.params)}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await database.close();
  }
});

withDbFlags(
  program
    .command('load-cross-check')
    .description("load an outside registry's file (.csv streamed, any size; .xlsx) and match it with the county, as 数据比对 on the web page does; prints the hits by kind")
    .requiredOption('--registry <kind>', `one of: ${REGISTRIES.join(', ')}`)
    .requiredOption('--file <path>', 'the file (.csv or .xlsx)')
    .requiredOption('--user <username>', 'the county user it is loaded in the name of (needs 数据比对 loading)')
    .option('--county <code>', 'county code', '370783'),
).action(async (flags: DbFlags & { registry: string; file: string; user: string; county: string }) => {
  const config = configFrom(flags);
  const logger = createLogger('warn');
  const database = await openAndMigrate(config, logger);
  try {
    if (!(REGISTRIES as readonly string[]).includes(flags.registry)) throw new AppError('VALIDATION_FAILED', 400, { field: 'registry', params: { field: 'registry', detail: REGISTRIES.join(' | ') } });
    const user = await database.db.selectFrom('staff_user').select(['id', 'username', 'role', 'region_code', 'disabled']).where('username', '=', flags.user).executeTakeFirst();
    if (!user || user.disabled || !roleHas(user.role, 'crosscheck:load') || !user.region_code.startsWith(flags.county)) throw new AppError('FORBIDDEN', 403, { field: 'user' });
    const started = performance.now();
    const progress = progressLine('rows');
    const outcome = await loadRegistryFile(
      database,
      { ...SYSTEM_ACTOR, userId: user.id, username: `cli:${user.username}`, role: user.role, regionCode: user.region_code },
      { countyCode: flags.county, today: chinaToday() },
      { registry: flags.registry as (typeof REGISTRIES)[number], fileName: basename(flags.file), bytes: createReadStream(flags.file, { highWaterMark: 1 << 20 }) },
      (rows) => progress(rows, rows),
    );
    process.stderr.write('\n');
    const kinds = Object.entries(outcome.byKind).map(([k, n]) => `${k} ${n.toLocaleString('en')}`).join(', ') || 'none';
    console.log(
      `batch ${outcome.batchId}: ${outcome.rows.toLocaleString('en')} rows checked against ${outcome.peopleCompared.toLocaleString('en')} people, ` +
        `${outcome.matched.toLocaleString('en')} hits (${kinds}), in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`${error.code}: ${errorMessage(error.code, 'zh-CN', error.params)}${error.field ? ` (${error.field})` : ''}`);
      for (const e of (error.errors ?? []).slice(0, 20)) console.error(`  ${errorMessage(e.code, 'zh-CN', e.params)}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await database.close();
  }
});

program
  .command('calc')
  .description('policy calculator: contribution, benefit, interest or death, from a JSON input file (same as POST /api/calc/<kind>)')
  .argument('<kind>', `one of: ${CALC_KINDS.join(', ')}`)
  .requiredOption('-i, --input <file>', 'JSON input ("-" for standard input); amounts in yuan, e.g. {"birthDate":"1950-03-15","balances":{"individual":"1,390.00"}}')
  .option('--params <file...>', 'parameter override file(s) to use besides those in the params folder; with one file and no "scope" in the input, its scope is used')
  .option('--params-dir <dir>', 'folder of override files (env PARAMS_DIR, default ./params)')
  .option('--format <format>', 'json (default) or text', 'json')
  .option('--lang <lang>', 'language of text and error messages: zh-CN (default) or en', 'zh-CN')
  .action((kind: string, flags: { input: string; params?: string[]; paramsDir?: string; format: string; lang: string }) => {
    const lang = flags.lang === 'en' ? 'en' : 'zh-CN';
    try {
      if (!(CALC_KINDS as readonly string[]).includes(kind)) throw new InvalidArgumentError(`unknown calculation "${kind}" (known: ${CALC_KINDS.join(', ')})`);
      if (flags.format !== 'json' && flags.format !== 'text') throw new InvalidArgumentError('--format must be json or text');
      const config = loadConfig(process.env, flags.paramsDir ? { paramsDir: flags.paramsDir } : {});
      const extra = (flags.params ?? []).map(readParameterFile);
      const library = buildParameterLibrary([...readParameterDir(config.paramsDir), ...extra]);
      let input: unknown;
      const text = readFileSync(flags.input === '-' ? 0 : flags.input, 'utf8');
      try {
        input = JSON.parse(text);
      } catch (error) {
        throw new AppError('VALIDATION_FAILED', 400, { field: 'input', params: { field: flags.input, detail: (error as Error).message } });
      }
      const only = extra.length === 1 ? extra[0] : undefined;
      if (only && input && typeof input === 'object' && !Array.isArray(input) && !('scope' in input)) {
        input = { ...input, scope: only.layer.code };
      }
      const result = calculate(kind as CalcKind, input, library, chinaToday());
      console.log(flags.format === 'text' ? calcResultText(result, lang) : JSON.stringify(result, null, 2));
    } catch (error) {
      const known = fromRuleError(error);
      if (known instanceof AppError) {
        const field = known.field ? ` (${known.field})` : '';
        console.error(`${known.code}${field}: ${errorMessage(known.code, lang, known.params)}`);
        if (error instanceof ParameterFileError) console.error(error.message);
        process.exitCode = 1;
        return;
      }
      throw error;
    }
  });

const snapshot = program.command('snapshot').description('keep a snapshot (what the server keeps by itself on a schedule)');
withDbFlags(
  snapshot
    .command('indicators')
    .description("keep the management indicators of every village, township and the county as of a day (the server keeps every Friday's by itself); the same day again replaces it")
    .option('--date <YYYY-MM-DD>', "the day the indicators are as of (default: the latest Friday on or before today, China time)")
    .option('--county <code>', 'county code', '370783'),
).action(async (flags: DbFlags & { date?: string; county: string }) => {
  const config = configFrom(flags);
  const logger = createLogger('warn');
  const database = await openAndMigrate(config, logger);
  try {
    const day = flags.date ?? fridayOnOrBefore(chinaToday());
    const started = performance.now();
    const done = await takeSnapshot(database.db, flags.county, day);
    const county = await database.db.selectFrom('indicator_snapshot').select(['enrolled', 'payers', 'pensioners', 'collected']).where('county_code', '=', flags.county).where('taken_on', '=', day).where('level', '=', 'county').executeTakeFirst();
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `indicators of ${flags.county} as of ${done.takenOn}: ${done.regions} regions kept` +
        (county ? `; enrolled ${county.enrolled.toLocaleString('en')} (payers ${county.payers.toLocaleString('en')}, pensioners ${county.pensioners.toLocaleString('en')}), collected ${formatYuan(county.collected, 'zh-CN')} yuan` : '') +
        `, in ${seconds.toFixed(1)} s`,
    );
  } catch (error) {
    const known = fromRuleError(error);
    if (known instanceof AppError) {
      console.error(`${known.code}: ${errorMessage(known.code, 'zh-CN', known.params)}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await database.close();
  }
});

/** What the running server offers instead of a command that needs its data folder. */
const THROUGH_THE_SERVER: Readonly<Record<string, string>> = {
  verify: 'the running server checks the same: GET /api/audit/verify and GET /api/ledger/verify (the /audit page)',
  'post-interest': 'the running server posts interest: POST /api/jobs/interest {"year": …} (the /interest page, account manager)',
  'run-payroll': 'the running server generates payrolls: POST /api/payroll {"month": "YYYY-MM"} (the /payroll page, benefit reviewer)',
  'load-cross-check': 'the running server loads registry files: POST /api/cross-checks/batches?registry=… (the /cross-checks page)',
  snapshot: 'the running server keeps the Friday snapshot by itself (checked hourly); the weekly report is GET /api/indicators/weekly (the /indicators page)',
  'award-pensions': 'the running server awards pensions: POST /api/pensions/award {"month": "YYYY-MM"} (the /pensions page, benefit reviewer)',
};

program.parseAsync().catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    const instead = THROUGH_THE_SERVER[program.args[0] ?? ''];
    if (instead) console.error(`or, without stopping it: ${instead}`);
  } else if (error instanceof ConfigError) console.error(`configuration error (${error.field}): ${error.message}`);
  else if (error instanceof ParameterFileError) console.error(`parameter file error:\n${error.message}`);
  else console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
