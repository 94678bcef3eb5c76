// Scanned documents live in the database (archive_document.content, bytea), so the embedded database's backup carries
// them: a scan written, backed up with `xinnongbao backup`, restored with `restore` into an empty folder, reads back
// byte for byte. (On PostgreSQL, pg_dump takes the table like any other; README, Operations.)
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { fileArchives } from '../src/modules/archives/service.js';
import { cliCommand } from './support/cli.js';

const CLI = cliCommand();

const run = promisify(execFile);
const onPostgres = Boolean(process.env.DATABASE_URL);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xnb-archives-backup-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('archive scans in a backup', () => {
  it.skipIf(onPostgres)('are restored byte for byte with their record', { timeout: 180_000 }, async () => {
    // A 200 kB "scan": the PDF signature, then random bytes.
    const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200_000)]);
    const db = await openDatabase({ dataDir: join(dir, 'data') });
    try {
      await migrate(db.db);
      await db.db.insertInto('region').values({ code: '370783000000', county_code: '370783', level: 'county', name: '寿光市', parent_code: null }).execute();
      const user = await db.db.insertInto('staff_user').values({ username: 'archivist', display_name: '陈档案', role: 'archivist', region_code: '370783000000', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
      await db.db.transaction().execute((tx) => fileArchives(tx, '370783', user.id, [{ kind: 'payroll', sourceKind: 'payroll', sourceId: '2026-11', name: '2026-11 月发放表', regionCode: '370783000000', filedOn: '2026-12-01' }]));
      const record = await db.db.selectFrom('archive_record').select('id').executeTakeFirstOrThrow();
      await db.db
        .insertInto('archive_document')
        .values({ county_code: '370783', record_id: record.id, file_name: '发放表.pdf', content_type: 'application/pdf', size: scan.length, sha256: createHash('sha256').update(scan).digest('hex'), content: scan, uploaded_by: user.id })
        .execute();
    } finally {
      await db.close();
    }
    const file = join(dir, 'backup.tar.gz');
    const env = { ...process.env, DATABASE_URL: '' };
    await run(CLI[0], [...CLI.slice(1), 'backup', '--out', file, '--data-dir', join(dir, 'data')], { env, timeout: 120_000 });
    await run(CLI[0], [...CLI.slice(1), 'restore', '--in', file, '--data-dir', join(dir, 'restored')], { env, timeout: 120_000 });
    const restored = await openDatabase({ dataDir: join(dir, 'restored') });
    try {
      const doc = await restored.db
        .selectFrom('archive_document as d')
        .innerJoin('archive_record as a', (j) => j.onRef('a.county_code', '=', 'd.county_code').onRef('a.id', '=', 'd.record_id'))
        .select(['a.file_no', 'd.file_name', 'd.content', 'd.sha256'])
        .executeTakeFirstOrThrow();
      expect(doc.file_no).toBe('370783-2026-FF-000001');
      expect(doc.file_name).toBe('发放表.pdf');
      expect(Buffer.from(doc.content).equals(scan)).toBe(true);
      expect(createHash('sha256').update(doc.content).digest('hex')).toBe(doc.sha256);
      expect((await sql<{ n: number }>`select last_seq as n from archive_counter`.execute(restored.db)).rows[0]!.n).toBe(1);
    } finally {
      await restored.close();
    }
  });
});
