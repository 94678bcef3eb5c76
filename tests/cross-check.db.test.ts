// A worked cross-check (数据比对) over the real app, on invented registry files: a pensioner found drawing the
// urban employee pension is stopped from the month it began and the basic pension paid since is recovered; a
// pensioner the civil-affairs records show dead is settled by the death flow with the registry's date; a
// pensioner whose card the bank does not have gets the bank's card for his ID number; a name that differs goes
// to the township for a re-check first. Each by its role, with a reason, audited; the ledger stays balanced.
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/modules/audit/service.js';
import { loadRegistryFile } from '../src/modules/crosscheck/load.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { idCheckChar } from '../src/rules/index.js';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let reviewer: Session;
let clerk: Session;
const ids: Record<string, number> = {};
const idNumbers: Record<string, string> = {};

const valid = (first17: string) => first17 + idCheckChar(first17);

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
function csvFile(name: string, text: string): FormData {
  const form = new FormData();
  form.append('file', new File([text], name, { type: 'text/csv' }));
  return form;
}
async function load(registry: string, name: string, text: string, s: Session = reviewer): Promise<Response> {
  return s.send('POST', `/api/cross-checks/batches?registry=${registry}`, csvFile(name, text));
}
async function hitOf(name: string, s: Session = reviewer): Promise<Record<string, any>> {
  const list = await json<{ items: Record<string, any>[] }>(await s.get(`/api/cross-checks/hits?q=${encodeURIComponent(name)}&pageSize=100`));
  const found = list.items.find((h) => h.name === name);
  if (!found) throw new Error(`no hit for ${name}`);
  return found;
}

beforeAll(async () => {
  t = await createTestApp();
  reviewer = await t.signIn(t.users.benefit_reviewer);
  clerk = await t.signIn(t.users.township_clerk);
  const finance = await t.signIn(t.users.finance_officer);
  const bank = await t.signIn(t.users.agent_bank);
  // 甲, 乙, 丙: pensioners since 2014-07 paid by the earlier system to 2025-12; 丁, 戊: contributors.
  const people = [
    ['甲', '1954-06-15', HOME.village, '6228480000000000011'],
    ['乙', '1954-03-10', HOME.village, '6228480000000000029'],
    ['丙', '1954-08-01', HOME.siblingVillage, '6228480000000000037'],
    ['丁', '1975-01-01', HOME.siblingVillage, undefined],
    ['戊', '1976-05-05', HOME.otherVillage, undefined],
  ] as const;
  for (const [name, birth, village, bankAccount] of people) {
    ids[name] = await enrolledPerson(t, { name, birth, village, years: 5, firstYear: 2010, sex: 'M', ...(bankAccount ? { bankAccount } : {}) });
    // The fixture's numbers end in X whatever their check character; a registry file checks it (GB 11643).
    const first17 = (await t.database.db.selectFrom('resident').select('id_number').where('id', '=', ids[name]!).executeTakeFirstOrThrow()).id_number.slice(0, 17);
    idNumbers[name] = valid(first17);
    await t.database.db.updateTable('resident').set({ id_number: idNumbers[name] }).where('id', '=', ids[name]!).execute();
  }
  const award = await json(await reviewer.send('POST', '/api/pensions/award', { month: '2025-12', residentIds: [ids.甲, ids.乙, ids.丙] }));
  expect(award.awarded).toBe(3);
  await setPaidThrough(t.database.db, '2025-12');
  for (const month of ['2026-01', '2026-02']) {
    await reviewer.send('POST', '/api/payroll', { month });
    await t.jobs.idle();
    expect((await finance.send('POST', `/api/payroll/${month}/approve`)).status).toBe(200);
    expect((await bank.get(`/api/payroll/${month}/bank-file`)).status).toBe(200);
    expect((await bank.send('POST', `/api/payroll/${month}/bank-return`, csvFile('return.csv', '付款编号,公民身份号码,失败原因\n'))).status).toBe(200);
  }
});
afterAll(async () => {
  await t.close();
});

