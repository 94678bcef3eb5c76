/**
 * What the indicators are measured against (issue 12 parts 1–2): the yearly hukou statistics per village
 * (户籍统计, imported from Excel; a re-import of the same year replaces the year) and the yearly targets
 * (参保任务) the county sets per township and contracts down to the villages (typed one at a time or imported).
 * Every change is audited; a file is checked whole first and applies whole or not at all.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, type RowError } from '../../errors/app-error.js';
import { fromRuleError } from '../../errors/rule-errors.js';
import { isWithinRegion, normaliseRegionCode, parseYuan, regionLevelOf, type Fen } from '../../rules/index.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { readTableFile, type ColumnSpec } from '../files/table-file.js';

/** A county has some hundreds of villages; a file past this is not one county's. */
export const MAX_INDICATOR_ROWS = 10_000;

const HUKOU_COLUMNS: readonly ColumnSpec[] = [
  { field: 'villageCode', headers: ['村代码', '区划代码', 'villageCode', 'village code', 'code'], kind: 'text' },
  { field: 'villageName', headers: ['村名称', '村（居）', '名称', 'villageName', 'village'], optional: true },
  { field: 'population', headers: ['户籍人口', 'population'] },
  { field: 'shouldEnrol', headers: ['应参保人数', 'shouldEnrol', 'should enrol'] },
];

const TARGET_COLUMNS: readonly ColumnSpec[] = [
  { field: 'regionCode', headers: ['区划代码', '乡镇或村代码', 'regionCode', 'region code', 'code'], kind: 'text' },
  { field: 'regionName', headers: ['名称', '乡镇（村）', 'regionName', 'name'], optional: true },
  { field: 'enrolled', headers: ['参保任务（人）', '参保任务', 'enrolled', 'enrolment target'] },
  { field: 'collected', headers: ['征缴任务（元）', '征缴任务', 'collected', 'collection target'], optional: true },
];

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError('VALIDATION_FAILED', 400, { field: 'year', params: { field: 'year', detail: '2000–2100' } });
}

function wholeNumber(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t)) return undefined;
  return Number(t);
}

/** The regions of a county by code (name and level), for checking a file's codes. */
async function countyRegions(db: Kysely<DB>, countyCode: string): Promise<Map<string, { name: string; level: string }>> {
  const rows = await db.selectFrom('region').select(['code', 'name', 'level']).where('county_code', '=', countyCode).execute();
  return new Map(rows.map((r) => [r.code, { name: r.name, level: r.level }]));
}

export interface HukouImportResult {
  readonly year: number;
  readonly villages: number;
  readonly replaced: number;
  readonly population: number;
  readonly shouldEnrol: number;
}

/**
 * Imports a year's hukou statistics (户籍人口, 应参保人数 per village) for the caller's county from .xlsx/.csv:
 * every row checked first (village code of the county and within `scopeCode`, whole numbers ≥ 0, should-enrol
 * not above the population, no village twice); 400 IMPORT_INVALID with the row errors, else the year's rows for
 * the county are replaced in one transaction (audited `indicator.hukou_import` with the file's checksum).
 */
