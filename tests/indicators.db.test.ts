// Management indicators (管理指标), issue 12 parts 1–2, over the real app on both databases. A worked example with
// invented figures, computed by hand: the village 北台头村 (370783106002) of 田柳镇 as of Friday 27 November 2026.
//
//   registry, aged 16+ and not a student, not in the employee scheme, alive: the two base residents (not enrolled),
//   ten payers P1–P10, three pensioners Q1–Q3 and L1 (enrolled from 2026-12, so not yet)  = 16
//   (left out: a dead pensioner D1, a student S1 aged 18, an employee-scheme member E1, a child C1 aged 14)
//   enrolled = payers 10 + pensioners 3 = 13; enrolled aged 60+ = Q1–Q3 and P10 (born 1966-05-01) = 4
//   paid 2025: P1–P8 (renewal base 8); paid 2026 by the day: P1–P7, P9 = 8 (P8's was reversed, P10 paid on the 28th)
//   renewals P1–P7 = 7; collected 7 × 100.00 + 300.00 = 1,000.00 yuan
//   hukou statistics: population 25, should enrol 18; target 14 people and 1,500.00 yuan
//
//   participation (hukou)    13 ÷ 18 = 72.22… %  → 72.2
//   participation (registry) 13 ÷ 16 = 81.25 %   → 81.3 (half up; round-half-even would say 81.2)
//   renewal                   7 ÷ 8  = 87.5 %    → 87.5
//   take-up                   3 ÷ 4  = 75 %      → 75.0
//   payment                   8 ÷ 10 = 80 %      → 80.0
//   target (people)          13 ÷ 14 = 92.857… % → 92.9
//   target (money)       1,000 ÷ 1,500 = 66.66… % → 66.7
// The township 田柳镇 adds 田柳村 (two base residents, no hukou row) and has its own target of 20: 13 ÷ 20 = 65.0 %.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTestClock } from '../src/http/clock.js';
import { takeSnapshot, fridayOnOrBefore, FridaySnapshots } from '../src/modules/indicators/snapshots.js';
import { createLogger } from '../src/logger.js';
import { pdfText } from './support/pdf-text.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let auditor: Session;
let clerk: Session;
let director: Session;
let coordinator: Session;