describe('loading the registries', () => {
  it('refuses a file with bad rows, naming each row and field in both languages, and keeps nothing', async () => {
    const text = `身份证号码,姓名,参保状态,待遇开始年月\n${idNumbers.甲},甲,领取,2026-01\n370783195406159999,某人,领取,2026-01\n${idNumbers.丁},丁,退休,2030-01\n`;
    const res = await load('employee_pension', 'bad.csv', text);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body).toMatchObject({ code: 'IMPORT_INVALID', errorCount: 2 });
    expect(body.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [3, 'idNumber'],
      [4, 'benefitFrom'],
    ]);
    expect(body.errors[0].message).toContain('第 3 行');
    const en = await json(await reviewer.send('POST', '/api/cross-checks/batches?registry=employee_pension', csvFile('bad.csv', text), { 'accept-language': 'en' }));
    expect(en.errors[1].message).toMatch(/^Row 4, "benefit from" "2030-01"/);
    const batches = await json(await reviewer.get('/api/cross-checks/batches'));
    expect(batches.total).toBe(0);
    expect(await t.database.db.selectFrom('cross_check_hit').select('id').execute()).toEqual([]);
  });

  it('refuses a long file whose bad row comes after the first rows were staged, and keeps nothing of it', async () => {
    const lines = ['身份证号码,姓名,参保状态,待遇开始年月'];
    for (let i = 0; i < 25_000; i++) lines.push(`${valid(`1101051950${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`)},王伟,参保,`);
    lines.push(`${idNumbers.甲},,领取,2026-01`);
    const res = await load('employee_pension', 'long.csv', `${lines.join('\n')}\n`);
    expect(res.status).toBe(400);
    expect((await json(res)).errors).toEqual([expect.objectContaining({ row: 25_002, field: 'name' })]);
    expect((await json(await reviewer.get('/api/cross-checks/batches'))).total).toBe(0);
  });

  it('matches the employee registry on the ID number: a pensioner drawing both, a name that differs for re-checking', async () => {
    // 甲 draws the employee pension since 2026-01; 丁's number is there under another name; two strangers.
    const text = [
      '身份证号码,姓名,参保状态,待遇开始年月,单位名称',
      `${idNumbers.甲},甲,领取,2026-01,寿光市化肥厂`,
      `${idNumbers.丁},丁某,参保,,寿光市建筑公司`,
      `${valid('37078319800101001')},路人,参保,,`,
      `${valid('11010519491231002')},外地人,领取,2010-01,`,
    ].join('\n');
    const res = await load('employee_pension', '职保领取名单.csv', text);
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ rows: 4, peopleCompared: 5, matched: 2, byKind: { dual_benefit: 1, recheck: 1 } });
    expect(await hitOf('甲')).toMatchObject({ kind: 'dual_benefit', reason: 'drawing_both', registryDate: '2026-01', state: 'open' });
    expect(await hitOf('丁')).toMatchObject({ kind: 'recheck', reason: 'name_differs', proposedKind: 'dual_benefit', registryName: '丁某' });
    // The same file again is not loaded twice.
    const again = await load('employee_pension', 'copy.csv', text);
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('IMPORT_ALREADY_DONE');
  });

  it('matches the death records and the bank card database', async () => {
    const deaths = `身份证号码,姓名,死亡日期,信息来源\n${idNumbers.乙},乙,2026-01-20,民政\n${idNumbers.戊},戊,2026-02-03,公安\n`;
    expect(await json(await load('death', '死亡信息.csv', deaths))).toMatchObject({ matched: 2, byKind: { death: 2 } });
    expect(await hitOf('乙')).toMatchObject({ kind: 'death', reason: 'dead_paid', registryDate: '2026-01-20' });
    expect(await hitOf('戊')).toMatchObject({ kind: 'death', reason: 'dead_enrolled' });
    // 丙's account is not in the bank's database, but the bank has another card in his name and number.
    const cards = `卡号,身份证号码,姓名,卡状态\n6228480000000000011,${idNumbers.甲},甲,正常\n6228480000000000029,${idNumbers.乙},乙,正常\n6228480000000000045,${idNumbers.丙},丙,正常\n`;
    expect(await json(await load('bank_card', '惠农卡库.csv', cards))).toMatchObject({ peopleCompared: 3, matched: 1, byKind: { bank_mismatch: 1 } });
    const hit = await json(await reviewer.get(`/api/cross-checks/hits/${(await hitOf('丙')).id}`));
    expect(hit).toMatchObject({ kind: 'bank_mismatch', reason: 'card_not_found', accountNowMasked: '****0037', registryCardMasked: '****0045' });
  });
});

