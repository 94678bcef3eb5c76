import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress } from '../src/http/app.js';
import { sessionsChanged } from '../src/modules/staff/session-changes.js';
import { DEFAULT_SESSION_POLICY, hashToken, resumeSession } from '../src/modules/staff/sessions.js';
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

/** A sign-in from a client address: the Node server's socket, as @hono/node-server passes it. */
function loginFrom(address: string, username: string, password: string) {
  return t.app.request(
    '/api/auth/login',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) },
    { incoming: { socket: { remoteAddress: address, remotePort: 50_000, remoteFamily: 'IPv4' } } },
  );
}

async function codeOf(res: Response): Promise<string> {
  return ((await res.json()) as { code: string }).code;
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

describe('lock-out per user and address', () => {
  it('checks no more than the limit of 28 wrong passwords sent at once, and the right one is then refused', async () => {
    const user = t.users.county_director;
    const results = await Promise.all(Array.from({ length: 28 }, (_, i) => loginFrom('10.9.0.1', user, `Wrong-guess-${i}`)));
    const statuses = results.map((r) => r.status);
    // maxFailedLogins is 3 here: two plain refusals, the third locks; the other 25 are never checked.
    expect(statuses.filter((s) => s === 401)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(26);
    expect((await loginFrom('10.9.0.1', user, PASSWORD)).status).toBe(429);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('username', '=', user).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['auth.locked', 'auth.login_failed', 'auth.login_failed']);
    const row = await t.database.db.selectFrom('login_throttle').selectAll().where('username', '=', user).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ client: '10.9.0.1', failures: 3 });
  });

  it('does not lock the user out from another address', async () => {
    const user = t.users.county_enrolment_auditor;
    for (let i = 0; i < 3; i++) await loginFrom('10.9.0.2', user, 'Wrong-guess-1');
    const locked = await loginFrom('10.9.0.2', user, PASSWORD);
    expect(locked.status).toBe(429);
    expect(await codeOf(locked)).toBe('AUTH_ACCOUNT_LOCKED');
    expect((await loginFrom('10.9.0.3', user, PASSWORD)).status).toBe(200);
    // The attacker's address stays locked after the user signed in elsewhere.
    expect((await loginFrom('10.9.0.2', user, PASSWORD)).status).toBe(429);
  });

  it('locks again for twice as long after each further failure once a lock ends, and a right password clears it', async () => {
    const user = t.users.benefit_reviewer;
    for (let i = 0; i < 3; i++) await loginFrom('10.9.0.4', user, 'Wrong-guess-1');
    const lockFor = async () => {
      const { locked_until } = await t.database.db
        .selectFrom('login_throttle')
        .select('locked_until')
        .where('username', '=', user)
        .where('client', '=', '10.9.0.4')
        .executeTakeFirstOrThrow();
      return Math.round((locked_until!.getTime() - Date.now()) / 60_000);
    };
    expect(await lockFor()).toBe(15);
    const endLock = () => sql`update login_throttle set locked_until = now() - interval '1 second' where username = ${user}`.execute(t.database.db);
    await endLock();
    const again = await loginFrom('10.9.0.4', user, 'Wrong-guess-2');
    expect(again.status).toBe(429);
    expect(await lockFor()).toBe(30);
    await endLock();
    expect((await loginFrom('10.9.0.4', user, 'Wrong-guess-3')).status).toBe(429);
    expect(await lockFor()).toBe(60);
    await endLock();
    expect((await loginFrom('10.9.0.4', user, PASSWORD)).status).toBe(200);
    expect(await t.database.db.selectFrom('login_throttle').where('username', '=', user).select('client').execute()).toEqual([]);
  });

  it('locks an unknown user name the same way, so a lock does not tell that an account exists', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await loginFrom('10.9.0.5', 'no_such_user', 'Wrong-guess-1')).status);
    expect(statuses).toEqual([401, 401, 429, 429]);
  });

  it('lifts every lock on the account when an administrator resets the password', async () => {
    const user = t.users.finance_officer;
    for (let i = 0; i < 3; i++) await loginFrom('10.9.0.6', user, 'Wrong-guess-1');
    expect((await loginFrom('10.9.0.6', user, PASSWORD)).status).toBe(429);
    const admin = await t.signIn(t.users.system_admin);
    const { items } = (await (await admin.get(`/api/users?q=${user}`)).json()) as { items: { id: number }[] };
    expect((await admin.send('POST', `/api/users/${items[0]!.id}/reset-password`, { password: 'Kunlun-Snow-42' })).status).toBe(200);
    expect((await loginFrom('10.9.0.6', user, 'Kunlun-Snow-42')).status).toBe(200);
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
    // Written behind the service's back (as if by another server process): the cached session is dropped by hand.
    sessionsChanged();
    const res = await s.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('SESSION_EXPIRED');
  });

  it('answers a session from memory for SESSION_CACHE_SECONDS at most, and never after a change in this process', async () => {
    const policy = { ...DEFAULT_SESSION_POLICY, cacheSeconds: 2 };
    const s = await t.signIn(t.users.agent_bank);
    const token = decodeURIComponent(s.cookie.split('=')[1]!);
    const t0 = new Date();
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect(await resumeSession(t.database.db, token, policy, t0)).toMatchObject({ user: { username: t.users.agent_bank } });
    // Ended behind the service's back (another process): answered from memory within the 2 s, read again after.
    await t.database.db.deleteFrom('staff_session').where('token_hash', '=', hashToken(token)).execute();
    expect(await resumeSession(t.database.db, token, policy, at(1_500))).toMatchObject({ user: { username: t.users.agent_bank } });
    expect(await resumeSession(t.database.db, token, policy, at(2_500))).toBeUndefined();
    expect(await resumeSession(t.database.db, token, { ...policy, cacheSeconds: 0 }, at(100))).toBeUndefined();

    // A change made through this process is seen at once: disabling, then signing out.
    const other = await t.signIn(t.users.supervisor);
    expect((await other.get('/api/auth/me')).status).toBe(200);
    const admin = await t.signIn(t.users.system_admin);
    const id = (await t.database.db.selectFrom('staff_user').select('id').where('username', '=', t.users.supervisor).executeTakeFirstOrThrow()).id;
    expect((await admin.send('PATCH', `/api/users/${id}`, { disabled: true })).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await admin.send('PATCH', `/api/users/${id}`, { disabled: false })).status).toBe(200);
    const again = await t.signIn(t.users.supervisor);
    expect((await again.get('/api/auth/me')).status).toBe(200);
    expect((await again.send('POST', '/api/auth/logout')).status).toBe(200);
    expect((await again.get('/api/auth/me')).status).toBe(401);
  });

  it('signs out: the cookie no longer works', async () => {
    const s = await t.signIn(t.users.account_manager);
    expect((await s.send('POST', '/api/auth/logout')).status).toBe(200);
    expect((await s.get('/api/auth/me')).status).toBe(401);
  });
});

