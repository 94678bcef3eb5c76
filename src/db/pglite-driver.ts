import type { PGlite, Results } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/** Who waits for the one connection: requests go before batch work (see PGliteGate). */
export type PGlitePriority = 'foreground' | 'background';

/**
 * Kysely dialect over one embedded PGlite instance.
 *
 * PGlite is a single connection, so the driver hands it out to one caller at a time: a
 * transaction holds it from BEGIN to COMMIT and every other query waits its turn (each after a
 * turn of the event loop). Several dialects over the same instance share one gate: a `background`
 * one (the batch jobs' Kysely) gets the connection only when no `foreground` query (a request) is
 * waiting, so a request waits at most for the job's transaction in hand, never for a queue of them.
 * Savepoints are plain SQL, as on PostgreSQL.
 */
export class PGliteDialect implements Dialect {
  readonly #pglite: PGlite;
  readonly #priority: PGlitePriority;

  constructor(pglite: PGlite, priority: PGlitePriority = 'foreground') {
    this.#pglite = pglite;
    this.#priority = priority;
  }

  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.#pglite, gateOf(this.#pglite), this.#priority);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

/**
 * The one PGlite connection, handed to one holder at a time. The next holder is chosen on a turn of the event loop
 * after the connection is free (PGlite runs in this thread and its promises settle as microtasks: without the turn
 * a batch job's chunks, one after another, would never let the server read a socket), foreground waiters first,
 * each class in arrival order.
 */
class PGliteGate {
  #busy = false;
  #scheduled = false;
  readonly #foreground: (() => void)[] = [];
  readonly #background: (() => void)[] = [];
  #idle: (() => void)[] = [];

  acquire(priority: PGlitePriority): Promise<void> {
    return new Promise<void>((resolve) => {
      (priority === 'foreground' ? this.#foreground : this.#background).push(resolve);
      this.#schedule();
    });
  }

  release(): void {
    this.#busy = false;
    this.#schedule();
  }

  /** Resolves once nothing holds or waits for the connection. */
  drained(): Promise<void> {
    if (!this.#busy && this.#foreground.length === 0 && this.#background.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#busy || this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#busy) return;
      const next = this.#foreground.shift() ?? this.#background.shift();
      if (next) {
        this.#busy = true;
        next();
      } else {
        const idle = this.#idle;
        this.#idle = [];
        for (const resolve of idle) resolve();
      }
    });
  }
}

const gates = new WeakMap<PGlite, PGliteGate>();
function gateOf(pglite: PGlite): PGliteGate {
  let gate = gates.get(pglite);
  if (!gate) gates.set(pglite, (gate = new PGliteGate()));
  return gate;
}

class PGliteDriver implements Driver {
  readonly #connection: PGliteConnection;
  readonly #gate: PGliteGate;
  readonly #priority: PGlitePriority;

  constructor(pglite: PGlite, gate: PGliteGate, priority: PGlitePriority) {
    this.#connection = new PGliteConnection(pglite);
    this.#gate = gate;
    this.#priority = priority;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#gate.acquire(this.#priority);
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let sql = 'begin';
    if (settings.isolationLevel) sql += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) sql += ` ${settings.accessMode}`;
    await connection.executeQuery(CompiledQuery.raw(sql));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdent(name)}`));
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdent(name)}`));
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdent(name)}`));
  }

  async releaseConnection(): Promise<void> {
    this.#gate.release();
  }

  async destroy(): Promise<void> {
    await this.#gate.drained();
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Like `pg`, a query without parameters goes through the simple protocol, so a migration file
    // with several statements runs as one script; its last statement's result is returned.
    const result: Results<R> =
      compiledQuery.parameters.length === 0
        ? lastResult<R>(await this.#pglite.exec(compiledQuery.sql))
        : await this.#pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const affected = result.affectedRows;
    return {
      rows: result.rows ?? [],
      ...(affected !== undefined ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  // PGlite has no cursors over its wire: read the whole result, hand it out in chunks.
  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

function lastResult<R>(results: Results[]): Results<R> {
  return (results.at(-1) ?? { rows: [], fields: [] }) as Results<R>;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