export async function importHukouStatistics(db: Kysely<DB>, actor: AuditActor & { userId: number }, countyCode: string, scopeCode: string, year: number, fileName: string, data: Uint8Array): Promise<HukouImportResult> {
  checkYear(year);
  const rows = await readTableFile(fileName, data, HUKOU_COLUMNS, { maxRows: MAX_INDICATOR_ROWS });
  const regions = await countyRegions(db, countyCode);
  const errors: RowError[] = [];
  const firstRow = new Map<string, number>();
  const valid: { village: string; population: number; shouldEnrol: number }[] = [];
  for (const { row, values } of rows) {
    const code = normaliseRegionCode(values.villageCode ?? '');
    const region = code ? regions.get(code) : undefined;
    if (!code || !region || region.level !== 'village' || !isWithinRegion(scopeCode, code)) {
      errors.push({ code: 'INDICATOR_VILLAGE', row, field: 'villageCode', params: { value: values.villageCode ?? '' } });
      continue;
    }
    const seen = firstRow.get(code);
    if (seen !== undefined) errors.push({ code: 'REGION_DUPLICATE', row, field: 'villageCode', params: { value: code, firstRow: seen } });
    else firstRow.set(code, row);
    const population = wholeNumber(values.population ?? '');
    const shouldEnrol = wholeNumber(values.shouldEnrol ?? '');
    if (population === undefined) errors.push({ code: 'INDICATOR_COUNT', row, field: 'population', params: { value: values.population ?? '' } });
    if (shouldEnrol === undefined) errors.push({ code: 'INDICATOR_COUNT', row, field: 'shouldEnrol', params: { value: values.shouldEnrol ?? '' } });
    if (population !== undefined && shouldEnrol !== undefined) {
      if (shouldEnrol > population) errors.push({ code: 'INDICATOR_SHOULD_ENROL_ABOVE_POPULATION', row, field: 'shouldEnrol', params: { shouldEnrol, population } });
      else valid.push({ village: code, population, shouldEnrol });
    }
  }
  if (errors.length > 0) throw new AppError('IMPORT_INVALID', 400, { field: 'file', params: { count: errors.length }, errors: errors.slice(0, 200) });
  const checksum = createHash('sha256').update(data).digest('hex');
  const prefix = scopeCode.slice(0, scopeCode.endsWith('000000') ? 6 : scopeCode.endsWith('000') ? 9 : 12);
  return db.transaction().execute(async (tx) => {
    // The same year again replaces what the caller's region had for it.
    const removed = await tx.deleteFrom('hukou_statistic').where('county_code', '=', countyCode).where('year', '=', year).where('village_code', 'like', `${prefix}%`).executeTakeFirst();
    if (valid.length > 0) {
      await tx
        .insertInto('hukou_statistic')
        .values(valid.map((v) => ({ county_code: countyCode, year, village_code: v.village, population: v.population, should_enrol: v.shouldEnrol, file_name: fileName, imported_by: actor.userId })))
        .execute();
    }
    const result = {
      year,
      villages: valid.length,
      replaced: Number(removed.numDeletedRows),
      population: valid.reduce((s, v) => s + v.population, 0),
      shouldEnrol: valid.reduce((s, v) => s + v.shouldEnrol, 0),
    };
    await appendAudit(tx, actor, { action: 'indicator.hukou_import', entity: 'hukou_statistic', entityId: String(year), regionCode: scopeCode, after: { fileName, checksum, ...result } });
    return result;
  });
}

export interface HukouYear {
  readonly year: number;
  readonly villages: number;
  readonly population: number;
  readonly shouldEnrol: number;
  readonly fileName: string;
  readonly importedAt: Date;
}

/** The years of hukou statistics held for a region, newest first (sums over its villages). */
export async function hukouYears(db: Kysely<DB>, countyCode: string, prefix: string): Promise<HukouYear[]> {
  const rows = await db
    .selectFrom('hukou_statistic')
    .select((eb) => ['year', eb.fn.countAll<number>().as('villages'), eb.fn.sum<number>('population').as('population'), eb.fn.sum<number>('should_enrol').as('should_enrol'), eb.fn.max('file_name').as('file_name'), eb.fn.max('imported_at').as('imported_at')])
    .where('county_code', '=', countyCode)
    .where('village_code', 'like', `${prefix}%`)
    .groupBy('year')
    .orderBy('year', 'desc')
    .execute();
  return rows.map((r) => ({ year: r.year, villages: Number(r.villages), population: Number(r.population), shouldEnrol: Number(r.should_enrol), fileName: r.file_name, importedAt: r.imported_at }));
}

export interface TargetInput {
  readonly regionCode: string;
  readonly enrolled: number;
  /** Fen, or null for no collection target. */
  readonly collected: Fen | null;
}

function checkTargetRegion(code: string, regions: Map<string, { level: string }>, scopeCode: string): 'township' | 'village' | undefined {
  const region = regions.get(code);
  const level = regionLevelOf(code);
  if (!region || (level !== 'township' && level !== 'village') || !isWithinRegion(scopeCode, code)) return undefined;
  return level;
}

/**
 * Sets (or replaces) the year's targets of townships and villages in one transaction, audited
 * `indicator.target` with what each was before. 400 INDICATOR_TARGET_REGION for a code that is not a township or
 * village of the county within `scopeCode`.
 */
