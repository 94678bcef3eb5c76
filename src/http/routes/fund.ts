/**
 * The fund's books (基金财务, issue 8): statements from the ledger, the postings behind each line, the
 * movements between accounts and with government. County-level roles only: the finance officer records
 * sweeps, receipts, deposit interest, opening balances and subsidy requests; the finance bureau allocates
 * payrolls; the director and the supervisor read.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { fundStatementPdf, fundStatementWorkbook, subsidyRequestPdf, subsidyRequestWorkbook } from '../../modules/ledger/fund-pdf.js';
import { LEVEL_LABELS, owedByLevel, createSubsidyRequest, getSubsidyRequest, listSubsidyRequests, recordAllocation, recordFundInterest, recordOpeningBalance, recordSubsidyReceipt, recordSweep, sweepStatus } from '../../modules/ledger/movements.js';
import { fundStatement, listPostings } from '../../modules/ledger/statements.js';
import { getRegion } from '../../modules/regions/service.js';
import { countyCodeOf, GOVERNMENT_LEVELS } from '../../rules/index.js';
import { AppError } from '../../errors/app-error.js';
import { secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { sendPdf, sendWorkbook } from '../files.js';
import { errorResponses, newRouter, Paging, pdfResponses } from '../router.js';

const Fen = z.number().int().openapi({ description: 'fen' });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: '2026-11', description: 'YYYY-MM' });
const Day = z.string().max(10).openapi({ example: '2026-11-30', description: 'YYYY-MM-DD (China date)' });
const Yuan = z.string().max(20).openapi({ example: '1234.50', description: 'yuan' });
const Level = z.enum(GOVERNMENT_LEVELS);
const ACCOUNTS = ['income_bank', 'special', 'expenditure_bank', 'receivable', 'recoverable', 'payable', 'individual_accounts', 'earmark', 'opening', 'income', 'spending'] as const;

const JOURNAL_KINDS = ['legacy', 'opening', 'contribution', 'contribution_reversal', 'interest', 'payroll', 'payroll_withdrawal', 'bank_settlement', 'settlement', 'settlement_release', 'recovery', 'sweep', 'allocation', 'subsidy_receipt', 'fund_interest'] as const;
const LineSchema = z.object({ kind: z.string(), level: z.string(), amount: Fen });
const StatementSchema = z
  .object({
    countyCode: z.string(),
    fromMonth: z.string(),
    toMonth: z.string(),
    openingBalance: Fen,
    openingEntered: Fen,
    income: z.array(LineSchema),
    incomeTotal: Fen,
    spending: z.array(LineSchema),
    spendingTotal: Fen,
    surplus: Fen,
    closingBalance: Fen,
    individualAccounts: Fen,
    pooled: Fen,
    accounts: z.array(z.object({ account: z.string(), kind: z.string(), level: z.string(), balance: Fen })),
    accountsTotal: Fen,
  })
  .openapi('FundStatement');
const PostingSchema = z.object({
  journalId: z.number().int(),
  postedOn: z.string(),
  journalKind: z.string(),
  reference: z.string().nullable(),
  memo: z.string().nullable(),
  recordedBy: z.string().nullable(),
  account: z.string(),
  kind: z.string(),
  level: z.string(),
  amount: Fen,
});
const OwedSchema = z.object({ level: Level, contributionSubsidy: Fen, hardshipPayment: Fen, basicPensionFunding: Fen, accrued: Fen, received: Fen, outstanding: Fen });
const RequestSchema = z.object({
  id: z.number().int(),
  level: Level,
  periodFrom: z.string(),
  periodTo: z.string(),
  contributionSubsidy: Fen,
  hardshipPayment: Fen,
  basicPensionFunding: Fen,
  amount: Fen,
  outstandingBefore: Fen,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
const Recorded = z.object({ journalId: z.number().int(), amount: Fen });

const county = (c: AppContext) => countyCodeOf(currentUser(c).regionCode);
const actor = (c: AppContext) => ({ ...auditActor(c), userId: currentUser(c).id });
const thisYear = () => chinaToday().slice(0, 4);
const PeriodQuery = z.object({ from: Month.optional(), to: Month.optional() });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The statement's months: this year up to this month unless asked; a period that runs backwards is refused. */
function periodOf(q: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  const from = q.from ?? `${thisYear()}-01`;
  const to = q.to ?? chinaToday().slice(0, 7);
  if (from > to) throw new AppError('FUND_PERIOD', 400, { field: 'from', params: { from, to } });
  return { from, to };
}

