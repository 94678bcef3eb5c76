/**
 * Bulk loading with `COPY … FROM` inside a transaction, on both databases, with flat memory: the caller writes
 * text in COPY's text format (fields by tab, rows by newline, `\` doubled) a chunk at a time.
 * - PostgreSQL: `COPY … FROM STDIN` on the transaction's own connection, the chunks sent as CopyData messages as
 *   they come, waiting for the socket to drain (node-postgres runs any object with `submit()` as a query; this
 *   is the small part of the protocol that pg-copy-streams implements, which this project does not ship).
 * - PGlite: each chunk as its own `COPY … FROM '/dev/blob'`, PGlite's way to feed COPY.
 * The Kysely handed to `work` runs on that same connection, in the same transaction.
 */
import { once } from 'node:events';
import { Kysely, PostgresDialect, type IsolationLevel } from 'kysely';
import type pg from 'pg';
import type { Database } from './connection.js';
import type { DB } from './schema.js';

/** One COPY into a table: `write` a chunk of rows (COPY text format), then `end`. */
export interface CopyWriter {
  write(rows: string | Uint8Array): Promise<void>;
  end(): Promise<void>;
}

export type CopyInto = (table: string, columns: readonly string[]) => Promise<CopyWriter>;

/** A COPY field in text format: backslash, tab and line ends escaped. */
export function copyField(text: string): string {
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
function copySql(table: string, columns: readonly string[], from: string): string {
  if (![table, ...columns].every((n) => IDENT.test(n))) throw new Error(`not a plain identifier in COPY: ${table} (${columns.join(', ')})`);
  return `copy ${table} (${columns.join(', ')}) from ${from}`;
}

/** The parts of node-postgres's connection a COPY FROM STDIN needs. */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/** A node-postgres "submittable" running `COPY … FROM STDIN`: ready once the server asks for data, done at ReadyForQuery. */
class CopyFromStdin {
  callback?: unknown;
  #connection: PgConnection | undefined;
  #error: Error | undefined;
  #ended = false;
  #ready: { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void };
  #done: { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void };

  constructor(readonly text: string) {
    this.#ready = deferred();
    this.#done = deferred();
  }
  submit(connection: PgConnection): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: PgConnection): void {
    this.#connection = connection;
    this.#ready.resolve();
  }
  handleCommandComplete(): void {}
  handleReadyForQuery(): void {
    if (this.#error) this.#done.reject(this.#error);
    else this.#done.resolve();
  }
  handleError(error: Error): void {
    this.#error = error;
    this.#ready.reject(error);
    this.#done.reject(error);
  }
  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}

  async started(): Promise<void> {
    await this.#ready.promise;
  }
  async write(rows: string | Uint8Array): Promise<void> {
    if (this.#error) throw this.#error;
    const c = this.#connection!;
    c.sendCopyFromChunk(typeof rows === 'string' ? Buffer.from(rows, 'utf8') : Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength));
    if (c.stream.writableNeedDrain) await once(c.stream, 'drain');
  }
  async end(): Promise<void> {
    if (this.#error) throw this.#error;
    this.#ended = true;
    this.#connection!.endCopyFrom();
    await this.#done.promise;
  }
  /** Ends an unfinished COPY with CopyFail (the server then refuses it), so the transaction can roll back. */
  async abort(): Promise<void> {
    if (this.#ended || this.#error || !this.#connection) return;
    this.#ended = true;
    this.#connection.sendCopyFail('the load was abandoned');
    await this.#done.promise.catch(() => undefined);
  }
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Awaited later, or never when another step failed first.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * Runs `work` in one transaction with a Kysely and a COPY on the same connection; commits when it returns,
 * rolls back when it throws; `isolation` as SQL names it ('repeatable read': one snapshot for every statement). PostgreSQL needs the pool (Database.pool); PGlite its instance.
 */
export async function withCopyTransaction<T>(database: Database, work: (tx: Kysely<DB>, copyInto: CopyInto) => Promise<T>, isolation: IsolationLevel = 'read committed'): Promise<T> {
  if (database.pglite) {
    const pglite = database.pglite;
    return database.db.transaction().setIsolationLevel(isolation).execute((tx) =>
      work(tx, async (table, columns) => {
        const text = copySql(table, columns, `'/dev/blob'`);
        return {
          write: async (rows) => {
            await pglite.query(text, [], { blob: new Blob([rows]) });
          },
          end: async () => undefined,
        };
      }),
    );
  }
  if (!database.pool) throw new Error('withCopyTransaction: a PostgreSQL database without its pool');
  const client = await database.pool.connect();
  // A Kysely over this one client: its transaction and the COPY share the connection.
  const single = { connect: async () => ({ query: client.query.bind(client), release: () => undefined }), end: async () => undefined } as unknown as pg.Pool;
  const pinned = new Kysely<DB>({ dialect: new PostgresDialect({ pool: single }) });
  let broken = false;
  try {
    return await pinned.transaction().setIsolationLevel(isolation).execute(async (tx) => {
      const copies: CopyFromStdin[] = [];
      try {
        return await work(tx, async (table, columns) => {
          const copy = client.query(new CopyFromStdin(copySql(table, columns, 'stdin')) as unknown as pg.QueryConfig) as unknown as CopyFromStdin;
          copies.push(copy);
          await copy.started();
          return copy;
        });
      } catch (error) {
        // A COPY still open would swallow the ROLLBACK: end it first.
        for (const copy of copies) await copy.abort();
        throw error;
      }
    });
  } catch (error) {
    broken = !(error instanceof Error && 'code' in error && typeof (error as { code: unknown }).code === 'string');
    throw error;
  } finally {
    await pinned.destroy();
    client.release(broken);
  }
}
