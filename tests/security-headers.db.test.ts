import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF_POLICY } from '../src/http/middleware/security-headers.js';
import { createTestApp, PASSWORD, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function expectSecurityHeaders(res: Response) {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  expect(csp).toContain("style-src 'self' 'unsafe-inline'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('same-origin');
  // Plain HTTP here (SECURE_COOKIES off): no HSTS promise.
  expect(res.headers.get('strict-transport-security')).toBeNull();
}

describe('security headers', () => {
  it('are on API answers, errors and the web app', async () => {
    expectSecurityHeaders(await t.app.request('/api/health'));
    expectSecurityHeaders(await t.app.request('/api/dashboard')); // 401
    expectSecurityHeaders(await t.app.request('/api/no-such-thing')); // 404
    expectSecurityHeaders(await t.app.request('/api/docs'));
    expectSecurityHeaders(await t.app.request('/residents')); // the web app's index (503 here: not built)
    const bad = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(bad.status).toBe(400);
    expectSecurityHeaders(bad);
  });

  it('give an inline PDF a policy under which the browser viewer can show it', async () => {
    const finance = await t.signIn(t.users.finance_officer);
    const res = await finance.get('/api/fund/statement.pdf?from=2025-01&to=2025-06');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-security-policy')).toBe(PDF_POLICY);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('Origin: null', () => {
  it('is refused with 403 on the login and the calculator, not a 500', async () => {
    const login = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'null' },
      body: JSON.stringify({ username: t.users.archivist, password: PASSWORD }),
    });
    expect(login.status).toBe(403);
    expect(((await login.json()) as { code: string }).code).toBe('CSRF_FAILED');
    const calc = await t.app.request('/api/calc/benefit', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'null' },
      body: JSON.stringify({ birthDate: '1950-03-15', balances: { individual: '1390' } }),
    });
    expect(calc.status).toBe(403);
    expect(((await calc.json()) as { code: string }).code).toBe('CSRF_FAILED');
  });

  it('still lets a same-origin request through', async () => {
    const calc = await t.app.request('http://localhost/api/calc/benefit', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost' },
      body: JSON.stringify({ birthDate: '1950-03-15', balances: { individual: '1390' } }),
    });
    expect(calc.status).toBe(200);
  });
});
