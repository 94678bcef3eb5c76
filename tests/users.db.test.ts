import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, HOME, OTHER_COUNTY, PASSWORD, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn(t.users.system_admin);
});
afterAll(async () => {
  await t.close();
});

const newClerk = { username: 'clerk_new', displayName: '新经办', role: 'township_clerk', regionCode: HOME.otherTownship, password: 'Tianliu-Clerk7' };

describe('user administration', () => {
  it('creates an account that can sign in and sees its own township only', async () => {
    const res = await admin.send('POST', '/api/users', newClerk);
    expect(res.status).toBe(200);
    const { user } = (await res.json()) as { user: { id: number; regionName: string } };
    expect(user.regionName).toBe('田柳镇');
    const s = await t.signIn('clerk_new', 'Tianliu-Clerk7');
    const tree = (await (await s.get('/api/regions/tree')).json()) as { root: { code: string } };
    expect(tree.root.code).toBe(HOME.otherTownship);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.create').where('entity_id', '=', String(user.id)).executeTakeFirstOrThrow();
    expect(audit.username).toBe(t.users.system_admin);
    expect(JSON.stringify(audit.after)).not.toContain('Tianliu-Clerk7');
  });

  it.each([
    [{ ...newClerk, username: 'clerk_new' }, 409, 'USERNAME_TAKEN', 'username'],
    [{ ...newClerk, username: 'x1', password: 'Tianliu-Clerk7' }, 400, 'VALIDATION_FAILED', 'username'],
    [{ ...newClerk, username: 'weak_pw', password: 'password' }, 400, 'PASSWORD_WEAK', 'password'],
    [{ ...newClerk, username: 'wrong_level', regionCode: HOME.village }, 400, 'ROLE_REGION_LEVEL', 'regionCode'],
    [{ ...newClerk, username: 'no_region', regionCode: '370783555000' }, 400, 'REGION_NOT_FOUND', 'regionCode'],
    [{ ...newClerk, username: 'other_county', regionCode: OTHER_COUNTY.township }, 403, 'REGION_OUT_OF_SCOPE', 'regionCode'],
    [{ ...newClerk, username: 'bad_role', role: 'king' }, 400, 'VALIDATION_FAILED', 'role'],
  ])('refuses %o with %i %s naming the field', async (body, status, code, field) => {
    const res = await admin.send('POST', '/api/users', body);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ code, field });
  });

  it('lists users of its county with filters and paging', async () => {
    const all = (await (await admin.get('/api/users?pageSize=5')).json()) as { items: { regionCode: string }[]; total: number };
    expect(all.items).toHaveLength(5);
    expect(all.total).toBeGreaterThanOrEqual(13);
    const clerks = (await (await admin.get('/api/users?role=township_clerk')).json()) as { items: { username: string }[] };
    expect(clerks.items.map((u) => u.username).sort()).toEqual(['clerk_new', t.users.township_clerk].sort());
  });

  it('disables an account: its sessions end and it cannot sign in; enabling restores it', async () => {
    const victim = await t.signIn(t.users.archivist);
    const { items } = (await (await admin.get(`/api/users?q=${t.users.archivist}`)).json()) as { items: { id: number }[] };
    const id = items[0]!.id;
    expect((await admin.send('PATCH', `/api/users/${id}`, { disabled: true })).status).toBe(200);
    expect((await victim.get('/api/auth/me')).status).toBe(401);
    const refused = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: t.users.archivist, password: PASSWORD }) });
    expect(refused.status).toBe(403);
    expect((await admin.send('PATCH', `/api/users/${id}`, { disabled: false })).status).toBe(200);
    await t.signIn(t.users.archivist);
  });

  it('resets a password: the old one stops working', async () => {
    const { items } = (await (await admin.get(`/api/users?q=${t.users.agent_bank}`)).json()) as { items: { id: number }[] };
    expect((await admin.send('POST', `/api/users/${items[0]!.id}/reset-password`, { password: 'NewPass2025' })).status).toBe(200);
    await expect(t.signIn(t.users.agent_bank)).rejects.toThrow(/401/);
    await t.signIn(t.users.agent_bank, 'NewPass2025');
  });

  it('does not let an admin disable their own account', async () => {
    const me = (await (await admin.get('/api/auth/me')).json()) as { user: { id: number } };
    const res = await admin.send('PATCH', `/api/users/${me.user.id}`, { disabled: true });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('USER_SELF_DISABLE');
  });
});
