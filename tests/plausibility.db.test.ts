// Plausibility (issue 7 part 6) over the real app: a date of a past fact after today is refused wherever it is
// typed — birth dates (calculator, application form, import row), payments, certifications, terminations and
// deaths, money recovered — naming the field in zh-CN and en, while the dates that may lie ahead (the
// calculator's asOf, a person not 16 yet) still work. A birth before 1900 (or an age over 120) is refused
// unless the submitter confirms it, and the confirmed application and the resident it creates are flagged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../src/http/clock.js';
import { addDays, idCheckChar } from '../src/rules/index.js';
import { enrolledPerson } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let coord: Session;
let clerk: Session;
let auditor: Session;
let reviewer: Session;
const today = chinaToday();
const tomorrow = addDays(today, 1);

beforeAll(async () => {
  t = await createTestApp();
  coord = await t.signIn(t.users.village_coordinator);
  clerk = await t.signIn(t.users.township_clerk);
  auditor = await t.signIn(t.users.county_enrolment_auditor);
  reviewer = await t.signIn(t.users.benefit_reviewer);
});
afterAll(async () => {
  await t.close();
});

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
async function calc(kind: string, body: unknown, lang = 'zh-CN') {
  const res = await t.app.request(`/api/calc/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': lang }, body: JSON.stringify(body) });
  return { status: res.status, body: await json(res) };
}
const id = (birth: string, seq: string) => `370783${birth}${seq}${idCheckChar(`370783${birth}${seq}`)}`;
const application = (over: Record<string, unknown> = {}) => ({
  idNumber: id('19800515', '123'),
  name: '李明',
  villageCode: HOME.village,
  relation: '户主',
  notFullTimeStudent: true,
  noOtherStatePension: true,
  ...over,
});
const csv = (header: string[], rows: string[][]) => new TextEncoder().encode([header.join(','), ...rows.map((r) => r.join(','))].join('\n'));
const upload = (bytes: Uint8Array, name = 'batch.csv') => {
  const form = new FormData();
  form.append('file', new File([bytes], name));
  return coord.send('POST', '/api/enrolment/applications/import', form);
};
const HEADER = ['身份证号码', '姓名', '出生日期', '村代码', '与户主关系', '非在校学生且未参加其他养老保险'];

describe('future dates of past facts are refused', () => {
  it('calculator: a birth date of 2030-01-01 for the benefit and the obligation is a 400 naming birthDate, in zh-CN and en', async () => {
    for (const kind of ['benefit', 'obligation']) {
      const body = kind === 'benefit' ? { birthDate: '2030-01-01' } : { birthDate: '2030-01-01', asOf: '2012-03-01' };
      const zh = await calc(kind, body);
      expect(zh.status).toBe(400);
      expect(zh.body).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'birthDate' });
      expect(zh.body.message).toBe(`出生日期“2030-01-01”晚于今天（${today}）：已经发生的事不能填将来的日期`);
      const en = await calc(kind, body, 'en');
      expect(en.status).toBe(400);
      expect(en.body.message).toBe(`Birth date "2030-01-01" is after today (${today}): a date of something that has happened cannot be in the future`);
    }
    // Tomorrow is already too late; today is fine.
    expect((await calc('benefit', { birthDate: tomorrow })).body).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'birthDate' });
    expect((await calc('obligation', { birthDate: '1980-01-01', schemeStartDate: tomorrow, asOf: today })).body).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'schemeStartDate' });
    expect((await calc('death', { deathDate: tomorrow })).body).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'deathDate' });
  });

  it('calculator: dates that may lie ahead still work — a question asked about the future, a person not 16 yet', async () => {
    const ahead = await calc('obligation', { birthDate: '1980-06-01', schemeStartDate: '2009-12-01', asOf: '2040-06-01' });
    expect(ahead.status).toBe(200);
    const young = await calc('obligation', { birthDate: addDays(today, -365 * 10), schemeStartDate: '2009-12-01', asOf: today });
    expect(young.status).toBe(200);
    expect((await calc('benefit', { birthDate: today })).status).toBe(200);
  });

  it('application form: a typed birth date after today is refused on birthDate (not as a mismatch with the ID)', async () => {
    const res = await coord.send('POST', '/api/enrolment/applications', application({ birthDate: '2030-01-01' }));
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'birthDate' });
    expect(body.errors.map((e: { code: string }) => e.code)).toEqual(['DATE_IN_FUTURE']);
    const en = await json(await coord.send('POST', '/api/enrolment/applications', application({ birthDate: '2030-01-01' }), { 'accept-language': 'en' }));
    expect(en.message).toContain('Birth date "2030-01-01" is after today');
     // Without a typed birth date, the one inside the ID number is said to be in the future.
    const inId = await json(await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id('20300101', '124') })));
    expect(inId).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'idNumber' });
    expect(inId.message).toContain('身份证号码中的出生日期“2030-01-01”晚于今天');
  });

  it('import: a row with a birth date after today is refused with its row and field; nothing is imported', async () => {
    const res = await upload(
      csv(HEADER, [
        [id('19700101', '321'), '王一', '1970-01-01', HOME.village, '户主', '是'],
        [id('19710202', '322'), '王二', '2030-01-01', HOME.village, '户主', '是'],
      ]),
    );
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('IMPORT_INVALID');
    expect(body.errors).toEqual([expect.objectContaining({ row: 3, field: 'birthDate', code: 'DATE_IN_FUTURE' })]);
    expect(await t.database.db.selectFrom('enrolment_application').select('id').where('name', '=', '王一').execute()).toEqual([]);
  });

  it('payment date: a premium paid tomorrow is refused on paidOn', async () => {
    const residentId = await enrolledPerson(t, { name: '缴费甲', birth: '1980-03-03', village: HOME.village, years: 0, firstYear: 2020 });
    const res = await coord.send('POST', '/api/contributions', { residentId, tier: '500', channel: 'cash', receiptNo: 'PL-0001', paidOn: tomorrow });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: 'CONTRIBUTION_DATE', field: 'paidOn' });
    const en = await json(await coord.send('POST', '/api/contributions', { residentId, tier: '500', channel: 'cash', receiptNo: 'PL-0001', paidOn: tomorrow }, { 'accept-language': 'en' }));
    expect(en.message).toBe(`Payment date "${tomorrow}" is not valid (not after today)`);
  });

  it('termination and death dates: ending an enrolment tomorrow is refused on `on`, for any reason', async () => {
    const residentId = await enrolledPerson(t, { name: '注销乙', birth: '1975-04-04', village: HOME.village, years: 0, firstYear: 2020 });
    for (const reason of ['abroad', 'death', 'employee_pension', 'other']) {
      const res = await auditor.send('POST', `/api/residents/${residentId}/terminate-enrolment`, { reason, on: tomorrow });
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ code: 'ENROL_TERMINATION_DATE', field: 'on' });
    }
    const enrolment = await t.database.db.selectFrom('enrolment').select('status').where('resident_id', '=', residentId).executeTakeFirstOrThrow();
    expect(enrolment.status).toBe('normal');
  });

  it('certification and recovery dates: a certification or money received tomorrow is refused on its field', async () => {
    const residentId = await enrolledPerson(t, { name: '认证丙', birth: '1945-05-05', village: HOME.village, years: 0, firstYear: 2020 });
    await t.database.db.updateTable('enrolment').set({ payment_status: 'ended' }).where('resident_id', '=', residentId).execute();
    const award = await json(await reviewer.send('POST', '/api/pensions/award', { month: '2025-01', residentIds: [residentId] }));
    expect(award.awarded).toBe(1);
    const pensionId = award.pensionIds[0] as number;
    const certified = await coord.send('POST', '/api/pensions/certify', { pensionIds: [pensionId], method: 'visit', certifiedOn: tomorrow });
    expect(certified.status).toBe(400);
    expect(await json(certified)).toMatchObject({ code: 'CERTIFICATION_DATE', field: 'certifiedOn' });

    const died = await auditor.send('POST', `/api/residents/${residentId}/terminate-enrolment`, { reason: 'death', on: addDays(today, -3) });
    expect(died.status).toBe(200);
    const deathId = (await json(died)).death.id as number;
    const recovered = await reviewer.send('POST', `/api/deaths/${deathId}/recover`, { amount: '1.00', receivedOn: tomorrow });
    expect(recovered.status).toBe(400);
    expect(await json(recovered)).toMatchObject({ code: 'DEATH_RECOVERY_DATE', field: 'receivedOn' });
  });
});

describe('a birth before 1900 or an age over 120 needs a confirmation and is flagged', () => {
  const old = id('18990101', '514');

  it('the form refuses 1899 on birthDate with a clear message, in zh-CN and en', async () => {
    const res = await coord.send('POST', '/api/enrolment/applications', application({ idNumber: old, name: '寿星', relation: '父亲', householdNo: 'H1' }));
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body).toMatchObject({ code: 'ENROL_AGE_IMPLAUSIBLE', field: 'birthDate' });
    expect(body.message).toContain('出生日期 1899-01-01');
    expect(body.message).toContain('年龄已核实');
    const en = await json(await coord.send('POST', '/api/enrolment/applications', application({ idNumber: old, name: '寿星', relation: '父亲', householdNo: 'H1', confirmImplausibleAge: false }), { 'accept-language': 'en' }));
    expect(en.message).toContain('Birth date 1899-01-01');
    expect(en.message).toContain('implausible');
  });

  it('confirmed, it is accepted and flagged on the application and, once confirmed by the county, on the resident', async () => {
    const res = await coord.send('POST', '/api/enrolment/applications', application({ idNumber: old, name: '寿星', relation: '父亲', householdNo: 'H1', confirmImplausibleAge: true }));
    expect(res.status).toBe(200);
    const submitted = await json(res);
    expect(submitted).toMatchObject({ birthDate: '1899-01-01', ageConfirmed: true });
    const audit = await t.database.db.selectFrom('audit_log').select('after').where('action', '=', 'enrolment.submit').where('entity_id', '=', String(submitted.id)).executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ ageConfirmed: true });
    await clerk.send('POST', '/api/enrolment/applications/review', { ids: [submitted.id], approve: true });
    expect(await json(await auditor.send('POST', '/api/enrolment/applications/confirm', { ids: [submitted.id], approve: true }))).toMatchObject({ approved: 1, residentsCreated: 1 });
    const detail = await json(await auditor.get(`/api/enrolment/applications/${submitted.id}`));
    expect(detail).toMatchObject({ status: 'confirmed', ageConfirmed: true });
    const resident = await json(await auditor.get(`/api/residents/${detail.residentId}`));
    expect(resident).toMatchObject({ birthDate: '1899-01-01', ageConfirmed: true });
    // An ordinary application is not flagged, and a confirmation for a plausible age flags nothing.
    const plain = await json(await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id('19600606', '515'), name: '常人', confirmImplausibleAge: true })));
    expect(plain.ageConfirmed).toBe(false);
  });

  it('an age over 120 with a birth year from 1900 on is refused the same way', async () => {
    const birth = `${Number(today.slice(0, 4)) - 121}0101`;
    const res = await json(await coord.send('POST', '/api/enrolment/applications', application({ idNumber: id(birth, '516'), name: '长寿', relation: '父亲', householdNo: 'H1' })));
    expect(res).toMatchObject({ code: 'ENROL_AGE_IMPLAUSIBLE', field: 'birthDate' });
  });

  it('a file row of 1899 is refused with its row unless 年龄核实 says 是; then it is flagged', async () => {
    const person = [id('18990303', '517'), '百岁', '1899-03-03', HOME.village, '父亲', '是'];
    const refused = await json(await upload(csv(HEADER, [[id('19720303', '518'), '王三', '', HOME.village, '户主', '是'], person])));
    expect(refused.code).toBe('IMPORT_INVALID');
    expect(refused.errors).toEqual([expect.objectContaining({ row: 3, field: 'birthDate', code: 'ENROL_AGE_IMPLAUSIBLE' })]);
    const accepted = await upload(csv([...HEADER, '年龄核实'], [[id('19720303', '518'), '王三', '', HOME.village, '户主', '是', ''], [...person, '是']]));
    expect(accepted.status).toBe(200);
    const rows = await t.database.db.selectFrom('enrolment_application').select(['name', 'age_confirmed']).where('name', 'in', ['王三', '百岁']).orderBy('name').execute();
    expect(rows).toEqual([
      { name: '王三', age_confirmed: false },
      { name: '百岁', age_confirmed: true },
    ]);
    // The English column name and "yes" work too.
    const en = await upload(csv(['idNumber', 'name', 'villageCode', 'relation', 'declarations', 'ageConfirmed'], [[id('18980404', '519'), '百二', HOME.village, '父亲', 'yes', 'yes']]));
    expect(en.status).toBe(200);
  });
});
