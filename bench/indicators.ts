/**
 * Management indicators (管理指标) on an existing database holding a county (the demo county after `xinnongbao demo`):
 * times the county table (every village counted in one statement), a township's table, the first page of a
 * county-wide drill-down, and a whole Friday snapshot, each as of today; best of `--runs`.
 *
 *   npx tsx bench/indicators.ts --data-dir /tmp/demo/data [--runs 5]
 *   npx tsx bench/indicators.ts --database-url postgres://postgres@127.0.0.1:5432/xnb [--runs 5]
 *   npx tsx bench/indicators.ts --generate 1000000 --server-url postgres://postgres@127.0.0.1:5432/postgres
 *
 * `--generate N`: a fresh database (on the server, else PGlite in a temporary folder) with a county of N residents,
 * enrolled and paying as the demo does (premiums since the scheme start), and a pension row (fixed amounts, for
 * counting only) for every enrolled person past the pension age; dropped afterwards.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { createDemoContributions } from '../src/demo/demo-contributions.js';
import { createDemoEnrolment } from '../src/demo/demo-enrolment.js';
import { createDemoStaff } from '../src/demo/demo-staff.js';
import { generateDemoCounty } from '../src/demo/generate.js';
import { ensureDivisions } from '../src/modules/regions/reference.js';
import { NATIONAL_PARAMETERS } from '../src/rules/index.js';
import { freshDatabase, type FreshDatabase } from './fresh-db.js';
import { chinaToday } from '../src/http/clock.js';
import { drillDown, indicatorTable } from '../src/modules/indicators/service.js';
import { takeSnapshot } from '../src/modules/indicators/snapshots.js';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, runs: { type: 'string', default: '5' }, county: { type: 'string', default: '370783' }, generate: { type: 'string' }, 'server-url': { type: 'string' } },
});
let fresh: FreshDatabase | undefined;
let database: Database;
if (values.generate) {
  fresh = await freshDatabase(values['server-url']);
  database = fresh.database;
  const started = performance.now();
  await migrate(database.db);
  await ensureDivisions(database.db);
  await generateDemoCounty(database.db, { residents: Number(values.generate) });
  await createDemoStaff(database.db);
  await createDemoEnrolment(database.db, '370783', chinaToday());
  const paid = await createDemoContributions(database.db, '370783', chinaToday(), NATIONAL_PARAMETERS, '2009-09-01');
  const staff = await database.db.selectFrom('staff_user').select('id').where('username', '=', 'reviewer').executeTakeFirstOrThrow();
  await sql`insert into pension (county_code, resident_id, village_code, pension_age_date, start_month, category, contribution_years, central_basic, local_top_up,
      long_contribution_extra, basic_pension, account_balance, account_pension, monthly_pension, balances, account_pension_by_source, explanation, awarded_by)
    select e.county_code, e.resident_id, e.village_code, r.birth_date + interval '60 years', to_char(greatest(r.birth_date + interval '60 years', '2009-10-01'::date) + interval '1 month', 'YYYY-MM'),
      'noContribution', 0, 5500, 0, 0, 5500, 0, 0, 5500, '{}', '{}', '[]', ${staff.id}
    from enrolment e join resident r on r.county_code = e.county_code and r.id = e.resident_id
    where e.county_code = '370783' and e.payment_status = 'ended'`.execute(database.db);
  await sql`analyze`.execute(database.db);
  console.log(`${fresh.label}: generated in ${((performance.now() - started) / 1000).toFixed(0)} s (${paid.contributions.toLocaleString('en')} contributions)`);
} else {
  database = await openDatabase({ dataDir: values['data-dir'] ?? './data', databaseUrl: values['database-url'] });
}
const db = database.db;
const county = values.county;
const today = chinaToday();
const runs = Number(values.runs);

async function best(name: string, work: () => Promise<unknown>): Promise<void> {
  let min = Infinity;
  let last: unknown;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await work();
    min = Math.min(min, performance.now() - t0);
  }
  console.log(`${name}: best ${min.toFixed(0)} ms of ${runs}${typeof last === 'string' ? ` (${last})` : ''}`);
}

const residents = await db.selectFrom('resident').select((eb) => eb.fn.countAll<number>().as('n')).where('county_code', '=', county).executeTakeFirstOrThrow();
const township = await db.selectFrom('region').select('code').where('county_code', '=', county).where('level', '=', 'township').orderBy('code').executeTakeFirstOrThrow();
console.log(`${database.kind}, county ${county}: ${Number(residents.n).toLocaleString('en')} residents, as of ${today}`);
await best('county table (all villages, one statement)', async () => {
  const t = await indicatorTable(db, county, `${county}000000`, today);
  return `${t.rows.length} townships, enrolled ${t.total.counts.enrolled}`;
});
await best('township table', async () => `${(await indicatorTable(db, county, township.code, today)).rows.length} villages`);
await best('drill-down, county, enrolled, page 1 of 20', async () => `${(await drillDown(db, county, `${county}000000`, today, 'enrolled', 1, 20)).total} people`);
await best('drill-down, county, not renewed, page 1 of 20', async () => `${(await drillDown(db, county, `${county}000000`, today, 'notRenewed', 1, 20)).total} people`);
await best('Friday snapshot (every region)', async () => `${(await takeSnapshot(db, county, today)).regions} regions`);
await db.deleteFrom('indicator_snapshot').where('county_code', '=', county).where('taken_on', '=', today).execute();
if (fresh) await fresh.dispose();
else await database.close();
