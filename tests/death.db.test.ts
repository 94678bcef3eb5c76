// Death of an enrolled person over the real app (终止 with reason death): the pension stops, what was paid
// for months after death is recovered (first set off against what the heirs receive), and the account is
// settled to zero — all inheritable from 2014-02-21, before that all but the government-funded parts.
// Figures by hand: 100.00 + 30.00 a year; account pension 650.00 ÷ 139 = 4.68 (3.60 individual + 1.08 subsidy).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let reviewer: Session;
let auditor: Session;
let finance: Session;
let clerk: Session;
const ids: Record<string, number> = {};

async function person(name: string, birth: string, village: string, years: number, firstYear: number) {
  ids[name] = await enrolledPerson(t, { name, birth, village, years, firstYear, sex: 'M' });
}

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
async function balance(residentId: number) {
  const rows = await t.database.db.selectFrom('account_entry').select(['kind', 'source', 'amount']).where('resident_id', '=', residentId).execute();
  return rows;
}

beforeAll(async () => {
  t = await createTestApp();
  reviewer = await t.signIn(t.users.benefit_reviewer);
  auditor = await t.signIn(t.users.county_enrolment_auditor);
  finance = await t.signIn(t.users.finance_officer);
  clerk = await t.signIn(t.users.township_clerk);
  const bank = await t.signIn(t.users.agent_bank);
  // 甲: 55 at the scheme start (5 years owed and paid), pensioner since 2014-07 with 650.00 in the account; the
  // earlier system paid him to 2025-12.
  await person('甲', '1954-06-15', HOME.village, 5, 2010);
  // 乙: a contributor (no pension) with three years, 390.00, who died in 2013.
  await person('乙', '1975-01-01', HOME.otherVillage, 3, 2010);
  expect((await json(await reviewer.send('POST', '/api/pensions/award', { month: '2025-12', residentIds: [ids.甲] }))).awarded).toBe(1);
  await setPaidThrough(t.database.db, '2025-12', { residentId: ids.甲! });
  // January and February go through the bank and are paid.
  for (const month of ['2026-01', '2026-02']) {
    await reviewer.send('POST', '/api/payroll', { month });
    await t.jobs.idle();
    expect((await finance.send('POST', `/api/payroll/${month}/approve`)).status).toBe(200);
    expect((await bank.get(`/api/payroll/${month}/bank-file`)).status).toBe(200);
    const form = new FormData();
    form.append('file', new File(['付款编号,公民身份号码,失败原因\n'], 'return.csv', { type: 'text/csv' }));
    expect((await bank.send('POST', `/api/payroll/${month}/bank-return`, form)).status).toBe(200);
  }
});
afterAll(async () => {
  await t.close();
});

describe('a pensioner dies', () => {
  it('stops the pension, sets the February payment off against the inheritance, and empties the account', async () => {
    const res = await auditor.send('POST', `/api/residents/${ids.甲}/terminate-enrolment`, { reason: 'death', on: '2026-01-20', note: '村委会证明' });
    expect(res.status).toBe(200);
    const resident = await json(res);
    expect(resident.enrolment).toMatchObject({ status: 'terminated' });
    expect(resident.pension).toMatchObject({ status: 'stopped' });
    // The bank paid to 2026-02, died in January: February's 163.00 + 4.68 = 167.68 is overpaid.
    // The 4.68 drawn for February goes back into the account: 650.00 − 2 × 4.68 + 4.68 = 645.32, all inheritable
    // (death after 2014-02-21); 167.68 is set off, 645.32 − 167.68 = 477.64 goes to the heirs.
    expect(resident.death).toMatchObject({ deathDate: '2026-01-20', amountToRecover: 16768, outstanding: 0, payableToHeirs: 47764, inheritable: 64532, recoveryStatus: 'recovered' });
    const d = await json(await reviewer.get(`/api/deaths/${resident.death.id}`));
    expect(d).toMatchObject({ lastPayableMonth: '2026-01', overpaidMonths: 1, basicToRecover: 16300, accountToRecover: 468, balance: 64532, inheritable: 64532, returnedToPool: 0, funeralGrant: 0 });
    expect(d.inheritableBySource).toMatchObject({ individual: 49640, governmentSubsidy: 14892 });
    expect(d.explanation.map((s: { key: string }) => s.key)).toContain('death.inheritable');
    const entries = await balance(ids.甲!);
    expect(entries.reduce((s, e) => s + e.amount, 0)).toBe(0);
    expect(entries.filter((e) => e.kind === 'pension' && e.amount > 0).map((e) => [e.source, e.amount]).sort()).toEqual([
      ['governmentSubsidy', 108],
      ['individual', 360],
    ]);
  });

  it('is not paid by the next payroll, and is not settled twice', async () => {
    await reviewer.send('POST', '/api/payroll', { month: '2026-03' });
    await t.jobs.idle();
    expect((await json(await reviewer.get('/api/payroll/2026-03'))).totals.lines).toBe(0);
    const again = await auditor.send('POST', `/api/residents/${ids.甲}/terminate-enrolment`, { reason: 'death', on: '2026-01-20' });
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('ENROLMENT_TERMINATED');
  });
});

