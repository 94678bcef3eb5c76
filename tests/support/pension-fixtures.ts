// An enrolled person with a contribution history written straight to the tables and posted through the ledger (one yearly premium per
// year, credited to the account by source), for the pension, payroll and death suites.
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { postContribution } from '../../src/modules/ledger/service.js';
import { NATIONAL_PARAMETERS } from '../../src/rules/index.js';
import type { TestApp } from './test-app.js';

let serial = 500;

export interface PersonSpec {
  readonly name: string;
  readonly birth: string;
  readonly village: string;
  /** Yearly premiums from `firstYear` (0 for none). */
  readonly years: number;
  readonly firstYear: number;
  /** Fen credited a year: the individual premium and the government subsidy (default 100.00 + 30.00). */
  readonly individual?: number;
  readonly subsidy?: number;
  readonly sex?: 'M' | 'F';
  readonly bankAccount?: string;
}

/** Inserts the resident, the enrolment and the premiums with their ledger entries; returns the resident id. */
export async function enrolledPerson(t: TestApp, p: PersonSpec): Promise<number> {
  const db = t.database.db;
  serial += 1;
  const individual = p.individual ?? 10000;
  const subsidy = p.subsidy ?? 3000;
  const r = await db
    .insertInto('resident')
    .values({ county_code: '370783', id_number: `370783${p.birth.replace(/-/g, '')}${serial}X`, name: p.name, sex: p.sex ?? 'F', birth_date: p.birth, village_code: p.village, household_id: 1, relation: '其他' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('enrolment')
    .values({ county_code: '370783', resident_id: r.id, village_code: p.village, identity: 'ordinary', first_month: '2010-01', payment_status: 'paying', bank_account: p.bankAccount ?? null })
    .execute();
  const staff = await db.selectFrom('staff_user').select('id').where('username', '=', t.users.account_manager).executeTakeFirstOrThrow();
  for (let year = p.firstYear; year < p.firstYear + p.years; year++) {
    const c = await db
      .insertInto('contribution')
      .values({
        county_code: '370783',
        resident_id: r.id,
        village_code: p.village,
        year,
        kind: 'yearly',
        tier: individual,
        identity: 'ordinary',
        individual,
        hardship_payment: 0,
        government_subsidy: subsidy,
        collective_subsidy: 0,
        sponsorship: 0,
        total_credited: individual + subsidy,
        paid_on: `${year}-03-15`,
        channel: 'bank',
        recorded_by: staff.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await postContribution(
      db,
      '370783',
      NATIONAL_PARAMETERS,
      { id: c.id, residentId: r.id, year, paidOn: `${year}-03-15`, channel: 'bank', individual, hardshipPayment: 0, governmentSubsidy: subsidy, collectiveSubsidy: 0, sponsorship: 0 },
      staff.id,
    );
  }
  return r.id;
}

/**
 * Sets the paid-through month (YYYY-MM, or null) of the pensions picked by `which` (all when empty): the narrow
 * pension_paid_through row the payroll moves (migration 0025), as the county's earlier system left it.
 */
export async function setPaidThrough(db: Kysely<DB>, month: string | null, which: { id?: number | undefined; ids?: readonly number[]; residentId?: number | undefined } = {}): Promise<void> {
  let pensions = db.selectFrom('pension').select('id');
  if ('id' in which) pensions = pensions.where('id', '=', which.id!);
  if (which.ids) pensions = pensions.where('id', 'in', which.ids.length > 0 ? [...which.ids] : [-1]);
  if ('residentId' in which) pensions = pensions.where('resident_id', '=', which.residentId!);
  await db.updateTable('pension_paid_through').set({ paid_through: month }).where('pension_id', 'in', pensions).execute();
}
