// The residents list to Excel (GET /api/residents/export.xlsx): the list's filters and region, in words, ID numbers
// masked unless a permitted role asks for them whole (audited), with a total row.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listResidents, residentExportPages } from '../src/modules/registry/service.js';
import { enrolledPerson } from './support/pension-fixtures.js';
import { createTestApp, HOME, OTHER_COUNTY, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let director: Session;
let auditor: Session;
let clerk: Session;
let coord: Session;
let enrolledId: number;

/** The sheet 居民档案 of an export, as rows of cell values (header first). */
async function sheetOf(res: Response): Promise<unknown[][]> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const sheet = book.getWorksheet('居民档案')!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

async function auditCount(action?: string): Promise<number> {
  let q = t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'));
  if (action) q = q.where('action', '=', action);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

beforeAll(async () => {
  t = await createTestApp();
  director = await t.signIn(t.users.county_director);
  auditor = await t.signIn(t.users.county_enrolment_auditor);
  clerk = await t.signIn(t.users.township_clerk);
  coord = await t.signIn(t.users.village_coordinator);
  // One enrolled person in the home village (household H1), the fixture's ID ending in X.
  enrolledId = await enrolledPerson(t, { name: '参保甲', birth: '1960-05-01', village: HOME.village, years: 2, firstYear: 2020, sex: 'M' });
});
afterAll(async () => {
  await t.close();
});

describe('the residents export', () => {
  it('lists the region in words, IDs masked, with a total row', async () => {
    const rows = await sheetOf(await director.get('/api/residents/export.xlsx'));
    expect(rows[0]).toEqual(['乡镇（街道）', '村（居）', '户号', '姓名', '身份证号码', '性别', '出生日期', '与户主关系', '参保状态', '缴费状态', '参保身份', '参保年月', '注销日期', '注销原因']);
    const people = rows.slice(1, -1);
    // The home county's 8 residents and the enrolled one; the other county's not.
    expect(people).toHaveLength(9);
    expect(people.every((r) => /^370783\*{8}\d{3}[\dX]$/.test(String(r[4])))).toBe(true);
    expect(people.map((r) => r[3])).not.toContain('户主5');
    const head = people.find((r) => r[3] === '户主1')!;
    expect(head.slice(0, 9)).toEqual(['圣城街道', '东关村', 'H1', '户主1', '370783********111X', '男', '1955-01-01', '户主', '未参保']);
    expect(people.find((r) => r[3] === '子女1')?.[5]).toBe('女');
    const enrolled = people.find((r) => r[3] === '参保甲')!;
    expect(enrolled.slice(8, 12)).toEqual(['正常参保', '正常缴费', '普通参保人', '2010-01']);
    expect(rows.at(-1)![0]).toBe('合计 9 人：已参保 1 人，已注销 0 人，从未参保 8 人');
  });

  it('takes the list filters and keeps to the caller’s region', async () => {
    const onlyEnrolled = await sheetOf(await director.get('/api/residents/export.xlsx?enrolled=yes'));
    expect(onlyEnrolled.slice(1, -1).map((r) => r[3])).toEqual(['参保甲']);
    const notEnrolled = await sheetOf(await director.get(`/api/residents/export.xlsx?enrolled=no&regionCode=${HOME.otherTownship}`));
    expect(notEnrolled.slice(1, -1).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['田柳镇', '田柳村', '户主3'],
      ['田柳镇', '田柳村', '子女3'],
      ['田柳镇', '北台头村', '户主4'],
      ['田柳镇', '北台头村', '子女4'],
    ]);
    const byName = await sheetOf(await director.get(`/api/residents/export.xlsx?q=${encodeURIComponent('子女')}`));
    expect(byName.slice(1, -1).map((r) => r[3])).toEqual(['子女1', '子女2', '子女3', '子女4']);
    // A clerk gets the township, a coordinator the village; the list says the same.
    const township = await sheetOf(await clerk.get('/api/residents/export.xlsx'));
    const list = (await (await clerk.get('/api/residents?pageSize=100')).json()) as { items: { name: string }[] };
    expect(township.slice(1, -1).map((r) => r[3])).toEqual(list.items.map((r) => r.name));
    expect(township.slice(1, -1).every((r) => r[0] === '圣城街道')).toBe(true);
    const village = await sheetOf(await coord.get('/api/residents/export.xlsx'));
    expect(new Set(village.slice(1, -1).map((r) => r[1]))).toEqual(new Set(['东关村']));
    // Outside the region: refused and audited, as the list is.
    const outside = await clerk.get(`/api/residents/export.xlsx?regionCode=${HOME.otherTownship}`);
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as { code: string }).code).toBe('REGION_OUT_OF_SCOPE');
    expect((await director.get(`/api/residents/export.xlsx?regionCode=${OTHER_COUNTY.village}`)).status).toBe(403);
  });

  it('leaves no audit row for a masked file', async () => {
    const before = await auditCount();
    await sheetOf(await director.get('/api/residents/export.xlsx'));
    await sheetOf(await director.get('/api/residents/export.xlsx?idNumbers=masked'));
    expect(await auditCount()).toBe(before);
  });

  it('reads a county a page at a time, in the list’s order', async () => {
    const filter = { scopePrefix: '370783' };
    const pages: number[][] = [];
    for await (const page of residentExportPages(t.database.db, filter, 2)) pages.push(page.map((r) => r.id));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 2, 1]);
    const listed = await listResidents(t.database.db, { ...filter, page: 1, pageSize: 100 });
    expect(pages.flat()).toEqual(listed.items.map((r) => r.id));
  });
});

