// What the system prints and shows in zh-CN, over the real app: the calculator's answer of every kind, the
// parameter list, every PDF (award form, account statement, fund statement, subsidy request letter) and the
// audit log read as Chinese prose — no programme name, no English (tests/support/latin.ts). The award form
// also prints in English when asked. The audit log names actor, role, action and object in words, filters
// by them and exports to Excel, the export itself audited.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderExplanation } from '../src/modules/explanations/render.js';
import { ROLES } from '../src/modules/staff/roles.js';
import type { Explanation } from '../src/rules/index.js';
import { latinWords } from './support/latin.js';
import { enrolledPerson } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let reviewer: Session;
let director: Session;
let finance: Session;
let coord: Session;
let pensionId: number;
let residentId: number;

/** Chinese names for the test accounts, as a county would have them. */
const NAMES: Partial<Record<(typeof ROLES)[number], string>> = { benefit_reviewer: '李建国', county_director: '黄国庆', finance_officer: '杨卫东', village_coordinator: '王秀英' };

beforeAll(async () => {
  t = await createTestApp();
  for (const [i, role] of ROLES.entries()) {
    await t.database.db.updateTable('staff_user').set({ display_name: NAMES[role] ?? `经办员${i + 1}` }).where('username', '=', t.users[role]).execute();
  }
  // Household numbers as a county writes them (the fixtures' are letters).
  await sql`update household set household_no = lpad(id::text, 10, '0')`.execute(t.database.db);
  reviewer = await t.signIn(t.users.benefit_reviewer);
  director = await t.signIn(t.users.county_director);
  finance = await t.signIn(t.users.finance_officer);
  coord = await t.signIn(t.users.village_coordinator);
  residentId = await enrolledPerson(t, { name: '赵大娘', birth: '1966-12-10', village: HOME.village, years: 15, firstYear: 2011 });
  expect((await reviewer.send('POST', '/api/pensions/award', { month: '2027-01', residentIds: [residentId] })).status).toBe(200);
  pensionId = ((await (await director.get('/api/pensions')).json()) as { items: { id: number }[] }).items[0]!.id;
  expect((await finance.send('POST', '/api/fund/sweeps', { amount: '100.00', on: '2025-06-01' })).status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

async function pdfText(res: Response, keep?: string): Promise<string> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (keep) {
    mkdirSync(join('artifacts', 'issue10'), { recursive: true });
    writeFileSync(join('artifacts', 'issue10', keep), bytes);
  }
  const dir = mkdtempSync(join(tmpdir(), 'xnb-prose-'));
  try {
    writeFileSync(join(dir, 'f.pdf'), bytes);
    return execFileSync('pdftotext', ['-layout', join(dir, 'f.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CALCULATIONS: [kind: string, body: Record<string, unknown>][] = [
  ['contribution', { year: 2015, paidOn: '2015-03-10', tier: '500.00', identity: 'disabledGrade3', collectiveSubsidy: '20.00', sponsorship: '10.00' }],
  ['contribution', { year: 2012, paidOn: '2015-03-10', tier: '100.00', kind: 'backPay' }],
  ['obligation', { birthDate: '1955-06-15', asOf: '2012-03-01', yearsCredited: 2 }],
  ['obligation', { birthDate: '1970-06-15', asOf: '2024-03-01', yearsCredited: 3, currentYearPaid: true }],
  ['benefit', { birthDate: '1960-03-15', balances: { individual: '1,390.00', governmentSubsidy: '90.00' }, contributionYears: 16, regionCode: '37' }],
  ['interest', { year: 2011, openingBalances: { individual: '1,000.00' }, credits: [{ on: '2011-05-01', bySource: { individual: '200.00' } }] }],
  ['death', { deathDate: '2012-01-05', lastPaidMonth: '2012-03', monthlyBasicPension: '55.00', monthlyAccountPension: '10.00', balances: { individual: '10.00', governmentSubsidy: '3.00' } }],
];

describe('the calculator in zh-CN', () => {
  it.each(CALCULATIONS)('explains a %s calculation in Chinese prose only', async (kind, body) => {
    const res = await t.app.request(`/api/calc/${kind}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    const { explanation } = (await res.json()) as { explanation: Explanation };
    const lines = renderExplanation(explanation, 'zh-CN').flatMap((s) => [s.text, ...s.parameters.map((p) => p.line)]);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.filter((l) => latinWords(l).length > 0)).toEqual([]);
  });

  it('lists the parameters in force with labels, values and documents in Chinese', async () => {
    const res = await t.app.request('/api/calc/parameters?scope=CN&asOf=2024-06-01');
    const { items } = (await res.json()) as { items: { label: Record<string, string>; value: Record<string, string>; source: Record<string, string> }[] };
    expect(items.length).toBeGreaterThan(20);
    const texts = items.flatMap((p) => [p.label['zh-CN']!, p.value['zh-CN']!, p.source['zh-CN']!]);
    expect(texts.filter((x) => latinWords(x).length > 0)).toEqual([]);
  });
});

describe('every PDF the system prints, in zh-CN', () => {
  it('the award form reads as Chinese prose, citing documents by number and title', async () => {
    const text = await pdfText(await reviewer.get(`/api/pensions/${pensionId}/award.pdf`));
    expect(text).toContain('城乡居民基本养老保险待遇核定表');
    expect(text).toContain('领取年龄 60 周岁');
    expect(text).toContain('国发〔2009〕32号《国务院关于开展新型农村社会养老保险试点的指导意见》');
    expect(text).toContain('核定人 李建国');
    expect(latinWords(text)).toEqual([]);
  });

  it('prints the award form in English when asked, by ?lang= or Accept-Language', async () => {
    for (const res of [await reviewer.get(`/api/pensions/${pensionId}/award.pdf?lang=en`), await reviewer.get(`/api/pensions/${pensionId}/award.pdf`, { 'Accept-Language': 'en-US,en;q=0.9' })]) {
      const text = await pdfText(res);
      expect(text).toContain('Award of the Basic Pension');
      expect(text).toContain('pension age: 60 years');
    }
    expect(await pdfText(await reviewer.get(`/api/pensions/${pensionId}/award.pdf?lang=zh-CN`, { 'Accept-Language': 'en' }))).toContain('待遇核定表');
  });

  it('the account statement, the fund statement and the subsidy request letter have no Latin word', async () => {
    const statement = await pdfText(await coord.get(`/api/residents/${residentId}/account/statement.pdf`), 'account-statement.pdf');
    expect(statement).toContain('个人账户对账单');
    expect(latinWords(statement)).toEqual([]);
    const fund = await pdfText(await finance.get('/api/fund/statement.pdf?from=2025-01&to=2025-12'), 'fund-statement.pdf');
    expect(fund).toContain('基金收支');
    expect(latinWords(fund)).toEqual([]);
    const owed = (await (await finance.get('/api/fund/subsidies?from=2011-01&to=2025-12')).json()) as { levels: { level: string; accrued: number }[] };
    const level = owed.levels.find((l) => l.accrued > 0)!;
    const filed = (await (await finance.send('POST', '/api/fund/subsidy-requests', { level: level.level, fromMonth: '2011-01', toMonth: '2025-12' })).json()) as { id: number };
    const letter = await pdfText(await finance.get(`/api/fund/subsidy-requests/${filed.id}.pdf`), 'subsidy-request.pdf');
    expect(latinWords(letter)).toEqual([]);
  });
});

interface AuditItem {
  action: string;
  actorText: string;
  roleText: string;
  actionText: string;
  entityText: string;
}

describe('the audit log in words', () => {
  it('names actor with role, action and object in the caller\'s language', async () => {
    const zh = (await (await director.get('/api/audit?pageSize=100')).json()) as { items: AuditItem[] };
    const award = zh.items.find((r) => r.action === 'pension.award')!;
    expect(award).toMatchObject({ actorText: '李建国（待遇审批员）', roleText: '待遇审批员', actionText: '核定养老金待遇', entityText: '养老金待遇' });
    for (const r of zh.items) expect(latinWords(`${r.actorText} ${r.actionText} ${r.entityText}`), r.action).toEqual([]);
    const en = (await (await director.get('/api/audit?pageSize=100&lang=en')).json()) as { items: AuditItem[] };
    expect(en.items.find((r) => r.action === 'pension.award')).toMatchObject({ actorText: '李建国 (Benefit reviewer)', actionText: 'Pension awarded', entityText: 'Pension' });
  });

  it('filters by the actor\'s name and by action', async () => {
    const byName = (await (await director.get(`/api/audit?actor=${encodeURIComponent('建国')}&pageSize=100`)).json()) as { items: AuditItem[] };
    expect(byName.items.length).toBeGreaterThan(0);
    expect(new Set(byName.items.map((r) => r.actorText))).toEqual(new Set(['李建国（待遇审批员）']));
    const logins = (await (await director.get('/api/audit?action=auth.login&pageSize=100')).json()) as { items: AuditItem[] };
    expect(logins.items.length).toBeGreaterThanOrEqual(4);
    expect(new Set(logins.items.map((r) => r.actionText))).toEqual(new Set(['登录']));
  });

  it('exports the filtered log to Excel in words, and audits the export', async () => {
    const res = await director.get(`/api/audit/export?action=pension.&lang=zh-CN`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('审计日志');
    const rows = sheet.getSheetValues().slice(1) as (ExcelJS.CellValue[] | undefined)[];
    expect(rows[0]?.slice(1)).toEqual(['时间', '操作人', '角色', '操作', '对象', '对象编号', '所属区划', '来源地址']);
    const body = rows.slice(1).filter((r): r is ExcelJS.CellValue[] => r !== undefined);
    expect(body.length).toBeGreaterThan(0);
    expect(body.every((r) => String(r[4]).includes('核定养老金待遇'))).toBe(true);
    expect(body[0]!.slice(2, 6)).toEqual(['李建国（待遇审批员）', '待遇审批员', '核定养老金待遇', '养老金待遇']);
    for (const r of body) expect(latinWords(r.slice(2, 8).join(' '))).toEqual([]);
    const exported = (await (await director.get('/api/audit?action=audit.export')).json()) as { items: (AuditItem & { after: { rows: number; filters: Record<string, string> } })[] };
    expect(exported.items[0]).toMatchObject({ actorText: '黄国庆（中心主任）', actionText: '导出审计日志', after: { rows: body.length, filters: { action: 'pension.' } } });
  });
});
