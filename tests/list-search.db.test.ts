// Lists at scale (issue 13 part 3): the ID-number search by the column's index (no cast; the typed value normalised,
// a lower-case x too), the name search by the trigram index, the count capped at 1,000 with the exact figure on
// demand, and the page read in village, household, person order. Plans are checked with sequential scans off.
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../src/db/schema.js';
import { idNumberMatch, nameContains, nextDigitPrefix, personSearch } from '../src/db/search.js';
import { enrolledPerson } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let director: Session;
let coord: Session;

/** Bulk residents: 10,050 people in the sibling village, 3 to a household (ids 1001…11050). */
const BULK = 10_050;

/** The bulk person g's ID number: born 1950-01-01 plus g÷500 days, sequence g mod 500, check X when g mod 7 is 0. */
function bulkId(g: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(g / 500) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `370783${birth}${String(g % 500).padStart(3, '0')}${g % 7 === 0 ? 'X' : String(g % 10)}`;
}

beforeAll(async () => {
  t = await createTestApp();
  director = await t.signIn(t.users.county_director);
  coord = await t.signIn(t.users.village_coordinator);
  const db = t.database.db;
  await sql`insert into household (county_code, id, village_code, household_no)
    select '370783', 1000 + h, ${HOME.siblingVillage}, 'B' || h from generate_series(1, ${Math.ceil(BULK / 3)}::int) h`.execute(db);
  // Names: 欧阳小明 for g ≡ 7 (mod 1000), 居民<g> otherwise.
  await sql`insert into resident (county_code, id, id_number, name, sex, birth_date, village_code, household_id, relation)
    select '370783', 1000 + g,
      '370783' || to_char(date '1950-01-01' + g / 500, 'YYYYMMDD') || lpad((g % 500)::text, 3, '0') || case when g % 7 = 0 then 'X' else (g % 10)::text end,
      case when g % 1000 = 7 then '欧阳小明' else '居民' || g end,
      'M', date '1950-01-01' + g / 500, ${HOME.siblingVillage}, 1000 + (g + 2) / 3, '户主'
    from generate_series(1, ${BULK}::int) g`.execute(db);
  await sql`analyze resident`.execute(db);
});
afterAll(async () => {
  await t.close();
});

interface Page {
  items: { id: number; name: string; idNumberMasked: string; villageCode: string; householdNo: string }[];
  total: number;
  totalExact: boolean;
}

