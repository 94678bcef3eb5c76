/**
 * Loading an outside registry's file and matching it (数据比对, DOMAIN.md §6), in one transaction: the file's
 * rows stream into a staging table of the transaction in chunks (`insert … select from unnest(…)`, the same on
 * PGlite and PostgreSQL, memory flat however long the file), then set-based SQL joins them on the ID number
 * with the county's enrolled people and pensioners and keeps only the hits (matching.ts). A file with a bad row
 * loads nothing; the same file (by its SHA-256) loads once per registry.
 */
import { sql, type Kysely } from 'kysely';
import type { CrossCheckRegistry, DB } from '../../db/schema.js';
import { AppError, type RowError } from '../../errors/app-error.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { matchStaged } from './matching.js';
import { checkRegistryRow, registryRows } from './registry-file.js';

/** Rows sent to the database at a time. */
const CHUNK = 20_000;
/** A file is refused after this many bad rows (the first 200 are listed), without reading the rest. */
export const MAX_COLLECTED_ERRORS = 10_000;

export interface RegistryFileInput {
  readonly registry: CrossCheckRegistry;
  readonly fileName: string;
  /** SHA-256 (hex) of the file's bytes: the same file is loaded once. */
  readonly sha256: string;
  /** The file's bytes, read once. */
  readonly bytes: AsyncIterable<Uint8Array>;
}

export interface LoadOutcome {
  readonly batchId: number;
  readonly rows: number;
  readonly peopleCompared: number;
  readonly matched: number;
  readonly byKind: Readonly<Record<string, number>>;
  readonly millis: number;
}

class Columns {
  row: number[] = [];
  id: string[] = [];
  name: string[] = [];
  status: string[] = [];
  date: string[] = [];
  card: string[] = [];
  note: string[] = [];
}

async function insertChunk(tx: Kysely<DB>, c: Columns): Promise<void> {
  await sql`insert into cc_stage (row_no, id_number, name, status, d, card, note)
    select * from unnest(${c.row}::int[], ${c.id}::text[], ${c.name}::text[], ${c.status}::text[], ${c.date}::text[], ${c.card}::text[], ${c.note}::text[])`.execute(tx);
}

/**
 * Loads a registry file for the county and matches it. Returns the batch with its counts. Errors:
 * IMPORT_ALREADY_DONE (409) for a file loaded before; IMPORT_INVALID (400) with the row errors (nothing kept);
 * IMPORT_EMPTY, IMPORT_HEADER, IMPORT_FILE_TYPE, FILE_ENCODING (400). `onProgress(rows)` is called every chunk.
 */
export async function loadRegistryFile(
  db: Kysely<DB>,
  actor: AuditActor & { userId: number },
  scope: { countyCode: string; today: string },
  input: RegistryFileInput,
  onProgress?: (rows: number) => void,
): Promise<LoadOutcome> {
  const started = performance.now();
  const earlier = await db
    .selectFrom('cross_check_batch')
    .select(['id', 'loaded_at', 'row_count'])
    .where('county_code', '=', scope.countyCode)
    .where('registry', '=', input.registry)
    .where('sha256', '=', input.sha256)
    .executeTakeFirst();
  if (earlier) throw alreadyLoaded(earlier);
  try {
    return await db.transaction().execute(async (tx) => {
      const batch = await tx
        .insertInto('cross_check_batch')
        .values({ county_code: scope.countyCode, registry: input.registry, file_name: input.fileName.slice(0, 200), sha256: input.sha256, loaded_by: actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`create temp table cc_stage (row_no int not null, id_number text not null, name text not null, status text not null, d text not null, card text not null, note text not null) on commit drop`.execute(tx);
      const errors: RowError[] = [];
      let rows = 0;
      let chunk = new Columns();
      let inFlight: Promise<void> | undefined;
      const flush = async () => {
        const full = chunk;
        chunk = new Columns();
        // One chunk in the database while the next is read: memory holds two chunks at most.
        await inFlight;
        inFlight = full.row.length > 0 && errors.length === 0 ? insertChunk(tx, full) : undefined;
        // Handled here so a failure while the next chunk is read is not "unhandled"; awaiting it still throws.
        inFlight?.catch(() => undefined);
        onProgress?.(rows);
      };
      try {
        for await (const { row, values } of registryRows(input.fileName, input.registry, input.bytes)) {
          rows++;
          const checked = checkRegistryRow(input.registry, row, values, scope.today);
          if (Array.isArray(checked)) {
            errors.push(...checked);
            if (errors.length >= MAX_COLLECTED_ERRORS) break;
            continue;
          }
          if (errors.length > 0) continue;
          chunk.row.push(checked.row);
          chunk.id.push(checked.idNumber);
          chunk.name.push(checked.name);
          chunk.status.push(checked.status);
          chunk.date.push(checked.date);
          chunk.card.push(checked.card);
          chunk.note.push(checked.note);
          if (chunk.row.length >= CHUNK) await flush();
        }
        await flush();
      } finally {
        await inFlight?.catch(() => undefined);
      }
      await inFlight;
      if (errors.length > 0) throw new AppError('IMPORT_INVALID', 400, { field: 'file', params: { count: errors.length }, errors });
      if (rows === 0) throw new AppError('IMPORT_EMPTY', 400, { field: 'file' });
      // A temporary table has no statistics until analysed: the planner needs them to hash the smaller side.
      await sql`analyze cc_stage`.execute(tx);
      const matched = await matchStaged(tx, { countyCode: scope.countyCode, batchId: batch.id, registry: input.registry });
      const millis = Math.round(performance.now() - started);
      const total = Object.values(matched.byKind).reduce((s, n) => s + n, 0);
      await tx
        .updateTable('cross_check_batch')
        .set({ row_count: rows, people_compared: matched.peopleCompared, matched: total, millis })
        .where('county_code', '=', scope.countyCode)
        .where('id', '=', batch.id)
        .execute();
      await appendAudit(tx, actor, {
        action: 'crosscheck.load',
        entity: 'cross_check_batch',
        entityId: String(batch.id),
        regionCode: `${scope.countyCode}000000`,
        after: { registry: input.registry, fileName: input.fileName, sha256: input.sha256, rows, peopleCompared: matched.peopleCompared, matched: total, byKind: matched.byKind },
      });
      return { batchId: batch.id, rows, peopleCompared: matched.peopleCompared, matched: total, byKind: matched.byKind, millis };
    });
  } catch (error) {
    // Two uploads of one file at once: the second meets the first's batch at commit.
    if (error instanceof Error && /cross_check_batch_county_code_registry_sha256/.test(error.message)) {
      const first = await db.selectFrom('cross_check_batch').select(['id', 'loaded_at', 'row_count']).where('county_code', '=', scope.countyCode).where('registry', '=', input.registry).where('sha256', '=', input.sha256).executeTakeFirst();
      if (first) throw alreadyLoaded(first);
    }
    throw error;
  }
}

function alreadyLoaded(b: { id: number; loaded_at: Date; row_count: number }): AppError {
  return new AppError('IMPORT_ALREADY_DONE', 409, { field: 'file', params: { at: new Date(b.loaded_at).toISOString().slice(0, 16).replace('T', ' '), batch: b.id, rows: b.row_count } });
}
