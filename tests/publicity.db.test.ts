// Village publicity (村级公示) over the real app: the lists' contents to the fen, the posting period from the dated
// parameter, objections holding an award back until decided, and a county that awards only after a publicity.
// Today is the real China date; publicities are backdated (postedFrom) when a test needs one already over.
import { mkdirSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../src/http/clock.js';
import { buildParameterLibrary } from '../src/modules/calculator/library.js';
import { addDays, NATIONAL_PARAMETERS, parameterAsOf } from '../src/rules/index.js';
import { parseParameterOverrides } from '../src/rules/parameters/overrides.js';
import { enrolledPerson } from './support/pension-fixtures.js';
import { pdfText } from './support/pdf-text.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let clerk: Session;
let reviewer: Session;
let coord: Session;
const ids: Record<string, number> = {};
const today = chinaToday();
const nextMonth = (() => {
  const [y, m] = today.slice(0, 7).split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
})();
const thisYear = today.slice(0, 4);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Born so the pension starts this month (60 on the 5th of last month): due by next month. */
function dueBirth(yearsBack = 60): string {
  const [y, m] = today.slice(0, 7).split('-').map(Number) as [number, number];
  const month = m === 1 ? 12 : m - 1;
  return `${(month === 12 ? y - 1 : y) - yearsBack}-${String(month).padStart(2, '0')}-05`;
}

beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.signIn(t.users.township_clerk);
  reviewer = await t.signIn(t.users.benefit_reviewer);
  coord = await t.signIn(t.users.village_coordinator);
  const lastYear = Number(thisYear) - 14;
  // Paid this year (the 15th of 15 yearly premiums): 300.00 + 40.00 and 100.00 + 30.00, in two villages.
  ids.paidA = await enrolledPerson(t, { name: '缴费甲', birth: '1980-03-01', village: HOME.village, years: 15, firstYear: lastYear, individual: 30000, subsidy: 4000 });
  ids.paidB = await enrolledPerson(t, { name: '缴费乙', birth: '1981-04-01', village: HOME.siblingVillage, years: 15, firstYear: lastYear, individual: 10000, subsidy: 3000 });
  // Due for the pension by next month, 15 years paid up to last year.
  ids.dueA = await enrolledPerson(t, { name: '待领甲', birth: dueBirth(), village: HOME.village, years: 15, firstYear: lastYear - 1, individual: 10000, subsidy: 3000 });
  ids.dueB = await enrolledPerson(t, { name: '待领乙', birth: dueBirth(), village: HOME.village, years: 15, firstYear: lastYear - 1, individual: 20000, subsidy: 3000 });
  ids.dueC = await enrolledPerson(t, { name: '待领丙', birth: dueBirth(), village: HOME.village, years: 15, firstYear: lastYear - 1, individual: 10000, subsidy: 3000 });
});
afterAll(async () => {
  await t.close();
});

describe('the contributions list (缴费公示)', () => {
  it('posts one list per village of the township with who paid this year and how much, to the fen, for the days the parameter sets', async () => {
    const res = await clerk.send('POST', '/api/publicity', { kind: 'contributions', period: thisYear, regionCode: HOME.township });
    expect(res.status).toBe(201);
    const { items } = await json(res);
    expect(items.map((p: { villageCode: string }) => p.villageCode)).toEqual([HOME.village, HOME.siblingVillage]);
    const days = parameterAsOf(NATIONAL_PARAMETERS, 'publicityDays', today).value;
    expect(days).toBe(7);
    expect(items[0]).toMatchObject({ kind: 'contributions', period: thisYear, postedFrom: today, postedTo: addDays(today, days - 1), days, state: 'posted', lineCount: 1, total: 30000 });
    const detail = await json(await clerk.get(`/api/publicity/${items[0].id}`));
    expect(detail.lines).toHaveLength(1);
    expect(detail.lines[0]).toMatchObject({ residentId: ids.paidA, name: '缴费甲', amount: 30000, detail: { tier: 30000, subsidy: 4000, collective: 0, credited: 34000, paidOn: `${thisYear}-03-15` } });
    expect(detail.contact).toContain('12333');
    const sibling = await json(await clerk.get(`/api/publicity/${items[1].id}`));
    expect(sibling.lines[0]).toMatchObject({ name: '缴费乙', amount: 10000, detail: { credited: 13000 } });
  });

  it('never lists anyone twice: posting the same list again is refused with the reason', async () => {
    const res = await clerk.send('POST', '/api/publicity', { kind: 'contributions', period: thisYear, regionCode: HOME.township });
    expect(res.status).toBe(409);
    const body = await json(res);
    expect(body.code).toBe('PUBLICITY_NOTHING_NEW');
    expect(body.message).toContain('圣城街道');
  });

  it('refuses a period in the wrong form, and a region outside the clerk\'s', async () => {
    const bad = await clerk.send('POST', '/api/publicity', { kind: 'contributions', period: '2026-12' });
    expect(bad.status).toBe(400);
    expect((await json(bad)).field).toBe('period');
    expect((await clerk.send('POST', '/api/publicity', { kind: 'awards', period: nextMonth, regionCode: HOME.otherTownship })).status).toBe(403);
    expect((await coord.send('POST', '/api/publicity', { kind: 'awards', period: nextMonth })).status).toBe(403);
  });

  it('lets the village coordinator read and print only their own village\'s lists', async () => {
    const list = await json(await coord.get('/api/publicity'));
    expect(list.items.map((p: { villageCode: string }) => p.villageCode)).toEqual([HOME.village]);
    const other = (await json(await clerk.get(`/api/publicity?regionCode=${HOME.siblingVillage}`))).items[0];
    expect((await coord.get(`/api/publicity/${other.id}`)).status).toBe(404);
    const pdf = await coord.get(`/api/publicity/${list.items[0].id}/board.pdf`);
    expect(pdf.status).toBe(200);
    const { text } = pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain('缴费甲');
    expect(text).toContain('300.00');
  });
});