export async function setTargets(db: Kysely<DB>, actor: AuditActor & { userId: number }, countyCode: string, scopeCode: string, year: number, targets: readonly TargetInput[], source: string): Promise<{ year: number; set: number }> {
  checkYear(year);
  const regions = await countyRegions(db, countyCode);
  for (const t of targets) {
    if (!checkTargetRegion(t.regionCode, regions, scopeCode)) throw new AppError('INDICATOR_TARGET_REGION', 400, { field: 'regionCode', params: { value: t.regionCode } });
    if (!Number.isSafeInteger(t.enrolled) || t.enrolled < 0) throw new AppError('INDICATOR_COUNT', 400, { field: 'enrolled', params: { value: String(t.enrolled) } });
  }
  return db.transaction().execute(async (tx) => {
    const codes = targets.map((t) => t.regionCode);
    const before = codes.length === 0 ? [] : await tx.selectFrom('indicator_target').select(['region_code', 'enrolled', 'collected']).where('county_code', '=', countyCode).where('year', '=', year).where('region_code', 'in', codes).execute();
    for (const t of targets) {
      const row = { county_code: countyCode, year, region_code: t.regionCode, level: regionLevelOf(t.regionCode) as 'township' | 'village', enrolled: t.enrolled, collected: t.collected, set_by: actor.userId, set_at: new Date() };
      await tx
        .insertInto('indicator_target')
        .values(row)
        .onConflict((oc) => oc.columns(['county_code', 'year', 'region_code']).doUpdateSet({ enrolled: t.enrolled, collected: t.collected, set_by: actor.userId, set_at: new Date() }))
        .execute();
    }
    await appendAudit(tx, actor, {
      action: 'indicator.target',
      entity: 'indicator_target',
      entityId: String(year),
      regionCode: scopeCode,
      before: { targets: before },
      after: { source, targets: targets.map((t) => ({ region_code: t.regionCode, enrolled: t.enrolled, collected: t.collected })) },
    });
    return { year, set: targets.length };
  });
}

/** Reads a targets file (区划代码, 参保任务（人）, 征缴任务（元）) into target inputs; 400 IMPORT_INVALID with row errors. */
export async function readTargetsFile(db: Kysely<DB>, countyCode: string, scopeCode: string, fileName: string, data: Uint8Array): Promise<TargetInput[]> {
  const rows = await readTableFile(fileName, data, TARGET_COLUMNS, { maxRows: MAX_INDICATOR_ROWS });
  const regions = await countyRegions(db, countyCode);
  const errors: RowError[] = [];
  const firstRow = new Map<string, number>();
  const valid: TargetInput[] = [];
  for (const { row, values } of rows) {
    const code = normaliseRegionCode(values.regionCode ?? '');
    if (!code || !checkTargetRegion(code, regions, scopeCode)) {
      errors.push({ code: 'INDICATOR_TARGET_REGION', row, field: 'regionCode', params: { value: values.regionCode ?? '' } });
      continue;
    }
    const seen = firstRow.get(code);
    if (seen !== undefined) errors.push({ code: 'REGION_DUPLICATE', row, field: 'regionCode', params: { value: code, firstRow: seen } });
    else firstRow.set(code, row);
    const enrolled = wholeNumber(values.enrolled ?? '');
    if (enrolled === undefined) errors.push({ code: 'INDICATOR_COUNT', row, field: 'enrolled', params: { value: values.enrolled ?? '' } });
    let collected: Fen | null = null;
    const money = (values.collected ?? '').trim();
    if (money !== '') {
      try {
        collected = parseYuan(money, 'collected');
        if (collected < 0) throw new AppError('INDICATOR_COUNT', 400, { params: { value: money } });
      } catch (error) {
        const known = fromRuleError(error);
        errors.push({ code: known instanceof AppError ? known.code : 'MONEY_FORMAT', row, field: 'collected', params: { value: money } });
      }
    }
    if (enrolled !== undefined) valid.push({ regionCode: code, enrolled, collected });
  }
  if (errors.length > 0) throw new AppError('IMPORT_INVALID', 400, { field: 'file', params: { count: errors.length }, errors: errors.slice(0, 200) });
  return valid;
}

export interface TargetRow {
  readonly code: string;
  readonly name: string;
  readonly level: 'township' | 'village';
  readonly parentCode: string | null;
  readonly enrolled: number | null;
  readonly collected: Fen | null;
  /** For a township: the sum of its villages' targets (contracted down), null where none is set. */
  readonly villagesEnrolled: number | null;
}

/** The townships and villages of a region with the year's targets (null where not set). */
export async function listTargets(db: Kysely<DB>, countyCode: string, prefix: string, year: number): Promise<TargetRow[]> {
  checkYear(year);
  const rows = await db
    .selectFrom('region as r')
    .leftJoin('indicator_target as t', (j) => j.onRef('t.region_code', '=', 'r.code').on('t.year', '=', year))
    .select(['r.code', 'r.name', 'r.level', 'r.parent_code', 't.enrolled', 't.collected'])
    .where('r.county_code', '=', countyCode)
    .where('r.level', 'in', ['township', 'village'])
    .where('r.code', 'like', `${prefix}%`)
    .orderBy('r.code')
    .execute();
  const byTownship = new Map<string, number>();
  for (const r of rows) if (r.level === 'village' && r.enrolled !== null && r.parent_code) byTownship.set(r.parent_code, (byTownship.get(r.parent_code) ?? 0) + r.enrolled);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level as 'township' | 'village',
    parentCode: r.parent_code,
    enrolled: r.enrolled,
    collected: r.collected,
    villagesEnrolled: r.level === 'township' ? (byTownship.get(r.code) ?? null) : null,
  }));
}
