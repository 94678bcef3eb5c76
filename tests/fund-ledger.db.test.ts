// Issue 8, worked example: a year of a small invented county's fund computed by hand — contributions by
// channel, subsidies owed by four levels, interest, a payroll with its funding by level, the finance
// bureau's allocations, the bank, a death refund, sweeps and subsidy receipts — and the statement must give
// every line and total to the fen, through the service and the HTTP API, with `verify ledger` green.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildParameterLibrary } from '../src/modules/calculator/library.js';
import { postJournal } from '../src/modules/ledger/post.js';
import { postBankSettlement, postContribution, postInterest, postPayrollLines, postSettlement, type ContributionMoney } from '../src/modules/ledger/service.js';
import { fundStatement } from '../src/modules/ledger/statements.js';
import { owedByLevel, sweepStatus } from '../src/modules/ledger/movements.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { basicPensionFunding, buildParameterSet, monthRange, NATIONAL_PARAMETERS } from '../src/rules/index.js';
import { parseParameterOverrides } from '../src/rules/parameters/overrides.js';
import { enrolledPerson } from './support/pension-fixtures.js';
import { createTestApp, HOME, type TestApp } from './support/test-app.js';

// Shandong is in the east: central finance pays 50 % of the 163.00 floor of 2026. The local money is split
// between the levels as below (invented for the example).
const COUNTY_FILE = JSON.stringify({
  scope: { level: 'county', code: '370783', name: '寿光市', schemeStartDate: '2009-12-01' },
  parameters: {
    localBasicPensionTopUp: [{ from: '2026-01-01', value: '10.00', source: 'worked example' }],
    longContributionExtra: [{ from: '2026-01-01', value: { afterYears: 15, perYear: '1.00' }, source: 'worked example' }],
    localFundingShares: [
      {
        from: '2009-09-01',
        value: {
          contributionSubsidy: { provincial: '50%', prefecture: '20%', county: '30%' },
          hardshipPayment: { provincial: '40%', prefecture: '30%', county: '30%' },
          basicPension: { provincial: '60%', prefecture: '20%', county: '20%' },
          longContributionExtra: { provincial: '0%', prefecture: '0%', county: '100%' },
        },
        source: 'worked example',
      },
    ],
  },
});
const layer = parseParameterOverrides(COUNTY_FILE, 'county-370783.json');
const PARAMS = buildParameterSet({ county: layer });

let t: TestApp;
let staffId: number;
const ids: Record<string, number> = {};