describe('the pension list (待遇领取公示) and the award', () => {
  let publicityId: number;
  let lines: { id: number; residentId: number; amount: number; fromMonth: string }[];

  it('lists who is due with the start month and the amount the engine computes', async () => {
    const due = await json(await reviewer.get(`/api/pensions/due?month=${nextMonth}&regionCode=${HOME.village}`));
    const engine = new Map(due.items.map((r: { residentId: number; startMonth: string; monthlyPension: number }) => [r.residentId, r]));
    expect(due.items.every((r: { publicity: { state: string } }) => r.publicity.state === 'none')).toBe(true);
    // Backdated 10 days: the 7-day period is already over.
    const res = await clerk.send('POST', '/api/publicity', { kind: 'awards', period: nextMonth, regionCode: HOME.village, postedFrom: addDays(today, -10) });
    expect(res.status).toBe(201);
    const [p] = (await json(res)).items;
    expect(p).toMatchObject({ state: 'ended', lineCount: 3 });
    publicityId = p.id;
    lines = (await json(await clerk.get(`/api/publicity/${p.id}`))).lines;
    for (const l of lines) {
      const e = engine.get(l.residentId) as { startMonth: string; monthlyPension: number };
      expect(l).toMatchObject({ fromMonth: e.startMonth, amount: e.monthlyPension });
    }
    // 15 × (100.00 + 30.00) = 1,950.00 ÷ 139 = 14.03 a month from the account, plus the basic pension.
    const a = lines.find((l) => l.residentId === ids.dueA)!;
    expect(a.amount - (engine.get(ids.dueA) as { basicPension: number }).basicPension).toBe(1403);
    expect(p.total).toBe(lines.reduce((s, l) => s + l.amount, 0));
  });

  it('holds the award of someone with an objection until it is dismissed, and shows it in the due list', async () => {
    const lineA = lines.find((l) => l.residentId === ids.dueA)!;
    const rec = await clerk.send('POST', `/api/publicity/${publicityId}/objections`, { lineId: lineA.id, raisedBy: '村民王某', raisedOn: today, content: '反映其在外地企业领取职工养老金' });
    expect(rec.status).toBe(201);
    const objection = await json(rec);
    expect(objection).toMatchObject({ raisedBy: '村民王某', outcome: null, recordedBy: 'township_clerk' });
    const due = await json(await reviewer.get(`/api/pensions/due?month=${nextMonth}&regionCode=${HOME.village}`));
    expect(due.items.find((r: { residentId: number }) => r.residentId === ids.dueA).publicity).toMatchObject({ state: 'objection', publicityId });
    expect(due.items.find((r: { residentId: number }) => r.residentId === ids.dueB).publicity.state).toBe('ended');

    const held = await json(await reviewer.send('POST', '/api/pensions/award', { month: nextMonth, residentIds: [ids.dueA] }));
    expect(held.awarded).toBe(0);
    expect(held.refused[0]).toMatchObject({ residentId: ids.dueA, code: 'PUBLICITY_OBJECTION_OPEN' });
    expect(held.refused[0].message).toContain('待领甲');

    const decided = await reviewer.send('POST', `/api/publicity/objections/${objection.id}/decision`, { outcome: 'dismissed', reason: '经核查未参加职工养老保险' });
    expect(decided.status).toBe(200);
    expect(await json(decided)).toMatchObject({ outcome: 'dismissed', decidedBy: 'benefit_reviewer' });
    expect((await reviewer.send('POST', `/api/publicity/objections/${objection.id}/decision`, { outcome: 'upheld', reason: '再次' })).status).toBe(409);
    const awarded = await json(await reviewer.send('POST', '/api/pensions/award', { month: nextMonth, residentIds: [ids.dueA] }));
    expect(awarded).toMatchObject({ awarded: 1, monthlyTotal: lineA.amount, refused: [] });
  });

  it('keeps someone whose objection was upheld off until published again, and lists them again on a new list', async () => {
    const lineB = lines.find((l) => l.residentId === ids.dueB)!;
    const o = await json(await clerk.send('POST', `/api/publicity/${publicityId}/objections`, { lineId: lineB.id, raisedBy: '村民李某', raisedOn: today, content: '户籍已迁出本村' }));
    await clerk.send('POST', `/api/publicity/objections/${o.id}/decision`, { outcome: 'upheld', reason: '核实户籍已迁出，待更正' });
    const held = await json(await reviewer.send('POST', '/api/pensions/award', { month: nextMonth, residentIds: [ids.dueB] }));
    expect(held.refused[0]).toMatchObject({ code: 'PUBLICITY_OBJECTION_UPHELD' });
    const detail = await json(await clerk.get(`/api/publicity/${publicityId}`));
    expect(detail.lines.find((l: { residentId: number }) => l.residentId === ids.dueB).struck).toBe(true);
    expect(detail.objectionList.map((x: { outcome: string }) => x.outcome)).toEqual(['dismissed', 'upheld']);
    // A supplementary list names only the struck person (the others stand, or were awarded).
    const again = await json(await clerk.send('POST', '/api/publicity', { kind: 'awards', period: nextMonth, regionCode: HOME.village }));
    expect(again.items[0]).toMatchObject({ lineCount: 1, state: 'posted' });
    const stillPosted = await json(await reviewer.send('POST', '/api/pensions/award', { month: nextMonth, residentIds: [ids.dueB] }));
    expect(stillPosted.refused[0]).toMatchObject({ code: 'PUBLICITY_NOT_ENDED' });
    expect(stillPosted.refused[0].message).toContain(addDays(today, 6));
    // 待领丙: published, period over, no objection: awarded.
    expect((await json(await reviewer.send('POST', '/api/pensions/award', { month: nextMonth, residentIds: [ids.dueC] }))).awarded).toBe(1);
  });

  it('records every step in the audit log', async () => {
    const actions = (await t.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'publicity.%').execute()).map((r) => r.action);
    expect(actions.filter((a) => a === 'publicity.create')).toHaveLength(4);
    expect(actions).toEqual(expect.arrayContaining(['publicity.objection', 'publicity.objection_dismissed', 'publicity.objection_upheld']));
  });

  it('exports the lines to Excel with the totals and prints A3 for a big board', async () => {
    const res = await clerk.get(`/api/publicity/${publicityId}/export`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getCell('A1').value)).toContain('待遇领取人员公示');
    expect(sheet.getRow(3).values).toEqual(expect.arrayContaining(['起领年月', '月养老金']));
    const a3 = await clerk.get(`/api/publicity/${publicityId}/board.pdf?size=A3`);
    expect(a3.status).toBe(200);
    const bytes = new Uint8Array(await a3.arrayBuffer());
    if (process.env.PUBLICITY_PDF_OUT) {
      mkdirSync(process.env.PUBLICITY_PDF_OUT, { recursive: true });
      writeFileSync(`${process.env.PUBLICITY_PDF_OUT}/publicity-awards-a3.pdf`, bytes);
      writeFileSync(`${process.env.PUBLICITY_PDF_OUT}/publicity-awards-a4.pdf`, new Uint8Array(await (await clerk.get(`/api/publicity/${publicityId}/board.pdf`)).arrayBuffer()));
    }
    const { text, pages } = pdfText(bytes);
    expect(pages).toBe(1);
    expect(text).toContain('异议成立');
    expect(text).toContain('12333');
  });
});

