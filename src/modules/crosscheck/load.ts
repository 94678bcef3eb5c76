/**
 * Loading an outside registry's file and matching it (数据比对, DOMAIN.md §6), in one transaction: the file's
 * rows are checked as they stream in and go on into a staging table of the transaction by COPY (copy-in.ts:
 * FROM STDIN on PostgreSQL, a chunk at a time on PGlite; memory flat however long the file), then set-based SQL joins them on the ID number
 * with the county's enrolled people and pensioners and keeps only the hits (matching.ts). A file with a bad row
 * loads nothing; the same file (by its SHA-256) loads once per registry.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.js';
import { copyField, withCopyTransaction } from '../../db/copy-in.js';
import type { CrossCheckRegistry } from '../../db/schema.js';
import { AppError, type RowError } from '../../errors/app-error.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { matchStaged } from './matching.js';
import { checkRegistryRow, registryRows } from './registry-file.js';

/** Rows sent to the database at a time. */
const CHUNK = 20_000;
const STAGE_COLUMNS = ['row_no', 'id_number', 'name', 'status', 'd', 'card', 'note'] as const;
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
  /** Of which reading, checking and staging the rows. */
  readonly stageMillis: number;
}

/**
 * Loads a registry file for the county and matches it. Returns the batch with its counts. Errors:
 * IMPORT_ALREADY_DONE (409) for a file loaded before; IMPORT_INVALID (400) with the row errors (nothing kept);
 * IMPORT_EMPTY, IMPORT_HEADER, IMPORT_FILE_TYPE, FILE_ENCODING (400). `onProgress(rows)` is called every chunk.
 */
export async function loadRegistryFile(
  database: Database,
  actor: AuditActor & { userId: number },
  scope: { countyCode: string; today: string },
  input: RegistryFileInput,
  onProgress?: (rows: number) => void,
): Promise<LoadOutcome> {
  const started = performance.now();
  const { db } = database;
  const earlier = await db
    .selectFrom('cross_check_batch')
    .select(['id', 'loaded_at', 'row_count'])
    .where('county_code', '=', scope.countyCode)
    .where('registry', '=', input.registry)
    .where('sha256', '=', input.sha256)
    .executeTakeFirst();
  if (earlier) throw alreadyLoaded(earlier);
  try {
    return await withCopyTransaction(database, async (tx, copyInto) => {
      const batch = await tx
        .insertInto('cross_check_batch')
        .values({ county_code: scope.countyCode, registry: input.registry, file_name: input.fileName.slice(0, 200), sha256: input.sha256, loaded_by: actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`create temp table cc_stage (row_no int not null, id_number text not null, name text not null, status text not null, d text not null, card text not null, note text not null) on commit drop`.execute(tx);
      const errors: RowError[] = [];
      let rows = 0;
      const copy = await copyInto('cc_stage', STAGE_COLUMNS);
      let chunk: string[] = [];
      let inFlight: Promise<void> | undefined;
      const flush = async () => {
        const full = chunk;
        chunk = [];
        // One chunk on its way to the database while the next is read: memory holds two chunks at most.
        await inFlight;
        inFlight = full.length > 0 && errors.length === 0 ? copy.write(`${full.join('\n')}\n`) : undefined;
        // Handled here so a failure while the next chunk is read is not "unhandled"; awaiting it still throws.
        inFlight?.catch(() => undefined);
        onProgress?.(rows);
      };
      try {
        read: for await (const piece of registryRows(input.fileName, input.registry, input.bytes)) {
          for (let i = 0; i < piece.rows.length; i++) {
            rows++;
            const checked = checkRegistryRow(input.registry, piece.rows[i]!, piece.cells[i]!, scope.today);
            if (Array.isArray(checked)) {
              errors.push(...checked);
              if (errors.length >= MAX_COLLECTED_ERRORS) break read;
              continue;
            }
            if (errors.length > 0) continue;
            chunk.push(`${checked.row}\t${checked.idNumber}\t${copyField(checked.name)}\t${checked.status}\t${checked.date}\t${checked.card}\t${copyField(checked.note)}`);
          }
          if (chunk.length >= CHUNK) await flush();
        }
        await flush();
      } finally {
        await inFlight?.catch(() => undefined);
      }
      await inFlight;
      if (errors.length > 0) throw new AppError('IMPORT_INVALID', 400, { field: 'file', params: { count: errors.length }, errors });
      if (rows === 0) throw new AppError('IMPORT_EMPTY', 400, { field: 'file' });
      await copy.end();
      const stageMillis = Math.round(performance.now() - started);
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
      return { batchId: batch.id, rows, peopleCompared: matched.peopleCompared, matched: total, byKind: matched.byKind, millis, stageMillis };
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

/** SHA-256 (hex) of a file on disk, read as a stream (a registry file of millions of rows). */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
