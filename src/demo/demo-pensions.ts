/**
 * Pensions for the demo county: everyone enrolled whose pension started by this month is awarded, as the
 * county would have done month by month, through the same award as the web page (one audit row for
 * the whole demo). People turning 60 this month are left in the list due for next month's award, and those short
 * of 15 years wait there until they back-pay. Pensions are taken as paid by the county's earlier system up to
 * two months ago; last month's payroll is generated here by the payroll job and went through the bank (every
 * line paid), so the payroll page, the payment history and a death's recovery have real lines to show; this
 * month's payroll is the first one for the user to run.
 */
import { sql, type Kysely } from 'kysely';
import { addMonths } from '../rules/index.js';
import type { DB } from '../db/schema.js';
import { AppError } from '../errors/app-error.js';
import { recordAudit, SYSTEM_ACTOR } from '../modules/audit/service.js';
import { awardPensions, type PensionScope } from '../modules/pensions/service.js';
import { queuePayroll, runPayrollJob } from '../modules/pensions/payroll.js';

export async function createDemoPensions(db: Kysely<DB>, scope: PensionScope, today: string): Promise<{ pensions: number; waiting: number }> {
  const reviewer = await db.selectFrom('staff_user').select(['id', 'role', 'region_code']).where('username', '=', 'reviewer').executeTakeFirst();
  if (!reviewer) return { pensions: 0, waiting: 0 };
  // Township by township (a county-wide list is capped), village by village where a township is too big.
  const actor = { ...SYSTEM_ACTOR, userId: reviewer.id, username: 'demo', role: reviewer.role, regionCode: reviewer.region_code };
  const award = (prefix: string) => awardPensions(db, actor, { ...scope, scopePrefix: prefix }, { month: today.slice(0, 7) }, 'zh-CN', { audit: 'none' });
  const townships = await db.selectFrom('region').select('code').where('county_code', '=', scope.countyCode).where('level', '=', 'township').orderBy('code').execute();
  let awarded = 0;
  let waiting = 0;
  for (const t of townships) {
    const outcomes = [];
    try {
      outcomes.push(await award(t.code.slice(0, 9)));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'PENSION_DUE_TOO_MANY')) throw error;
      const villages = await db.selectFrom('region').select('code').where('parent_code', '=', t.code).orderBy('code').execute();
      for (const v of villages) outcomes.push(await award(v.code));
    }
    for (const o of outcomes) {
      awarded += o.awarded;
      waiting += o.refused.length;
    }
  }
  await recordAudit(db, actor, { action: 'pension.award_batch', entity: 'pension', entityId: today.slice(0, 7), regionCode: `${scope.countyCode}000000`, after: { month: today.slice(0, 7), awarded, waiting, demo: true } });
  // The county's earlier system paid these pensions up to two months ago; last month's payroll ran here and was paid.
  const lastMonth = addMonths(today.slice(0, 7), -1);
  const earlier = addMonths(lastMonth, -1);
  await db.updateTable('pension').set({ paid_through: earlier }).where('county_code', '=', scope.countyCode).where('start_month', '<=', earlier).execute();
  const payroll = await queuePayroll(db, actor, scope.countyCode, lastMonth, today);
  await runPayrollJob(db, payroll.jobId, scope.parameters);
  const at = new Date(`${lastMonth}-10T02:00:00Z`);
  await db
    .updateTable('payroll')
    .set({ status: 'settled', approved_by: reviewer.id, approved_at: at, bank_file_at: at, settled_by: reviewer.id, settled_at: at })
    .where('county_code', '=', scope.countyCode)
    .where('month', '=', lastMonth)
    .execute();
  await db.updateTable('pension_payment').set({ status: 'paid' }).where('county_code', '=', scope.countyCode).where('month', '=', lastMonth).execute();
  // Certified at some day of the past year and a half-month: a few are overdue for the demo's 资格认证 list.
  await sql`
    update pension p set last_certified_on = ${today}::date - (('x' || substr(md5(r.id_number || 'cert'), 1, 6))::bit(24)::int % 380)
    from resident r
    where r.county_code = p.county_code and r.id = p.resident_id and p.county_code = ${scope.countyCode}
      and p.start_month <= ${lastMonth}`.execute(db);
  return { pensions: awarded, waiting };
}
