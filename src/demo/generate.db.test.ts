import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.js';
import type { DB } from '../db/schema.js';
import { openTestDatabase } from '../db/testing.js';
import { validateIdNumber } from '../rules/id-number.js';
import { DemoError, generateDemoCounty, type DemoCountySummary } from './generate.js';
import { DEMO_AS_OF } from './household.js';

const SIZE = { residents: 3000, villages: 20 } as const;
const SHOUGUANG_TOWNSHIPS = [
  ['370783001000', '圣城街道'], ['370783003000', '文家街道'], ['370783004000', '古城街道'], ['370783005000', '洛城街道'],
  ['370783006000', '孙家集街道'], ['370783100000', '化龙镇'], ['370783103000', '营里镇'], ['370783104000', '台头镇'],
  ['370783106000', '田柳镇'], ['370783108000', '上口镇'], ['370783109000', '侯镇'], ['370783111000', '纪台镇'],
  ['370783112000', '稻田镇'], ['370783115000', '羊口镇'],
];

/** md5 over every generated column of every row (created_at left out: it is the load time). */
async function digest(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ regions: string; households: string; residents: string }>`
    select
      (select md5(string_agg(concat_ws('|', code, county_code, level, name, parent_code), E'\n' order by code)) from region) as regions,
      (select md5(string_agg(concat_ws('|', county_code, id, village_code, household_no, address), E'\n' order by id)) from household) as households,
      (select md5(string_agg(concat_ws('|', county_code, id, id_number, name, sex, birth_date, ethnicity, village_code,
                                        household_id, relation, coalesce(phone, '-'), address), E'\n' order by id)) from resident) as residents`.execute(db);
  return JSON.stringify(rows[0]);
}