describe('full ID numbers in the residents export', () => {
  it('gives a permitted role the whole numbers and writes exactly one audit row, in words', async () => {
    const before = await auditCount();
    const rows = await sheetOf(await auditor.get(`/api/residents/export.xlsx?idNumbers=full&regionCode=${HOME.township}&enrolled=yes`));
    const own = await t.database.db.selectFrom('resident').select('id_number').where('id', '=', enrolledId).executeTakeFirstOrThrow();
    expect(rows.slice(1, -1).map((r) => r[4])).toEqual([own.id_number]);
    expect(own.id_number).toMatch(/^\d{17}[\dX]$/);
    expect(await auditCount()).toBe(before + 1);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'export.full_id').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ username: t.users.county_enrolment_auditor, entity: 'route', entity_id: 'GET /api/residents/export.xlsx' });
    expect(audit.after).toEqual({ export: '居民档案', filters: { regionCode: HOME.township, enrolled: 'yes' }, rows: 1 });
    const words = (await (await director.get('/api/audit?action=export.full_id')).json()) as { items: { actionText: string; entityText: string }[] };
    expect(words.items).toHaveLength(1);
    expect(words.items[0]).toMatchObject({ actionText: '导出含完整身份证号码的名单', entityText: '功能' });
  });

  it('refuses the whole numbers to a coordinator or a clerk, in both languages, and records the refusal', async () => {
    for (const s of [coord, clerk]) {
      const before = await auditCount('access.denied');
      const res = await s.get('/api/residents/export.xlsx?idNumbers=full');
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'EXPORT_FULL_ID_FORBIDDEN', message: '完整身份证号码属于个人敏感信息，您的角色无权导出（需要“导出完整身份证号”权限）；请导出脱敏名单' });
      expect(await auditCount('access.denied')).toBe(before + 1);
    }
    const en = await clerk.get('/api/residents/export.xlsx?idNumbers=full', { 'accept-language': 'en' });
    expect(((await en.json()) as { message: string }).message).toBe(
      'Full ID numbers are sensitive personal data your role may not export (this needs the “export full ID numbers” permission); export the masked list instead',
    );
    expect(await auditCount('export.full_id')).toBe(1);
  });
});
