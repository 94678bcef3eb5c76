import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/connection.js';
import { migrate } from './db/migrate.js';
import { createDemoStaff } from './demo/demo-staff.js';
import { createDemoActivity, DEMO_ACTIVITY_STEPS, type DemoStep } from './demo/demo-county.js';
import { DEFAULT_SCHEME_START } from './modules/calculator/calculate.js';
import type { ParameterLibrary } from './modules/calculator/library.js';
import { DEMO_DEFAULTS, generateDemoCounty } from './demo/generate.js';
import { chinaToday } from './http/clock.js';
import type { Logger } from './logger.js';
import { ensureDivisions } from './modules/regions/reference.js';

/** Steps of a demo load: residents, staff, then the county's history (see createDemoActivity). */
const DEMO_STEPS = 2 + DEMO_ACTIVITY_STEPS.length;
const DEMO_STEP_TEXT: Readonly<Record<DemoStep, string>> = {
  enrolment: 'enrolling most adults, applications at each step',
  contributions: "every year's premiums since the scheme start and their account entries",
  interest: 'interest for every past year, by the interest job',
  pensions: 'awarding the pensions due, then the last three months through the payroll and the bank',
  deaths: 'a few deaths reported and settled',
  fund: 'sweeps, subsidy receipts and allocations',
  indicators: "this year's hukou statistics, targets and Friday snapshots of the indicators",
  archives: 'the archives filed by person and year, and the borrowing register',
};

/** Seconds since `started`, for progress lines. */
const since = (started: number) => `${((performance.now() - started) / 1000).toFixed(1)} s`;

/** Opens the configured database and brings its schema and reference data up to date. */
export async function openAndMigrate(config: Config, logger: Logger): Promise<Database> {
  const started = performance.now();
  const fresh = !config.databaseUrl && !config.dataDir.startsWith('memory://') && !existsSync(config.dataDir);
  if (fresh) logger.info({ dataDir: config.dataDir }, `creating the embedded database in ${config.dataDir} (a few seconds)`);
  // Long work follows (migrations, the demo county, a batch command): a signal must end it at once.
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, releaseLockOnSignal: false });
  if (fresh) logger.info(`embedded database created (${since(started)})`);
  const ran = await migrate(database.db);
  for (const m of ran) logger.info({ version: m.version, name: m.name }, 'migration applied');
  const divisions = await ensureDivisions(database.db);
  if (divisions > 0) logger.info({ rows: divisions }, `national division table loaded (${since(started)})`);
  return database;
}

/**
 * Loads the demo county (Shouguang) and one account per role, if the database has no region yet. A first start
 * takes about a minute for the default 25,000 residents, so each step is logged as it ends, with counts and the
 * time so far.
 */
export async function loadDemoIfEmpty(database: Database, config: Config, logger: Logger, parameters: ParameterLibrary): Promise<boolean> {
  // Beside an embedded folder, `<folder>.demo-loading` holds the step under way while the demo loads: step 1 is one
  // transaction, the steps after it are not, so a first start stopped after step 1 leaves part of the county.
  const marker = config.databaseUrl || config.dataDir.startsWith('memory://') ? undefined : `${resolve(config.dataDir)}.demo-loading`;
  const any = await database.db.selectFrom('region').select('code').limit(1).executeTakeFirst();
  if (any) {
    if (marker && existsSync(marker)) {
      logger.warn(
        { marker },
        `the demo county in ${config.dataDir} is incomplete: its first start was stopped at step ${readFileSync(marker, 'utf8').trim()} of ${DEMO_STEPS}. ` +
          `To load it whole, stop the server, delete the folder ${config.dataDir} and the file ${marker}, and start again`,
      );
    }
    return false;
  }
  const step = (n: number) => {
    if (marker) writeFileSync(marker, `${n}\n`);
  };
  const started = performance.now();
  const n = config.demoResidents.toLocaleString('en');
  logger.info({ residents: config.demoResidents }, `empty database: loading the demo county 寿光市 with ${n} residents in ${DEMO_STEPS} steps (LOAD_DEMO=false or --no-demo to start empty)`);
  let lastLogged = 0;
  step(1);
  const result = await generateDemoCounty(database.db, {
    residents: config.demoResidents,
    onProgress(done, total) {
      if (done - lastLogged >= total / 4 || done === total) {
        lastLogged = done;
        logger.info({ done, total }, `demo 1/${DEMO_STEPS} residents: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} (${since(started)})`);
      }
    },
  });
  logger.info(result, `demo 1/${DEMO_STEPS} residents: ${result.townships} townships, ${result.villages} villages, ${result.households.toLocaleString('en')} households (${since(started)})`);
  step(2);
  const staff = await createDemoStaff(database.db);
  logger.info({ staff }, `demo 2/${DEMO_STEPS} staff: ${staff} accounts, one per role (${since(started)})`);
  const county = parameters.forCounty(DEMO_DEFAULTS.countyCode);
  const scope = { countyCode: DEMO_DEFAULTS.countyCode, scopePrefix: DEMO_DEFAULTS.countyCode, parameters: county.parameters, schemeStartDate: county.schemeStartDate ?? DEFAULT_SCHEME_START };
  const activity = await createDemoActivity(database.db, scope, chinaToday(), (name) => {
    const n = 3 + DEMO_ACTIVITY_STEPS.indexOf(name);
    step(n);
    logger.info({ step: name }, `demo ${n}/${DEMO_STEPS} ${name}: ${DEMO_STEP_TEXT[name]} (${since(started)})`);
  });
  if (marker) rmSync(marker, { force: true });
  logger.info(
    { ...result, staff, ...activity, seconds: Math.round((performance.now() - started) / 1000) },
    `demo county loaded in ${since(started)}: ${activity.enrolled.toLocaleString('en')} enrolled, ${activity.contributions.toLocaleString('en')} premiums, ` +
      `interest for ${activity.interestYears} years, ${activity.pensions.toLocaleString('en')} pensions, ${activity.payrolls} payrolls, ${activity.deaths} deaths`,
  );
  return true;
}
