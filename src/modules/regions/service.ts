import { sql, type Kysely } from 'kysely';
import type { DB, RegionLevel, RegionRow } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { parentRegionCode, regionScopePrefix } from '../../rules/region-code.js';

export interface Region {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  readonly parentCode: string | null;
}

export interface RegionNode extends Region {
  children?: RegionNode[];
}

function toRegion(row: Pick<RegionRow, 'code' | 'name' | 'level' | 'parent_code'>): Region {
  return { code: row.code, name: row.name, level: row.level, parentCode: row.parent_code };
}

export async function findRegion(db: Kysely<DB>, code: string): Promise<Region | undefined> {
  const row = await db.selectFrom('region').select(['code', 'name', 'level', 'parent_code']).where('code', '=', code).executeTakeFirst();
  return row ? toRegion(row) : undefined;
}

export async function getRegion(db: Kysely<DB>, code: string): Promise<Region> {
  const region = await findRegion(db, code);
  if (!region) throw new AppError('REGION_NOT_FOUND', 404, { params: { region: code } });
  return region;
}

/** The region and its ancestors, county first. */
export async function regionPath(db: Kysely<DB>, code: string): Promise<Region[]> {
  const codes: string[] = [];
  for (let c: string | undefined = code; c; c = parentRegionCode(c)) codes.unshift(c);
  const rows = await db.selectFrom('region').select(['code', 'name', 'level', 'parent_code']).where('code', 'in', codes).execute();
  const byCode = new Map(rows.map((r) => [r.code, toRegion(r)]));
  return codes.flatMap((c) => byCode.get(c) ?? []);
}

/** The region with everything below it, as a tree (one query). */
export async function regionTree(db: Kysely<DB>, rootCode: string): Promise<RegionNode> {
  const rows = await db
    .selectFrom('region')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('code', 'like', `${regionScopePrefix(rootCode)}%`)
    .orderBy('code')
    .execute();
  const nodes = new Map<string, RegionNode>(rows.map((r) => [r.code, toRegion(r)]));
  const root = nodes.get(rootCode);
  if (!root) throw new AppError('REGION_NOT_FOUND', 404, { params: { region: rootCode } });
  for (const row of rows) {
    if (row.code === rootCode || !row.parent_code) continue;
    const parent = nodes.get(row.parent_code);
    if (parent) (parent.children ??= []).push(nodes.get(row.code)!);
  }
  return root;
}

export interface RegionCounts {
  readonly townships: number;
  readonly villages: number;
  readonly households: number;
  readonly residents: number;
  readonly residentsAged60Plus: number;
  readonly staff: number;
  readonly byChild: { code: string; name: string; residents: number }[];
}

/** Counts inside a region; `asOf` decides who is 60 or older. */
export async function regionCounts(db: Kysely<DB>, code: string, asOf: string): Promise<RegionCounts> {
  const prefix = `${regionScopePrefix(code)}%`;
  const sixtiethBirthday = sql<string>`(${asOf}::date - interval '60 years')::date`;
  const [levels, households, residents, staff, byChild] = await Promise.all([
    db
      .selectFrom('region')
      .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
      .where('code', 'like', prefix)
      .groupBy('level')
      .execute(),
    db.selectFrom('household').select((eb) => eb.fn.countAll<number>().as('n')).where('village_code', 'like', prefix).executeTakeFirstOrThrow(),
    db
      .selectFrom('resident')
      .select([
        (eb) => eb.fn.countAll<number>().as('n'),
        sql<number>`count(*) filter (where birth_date <= ${sixtiethBirthday})`.as('old'),
      ])
      .where('village_code', 'like', prefix)
      .executeTakeFirstOrThrow(),
    db.selectFrom('staff_user').select((eb) => eb.fn.countAll<number>().as('n')).where('region_code', 'like', prefix).where('disabled', '=', false).executeTakeFirstOrThrow(),
    childResidentCounts(db, code),
  ]);
  const level = (l: string) => levels.find((r) => r.level === l)?.n ?? 0;
  return {
    townships: level('township'),
    villages: level('village'),
    households: households.n,
    residents: residents.n,
    residentsAged60Plus: residents.old,
    staff: staff.n,
    byChild,
  };
}

async function childResidentCounts(db: Kysely<DB>, code: string) {
  const prefixLength = regionScopePrefix(code).length;
  if (prefixLength === 12) return [];
  // Children of a county are townships (9-digit prefix), of a township villages (12 digits).
  const childLength = prefixLength === 6 ? 9 : 12;
  const rows = await sql<{ code: string; name: string; residents: number }>`
    select c.code, c.name, coalesce(n.residents, 0)::int8 as residents
    from region c
    left join (
      select substr(village_code, 1, ${childLength}) as prefix, count(*) as residents
      from resident
      where village_code like ${`${regionScopePrefix(code)}%`}
      group by 1
    ) n on n.prefix = substr(c.code, 1, ${childLength})
    where c.parent_code = ${code}
    order by c.code`.execute(db);
  return rows.rows;
}