const VILLAGE = '370783106002';
const OTHER = '370783106001';
const TOWNSHIP = HOME.otherTownship;
const DAY = '2026-11-27';
let serial = 100;
let staffId = 0;

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function person(name: string, birth: string, extra: { student_until?: string; employee_scheme_from?: string } = {}): Promise<number> {
  serial += 1;
  const r = await t.database.db
    .insertInto('resident')
    .values({ county_code: '370783', id_number: `370783${birth.replace(/-/g, '')}${serial}X`, name, sex: 'M', birth_date: birth, village_code: VILLAGE, household_id: 1, relation: '其他', ...extra })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

async function enrol(id: number, firstMonth = '2015-01', end?: { on: string; reason: 'death' }) {
  await t.database.db
    .insertInto('enrolment')
    .values({ county_code: '370783', resident_id: id, village_code: VILLAGE, identity: 'ordinary', first_month: firstMonth, ...(end ? { status: 'terminated', terminated_on: end.on, termination_reason: end.reason } : {}) })
    .execute();
}

async function pay(id: number, year: number, paidOn: string, individual = 10000, reversedAt?: string) {
  await t.database.db
    .insertInto('contribution')
    .values({
      county_code: '370783',
      resident_id: id,
      village_code: VILLAGE,
      year,
      kind: 'yearly',
      tier: individual,
      identity: 'ordinary',
      individual,
      hardship_payment: 0,
      government_subsidy: 3000,
      collective_subsidy: 0,
      sponsorship: 0,
      total_credited: individual + 3000,
      paid_on: paidOn,
      channel: 'bank',
      recorded_by: staffId,
      ...(reversedAt ? { status: 'reversed', reversal_reason: '录入错误', reversed_by: staffId, reversed_at: new Date(reversedAt) } : {}),
    })
    .execute();
}

async function pension(id: number, stoppedOn?: string) {
  await sql`insert into pension (county_code, resident_id, village_code, status, pension_age_date, start_month, category, contribution_years, central_basic, local_top_up,
      long_contribution_extra, basic_pension, account_balance, account_pension, monthly_pension, balances, account_pension_by_source, explanation, awarded_by, stopped_on, stop_reason)
    values ('370783', ${id}, ${VILLAGE}, ${stoppedOn ? 'stopped' : 'active'}, '2015-05-01', '2015-06', 'noContribution', 0, 5500, 0, 0, 5500, 0, 0, 5500, '{}', '{}', '[]', ${staffId},
      ${stoppedOn ?? null}, ${stoppedOn ? 'death' : null})`.execute(t.database.db);
}

beforeAll(async () => {
  setTestClock('2026-11-30T10:00:00+08:00');
  t = await createTestApp();
  staffId = (await t.database.db.selectFrom('staff_user').select('id').where('username', '=', t.users.account_manager).executeTakeFirstOrThrow()).id;
  auditor = await t.signIn(t.users.county_enrolment_auditor);
  clerk = await t.signIn(t.users.township_clerk);
  director = await t.signIn(t.users.county_director);
  coordinator = await t.signIn(t.users.village_coordinator);
  const payers: number[] = [];
  for (let i = 1; i <= 9; i++) payers.push(await person(`缴费${i}`, `197${i - 1}-03-0${i}`));
  payers.push(await person('缴费10', '1966-05-01'));
  for (const id of payers) await enrol(id);
  for (let i = 0; i < 8; i++) await pay(payers[i]!, 2025, '2025-03-15');
  for (let i = 0; i < 7; i++) await pay(payers[i]!, 2026, '2026-03-15');
  await pay(payers[7]!, 2026, '2026-03-15', 20000, '2026-06-01T09:00:00+08:00'); // P8: reversed
  await pay(payers[8]!, 2026, '2026-11-25', 30000); // P9: this week
  await pay(payers[9]!, 2026, '2026-11-28', 50000); // P10: the day after
  for (const birth of ['1950-01-01', '1952-02-02', '1955-03-03']) {
    const q = await person(`领取${birth}`, birth);
    await enrol(q);
    await pension(q);
  }
  const dead = await person('已故', '1949-04-04');
  await enrol(dead, '2015-01', { on: '2026-10-01', reason: 'death' });
  await pension(dead, '2026-10-01');
  await enrol(await person('新参保', '1991-06-06'), '2026-12');
  await person('在校生', '2008-01-01', { student_until: '2028-07-01' });
  await person('职工', '1980-01-01', { employee_scheme_from: '2020-01-01' });
  await person('儿童', '2012-01-01');
});

afterAll(async () => {
  setTestClock(null);
  await t.close();
});

async function upload(s: Session, path: string, rows: (string | number)[][], lang = 'zh-CN') {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Sheet1');
  for (const r of rows) sheet.addRow(r);
  const form = new FormData();
  form.append('file', new File([new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)], 'data.xlsx'));
  return s.send('POST', path, form, { 'accept-language': lang });
}