const countyName = async (c: AppContext) => (await getRegion(c.var.deps.database.db, `${county(c)}000000`)).name;
/** A timestamp's day in China (UTC+8). */
const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/** One subsidy request of the county (404 when it is not the county's). */
async function subsidyRequest(c: AppContext, id: number) {
  return getSubsidyRequest(c.var.deps.database.db, county(c), id);
}

export function fundRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'fund:view' },
        createRoute({
          method: 'get',
          path: '/fund/statement',
          tags: ['fund'],
          summary: 'Fund income-and-expenditure statement (基金收支表) for a run of months: opening balance, income by kind and level, spending by kind, closing balance with its individual-account part, account balances',
          request: { query: PeriodQuery },
          responses: { 200: { description: 'Statement', content: { 'application/json': { schema: StatementSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const { from, to } = periodOf(c.req.valid('query'));
        return c.json((await fundStatement(c.var.deps.database.db, county(c), from, to)) as unknown as z.infer<typeof StatementSchema>, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'fund:view' },
        createRoute({
          method: 'get',
          path: '/fund/statement.xlsx',
          tags: ['fund'],
          summary: 'The fund statement (基金收支表) and the account balances as an Excel file, amounts in yuan',
          request: { query: PeriodQuery },
          responses: { 200: { description: 'xlsx', content: { [XLSX]: { schema: z.any() } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const { from, to } = periodOf(c.req.valid('query'));
        const [s, name] = await Promise.all([fundStatement(c.var.deps.database.db, county(c), from, to), countyName(c)]);
        const workbook = fundStatementWorkbook(s, { countyName: name, printedOn: chinaToday(), preparedBy: currentUser(c).displayName });
        return sendWorkbook(c, workbook, `fund-statement-${from}-${to}.xlsx`, `基金收支表-${from}至${to}.xlsx`);
      },
    )
    .openapi(
      secured(
        { permission: 'fund:view' },
        createRoute({
          method: 'get',
          path: '/fund/statement.pdf',
          tags: ['fund'],
          summary: 'The fund statement (基金收支表) with the account balances as a printable A4 PDF',
          request: { query: PeriodQuery },
          responses: pdfResponses,
        }),
      ),
      async (c) => {
        const { from, to } = periodOf(c.req.valid('query'));
        const [s, name] = await Promise.all([fundStatement(c.var.deps.database.db, county(c), from, to), countyName(c)]);
        const pdf = await fundStatementPdf(c.var.deps.config.cjkFont, s, { countyName: name, printedOn: chinaToday(), preparedBy: currentUser(c).displayName });
        return sendPdf(c, pdf, `fund-statement-${from}-${to}.pdf`, `基金收支表-${from}至${to}.pdf`);
      },
    )
    .openapi(
      secured(
        { permission: 'fund:view' },
        createRoute({
          method: 'get',
          path: '/fund/postings',
          tags: ['fund'],
          summary: 'The postings behind a statement line (drill-down), newest first',
          request: {
            query: z.object({
              from: Month,
              to: Month,
              account: z.enum(ACCOUNTS).optional(),
              kind: z.string().max(40).optional(),
              level: z.enum(['', ...GOVERNMENT_LEVELS]).optional(),
              journalKind: z.enum(JOURNAL_KINDS).optional(),
              ...Paging,
            }),
          },
          responses: { 200: { description: 'Postings', content: { 'application/json': { schema: z.object({ items: z.array(PostingSchema), total: z.number().int(), amount: Fen }) } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        return c.json(
          await listPostings(c.var.deps.database.db, { countyCode: county(c), fromMonth: q.from, toMonth: q.to, account: q.account, kind: q.kind, level: q.level, journalKind: q.journalKind, page: q.page, pageSize: q.pageSize }),
          200,
        );
      },
    )
    .openapi(
      secured(
        { permission: 'fund:view' },
        createRoute({
          method: 'get',
          path: '/fund/sweep',
          tags: ['fund'],
          summary: 'The income account and its sweep rule: balance, last sweep, next due, month ends not at zero',
          responses: {
            200: {
              description: 'Sweep status',
              content: {
                'application/json': {
                  schema: z.object({
                    intervalDays: z.number().int(),
                    zeroAtMonthEnd: z.boolean(),
                    source: z.object({ 'zh-CN': z.string(), en: z.string() }),
                    incomeBalance: Fen,
                    lastSweepOn: z.string().nullable(),
                    nextDueOn: z.string().nullable(),
                    monthEndsNotZero: z.array(z.object({ month: z.string(), balance: Fen })),
                  }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const countyCode = county(c);
        const status = await sweepStatus(c.var.deps.database.db, countyCode, c.var.deps.parameters.forCounty(countyCode).parameters, chinaToday());
        return c.json({ ...status, monthEndsNotZero: [...status.monthEndsNotZero] }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'fund:record' },
        createRoute({
          method: 'post',
          path: '/fund/sweeps',
          tags: ['fund'],
          summary: 'Record a sweep (归集) of the income account to the fiscal special account',
          request: { body: { required: true, content: { 'application/json': { schema: z.object({ amount: Yuan, on: Day, note: z.string().max(100).optional() }).strict() } } } },
          responses: { 200: { description: 'Recorded', content: { 'application/json': { schema: Recorded } } }, 409: { description: 'More than the balance', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => c.json(await recordSweep(c.var.deps.database.db, actor(c), county(c), c.req.valid('json'), chinaToday()), 200),
    )
    .openapi(
      secured(
        { permission: 'fund:view' },
        createRoute({
          method: 'get',
          path: '/fund/allocations',
          tags: ['fund'],
          summary: 'Payrolls with the amount to allocate (拨付) and when it was allocated',
          responses: {
            200: {
              description: 'Payrolls',
              content: {
                'application/json': {
                  schema: z.object({
                    items: z.array(z.object({ month: z.string(), status: z.string(), amount: Fen, allocatedOn: z.string().nullable(), allocatedAmount: Fen.nullable(), allocatedBy: z.string().nullable() })),
                  }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const countyCode = county(c);
        const rows = await sql<{ month: string; status: string; amount: number; allocated_on: string | null; allocated_amount: number | null; allocated_by: string | null }>`
          select p.month, p.status,
                 (select coalesce(sum(l.amount), 0) from pension_payment l where l.county_code = p.county_code and l.month = p.month and l.status <> 'withdrawn')::int8 as amount,
                 j.posted_on::text as allocated_on,
                 (select sum(e.amount) from fund_entry e where e.county_code = j.county_code and e.journal_id = j.id and e.account = 'expenditure_bank')::int8 as allocated_amount,
                 u.display_name as allocated_by
          from payroll p
          left join ledger_journal j on j.county_code = p.county_code and j.kind = 'allocation' and j.reference = 'payroll:' || p.month
          left join staff_user u on u.id = j.recorded_by
          where p.county_code = ${countyCode}
          order by p.month desc limit 60`.execute(c.var.deps.database.db);
        return c.json(
          {
            items: rows.rows.map((r) => ({
              month: r.month,
              status: r.status,
              amount: Number(r.amount),
              allocatedOn: r.allocated_on,
              allocatedAmount: r.allocated_amount === null ? null : Number(r.allocated_amount),
              allocatedBy: r.allocated_by,
            })),
          },
          200,
        );
      },
    )
    .openapi(
      secured(
        { permission: 'fund:allocate' },
        createRoute({
          method: 'post',
          path: '/fund/allocations',
          tags: ['fund'],
          summary: 'The finance bureau allocates (拨付) from the special account to the expenditure account: an approved payroll (month), or an amount for other spending (heirs, refunds) with its purpose',
          request: {
            body: { required: true, content: { 'application/json': { schema: z.object({ month: Month.optional(), amount: Yuan.optional(), purpose: z.string().max(100).optional(), on: Day }).strict() } } },
          },
          responses: { 200: { description: 'Allocated', content: { 'application/json': { schema: Recorded } } }, 409: { description: 'Not approved or already allocated', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => c.json(await recordAllocation(c.var.deps.database.db, actor(c), county(c), c.req.valid('json'), chinaToday()), 200),
    )
    .openapi(
      secured(
        { permission: 'fund:view' },
        createRoute({
          method: 'get',
          path: '/fund/subsidies',
          tags: ['fund'],
          summary: 'What each level of government owes (基金申请和划拨): accrued in the months by kind, received, outstanding',
          request: { query: PeriodQuery },
          responses: { 200: { description: 'By level', content: { 'application/json': { schema: z.object({ from: z.string(), to: z.string(), levels: z.array(OwedSchema) }) } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const { from, to } = periodOf(c.req.valid('query'));
        return c.json({ from, to, levels: await owedByLevel(c.var.deps.database.db, county(c), from, to) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'fund:record' },
        createRoute({
          method: 'post',
          path: '/fund/subsidy-receipts',
          tags: ['fund'],
          summary: 'Record money that arrived from a level of government (财政补助到账) in the special account',
          request: { body: { required: true, content: { 'application/json': { schema: z.object({ level: Level, amount: Yuan, on: Day, document: z.string().max(60).optional() }).strict() } } } },
          responses: { 200: { description: 'Recorded', content: { 'application/json': { schema: Recorded.extend({ outstanding: Fen }) } } }, 409: { description: 'More than owed', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => c.json(await recordSubsidyReceipt(c.var.deps.database.db, actor(c), county(c), c.req.valid('json'), chinaToday()), 200),
    )
    .openapi(
      secured(
        { permission: 'fund:view' },
        createRoute({
          method: 'get',
          path: '/fund/subsidy-requests',
          tags: ['fund'],
          summary: 'Subsidy requests filed, newest first',
          responses: { 200: { description: 'Requests', content: { 'application/json': { schema: z.object({ items: z.array(RequestSchema) }) } } }, ...errorResponses },
        }),
      ),
      async (c) => c.json({ items: await listSubsidyRequests(c.var.deps.database.db, county(c)) }, 200),
    )
    .openapi(
      secured(
        { permission: 'fund:view' },
        createRoute({
          method: 'get',
          path: '/fund/subsidy-requests/{file}',
          tags: ['fund'],
          summary: 'A subsidy request letter (补助资金申请表): `{id}.pdf` printable A4, `{id}.xlsx` the same as an Excel file',
          request: { params: z.object({ file: z.string().regex(/^[1-9]\d{0,15}\.(pdf|xlsx)$/).openapi({ example: '12.pdf', description: '<request id>.pdf or <request id>.xlsx' }) }) },
          responses: {
            200: { description: 'PDF or xlsx', content: { 'application/pdf': { schema: z.any() }, [XLSX]: { schema: z.any() } } },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const [id, ext] = c.req.valid('param').file.split('.') as [string, 'pdf' | 'xlsx'];
        const [r, name] = await Promise.all([subsidyRequest(c, Number(id)), countyName(c)]);
        const filedOn = chinaDay(r.createdAt);
        const level = LEVEL_LABELS[r.level]['zh-CN'];
        if (ext === 'pdf') {
          const pdf = await subsidyRequestPdf(c.var.deps.config.cjkFont, r, { countyName: name, printedOn: chinaToday(), filedOn });
          return sendPdf(c, pdf, `subsidy-request-${r.id}.pdf`, `${level}补助资金申请-${r.id}.pdf`);
        }
        const workbook = subsidyRequestWorkbook(r, { countyName: name, printedOn: chinaToday(), filedOn });
        return sendWorkbook(c, workbook, `subsidy-request-${r.id}.xlsx`, `${level}补助资金申请-${r.id}.xlsx`);
      },
    )
    .openapi(
      secured(
        { permission: 'fund:record' },
        createRoute({
          method: 'post',
          path: '/fund/subsidy-requests',
          tags: ['fund'],
          summary: 'File a subsidy request (基金申请) to one level of government for a run of months, from what the ledger says it owes',
          request: { body: { required: true, content: { 'application/json': { schema: z.object({ level: Level, fromMonth: Month, toMonth: Month }).strict() } } } },
          responses: { 200: { description: 'Filed', content: { 'application/json': { schema: RequestSchema } } }, 409: { description: 'Nothing owed', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => c.json(await createSubsidyRequest(c.var.deps.database.db, actor(c), county(c), c.req.valid('json')), 200),
    )
    .openapi(
      secured(
        { permission: 'fund:record' },
        createRoute({
          method: 'post',
          path: '/fund/interest',
          tags: ['fund'],
          summary: "Record interest the bank paid on the fund's deposits (利息收入)",
          request: {
            body: { required: true, content: { 'application/json': { schema: z.object({ amount: Yuan, on: Day, account: z.enum(['special', 'income_bank', 'expenditure_bank']).optional() }).strict() } } },
          },
          responses: { 200: { description: 'Recorded', content: { 'application/json': { schema: Recorded } } }, ...errorResponses },
        }),
      ),
      async (c) => c.json(await recordFundInterest(c.var.deps.database.db, actor(c), county(c), c.req.valid('json'), chinaToday()), 200),
    )
    .openapi(
      secured(
        { permission: 'fund:record' },
        createRoute({
          method: 'post',
          path: '/fund/opening',
          tags: ['fund'],
          summary: "Enter a migrated county's opening balances once (期初余额), checked against the declared fund balance",
          request: {
            body: {
              required: true,
              content: {
                'application/json': {
                  schema: z
                    .object({
                      on: Day,
                      incomeBank: Yuan,
                      special: Yuan,
                      expenditureBank: Yuan,
                      receivable: z.object({ central: Yuan.optional(), provincial: Yuan.optional(), prefecture: Yuan.optional(), county: Yuan.optional() }).strict(),
                      declaredTotal: Yuan,
                    })
                    .strict(),
                },
              },
            },
          },
          responses: { 200: { description: 'Entered', content: { 'application/json': { schema: z.object({ journalId: z.number().int(), total: Fen }) } } }, 409: { description: 'Already entered', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => c.json(await recordOpeningBalance(c.var.deps.database.db, actor(c), county(c), c.req.valid('json'), chinaToday()), 200),
    );
}
