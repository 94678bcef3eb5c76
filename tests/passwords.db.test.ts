import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, HOME, PASSWORD, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn(t.users.system_admin);
});
afterAll(async () => {
  await t.close();
});

async function userId(username: string): Promise<number> {
  const row = await t.database.db.selectFrom('staff_user').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return row.id;
}

const clerk = { displayName: '新经办', role: 'township_clerk', regionCode: HOME.otherTownship };

describe('password rules wherever a password is set', () => {
  it('refuses password1 and a password equal to the user name when an account is created', async () => {
    const common = await admin.send('POST', '/api/users', { ...clerk, username: 'clerk_common', password: 'password1' });
    expect(common.status).toBe(400);
    expect(await common.json()).toMatchObject({ code: 'PASSWORD_COMMON', field: 'password' });
    const own = await admin.send('POST', '/api/users', { ...clerk, username: 'li_ming2024', password: 'li_ming2024' }, { 'accept-language': 'en' });
    expect(own.status).toBe(400);
    expect(await own.json()).toMatchObject({ code: 'PASSWORD_HAS_USERNAME', field: 'password', message: 'The password must not contain the user name' });
    expect(await t.database.db.selectFrom('staff_user').select('id').where('username', 'in', ['clerk_common', 'li_ming2024']).execute()).toEqual([]);
  });

  it('refuses them when an administrator resets a password', async () => {
    const id = await userId(t.users.archivist);
    const common = await admin.send('POST', `/api/users/${id}/reset-password`, { password: 'password1' });
    expect(common.status).toBe(400);
    expect(((await common.json()) as { code: string }).code).toBe('PASSWORD_COMMON');
    const own = await admin.send('POST', `/api/users/${id}/reset-password`, { password: `${t.users.archivist}9` });
    expect(((await own.json()) as { code: string }).code).toBe('PASSWORD_HAS_USERNAME');
    await t.signIn(t.users.archivist); // unchanged
  });
});

describe('changing one\'s own password', () => {
  it('needs the current password, applies the rules, ends the other sessions and is audited', async () => {
    const user = t.users.account_manager;
    const here = await t.signIn(user);
    const elsewhere = await t.signIn(user);

    const wrong = await here.send('POST', '/api/auth/password', { currentPassword: 'Not-my-pass-1', newPassword: 'Kunlun-Snow-42' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ code: 'PASSWORD_CURRENT_WRONG', field: 'currentPassword', message: '当前密码不正确' });
    const common = await here.send('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'password1' });
    expect(await common.json()).toMatchObject({ code: 'PASSWORD_COMMON', field: 'newPassword' });
    const same = await here.send('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(await same.json()).toMatchObject({ code: 'PASSWORD_UNCHANGED', field: 'newPassword' });

    const ok = await here.send('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Kunlun-Snow-42' });
    expect(ok.status).toBe(200);
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    await expect(t.signIn(user)).rejects.toThrow(/401/);
    await t.signIn(user, 'Kunlun-Snow-42');

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'after']).where('username', '=', user).where('action', 'like', 'user.change_password%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.change_password_failed', 'user.change_password']);
    expect(audit[1]!.after).toEqual({ otherSessionsEnded: 1 });
    expect(JSON.stringify(audit)).not.toContain('Kunlun');
  });

  it('needs the CSRF token and a session', async () => {
    const s = await t.signIn(t.users.supervisor);
    const noToken = await t.app.request('/api/auth/password', {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'Kunlun-Snow-42' }),
    });
    expect(noToken.status).toBe(403);
    const anonymous = await t.app.request('/api/auth/password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'Kunlun-Snow-42' }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('counts wrong current passwords against the sign-in lock-out', async () => {
    const s = await t.signIn(t.users.finance_bureau);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await s.send('POST', '/api/auth/password', { currentPassword: `Not-my-pass-${i}`, newPassword: 'Kunlun-Snow-42' })).status);
    // The default limit is 5: the fifth wrong one locks, the sixth is not checked.
    expect(statuses).toEqual([400, 400, 400, 400, 429, 429]);
    const right = await s.send('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Kunlun-Snow-42' });
    expect(right.status).toBe(429);
  });
});
