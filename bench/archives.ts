/**
 * Archives benchmark: the backfill of a county's existing enrolments (what 0021_archives.sql does on an existing
 * database, and the demo on its first start) and one batch filed by fileArchives.
 *
 *   npx tsx bench/archives.ts --residents 100000 [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 */
import { parseArgs } from 'node:util';
import { migrate } from '../src/db/migrate.js';
import { backfillArchives, fileArchives, type ArchiveEntry } from '../src/modules/archives/service.js';
import { createDemoEnrolment } from '../src/demo/demo-enrolment.js';
import { generateDemoCounty } from '../src/demo/generate.js';
import { createDemoStaff } from '../src/demo/demo-staff.js';
import { freshDatabase } from './fresh-db.js';

const { values } = parseArgs({ options: { residents: { type: 'string', default: '100000' }, batch: { type: 'string', default: '5000' }, 'database-url': { type: 'string' } } });
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function main(): Promise<void> {
  const fresh = await freshDatabase(values['database-url']);
  try {
    await migrate(fresh.database.db);
    await generateDemoCounty(fresh.database.db, { residents: Number(values.residents), villages: 150 });
    await createDemoStaff(fresh.database.db);
    const enrolment = await createDemoEnrolment(fresh.database.db, '370783', '2026-12-01');
    let started = performance.now();
    const filed = await backfillArchives(fresh.database.db);
    console.log(`database   ${fresh.label}`);
    console.log(`backfill   ${filed.toLocaleString('en')} records (${enrolment.enrolled.toLocaleString('en')} enrolments) in ${((performance.now() - started) / 1000).toFixed(1)} s, RSS ${mb(process.memoryUsage().rss)}`);
    const people = await fresh.database.db.selectFrom('resident').select(['id', 'name', 'village_code']).limit(Number(values.batch)).execute();
    const entries: ArchiveEntry[] = people.map((p) => ({ kind: 'bank_account', sourceKind: 'enrolment', sourceId: p.id, residentId: p.id, name: p.name, regionCode: p.village_code }));
    started = performance.now();
    await fresh.database.db.transaction().execute((tx) => fileArchives(tx, '370783', null, entries));
    console.log(`batch      ${entries.length.toLocaleString('en')} records in one statement in ${(performance.now() - started).toFixed(0)} ms`);
  } finally {
    await fresh.dispose();
  }
}

await main();