describe('generateDemoCounty', () => {
  let database: Database;
  let db: Kysely<DB>;
  let summary: DemoCountySummary;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    database = await openTestDatabase();
    db = database.db;
    summary = await generateDemoCounty(db, { ...SIZE, chunkSize: 1000, onProgress: (done, total) => progress.push([done, total]) });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('reports what it created and its progress', async () => {
    expect(summary).toMatchObject({ townships: 14, villages: 20, residents: 3000 });
    const counts = await sql<{ households: number; residents: number }>`
      select (select count(*) from household)::int as households, (select count(*) from resident)::int as residents`.execute(db);
    expect(counts.rows[0]).toEqual({ households: summary.households, residents: 3000 });
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toEqual([3000, 3000]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
  });

  it('creates the county and its 14 real towns and streets with their names', async () => {
    const county = await db.selectFrom('region').selectAll().where('level', '=', 'county').execute();
    expect(county.map((r) => [r.code, r.name, r.parent_code])).toEqual([['370783000000', '寿光市', null]]);
    const townships = await db.selectFrom('region').select(['code', 'name', 'parent_code']).where('level', '=', 'township').orderBy('code').execute();
    expect(townships.map((t) => [t.code, t.name])).toEqual(SHOUGUANG_TOWNSHIPS);
    expect(new Set(townships.map((t) => t.parent_code))).toEqual(new Set(['370783000000']));
  });

  it('spreads named villages over every township, unique within each', async () => {
    const villages = await db.selectFrom('region').select(['code', 'name', 'parent_code']).where('level', '=', 'village').execute();
    expect(villages).toHaveLength(20);
    for (const v of villages) {
      expect(v.parent_code).toBe(`${v.code.slice(0, 9)}000`);
      expect(v.name).toMatch(/村$/);
    }
    expect(new Set(villages.map((v) => v.parent_code)).size).toBe(14);
    expect(new Set(villages.map((v) => `${v.parent_code}${v.name}`)).size).toBe(20);
  });

  it('gives everyone a valid ID number that agrees with birth date and sex, unique in the county', async () => {
    const people = await db.selectFrom('resident').select(['id_number', 'sex', 'birth_date']).execute();
    for (const p of people) {
      const parsed = validateIdNumber(p.id_number, { today: DEMO_AS_OF });
      expect(parsed.ok, p.id_number).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.birthDate).toBe(p.birth_date);
      expect(parsed.sex).toBe(p.sex === 'M' ? 'male' : 'female');
      expect(parsed.areaCode.slice(0, 4)).toBe('3707');
    }
    expect(new Set(people.map((p) => p.id_number)).size).toBe(people.length);
    const local = people.filter((p) => p.id_number.startsWith('370783')).length / people.length;
    expect(local).toBeGreaterThan(0.9);
    expect(local).toBeLessThan(1);
  });

  it('gives every household exactly one head and 1 to 6 members in its own village', async () => {
    const { rows } = await sql<{ bad: number }>`
      select count(*)::int as bad from household h
      left join (
        select household_id, count(*) as members, count(*) filter (where relation = '户主') as heads,
               min(village_code) as village_code, max(village_code) as village_code2, min(address) as address, max(address) as address2
        from resident group by household_id
      ) m on m.household_id = h.id
      where m.household_id is null or m.heads <> 1 or m.members not between 1 and 6
         or m.village_code <> h.village_code or m.village_code2 <> h.village_code or m.address <> h.address or m.address2 <> h.address`.execute(db);
    expect(rows[0]!.bad).toBe(0);
  });

  it('writes addresses as county, township, village and house number', async () => {
    const { rows } = await sql<{ bad: number; sample: string }>`
      select count(*) filter (where h.address !~ ('^寿光市' || t.name || v.name || '[0-9]+号$'))::int as bad, min(h.address) as sample
      from household h join region v on v.code = h.village_code join region t on t.code = v.parent_code`.execute(db);
    expect(rows[0]!.bad).toBe(0);
    expect(rows[0]!.sample).toMatch(/^寿光市.+村\d+号$/);
  });

  it('has an older-heavy age structure with people turning 60 in every month of 2024', async () => {
    const { rows } = await sql<{ aged60: number; aged80: number; children: number; months2024: number }>`
      select avg((age(${DEMO_AS_OF}::date, birth_date) >= interval '60 years')::int)::float8 as aged60,
             avg((age(${DEMO_AS_OF}::date, birth_date) >= interval '80 years')::int)::float8 as aged80,
             avg((age(${DEMO_AS_OF}::date, birth_date) < interval '15 years')::int)::float8 as children,
             count(distinct extract(month from birth_date)) filter (where extract(year from birth_date) = 1964)::int as months2024
      from resident`.execute(db);
    const r = rows[0]!;
    expect(r.aged60).toBeGreaterThan(0.2);
    expect(r.aged60).toBeLessThan(0.4);
    expect(r.aged80).toBeGreaterThan(0.01);
    expect(r.children).toBeLessThan(0.2);
    expect(r.months2024).toBe(12);
  });

  it('gives most adults a mobile phone and children none', async () => {
    const { rows } = await sql<{ adults: number; children: number; bad: number }>`
      select avg((phone is not null)::int) filter (where birth_date <= date '2006-12-31')::float8 as adults,
             count(phone) filter (where birth_date > date '2006-12-31')::int as children,
             count(*) filter (where phone !~ '^1[3-9][0-9]{9}$')::int as bad
      from resident`.execute(db);
    expect(rows[0]!.adults).toBeGreaterThan(0.75);
    expect(rows[0]!.children).toBe(0);
    expect(rows[0]!.bad).toBe(0);
  });

  it('leaves the indexes, foreign keys and id sequences ready for normal use', async () => {
    const { rows } = await sql<{ indexname: string }>`select indexname from pg_indexes where tablename in ('resident', 'household')`.execute(db);
    expect(rows.map((r) => r.indexname)).toEqual(expect.arrayContaining(['resident_name', 'resident_birth', 'resident_village', 'household_village']));
    const constraints = await sql<{ conname: string }>`
      select conname from pg_constraint where contype in ('f', 'u') and conrelid in ('resident'::regclass, 'household'::regclass)`.execute(db);
    expect(constraints.rows.map((r) => r.conname).sort()).toEqual([
      'household_county_code_household_no_key',
      'household_village_code_fkey',
      'resident_county_code_household_id_fkey',
      'resident_county_code_id_number_key',
      'resident_village_code_fkey',
    ]);
    const next = await db
      .insertInto('household')
      .values({ county_code: '370783', village_code: '370783001001', household_no: 'test-next-id' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(next.id).toBe(summary.households + 1);
    await db.deleteFrom('household').where('household_no', '=', 'test-next-id').execute();
  });

  it('refuses to run again on a database that already has the county', async () => {
    const before = await digest(db);
    const error = await generateDemoCounty(db, SIZE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DemoError);
    expect((error as DemoError).code).toBe('DEMO_EXISTS');
    expect(await digest(db)).toBe(before);
  });

  it('produces identical data for the same seed and sizes (with or without bulk-load mode), different data for another seed', async () => {
    const first = await digest(db);
    for (const [seed, same] of [[undefined, true], [7, false]] as const) {
      const other = await openTestDatabase();
      try {
        await generateDemoCounty(other.db, { ...SIZE, bulkLoad: !same, ...(seed === undefined ? {} : { seed }) });
        if (same) expect(await digest(other.db)).toBe(first);
        else expect(await digest(other.db)).not.toBe(first);
      } finally {
        await other.close();
      }
    }
  });

  it('rejects impossible sizes with a coded error', async () => {
    await expect(generateDemoCounty(db, { residents: -1 })).rejects.toMatchObject({ code: 'DEMO_OPTIONS' });
    await expect(generateDemoCounty(db, { villages: 0 })).rejects.toMatchObject({ code: 'DEMO_OPTIONS' });
  });
});
