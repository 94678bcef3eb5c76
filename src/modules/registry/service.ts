import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface ResidentSummary {
  readonly id: number;
  /** Masked: area code and the last four characters only (the full number is shown on the person's own page). */
  readonly idNumberMasked: string;
  readonly name: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly relation: string;
  readonly householdNo: string;
}

export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;
}

export interface ResidentFilter {
  readonly scopePrefix: string;
  readonly q?: string | undefined;
  readonly page: number;
  readonly pageSize: number;
}

export async function listResidents(db: Kysely<DB>, filter: ResidentFilter): Promise<{ items: ResidentSummary[]; total: number }> {
  let query = db
    .selectFrom('resident as p')
    .innerJoin('region as v', 'v.code', 'p.village_code')
    .innerJoin('household as h', (join) => join.onRef('h.county_code', '=', 'p.county_code').onRef('h.id', '=', 'p.household_id'))
    .where('p.village_code', 'like', `${filter.scopePrefix}%`);
  const q = filter.q?.trim();
  if (q) {
    // An ID number (or its start) is looked up exactly; anything else matches the name.
    query = /^\d{6,17}[\dXx]?$/.test(q) ? query.where('p.id_number', 'like', `${q.toUpperCase()}%`) : query.where('p.name', 'like', `%${q.replace(/[%_\\]/g, '\\$&')}%`);
  }
  const [rows, count] = await Promise.all([
    query
      .select(['p.id', 'p.id_number', 'p.name', 'p.sex', 'p.birth_date', 'p.village_code', 'v.name as village_name', 'p.relation', 'h.household_no'])
      .orderBy('p.village_code')
      .orderBy('p.household_id')
      .orderBy('p.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      idNumberMasked: maskIdNumber(r.id_number),
      name: r.name,
      sex: r.sex,
      birthDate: r.birth_date,
      villageCode: r.village_code,
      villageName: r.village_name,
      relation: r.relation,
      householdNo: r.household_no,
    })),
    total: count.total,
  };
}
