import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/connection.js';
import { migrate } from './db/migrate.js';
import { createDemoStaff } from './demo/demo-staff.js';
import { createDemoContributions } from './demo/demo-contributions.js';
import { createDemoEnrolment } from './demo/demo-enrolment.js';
import { createDemoFund } from './demo/demo-fund.js';
import { createDemoPensions } from './demo/demo-pensions.js';
import { DEFAULT_SCHEME_START } from './modules/calculator/calculate.js';
import type { ParameterLibrary } from './modules/calculator/library.js';
import { DEMO_DEFAULTS, generateDemoCounty } from './demo/generate.js';
import { chinaToday } from './http/clock.js';
import type { Logger } from './logger.js';
import { ensureDivisions } from './modules/regions/reference.js';

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
 * takes about a minute for the default 60,000 residents, so each step is logged as it ends, with counts and the
 * time so far.
 */
export async function loadDemoIfEmpty(database: Database, config: Config, logger: Logger, parameters: ParameterLibrary): Promise<boolean> {
  // Beside an embedded folder, `<folder>.demo-loading` holds the step under way while the demo loads: step 1 is one
  // transaction, the five after it are not, so a first start stopped after step 1 leaves part of the county.
  const marker = config.databaseUrl || config.dataDir.startsWith('memory://') ? undefined : `${resolve(config.dataDir)}.demo-loading`;
  const any = await database.db.selectFrom('region').select('code').limit(1).executeTakeFirst();
  if (any) {
    if (marker && existsSync(marker)) {
      logger.warn(
        { marker },
        `the demo county in ${config.dataDir} is incomplete: its first start was stopped at step ${readFileSync(marker, 'utf8').trim()} of 6. ` +
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
  logger.info({ residents: config.demoResidents }, `empty database: loading the demo county 寿光市 with ${n} residents in 6 steps (LOAD_DEMO=false or --no-demo to start empty)`);
  let lastLogged = 0;
  step(1);
  const result = await generateDemoCounty(database.db, {
    residents: config.demoResidents,
    onProgress(done, total) {
      if (done - lastLogged >= total / 4 || done === total) {
        lastLogged = done;
        logger.info({ done, total }, `demo 1/6 residents: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} (${since(started)})`);
      }
    },
  });
  logger.info(result, `demo 1/6 residents: ${result.townships} townships, ${result.villages} villages, ${result.households.toLocaleString('en')} households (${since(started)})`);
  step(2);
  const staff = await createDemoStaff(database.db);
  logger.info({ staff }, `demo 2/6 staff: ${staff} accounts, one per role (${since(started)})`);
  step(3);
  const enrolment = await createDemoEnrolment(database.db, DEMO_DEFAULTS.countyCode, chinaToday());
  logger.info(enrolment, `demo 3/6 enrolment: ${enrolment.enrolled.toLocaleString('en')} enrolled, ${enrolment.applications} applications waiting (${since(started)})`);
  const county = parameters.forCounty(DEMO_DEFAULTS.countyCode);
  const scope = { countyCode: DEMO_DEFAULTS.countyCode, scopePrefix: DEMO_DEFAULTS.countyCode, parameters: county.parameters, schemeStartDate: county.schemeStartDate ?? DEFAULT_SCHEME_START };
  step(4);
  logger.info(`demo 4/6 contributions: every year's premiums since 2009 and their account entries, the longest step (${since(started)})`);
  const contributions = await createDemoContributions(database.db, DEMO_DEFAULTS.countyCode, chinaToday(), scope.parameters, scope.schemeStartDate);
  logger.info(contributions, `demo 4/6 contributions: ${contributions.contributions.toLocaleString('en')} premiums, ${contributions.entries.toLocaleString('en')} account entries (${since(started)})`);
  step(5);
  logger.info(`demo 5/6 pensions: awarding everyone who has reached the pension age (${since(started)})`);
  const pensions = await createDemoPensions(database.db, scope, chinaToday());
  logger.info(pensions, `demo 5/6 pensions: ${pensions.pensions.toLocaleString('en')} awarded, ${pensions.waiting} waiting for award (${since(started)})`);
  step(6);
  const fund = await createDemoFund(database.db, DEMO_DEFAULTS.countyCode, chinaToday());
  logger.info(fund, `demo 6/6 fund: ${fund.receipts} subsidy receipts, ${fund.sweeps} sweeps, ${fund.allocations} allocations (${since(started)})`);
  if (marker) rmSync(marker, { force: true });
  logger.info({ ...result, staff, ...enrolment, ...contributions, ...pensions, ...fund, seconds: Math.round((performance.now() - started) / 1000) }, `demo county loaded in ${since(started)}`);
  return true;
}