describe('the township', () => {
  it('sees only its own villages and may not stop a pension itself', async () => {
    const list = await json<{ items: { name: string }[]; summary: Record<string, number> }>(await clerk.get('/api/cross-checks/hits?pageSize=100'));
    expect(list.items.map((h) => h.name).sort()).toEqual(['丁', '丙', '乙', '甲']);
    expect(list.summary).toMatchObject({ matched: 4, open: 4 });
    const outside = await hitOf('戊');
    expect((await clerk.get(`/api/cross-checks/hits/${outside.id}`)).status).toBe(404);
    const refused = await clerk.send('POST', `/api/cross-checks/hits/${(await hitOf('甲')).id}/resolve`, { action: 'stop', note: '职保已领取' });
    expect(refused.status).toBe(403);
    expect((await json(refused)).code).toBe('CROSSCHECK_NOT_YOUR_KIND');
  });

  it('re-checks the contradictory one: the same person, so it waits for the county as a dual benefit', async () => {
    const hit = await hitOf('丁', clerk);
    expect((await clerk.send('POST', `/api/cross-checks/hits/${hit.id}/resolve`, { action: 'confirm', note: '' })).status).toBe(400);
    const res = await clerk.send('POST', `/api/cross-checks/hits/${hit.id}/resolve`, { action: 'confirm', note: '入户核实：丁某即丁，身份证姓名登记有误' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ kind: 'dual_benefit', proposedKind: 'dual_benefit', state: 'open', recheckedBy: 'township_clerk' });
  });

  it('corrects the bank account with the card the bank has', async () => {
    const hit = await hitOf('丙', clerk);
    const res = await clerk.send('POST', `/api/cross-checks/hits/${hit.id}/resolve`, { action: 'correct', note: '原卡已换新卡，按银行卡库更正' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ state: 'resolved', resolution: 'account_corrected', accountNowMasked: '****0045' });
    const e = await t.database.db.selectFrom('enrolment').select('bank_account').where('resident_id', '=', ids.丙!).executeTakeFirstOrThrow();
    expect(e.bank_account).toBe('6228480000000000045');
  });
});