describe('hukou statistics and targets', () => {
  it('refuses a file with row errors in both languages and imports nothing', async () => {
    const rows = [
      ['村代码', '村名称', '户籍人口', '应参保人数'],
      [VILLAGE, '北台头村', 25, 30],
      ['370781001001', '北关村', 10, 5],
      [OTHER, '田柳村', 'abc', 3],
    ];
    const zh = await upload(auditor, '/api/indicators/hukou/import?year=2026', rows);
    expect(zh.status).toBe(400);
    const body = await json(zh);
    expect(body.code).toBe('IMPORT_INVALID');
    expect(body.errors.map((e: any) => [e.row, e.code, e.field])).toEqual([
      [2, 'INDICATOR_SHOULD_ENROL_ABOVE_POPULATION', 'shouldEnrol'],
      [3, 'INDICATOR_VILLAGE', 'villageCode'],
      [4, 'INDICATOR_COUNT', 'population'],
    ]);
    expect(body.errors[0].message).toBe('应参保人数 30 大于户籍人口 25');
    const en = await json(await upload(auditor, '/api/indicators/hukou/import?year=2026', rows, 'en'));
    expect(en.errors[0].message).toBe('Should-enrol 30 is more than the registered population 25');
    expect(await t.database.db.selectFrom('hukou_statistic').selectAll().execute()).toEqual([]);
  });

  it('imports a year and a re-import of the same year replaces it, audited', async () => {
    const first = await json(await upload(auditor, '/api/indicators/hukou/import?year=2026', [['村代码', '户籍人口', '应参保人数'], [VILLAGE, 30, 20], [OTHER, 5, 4]]));
    expect(first).toEqual({ year: 2026, villages: 2, replaced: 0, population: 35, shouldEnrol: 24 });
    const again = await json(await upload(auditor, '/api/indicators/hukou/import?year=2026', [['村代码', '户籍人口', '应参保人数'], [VILLAGE, 25, 18]]));
    expect(again).toEqual({ year: 2026, villages: 1, replaced: 2, population: 25, shouldEnrol: 18 });
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'indicator.hukou_import').execute();
    expect(audit).toHaveLength(2);
    expect((audit[1]!.after as any).checksum).toMatch(/^[0-9a-f]{64}$/);
    const template = await auditor.get('/api/indicators/templates/hukou.xlsx?year=2026');
    expect(template.status, await template.clone().text()).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await template.arrayBuffer()) as never);
    const cells = Array.from(book.worksheets[0]!.getSheetValues(), (r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(cells.filter((r) => r.length > 0)).toEqual([
      ['村代码', '村名称', '户籍人口', '应参保人数'],
      [HOME.village, '东关村', '', ''],
      [HOME.siblingVillage, '西关村', '', ''],
      [OTHER, '田柳村', '', ''],
      [VILLAGE, '北台头村', 25, 18],
    ]);
    expect((await clerk.get('/api/indicators/templates/hukou.xlsx?year=2026')).status).toBe(403);
    const years = await json(await director.get('/api/indicators/hukou'));
    expect(years.items).toMatchObject([{ year: 2026, villages: 1, population: 25, shouldEnrol: 18 }]);
  });

  it('sets targets typed and imported; only the county may', async () => {
    expect((await clerk.send('PUT', '/api/indicators/targets', { year: 2026, targets: [{ regionCode: VILLAGE, enrolled: 14 }] })).status).toBe(403);
    const typed = await auditor.send('PUT', '/api/indicators/targets', { year: 2026, targets: [{ regionCode: TOWNSHIP, enrolled: 20 }] });
    expect(await json(typed)).toEqual({ year: 2026, set: 1 });
    const bad = await json(await upload(auditor, '/api/indicators/targets/import?year=2026', [['区划代码', '参保任务（人）', '征缴任务（元）'], [HOME.county, 5, ''], [VILLAGE, 14, '1,500.001']]));
    expect(bad.errors.map((e: any) => [e.row, e.code])).toEqual([
      [2, 'INDICATOR_TARGET_REGION'],
      [3, 'MONEY_TOO_MANY_DECIMALS'],
    ]);
    const ok = await json(await upload(auditor, '/api/indicators/targets/import?year=2026', [['区划代码', '参保任务（人）', '征缴任务（元）'], [VILLAGE, 14, '1,500.00']]));
    expect(ok).toEqual({ year: 2026, set: 1 });
    const list = await json(await clerk.get('/api/indicators/targets?year=2026'));
    expect(list.items.map((r: any) => r.code)).toEqual([HOME.township, HOME.village, HOME.siblingVillage]);
    const all = await json(await director.get('/api/indicators/targets?year=2026'));
    expect(all.items.find((r: any) => r.code === VILLAGE)).toMatchObject({ enrolled: 14, collected: 150000 });
    expect(list.items.find((r: any) => r.code === HOME.township)).toMatchObject({ enrolled: null, villagesEnrolled: null });
    const tianliu = await json(await director.get(`/api/indicators/targets?year=2026&regionCode=${TOWNSHIP}`));
    expect(tianliu.items.find((r: any) => r.code === TOWNSHIP)).toMatchObject({ enrolled: 20, villagesEnrolled: 14 });
  });
});

