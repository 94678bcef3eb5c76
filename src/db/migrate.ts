import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { ROOT_URL } from '../paths.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('src/db/migrations/', ROOT_URL));
/** Arbitrary constant: one migrator at a time per database. */
const MIGRATION_LOCK = 7_783_001;

export interface MigrationFile {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export class MigrationError extends Error {
  constructor(
    readonly code: 'MIGRATION_CHANGED' | 'MIGRATION_NAME',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new MigrationError('MIGRATION_NAME', `migration file name must be NNNN_name.sql: ${file}`);
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number(match[1]),
        name: match[2]!,
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

/**
 * Applies the numbered SQL files not yet applied, each in its own transaction. A second run does
 * nothing; an applied file whose text changed is refused (migrations are frozen once released).
 * Takes Kysely<any> on purpose: a migration is frozen in time, not typed against today's schema.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see comment above
export async function migrate(db: Kysely<any>, files = listMigrations()): Promise<MigrationFile[]> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`create table if not exists schema_migration (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`.execute(conn);
      const applied = await sql<{ version: number; checksum: string }>`select version, checksum from schema_migration`.execute(conn);
      const done = new Map(applied.rows.map((r) => [r.version, r.checksum]));
      const ran: MigrationFile[] = [];
      for (const file of files) {
        const previous = done.get(file.version);
        if (previous !== undefined) {
          if (previous !== file.checksum) {
            throw new MigrationError('MIGRATION_CHANGED', `migration ${file.version}_${file.name} was changed after it was applied`);
          }
          continue;
        }
        await conn.transaction().execute(async (tx) => {
          await sql.raw(file.sql).execute(tx);
          await sql`insert into schema_migration (version, name, checksum) values (${file.version}, ${file.name}, ${file.checksum})`.execute(tx);
        });
        ran.push(file);
      }
      return ran;
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
}
