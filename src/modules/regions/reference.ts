import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { DB, DivisionLevel } from '../../db/schema.js';
import { parseCsv } from '../files/table-file.js';
import { ROOT_URL } from '../../paths.js';

const REFERENCE_DIR = new URL('reference/regions/', ROOT_URL);
export const DIVISION_EDITION = '2023 (NBS 统计用区划代码, cut-off 2023-06-30)';

interface DivisionRow {
  code: string;
  level: DivisionLevel;
  name: string;
  parent: string | null;
}

function readDivisions(): DivisionRow[] {
  const file = (name: string) => parseCsv(readFileSync(new URL(name, REFERENCE_DIR), 'utf8')).slice(1).filter((r) => r.length > 1);
  return [
    ...file('provinces.csv').map(([code, name]) => ({ code: code!, level: 'province' as const, name: name!, parent: null })),
    ...file('cities.csv').map(([code, name, province]) => ({ code: code!, level: 'prefecture' as const, name: name!, parent: province! })),
    ...file('areas.csv').map(([code, name, city]) => ({ code: code!, level: 'county' as const, name: name!, parent: city! })),
    ...file('streets.csv').map(([code, name, area]) => ({ code: code!, level: 'township' as const, name: name!, parent: area! })),
  ];
}

/** Loads the national division table once (about 45,000 rows); later starts find it there. */
export async function ensureDivisions(db: Kysely<DB>): Promise<number> {
  const present = await db.selectFrom('division').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (present.n > 0) return 0;
  const rows = readDivisions();
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 10_000) {
      const chunk = rows.slice(i, i + 10_000);
      await sql`
        insert into division (code, level, name, parent_code, edition)
        select code, level, name, parent, ${DIVISION_EDITION}
        from unnest(${chunk.map((r) => r.code)}::text[], ${chunk.map((r) => r.level)}::text[],
                    ${chunk.map((r) => r.name)}::text[], ${chunk.map((r) => r.parent)}::text[]) as t(code, level, name, parent)
        on conflict (code) do nothing`.execute(tx);
    }
  });
  return rows.length;
}

/** The national names of a county and its townships (9-digit codes), for checks and the demo. */
export function divisionsOfCounty(countyCode: string): { county: string | undefined; townships: { code: string; name: string }[] } {
  const rows = readDivisions();
  return {
    county: rows.find((r) => r.level === 'county' && r.code === countyCode)?.name,
    townships: rows.filter((r) => r.level === 'township' && r.parent === countyCode).map((r) => ({ code: r.code, name: r.name })),
  };
}
