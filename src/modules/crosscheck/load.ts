/**
 * Loading an outside registry's file and matching it (数据比对, DOMAIN.md §6), in one transaction (repeatable
 * read: the file is compared with the county as it stood when the load began): every row of the file is checked
 * as it streams in (staging.ts: as bytes, a UTF-8 CSV straight into COPY text) and the rows that may match one of
 * the county's people — by a filter of their ID numbers (and accounts, against the bank) read first — go on into
 * a staging table of the transaction by COPY (copy-in.ts: FROM STDIN on PostgreSQL, a chunk at a time on PGlite;
 * memory flat however long the file); then set-based SQL joins them on the ID number with the county's enrolled
 * people and pensioners and keeps only the hits (matching.ts). A file with a bad row loads nothing; the same file
 * (by its SHA-256) loads once per registry.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/connection.js';
import { withCopyTransaction } from '../../db/copy-in.js';
import type { CrossCheckRegistry, DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { matchKeys, matchStaged } from './matching.js';
import { KeyFilter, stagedChunks, type StagingState } from './staging.js';

const STAGE_COLUMNS = ['row_no', 'id_number', 'name', 'status', 'd', 'card', 'note'] as const;
/** A file is refused after this many bad rows (the first 200 are listed), without reading the rest. */
export const MAX_COLLECTED_ERRORS = 10_000;

export interface RegistryFileInput {
  readonly registry: CrossCheckRegistry;
  readonly fileName: string;
  /**
   * SHA-256 (hex) of the file's bytes: the same file is loaded once. Given (an upload in memory), a file loaded
   * before is refused at once; left out (a file on disk), it is computed as the file streams in and a file loaded
   * before is refused once read, without a second pass over its bytes.
   */
  readonly sha256?: string | undefined;
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
  const loadedBefore = (sha256: string, on: Kysely<DB> = db) =>
    on.selectFrom('cross_check_batch').select(['id', 'loaded_at', 'row_count']).where('county_code', '=', scope.countyCode).where('registry', '=', input.registry).where('sha256', '=', sha256).executeTakeFirst();
  if (input.sha256) {
    const earlier = await loadedBefore(input.sha256);
    if (earlier) throw alreadyLoaded(earlier);
  }
  const hash = input.sha256 ? undefined : createHash('sha256');
  const bytes = hash
    ? (async function* () {
        for await (const chunk of input.bytes) {
          hash.update(chunk);
          yield chunk;
        }
      })()
    : input.bytes;
  let sha256 = input.sha256;
  try {
    return await withCopyTransaction(database, async (tx, copyInto) => {
      // Only the rows that may match someone are staged (the filter of the county's keys; the match decides).
      const keys = await matchKeys(tx, scope.countyCode, input.registry);
      const filter = new KeyFilter(keys.keys);
      await sql`create temp table cc_stage (row_no int not null, id_number text not null, name text not null, status text not null, d text not null, card text not null, note text not null) on commit drop`.execute(tx);
      const state: StagingState = { rows: 0, errors: [] };
      const copy = await copyInto('cc_stage', STAGE_COLUMNS);
      let inFlight: Promise<void> | undefined;
      try {
        for await (const chunk of stagedChunks(input.fileName, input.registry, bytes, { today: scope.today, filter, maxErrors: MAX_COLLECTED_ERRORS }, state)) {
          // One chunk on its way to the database while the next is read and checked: memory holds two at most.
          await inFlight;
          inFlight = copy.write(chunk);
          // Handled here so a failure while the next chunk is read is not "unhandled"; awaiting it still throws.
          inFlight.catch(() => undefined);
          onProgress?.(state.rows);
        }
      } finally {
        await inFlight?.catch(() => undefined);
      }
      await inFlight;
      const { errors, rows } = state;
      if (errors.length > 0) throw new AppError('IMPORT_INVALID', 400, { field: 'file', params: { count: errors.length }, errors });
      if (rows === 0) throw new AppError('IMPORT_EMPTY', 400, { field: 'file' });
      await copy.end();
      if (!sha256) {
        sha256 = hash!.digest('hex');
        // In the transaction (PGlite has one connection); one loaded meanwhile meets the unique key below.
        const earlier = await loadedBefore(sha256, tx);
        if (earlier) throw alreadyLoaded(earlier);
      }
      const batch = await tx
        .insertInto('cross_check_batch')
        .values({ county_code: scope.countyCode, registry: input.registry, file_name: input.fileName.slice(0, 200), sha256, loaded_by: actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      const stageMillis = Math.round(performance.now() - started);
      // A temporary table has no statistics until analysed: the planner needs them to hash the smaller side.
      await sql`analyze cc_stage`.execute(tx);
      const matched = { ...(await matchStaged(tx, { countyCode: scope.countyCode, batchId: batch.id, registry: input.registry })), peopleCompared: keys.people };
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
        after: { registry: input.registry, fileName: input.fileName, sha256, rows, peopleCompared: matched.peopleCompared, matched: total, byKind: matched.byKind },
      });
      return { batchId: batch.id, rows, peopleCompared: matched.peopleCompared, matched: total, byKind: matched.byKind, millis, stageMillis };
    }, 'repeatable read');
  } catch (error) {
    // Two uploads of one file at once: the second meets the first's batch at commit.
    if (error instanceof Error && /cross_check_batch_county_code_registry_sha256/.test(error.message)) {
      const first = sha256 ? await loadedBefore(sha256) : undefined;
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
