// Every Excel export that lists people takes idNumbers=full: masked by default; the whole numbers only for a role
// holding residents:export_full_id, with one export.full_id audit row (the export, its filters, its rows); any
// other role that may call the export is refused with EXPORT_FULL_ID_FORBIDDEN and nothing is read.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../src/modules/registry/service.js';
import { ROLE_PERMISSIONS, ROLES, type Permission } from '../src/modules/staff/roles.js';
import { idCheckChar } from '../src/rules/index.js';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, type TestApp } from './support/test-app.js';

let t: TestApp;

/** Each person export: its sheet (the audit row's `export`), its path with filters, the permission of its route. */
const EXPORTS: { sheet: string; path: string; permission: Permission }[] = [
  { sheet: '居民档案', path: '/api/residents/export.xlsx', permission: 'residents:view' },
  { sheet: '参保登记申请', path: '/api/enrolment/applications/export.xlsx', permission: 'enrolment:view' },
  { sheet: '2026年度缴费征收计划', path: '/api/contributions/plan.xlsx?year=2026', permission: 'contributions:view' },
  { sheet: '征缴台账', path: '/api/contributions/export.xlsx', permission: 'contributions:view' },
  { sheet: '到龄待核定 2027-01', path: '/api/pensions/due/export?month=2027-01', permission: 'pensions:view' },
  { sheet: '领取人员名册', path: '/api/pensions/export', permission: 'pensions:view' },
  { sheet: '资格认证', path: '/api/pensions/certification/export.xlsx', permission: 'pensions:view' },
  { sheet: '死亡结算', path: '/api/deaths/export.xlsx', permission: 'pensions:view' },
  { sheet: '发放花名册 2026-01', path: '/api/payroll/2026-01/export', permission: 'payroll:view' },
];

const withFull = (path: string) => `${path}${path.includes('?') ? '&' : '?'}idNumbers=full`;

/** The ID number cells of an export's sheet (rows that have one: the people, not the header or the totals). */
async function idCells(res: Response, sheetName: string): Promise<string[]> {
  expect(res.status, sheetName).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const sheet = book.getWorksheet(sheetName);
  expect(sheet, sheetName).toBeDefined();
  const column = (sheet!.getRow(1).values as unknown[]).indexOf('身份证号码');
  expect(column, sheetName).toBeGreaterThan(0);
  const cells: string[] = [];
  sheet!.eachRow((row, n) => {
    const v = row.getCell(column).value;
    if (n > 1 && v) cells.push(String(v));
  });
  return cells;
}

async function auditRows(action: string) {
  return t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

beforeAll(async () => {
  t = await createTestApp();
  const reviewer = await t.signIn(t.users.benefit_reviewer);
  const auditor = await t.signIn(t.users.county_enrolment_auditor);
  const coord = await t.signIn(t.users.village_coordinator);
  // A pensioner paid in January 2026 (the roll, certification, payroll), one due for award in 2027-01, one who died,
  // all with premiums (the ledger, the plan); and an application.
  const pensioner = await enrolledPerson(t, { name: '领取甲', birth: '1954-06-15', village: HOME.village, years: 5, firstYear: 2010 });
  await enrolledPerson(t, { name: '到龄乙', birth: '1966-12-10', village: HOME.siblingVillage, years: 15, firstYear: 2011 });
  const died = await enrolledPerson(t, { name: '死亡丙', birth: '1975-01-01', village: HOME.otherVillage, years: 3, firstYear: 2010 });
  expect((await reviewer.send('POST', '/api/pensions/award', { month: '2025-12', residentIds: [pensioner] })).status).toBe(200);
  await setPaidThrough(t.database.db, '2025-12');
  expect((await reviewer.send('POST', '/api/payroll', { month: '2026-01' })).status).toBe(202);
  await t.jobs.idle();
  expect((await auditor.send('POST', `/api/residents/${died}/terminate-enrolment`, { reason: 'death', on: '2013-05-10' })).status).toBe(200);
  const idNumber = `37078319800515123${idCheckChar('37078319800515123')}`;
  const application = { idNumber, name: '申请丁', villageCode: HOME.village, relation: '户主', notFullTimeStudent: true, noOtherStatePension: true };
  expect((await coord.send('POST', '/api/enrolment/applications', application)).status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

describe.each(EXPORTS)('the export $sheet', ({ sheet, path, permission }) => {
  it('lists people with masked ID numbers by default, and writes no audit row', async () => {
    const director = await t.signIn(t.users.county_director);
    const before = (await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    for (const p of [path, `${path}${path.includes('?') ? '&' : '?'}idNumbers=masked`]) {
      const cells = await idCells(await director.get(p), sheet);
      expect(cells.length, sheet).toBeGreaterThan(0);
      expect(cells.every((c) => /^\d{6}\*{8}\d{3}[\dX]$/.test(c)), cells.join()).toBe(true);
    }
    expect((await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(before);
  });

  it('gives the whole numbers to the county director, with exactly one audit row naming the export, its filters and its rows', async () => {
    const director = await t.signIn(t.users.county_director);
    const masked = await idCells(await director.get(path), sheet);
    const before = (await auditRows('export.full_id')).length;
    const full = await idCells(await director.get(withFull(path)), sheet);
    expect(full.every((c) => /^\d{17}[\dX]$/.test(c)), full.join()).toBe(true);
    expect(full.map(maskIdNumber)).toEqual(masked);
    const known = new Set(
      [...(await t.database.db.selectFrom('resident').select('id_number').execute()), ...(await t.database.db.selectFrom('enrolment_application').select('id_number').execute())].map((r) => r.id_number),
    );
    expect(full.filter((c) => !known.has(c))).toEqual([]);
    const audit = await auditRows('export.full_id');
    expect(audit).toHaveLength(before + 1);
    const row = audit.at(-1)!;
    expect(row).toMatchObject({ username: t.users.county_director, entity: 'route', entity_id: `GET ${path.split('?')[0]}` });
    const query = Object.fromEntries(new URLSearchParams(path.split('?')[1] ?? ''));
    expect(row.after).toMatchObject({ export: sheet, rows: full.length });
    expect((row.after as { filters: Record<string, unknown> }).filters).toMatchObject(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, k === 'year' ? Number(v) : v])));
    expect((row.after as { filters: Record<string, unknown> }).filters).not.toHaveProperty('idNumbers');
  });

  it.each(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(permission)))('answers %s by its permission to see full numbers', async (role) => {
    const s = await t.signIn(t.users[role]);
    const before = { denied: (await auditRows('access.denied')).length, full: (await auditRows('export.full_id')).length };
    const res = await s.get(withFull(path));
    if (ROLE_PERMISSIONS[role].includes('residents:export_full_id')) {
      expect(res.status).toBe(200);
      expect((await auditRows('export.full_id')).length).toBe(before.full + 1);
      return;
    }
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'EXPORT_FULL_ID_FORBIDDEN' });
    const denied = await auditRows('access.denied');
    expect(denied.length).toBe(before.denied + 1);
    expect(denied.at(-1)).toMatchObject({ username: t.users[role], after: { permission: 'residents:export_full_id' } });
    expect((await auditRows('export.full_id')).length).toBe(before.full);
  });
});

describe('the permission to export full ID numbers', () => {
  it('is held by the county posts that exchange files with outside bodies, and by no one else', () => {
    expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('residents:export_full_id'))).toEqual(['county_enrolment_auditor', 'account_manager', 'benefit_reviewer', 'county_director']);
  });
});