async function pay(residentId: number, m: Omit<ContributionMoney, 'id' | 'residentId' | 'year'>): Promise<void> {
  const db = t.database.db;
  const year = Number(m.paidOn.slice(0, 4));
  const total = m.individual + m.hardshipPayment + m.governmentSubsidy + m.collectiveSubsidy + m.sponsorship;
  await db.transaction().execute(async (tx) => {
    const c = await tx
      .insertInto('contribution')
      .values({
        county_code: '370783',
        resident_id: residentId,
        village_code: HOME.village,
        year,
        kind: 'yearly',
        tier: Math.max(10000, m.individual),
        identity: m.hardshipPayment > 0 ? 'disabled' : 'ordinary',
        individual: m.individual,
        hardship_payment: m.hardshipPayment,
        government_subsidy: m.governmentSubsidy,
        collective_subsidy: m.collectiveSubsidy,
        sponsorship: m.sponsorship,
        total_credited: total,
        paid_on: m.paidOn,
        channel: m.channel,
        receipt_no: m.channel === 'cash' ? `WE-${residentId}-${year}` : null,
        recorded_by: staffId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await postContribution(tx, '370783', PARAMS, { ...m, id: c.id, residentId, year }, staffId);
  });
}

beforeAll(async () => {
  t = await createTestApp({}, { parameters: buildParameterLibrary([{ file: 'county-370783.json', layer }]) });
  const db = t.database.db;
  staffId = (await db.selectFrom('staff_user').select('id').where('username', '=', t.users.account_manager).executeTakeFirstOrThrow()).id;
  for (const [name, birth] of [
    ['甲', '1970-02-01'],
    ['乙', '1975-05-05'],
    ['丙', '1980-08-08'],
    ['丁', '1960-01-10'],
  ] as const) {
    ids[name] = await enrolledPerson(t, { name, birth, village: HOME.village, years: 0, firstYear: 2010 });
  }
  const zero = { hardshipPayment: 0, governmentSubsidy: 0, collectiveSubsidy: 0, sponsorship: 0 };
  // 2025: the pensioner 丁's premium (5,000.00 at the counter), swept to the special account in March.
  await pay(ids.丁!, { ...zero, paidOn: '2025-03-01', channel: 'counter', individual: 500000 });
  const finance = await t.signIn(t.users.finance_officer);
  expect((await finance.send('POST', '/api/fund/sweeps', { amount: '5000.00', on: '2025-03-31' })).status).toBe(200);

  // 2026 contributions.
  await pay(ids.甲!, { ...zero, paidOn: '2026-03-10', channel: 'cash', individual: 50000, governmentSubsidy: 6000, collectiveSubsidy: 2000, sponsorship: 1000 });
  await pay(ids.乙!, { ...zero, paidOn: '2026-04-15', channel: 'bank', individual: 0, hardshipPayment: 10000, governmentSubsidy: 3000 });
  await pay(ids.丙!, { ...zero, paidOn: '2026-05-20', channel: 'bank', individual: 20000, governmentSubsidy: 4000 });

  // The March payroll pays 丁 January to March: basic 175.00 a month (163.00 + 10.00 + 2 × 1.00), account 100.00.
  const months = monthRange('2026-01', '2026-03').map((month) => ({ month, basicPension: 17500 }));
  const funding = basicPensionFunding(months, 17, HOME.village, PARAMS);
  expect(funding).toEqual({ central: 24450, provincial: 16470, prefecture: 5490, county: 6090 });
  await db.transaction().execute((tx) =>
    postPayrollLines(tx, '370783', '2026-03', '2026-03-05', [{ paymentId: 0, residentId: ids.丁!, basicPension: 52500, fromAccount: 30000, fromPool: 0, funding, fromSources: { individual: 30000 } }]),
  );
  const job = await db.insertInto('job').values({ county_code: '370783', kind: 'payroll', period: '2026-03', status: 'done', result: null }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('payroll').values({ county_code: '370783', month: '2026-03', status: 'approved', job_id: job.id }).execute();
  // The payroll's lines were posted above without payment rows; the bureau allocates the amount of the line.
  const bureau = await t.signIn(t.users.finance_bureau);
  expect((await bureau.send('POST', '/api/fund/allocations', { amount: '825.00', purpose: '2026-03 待遇资金拨付', on: '2026-03-12' })).status).toBe(200);
  await db.transaction().execute((tx) => postBankSettlement(tx, '370783', '2026-03', '2026-03-16', 82500, null));

  // Sweep of the income account (730.00), deposit interest, interest credited to 甲's account.
  expect((await finance.send('POST', '/api/fund/sweeps', { amount: '730.00', on: '2026-06-30' })).status).toBe(200);
  expect((await finance.send('POST', '/api/fund/interest', { amount: '1234.56', on: '2026-06-21' })).status).toBe(200);
  await db.transaction().execute(async (tx) => {
    await postInterest(tx, '370783', 2026, '2026-07-01', [
      { residentId: ids.甲!, source: 'individual', amount: 750 },
      { residentId: ids.甲!, source: 'governmentSubsidy', amount: 90 },
    ]);
    const interestJob = await tx.insertInto('job').values({ county_code: '370783', kind: 'interest', period: '2026', status: 'done', result: null }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('interest_posting').values({ county_code: '370783', year: 2026, resident_id: ids.甲!, amount: 840, job_id: interestJob.id }).execute();
  });
  // 甲 dies in August: the whole account (598.40) goes to the heirs, after the bureau allocates it.
  await db.transaction().execute((tx) =>
    postSettlement(tx, '370783', {
      settlementId: 1,
      residentId: ids.甲!,
      kind: 'death',
      postedOn: '2026-08-01',
      recordedBy: staffId,
      accountBack: {},
      paidOutBySource: { individual: 50750, governmentSubsidy: 6090, collectiveSubsidy: 2000, sponsorship: 1000 },
      returnedBySource: {},
      funeralGrant: 0,
      toRecover: 0,
      setOff: 0,
    }),
  );
  expect((await bureau.send('POST', '/api/fund/allocations', { amount: '598.40', purpose: '死亡继承支付', on: '2026-08-01' })).status).toBe(200);
  // Money arrives from the county (100.00 of 129.90 owed) and from the centre (all 244.50).
  expect((await finance.send('POST', '/api/fund/subsidy-receipts', { level: 'county', amount: '100.00', on: '2026-09-10', document: '寿财社〔2026〕1号' })).status).toBe(200);
  expect((await finance.send('POST', '/api/fund/subsidy-receipts', { level: 'central', amount: '244.50', on: '2026-09-20' })).status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

describe('the fund statement of a worked example', () => {
  it('gives every line and total of 2026 to the fen', async () => {
    const s = await fundStatement(t.database.db, '370783', '2026-01', '2026-12');
    expect(s.openingBalance).toBe(500000);
    expect(s.income).toEqual([
      { kind: 'individual_cash', level: '', amount: 50000 },
      { kind: 'individual_bank', level: '', amount: 20000 },
      { kind: 'collective_subsidy', level: '', amount: 2000 },
      { kind: 'sponsorship', level: '', amount: 1000 },
      { kind: 'contribution_subsidy', level: 'provincial', amount: 6500 },
      { kind: 'contribution_subsidy', level: 'prefecture', amount: 2600 },
      { kind: 'contribution_subsidy', level: 'county', amount: 3900 },
      { kind: 'hardship_payment', level: 'provincial', amount: 4000 },
      { kind: 'hardship_payment', level: 'prefecture', amount: 3000 },
      { kind: 'hardship_payment', level: 'county', amount: 3000 },
      { kind: 'basic_pension_funding', level: 'central', amount: 24450 },
      { kind: 'basic_pension_funding', level: 'provincial', amount: 16470 },
      { kind: 'basic_pension_funding', level: 'prefecture', amount: 5490 },
      { kind: 'basic_pension_funding', level: 'county', amount: 6090 },
      { kind: 'fund_interest', level: '', amount: 123456 },
    ]);
    expect(s.incomeTotal).toBe(271956);
    expect(s.spending).toEqual([
      { kind: 'basic_pension', level: '', amount: 52500 },
      { kind: 'account_pension', level: '', amount: 30000 },
      { kind: 'inheritance', level: '', amount: 59840 },
    ]);
    expect(s.spendingTotal).toBe(142340);
    expect(s.surplus).toBe(129616);
    expect(s.closingBalance).toBe(629616);
    // 丁 470,000 + 乙 13,000 + 丙 24,000 (甲's account went to the heirs).
    expect(s.individualAccounts).toBe(507000);
    expect(s.pooled).toBe(122616);
    expect(s.accounts).toEqual([
      { account: 'special', kind: '', level: '', balance: 588566 },
      { account: 'receivable', kind: '', level: 'central', balance: -24450 },
      { account: 'receivable', kind: '', level: 'county', balance: -10000 },
      { account: 'receivable', kind: 'basic_pension_funding', level: 'central', balance: 24450 },
      { account: 'receivable', kind: 'basic_pension_funding', level: 'provincial', balance: 16470 },
      { account: 'receivable', kind: 'basic_pension_funding', level: 'prefecture', balance: 5490 },
      { account: 'receivable', kind: 'basic_pension_funding', level: 'county', balance: 6090 },
      { account: 'receivable', kind: 'contribution_subsidy', level: 'provincial', balance: 6500 },
      { account: 'receivable', kind: 'contribution_subsidy', level: 'prefecture', balance: 2600 },
      { account: 'receivable', kind: 'contribution_subsidy', level: 'county', balance: 3900 },
      { account: 'receivable', kind: 'hardship_payment', level: 'provincial', balance: 4000 },
      { account: 'receivable', kind: 'hardship_payment', level: 'prefecture', balance: 3000 },
      { account: 'receivable', kind: 'hardship_payment', level: 'county', balance: 3000 },
    ]);
    expect(s.accountsTotal).toBe(s.closingBalance);
  });

  it('shows the same statement through the API, and last year as the opening', async () => {
    const finance = await t.signIn(t.users.finance_officer);
    const res = await finance.get('/api/fund/statement?from=2026-01&to=2026-12');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(await fundStatement(t.database.db, '370783', '2026-01', '2026-12'))));
    const last = await fundStatement(t.database.db, '370783', '2025-01', '2025-12');
    expect([last.openingBalance, last.incomeTotal, last.spendingTotal, last.closingBalance, last.individualAccounts]).toEqual([0, 500000, 0, 500000, 500000]);
    expect(last.accounts).toEqual([{ account: 'special', kind: '', level: '', balance: 500000 }]);
  });

  it('says what each level owes, what arrived and what is outstanding, and files the request', async () => {
    const owed = await owedByLevel(t.database.db, '370783', '2026-01', '2026-12');
    expect(owed.map((o) => [o.level, o.accrued, o.received, o.outstanding])).toEqual([
      ['central', 24450, 24450, 0],
      ['provincial', 26970, 0, 26970],
      ['prefecture', 11090, 0, 11090],
      ['county', 12990, 10000, 2990],
    ]);
    const finance = await t.signIn(t.users.finance_officer);
    const res = await finance.send('POST', '/api/fund/subsidy-requests', { level: 'provincial', fromMonth: '2026-01', toMonth: '2026-06' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ level: 'provincial', periodFrom: '2026-01-01', periodTo: '2026-06-30', contributionSubsidy: 6500, hardshipPayment: 4000, basicPensionFunding: 16470, amount: 26970, outstandingBefore: 0 });
    // More than owed is refused with the amounts in words.
    const tooMuch = await finance.send('POST', '/api/fund/subsidy-receipts', { level: 'county', amount: '30.00', on: '2026-10-01' });
    expect(tooMuch.status).toBe(409);
    expect(((await tooMuch.json()) as { message: string }).message).toContain('29.90');
  });

  it('proves with verify ledger that journals balance, balances match and the statement equals the postings', async () => {
    const v = await verifyLedger(t.database.db, '370783');
    expect(v.checks.filter((c) => c.problems.length > 0)).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it('says when the next sweep is due and which month ends the income account was not empty', async () => {
    // As of 1 December 2026 (the last 12 month ends: December 2025 to November 2026).
    const status = await sweepStatus(t.database.db, '370783', PARAMS, '2026-12-01');
    // Everything that came in was swept by 30 June: nothing waits, nothing is due; but the premiums of March to May
    // waited in the income account over three month ends (the rule wants it empty at each).
    expect(status).toMatchObject({
      incomeBalance: 0,
      lastSweepOn: '2026-06-30',
      nextDueOn: null,
      intervalDays: 10,
      monthEndsNotZero: [
        { month: '2026-03', balance: 53000 },
        { month: '2026-04', balance: 53000 },
        { month: '2026-05', balance: 73000 },
      ],
    });
  });

  it('refuses a journal that does not balance and writes nothing', async () => {
    const before = await t.database.db.selectFrom('ledger_journal').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(postJournal(t.database.db, { countyCode: '370783', kind: 'sweep', postedOn: '2026-10-01' }, [], [{ account: 'special', amount: 100 }])).rejects.toThrow(/does not balance/);
    const after = await t.database.db.selectFrom('ledger_journal').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('enters opening balances once, checked against the declared total', async () => {
    const finance = await t.signIn(t.users.finance_officer);
    const wrong = await finance.send('POST', '/api/fund/opening', { on: '2024-12-31', incomeBank: '0', special: '6000.00', expenditureBank: '0', receivable: { county: '20.00' }, declaredTotal: '6030.00' });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { message: string }).message).toMatch(/6,?020\.00/);
    // Less than the individual accounts taken over (5,070.00) is refused too.
    const below = await finance.send('POST', '/api/fund/opening', { on: '2024-12-31', incomeBank: '0', special: '100.00', expenditureBank: '0', receivable: {}, declaredTotal: '100.00' });
    expect(below.status).toBe(400);
    // After the books began here (March 2025) it would count that money twice.
    const late = await finance.send('POST', '/api/fund/opening', { on: '2025-06-30', incomeBank: '0', special: '6000.00', expenditureBank: '0', receivable: { county: '20.00' }, declaredTotal: '6020.00' });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { code: string }).code).toBe('FUND_OPENING_AFTER_HISTORY');
    const right = await finance.send('POST', '/api/fund/opening', { on: '2024-12-31', incomeBank: '0', special: '6000.00', expenditureBank: '0', receivable: { county: '20.00' }, declaredTotal: '6020.00' });
    expect(right.status).toBe(200);
    const again = await finance.send('POST', '/api/fund/opening', { on: '2024-12-31', incomeBank: '0', special: '100.00', expenditureBank: '0', receivable: {}, declaredTotal: '100.00' });
    expect(again.status).toBe(409);
    const s = await fundStatement(t.database.db, '370783', '2024-01', '2024-12');
    expect([s.openingEntered, s.closingBalance, s.accountsTotal]).toEqual([602000, 602000, 602000]);
    // The national parameters show the county paying all local money until a province sets its split.
    expect(basicPensionFunding([{ month: '2026-01', basicPension: 16300 }], 10, HOME.village, NATIONAL_PARAMETERS)).toEqual({ central: 8150, provincial: 0, prefecture: 0, county: 8150 });
  });
});
