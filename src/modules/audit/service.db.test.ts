import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.js';
import { openTestDatabase } from '../../db/testing.js';
import { appendAudit, listAudit, recordAudit, verifyAuditChain, type AuditActor } from './service.js';

let database: Database;
const actor: AuditActor = { userId: 7, username: 'clerk', role: 'township_clerk', regionCode: '370783001000', requestId: 'r-1', ip: '10.0.0.1' };

beforeAll(async () => {
  database = await openTestDatabase();
  for (let i = 1; i <= 5; i++) {
    await recordAudit(database.db, actor, { action: 'test.change', entity: 'thing', entityId: i, before: { n: i - 1, 名称: '旧' }, after: { n: i, nested: { b: 1, a: [1, 'x'] } } });
  }
});
afterAll(async () => {
  await database.close();
});

/** What someone with database access would do: switch the guard off and change history. */
async function tamper(statement: string): Promise<void> {
  await sql.raw(`alter table audit_log disable trigger audit_log_no_update`).execute(database.db);
  await sql.raw(statement).execute(database.db);
  await sql.raw(`alter table audit_log enable trigger audit_log_no_update`).execute(database.db);
}

describe('audit log', () => {
  it('chains rows so an untouched log verifies', async () => {
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, checked: 5, problems: [] });
  });

  it('refuses updates and deletes through the normal path', async () => {
    await expect(sql`update audit_log set action = 'x' where id = 1`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = 1`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('rolls back with the change it records', async () => {
    await expect(
      database.db.transaction().execute(async (tx) => {
        await appendAudit(tx, actor, { action: 'test.rolled_back', entity: 'thing' });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const { total } = await listAudit(database.db, { action: 'test.rolled_back', page: 1, pageSize: 10 });
    expect(total).toBe(0);
  });

  it('filters by action, user and region', async () => {
    const result = await listAudit(database.db, { action: 'test', username: 'clerk', regionPrefix: '370783001', page: 1, pageSize: 2 });
    expect(result.total).toBe(5);
    expect(result.items.map((r) => r.id)).toEqual([5, 4]);
    expect(result.items[0]!.after).toEqual({ n: 5, nested: { b: 1, a: [1, 'x'] } });
  });

  it('names an edited row', async () => {
    await tamper(`update audit_log set after = '{"n": 99}' where id = 3`);
    const result = await verifyAuditChain(database.db);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ id: 3, kind: 'hash_mismatch' }]);
  });

  it('names the place where a row was deleted', async () => {
    await tamper(`delete from audit_log where id = 2`);
    const result = await verifyAuditChain(database.db);
    expect(result.problems).toContainEqual({ id: 3, kind: 'missing_rows' });
    expect(result.problems).toContainEqual({ id: 3, kind: 'broken_link' });
  });
});
