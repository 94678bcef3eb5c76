// The three-level enrolment workflow over the real app: a village coordinator submits (one by one or a
// file), the township office reviews, the county auditor confirms and the person enters the registry
// with an open enrolment. Scope, every problem named, all-or-nothing files and no double counting.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../src/rules/index.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let coord: Session;
let clerk: Session;
let auditor: Session;
beforeAll(async () => {
  t = await createTestApp();
  coord = await t.signIn(t.users.village_coordinator);
  clerk = await t.signIn(t.users.township_clerk);
  auditor = await t.signIn(t.users.county_enrolment_auditor);
});
afterAll(async () => {
  await t.close();
});

const id = (birth: string, seq: string) => `370783${birth}${seq}${idCheckChar(`370783${birth}${seq}`)}`;
const application = (over: Record<string, unknown> = {}) => ({
  idNumber: id('19800515', '123'),
  name: '李明',
  villageCode: HOME.village,
  relation: '户主',
  phone: '13800000001',
  notFullTimeStudent: true,
  noOtherStatePension: true,
  ...over,
});
async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('submitting', () => {
  it('a coordinator submits an application for their village; it is audited with the ID number masked', async () => {
    const res = await coord.send('POST', '/api/enrolment/applications', application());
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ status: 'submitted', name: '李明', sex: 'M', birthDate: '1980-05-15', villageName: '东关村', identity: 'ordinary' });
    expect(body.idNumberMasked).toBe(`370783********${id('19800515', '123').slice(-4)}`);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'enrolment.submit').where('entity_id', '=', String(body.id)).executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).not.toContain(id('19800515', '123'));
  });

  it('lists every problem of a bad application with its field, in zh-CN and en', async () => {
    const bad = application({ idNumber: '370783198005151230', name: '李1', birthDate: '1980-05-16', phone: '12345', relation: '朋友', notFullTimeStudent: false });
    const res = await coord.send('POST', '/api/enrolment/applications', bad);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['idNumber', 'name', 'notFullTimeStudent', 'phone', 'relation']);
    expect(body.errors.find((e: { field: string }) => e.field === 'idNumber').message).toContain('校验位');
    const en = await json(await coord.send('POST', '/api/enrolment/applications', bad, { 'accept-language': 'en' }));
    expect(en.errors.find((e: { field: string }) => e.field === 'idNumber').message).toContain('check character');
    const mismatch = await json(await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id('19820101', '231'), birthDate: '1982-01-02', sex: 'F' })));
    expect(mismatch.errors.map((e: { code: string }) => e.code)).toEqual(['ENROL_BIRTH_DATE_MISMATCH', 'ENROL_SEX_MISMATCH']);
    // In words, not codes: 性别“女”与身份证号码（男）不一致.
    expect(mismatch.errors.find((e: { code: string }) => e.code === 'ENROL_SEX_MISMATCH').message).toBe('性别“女”与身份证号码（男）不一致');
  });

  it('refuses a village outside the coordinator’s, a second open application and a person under 16', async () => {
    const other = await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id('19810101', '011'), villageCode: HOME.siblingVillage }));
    expect(other.status).toBe(403);
    const again = await json(await coord.send('POST', '/api/enrolment/applications', application({ name: '李明' })));
    expect(again.code).toBe('ENROL_APPLICATION_OPEN');
    const young = await json(await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id('20200101', '013') })));
    expect(young.code).toBe('ENROL_TOO_YOUNG');
  });
});