describe('the worked example', () => {
  it('gives every count and rate of the village as computed by hand', async () => {
    const table = await json(await director.get(`/api/indicators?regionCode=${VILLAGE}&asOf=${DAY}`));
    expect(Object.keys(table).sort()).toEqual(['asOf', 'region', 'rows', 'total', 'year']);
    expect(table.rows).toHaveLength(1);
    expect(table.total.counts).toEqual({
      shouldEnrolHukou: 18,
      shouldEnrolRegistry: 16,
      enrolled: 13,
      payers: 10,
      paidThisYear: 8,
      renewals: 7,
      renewalBase: 8,
      pensioners: 3,
      enrolled60Plus: 4,
      collected: 100000,
      targetEnrolled: 14,
      targetCollected: 150000,
    });
    expect(table.total.rates).toEqual({ participationHukou: 722, participationRegistry: 813, renewal: 875, takeUp: 750, payment: 800, targetEnrolled: 929, targetCollected: 667 });
  });

  it('adds villages up to the township with its own target, and the county to its townships', async () => {
    const township = await json(await director.get(`/api/indicators?regionCode=${TOWNSHIP}&asOf=${DAY}`));
    expect(township.rows.map((r: any) => [r.name, r.counts.shouldEnrolRegistry, r.counts.enrolled])).toEqual([
      ['田柳村', 2, 0],
      ['北台头村', 16, 13],
    ]);
    expect(township.total).toMatchObject({ hukouMissing: 1, counts: { shouldEnrolHukou: 18, shouldEnrolRegistry: 18, enrolled: 13, targetEnrolled: 20 }, rates: { targetEnrolled: 650, participationRegistry: 722 } });
    const county = await json(await director.get(`/api/indicators?asOf=${DAY}`));
    expect(county.rows.map((r: any) => r.code)).toEqual([HOME.township, TOWNSHIP]);
    expect(county.total.counts.enrolled).toBe(13);
    expect(county.total.counts.targetEnrolled).toBe(20);
    expect(county.total.counts.shouldEnrolRegistry).toBe(county.rows.reduce((s: number, r: any) => s + r.counts.shouldEnrolRegistry, 0));
  });

  it('is as of the day: a week earlier P9 had not paid', async () => {
    const before = await json(await director.get(`/api/indicators?regionCode=${VILLAGE}&asOf=2026-11-20`));
    expect(before.total.counts).toMatchObject({ paidThisYear: 7, renewals: 7, collected: 70000, enrolled: 13 });
    // Before the death of D1 (1 October) D1 was an enrolled pensioner.
    const september = await json(await director.get(`/api/indicators?regionCode=${VILLAGE}&asOf=2026-09-30`));
    expect(september.total.counts).toMatchObject({ pensioners: 4, enrolled: 14, shouldEnrolRegistry: 17 });
  });

  it('drills down from each figure to its people, the count equal to the figure', async () => {
    const table = await json(await director.get(`/api/indicators?regionCode=${VILLAGE}&asOf=${DAY}`));
    const c = table.total.counts;
    const expected: Record<string, number> = { shouldEnrolRegistry: 16, notEnrolled: 3, enrolled: c.enrolled, payers: c.payers, paidThisYear: c.paidThisYear, renewalBase: c.renewalBase, renewals: c.renewals, notRenewed: 1, pensioners: c.pensioners, enrolled60Plus: c.enrolled60Plus, collected: 8 };
    for (const [figure, total] of Object.entries(expected)) {
      const page = await json(await director.get(`/api/indicators/people?regionCode=${VILLAGE}&asOf=${DAY}&figure=${figure}&pageSize=5`));
      expect([figure, page.total]).toEqual([figure, total]);
    }
    const notRenewed = await json(await director.get(`/api/indicators/people?regionCode=${VILLAGE}&asOf=${DAY}&figure=notRenewed`));
    expect(notRenewed.items.map((p: any) => p.name)).toEqual(['缴费8']);
    expect(notRenewed.items[0].idNumberMasked).toMatch(/^370783\*{8}\d{3}X$/);
    const collected = await json(await director.get(`/api/indicators/people?regionCode=${VILLAGE}&asOf=${DAY}&figure=collected`));
    expect(collected.amount).toBe(100000);
    const page2 = await json(await director.get(`/api/indicators/people?regionCode=${VILLAGE}&asOf=${DAY}&figure=enrolled&page=2&pageSize=10`));
    expect([page2.total, page2.items.length]).toEqual([13, 3]);
  });

  it('keeps to the region: the clerk of 圣城街道 may not see 田柳镇, the coordinator has no indicators', async () => {
    expect((await clerk.get(`/api/indicators?regionCode=${TOWNSHIP}`)).status).toBe(403);
    expect((await clerk.get(`/api/indicators/people?regionCode=${VILLAGE}&figure=enrolled`)).status).toBe(403);
    expect((await clerk.get('/api/indicators')).status).toBe(200);
    expect((await coordinator.get('/api/indicators')).status).toBe(403);
  });

  it('exports the table to Excel with the rates to one decimal', async () => {
    const res = await director.get(`/api/indicators/export.xlsx?regionCode=${TOWNSHIP}&asOf=${DAY}`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const values = Array.from(wb.worksheets[0]!.getSheetValues(), (r) => (Array.isArray(r) ? r.slice(1) : []));
    const row = values.find((r) => r[0] === '北台头村')!;
    expect(row).toEqual(['北台头村', 18, 16, 13, 10, 8, 7, 3, '72.2', '81.3', '87.5', '75.0', '1,000.00', 14, '92.9']);
  });
});

describe('Friday snapshots and the weekly report', () => {
  it('finds the Friday on or before a day', () => {
    expect(fridayOnOrBefore('2026-11-27')).toBe('2026-11-27');
    expect(fridayOnOrBefore('2026-11-30')).toBe('2026-11-27');
    expect(fridayOnOrBefore('2026-11-26')).toBe('2026-11-20');
  });

  it('the scheduled job keeps the latest Friday once; the report compares with the week before and the target', async () => {
    const taken: string[] = [];
    const job = new FridaySnapshots(t.database.db, createLogger('silent'), () => '2026-11-30', (task) => t.jobs.schedule(task));
    await job.runDue();
    await job.runDue();
    taken.push(...(await t.database.db.selectFrom('indicator_snapshot').select('taken_on').distinct().execute()).map((r) => r.taken_on));
    expect(taken).toEqual(['2026-11-27']);
    expect(await takeSnapshot(t.database.db, '370783', '2026-11-20')).toEqual({ takenOn: '2026-11-20', regions: 7 });
    const report = await json(await director.get(`/api/indicators/weekly?regionCode=${TOWNSHIP}`));
    expect(report.takenOn).toBe('2026-11-27');
    expect(report.previousOn).toBe('2026-11-20');
    expect(report.days).toEqual(['2026-11-27', '2026-11-20']);
    expect(report.total).toMatchObject({ shortOfTarget: 7, now: { enrolled: 13, paidThisYear: 8, collected: 100000 }, previous: { paidThisYear: 7, collected: 70000 }, rates: { targetEnrolled: 650 } });
    const village = report.rows.find((r: any) => r.code === VILLAGE);
    expect(village).toMatchObject({ shortOfTarget: 1, rates: { targetEnrolled: 929 } });
    const progress = await json(await director.get(`/api/indicators/progress?regionCode=${TOWNSHIP}&year=2026`));
    expect(progress.points.map((p: any) => [p.takenOn, p.paidThisYear, p.targetEnrolled])).toEqual([
      ['2026-11-20', 7, 20],
      ['2026-11-27', 8, 20],
    ]);
  });

  it('prints the weekly report as a PDF and exports it to Excel with the same figures', async () => {
    const pdf = await director.get(`/api/indicators/weekly.pdf?regionCode=${TOWNSHIP}`);
    expect(pdf.status).toBe(200);
    const read = pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(read.pages).toBe(1);
    const text = read.text.replace(/\s+/g, '');
    expect(text).toContain('工作进度周报');
    expect(text).toContain('截至2026-11-27（周五）参保13人，距任务还差7人，较上周（2026-11-20）新增参保0人、征缴300.00元');
    expect(text).toContain('92.9%');
    const xlsx = await director.get(`/api/indicators/weekly.xlsx?regionCode=${TOWNSHIP}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const rows = Array.from(wb.worksheets[0]!.getSheetValues(), (r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(rows.find((r) => r[0] === '北台头村')).toEqual(['北台头村', '18', '14', '13', '0', '92.9%', '1', '72.2%', '8', '+1', '87.5%', '3', '75.0%', '1,000.00', '300.00']);
  });

  it('has no report before a snapshot was kept', async () => {
    const res = await director.get(`/api/indicators/weekly?date=2026-11-13`);
    expect(res.status).toBe(404);
    expect((await json(res)).code).toBe('INDICATOR_NO_SNAPSHOT');
  });
});
