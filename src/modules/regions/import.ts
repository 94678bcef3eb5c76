import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, type RowError } from '../../errors/app-error.js';
import { countyCodeOf, isWithinRegion, normaliseRegionCode, parentRegionCode, regionLevelOf } from '../../rules/region-code.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { readTableFile, type ColumnSpec } from '../files/table-file.js';

const COLUMNS: readonly ColumnSpec[] = [
  { field: 'code', headers: ['code', '区划代码', '代码', '编码'] },
  { field: 'name', headers: ['name', '名称', '区划名称'] },
];

/** A county has some hundreds of villages; a file past this is not one county's regions. */
export const MAX_REGION_ROWS = 10_000;

export interface RegionImportResult {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

/**
 * Imports regions (county, townships, villages) from a CSV or Excel file: every row is checked
 * first, and either the whole file applies in one transaction or nothing does. Importing the same
 * file again changes nothing.
 */
export async function importRegions(db: Kysely<DB>, actor: AuditActor, fileName: string, data: Uint8Array): Promise<RegionImportResult> {
  const rows = await readTableFile(fileName, data, COLUMNS, { maxRows: MAX_REGION_ROWS });
  const errors: RowError[] = [];
  const firstRow = new Map<string, number>();
  const valid: { row: number; code: string; name: string }[] = [];
  for (const { row, values } of rows) {
    const code = normaliseRegionCode(values.code ?? '');
    const name = values.name ?? '';
    if (!code) {
      errors.push({ code: 'REGION_CODE_FORMAT', row, field: 'code', params: { value: values.code } });
      continue;
    }
    if (name.length === 0 || name.length > 100) errors.push({ code: 'REGION_NAME_EMPTY', row, field: 'name' });
    if (actor.regionCode && !isWithinRegion(actor.regionCode, code)) {
      errors.push({ code: 'REGION_OTHER_COUNTY', row, field: 'code', params: { value: code, county: countyCodeOf(actor.regionCode) } });
    }
    const seen = firstRow.get(code);
    if (seen !== undefined) errors.push({ code: 'REGION_DUPLICATE', row, field: 'code', params: { value: code, firstRow: seen } });
    else firstRow.set(code, row);
    valid.push({ row, code, name });
  }

  const counties = [...new Set(valid.filter((r) => regionLevelOf(r.code) === 'county').map((r) => countyCodeOf(r.code)))];
  const knownCounties = new Set(
    counties.length === 0 ? [] : (await db.selectFrom('division').select('code').where('code', 'in', counties).execute()).map((r) => r.code),
  );
  const referenced = [...new Set(valid.flatMap((r) => parentRegionCode(r.code) ?? []))];
  const existingParents = new Set(
    referenced.length === 0 ? [] : (await db.selectFrom('region').select('code').where('code', 'in', referenced).execute()).map((r) => r.code),
  );
  for (const r of valid) {
    const parent = parentRegionCode(r.code);
    if (parent && !existingParents.has(parent) && !firstRow.has(parent)) {
      errors.push({ code: 'REGION_PARENT_MISSING', row: r.row, field: 'code', params: { parent } });
    }
    if (!parent && !knownCounties.has(countyCodeOf(r.code))) {
      errors.push({ code: 'REGION_COUNTY_UNKNOWN', row: r.row, field: 'code', params: { value: countyCodeOf(r.code) } });
    }
  }
  if (errors.length > 0) {
    errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    throw new AppError('IMPORT_INVALID', 400, { field: 'file', params: { count: errors.length }, errors });
  }

  // Parents before children: county, township, village.
  const ordered = [...valid].sort((a, b) => depth(a.code) - depth(b.code) || a.code.localeCompare(b.code));
  const checksum = createHash('sha256').update(data).digest('hex');
  return db.transaction().execute(async (tx) => {
    const codes = ordered.map((r) => r.code);
    const existing = new Map(
      (await tx.selectFrom('region').select(['code', 'name']).where('code', 'in', codes).execute()).map((r) => [r.code, r.name]),
    );
    let inserted = 0;
    let updated = 0;
    const now = new Date();
    for (const r of ordered) {
      const before = existing.get(r.code);
      if (before === r.name) continue;
      if (before === undefined) {
        await tx
          .insertInto('region')
          .values({ code: r.code, county_code: countyCodeOf(r.code), level: regionLevelOf(r.code)!, name: r.name, parent_code: parentRegionCode(r.code) ?? null })
          .execute();
        inserted++;
      } else {
        await tx.updateTable('region').set({ name: r.name, updated_at: now }).where('code', '=', r.code).execute();
        updated++;
      }
    }
    const result = { inserted, updated, unchanged: ordered.length - inserted - updated };
    await appendAudit(tx, actor, { action: 'region.import', entity: 'region', after: { fileName, checksum, ...result } });
    return result;
  });
}

function depth(code: string): number {
  const level = regionLevelOf(code);
  return level === 'county' ? 0 : level === 'township' ? 1 : 2;
}
