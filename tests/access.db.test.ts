import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, ROLE_REGION_LEVEL, ROLES, type Permission } from '../src/modules/staff/roles.js';
import { createTestApp, HOME, OTHER_COUNTY, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/**
 * One read route per permission, so each role is tried on every permission it lacks. A permission only part of a
 * request needs (`within`: the route's own) is refused with its own `code` to a role that may call the route.
 */
const PROBES: Record<Permission, { method: string; path: string; body?: unknown; within?: Permission; code?: string }> = {
  'dashboard:view': { method: 'GET', path: '/api/dashboard' },
  'regions:view': { method: 'GET', path: '/api/regions/tree' },
  'regions:import': { method: 'POST', path: '/api/regions/import', body: new FormData() },
  'residents:view': { method: 'GET', path: '/api/residents' },
  'residents:edit': { method: 'PATCH', path: '/api/residents/1/contact', body: {} },
  'residents:export_full_id': { method: 'GET', path: '/api/residents/export.xlsx?idNumbers=full', within: 'residents:view', code: 'EXPORT_FULL_ID_FORBIDDEN' },
  'users:admin': { method: 'GET', path: '/api/users' },
  'audit:view': { method: 'GET', path: '/api/audit' },
  'enrolment:view': { method: 'GET', path: '/api/enrolment/applications' },
  'enrolment:submit': { method: 'POST', path: '/api/enrolment/applications', body: {} },
  'enrolment:review': { method: 'POST', path: '/api/enrolment/applications/review', body: {} },
  'enrolment:confirm': { method: 'POST', path: '/api/enrolment/applications/confirm', body: {} },
  'contributions:view': { method: 'GET', path: '/api/contributions?year=2026' },
  'contributions:collect': { method: 'POST', path: '/api/contributions', body: {} },
  'contributions:reverse': { method: 'POST', path: '/api/contributions/1/reverse', body: {} },
  'accounts:interest': { method: 'POST', path: '/api/jobs/interest', body: {} },
  'pensions:view': { method: 'GET', path: '/api/pensions' },
  'pensions:award': { method: 'POST', path: '/api/pensions/award', body: {} },
  'pensions:certify': { method: 'POST', path: '/api/pensions/certify', body: {} },
  'pensions:recover': { method: 'POST', path: '/api/deaths/1/recover', body: {} },
  'payroll:view': { method: 'GET', path: '/api/payroll' },
  'payroll:generate': { method: 'POST', path: '/api/payroll', body: {} },
  'payroll:approve': { method: 'POST', path: '/api/payroll/2026-01/approve', body: {} },
  'payroll:bank': { method: 'GET', path: '/api/payroll/2026-01/bank-file' },
  'fund:view': { method: 'GET', path: '/api/fund/statement' },
  'fund:record': { method: 'POST', path: '/api/fund/sweeps', body: {} },
  'fund:allocate': { method: 'POST', path: '/api/fund/allocations', body: {} },
  'publicity:view': { method: 'GET', path: '/api/publicity' },
  'publicity:manage': { method: 'POST', path: '/api/publicity', body: {} },
  'cycle:view': { method: 'GET', path: '/api/cycle/2026-01' },
  'cycle:submit': { method: 'POST', path: '/api/cycle/2026-01/submit' },
  'cycle:reopen': { method: 'POST', path: '/api/cycle/2026-01/reopen', body: {} },
  'crosscheck:view': { method: 'GET', path: '/api/cross-checks/hits' },
  'crosscheck:load': { method: 'POST', path: '/api/cross-checks/batches', body: new FormData() },
  'crosscheck:resolve': { method: 'POST', path: '/api/cross-checks/hits/1/resolve', body: {} },
  'indicators:view': { method: 'GET', path: '/api/indicators' },
  'targets:manage': { method: 'PUT', path: '/api/indicators/targets', body: {} },
  'archives:view': { method: 'GET', path: '/api/archives' },
  'archives:manage': { method: 'POST', path: '/api/archives/loans', body: {} },
  'assessment:view': { method: 'GET', path: '/api/assessment' },
  'assessment:compute': { method: 'POST', path: '/api/assessment/compute', body: {} },
  'assessment:approve': { method: 'POST', path: '/api/assessment/approve', body: {} },
};

async function deniedRows(username: string): Promise<number> {
  const { n } = await t.database.db
    .selectFrom('audit_log')
    .where('username', '=', username)
    .where('action', '=', 'access.denied')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return n;
}

describe('every API route declares who may call it', () => {
  it('has an access declaration on every operation of the OpenAPI document', async () => {
    const res = await t.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, { 'x-access'?: string }>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => ({ path, m, access: op['x-access'] })));
    expect(operations.length).toBeGreaterThan(10);
    expect(operations.filter((o) => !o.access)).toEqual([]);
    const publicOnes = operations.filter((o) => o.access === 'public').map((o) => `${o.m} ${o.path}`);
    expect(publicOnes.sort()).toEqual([
      'get /api/calc/parameters',
      'get /api/calc/scopes',
      'get /api/health',
      'post /api/auth/login',
      'post /api/calc/benefit',
      'post /api/calc/contribution',
      'post /api/calc/death',
      'post /api/calc/interest',
      'post /api/calc/obligation',
    ]);
  });

  it('has no API handler outside the OpenAPI document (besides the document, its page and the 404)', async () => {
    const res = await t.app.request('/api/openapi.json');
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)));
    const handlers = t.app.routes
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`)
      .filter((r) => !['GET /api/openapi.json', 'GET /api/docs'].includes(r));
    expect(handlers.filter((h) => !documented.has(h))).toEqual([]);
  });

  it('answers 401 with a readable message to a request without a session', async () => {
    const res = await t.app.request('/api/dashboard');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'AUTH_REQUIRED', message: '请先登录' });
    const en = await t.app.request('/api/dashboard', { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(await en.json()).toMatchObject({ code: 'AUTH_REQUIRED', message: 'Please sign in' });
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const s = await t.signIn(t.users.county_director);
    const res = await s.get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe.each(ROLES)('role %s', (role) => {
  it('is refused every route whose permission it lacks, and each refusal is audited', async () => {
    const username = t.users[role];
    const s = await t.signIn(username);
    const lacking = (Object.keys(PROBES) as Permission[]).filter((p) => !ROLE_PERMISSIONS[role].includes(p));
    const before = await deniedRows(username);
    for (const permission of lacking) {
      const probe = PROBES[permission];
      const res = probe.method === 'GET' ? await s.get(probe.path) : await s.send(probe.method, probe.path, probe.body);
      expect(res.status, `${role} → ${probe.path}`).toBe(403);
      const own = probe.within !== undefined && ROLE_PERMISSIONS[role].includes(probe.within);
      expect(((await res.json()) as { code: string }).code).toBe(own ? probe.code : 'FORBIDDEN');
    }
    expect(await deniedRows(username)).toBe(before + lacking.length);
  });

  it("cannot read another region's data, and the attempt leaves an audit row", async () => {
    const username = t.users[role];
    const s = await t.signIn(username);
    const level = ROLE_REGION_LEVEL[role];
    const outside = level === 'village' ? [HOME.siblingVillage, HOME.otherVillage] : level === 'township' ? [HOME.otherTownship, HOME.otherVillage] : [OTHER_COUNTY.county, OTHER_COUNTY.village];
    for (const code of outside) {
      const before = await deniedRows(username);
      const res = await s.get(`/api/regions/${code}`);
      expect(res.status, `${role} → region ${code}`).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('REGION_OUT_OF_SCOPE');
      expect(await deniedRows(username)).toBe(before + 1);
      if (ROLE_PERMISSIONS[role].includes('residents:view')) {
        const list = await s.get(`/api/residents?regionCode=${code}`);
        expect(list.status).toBe(403);
      }
      if (ROLE_PERMISSIONS[role].includes('enrolment:view')) {
        const list = await s.get(`/api/enrolment/applications?regionCode=${code}`);
        expect(list.status, `${role} → applications of ${code}`).toBe(403);
      }
      if (ROLE_PERMISSIONS[role].includes('indicators:view')) {
        const table = await s.get(`/api/indicators?regionCode=${code}`);
        expect(table.status, `${role} → indicators of ${code}`).toBe(403);
        const people = await s.get(`/api/indicators/people?regionCode=${code}&figure=enrolled`);
        expect(people.status, `${role} → people of ${code}`).toBe(403);
      }
    }
  });

  it('sees only its own region in the tree and on the dashboard', async () => {
    const s = await t.signIn(t.users[role]);
    const tree = (await (await s.get('/api/regions/tree')).json()) as { root: { code: string } };
    const level = ROLE_REGION_LEVEL[role];
    expect(tree.root.code).toBe(level === 'village' ? HOME.village : level === 'township' ? HOME.township : HOME.county);
    const dash = (await (await s.get('/api/dashboard')).json()) as { region: { code: string }; counts: { residents: number } };
    expect(dash.region.code).toBe(tree.root.code);
    expect(dash.counts.residents).toBe(level === 'village' ? 2 : level === 'township' ? 4 : 8);
  });
});

describe('a township clerk', () => {
  it("sees its villages and no other township's, in the tree and the resident list", async () => {
    const s = await t.signIn(t.users.township_clerk);
    const tree = (await (await s.get('/api/regions/tree')).json()) as { root: { code: string; children: { code: string }[] } };
    expect(tree.root.children.map((c) => c.code)).toEqual([HOME.village, HOME.siblingVillage]);
    const list = (await (await s.get('/api/residents?pageSize=100')).json()) as { items: { villageCode: string; idNumberMasked: string }[]; total: number };
    expect(list.total).toBe(4);
    expect(list.items.every((r) => r.villageCode.startsWith('370783001'))).toBe(true);
    expect(list.items[0]!.idNumberMasked).toMatch(/^370783\*{8}\d{3}[\dX]$/);
    const own = await s.get(`/api/regions/${HOME.siblingVillage}`);
    expect(own.status).toBe(200);
  });
});
