import { currentRates } from '../rates.js';
import { createRoute, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import {
  approvePayroll,
  resubmitPayroll,
  returnPayroll,
  bankFile,
  exportPayments,
  getPayroll,
  listPayments,
  listPayrolls,
  payrollByTownship,
  queuePayroll,
  settlePayroll,
  type PayrollRecord,
} from '../../modules/pensions/payroll.js';
import { getPension } from '../../modules/pensions/service.js';
import { countyCodeOf, formatYuan, regionScopePrefix } from '../../rules/index.js';
import { assertRecordInScope, requestScope, secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { sendWorkbook, uploadedFile } from '../files.js';
import { idNumberColumn, IdNumbersQuery } from '../id-numbers.js';
import { errorResponses, newRouter, Paging, xlsxResponses } from '../router.js';
import { RegionCodeParam } from './schemas.js';

const Fen = z.number().int().openapi({ description: 'fen' });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: '2026-12', description: 'YYYY-MM' });
const MonthParam = z.object({ month: Month });
const STATUSES = ['pending', 'paid', 'failed', 'withdrawn'] as const;

const TotalsSchema = z.object({
  lines: z.number().int(),
  people: z.number().int(),
  months: z.number().int(),
  basicPension: Fen,
  fromAccount: Fen,
  fromPool: Fen,
  amount: Fen,
  repayLines: z.number().int(),
  repayAmount: Fen,
  paid: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  failedAmount: Fen,
  withdrawn: z.number().int().openapi({ description: "lines withdrawn before the bank had them (death, suspension, employee pension); not in the amounts" }),
  withdrawnAmount: Fen,
});

