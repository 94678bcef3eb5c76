// Issue 9, disclosure: no answer — list, record, export, job or error — names a person outside the caller's region.
// For every role, every route that returns people data is called for a person outside the user's region (another
// township for the village and township posts, another county for the county posts), and the body must contain
// neither that person's name nor their ID number. Uses the role machinery of access.db.test.ts (one test account per
// role) on its own fixture, so the counts that file checks stay as they are.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../src/rules/index.js';
import { ROLE_PERMISSIONS, ROLE_REGION_LEVEL, ROLES, type Permission } from '../src/modules/staff/roles.js';
import { enrolledPerson } from './support/pension-fixtures.js';
import { SYSTEM_ACTOR } from '../src/modules/audit/service.js';
import { createUser } from '../src/modules/staff/service.js';
import { createTestApp, HOME, OTHER_COUNTY, PASSWORD, type TestApp } from './support/test-app.js';

let t: TestApp;
/** The person outside the village and township posts' regions: a pensioner of 田柳村 (another township), with a payroll line and a death. */
const outsider = { name: '外乡甲', idNumber: '', residentId: 0, pensionId: 0, applicationId: 0, deathId: 0 };
/** An open application of 田柳村. */
const applicant = { name: '外乡乙', idNumber: `37078319810303011${idCheckChar('37078319810303011')}` };
/** The county posts' outsider: residents of the other county (fixture household 5). */
const otherCounty = { names: ['户主5', '子女5'], idNumbers: ['37078119550101511X', '370781199002025220'], residentId: 9 };

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** The text a person could read in an answer: JSON or text as is, every cell of an Excel file; PDFs are checked by status only. */
async function readable(res: Response): Promise<string> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('spreadsheetml')) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const cells: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
    return cells.join('\n');
  }
  if (type.includes('pdf')) return '';
  return res.text();
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  outsider.residentId = await enrolledPerson(t, { name: outsider.name, birth: '1954-06-15', village: HOME.otherVillage, years: 5, firstYear: 2010, sex: 'M', bankAccount: '6228480000000001' });
  // The fixture puts every person in household 1 (东关村): this one lives in 田柳村's household.
  const household = await db.selectFrom('household').select('id').where('village_code', '=', HOME.otherVillage).executeTakeFirstOrThrow();
  await db.updateTable('resident').set({ household_id: household.id }).where('id', '=', outsider.residentId).execute();
  // …and has an ID number with a valid check character, so an application with it gets past the form checks.
  outsider.idNumber = `37078319540615011${idCheckChar('37078319540615011')}`;
  await db.updateTable('resident').set({ id_number: outsider.idNumber }).where('id', '=', outsider.residentId).execute();

  const reviewer = await t.signIn(t.users.benefit_reviewer);
  const award = await json(await reviewer.send('POST', '/api/pensions/award', { month: '2025-11' }));
  expect(award.awarded).toBe(1);
  outsider.pensionId = award.pensionIds[0];
  expect((await reviewer.send('POST', '/api/payroll', { month: '2026-01' })).status).toBe(202);
  await t.jobs.idle();

  // A clerk of the other township submits the open application.
  await createUser(db, SYSTEM_ACTOR, { username: 't_other_clerk', displayName: '田柳镇经办员', role: 'township_clerk', regionCode: HOME.otherTownship, password: PASSWORD });
  const otherClerk = await t.signIn('t_other_clerk');
  const auditor = await t.signIn(t.users.county_enrolment_auditor);
  const application = await json(
    await otherClerk.send('POST', '/api/enrolment/applications', {
      idNumber: applicant.idNumber, name: applicant.name, villageCode: HOME.otherVillage, relation: '户主', notFullTimeStudent: true, noOtherStatePension: true,
    }),
  );
  expect(application.status, JSON.stringify(application)).toBe('submitted');
  outsider.applicationId = application.id;

  const died = await json(await auditor.send('POST', `/api/residents/${outsider.residentId}/terminate-enrolment`, { reason: 'death', on: '2026-01-20' }));
  outsider.deathId = died.death.id;
});
afterAll(async () => {
  await t.close();
});

