/**
 * The demo county's history after its population is generated (issue 10: a demo that shows every feature):
 * enrolment with applications at each step, contributions since the scheme start, interest posted for every
 * year up to last year by the real interest job, pensions awarded and the last three months paid through
 * the real payroll (with failures in a bank return), a few deaths settled, and the fund's sweeps, subsidy
 * receipts and allocations. Every step goes through the modules' own services, so `verify ledger` and
 * `verify audit` pass on the result.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { SYSTEM_ACTOR, type AuditActor } from '../modules/audit/service.js';
import { queueInterestJob, runInterestJob } from '../modules/accounts/interest-job.js';
import { registerDeath } from '../modules/pensions/death.js';
import type { PensionScope } from '../modules/pensions/service.js';
import { addMonths, interestPeriod } from '../rules/index.js';
import { createDemoArchives } from './demo-archives.js';
import { createDemoContributions } from './demo-contributions.js';
import { createDemoEnrolment } from './demo-enrolment.js';
import { createDemoIndicators } from './demo-indicators.js';
import { createDemoFund } from './demo-fund.js';
import { createDemoPensions } from './demo-pensions.js';

export interface DemoActivitySummary {
  readonly enrolled: number;
  readonly applications: number;
  readonly contributions: number;
  readonly interestYears: number;
  readonly pensions: number;
  readonly waiting: number;
  readonly payrolls: number;
  readonly failedPayments: number;
  readonly deaths: number;
  readonly sweeps: number;
  readonly receipts: number;
  readonly allocations: number;
  readonly archives: number;
  readonly loans: number;
  readonly scans: number;
  /** Friday snapshots of the management indicators kept for the year. */
  readonly indicatorSnapshots: number;
}

/** Named steps in order, for progress lines while the demo loads. */
export const DEMO_ACTIVITY_STEPS = ['enrolment', 'contributions', 'interest', 'pensions', 'deaths', 'fund', 'archives', 'indicators'] as const;
export type DemoStep = (typeof DEMO_ACTIVITY_STEPS)[number];

/**
 * Builds the demo history for `scope` as of `today` (China date, YYYY-MM-DD) on a county whose regions,
 * population and demo staff exist. `onStep` is called before each step. Takes about as long again as
 * generating the population. `interestThrough`: post interest only up to that year (tests that post the next one).
 */
export async function createDemoActivity(
  db: Kysely<DB>,
  scope: PensionScope,
  today: string,
  onStep?: (step: DemoStep) => void,
  options: { readonly interestThrough?: number } = {},
): Promise<DemoActivitySummary> {
  onStep?.('enrolment');
  const enrolment = await createDemoEnrolment(db, scope.countyCode, today);
  onStep?.('contributions');
  const paid = await createDemoContributions(db, scope.countyCode, today, scope.parameters, scope.schemeStartDate);
  // Interest of the years that end before the payrolls run here (so the awards see it), the rest after them.
  onStep?.('interest');
  const firstPayrollDay = `${addMonths(today.slice(0, 7), -3)}-01`;
  let interestYears = await createDemoInterest(db, scope, today, firstPayrollDay, options.interestThrough);
  onStep?.('pensions');
  const pensions = await createDemoPensions(db, scope, today);
  interestYears += await createDemoInterest(db, scope, today, today, options.interestThrough);
  onStep?.('deaths');
  // A settlement pays out the balance as it stands: the deaths come once every past year's interest is in.
  const lastYear = Number(today.slice(0, 4)) - 1;
  const deaths = options.interestThrough === undefined || options.interestThrough >= lastYear ? await createDemoDeaths(db, scope, today) : 0;
  onStep?.('fund');
  const fund = await createDemoFund(db, scope.countyCode, today);
  onStep?.('archives');
  const archives = await createDemoArchives(db, scope.countyCode, today);
  onStep?.('indicators');
  const indicators = await createDemoIndicators(db, scope.countyCode, today);
  return { ...enrolment, contributions: paid.contributions, interestYears, ...pensions, deaths, ...fund, ...archives, indicatorSnapshots: indicators.snapshots };
}