describe('the county', () => {
  it('stops the dual benefit from the month the employee pension began and recovers January and February', async () => {
    const hit = await hitOf('甲');
    const res = await reviewer.send('POST', `/api/cross-checks/hits/${hit.id}/resolve`, { action: 'stop', note: '职保自 2026-01 领取，停发并追回' });
    expect(res.status).toBe(200);
    const done = await json(res);
    expect(done).toMatchObject({ state: 'resolved', resolution: 'stopped', pensionStatus: 'stopped', enrolmentStatus: 'terminated', resolvedBy: 'benefit_reviewer' });
    const s = await t.database.db.selectFrom('death_settlement').selectAll().where('id', '=', done.settlementId).executeTakeFirstOrThrow();
    const paid = await t.database.db.selectFrom('pension_payment').select(['month', 'basic_pension']).where('resident_id', '=', ids.甲!).where('status', '=', 'paid').execute();
    expect(paid.map((p) => p.month).sort()).toEqual(['2026-01', '2026-02']);
    expect(s).toMatchObject({ kind: 'dual_benefit', other_benefit_from: '2026-01', overpaid_months: 2, basic_to_recover: paid.reduce((sum, p) => sum + p.basic_pension, 0) });
    const p = await t.database.db.selectFrom('pension').select(['status', 'stop_reason']).where('resident_id', '=', ids.甲!).executeTakeFirstOrThrow();
    expect(p).toEqual({ status: 'stopped', stop_reason: 'dual_benefit' });
  });

  it('settles the death with the date the civil-affairs record gives, recovering February', async () => {
    const hit = await hitOf('乙');
    const res = await reviewer.send('POST', `/api/cross-checks/hits/${hit.id}/resolve`, { action: 'death', note: '民政死亡信息，家属已确认' });
    expect(res.status).toBe(200);
    const done = await json(res);
    expect(done).toMatchObject({ resolution: 'death_registered', pensionStatus: 'stopped' });
    const death = await json(await reviewer.get(`/api/deaths/${done.settlementId}`));
    expect(death).toMatchObject({ deathDate: '2026-01-20', lastPayableMonth: '2026-01', overpaidMonths: 1 });
  });

  it('ends the re-checked enrolment, dismisses the wrong death record, and refuses a second resolution', async () => {
    const ding = await hitOf('丁');
    expect((await reviewer.send('POST', `/api/cross-checks/hits/${ding.id}/resolve`, { action: 'death', note: '错误的处理方式' })).status).toBe(400);
    expect((await reviewer.send('POST', `/api/cross-checks/hits/${ding.id}/resolve`, { action: 'stop', note: '已参加职工养老保险，终止城乡居民参保' })).status).toBe(200);
    const e = await t.database.db.selectFrom('enrolment').select(['status', 'termination_reason']).where('resident_id', '=', ids.丁!).executeTakeFirstOrThrow();
    expect(e).toEqual({ status: 'terminated', termination_reason: 'employee_pension' });
    const wu = await hitOf('戊');
    expect((await reviewer.send('POST', `/api/cross-checks/hits/${wu.id}/resolve`, { action: 'dismiss', note: '本人健在，公安信息有误，已入户核实' })).status).toBe(200);
    const again = await reviewer.send('POST', `/api/cross-checks/hits/${wu.id}/resolve`, { action: 'dismiss', note: '再次处理' });
    expect(again.status).toBe(409);
    expect((await t.database.db.selectFrom('enrolment').select('status').where('resident_id', '=', ids.戊!).executeTakeFirstOrThrow()).status).toBe('normal');
  });

  it('sums it up like the seed, per batch and overall, exports the hits, audits each step, and the books still balance', async () => {
    const batches = await json(await reviewer.get('/api/cross-checks/batches'));
    expect(batches.overview).toEqual({ batches: 3, rows: 9, matched: 5, open: 0, removed: 3, corrected: 1, rechecked: 1, dismissed: 1, resolved: 5 });
    const employee = batches.items.find((b: { registry: string }) => b.registry === 'employee_pension');
    expect(employee).toMatchObject({ rows: 4, peopleCompared: 5, matched: 2, removed: 2, rechecked: 1, resolved: 2 });
    const township = await json(await clerk.get('/api/cross-checks/batches'));
    expect(township.overview).toMatchObject({ matched: 4, removed: 3, dismissed: 0 });

    const res = await reviewer.get('/api/cross-checks/hits/export.xlsx?kind=death');
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const rows = book.worksheets[0]!.getSheetValues().slice(2).map((r) => (r as unknown[])[6]);
    expect(rows).toEqual(expect.arrayContaining(['乙', '戊']));

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'after']).where('action', 'like', 'crosscheck.%').execute();
    expect(audit.filter((a) => a.action === 'crosscheck.load')).toHaveLength(3);
    expect(audit.filter((a) => a.action === 'crosscheck.resolve')).toHaveLength(5);
    expect(audit.filter((a) => a.action === 'crosscheck.recheck')).toHaveLength(1);
    expect((await verifyLedger(t.database.db, '370783')).ok).toBe(true);
  });

  it('hashes a file read from disk as it streams (the CLI), and refuses it the second time once read, keeping nothing of it', async () => {
    const user = await t.database.db.selectFrom('staff_user').select(['id', 'username', 'role', 'region_code']).where('username', '=', t.users.benefit_reviewer).executeTakeFirstOrThrow();
    const actor = { ...SYSTEM_ACTOR, userId: user.id, username: user.username, role: user.role, regionCode: user.region_code };
    const text = `身份证号码,姓名,参保状态,待遇开始年月\n${valid('11010519491231002')},外地人,领取,2010-01\n`;
    const input = () => ({ registry: 'institution_pension' as const, fileName: '机关事业.csv', bytes: (async function* () {
        yield new TextEncoder().encode(text);
      })(),
    });
    const first = await loadRegistryFile(t.database, actor, { countyCode: '370783', today: '2026-03-01' }, input());
    expect(first).toMatchObject({ rows: 1, peopleCompared: 2, matched: 0 });
    const batch = await t.database.db.selectFrom('cross_check_batch').select('sha256').where('id', '=', first.batchId).executeTakeFirstOrThrow();
    expect(batch.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    await expect(loadRegistryFile(t.database, actor, { countyCode: '370783', today: '2026-03-01' }, input())).rejects.toMatchObject({ code: 'IMPORT_ALREADY_DONE', status: 409 });
    expect(await t.database.db.selectFrom('cross_check_batch').select('id').where('registry', '=', 'institution_pension').execute()).toHaveLength(1);
  });

  it('does not queue again a hit dismissed for the same registry record, but does when the registry says something new', async () => {
    // 戊's death record (2026-02-03) was dismissed: a later file with the same record (another row, another
    // source) finds nothing new; a record with another date of death, or another name, is queued again.
    const same = `身份证号码,姓名,死亡日期,信息来源\n${valid('11010519491231002')},外地人,2025-01-01,民政\n${idNumbers.戊},戊,2026-02-03,民政\n`;
    expect(await json(await load('death', '死亡信息-3月.csv', same))).toMatchObject({ rows: 2, matched: 0, byKind: {} });
    const open = () => t.database.db.selectFrom('cross_check_hit').select(['registry_date', 'registry_name', 'kind', 'reason']).where('resident_id', '=', ids.戊!).where('state', '=', 'open').execute();
    expect(await open()).toEqual([]);
    const newDate = `身份证号码,姓名,死亡日期\n${idNumbers.戊},戊,2026-03-05\n`;
    expect(await json(await load('death', '死亡信息-4月.csv', newDate))).toMatchObject({ matched: 1, byKind: { death: 1 } });
    expect(await open()).toEqual([{ registry_date: '2026-03-05', registry_name: '戊', kind: 'death', reason: 'dead_enrolled' }]);
    // Dismissed again; then the first record under another name goes to the township as a re-check.
    const again = await hitOf('戊');
    expect((await reviewer.send('POST', `/api/cross-checks/hits/${again.id}/resolve`, { action: 'dismiss', note: '本人健在，已入户核实' })).status).toBe(200);
    expect(await json(await load('death', '死亡信息-5月.csv', `身份证号码,姓名,死亡日期,信息来源\n${idNumbers.戊},戊,2026-03-05,公安\n`))).toMatchObject({ matched: 0 });
    expect(await json(await load('death', '死亡信息-6月.csv', `身份证号码,姓名,死亡日期\n${idNumbers.戊},武某,2026-02-03\n`))).toMatchObject({ matched: 1, byKind: { recheck: 1 } });
    expect(await open()).toEqual([{ registry_date: '2026-02-03', registry_name: '武某', kind: 'recheck', reason: 'name_differs' }]);
  });
});