/** Every GET route that returns people data (lists, records, exports, files, jobs, audit). */
function peopleRoutes(county: boolean): { path: string; permission: Permission; byId?: true }[] {
  const q = encodeURIComponent(outsider.name);
  const lists: { path: string; permission: Permission; byId?: true }[] = [
    { path: '/api/dashboard', permission: 'dashboard:view' },
    { path: '/api/residents?pageSize=100', permission: 'residents:view' },
    { path: `/api/residents?q=${q}`, permission: 'residents:view' },
    { path: '/api/enrolment/applications?pageSize=100', permission: 'enrolment:view' },
    { path: '/api/enrolment/applications/export.xlsx', permission: 'enrolment:view' },
    { path: '/api/contributions/plan?year=2014&pageSize=100', permission: 'contributions:view' },
    { path: '/api/contributions?year=2014&pageSize=100', permission: 'contributions:view' },
    { path: '/api/contributions/export.xlsx?year=2014', permission: 'contributions:view' },
    { path: '/api/jobs', permission: 'contributions:view' },
    { path: '/api/pensions/due?month=2025-11&pageSize=100', permission: 'pensions:view' },
    { path: '/api/pensions/due/export?month=2025-11', permission: 'pensions:view' },
    { path: '/api/pensions?pageSize=100', permission: 'pensions:view' },
    { path: '/api/pensions/export', permission: 'pensions:view' },
    { path: '/api/pensions/certification', permission: 'pensions:view' },
    { path: '/api/pensions/duplicates', permission: 'pensions:view' },
    { path: '/api/payroll', permission: 'payroll:view' },
    { path: '/api/payroll/2026-01', permission: 'payroll:view' },
    { path: '/api/payroll/2026-01/lines?pageSize=100', permission: 'payroll:view' },
    { path: '/api/payroll/2026-01/export', permission: 'payroll:view' },
    { path: '/api/deaths', permission: 'pensions:view' },
    { path: '/api/cross-checks/hits?state=open&pageSize=100', permission: 'crosscheck:view' },
    { path: '/api/cross-checks/hits/export.xlsx', permission: 'crosscheck:view' },
    { path: '/api/audit?pageSize=100', permission: 'audit:view' },
    { path: '/api/audit/export', permission: 'audit:view' },
    { path: '/api/fund/postings?from=2010-01&to=2026-12&pageSize=100', permission: 'fund:view' },
  ];
  if (county) {
    // The other county's records are never found from this one.
    return [
      ...lists,
      { path: `/api/residents/${otherCounty.residentId}`, permission: 'residents:view', byId: true },
      { path: `/api/residents/${otherCounty.residentId}/account`, permission: 'contributions:view', byId: true },
    ];
  }
  return [
    ...lists,
    { path: `/api/residents/${outsider.residentId}`, permission: 'residents:view', byId: true },
    { path: `/api/residents/${outsider.residentId}/account`, permission: 'contributions:view', byId: true },
    { path: `/api/residents/${outsider.residentId}/account/statement.pdf`, permission: 'contributions:view', byId: true },
    { path: `/api/enrolment/applications/${outsider.applicationId}`, permission: 'enrolment:view', byId: true },
    { path: `/api/pensions/${outsider.pensionId}`, permission: 'pensions:view', byId: true },
    { path: `/api/pensions/${outsider.pensionId}/award.pdf`, permission: 'pensions:view', byId: true },
    { path: `/api/pensions/${outsider.pensionId}/certifications`, permission: 'pensions:view', byId: true },
    { path: `/api/pensions/${outsider.pensionId}/payments`, permission: 'pensions:view', byId: true },
    { path: `/api/deaths/${outsider.deathId}`, permission: 'pensions:view', byId: true },
  ];
}

describe.each(ROLES)('role %s', (role) => {
  const county = ROLE_REGION_LEVEL[role] === 'county';

  it('sees no name or ID number of a person outside its region on any route that returns people data', async () => {
    const s = await t.signIn(t.users[role]);
    const secrets = county ? [...otherCounty.names, ...otherCounty.idNumbers] : [outsider.name, outsider.idNumber, applicant.name, applicant.idNumber];
    let reached = 0;
    for (const route of peopleRoutes(county)) {
      const res = await s.get(route.path);
      const allowed = ROLE_PERMISSIONS[role].includes(route.permission);
      if (!allowed) expect(res.status, `${role} → ${route.path}`).toBe(403);
      else if (route.byId) expect([403, 404], `${role} → ${route.path}`).toContain(res.status);
      else expect(res.status, `${role} → ${route.path}`).toBe(200);
      if (res.status === 200) reached += 1;
      const body = await readable(res);
      for (const secret of secrets) expect(body, `${role} → ${route.path} shows ${secret}`).not.toContain(secret);
      // A refusal of a record names no village either (the person's home village is theirs).
      if (route.byId && allowed && !county) {
        expect(body, `${role} → ${route.path}`).not.toContain(HOME.otherVillage);
        expect(body).not.toContain('田柳');
      }
    }
    expect(reached).toBeGreaterThan(0);
  });
});

describe('the county posts see the same person (the routes above do reach the data)', () => {
  it('shows the outsider to the benefit reviewer on the lists, the record and the payroll export', async () => {
    const s = await t.signIn(t.users.benefit_reviewer);
    for (const path of ['/api/residents?pageSize=100', `/api/pensions/${outsider.pensionId}`, '/api/payroll/2026-01/lines', '/api/payroll/2026-01/export', '/api/deaths', '/api/pensions/export']) {
      const res = await s.get(path);
      expect(res.status, path).toBe(200);
      expect(await readable(res), path).toContain(outsider.name);
    }
    const apps = await (await t.signIn(t.users.county_enrolment_auditor)).get('/api/enrolment/applications/export.xlsx');
    expect(await readable(apps)).toContain(applicant.name);
  });
});

