/**
 * Management indicators (管理指标) on an existing database holding a county (the demo county after `xinnongbao demo`):
 * times the county table (every village counted in one statement), a township's table, the first page of a
 * county-wide drill-down, and a whole Friday snapshot, each as of today; best of `--runs`.
 *
 *   npx tsx bench/indicators.ts --data-dir /tmp/demo/data [--runs 5]
 *   npx tsx bench/indicators.ts --database-url postgres://postgres@127.0.0.1:5432/xnb [--runs 5]
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/connection.js';
import { chinaToday } from '../src/http/clock.js';
import { drillDown, indicatorTable } from '../src/modules/indicators/service.js';
import { takeSnapshot } from '../src/modules/indicators/snapshots.js';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, runs: { type: 'string', default: '5' }, county: { type: 'string', default: '370783' } } });
const database = await openDatabase({ dataDir: values['data-dir'] ?? './data', databaseUrl: values['database-url'] });
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
await database.close();