async function staffActor(db: Kysely<DB>, username: string): Promise<(AuditActor & { userId: number }) | null> {
  const u = await db.selectFrom('staff_user').select(['id', 'username', 'role', 'region_code']).where('username', '=', username).executeTakeFirst();
  return u ? { ...SYSTEM_ACTOR, userId: u.id, username: u.username, role: u.role, regionCode: u.region_code } : null;
}

/**
 * Posts, by the interest job, every year from the scheme start whose interest period ended before
 * `before` and that is not posted yet, up to `through` (a year) when given. Returns the years posted.
 */
export async function createDemoInterest(db: Kysely<DB>, scope: PensionScope, today: string, before: string, through?: number): Promise<number> {
  const actor = await staffActor(db, 'accounts');
  if (!actor) return 0;
  const done = new Set(
    (await db.selectFrom('job').select('period').where('county_code', '=', scope.countyCode).where('kind', '=', 'interest').where('status', '=', 'done').execute()).map((j) => Number(j.period)),
  );
  let posted = 0;
  for (let year = Number(scope.schemeStartDate.slice(0, 4)); ; year++) {
    const { periodEnd } = interestPeriod(year, scope.parameters);
    if (periodEnd >= before || periodEnd >= today || (through !== undefined && year > through)) break;
    if (done.has(year)) continue;
    const job = await queueInterestJob(db, actor, scope.countyCode, year, today, scope.parameters);
    await runInterestJob(db, job.id, scope.parameters, { chunkSize: 5000 });
    posted += 1;
  }
  return posted;
}

/**
 * A few deaths reported in the last months, as the reviewer records them: three pensioners (one died two
 * months ago, so a paid month is to be recovered) and two contributors (their accounts go to the heirs).
 * The people are the same every time (the lowest ids of each kind in the county's last township).
 */
async function createDemoDeaths(db: Kysely<DB>, scope: PensionScope, today: string): Promise<number> {
  const actor = await staffActor(db, 'reviewer');
  if (!actor) return 0;
  const lastTownship = await db.selectFrom('region').select('code').where('county_code', '=', scope.countyCode).where('level', '=', 'township').orderBy('code', 'desc').executeTakeFirst();
  if (!lastTownship) return 0;
  const prefix = lastTownship.code.slice(0, 9);
  const pensioners = await db
    .selectFrom('pension as p')
    .innerJoin('enrolment as e', (j) => j.onRef('e.county_code', '=', 'p.county_code').onRef('e.resident_id', '=', 'p.resident_id'))
    .select('p.resident_id')
    .where('p.county_code', '=', scope.countyCode)
    .where('e.village_code', 'like', `${prefix}%`)
    .where('e.status', '=', 'normal')
    .orderBy('p.resident_id')
    .limit(3)
    .execute();
  const payers = await db
    .selectFrom('enrolment')
    .select('resident_id')
    .where('county_code', '=', scope.countyCode)
    .where('village_code', 'like', `${prefix}%`)
    .where('status', '=', 'normal')
    .where('payment_status', '=', 'paying')
    .orderBy('resident_id')
    .limit(2)
    .execute();
  const thisMonth = today.slice(0, 7);
  const deaths = [
    ...pensioners.map((p, i) => ({ residentId: p.resident_id, deathDate: `${addMonths(thisMonth, -2 + (i === 0 ? 0 : 1))}-0${3 + i}` })),
    ...payers.map((p, i) => ({ residentId: p.resident_id, deathDate: `${addMonths(thisMonth, -1)}-1${i}` })),
  ].filter((d) => d.deathDate <= today);
  for (const d of deaths) {
    await registerDeath(db, actor, { countyCode: scope.countyCode, scopePrefix: scope.countyCode, parameters: scope.parameters }, Number(d.residentId), { deathDate: d.deathDate, note: '村协办员报告（示例数据）' }, today);
  }
  return deaths.length;
}