describe('a contributor who died before 2014-02-21', () => {
  it('leaves the government subsidy to the pool and the rest to the heirs', async () => {
    const resident = await json(await auditor.send('POST', `/api/residents/${ids.乙}/terminate-enrolment`, { reason: 'death', on: '2013-05-10' }));
    const d = await json(await reviewer.get(`/api/deaths/${resident.death.id}`));
    // 3 × 100.00 individual inheritable; 3 × 30.00 subsidy back to the pool (国发〔2009〕32号 §六).
    expect(d).toMatchObject({ pensionId: null, overpaidMonths: 0, amountToRecover: 0, balance: 39000, inheritable: 30000, returnedToPool: 9000, recoveryStatus: 'none', payableToHeirs: 30000 });
    const entries = await balance(ids.乙!);
    expect(entries.filter((e) => e.kind !== 'contribution').map((e) => [e.kind, e.source, e.amount]).sort()).toEqual([
      ['inheritance', 'individual', -30000],
      ['pool', 'governmentSubsidy', -9000],
    ]);
  });
});

describe('the list of settlements and recovery', () => {
  it('lists the settlements in the region with totals', async () => {
    const all = await json(await reviewer.get('/api/deaths'));
    expect(all.summary).toEqual({ count: 2, outstanding: 0, inheritable: 64532 + 30000, returnedToPool: 9000 });
    expect((await json(await clerk.get('/api/deaths'))).items.map((d: { name: string }) => d.name)).toEqual(['甲']);
    const other = all.items.find((d: { name: string }) => d.name === '乙');
    expect((await clerk.get(`/api/deaths/${other.id}`)).status).toBe(403);
  });

  it('exports the settlements of the region to Excel with their amounts and a total row', async () => {
    const all = await json(await reviewer.get('/api/deaths'));
    const file = await reviewer.get('/api/deaths/export.xlsx');
    expect(file.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await file.arrayBuffer());
    const sheet = book.getWorksheet('死亡结算')!;
    expect(sheet.rowCount).toBe(all.items.length + 2);
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe(`合计 ${all.summary.count} 人`);
    expect(sheet.getRow(sheet.rowCount).getCell(8).value).toBe(all.summary.outstanding / 100);
    // A township clerk's file holds the township's settlements only.
    const own = new ExcelJS.Workbook();
    await own.xlsx.load(await (await clerk.get('/api/deaths/export.xlsx')).arrayBuffer());
    expect(own.getWorksheet('死亡结算')!.getRow(2).getCell(2).value).toBe('甲');
    expect(own.getWorksheet('死亡结算')!.rowCount).toBe(3);
  });

  it('records money recovered from the heirs, not more than is owed', async () => {
    // An open case: an overpayment larger than anything the heirs receive.
    const row = await t.database.db.selectFrom('death_settlement').select('id').where('resident_id', '=', ids.乙!).executeTakeFirstOrThrow();
    await t.database.db.updateTable('death_settlement').set({ basic_to_recover: 40000, amount_to_recover: 40000, recovered: 30000, recovery_status: 'open' }).where('id', '=', row.id).execute();
    const tooMuch = await finance.send('POST', `/api/deaths/${row.id}/recover`, { amount: '100.01', receivedOn: '2026-02-01' });
    expect(tooMuch.status).toBe(409);
    expect(await json(tooMuch)).toMatchObject({ code: 'DEATH_RECOVERY_TOO_MUCH', field: 'amount' });
    const done = await json(await finance.send('POST', `/api/deaths/${row.id}/recover`, { amount: '100.00', receivedOn: '2026-02-01', receiptNo: 'ZH-001' }));
    expect(done).toMatchObject({ recovered: 40000, outstanding: 0, recoveryStatus: 'recovered' });
    expect((await clerk.send('POST', `/api/deaths/${row.id}/recover`, { amount: '1', receivedOn: '2026-02-01' })).status).toBe(403);
  });
});
