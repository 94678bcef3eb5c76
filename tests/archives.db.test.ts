// Archives (档案) over the real app: each business event files its record in the same transaction (enrolment
// confirmed, award, bank account, suspension and resumption, termination, death, payroll approved), numbered
// county-year-category-sequence; batches in one statement; the backfill of older events; search and scope; scanned
// documents checked by content; the borrowing register with two lendings at once.
import ExcelJS from 'exceljs';
import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../src/http/clock.js';
import { backfillArchives, documentType, fileArchives, type ArchiveEntry } from '../src/modules/archives/service.js';
import { countyConfirm } from '../src/modules/enrolment/applications.js';
import { correctBankAccountIn } from '../src/modules/enrolment/service.js';
import { SYSTEM_ACTOR } from '../src/modules/audit/service.js';
import { addDays, idCheckChar, NATIONAL_PARAMETERS } from '../src/rules/index.js';
import { enrolledPerson } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let coord: Session;
let clerk: Session;
let auditor: Session;
let reviewer: Session;
let finance: Session;
let archivist: Session;
let director: Session;
const today = chinaToday();
const year = Number(today.slice(0, 4));
const nextMonth = (() => {
  const [y, m] = today.slice(0, 7).split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
})();
const id = (birth: string, seq: string) => `370783${birth}${seq}${idCheckChar(`370783${birth}${seq}`)}`;
const ids: Record<string, number> = {};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Born so the pension starts this month (60 on the 5th of last month): due by next month. */
function dueBirth(): string {
  const [y, m] = today.slice(0, 7).split('-').map(Number) as [number, number];
  const month = m === 1 ? 12 : m - 1;
  return `${(month === 12 ? y - 1 : y) - 60}-${String(month).padStart(2, '0')}-05`;
}

async function records(where: { kind?: string; residentId?: number } = {}) {
  let q = t.database.db.selectFrom('archive_record').selectAll().orderBy('year').orderBy('category').orderBy('seq');
  if (where.kind) q = q.where('kind', '=', where.kind);
  if (where.residentId !== undefined) q = q.where('resident_id', '=', where.residentId);
  return q.execute();
}

