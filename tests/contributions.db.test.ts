// Collecting premiums and the account ledger over the real app. Expected splits worked out by hand from
// the national defaults of 2026 (国发〔2014〕8号: tiers 100–1000 and 1500/2000; subsidy ≥ 30, ≥ 60 from the
// 500 tier; the government pays the whole minimum tier for the grade-1 disabled).
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from './support/pdf-text.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let coord: Session;
let accounts: Session;
const YEAR = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
const ids: Record<string, number> = {};

async function resident(name: string, birth: string, village: string, household: number, identity: string, payment: 'paying' | 'ended') {
  const r = await t.database.db
    .insertInto('resident')
    .values({ county_code: '370783', id_number: `370783${birth.replace(/-/g, '')}${String(Object.keys(ids).length + 500)}X`.slice(0, 18), name, sex: 'M', birth_date: birth, village_code: village, household_id: household, relation: '子' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto('enrolment')
    .values({ county_code: '370783', resident_id: r.id, village_code: village, identity, first_month: '2015-01', payment_status: payment })
    .execute();
  ids[name] = r.id;
}

beforeAll(async () => {
  t = await createTestApp();
  coord = await t.signIn(t.users.village_coordinator);
  accounts = await t.signIn(t.users.account_manager);
  await resident('甲', '1980-05-15', HOME.village, 1, 'ordinary', 'paying');
  await resident('乙', '1982-02-02', HOME.village, 1, 'disabledGrade1', 'paying');
  await resident('丙', '1950-01-01', HOME.village, 1, 'ordinary', 'ended');
  await resident('丁', '1985-01-01', HOME.siblingVillage, 2, 'ordinary', 'paying');
});
afterAll(async () => {
  await t.close();
});

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
const pay = (body: Record<string, unknown>, s: Session = coord) => s.send('POST', '/api/contributions', { channel: 'cash', ...body });

describe('recording a premium', () => {
  it('splits the 500 tier into 500.00 paid and a 60.00 subsidy, and posts both to the account', async () => {
    const res = await pay({ residentId: ids.甲, tier: '500', receiptNo: 'SG-0001' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.contribution).toMatchObject({ year: YEAR, kind: 'yearly', tier: 50000, individual: 50000, governmentSubsidy: 6000, hardshipPayment: 0, totalCredited: 56000, status: 'posted' });
    expect(body.explanation.map((s: { key: string }) => s.key)).toContain('contribution.governmentSubsidy');
    const account = await json(await coord.get(`/api/residents/${ids.甲}/account`));
    expect(account.balances).toMatchObject({ individual: 50000, governmentSubsidy: 6000 });
    expect(account.total).toBe(56000);
    expect(account.entries.map((e: { source: string; amount: number }) => [e.source, e.amount])).toEqual([
      ['individual', 50000],
      ['governmentSubsidy', 6000],
    ]);
  });

  it('for the grade-1 disabled the government pays the 100 tier (代缴) and the subsidy is 30.00', async () => {
    const body = await json(await pay({ residentId: ids.乙, tier: '100.00', receiptNo: 'SG-0002' }));
    expect(body.contribution).toMatchObject({ individual: 0, hardshipPayment: 10000, governmentSubsidy: 3000, totalCredited: 13000, identity: 'disabledGrade1' });
  });

  it('refuses a second premium for the year, a used receipt, cash without receipt, a tier that does not exist', async () => {
    const twice = await json(await pay({ residentId: ids.甲, tier: '500', receiptNo: 'SG-0003' }));
    expect(twice).toMatchObject({ code: 'CONTRIBUTION_ALREADY_PAID', field: 'year' });
    expect(twice.message).toContain('甲');
    const receipt = await pay({ residentId: ids.乙, tier: '100', receiptNo: 'SG-0001', year: YEAR - 1, kind: 'backPay' });
    expect(receipt.status).toBe(409);
    expect((await json(receipt)).code).toBe('CONTRIBUTION_RECEIPT_USED');
    expect((await json(await pay({ residentId: ids.甲, tier: '500', year: YEAR - 1, kind: 'backPay' }))).code).toBe('CONTRIBUTION_RECEIPT_REQUIRED');
    const tier = await json(await pay({ residentId: ids.甲, tier: '150', receiptNo: 'SG-0004', year: YEAR - 1, kind: 'backPay' }));
    expect(tier).toMatchObject({ code: 'CONTRIBUTION_TIER_INVALID', field: 'tier' });
    const decimals = await json(await pay({ residentId: ids.甲, tier: '500.005', receiptNo: 'SG-0004', year: YEAR - 1, kind: 'backPay' }));
    expect(decimals).toMatchObject({ code: 'MONEY_TOO_MANY_DECIMALS', field: 'tier' });
  });

  it('refuses someone not paying (60 and over) and someone outside the coordinator’s village', async () => {
    expect((await json(await pay({ residentId: ids.丙, tier: '100', receiptNo: 'SG-0005' }))).code).toBe('CONTRIBUTION_NOT_PAYING');
    const outside = await pay({ residentId: ids.丁, tier: '100', receiptNo: 'SG-0006' });
    expect(outside.status).toBe(404);
    expect((await coord.get(`/api/residents/${ids.丁}/account`)).status).toBe(403);
  });

  it('takes a back-payment for an earlier year (no subsidy on back-paid years by default)', async () => {
    const body = await json(await pay({ residentId: ids.甲, tier: '300', year: 2015, kind: 'backPay', channel: 'counter' }, accounts));
    expect(body.contribution).toMatchObject({ year: 2015, kind: 'backPay', individual: 30000, governmentSubsidy: 0, totalCredited: 30000, channel: 'counter' });
  });
});

describe('the plan, the ledger and corrections', () => {
  it('lists who is due this year in the village, paid or not, with what was collected', async () => {
    const plan = await json(await coord.get(`/api/contributions/plan?year=${YEAR}`));
    expect(plan.summary).toEqual({ people: 2, paid: 2, collected: 69000 });
    expect(plan.items.map((r: { name: string }) => r.name).sort()).toEqual(['乙', '甲']);
    const clerk = await t.signIn(t.users.township_clerk);
    const township = await json(await clerk.get(`/api/contributions/plan?year=${YEAR}&paid=no`));
    expect(township.items.map((r: { name: string }) => r.name)).toEqual(['丁']);
  });

  it('exports the plan to take door to door: the village only, IDs masked, a signature column and the totals', async () => {
    const file = await coord.get(`/api/contributions/plan.xlsx?year=${YEAR}`);
    expect(file.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await file.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe(`${YEAR}年度缴费征收计划`);
    const header = sheet.getRow(1).values as unknown[];
    expect(header).toContain('本人签名');
    const names = [2, 3].map((n) => sheet.getRow(n).getCell(3).value).sort();
    expect(names).toEqual(['乙', '甲']);
    const id = String(sheet.getRow(2).getCell(4).value);
    expect(id).toMatch(/^\d{6}\*+\d{3}[\dX]$|\*/);
    expect(id).not.toMatch(/^\d{17}[\dX]$/);
    const last = sheet.getRow(sheet.rowCount);
    expect(String(last.getCell(1).value)).toBe('合计：应缴 2 人，已缴 2 人');
    expect(last.getCell(9).value).toBe(690);
    // A township clerk's unpaid list: only the township's people who have not paid.
    const clerk = await t.signIn(t.users.township_clerk);
    const unpaid = new ExcelJS.Workbook();
    await unpaid.xlsx.load(await (await clerk.get(`/api/contributions/plan.xlsx?year=${YEAR}&paid=no`)).arrayBuffer());
    expect(unpaid.worksheets[0]!.getRow(2).getCell(3).value).toBe('丁');
    expect(unpaid.worksheets[0]!.getRow(2).getCell(7).value).toBe('未缴');
  });

  it('totals the ledger by source and exports it with a total row', async () => {
    const list = await json(await accounts.get(`/api/contributions?year=${YEAR}`));
    expect(list.totals).toEqual({ count: 2, individual: 50000, hardshipPayment: 10000, governmentSubsidy: 9000, collectiveSubsidy: 0, sponsorship: 0, totalCredited: 69000 });
    const file = await accounts.get(`/api/contributions/export.xlsx?year=${YEAR}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await file.arrayBuffer());
    const sheet = book.getWorksheet('征缴台账')!;
    const last = sheet.getRow(sheet.rowCount);
    expect(last.getCell(2).value).toBe('合计（已入账）');
    expect(last.getCell(14).value).toBe(690);
  });

  it('a reversal posts negative entries, keeps the ledger append-only and lets the year be paid again', async () => {
    const list = await json(await accounts.get(`/api/contributions?year=${YEAR}&q=SG-0001`));
    const id = list.items[0].id as number;
    const noReason = await accounts.send('POST', `/api/contributions/${id}/reverse`, { reason: ' ' });
    expect((await json(noReason)).code).toBe('REJECT_REASON_REQUIRED');
    const reversed = await json(await accounts.send('POST', `/api/contributions/${id}/reverse`, { reason: '收错档次' }));
    expect(reversed).toMatchObject({ status: 'reversed', reversalReason: '收错档次' });
    expect((await accounts.send('POST', `/api/contributions/${id}/reverse`, { reason: 'again' })).status).toBe(409);
    const account = await json(await accounts.get(`/api/residents/${ids.甲}/account`));
    expect(account.total).toBe(30000); // the 2015 back-payment only
    expect(account.entries.filter((e: { kind: string }) => e.kind === 'reversal').map((e: { amount: number }) => e.amount)).toEqual([-50000, -6000]);
    await expect(sql`update account_entry set amount = 1`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from account_entry`.execute(t.database.db)).rejects.toThrow(/append-only/);
    const again = await pay({ residentId: ids.甲, tier: '400', receiptNo: 'SG-0007' });
    expect(again.status).toBe(200);
    const totals = (await json(await accounts.get(`/api/contributions?year=${YEAR}`))).totals;
    // 400 tier: subsidy 30.00 (the 60.00 band starts at 500); plus 乙's 130.00.
    expect(totals).toMatchObject({ count: 2, individual: 40000, totalCredited: 40000 + 3000 + 13000 });
  });

  it('prints the account statement as a PDF with the balances and every contribution', async () => {
    const res = await coord.get(`/api/residents/${ids.甲}/account/statement.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const { pages, text } = pdfText(bytes);
    expect(text).toContain('个人账户对账单');
    expect(text).toContain('甲');
    // 2015 back-payment 300.00 + this year's 400 tier with its 30.00 subsidy = 730.00; the reversed 560.00 listed as 已冲正.
    expect(text).toMatch(/730\.00/);
    expect(text).toContain('已冲正');
    expect(pages).toBe(1);
  });

  it('every payment and reversal is in the audit log', async () => {
    const rows = await t.database.db.selectFrom('audit_log').select('action').where('entity', '=', 'contribution').execute();
    expect(rows.filter((r) => r.action === 'contribution.record').length).toBe(4);
    expect(rows.filter((r) => r.action === 'contribution.reverse').length).toBe(1);
  });
});