describe('an enrolment with the ID number of a person registered elsewhere', () => {
  const form = (idNumber: string, name: string) => ({ idNumber, name, villageCode: HOME.village, relation: '户主', notFullTimeStudent: true, noOtherStatePension: true });

  it.each(['village_coordinator', 'township_clerk'] as const)('is refused to the %s with a generic "registered in another region", naming no one', async (role) => {
    const s = await t.signIn(t.users[role]);
    for (const [idNumber, registeredName] of [
      [outsider.idNumber, outsider.name],
      [applicant.idNumber, applicant.name],
    ]) {
      for (const lang of ['zh-CN', 'en']) {
        const res = await s.send('POST', '/api/enrolment/applications', form(idNumber!, '张三'), { 'accept-language': lang });
        expect(res.status).toBe(400);
        const text = await res.text();
        const body = JSON.parse(text) as { code: string; message: string; errors: { code: string }[] };
        expect(body.code).toBe('ENROL_REGISTERED_ELSEWHERE');
        expect(body.errors.map((e) => e.code)).toEqual(['ENROL_REGISTERED_ELSEWHERE']);
        expect(body.message).toMatch(lang === 'en' ? /registered in another region/ : /已在其他辖区登记/);
        for (const secret of [registeredName!, idNumber!, HOME.otherVillage, '田柳', 'terminated', 'submitted', '已参保', '待审核', `编号 ${outsider.applicationId}`, `no. ${outsider.applicationId}`]) {
          expect(text, `${role} sees ${secret}`).not.toContain(secret);
        }
      }
    }
  });

  it('is refused the same way in an import file', async () => {
    const s = await t.signIn(t.users.village_coordinator);
    const csv = `身份证号码,姓名,村代码,与户主关系,非在校学生且未参加其他养老保险\n${applicant.idNumber},张三,${HOME.village},户主,是\n`;
    const file = new FormData();
    file.append('file', new File([csv], 'batch.csv', { type: 'text/csv' }));
    const res = await s.send('POST', '/api/enrolment/applications/import', file);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect((JSON.parse(text) as { errors: { code: string; row: number }[] }).errors).toEqual([expect.objectContaining({ code: 'ENROL_REGISTERED_ELSEWHERE', row: 2 })]);
    for (const secret of [applicant.name, applicant.idNumber, HOME.otherVillage, `编号 ${outsider.applicationId}`]) expect(text).not.toContain(secret);
  });

  it('still tells a post whose region holds the person what it may see: the open application and its number', async () => {
    const s = await t.signIn('t_other_clerk');
    const body = await json(await s.send('POST', '/api/enrolment/applications', { ...form(applicant.idNumber, applicant.name), villageCode: HOME.otherVillage }));
    expect(body).toMatchObject({ code: 'ENROL_APPLICATION_OPEN' });
    expect(body.message).toContain(String(outsider.applicationId));
  });
});

describe('batch jobs', () => {
  it('shows payroll jobs to county posts with the payroll, interest jobs to those with the accounts, none to a village or township', async () => {
    const job = await t.database.db.selectFrom('job').select(['id', 'kind']).where('kind', '=', 'payroll').executeTakeFirstOrThrow();
    for (const role of ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('contributions:view'))) {
      const s = await t.signIn(t.users[role]);
      const list = await json<{ items: { kind: string }[] }>(await s.get('/api/jobs'));
      const one = await s.get(`/api/jobs/${job.id}`);
      const sees = ROLE_REGION_LEVEL[role] === 'county' && ROLE_PERMISSIONS[role].includes('payroll:view');
      expect(list.items.map((j) => j.kind), role).toEqual(sees ? ['payroll'] : []);
      expect(one.status, role).toBe(sees ? 200 : 404);
    }
  });

  it('gives a village or township post the payroll with its own totals and the job without county figures', async () => {
    const reviewer = await json(await (await t.signIn(t.users.benefit_reviewer)).get('/api/payroll/2026-01'));
    expect(reviewer.job.result).toMatchObject({ people: 1 });
    for (const role of ['village_coordinator', 'township_clerk'] as const) {
      const payroll = await json(await (await t.signIn(t.users[role])).get('/api/payroll/2026-01'));
      expect(payroll.totals).toMatchObject({ people: 0, amount: 0 });
      expect(payroll.job).toMatchObject({ status: 'done', result: null, total: 100, done: 100 });
      expect(JSON.stringify(payroll)).not.toContain(String(reviewer.totals.amount));
    }
  });
});

describe('other county outsiders', () => {
  it('keeps the other county ids used above pointing at the other county', async () => {
    const r = await t.database.db.selectFrom('resident').select(['county_code', 'name', 'id_number']).where('id', '=', otherCounty.residentId).executeTakeFirstOrThrow();
    expect(r).toEqual({ county_code: OTHER_COUNTY.county.slice(0, 6), name: otherCounty.names[0], id_number: otherCounty.idNumbers[0] });
  });
});
