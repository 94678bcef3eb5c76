/**
 * The demo county (演示县): Shouguang 寿光市 with its 14 real towns and streets, invented villages,
 * households and residents with valid ID numbers. Deterministic (seeded PRNG, no clock in the data)
 * and set-based: rows are built in JS in chunks and each chunk goes in as one INSERT … SELECT FROM
 * unnest(…), all in one transaction.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { deferConstraints } from './bulk-load.js';
import { layOutCounty, realTownships, type DemoCountyLayout } from './county-layout.js';
import { drawHousehold } from './household.js';
import { drawPhone, IdNumberAllocator } from './identity.js';
import { DemoRandom, WeightedTable } from './random.js';

export interface DemoCountyOptions {
  /** About this many residents (exactly this many, in fact). Default 25,000. */
  readonly residents?: number;
  /** Villages spread over the townships. Default 150. */
  readonly villages?: number;
  /** Same seed and sizes → byte-identical data. Default 20091001 (the scheme's pilot start). */
  readonly seed?: number;
  /** A county with townships in reference/regions (default Shouguang, 370783). */
  readonly countyCode?: string;
  /** Residents per INSERT statement (tuning; default measured on PGlite and PostgreSQL). */
  readonly chunkSize?: number;
  /** Drop secondary indexes and foreign keys of the empty tables during the load (default true; see ./bulk-load.ts). */
  readonly bulkLoad?: boolean;
  /** Called after each chunk of residents is inserted. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface DemoCountySummary {
  readonly townships: number;
  readonly villages: number;
  readonly households: number;
  readonly residents: number;
  readonly millis: number;
}

export const DEMO_DEFAULTS = { residents: 25_000, villages: 150, seed: 20_091_001, countyCode: '370783', chunkSize: 25_000 } as const;
/** Upper bounds on the size of a demo county (keep a typo from filling the disk; the seed document counts 971 administrative villages in Shouguang). */
const MAX_RESIDENTS = 10_000_000;
const MAX_VILLAGES = 5000;

export type DemoErrorCode = 'DEMO_EXISTS' | 'DEMO_OPTIONS' | 'DEMO_COUNTY_UNKNOWN';

export class DemoError extends Error {
  override readonly name = 'DemoError';
  constructor(
    readonly code: DemoErrorCode,
    message: string,
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
  }
}

function integerOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new DemoError('DEMO_OPTIONS', `${name} must be an integer from ${min} to ${max}, got ${value}`, { name, value });
  }
  return value;
}

export async function generateDemoCounty(db: Kysely<DB>, options: DemoCountyOptions = {}): Promise<DemoCountySummary> {
  const started = performance.now();
  const residents = integerOption('residents', options.residents ?? DEMO_DEFAULTS.residents, 0, MAX_RESIDENTS);
  const villages = integerOption('villages', options.villages ?? DEMO_DEFAULTS.villages, 1, MAX_VILLAGES);
  const seed = integerOption('seed', options.seed ?? DEMO_DEFAULTS.seed, 0, 0xffff_ffff);
  const chunkSize = integerOption('chunkSize', options.chunkSize ?? DEMO_DEFAULTS.chunkSize, 1, 1_000_000);
  const countyCode = options.countyCode ?? DEMO_DEFAULTS.countyCode;
  const base = realTownships(countyCode);
  if (!base || base.townships.length === 0) {
    throw new DemoError('DEMO_COUNTY_UNKNOWN', `county ${countyCode} has no towns in reference/regions`, { countyCode });
  }
  const layout = layOutCounty(new DemoRandom(seed), base, villages, residents);

  const households = await db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('region').select('code').where('code', '=', layout.county.code).executeTakeFirst();
    if (existing) {
      throw new DemoError('DEMO_EXISTS', `the database already holds county ${layout.county.code} ${layout.county.name}`, {
        countyCode: layout.county.code,
      });
    }
    await insertRegions(tx, layout);
    const deferred = options.bulkLoad === false ? undefined : await deferConstraints(tx, ['household', 'resident']);
    const count = await insertPopulation(tx, layout, seed, chunkSize, options.onProgress);
    await deferred?.restore();
    // PGlite has no autovacuum: give the planner statistics for the new rows now.
    await sql`analyze region, household, resident`.execute(tx);
    // Ids were given explicitly: move the identity sequences past them.
    await sql`select setval(pg_get_serial_sequence('household', 'id'), max(id)) from household having count(*) > 0`.execute(tx);
    await sql`select setval(pg_get_serial_sequence('resident', 'id'), max(id)) from resident having count(*) > 0`.execute(tx);
    return count;
  });
  return {
    townships: layout.townships.length,
    villages: layout.villages.length,
    households,
    residents,
    millis: Math.round(performance.now() - started),
  };
}