async function staffId(username: string) {
  return (await t.database.db.selectFrom('staff_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

/** Counts the statements sent that name an archive table (a plugin sees every query, raw SQL included). */
function countingArchiveStatements() {
  const counter = { n: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      if (JSON.stringify(args.node).includes('archive_')) counter.n += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: t.database.db.withPlugin(plugin), counter };
}

beforeAll(async () => {
  t = await createTestApp({}, { config: { archiveMaxUploadMb: 1 } });
  coord = await t.signIn(t.users.village_coordinator);
  clerk = await t.signIn(t.users.township_clerk);
  auditor = await t.signIn(t.users.county_enrolment_auditor);
  reviewer = await t.signIn(t.users.benefit_reviewer);
  finance = await t.signIn(t.users.finance_officer);
  archivist = await t.signIn(t.users.archivist);
  director = await t.signIn(t.users.county_director);
});
afterAll(async () => {
  await t.close();
});

describe('the backfill of events older than the archives', () => {
  it('files an enrolment taken over without an application in the year of its first month, once', async () => {
    ids.old = await enrolledPerson(t, { name: '旧档甲', birth: '1970-02-01', village: HOME.otherVillage, years: 0, firstYear: 2010 });
    const filed = await backfillArchives(t.database.db);
    expect(filed).toBe(1);
    const [r] = await records({ residentId: ids.old });
    expect(r).toMatchObject({ file_no: '370783-2010-CB-000001', year: 2010, category: 'enrolment', kind: 'enrolment', filed_on: '2010-01-01', title: '参保登记：旧档甲', region_code: HOME.otherVillage });
    expect(await backfillArchives(t.database.db)).toBe(0);
  });
});

describe('each business event files its record in its own transaction', () => {
  it('the county confirming enrolments files 参保登记 records numbered on from the year and category, one statement for the batch', async () => {
    const appIds: number[] = [];
    for (const [i, name] of ['档案甲', '档案乙', '档案丙'].entries()) {
      const res = await coord.send('POST', '/api/enrolment/applications', { idNumber: id(`1975030${i + 1}`, '123'), name, villageCode: HOME.village, relation: '户主', notFullTimeStudent: true, noOtherStatePension: true });
      expect(res.status).toBe(200);
      appIds.push((await json(res)).id);
    }
    expect((await clerk.send('POST', '/api/enrolment/applications/review', { ids: appIds, approve: true })).status).toBe(200);
    // The confirmation through the service with a counting connection: three people, one archive statement.
    const { db, counter } = countingArchiveStatements();
    const actor = { ...SYSTEM_ACTOR, userId: await staffId(t.users.county_enrolment_auditor), username: t.users.county_enrolment_auditor };
    const result = await countyConfirm(db, actor, { countyCode: '370783', scopePrefix: '370783', parameters: NATIONAL_PARAMETERS }, appIds, { approve: true });
    expect(result.approved).toBe(3);
    expect(counter.n).toBe(1);
    const filed = await records({ kind: 'enrolment' });
    const mine = filed.filter((r) => r.source_kind === 'enrolment_application');
    expect(mine.map((r) => [r.file_no, r.title, r.source_id, r.filed_on, r.region_code])).toEqual(
      appIds.map((a, i) => [`370783-${year}-CB-${String(i + 1).padStart(6, '0')}`, `参保登记：${['档案甲', '档案乙', '档案丙'][i]}`, String(a), today, HOME.village]),
    );
    expect(mine.every((r) => r.resident_id !== null && r.created_by === actor.userId)).toBe(true);
    ids.a = mine[0]!.resident_id!;
    ids.b = mine[1]!.resident_id!;
  });

  it('a failed confirmation files nothing (the record rolls back with the event)', async () => {
    const before = (await records()).length;
    const res = await auditor.send('POST', '/api/enrolment/applications/confirm', { ids: [999999], approve: true });
    expect(res.status).toBe(404);
    expect((await records()).length).toBe(before);
  });

  it('files many records in one statement with one consecutive range of numbers', async () => {
    const entries: ArchiveEntry[] = Array.from({ length: 2000 }, (_, i) => ({ kind: 'resumption', sourceKind: 'certification', sourceId: 900000 + i, residentId: ids.a!, name: '档案甲', regionCode: HOME.village, filedOn: '2019-06-01' }));
    const { db, counter } = countingArchiveStatements();
    const started = performance.now();
    const n = await db.transaction().execute((tx) => fileArchives(tx, '370783', null, entries));
    const ms = performance.now() - started;
    expect(n).toBe(2000);
    expect(counter.n).toBe(1);
    const rows = await t.database.db.selectFrom('archive_record').select(['seq', 'file_no']).where('year', '=', 2019).where('category', '=', 'change').orderBy('seq').execute();
    expect(rows.length).toBe(2000);
    expect(rows[0]!.file_no).toBe('370783-2019-BG-000001');
    expect(rows[1999]!.file_no).toBe('370783-2019-BG-002000');
    console.log(`fileArchives: 2000 records in one statement, ${ms.toFixed(0)} ms`);
    await t.database.db.deleteFrom('archive_record').where('year', '=', 2019).execute();
    await t.database.db.deleteFrom('archive_counter').where('year', '=', 2019).execute();
  });

  it('the award files 待遇核定 records (one statement for the batch), the payroll approval files the month', async () => {
    ids.dueA = await enrolledPerson(t, { name: '核定甲', birth: dueBirth(), village: HOME.village, years: 15, firstYear: year - 16 });
    ids.dueB = await enrolledPerson(t, { name: '核定乙', birth: dueBirth(), village: HOME.otherVillage, years: 15, firstYear: year - 16 });
    const award = await json(await reviewer.send('POST', '/api/pensions/award', { month: nextMonth, residentIds: [ids.dueA, ids.dueB] }));
    expect(award.awarded).toBe(2);
    const awards = await records({ kind: 'award' });
    expect(awards.map((r) => [r.file_no, r.resident_id, r.source_kind, r.title])).toEqual([
      [`370783-${year}-DY-000001`, ids.dueA, 'pension', `待遇核定：核定甲（${today.slice(0, 7)} 起）`],
      [`370783-${year}-DY-000002`, ids.dueB, 'pension', `待遇核定：核定乙（${today.slice(0, 7)} 起）`],
    ]);
    expect(awards.map((r) => r.source_id)).toEqual(award.pensionIds.map(String));
    ids.pensionA = award.pensionIds[0];

    expect((await reviewer.send('POST', '/api/payroll', { month: nextMonth })).status).toBe(202);
    await t.jobs.idle();
    expect(await records({ kind: 'payroll' })).toEqual([]);
    expect((await finance.send('POST', `/api/payroll/${nextMonth}/approve`)).status).toBe(200);
    const [payroll] = await records({ kind: 'payroll' });
    expect(payroll).toMatchObject({ file_no: `370783-${year}-FF-000001`, category: 'payroll', resident_id: null, region_code: HOME.county, source_id: nextMonth, title: `待遇发放：${nextMonth} 月发放表` });
  });

  it('changes file 变更 records: imprisonment suspension and resumption, a bank account correction, an enrolment ended', async () => {
    expect((await reviewer.send('POST', `/api/pensions/${ids.pensionA}/imprisonment`, { fromMonth: today.slice(0, 7) })).status).toBe(200);
    expect((await reviewer.send('POST', `/api/pensions/${ids.pensionA}/imprisonment`, { resumeFrom: nextMonth })).status).toBe(200);
    await t.database.db.transaction().execute((tx) =>
      correctBankAccountIn(tx, { ...SYSTEM_ACTOR, userId: 1 }, { countyCode: '370783', scopePrefix: '370783' }, ids.b!, '6228480012345678', '银行卡库比对'),
    );
    expect((await auditor.send('POST', `/api/residents/${ids.a}/terminate-enrolment`, { reason: 'abroad', on: today })).status).toBe(200);
    const changes = await t.database.db.selectFrom('archive_record').selectAll().where('category', '=', 'change').where('year', '=', year).orderBy('seq').execute();
    expect(changes.map((r) => [r.file_no, r.kind, r.title])).toEqual([
      [`370783-${year}-BG-000001`, 'suspension', `暂停发放：核定甲（服刑，${today.slice(0, 7)} 起）`],
      [`370783-${year}-BG-000002`, 'resumption', `恢复发放：核定甲（刑满释放，${nextMonth} 起）`],
      [`370783-${year}-BG-000003`, 'bank_account', '银行账户变更：档案乙'],
      [`370783-${year}-BG-000004`, 'termination', `终止参保：档案甲（${today}）`],
    ]);
    expect(changes[2]!.detail).toMatchObject({ before: `****${id('19750302', '123').slice(-4)}`, after: '****5678', reason: '银行卡库比对' });
  });

  it('a death files 死亡 with its settlement', async () => {
    const res = await auditor.send('POST', `/api/residents/${ids.dueB}/terminate-enrolment`, { reason: 'death', on: today });
    expect(res.status).toBe(200);
    const [death] = await records({ kind: 'death' });
    const settlement = await t.database.db.selectFrom('death_settlement').select('id').where('resident_id', '=', ids.dueB!).executeTakeFirstOrThrow();
    expect(death).toMatchObject({ file_no: `370783-${year}-SW-000001`, resident_id: ids.dueB, source_kind: 'death_settlement', source_id: String(settlement.id), title: `死亡登记及待遇结算：核定乙（${today} 死亡）`, region_code: HOME.otherVillage });
    // No 终止参保 record beside it: the death is filed once.
    expect((await records({ residentId: ids.dueB })).map((r) => r.kind)).toEqual(['award', 'death']);
  });
});

describe('search and scope', () => {
  it('finds by name, ID number, year, category and file number; counts by category', async () => {
    const all = await json(await director.get('/api/archives?pageSize=100'));
    expect(all.total).toBe(12);
    expect(all.byCategory).toEqual({ enrolment: 4, award: 2, change: 4, death: 1, payroll: 1 });
    const byName = await json(await director.get(`/api/archives?q=${encodeURIComponent('核定甲')}`));
    expect(byName.items.map((r: { kind: string }) => r.kind).sort()).toEqual(['award', 'resumption', 'suspension']);
    const byId = await json(await director.get(`/api/archives?q=${id('19750302', '123')}`));
    expect(byId.items.map((r: { title: string }) => r.title)).toEqual(['银行账户变更：档案乙', '参保登记：档案乙']);
    expect(byId.items[0].idNumberMasked).toBe(`370783********${id('19750302', '123').slice(-4)}`);
    expect((await json(await director.get('/api/archives?year=2010'))).items.map((r: { fileNo: string }) => r.fileNo)).toEqual(['370783-2010-CB-000001']);
    expect((await json(await director.get('/api/archives?category=death'))).total).toBe(1);
    expect((await json(await director.get(`/api/archives?fileNo=${year}-DY-000002`))).items.map((r: { name: string }) => r.name)).toEqual(['核定乙']);
    expect((await json(await director.get(`/api/archives?residentId=${ids.dueA}`))).total).toBe(3);
    expect((await json(await director.get(`/api/archives?regionCode=${HOME.otherTownship}`))).total).toBe(3);
  });

  it('a township clerk sees their township only (no county payroll), the coordinator nothing', async () => {
    const mine = await json(await clerk.get('/api/archives?pageSize=100'));
    expect(mine.total).toBe(8);
    expect(mine.items.every((r: { regionCode: string }) => r.regionCode.startsWith('370783001'))).toBe(true);
    const other = (await records({ residentId: ids.dueB }))[0]!;
    expect((await clerk.get(`/api/archives/${other.id}`)).status).toBe(404);
    expect((await clerk.get(`/api/archives?regionCode=${HOME.otherTownship}`)).status).toBe(403);
    expect((await coord.get('/api/archives')).status).toBe(403);
  });

  it('exports the catalogue (档案目录) to Excel in file-number order with a total row, audited', async () => {
    const res = await director.get('/api/archives/export.xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.getWorksheet('档案目录')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('档案号');
    expect(sheet.getRow(2).getCell(1).value).toBe('370783-2010-CB-000001');
    expect(sheet.getRow(3).getCell(1).value).toBe(`370783-${year}-BG-000001`);
    expect(sheet.getRow(3).getCell(3).value).toBe('变更');
    expect(sheet.getRow(7).getCell(1).value).toBe(`370783-${year}-CB-000001`);
    expect(sheet.rowCount).toBe(14);
    expect(sheet.getRow(14).getCell(1).value).toBe('合计 12 件');
    expect(await t.database.db.selectFrom('audit_log').select('after').where('action', '=', 'archive.export').executeTakeFirst()).toMatchObject({ after: { rows: 12 } });
  });
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3]);
const PDF = new TextEncoder().encode('%PDF-1.4\n% scanned form\n%%EOF\n');
function form(name: string, data: Uint8Array, type = 'application/octet-stream') {
  const f = new FormData();
  f.append('file', new File([data as Uint8Array<ArrayBuffer>], name, { type }));
  return f;
}

describe('scanned documents', () => {
  it('judges the type by content: PNG, JPEG and PDF signatures; the extension must agree', () => {
    expect(documentType('a.png', PNG)).toBe('image/png');
    expect(documentType('a.PDF', PDF)).toBe('application/pdf');
    expect(documentType('a.jpeg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe('image/jpeg');
    expect(() => documentType('a.pdf', PNG)).toThrow();
    expect(() => documentType('a.png', new TextEncoder().encode('<html>'))).toThrow();
  });

  it('the archivist uploads a scan, anyone in scope downloads the same bytes; both audited', async () => {
    const record = (await records({ kind: 'award' }))[0]!;
    const res = await archivist.send('POST', `/api/archives/${record.id}/documents`, form('核定表.png', PNG, 'application/pdf'));
    expect(res.status).toBe(201);
    const doc = await json(res);
    expect(doc).toMatchObject({ fileName: '核定表.png', contentType: 'image/png', size: PNG.length });
    const down = await clerk.get(`/api/archives/${record.id}/documents/${doc.id}`);
    expect(down.status).toBe(200);
    expect(down.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await down.arrayBuffer())).toEqual(PNG);
    const detail = await json(await clerk.get(`/api/archives/${record.id}`));
    expect(detail.documents).toBe(1);
    expect(detail.documentList.map((d: { fileName: string }) => d.fileName)).toEqual(['核定表.png']);
    const actions = (await t.database.db.selectFrom('audit_log').select(['action', 'username']).where('entity', '=', 'archive_record').where('entity_id', '=', String(record.id)).orderBy('id').execute()).map((a) => [a.action, a.username]);
    expect(actions).toEqual([
      ['archive.document_upload', t.users.archivist],
      ['archive.document_download', t.users.township_clerk],
    ]);
  });

  it('refuses a file whose content is not PDF/JPEG/PNG, a mismatched extension, one over the size limit, and a clerk', async () => {
    const record = (await records({ kind: 'award' }))[0]!;
    const html = await archivist.send('POST', `/api/archives/${record.id}/documents`, form('scan.pdf', new TextEncoder().encode('<html>not a scan</html>'), 'application/pdf'));
    expect(html.status).toBe(400);
    expect((await json(html)).code).toBe('ARCHIVE_FILE_TYPE');
    expect((await json(await archivist.send('POST', `/api/archives/${record.id}/documents`, form('scan.jpg', PDF)))).code).toBe('ARCHIVE_FILE_TYPE');
    const big = new Uint8Array(1024 * 1024 + 1);
    big.set(PDF);
    const tooBig = await archivist.send('POST', `/api/archives/${record.id}/documents`, form('big.pdf', big));
    expect(tooBig.status).toBe(413);
    expect((await json(tooBig)).code).toBe('ARCHIVE_FILE_TOO_LARGE');
    expect((await clerk.send('POST', `/api/archives/${record.id}/documents`, form('a.pdf', PDF))).status).toBe(403);
    expect(await t.database.db.selectFrom('archive_document').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 1 });
  });
});

describe('the borrowing register (借阅登记)', () => {
  it('lends a record once at a time: of four lendings at once exactly one succeeds, the others are 409', async () => {
    const record = (await records({ kind: 'payroll' }))[0]!;
    const body = { recordId: record.id, borrower: '财务科 王会计', purpose: '核对发放表', dueOn: addDays(today, 7) };
    const answers = await Promise.all([1, 2, 3, 4].map(() => archivist.send('POST', '/api/archives/loans', body)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const r of answers.filter((a) => a.status === 409)) expect((await json(r)).code).toBe('ARCHIVE_ON_LOAN');
    expect(await t.database.db.selectFrom('archive_loan').select((eb) => eb.fn.countAll<number>().as('n')).where('record_id', '=', record.id).executeTakeFirstOrThrow()).toEqual({ n: 1 });
  });

  it('the database itself refuses a second open loan (the unique index settles a race the check missed)', async () => {
    const record = (await records({ kind: 'payroll' }))[0]!;
    const userId = await staffId(t.users.archivist);
    await expect(
      sql`insert into archive_loan (county_code, record_id, borrower, purpose, lent_on, due_on, lent_by) values ('370783', ${record.id}, 'x', 'y', ${today}, ${today}, ${userId})`.execute(t.database.db),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('records the return; the record may be lent again; overdue loans are flagged and counted; audited', async () => {
    const record = (await records({ kind: 'payroll' }))[0]!;
    const register = await json(await director.get('/api/archives/loans'));
    expect(register).toMatchObject({ total: 1, out: 1, overdue: 0 });
    const loanId = register.items[0].id;
    const back = await archivist.send('POST', `/api/archives/loans/${loanId}/return`, { returnedOn: today });
    expect(back.status).toBe(200);
    expect(await json(back)).toMatchObject({ returnedOn: today, overdue: false });
    expect((await json(await archivist.send('POST', `/api/archives/loans/${loanId}/return`, { returnedOn: today }))).code).toBe('ARCHIVE_LOAN_RETURNED');
    // Lent 20 days ago for 10 days: overdue.
    const late = await archivist.send('POST', '/api/archives/loans', { recordId: record.id, borrower: '稽核科 李', purpose: '稽核', lentOn: addDays(today, -20), dueOn: addDays(today, -10) });
    expect(late.status).toBe(201);
    expect(await json(late)).toMatchObject({ overdue: true, returnedOn: null });
    expect(await json(await director.get('/api/archives/loans'))).toMatchObject({ total: 2, out: 1, overdue: 1 });
    expect((await json(await director.get('/api/archives/loans?state=overdue'))).items.map((l: { borrower: string }) => l.borrower)).toEqual(['稽核科 李']);
    const listed = await json(await director.get(`/api/archives?lent=overdue`));
    expect(listed.items.map((r: { fileNo: string; lentTo: string }) => [r.fileNo, r.lentTo])).toEqual([[record.file_no, '稽核科 李']]);
    const detail = await json(await director.get(`/api/archives/${record.id}`));
    expect(detail.loans.map((l: { borrower: string; overdue: boolean }) => [l.borrower, l.overdue])).toEqual([
      ['稽核科 李', true],
      ['财务科 王会计', false],
    ]);
    // A lending dated in the future or due before it was lent is refused.
    expect((await json(await archivist.send('POST', '/api/archives/loans', { recordId: (await records({ kind: 'death' }))[0]!.id, borrower: 'a', purpose: 'b', lentOn: addDays(today, 1), dueOn: addDays(today, 5) }))).code).toBe('DATE_IN_FUTURE');
    expect((await json(await archivist.send('POST', '/api/archives/loans', { recordId: (await records({ kind: 'death' }))[0]!.id, borrower: 'a', purpose: 'b', dueOn: addDays(today, -1) }))).code).toBe('ARCHIVE_DUE_BEFORE_LENT');
    const actions = (await t.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'archive.%').where('entity_id', '=', String(record.id)).orderBy('id').execute()).map((a) => a.action);
    expect(actions).toEqual(['archive.lend', 'archive.return', 'archive.lend']);
    // Only the archivist keeps the register.
    expect((await clerk.send('POST', '/api/archives/loans', { recordId: record.id, borrower: 'a', purpose: 'b', dueOn: today })).status).toBe(403);
  });
});

describe('suspension for an overdue certification and resumption by a certification', () => {
  it('suspending everyone overdue files one 暂停发放 record each (one statement); the certification that resumes files 恢复发放', async () => {
    // 核定甲's pension, certified last 2020-01-01: long overdue.
    await t.database.db.updateTable('pension').set({ last_certified_on: '2020-01-01' }).where('id', '=', ids.pensionA!).execute();
    const before = await t.database.db.selectFrom('archive_counter').select('last_seq').where('year', '=', year).where('category', '=', 'change').executeTakeFirstOrThrow();
    const suspended = await json(await reviewer.send('POST', '/api/pensions/suspend-overdue'));
    expect(suspended.suspended).toBe(1);
    const certified = await json(await reviewer.send('POST', '/api/pensions/certify', { pensionIds: [ids.pensionA], method: 'visit' }));
    expect(certified).toMatchObject({ recorded: 1, resumed: 1 });
    const certification = await t.database.db.selectFrom('certification').select('id').where('pension_id', '=', ids.pensionA!).executeTakeFirstOrThrow();
    const latest = await t.database.db.selectFrom('archive_record').selectAll().where('category', '=', 'change').where('seq', '>', before.last_seq).orderBy('seq').execute();
    const n = (k: number) => `370783-${year}-BG-${String(before.last_seq + k).padStart(6, '0')}`;
    expect(latest.map((r) => [r.file_no, r.kind, r.source_kind, r.source_id, r.title])).toEqual([
      [n(1), 'suspension', 'pension', String(ids.pensionA), '暂停发放：核定甲（未按期认证，2021-02 起）'],
      [n(2), 'resumption', 'certification', String(certification.id), `恢复发放：核定甲（${today} 认证）`],
    ]);
  });
});