describe('client address behind a reverse proxy', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY says how many proxies to believe', async () => {
    expect(clientAddress('10.0.0.9', '1.2.3.4', 0)).toBe('10.0.0.9');
    expect(clientAddress('10.0.0.9', 'forged, 1.2.3.4', 1)).toBe('1.2.3.4');
    expect(clientAddress('10.0.0.9', 'forged, 1.2.3.4, 10.0.0.8', 2)).toBe('1.2.3.4');
    expect(clientAddress('10.0.0.9', '1.2.3.4', 3)).toBe('1.2.3.4');
    expect(clientAddress('10.0.0.9', undefined, 1)).toBe('10.0.0.9');
  });

  it('locks the guessing address, not the proxy every office shares, with the configured limits', async () => {
    const proxied = await createTestApp({}, { config: { trustProxyHops: 1, loginMaxFailures: 2, loginLockMinutes: 7, loginMaxLockMinutes: 7 } });
    try {
      const user = proxied.users.finance_officer;
      const via = (client: string, password: string) =>
        proxied.app.request(
          '/api/auth/login',
          { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `forged, ${client}` }, body: JSON.stringify({ username: user, password }) },
          { incoming: { socket: { remoteAddress: '10.0.0.1', remotePort: 50_000, remoteFamily: 'IPv4' } } },
        );
      expect((await via('1.1.1.1', 'wrong-1')).status).toBe(401);
      const locked = await via('1.1.1.1', 'wrong-2');
      expect(locked.status).toBe(429);
      expect(await codeOf(locked)).toBe('AUTH_ACCOUNT_LOCKED');
      expect((await via('2.2.2.2', PASSWORD)).status).toBe(200);
      const rows = await proxied.database.db.selectFrom('login_throttle').select(['client', 'locked_until']).where('username', '=', user).execute();
      expect(rows.map((r) => r.client)).toEqual(['1.1.1.1']);
      expect(Math.round((rows[0]!.locked_until!.getTime() - Date.now()) / 60_000)).toBe(7);
    } finally {
      await proxied.close();
    }
  });
});