const PayrollSchema = z
  .object({
    countyCode: z.string(),
    month: z.string(),
    status: z.enum(['generating', 'generated', 'returned', 'approved', 'settled']),
    jobId: z.number().int(),
    job: z.object({ id: z.number().int(), status: z.string(), total: z.number().int(), done: z.number().int(), error: z.string().nullable() }).passthrough(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
    returnedReason: z.string().nullable(),
    returnedBy: z.string().nullable(),
    returnedAt: z.string().nullable(),
    bankFileAt: z.string().nullable(),
    settledBy: z.string().nullable(),
    settledAt: z.string().nullable(),
    totals: TotalsSchema,
  })
  .openapi('Payroll');

const LineSchema = z
  .object({
    id: z.number().int(),
    month: z.string(),
    pensionId: z.number().int(),
    residentId: z.number().int(),
    name: z.string(),
    idNumberMasked: z.string(),
    villageCode: z.string(),
    villageName: z.string(),
    kind: z.enum(['regular', 'repay']),
    fromMonth: z.string(),
    toMonth: z.string(),
    months: z.number().int(),
    basicPension: Fen,
    fromAccount: Fen,
    fromPool: Fen,
    amount: Fen,
    hasBankAccount: z.boolean(),
    status: z.enum(STATUSES),
    failureReason: z.string().nullable(),
    withdrawnReason: z.string().nullable().openapi({ description: 'why the line was withdrawn before the bank had it' }),
    withheldBasic: Fen.openapi({ description: '捆绑缴费: basic pension withheld in the months of the line (never paid back)' }),
    withheldReason: z.string().nullable().openapi({ description: 'why, naming the child who did not pay' }),
    repaidIn: z.string().nullable(),
  })
  .openapi('PensionPayment');

const LineQuery = {
  regionCode: RegionCodeParam.optional(),
  status: z.enum(STATUSES).optional(),
  q: z.string().max(40).optional(),
  withheld: z.enum(['yes']).optional().openapi({ description: 'yes: only lines whose basic pension family binding withheld (the affected parents)' }),
};

const scopeOf = requestScope;

const actorOf = (c: AppContext) => ({ ...auditActor(c), userId: currentUser(c).id });
const yuan = (fen: number) => Number(formatYuan(fen, 'zh-CN').replace(/,/g, ''));
const asJson = (p: PayrollRecord) => p as unknown as z.infer<typeof PayrollSchema>;

export function payrollRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'payroll:bank' },
        createRoute({
          method: 'get',
          path: '/payroll/templates/bank-return.xlsx',
          tags: ['payroll'],
          summary: "An empty bank return to fill in (付款编号, 公民身份号码, 失败原因; every column formatted as text), with notes",
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('银行回盘');
        sheet.columns = [
          { header: '付款编号', key: 'paymentId', width: 12 },
          { header: '公民身份号码', key: 'idNumber', width: 22 },
          { header: '失败原因', key: 'reason', width: 30 },
        ];
        sheet.getRow(1).font = { bold: true };
        // Text columns: an 18-digit ID typed into a General cell would keep only 15 digits.
        for (let col = 1; col <= 3; col++) sheet.getColumn(col).numFmt = '@';
        const notes = workbook.addWorksheet('填写说明');
        for (const line of [
          ['列', '说明'],
          ['付款编号', '代发文件中的付款编号'],
          ['公民身份号码', '该笔付款领取人的 18 位身份证号码，须与代发文件一致'],
          ['失败原因', '如：账户已销户、户名不符、账户冻结'],
          ['', '只列出未能发放的付款；全部发放成功时只保留标题行上传'],
          ['', '整个文件全部无误才会入账；同一发放月份只接受一份回盘'],
        ]) {
          notes.addRow(line);
        }
        notes.getColumn(1).width = 16;
        notes.getColumn(2).width = 70;
        return sendWorkbook(c, workbook, 'bank-return-template.xlsx', '银行回盘模板.xlsx');
      },
    )
    .openapi(
      secured(
        { permission: 'payroll:view' },
        createRoute({
          method: 'get',
          path: '/payroll',
          tags: ['payroll'],
          summary: 'The monthly payrolls of the county, newest first, with totals in the region of the user',
          request: { query: z.object({ regionCode: RegionCodeParam.optional() }) },
          responses: { 200: { description: 'Payrolls', content: { 'application/json': { schema: z.object({ items: z.array(PayrollSchema) }) } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const scope = await scopeOf(c, c.req.valid('query').regionCode);
        return c.json({ items: (await listPayrolls(c.var.deps.database.db, scope.countyCode, scope.scopePrefix)).map(asJson) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'payroll:generate' },
        createRoute({
          method: 'post',
          path: '/payroll',
          tags: ['payroll'],
          summary: "Generate a month's payroll as a background job: one line per active pension for the months not yet paid, the account pension debited by source; failed payments of earlier months paid again",
          request: { body: { required: true, content: { 'application/json': { schema: z.object({ month: Month }).strict() } } } },
          responses: {
            202: { description: 'Queued', content: { 'application/json': { schema: PayrollSchema } } },
            409: { description: 'Exists, out of order, too early, another still generating', content: errorResponses[400].content },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        const countyCode = countyCodeOf(user.regionCode);
        const payroll = await queuePayroll(c.var.deps.database.db, auditActor(c), countyCode, c.req.valid('json').month, chinaToday());
        c.var.deps.jobs.enqueue(payroll.jobId, countyCode);
        return c.json(asJson(payroll), 202);
      },
    )
    .openapi(
      secured(
        { permission: 'payroll:view' },
        createRoute({
          method: 'get',
          path: '/payroll/{month}',
          tags: ['payroll'],
          summary: "One month's payroll: its steps, totals and the totals by township (in the region of the user)",
          request: { params: MonthParam, query: z.object({ regionCode: RegionCodeParam.optional() }) },
          responses: {
            200: {
              description: 'Payroll',
              content: {
                'application/json': {
                  schema: PayrollSchema.extend({ byTownship: z.array(z.object({ code: z.string(), name: z.string(), lines: z.number().int(), amount: Fen, failed: z.number().int() })) }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const scope = await scopeOf(c, c.req.valid('query').regionCode);
        const { month } = c.req.valid('param');
        const { db } = c.var.deps.database;
        const [payroll, byTownship] = await Promise.all([getPayroll(db, scope.countyCode, month, scope.scopePrefix), payrollByTownship(db, scope.countyCode, month, scope.scopePrefix)]);
        return c.json({ ...asJson(payroll), byTownship }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'payroll:view' },
        createRoute({
          method: 'get',
          path: '/payroll/{month}/lines',
          tags: ['payroll'],
          summary: 'The payment lines of a payroll (发放明细) in the region, by village',
          request: { params: MonthParam, query: z.object({ ...LineQuery, ...Paging }) },
          responses: {
            200: { description: 'Lines', content: { 'application/json': { schema: z.object({ items: z.array(LineSchema), total: z.number().int(), amount: Fen }) } } },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const scope = await scopeOf(c, q.regionCode);
        return c.json(await listPayments(c.var.deps.database.db, { ...scope, month: c.req.valid('param').month, status: q.status, q: q.q, withheld: q.withheld === 'yes', page: q.page, pageSize: q.pageSize }), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'payroll:view' },
        createRoute({
          method: 'get',
          path: '/payroll/{month}/export',
          tags: ['payroll'],
          summary: 'The payment roll (发放花名册) as an Excel file, ID numbers masked unless idNumbers=full, with a total row',
          request: { params: MonthParam, query: z.object({ ...LineQuery, ...IdNumbersQuery }) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const { month } = c.req.valid('param');
        const ids = await idNumberColumn(c, `发放花名册 ${month}`, { month, ...q });
        const scope = await scopeOf(c, q.regionCode);
        await getPayroll(c.var.deps.database.db, scope.countyCode, month);
        const rows = await exportPayments(c.var.deps.database.db, { ...scope, month, status: q.status, q: q.q, withheld: q.withheld === 'yes' });
        const idNumber = await ids.reveal('resident', rows.map((r) => r.residentId));
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet(`发放花名册 ${month}`);
        sheet.columns = [
          { header: '付款编号', key: 'id', width: 9 },
          { header: '村（居）', key: 'villageName', width: 12 },
          { header: '姓名', key: 'name', width: 10 },
          { header: '身份证号码', key: 'idNumber', width: 22 },
          { header: '类型', key: 'kind', width: 7 },
          { header: '所属月份', key: 'period', width: 17 },
          { header: '月数', key: 'months', width: 6 },
          { header: '基础养老金', key: 'basicPension', width: 11 },
          { header: '个人账户支付', key: 'fromAccount', width: 12 },
          { header: '基金垫付', key: 'fromPool', width: 10 },
          { header: '发放金额', key: 'amount', width: 11 },
          { header: '状态', key: 'status', width: 8 },
          { header: '失败原因', key: 'failureReason', width: 18 },
        ];
        const money = ['basicPension', 'fromAccount', 'fromPool', 'amount'] as const;
        const sums = { basicPension: 0, fromAccount: 0, fromPool: 0, amount: 0 };
        for (const r of rows) {
          const row: Record<string, unknown> = {
            ...r,
            idNumber: idNumber(r.residentId, r.idNumberMasked),
            kind: r.kind === 'regular' ? '正常' : '补发',
            period: r.fromMonth === r.toMonth ? r.toMonth : `${r.fromMonth} 至 ${r.toMonth}`,
            status: { pending: '待发放', paid: '已发放', failed: '发放失败', withdrawn: '已撤回' }[r.status],
            failureReason: r.failureReason ?? r.withdrawnReason ?? r.withheldReason,
          };
          for (const k of money) {
            row[k] = yuan(r[k]);
            if (r.status !== 'withdrawn') sums[k] += r[k];
          }
          sheet.addRow(row);
        }
        const total = sheet.addRow({ villageName: `合计 ${rows.length} 笔`, ...Object.fromEntries(money.map((k) => [k, yuan(sums[k])])) });
        total.font = { bold: true };
        for (const k of money) sheet.getColumn(k).numFmt = '#,##0.00';
        sheet.getRow(1).font = { bold: true };
        sheet.views = [{ state: 'frozen', ySplit: 1 }];
        return sendWorkbook(c, workbook, `payroll-${month}.xlsx`, `发放花名册-${month}.xlsx`);
      },
    )
    .openapi(
      secured(
        { permission: 'payroll:approve' },
        createRoute({
          method: 'post',
          path: '/payroll/{month}/approve',
          tags: ['payroll'],
          summary: 'The finance officer approves a generated payroll; the bank may then take its payment file',
          request: { params: MonthParam },
          responses: { 200: { description: 'Approved', content: { 'application/json': { schema: PayrollSchema } } }, 409: { description: 'Not generated yet, or already approved', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        return c.json(asJson(await approvePayroll(c.var.deps.database.db, actorOf(c), countyCodeOf(user.regionCode), c.req.valid('param').month)), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'payroll:approve' },
        createRoute({
          method: 'post',
          path: '/payroll/{month}/return',
          tags: ['payroll'],
          summary: 'The finance officer sends a generated payroll back to the benefit reviewer with a reason (退回); audited',
          request: { params: MonthParam, body: { content: { 'application/json': { schema: z.object({ reason: z.string().max(200) }).strict() } } } },
          responses: { 200: { description: 'Returned', content: { 'application/json': { schema: PayrollSchema } } }, 409: { description: 'Not awaiting approval', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        const { reason } = c.req.valid('json');
        return c.json(asJson(await returnPayroll(c.var.deps.database.db, actorOf(c), countyCodeOf(user.regionCode), c.req.valid('param').month, reason)), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'payroll:generate' },
        createRoute({
          method: 'post',
          path: '/payroll/{month}/resubmit',
          tags: ['payroll'],
          summary: 'The benefit reviewer submits a returned payroll again for approval; audited',
          request: { params: MonthParam },
          responses: { 200: { description: 'Submitted', content: { 'application/json': { schema: PayrollSchema } } }, 409: { description: 'Not returned', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        return c.json(asJson(await resubmitPayroll(c.var.deps.database.db, actorOf(c), countyCodeOf(user.regionCode), c.req.valid('param').month)), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'payroll:bank' },
        createRoute({
          method: 'get',
          path: '/payroll/{month}/bank-file',
          tags: ['payroll'],
          summary: 'The payment file for the agent bank (CSV, UTF-8): payment number, name, full ID number, account, amount; approved payrolls only; audited',
          request: { params: MonthParam },
          responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.any() } } }, 409: { description: 'Not approved', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        const { month } = c.req.valid('param');
        const file = await bankFile(c.var.deps.database.db, auditActor(c), countyCodeOf(user.regionCode), month);
        c.header('content-type', 'text/csv; charset=utf-8');
        c.header('content-disposition', `attachment; filename="payroll-${month}-bank.csv"; filename*=UTF-8''${encodeURIComponent(`代发文件-${month}.csv`)}`);
        c.header('cache-control', 'no-store');
        return c.body(file.csv, 200) as never;
      },
    )
    .openapi(
      secured(
        { permission: 'payroll:bank' },
        createRoute({
          method: 'post',
          path: '/payroll/{month}/bank-return',
          tags: ['payroll'],
          summary: "The bank's return (.csv or .xlsx listing the failed payments: 付款编号, 公民身份号码, 失败原因; header only = all paid): all rows checked, then the payroll is settled",
          request: {
            params: MonthParam,
            body: { content: { 'multipart/form-data': { schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }) } } },
          },
          responses: {
            200: { description: 'Settled', content: { 'application/json': { schema: z.object({ paid: z.number().int(), failed: z.number().int(), failedAmount: Fen, unchanged: z.boolean() }) } } },
            409: { description: 'Not approved, or settled with another file', content: errorResponses[400].content },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const file = await uploadedFile(c);
        const user = currentUser(c);
        const result = await settlePayroll(c.var.deps.database.db, actorOf(c), countyCodeOf(user.regionCode), c.req.valid('param').month, file.name, file.data);
        return c.json(result, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/pensions/{id}/payments',
          tags: ['payroll'],
          summary: 'The payments of one pension, newest first',
          request: { params: z.object({ id: z.coerce.number().int().positive() }), query: z.object(Paging) },
          responses: { 200: { description: 'Lines', content: { 'application/json': { schema: z.object({ items: z.array(LineSchema), total: z.number().int(), amount: Fen }) } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        const countyCode = countyCodeOf(user.regionCode);
        const { db } = c.var.deps.database;
        const pension = await getPension(db, { countyCode, scopePrefix: countyCode }, c.req.valid('param').id, currentRates(c));
        await assertRecordInScope(c, pension.villageCode);
        const q = c.req.valid('query');
        return c.json(await listPayments(db, { countyCode, scopePrefix: pension.villageCode, pensionId: pension.id, page: q.page, pageSize: q.pageSize }), 200);
      },
    );
}
