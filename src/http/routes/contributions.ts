import { createRoute, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import { DEFAULT_SCHEME_START } from '../../modules/calculator/calculate.js';
import {
  accountStatement,
  collectionPlan,
  exportContributions,
  listContributions,
  recordContribution,
  reverseContribution,
  type CollectContext,
} from '../../modules/contributions/service.js';
import { getResident } from '../../modules/registry/service.js';
import { statementPdf } from '../../modules/contributions/statement-pdf.js';
import { enrolmentsOf } from '../../modules/enrolment/service.js';
import { getRegion } from '../../modules/regions/service.js';
import { ACCOUNT_SOURCES, countyCodeOf, ENROLMENT_IDENTITY_LABELS, formatYuan, regionScopePrefix, type EnrolmentIdentity } from '../../rules/index.js';
import { assertRecordInScope, requestScope, secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { sendPdf, sendWorkbook } from '../files.js';
import { idNumberColumn, IdNumbersQuery } from '../id-numbers.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { errorResponses, newRouter, Paging, pdfResponses, xlsxResponses } from '../router.js';
import { RegionCodeParam } from './schemas.js';

const CHANNELS = ['cash', 'bank', 'counter'] as const;
const Fen = z.number().int().openapi({ description: 'fen' });

const ContributionSchema = z
  .object({
    id: z.number().int(),
    residentId: z.number().int(),
    name: z.string(),
    idNumberMasked: z.string(),
    villageCode: z.string(),
    villageName: z.string(),
    year: z.number().int(),
    kind: z.enum(['yearly', 'backPay']),
    tier: Fen,
    identity: z.string(),
    individual: Fen,
    hardshipPayment: Fen,
    governmentSubsidy: Fen,
    collectiveSubsidy: Fen,
    sponsorship: Fen,
    totalCredited: Fen,
    paidOn: z.string(),
    channel: z.enum(CHANNELS),
    receiptNo: z.string().nullable(),
    status: z.enum(['posted', 'reversed']),
    reversalReason: z.string().nullable(),
    recordedBy: z.string().nullable(),
  })
  .openapi('Contribution');

const TotalsSchema = z.object({
  count: z.number().int(),
  individual: Fen,
  hardshipPayment: Fen,
  governmentSubsidy: Fen,
  collectiveSubsidy: Fen,
  sponsorship: Fen,
  totalCredited: Fen,
});

/** Rows one plan export holds at most: a county's paying enrolments, with room. */
const PLAN_EXPORT_MAX = 200_000;

const ListQuery = {
  regionCode: RegionCodeParam.optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  status: z.enum(['posted', 'reversed']).optional(),
  q: z.string().max(40).optional().openapi({ description: 'name, the start of an ID number, or a receipt number' }),
};

const scopeOf = requestScope;

function collectContext(c: AppContext): CollectContext {
  const user = currentUser(c);
  const countyCode = countyCodeOf(user.regionCode);
  const scope = c.var.deps.parameters.forCounty(countyCode);
  return {
    actor: { ...auditActor(c), userId: user.id },
    countyCode,
    scopePrefix: regionScopePrefix(user.regionCode),
    parameters: scope.parameters,
    schemeStartDate: scope.schemeStartDate ?? DEFAULT_SCHEME_START,
    today: chinaToday(),
  };
}

// Excel cells hold numbers: the exact two-decimal text is handed over, as if typed into the sheet; the
// totals row is summed in fen before that.
const yuan = (fen: number) => Number(formatYuan(fen, 'zh-CN').replace(/,/g, ''));

export function contributionRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'contributions:view' },
        createRoute({
          method: 'get',
          path: '/contributions/plan',
          tags: ['contributions'],
          summary: 'The collection plan of a year: everyone enrolled and paying in the region, paid or not, with totals',
          request: {
            query: z.object({
              regionCode: RegionCodeParam.optional(),
              year: z.coerce.number().int().min(1990).max(2100),
              paid: z.enum(['yes', 'no']).optional(),
              q: z.string().max(40).optional(),
              ...Paging,
            }),
          },
          responses: {
            200: {
              description: 'Plan',
              content: {
                'application/json': {
                  schema: z.object({
                    items: z.array(
                      z.object({
                        residentId: z.number().int(),
                        name: z.string(),
                        idNumberMasked: z.string(),
                        birthDate: z.string(),
                        villageCode: z.string(),
                        villageName: z.string(),
                        householdNo: z.string(),
                        identity: z.string(),
                        contributionId: z.number().int().nullable(),
                        tier: Fen.nullable(),
                        totalCredited: Fen.nullable(),
                        paidOn: z.string().nullable(),
                      }),
                    ),
                    total: z.number().int(),
                    summary: z.object({ people: z.number().int(), paid: z.number().int(), collected: Fen }),
                  }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const scope = await scopeOf(c, q.regionCode);
        return c.json(await collectionPlan(c.var.deps.database.db, { ...scope, year: q.year, paid: q.paid, q: q.q, page: q.page, pageSize: q.pageSize }), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'contributions:view' },
        createRoute({
          method: 'get',
          path: '/contributions/plan.xlsx',
          tags: ['contributions'],
          summary: 'The collection plan as an Excel file to take door to door (same filters, no paging; ID numbers masked unless idNumbers=full), with a signature column and a total row',
          request: {
            query: z.object({ regionCode: RegionCodeParam.optional(), year: z.coerce.number().int().min(1990).max(2100), paid: z.enum(['yes', 'no']).optional(), q: z.string().max(40).optional(), ...IdNumbersQuery }),
          },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const ids = await idNumberColumn(c, `${q.year}年度缴费征收计划`, q);
        const scope = await scopeOf(c, q.regionCode);
        const plan = await collectionPlan(c.var.deps.database.db, { ...scope, year: q.year, paid: q.paid, q: q.q, page: 1, pageSize: PLAN_EXPORT_MAX });
        const idNumber = await ids.reveal('resident', plan.items.map((r) => r.residentId));
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet(`${q.year}年度缴费征收计划`);
        sheet.columns = [
          { header: '村（居）', key: 'villageName', width: 12 },
          { header: '户号', key: 'householdNo', width: 10 },
          { header: '姓名', key: 'name', width: 10 },
          { header: '身份证号码', key: 'idNumber', width: 22 },
          { header: '出生日期', key: 'birthDate', width: 12 },
          { header: '参保身份', key: 'identity', width: 14 },
          { header: '本年度', key: 'state', width: 8 },
          { header: '档次（元）', key: 'tier', width: 11 },
          { header: '记账金额（元）', key: 'totalCredited', width: 13 },
          { header: '缴费日期', key: 'paidOn', width: 12 },
          { header: '本人签名', key: 'signature', width: 14 },
        ];
        sheet.getRow(1).font = { bold: true };
        for (const r of plan.items) {
          sheet.addRow({
            ...r,
            idNumber: idNumber(r.residentId, r.idNumberMasked),
            identity: ENROLMENT_IDENTITY_LABELS[r.identity as EnrolmentIdentity]?.['zh-CN'] ?? r.identity,
            state: r.contributionId === null ? '未缴' : '已缴',
            tier: r.tier === null ? null : yuan(r.tier),
            totalCredited: r.totalCredited === null ? null : yuan(r.totalCredited),
          });
        }
        for (const key of ['tier', 'totalCredited']) sheet.getColumn(key).numFmt = '#,##0.00';
        const total = sheet.addRow({
          villageName: `合计：应缴 ${plan.summary.people} 人，已缴 ${plan.summary.paid} 人${plan.total > plan.items.length ? `（仅列出前 ${plan.items.length} 人，共 ${plan.total} 人）` : ''}`,
          totalCredited: yuan(plan.summary.collected),
        });
        total.font = { bold: true };
        return sendWorkbook(c, workbook, `collection-plan-${q.year}.xlsx`, `${q.year}年度缴费征收计划.xlsx`);
      },
    )
    .openapi(
      secured(
        { permission: 'contributions:view' },
        createRoute({
          method: 'get',
          path: '/contributions',
          tags: ['contributions'],
          summary: 'The collection ledger (征缴台账): payments in the region, newest first, with totals by source of the posted ones',
          request: { query: z.object({ ...ListQuery, ...Paging }) },
          responses: {
            200: { description: 'Payments', content: { 'application/json': { schema: z.object({ items: z.array(ContributionSchema), total: z.number().int(), totals: TotalsSchema }) } } },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const scope = await scopeOf(c, q.regionCode);
        return c.json(await listContributions(c.var.deps.database.db, { ...scope, year: q.year, status: q.status, q: q.q, page: q.page, pageSize: q.pageSize }), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'contributions:view' },
        createRoute({
          method: 'get',
          path: '/contributions/export.xlsx',
          tags: ['contributions'],
          summary: 'The collection ledger as an Excel file (same filters, no paging; ID numbers masked unless idNumbers=full), with a total row',
          request: { query: z.object({ ...ListQuery, ...IdNumbersQuery }) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const ids = await idNumberColumn(c, '征缴台账', q);
        const scope = await scopeOf(c, q.regionCode);
        const rows = await exportContributions(c.var.deps.database.db, { ...scope, year: q.year, status: q.status, q: q.q });
        const idNumber = await ids.reveal('resident', rows.map((r) => r.residentId));
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('征缴台账');
        sheet.columns = [
          { header: '编号', key: 'id', width: 8 },
          { header: '村（居）', key: 'villageName', width: 12 },
          { header: '姓名', key: 'name', width: 10 },
          { header: '身份证号码', key: 'idNumber', width: 22 },
          { header: '年度', key: 'year', width: 7 },
          { header: '类型', key: 'kind', width: 7 },
          { header: '参保身份', key: 'identity', width: 12 },
          { header: '档次（元）', key: 'tier', width: 11 },
          { header: '个人缴费', key: 'individual', width: 11 },
          { header: '政府代缴', key: 'hardshipPayment', width: 11 },
          { header: '政府补贴', key: 'governmentSubsidy', width: 11 },
          { header: '集体补助', key: 'collectiveSubsidy', width: 11 },
          { header: '社会资助', key: 'sponsorship', width: 11 },
          { header: '记账合计', key: 'totalCredited', width: 12 },
          { header: '缴费日期', key: 'paidOn', width: 12 },
          { header: '方式', key: 'channel', width: 8 },
          { header: '票据号', key: 'receiptNo', width: 14 },
          { header: '状态', key: 'status', width: 8 },
        ];
        sheet.getRow(1).font = { bold: true };
        const money = ['tier', 'individual', 'hardshipPayment', 'governmentSubsidy', 'collectiveSubsidy', 'sponsorship', 'totalCredited'] as const;
        const sums = Object.fromEntries(money.map((k) => [k, 0])) as Record<(typeof money)[number], number>;
        for (const r of rows) {
          const row: Record<string, unknown> = {
            ...r,
            idNumber: idNumber(r.residentId, r.idNumberMasked),
            kind: r.kind === 'yearly' ? '当年' : '补缴',
            identity: ENROLMENT_IDENTITY_LABELS[r.identity as EnrolmentIdentity]?.['zh-CN'] ?? r.identity,
            channel: { cash: '现金', bank: '银行代扣', counter: '柜台' }[r.channel],
            status: r.status === 'posted' ? '已入账' : '已冲正',
          };
          for (const k of money) {
            row[k] = yuan(r[k]);
            if (r.status === 'posted') sums[k] += r[k];
          }
          sheet.addRow(row);
        }
        const total = sheet.addRow({ villageName: '合计（已入账）', ...Object.fromEntries(money.map((k) => [k, yuan(sums[k])])) });
        total.font = { bold: true };
        for (const k of money) sheet.getColumn(k).numFmt = '#,##0.00';
        sheet.views = [{ state: 'frozen', ySplit: 1 }];
        return sendWorkbook(c, workbook, 'contributions.xlsx', '征缴台账.xlsx');
      },
    )
    .openapi(
      secured(
        { permission: 'contributions:collect' },
        createRoute({
          method: 'post',
          path: '/contributions',
          tags: ['contributions'],
          summary: "Record one person's premium for a year; it is split by source and posted to the account in the same transaction",
          request: {
            body: {
              required: true,
              content: {
                'application/json': {
                  schema: z
                    .object({
                      residentId: z.number().int().positive(),
                      year: z.number().int().min(1990).max(2100).optional(),
                      kind: z.enum(['yearly', 'backPay']).optional(),
                      tier: z.string().max(20).openapi({ example: '500.00' }),
                      paidOn: z.string().max(10).optional(),
                      channel: z.enum(CHANNELS),
                      receiptNo: z.string().max(30).optional().openapi({ description: 'required for cash' }),
                      bankReference: z.string().max(40).optional(),
                      collectiveSubsidy: z.string().max(20).optional(),
                      sponsorship: z.string().max(20).optional(),
                    })
                    .strict(),
                },
              },
            },
          },
          responses: {
            200: {
              description: 'Recorded',
              content: { 'application/json': { schema: z.object({ contribution: ContributionSchema, explanation: z.array(z.any()) }) } },
            },
            409: { description: 'Already paid, not paying, receipt used', content: errorResponses[400].content },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const ctx = collectContext(c);
        const result = await recordContribution(c.var.deps.database.db, ctx, c.req.valid('json'));
        return c.json(result as unknown as { contribution: z.infer<typeof ContributionSchema>; explanation: unknown[] }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'contributions:reverse' },
        createRoute({
          method: 'post',
          path: '/contributions/{id}/reverse',
          tags: ['contributions'],
          summary: 'Reverse a payment recorded in error: negative entries in the account, the year may be paid again',
          request: {
            params: z.object({ id: z.coerce.number().int().positive() }),
            body: { required: true, content: { 'application/json': { schema: z.object({ reason: z.string().max(200) }).strict() } } },
          },
          responses: { 200: { description: 'Reversed', content: { 'application/json': { schema: ContributionSchema } } }, 409: { description: 'Already reversed', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        const result = await reverseContribution(
          c.var.deps.database.db,
          { ...auditActor(c), userId: user.id },
          {
            countyCode: countyCodeOf(user.regionCode),
            scopePrefix: regionScopePrefix(user.regionCode),
            today: chinaToday(),
            parameters: c.var.deps.parameters.forCounty(countyCodeOf(user.regionCode)).parameters,
          },
          c.req.valid('param').id,
          c.req.valid('json').reason,
        );
        return c.json(result, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'contributions:view' },
        createRoute({
          method: 'get',
          path: '/residents/{id}/account',
          tags: ['contributions'],
          summary: "A resident's individual account (对账单): balance by source, ledger entries and contributions",
          request: { params: z.object({ id: z.coerce.number().int().positive() }) },
          responses: {
            200: {
              description: 'Account',
              content: {
                'application/json': {
                  schema: z.object({
                    residentId: z.number().int(),
                    balances: z.object(Object.fromEntries(ACCOUNT_SOURCES.map((s) => [s, Fen])) as Record<(typeof ACCOUNT_SOURCES)[number], typeof Fen>),
                    total: Fen,
                    entries: z.array(
                      z.object({ id: z.number().int(), postedOn: z.string(), kind: z.string(), source: z.string(), amount: Fen, year: z.number().int().nullable(), contributionId: z.number().int().nullable() }),
                    ),
                    contributions: z.array(ContributionSchema),
                  }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        const countyCode = countyCodeOf(user.regionCode);
        const resident = await getResident(c.var.deps.database.db, countyCode, c.req.valid('param').id);
        await assertRecordInScope(c, resident.villageCode);
        return c.json(await accountStatement(c.var.deps.database.db, countyCode, resident.id), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'contributions:view' },
        createRoute({
          method: 'get',
          path: '/residents/{id}/account/statement.pdf',
          tags: ['contributions'],
          summary: 'The account statement (个人账户对账单) as a printable A4 PDF',
          request: { params: z.object({ id: z.coerce.number().int().positive() }) },
          responses: pdfResponses,
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        const { db } = c.var.deps.database;
        const countyCode = countyCodeOf(user.regionCode);
        const resident = await getResident(db, countyCode, c.req.valid('param').id);
        await assertRecordInScope(c, resident.villageCode);
        const [statement, enrolment, county] = await Promise.all([
          accountStatement(db, countyCode, resident.id),
          enrolmentsOf(db, countyCode, [resident.id]),
          getRegion(db, `${countyCode}000000`),
        ]);
        const e = enrolment.get(resident.id);
        const pdf = await statementPdf(
          c.var.deps.config.cjkFont,
          {
            name: resident.name,
            idNumberMasked: resident.idNumberMasked,
            villageName: resident.villageName,
            householdNo: resident.householdNo,
            countyName: county.name,
            identity: e?.identity ?? null,
            firstMonth: e?.firstMonth ?? null,
          },
          statement,
          chinaToday(),
        );
        return sendPdf(c, pdf, `statement-${resident.id}.pdf`, `个人账户对账单-${resident.name}.pdf`);
      },
    );
}