async function list(session: Session, query: string): Promise<Page> {
  const res = await session.get(`/api/residents?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

describe('the ID-number search', () => {
  it('finds a whole number typed with a lower-case x, and a start of digits, exactly', async () => {
    // g = 7·1000 = 7000: born 1950-01-01 + 14 days = 1950-01-15, sequence 000, check X.
    expect(bulkId(7000)).toBe('37078319500115000X');
    const one = await list(director, 'q=37078319500115000x');
    expect(one.items.map((r) => r.id)).toEqual([8000]);
    expect(one).toMatchObject({ total: 1, totalExact: true });
    // The start 3707831950011500 (16 digits): sequences 000–009 of 1950-01-15, i.e. g = 7000…7009.
    const start = await list(director, 'q=3707831950011500&pageSize=50');
    expect(start.items.map((r) => r.id).sort((a, b) => a - b)).toEqual([8000, 8001, 8002, 8003, 8004, 8005, 8006, 8007, 8008, 8009]);
    expect(start.total).toBe(10);
    // A start ending in 9 (range to …0 of the next digit up): 37078319500115049 → sequence 049 only (g = 7049).
    const nine = await list(director, 'q=37078319500115049');
    expect(nine.items.map((r) => r.id)).toEqual([8049]);
    // The fixture's own head of household 1 (ID ending in X), typed in lower case.
    expect((await list(director, 'q=37078319550101111x')).items.map((r) => r.name)).toEqual(['户主1']);
    // Nothing for an X before the 18th character, nor for another county's number.
    expect((await list(director, 'q=3707831950x')).total).toBe(0);
    expect((await list(director, 'q=370781199002021220')).total).toBe(0);
  });

  it('works out the range above a start of digits', () => {
    expect(nextDigitPrefix('370783')).toBe('370784');
    expect(nextDigitPrefix('37078319')).toBe('3707832');
    expect(nextDigitPrefix('3799')).toBe('38');
    expect(nextDigitPrefix('999')).toBeUndefined();
  });
});

describe('the name search', () => {
  it('finds a part of the name, of three characters or of two', async () => {
    // 欧阳小明: g = 7, 1007, …, 10007 → ids 1007, 2007, …, 11007 (11 people).
    const ids = Array.from({ length: 11 }, (_, i) => 1007 + i * 1000);
    const three = await list(director, 'q=阳小明&pageSize=50');
    expect(three.items.map((r) => r.id)).toEqual(ids);
    expect(three.total).toBe(11);
    expect((await list(director, `q=${encodeURIComponent('小明')}&pageSize=50`)).items.map((r) => r.id)).toEqual(ids);
    // 居民123 is in 居民123 and 居民1230…居民1239: 11 people, in household order.
    const digits = await list(director, `q=${encodeURIComponent('居民123')}&pageSize=50`);
    expect(digits.items.map((r) => r.name)).toEqual(['居民123', ...Array.from({ length: 10 }, (_, i) => `居民123${i}`)]);
    // % and _ are letters, not wildcards.
    expect((await list(director, `q=${encodeURIComponent('居民_23')}`)).total).toBe(0);
  });
});

describe('the count and the pages', () => {
  it('stops counting past 1,000 unless asked, and counts exactly below it', async () => {
    // The home county: 8 fixture residents and 10,050 bulk ones.
    const first = await list(director, 'page=1');
    expect(first).toMatchObject({ total: 1_000, totalExact: false });
    expect((await list(director, 'page=1&count=exact')).total).toBe(10_058);
    // The village coordinator sees the home village only: 2 people, counted exactly.
    expect(await list(coord, 'page=1')).toMatchObject({ total: 2, totalExact: true });
    // The sibling village, asked exactly: its fixture household of 2 and the 10,050.
    expect((await list(director, `regionCode=${HOME.siblingVillage}&count=exact`)).total).toBe(10_052);
    // 居民1…: 居民1, 居民10–19, 100–199, 1000–1999, 10000–10050 (1,162) less 居民1007 and 居民10007 (欧阳小明) = 1,160.
    const named = `q=${encodeURIComponent('居民1')}`;
    expect(await list(director, named)).toMatchObject({ total: 1_000, totalExact: false });
    expect(await list(director, `${named}&count=exact`)).toMatchObject({ total: 1_160, totalExact: true });
    // The pages past the cap still read: page 51 of 20 is people 1,001–1,020 of the county.
    const past = await list(director, 'page=51&pageSize=20');
    expect(past.items.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => 1997 + i));
  });

  it('pages in village, household, person order', async () => {
    const first = await list(director, 'page=1&pageSize=20');
    // Home village (household H1: ids 1, 2), then the sibling village: its fixture household H2 (ids 3, 4), then B1…
    expect(first.items.slice(0, 5).map((r) => r.id)).toEqual([1, 2, 3, 4, 1001]);
    expect(first.items.slice(4).map((r) => r.householdNo)).toEqual(['B1', 'B1', 'B1', 'B2', 'B2', 'B2', 'B3', 'B3', 'B3', 'B4', 'B4', 'B4', 'B5', 'B5', 'B5', 'B6']);
    const third = await list(director, 'page=3&pageSize=20');
    // Page 3 starts at the 41st person: 4 fixture people before the bulk, so bulk g = 37 (id 1037).
    expect(third.items[0]!.id).toBe(1037);
    expect(third.items.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => 1037 + i));
  });
});

/** The plan of `query` (compiled with its parameters), with sequential scans off. */
async function planOf(db: Kysely<DB>, query: { compile(): CompiledQuery }): Promise<string> {
  const compiled = query.compile();
  return db.connection().execute(async (conn) => {
    await sql`set enable_seqscan = off`.execute(conn);
    try {
      const { rows } = await conn.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]));
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await sql`reset enable_seqscan`.execute(conn);
    }
  });
}

describe('the plans', () => {
  it('answers the ID search by the ID number index and the name search by the trigram index', async () => {
    const db = t.database.db;
    const byId = (typed: string) => db.selectFrom('resident as p').select('p.id').where(idNumberMatch('p.id_number', typed));
    const whole = await planOf(db, byId('37078319500115000x'));
    expect(whole).toMatch(/Index (Only )?Scan using (resident_id_number|resident_county_code_id_number_key)/);
    expect(whole).not.toMatch(/::text/);
    expect(await planOf(db, byId('3707831950011500'))).toMatch(/Index (Only )?Scan using (resident_id_number|resident_county_code_id_number_key)/);
    const byName = await planOf(db, db.selectFrom('resident as p').select('p.id').where(nameContains('p.name', '阳小明')));
    expect(byName).toMatch(/Bitmap Index Scan on resident_name_trgm/);
    // The application list's names have their own trigram index.
    const applications = await planOf(db, db.selectFrom('enrolment_application as a').select('a.id').where(personSearch('a.id_number', 'a.name', '阳小明')));
    expect(applications).toMatch(/Bitmap Index Scan on enrolment_application_name_trgm/);
  });
});

// Last: the person it adds would change the counts above.
describe('the other lists', () => {
  it('finds the same way in the other lists (contributions here)', async () => {
    // An enrolled person born 1961-03-04 paying 2020 and 2021 (the fixture's ID ends in X).
    const id = await enrolledPerson(t, { name: '缴费乙', birth: '1961-03-04', village: HOME.village, years: 2, firstYear: 2020 });
    const { id_number: idNumber } = await t.database.db.selectFrom('resident').select('id_number').where('id', '=', id).executeTakeFirstOrThrow();
    expect(idNumber).toMatch(/^37078319610304\d{3}X$/);
    const years = async (q: string) => {
      const res = await director.get(`/api/contributions?q=${q}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { residentId: number; year: number }[]; total: number };
      return { total: body.total, years: body.items.filter((r) => r.residentId === id).map((r) => r.year).sort() };
    };
    expect(await years(idNumber.toLowerCase())).toEqual({ total: 2, years: [2020, 2021] });
    expect(await years(idNumber.slice(0, 14))).toEqual({ total: 2, years: [2020, 2021] });
    expect(await years(encodeURIComponent('缴费乙'))).toEqual({ total: 2, years: [2020, 2021] });
  });
});