async function insertRegions(tx: Transaction<DB>, layout: DemoCountyLayout): Promise<void> {
  const rows = [
    { code: layout.county.code, level: 'county', name: layout.county.name, parent: null },
    ...layout.townships.map((t) => ({ code: t.code, level: 'township', name: t.name, parent: layout.county.code })),
    ...layout.villages.map((v) => ({ code: v.code, level: 'village', name: v.name, parent: v.township.code })),
  ];
  const countyCode = layout.county.code.slice(0, 6);
  await sql`
    insert into region (code, county_code, level, name, parent_code)
    select code, ${countyCode}, level, name, parent
    from unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.level)}::text[],
                ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.parent)}::text[]) as t(code, level, name, parent)`.execute(tx);
}

/** Ethnic groups of rural Shouguang: almost all Han, a small Hui community. Shared by a household. */
const ETHNICITIES = new WeightedTable<string>([
  ['汉族', 994],
  ['回族', 5],
  ['满族', 1],
]);

/** The i-th month (cyclically) of 1964-01 … 1966-12: heads born then turn 60 in 2024, 2025 or 2026. */
function turningSixtyBirthMonth(i: number): string {
  const k = i % 36;
  return `${1964 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** Column arrays for one chunk of households and their residents. */
class PopulationChunk {
  readonly household = { id: [] as number[], village: [] as string[], no: [] as string[], address: [] as string[] };
  readonly resident = {
    id: [] as number[],
    idNumber: [] as string[],
    name: [] as string[],
    sex: [] as string[],
    birthDate: [] as string[],
    ethnicity: [] as string[],
    village: [] as string[],
    household: [] as number[],
    relation: [] as string[],
    phone: [] as (string | null)[],
    address: [] as string[],
  };

  get residents(): number {
    return this.resident.id.length;
  }
}

async function insertPopulation(
  tx: Transaction<DB>,
  layout: DemoCountyLayout,
  seed: number,
  chunkSize: number,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<number> {
  const countyCode = layout.county.code.slice(0, 6);
  const total = layout.villages.reduce((sum, v) => sum + v.residents, 0);
  // A stream of its own, so the people do not shift when only the village layout changes.
  const random = new DemoRandom((seed ^ 0x5bd1_e995) >>> 0);
  const idNumbers = new IdNumberAllocator(countyCode);
  const forcedPerVillage = Math.ceil(36 / layout.villages.length);
  let forcedMonth = 0;
  let householdId = 1;
  let residentId = 1;
  let done = 0;
  let chunk = new PopulationChunk();

  // A chunk is inserted while the next one is drawn (on PostgreSQL the server works on one core, the drawing on
  // another): at most one insert is in flight, awaited before the next is sent.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    const full = chunk;
    chunk = new PopulationChunk();
    await inFlight;
    inFlight = (async () => {
      if (full.household.id.length > 0) await insertChunk(tx, countyCode, full);
      done += full.residents;
      onProgress?.(done, total);
    })();
    // Keep a failure from going unhandled while the next chunk is drawn: it is thrown at the next await of inFlight.
    inFlight.catch(() => {});
  };

  for (const village of layout.villages) {
    const addressPrefix = `${layout.county.name}${village.township.name}${village.name}`;
    let left = village.residents;
    for (let houseNo = 1; left > 0; houseNo++) {
      const headBirthMonth = houseNo <= forcedPerVillage ? turningSixtyBirthMonth(forcedMonth++) : undefined;
      const members = drawHousehold(random, { headBirthMonth }).slice(0, left);
      const ethnicity = ETHNICITIES.draw(random);
      const address = `${addressPrefix}${houseNo}号`;
      const h = chunk.household;
      h.id.push(householdId);
      h.village.push(village.code);
      h.no.push(village.code + String(houseNo).padStart(4, '0'));
      h.address.push(address);
      const r = chunk.resident;
      for (const person of members) {
        r.id.push(residentId++);
        r.idNumber.push(idNumbers.allocate(random, person.birthDate, person.sex, person.marriedIn));
        r.name.push(person.name);
        r.sex.push(person.sex);
        r.birthDate.push(person.birthDate);
        r.ethnicity.push(ethnicity);
        r.village.push(village.code);
        r.household.push(householdId);
        r.relation.push(person.relation);
        r.phone.push(drawPhone(random, person.age));
        r.address.push(address);
      }
      householdId++;
      left -= members.length;
      if (chunk.residents >= chunkSize) await flush();
    }
  }
  await flush();
  await inFlight;
  return householdId - 1;
}

async function insertChunk(tx: Transaction<DB>, countyCode: string, chunk: PopulationChunk): Promise<void> {
  const h = chunk.household;
  await sql`
    insert into household (county_code, id, village_code, household_no, address)
    select ${countyCode}, * from unnest(${h.id}::bigint[], ${h.village}::text[], ${h.no}::text[], ${h.address}::text[])`.execute(tx);
  const r = chunk.resident;
  await sql`
    insert into resident (county_code, id, id_number, name, sex, birth_date, ethnicity, village_code, household_id, relation, phone, address)
    select ${countyCode}, * from unnest(${r.id}::bigint[], ${r.idNumber}::text[], ${r.name}::text[], ${r.sex}::text[],
      ${r.birthDate}::date[], ${r.ethnicity}::text[], ${r.village}::text[], ${r.household}::bigint[], ${r.relation}::text[],
      ${r.phone}::text[], ${r.address}::text[])`.execute(tx);
}
