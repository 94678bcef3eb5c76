import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ idleMinutes: 30, maxFailedLogins: 3, lockMinutes: 15 });
});
afterAll(async () => {
  await t.close();
});

function login(username: string, password: string, headers: Record<string, string> = {}) {
  return t.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });
}

describe('sign-in', () => {
  it('sets an HttpOnly SameSite session cookie and stores only a hash of its token', async () => {
    const res = await login(t.users.township_clerk, PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^xnb_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const token = cookie.slice('xnb_session='.length, cookie.indexOf(';'));
    const stored = await t.database.db.selectFrom('staff_session').select('token_hash').execute();
    expect(stored.some((s) => s.token_hash === token)).toBe(false);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
    const body = (await res.json()) as { user: { role: string; regionName: string; permissions: string[] } };
    expect(body.user).toMatchObject({ role: 'township_clerk', regionName: '圣城街道' });
    expect(body.user.permissions).toContain('residents:view');
  });

  it('refuses a wrong password with a message in the asked language, and an unknown user the same way', async () => {
    const wrong = await login(t.users.archivist, 'nope12345');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' });
    const unknown = await login('nobody_here', 'nope12345', { 'accept-language': 'en' });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: 'Wrong username or password' });
  });

  it('locks an account after repeated wrong passwords, even against the right one', async () => {
    const user = t.users.finance_bureau;
    for (let i = 0; i < 2; i++) expect((await login(user, 'wrong-pass-1')).status).toBe(401);
    const locked = await login(user, 'wrong-pass-1');
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { code: string }).code).toBe('AUTH_ACCOUNT_LOCKED');
    expect((await login(user, PASSWORD)).status).toBe(429);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('username', '=', user).execute();
    expect(audit.map((a) => a.action)).toEqual(['auth.login_failed', 'auth.login_failed', 'auth.locked']);
  });

  it('rejects a malformed body naming the field', async () => {
    const res = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'x' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'password' });
    const broken = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(broken.status).toBe(400);
  });

  it('refuses a sign-in posted from another site', async () => {
    const res = await login(t.users.archivist, PASSWORD, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('CSRF_FAILED');
  });
});

describe('sessions', () => {
  it('needs the CSRF token on state-changing requests', async () => {
    const s = await t.signIn(t.users.system_admin);
    const body = { username: 'csrf_victim', displayName: 'x', role: 'archivist', regionCode: '370783000000', password: 'Abcdefg123' };
    const without = await t.app.request('/api/users', { method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(without.status).toBe(403);
    expect(((await without.json()) as { code: string }).code).toBe('CSRF_FAILED');
    const wrong = await s.send('POST', '/api/users', body, { 'x-csrf-token': 'forged' });
    expect(wrong.status).toBe(403);
    expect(await t.database.db.selectFrom('staff_user').where('username', '=', 'csrf_victim').select('id').execute()).toEqual([]);
  });

  it('lets a signed-in user use the public calculator without the token, but not from another site', async () => {
    const s = await t.signIn(t.users.archivist);
    const body = JSON.stringify({ birthDate: '1950-03-15', balances: { individual: '1390' } });
    const ok = await t.app.request('/api/calc/benefit', { method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/json' }, body });
    expect(ok.status).toBe(200);
    const foreign = await t.app.request('/api/calc/benefit', {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/json', origin: 'https://evil.example' },
      body,
    });
    expect(foreign.status).toBe(403);
  });

  it('ends a session that was idle too long', async () => {
    const s = await t.signIn(t.users.benefit_reviewer);
    expect((await s.get('/api/auth/me')).status).toBe(200);
    await sql`update staff_session set last_seen_at = now() - interval '31 minutes'`.execute(t.database.db);
    const res = await s.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('SESSION_EXPIRED');
  });

  it('signs out: the cookie no longer works', async () => {
    const s = await t.signIn(t.users.account_manager);
    expect((await s.send('POST', '/api/auth/logout')).status).toBe(200);
    expect((await s.get('/api/auth/me')).status).toBe(401);
  });
});