describe('a county that awards only after a publicity (publicityBeforeAward)', () => {
  let c: TestApp;
  const county = {
    scope: { level: 'county', code: '370783', name: '寿光市' },
    parameters: {
      publicityDays: [{ from: '2009-09-01', value: 10, source: { title: '测试县公示办法', titleEn: 'test county rule' } }],
      publicityBeforeAward: [{ from: '2009-09-01', value: true, source: { title: '测试县公示办法', titleEn: 'test county rule' } }],
    },
  };
  beforeAll(async () => {
    c = await createTestApp({}, { parameters: buildParameterLibrary([{ file: 'county-370783.json', layer: parseParameterOverrides(JSON.stringify(county), 'county-370783.json') }]) });
  });
  afterAll(async () => {
    await c.close();
  });

  it('refuses someone never published, and posts for the county\'s own number of days', async () => {
    const id = await enrolledPerson(c, { name: '未公示', birth: dueBirth(), village: HOME.village, years: 15, firstYear: Number(thisYear) - 15, individual: 10000, subsidy: 3000 });
    const rev = await c.signIn(c.users.benefit_reviewer);
    const refused = await json(await rev.send('POST', '/api/pensions/award', { month: nextMonth, residentIds: [id] }));
    expect(refused.refused[0]).toMatchObject({ code: 'PUBLICITY_REQUIRED' });
    const posted = (await json(await rev.send('POST', '/api/publicity', { kind: 'awards', period: nextMonth, regionCode: HOME.village, postedFrom: addDays(today, -10) }))).items[0];
    expect(posted).toMatchObject({ days: 10, postedTo: addDays(today, -1), state: 'ended' });
    expect((await json(await rev.send('POST', '/api/pensions/award', { month: nextMonth, residentIds: [id] }))).awarded).toBe(1);
  });
});
