import type { Config } from './config.js';
import { openDatabase, type Database } from './db/connection.js';
import { migrate } from './db/migrate.js';
import { createDemoStaff } from './demo/demo-staff.js';
import { createDemoActivity } from './demo/demo-county.js';
import { DEFAULT_SCHEME_START } from './modules/calculator/calculate.js';
import type { ParameterLibrary } from './modules/calculator/library.js';
import { DEMO_DEFAULTS, generateDemoCounty } from './demo/generate.js';
import { chinaToday } from './http/clock.js';
import type { Logger } from './logger.js';
import { ensureDivisions } from './modules/regions/reference.js';

/** Opens the configured database and brings its schema and reference data up to date. */
export async function openAndMigrate(config: Config, logger: Logger): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const ran = await migrate(database.db);
  for (const m of ran) logger.info({ version: m.version, name: m.name }, 'migration applied');
  const divisions = await ensureDivisions(database.db);
  if (divisions > 0) logger.info({ rows: divisions }, 'national division table loaded');
  return database;
}

/** Loads the demo county (Shouguang) and one account per role, if the database has no region yet. */
export async function loadDemoIfEmpty(database: Database, config: Config, logger: Logger, parameters: ParameterLibrary): Promise<boolean> {
  const any = await database.db.selectFrom('region').select('code').limit(1).executeTakeFirst();
  if (any) return false;
  logger.info({ residents: config.demoResidents }, 'empty database: loading the demo county 寿光市');
  let lastLogged = 0;
  const result = await generateDemoCounty(database.db, {
    residents: config.demoResidents,
    onProgress(done, total) {
      if (done - lastLogged >= total / 4 || done === total) {
        lastLogged = done;
        logger.info({ done, total }, 'demo county progress');
      }
    },
  });
  const staff = await createDemoStaff(database.db);
  const county = parameters.forCounty(DEMO_DEFAULTS.countyCode);
  const scope = { countyCode: DEMO_DEFAULTS.countyCode, scopePrefix: DEMO_DEFAULTS.countyCode, parameters: county.parameters, schemeStartDate: county.schemeStartDate ?? DEFAULT_SCHEME_START };
  const activity = await createDemoActivity(database.db, scope, chinaToday(), (step) => logger.info({ step }, 'demo county progress'));
  logger.info({ ...result, staff, ...activity }, 'demo county loaded');
  return true;
}