describe('review and confirmation', () => {
  it('goes village → township → county and opens the enrolment in a new household', async () => {
    const submitted = await json(await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id('19750302', '135'), name: '张华', relation: '户主' })));
    // The county cannot confirm before the township has reviewed.
    const early = await auditor.send('POST', '/api/enrolment/applications/confirm', { ids: [submitted.id], approve: true });
    expect(early.status).toBe(409);
    expect((await json(early)).code).toBe('APPLICATION_WRONG_STATUS');
    const reviewed = await clerk.send('POST', '/api/enrolment/applications/review', { ids: [submitted.id], approve: true });
    expect(await json(reviewed)).toEqual({ approved: 1, rejected: 0 });
    const confirmed = await json(await auditor.send('POST', '/api/enrolment/applications/confirm', { ids: [submitted.id], approve: true }));
    expect(confirmed).toEqual({ approved: 1, rejected: 0, residentsCreated: 1, householdsCreated: 1 });

    const detail = await json(await auditor.get(`/api/enrolment/applications/${submitted.id}`));
    expect(detail).toMatchObject({ status: 'confirmed', townshipBy: 'township_clerk', countyBy: 'county_enrolment_auditor' });
    const person = await t.database.db
      .selectFrom('resident as r')
      .innerJoin('household as h', (j) => j.onRef('h.county_code', '=', 'r.county_code').onRef('h.id', '=', 'r.household_id'))
      .innerJoin('enrolment as e', (j) => j.onRef('e.county_code', '=', 'r.county_code').onRef('e.resident_id', '=', 'r.id'))
      .select(['r.name', 'r.village_code', 'h.household_no', 'e.status', 'e.payment_status', 'e.card_number'])
      .where('r.id_number', '=', id('19750302', '135'))
      .executeTakeFirstOrThrow();
    expect(person).toEqual({ name: '张华', village_code: HOME.village, household_no: `${HOME.village}0001`, status: 'normal', payment_status: 'paying', card_number: id('19750302', '135') });
    // Enrolled now: a new application for the same person is refused.
    const twice = await json(await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id('19750302', '135'), name: '张华' })));
    expect(twice.code).toBe('ENROL_ALREADY_ENROLLED');
    // Deciding again is refused and changes nothing.
    expect((await auditor.send('POST', '/api/enrolment/applications/confirm', { ids: [submitted.id], approve: true })).status).toBe(409);
  });

  it('a person of 60 or more enrols without paying, into an existing household', async () => {
    const residents = async () => Number((await t.database.db.selectFrom('resident').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await residents();
    // Joins the fixture's household H1 of 东关村.
    const elder = await json(await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id('19550101', '117'), name: '王老汉', householdNo: 'H1', relation: '父亲' })));
    expect(elder.status).toBe('submitted');
    await clerk.send('POST', '/api/enrolment/applications/review', { ids: [elder.id], approve: true });
    const result = await json(await auditor.send('POST', '/api/enrolment/applications/confirm', { ids: [elder.id], approve: true }));
    expect(result).toMatchObject({ residentsCreated: 1, householdsCreated: 0 });
    expect(await residents()).toBe(before + 1);
    const e = await t.database.db
      .selectFrom('enrolment as e')
      .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'e.county_code').onRef('r.id', '=', 'e.resident_id'))
      .select(['e.payment_status', 'r.household_id'])
      .where('r.name', '=', '王老汉')
      .executeTakeFirstOrThrow();
    expect(e).toEqual({ payment_status: 'ended', household_id: 1 });
  });

  it('a person already in the registry keeps their record, and the name must agree with it', async () => {
    const registered = await t.database.db
      .insertInto('resident')
      .values({ county_code: '370783', id_number: id('19780707', '617'), name: '钱七', sex: 'M', birth_date: '1978-07-07', village_code: HOME.village, household_id: 1, relation: '子' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const wrongName = await json(await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id('19780707', '617'), name: '钱八', relation: '子' })));
    expect(wrongName).toMatchObject({ code: 'ENROL_REGISTRY_NAME', field: 'name' });
    expect(wrongName.message).toContain('钱七');
    const a = await json(await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id('19780707', '617'), name: '钱七', relation: '子' })));
    await clerk.send('POST', '/api/enrolment/applications/review', { ids: [a.id], approve: true });
    expect(await json(await auditor.send('POST', '/api/enrolment/applications/confirm', { ids: [a.id], approve: true }))).toMatchObject({ residentsCreated: 0, householdsCreated: 0 });
    const enrolment = await t.database.db.selectFrom('enrolment').select(['resident_id', 'application_id']).where('resident_id', '=', registered.id).executeTakeFirstOrThrow();
    expect(enrolment).toEqual({ resident_id: registered.id, application_id: a.id });
  });

  it('a rejection needs a reason and is shown with its stage', async () => {
    const a = await json(await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id('19880808', '246'), name: '赵丽', relation: '女' })));
    const noReason = await clerk.send('POST', '/api/enrolment/applications/review', { ids: [a.id], approve: false });
    expect((await json(noReason)).code).toBe('REJECT_REASON_REQUIRED');
    await clerk.send('POST', '/api/enrolment/applications/review', { ids: [a.id], approve: false, reason: '户籍不在本村' });
    const detail = await json(await coord.get(`/api/enrolment/applications/${a.id}`));
    expect(detail).toMatchObject({ status: 'rejected', rejectedStage: 'township', rejectReason: '户籍不在本村' });
    // Rejected: the person may apply again.
    expect((await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id('19880808', '246'), name: '赵丽', relation: '女' }))).status).toBe(200);
  });

  it('shows enrolment on the resident list and counts it on the dashboard', async () => {
    const enrolled = await json<{ items: { name: string; enrolment: { status: string; paymentStatus: string; identity: string } | null }[]; total: number }>(
      await clerk.get('/api/residents?enrolled=yes&pageSize=100'),
    );
    expect(enrolled.items.map((r) => r.name).sort()).toEqual(['张华', '王老汉', '钱七']);
    expect(enrolled.items.find((r) => r.name === '王老汉')?.enrolment).toMatchObject({ status: 'normal', paymentStatus: 'ended', identity: 'ordinary' });
    const others = await json<{ items: { enrolment: unknown }[]; total: number }>(await clerk.get('/api/residents?enrolled=no&pageSize=100'));
    expect(others.items.every((r) => r.enrolment === null)).toBe(true);
    const all = await json<{ total: number }>(await clerk.get('/api/residents?pageSize=1'));
    expect(enrolled.total + others.total).toBe(all.total);
    const dash = await json<{ enrolment: Record<string, number> }>(await clerk.get('/api/dashboard'));
    expect(dash.enrolment).toMatchObject({ enrolled: 3, paying: 2, notPaying: 1, awaitingCounty: 0 });
  });

  it('lists applications with counts by status, filtered by status', async () => {
    const all = await json<{ items: { villageCode: string }[]; byStatus: Record<string, number>; total: number }>(await clerk.get('/api/enrolment/applications?pageSize=100'));
    expect(all.items.every((a) => a.villageCode.startsWith('370783001'))).toBe(true);
    expect(all.byStatus).toMatchObject({ confirmed: 3, rejected: 1 });
    expect(all.total).toBe(Object.values(all.byStatus).reduce((a, b) => a + b, 0));
    const confirmed = await json<{ items: { status: string }[]; total: number }>(await clerk.get('/api/enrolment/applications?status=confirmed'));
    expect(confirmed.total).toBe(3);
    expect(confirmed.items.every((a) => a.status === 'confirmed')).toBe(true);
    // The same list as an Excel file.
    const file = await clerk.get('/api/enrolment/applications/export.xlsx?status=confirmed');
    expect(file.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await file.arrayBuffer());
    const sheet = book.getWorksheet('参保登记申请')!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).getCell(4).value).toBe('身份证号码');
    expect(String(sheet.getRow(2).getCell(4).value)).toMatch(/^370783\*{8}/);
    expect(sheet.getRow(2).getCell(2).value).toBe('已确认');
    // The coordinator of one village cannot open the other village's list.
    expect((await coord.get(`/api/enrolment/applications?regionCode=${HOME.siblingVillage}`)).status).toBe(403);
  });
});

