/**
 * Demo county load benchmark: a fresh database, migrated, then generateDemoCounty.
 *
 *   npx tsx bench/demo.ts --residents 1000000 [--villages 150] [--seed 20091001] [--chunk-size 25000]
 *                         [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * Without --database-url: PGlite in a temporary folder (removed afterwards). With it: a uniquely
 * named database is created on that server and dropped afterwards.
 */
import { parseArgs } from 'node:util';
import { migrate } from '../src/db/migrate.js';
import { generateDemoCounty } from '../src/demo/generate.js';
import { freshDatabase } from './fresh-db.js';

const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '60000' },
    villages: { type: 'string', default: '150' },
    seed: { type: 'string', default: '20091001' },
    'chunk-size': { type: 'string' },
    'database-url': { type: 'string' },
  },
});

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function main(): Promise<void> {
  const opened = performance.now();
  const fresh = await freshDatabase(values['database-url']);
  try {
    await migrate(fresh.database.db);
    const ready = performance.now();
    let peakRss = process.memoryUsage().rss;
    let lastReport = 0;
    const summary = await generateDemoCounty(fresh.database.db, {
      residents: Number(values.residents),
      villages: Number(values.villages),
      seed: Number(values.seed),
      ...(values['chunk-size'] ? { chunkSize: Number(values['chunk-size']) } : {}),
      onProgress(done, total) {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (done === total || performance.now() - lastReport > 5000) {
          lastReport = performance.now();
          process.stderr.write(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')}\n`);
        }
      },
    });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const seconds = summary.millis / 1000;
    const rows = 1 + summary.townships + summary.villages + summary.households + summary.residents;
    console.log(`database      ${fresh.label} (opened and migrated in ${((ready - opened) / 1000).toFixed(1)} s)`);
    console.log(`regions       1 county, ${summary.townships} townships, ${summary.villages} villages`);
    console.log(`households    ${summary.households.toLocaleString('en')}`);
    console.log(`residents     ${summary.residents.toLocaleString('en')}`);
    console.log(`rows          ${rows.toLocaleString('en')} in ${seconds.toFixed(1)} s`);
    console.log(`rows/second   ${Math.round(rows / seconds).toLocaleString('en')} (residents/second ${Math.round(summary.residents / seconds).toLocaleString('en')})`);
    console.log(`RSS           peak ${mb(peakRss)}, heap used ${mb(process.memoryUsage().heapUsed)}`);
  } finally {
    await fresh.dispose();
  }
}

await main();
