/**
 * Pension award and payroll on a demo county: a fresh database with the demo county of N residents
 * (enrolment, contribution history, pensions paid up to last month), then timed: the list due for
 * award over the next three months, the award of everyone eligible in it, and this month's payroll
 * (one line per pension, account debits by source).
 *
 *   npx tsx bench/pensions.ts [--residents 60000] [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 */
import { parseArgs } from 'node:util';
import { migrate } from '../src/db/migrate.js';
import { createDemoContributions } from '../src/demo/demo-contributions.js';
import { createDemoEnrolment } from '../src/demo/demo-enrolment.js';
import { createDemoPensions } from '../src/demo/demo-pensions.js';
import { createDemoStaff } from '../src/demo/demo-staff.js';
import { generateDemoCounty } from '../src/demo/generate.js';
import { chinaToday } from '../src/http/clock.js';
import { SYSTEM_ACTOR } from '../src/modules/audit/service.js';
import { getPayroll, queuePayroll, runPayrollJob } from '../src/modules/pensions/payroll.js';
import { awardPensions, dueForAward } from '../src/modules/pensions/service.js';
import { ensureDivisions } from '../src/modules/regions/reference.js';
import { addMonths, formatYuan, NATIONAL_PARAMETERS } from '../src/rules/index.js';
import { freshDatabase } from './fresh-db.js';

const { values } = parseArgs({ options: { residents: { type: 'string', default: '60000' }, 'database-url': { type: 'string' } } });
const residents = Number(values.residents);

async function timed<T>(label: string, work: () => Promise<T>, describe: (r: T) => string): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`${label.padEnd(34)} ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s   ${describe(result)}`);
  return result;
}

async function main(): Promise<void> {
  const fresh = await freshDatabase(values['database-url']);
  const { db } = fresh.database;
  const today = chinaToday();
  const scope = { countyCode: '370783', scopePrefix: '370783', parameters: NATIONAL_PARAMETERS, schemeStartDate: '2009-09-01' };
  console.log(`${fresh.label}, ${residents.toLocaleString('en')} residents, today ${today}`);
  try {
    await migrate(db);
    await ensureDivisions(db);
    await timed('regions, households, residents', () => generateDemoCounty(db, { residents }), (r) => `${r.residents.toLocaleString('en')} residents`);
    await createDemoStaff(db);
    await timed('enrolment', () => createDemoEnrolment(db, '370783', today), (r) => `${r.enrolled.toLocaleString('en')} enrolled`);
    await timed('contribution history', () => createDemoContributions(db, '370783', today, NATIONAL_PARAMETERS, '2009-09-01'), (r) => `${r.contributions.toLocaleString('en')} contributions`);
    await timed('pensions started by this month', () => createDemoPensions(db, scope, today), (r) => `${r.pensions.toLocaleString('en')} awarded, ${r.waiting} short of 15 years`);
    const month = addMonths(today.slice(0, 7), 3);
    await timed(`list due by ${month}`, () => dueForAward(db, scope, { month }), (r) => `${r.summary.people} people, ${r.summary.eligible} eligible`);
    const reviewer = await db.selectFrom('staff_user').select('id').where('username', '=', 'reviewer').executeTakeFirstOrThrow();
    await timed(`award everyone due by ${month}`, () => awardPensions(db, { ...SYSTEM_ACTOR, userId: reviewer.id }, scope, { month }), (r) => `${r.awarded} awarded (${formatYuan(r.monthlyTotal, 'zh-CN')} a month), ${r.refused.length} refused`);
    const payroll = await queuePayroll(db, SYSTEM_ACTOR, '370783', today.slice(0, 7), today);
    await timed(`payroll ${payroll.month}`, () => runPayrollJob(db, payroll.jobId, NATIONAL_PARAMETERS), (j) => `${j.total.toLocaleString('en')} pensions`);
    const t = (await getPayroll(db, '370783', payroll.month)).totals;
    console.log(`${''.padEnd(34)}          ${t.lines.toLocaleString('en')} payments, ${formatYuan(t.amount, 'zh-CN')} yuan (account ${formatYuan(t.fromAccount, 'zh-CN')})`);
  } finally {
    await fresh.dispose();
  }
}

await main();