describe('a person’s record', () => {
  const residentId = async (name: string) => (await t.database.db.selectFrom('resident').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

  it('shows the household and the enrolment; the coordinator changes the phone, audited', async () => {
    const id = await residentId('王老汉');
    const detail = await json(await coord.get(`/api/residents/${id}`));
    expect(detail).toMatchObject({ name: '王老汉', householdNo: 'H1', enrolment: { status: 'normal', paymentStatus: 'ended' } });
    expect(detail.members.map((m: { name: string }) => m.name)).toContain('户主1');
    // The household as the registry has it (read in the same query as the person): head first, then by birth date.
    const household = await t.database.db
      .selectFrom('resident')
      .select(['id', 'name', 'relation', 'sex', 'birth_date'])
      .where('household_id', '=', (await t.database.db.selectFrom('resident').select('household_id').where('id', '=', id).executeTakeFirstOrThrow()).household_id)
      .execute();
    const expected = [...household]
      .sort((a, b) => Number(b.relation === '户主') - Number(a.relation === '户主') || a.birth_date.localeCompare(b.birth_date))
      .map((m) => ({ id: m.id, name: m.name, relation: m.relation, sex: m.sex, birthDate: m.birth_date }));
    expect(expected.length).toBeGreaterThan(1);
    expect(detail.members).toEqual(expected);
    const bad = await coord.send('PATCH', `/api/residents/${id}/contact`, { phone: '123' });
    expect((await json(bad)).code).toBe('ENROL_PHONE');
    const changed = await json(await coord.send('PATCH', `/api/residents/${id}/contact`, { phone: '13900000009', address: '东关村3号' }));
    expect(changed).toMatchObject({ phone: '13900000009', address: '东关村3号' });
    const audit = await t.database.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'resident.contact').where('entity_id', '=', String(id)).executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ phone: '13900000009' });
    // Another village's coordinator scope: the sibling village's resident is out of reach.
    const sibling = await t.database.db.selectFrom('resident').select('id').where('village_code', '=', HOME.siblingVillage).executeTakeFirstOrThrow();
    expect((await coord.get(`/api/residents/${sibling.id}`)).status).toBe(403);
  });

  it('the county ends an enrolment on death; the person may be enrolled again only through a new application', async () => {
    const rid = await residentId('张华');
    expect((await coord.send('POST', `/api/residents/${rid}/terminate-enrolment`, { reason: 'death', on: '2026-01-05' })).status).toBe(403);
    const future = await auditor.send('POST', `/api/residents/${rid}/terminate-enrolment`, { reason: 'death', on: '2999-01-01' });
    expect((await json(future)).code).toBe('ENROL_TERMINATION_DATE');
    const done = await json(await auditor.send('POST', `/api/residents/${rid}/terminate-enrolment`, { reason: 'abroad', on: '2026-01-05', note: '定居国外' }));
    expect(done.enrolment).toMatchObject({ status: 'terminated', paymentStatus: 'ended', terminatedOn: '2026-01-05', terminationReason: 'abroad' });
    const again = await auditor.send('POST', `/api/residents/${rid}/terminate-enrolment`, { reason: 'death', on: '2026-01-06' });
    expect(again.status).toBe(409);
    // Back from abroad: a new application re-opens the same enrolment record.
    const a = await json(await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id('19750302', '135'), name: '张华' })));
    await clerk.send('POST', '/api/enrolment/applications/review', { ids: [a.id], approve: true });
    expect(await json(await auditor.send('POST', '/api/enrolment/applications/confirm', { ids: [a.id], approve: true }))).toMatchObject({ residentsCreated: 0 });
    expect((await json(await coord.get(`/api/residents/${rid}`))).enrolment).toMatchObject({ status: 'normal', terminatedOn: null });
  });
});

describe('a file of applications', () => {
  const csv = (rows: string[][]) => new TextEncoder().encode(['身份证号码,姓名,村代码,与户主关系,参保身份,非在校学生且未参加其他养老保险', ...rows.map((r) => r.join(','))].join('\n'));
  const upload = (bytes: Uint8Array, name = 'batch.csv') => {
    const form = new FormData();
    form.set('file', new File([bytes], name));
    return coord.send('POST', '/api/enrolment/applications/import', form);
  };
  const count = async () => Number((await t.database.db.selectFrom('enrolment_application').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('is applied whole, and the same file again adds nothing', async () => {
    const file = csv([
      [id('19700101', '311'), '孙一', HOME.village, '户主', '普通', '是'],
      [id('19720202', '322'), '孙二', HOME.village, '配偶', '低保对象', '是'],
      [id('19950303', '331'), '孙三', HOME.village, '子', '一级残疾', '是'],
    ]);
    const before = await count();
    const res = await upload(file);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.submitted).toBe(3);
    expect(await count()).toBe(before + 3);
    const again = await upload(file);
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('IMPORT_ALREADY_DONE');
    expect(await count()).toBe(before + 3);
    const list = await json<{ items: { identity: string }[] }>(await coord.get(`/api/enrolment/applications?batchId=${body.batchId}`));
    expect(list.items.map((a) => a.identity).sort()).toEqual(['disabledGrade1', 'minimumLivingAllowance', 'ordinary']);
  });

  it('with one bad row applies nothing and names each row and field', async () => {
    const before = await count();
    const res = await upload(
      csv([
        [id('19600101', '411'), '周一', HOME.village, '户主', '普通', '是'],
        [id('19600101', '412').slice(0, 17) + '0', '周二', HOME.village, '户主', '普通', '是'],
        [id('19600101', '411'), '周一', HOME.village, '户主', '普通', '是'],
        [id('19610101', '413'), '周三', HOME.otherVillage, '户主', '普通', '是'],
        [id('19620101', '414'), '周四', HOME.village, '户主', '普通', '否'],
      ]),
    );
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('IMPORT_INVALID');
    const found = body.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`);
    expect(found).toContain('3:idNumber'); // check character (row 3 = second data row, the header is row 1)
    expect(found).toContain('4:idNumber'); // the same person twice in the file
    expect(found).toContain('5:villageCode'); // another township's village
    expect(found).toContain('6:notFullTimeStudent');
    expect(body.errors.find((e: { row: number }) => e.row === 4).message).toContain('第 2 行');
    expect(await count()).toBe(before);
  });

  it('reads the Excel template it hands out', async () => {
    const res = await coord.get('/api/enrolment/applications/template.xlsx');
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet('参保登记')!;
    expect(sheet.getRow(2).getCell(6).value).toBe(HOME.village);
    sheet.getRow(2).getCell(1).value = id('19660606', '515');
    sheet.getRow(2).getCell(2).value = '吴六';
    sheet.getRow(2).getCell(3).value = '男';
    sheet.getRow(2).getCell(4).value = '1966-06-06';
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const imported = await upload(bytes, 'template.xlsx');
    expect(await json(imported)).toMatchObject({ submitted: 1 });
  });
});
