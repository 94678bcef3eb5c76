import { currentRates } from '../rates.js';
import { createRoute, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import { DEFAULT_SCHEME_START } from '../../modules/calculator/calculate.js';
import { requestLocale } from '../locale.js';
import { awardPdf } from '../../modules/pensions/award-pdf.js';
import { duplicatePensions, stopDuplicate } from '../../modules/pensions/duplicates.js';
import { resumeAfterImprisonment, suspendForImprisonment } from '../../modules/pensions/suspension.js';
import { AppError } from '../../errors/app-error.js';
import { certificationList, certificationsOf, recordCertifications, suspendOverdue } from '../../modules/pensions/certification.js';
import { awardPensions, dueForAward, exportPensions, getPension, listPensions, nextMonthOf, type DueRow, type PensionScope } from '../../modules/pensions/service.js';
import { getRegion } from '../../modules/regions/service.js';
import { countyCodeOf, formatYuan, regionScopePrefix } from '../../rules/index.js';
import { assertRecordInScope, requestScope, secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { sendPdf, sendWorkbook } from '../files.js';
import { idNumberColumn, IdNumbersQuery } from '../id-numbers.js';
import { errorResponses, newRouter, Paging, pdfResponses, xlsxResponses } from '../router.js';
import { RegionCodeParam } from './schemas.js';

const Fen = z.number().int().openapi({ description: 'fen' });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: '2026-12', description: 'YYYY-MM' });
const STATUSES = ['active', 'suspended', 'stopped'] as const;
const CATEGORIES = ['noContribution', 'transitional', 'standard'] as const;
const Q = z.string().max(40).optional().openapi({ description: 'name, or the start of an ID number' });

const DueSchema = z
  .object({
    residentId: z.number().int(),
    name: z.string(),
    idNumberMasked: z.string(),
    sex: z.enum(['M', 'F']),
    birthDate: z.string(),
    villageCode: z.string(),
    villageName: z.string(),
    pensionAgeDate: z.string(),
    startMonth: z.string(),
    category: z.enum(CATEGORIES),
    contributionYears: z.number().int(),
    accountBalance: Fen,
    basicPension: Fen,
    accountPension: Fen,
    monthlyPension: Fen,
    eligible: z.boolean(),
    backPayRequired: z.number().int(),
    conditionsMetOn: z.string().nullable().openapi({ description: 'the day every condition (age, enrolment, contribution obligation) was met; the pension starts the month after' }),
    reason: z.object({ 'zh-CN': z.string(), en: z.string() }).openapi({ description: 'why the person is or is not eligible, in words' }),
    publicity: z
      .object({ state: z.enum(['none', 'posted', 'ended', 'objection', 'upheld']), publicityId: z.number().int().nullable(), postedFrom: z.string().nullable(), postedTo: z.string().nullable() })
      .openapi({ description: '待遇领取公示: none, posted (period not ended), ended, objection (not decided), upheld (struck; publish again)' }),
  })
  .openapi('PensionDue');

const PensionSchema = z
  .object({
    id: z.number().int(),
    residentId: z.number().int(),
    name: z.string(),
    idNumberMasked: z.string(),
    sex: z.enum(['M', 'F']),
    birthDate: z.string(),
    villageCode: z.string(),
    villageName: z.string(),
    status: z.enum(STATUSES),
    startMonth: z.string(),
    contributionYears: z.number().int(),
    centralBasicPension: Fen,
    localBasicPensionTopUp: Fen,
    longContributionExtra: Fen,
    basicPension: Fen,
    accountBalance: Fen,
    accountPension: Fen,
    monthlyPension: Fen,
    awardedBy: z.string().nullable(),
    awardedAt: z.string(),
    currentMonthlyPension: Fen.openapi({ description: 'what the pension pays a month now: basic pension in force this month + account pension' }),
    lastCertifiedOn: z.string(),
    suspendedFrom: z.string().nullable(),
    suspensionReason: z.enum(['certification', 'imprisonment']).nullable().openapi({ description: 'certification: paid back on resumption; imprisonment: not paid back' }),
  })
  .openapi('Pension');

const DueQuery = {
  regionCode: RegionCodeParam.optional(),
  month: Month.optional().openapi({ description: 'pensions starting in or before this month; default next month' }),
  q: Q,
  eligible: z.enum(['yes', 'no']).optional(),
};
const ListQuery = { regionCode: RegionCodeParam.optional(), status: z.enum(STATUSES).optional(), startMonth: Month.optional(), q: Q };

async function scopeOf(c: AppContext, regionCode: string | undefined): Promise<PensionScope> {
  const scope = await requestScope(c, regionCode);
  const library = c.var.deps.parameters.forCounty(scope.countyCode);
  return { ...scope, parameters: library.parameters, schemeStartDate: library.schemeStartDate ?? DEFAULT_SCHEME_START };
}

const yuan = (fen: number) => Number(formatYuan(fen, 'zh-CN').replace(/,/g, ''));
const CATEGORY_LABEL: Record<DueRow['category'], string> = { noContribution: '不缴费', transitional: '中人（可补缴）', standard: '满15年' };
const STATUS_LABEL: Record<(typeof STATUSES)[number], string> = { active: '正常', suspended: '暂停', stopped: '终止' };

function moneyColumns(sheet: ExcelJS.Worksheet, keys: readonly string[]) {
  for (const k of keys) sheet.getColumn(k).numFmt = '#,##0.00';
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

export function pensionRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/pensions/due',
          tags: ['pensions'],
          summary: '到龄待核定名单: enrolled people without a pension whose pension would start by the month, with the amounts the engine awards',
          request: { query: z.object({ ...DueQuery, ...Paging }) },
          responses: {
            200: {
              description: 'Due list',
              content: {
                'application/json': {
                  schema: z.object({
                    month: Month,
                    items: z.array(DueSchema),
                    total: z.number().int(),
                    summary: z.object({ people: z.number().int(), eligible: z.number().int(), monthlyTotal: Fen }),
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
        const month = q.month ?? nextMonthOf(chinaToday());
        const due = await dueForAward(c.var.deps.database.db, scope, { month, q: q.q, eligible: q.eligible });
        const start = (q.page - 1) * q.pageSize;
        return c.json({ month, items: due.items.slice(start, start + q.pageSize), total: due.items.length, summary: due.summary }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/pensions/due/export',
          tags: ['pensions'],
          summary: 'The list due for award as an Excel file (same filters, no paging; ID numbers masked unless idNumbers=full)',
          request: { query: z.object({ ...DueQuery, ...IdNumbersQuery }) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const month = q.month ?? nextMonthOf(chinaToday());
        const ids = await idNumberColumn(c, `到龄待核定 ${month}`, q);
        const scope = await scopeOf(c, q.regionCode);
        const due = await dueForAward(c.var.deps.database.db, scope, { month, q: q.q, eligible: q.eligible });
        const idNumber = await ids.reveal('resident', due.items.map((r) => r.residentId));
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet(`到龄待核定 ${month}`);
        sheet.columns = [
          { header: '村（居）', key: 'villageName', width: 12 },
          { header: '姓名', key: 'name', width: 10 },
          { header: '身份证号码', key: 'idNumber', width: 22 },
          { header: '性别', key: 'sex', width: 6 },
          { header: '出生日期', key: 'birthDate', width: 12 },
          { header: '年满60周岁', key: 'pensionAgeDate', width: 12 },
          { header: '起领年月', key: 'startMonth', width: 10 },
          { header: '参保类别', key: 'category', width: 14 },
          { header: '缴费年限', key: 'contributionYears', width: 9 },
          { header: '账户储存额', key: 'accountBalance', width: 12 },
          { header: '基础养老金', key: 'basicPension', width: 11 },
          { header: '账户养老金', key: 'accountPension', width: 11 },
          { header: '月养老金', key: 'monthlyPension', width: 11 },
          { header: '状态', key: 'state', width: 14 },
          { header: '条件具备日', key: 'conditionsMetOn', width: 12 },
          { header: '说明', key: 'why', width: 80 },
        ];
        for (const r of due.items) {
          sheet.addRow({
            ...r,
            idNumber: idNumber(r.residentId, r.idNumberMasked),
            sex: r.sex === 'M' ? '男' : '女',
            category: CATEGORY_LABEL[r.category],
            accountBalance: yuan(r.accountBalance),
            basicPension: yuan(r.basicPension),
            accountPension: yuan(r.accountPension),
            monthlyPension: yuan(r.monthlyPension),
            state: r.eligible ? '可核定' : r.backPayRequired > 0 ? `需补缴 ${r.backPayRequired} 年` : '未到起领月份',
            conditionsMetOn: r.conditionsMetOn ?? '',
            why: r.reason['zh-CN'],
          });
        }
        const total = sheet.addRow({ villageName: `合计 ${due.summary.people} 人，可核定 ${due.summary.eligible} 人`, monthlyPension: yuan(due.summary.monthlyTotal) });
        total.font = { bold: true };
        moneyColumns(sheet, ['accountBalance', 'basicPension', 'accountPension', 'monthlyPension']);
        return sendWorkbook(c, workbook, `pensions-due-${month}.xlsx`, `到龄待核定名单-${month}.xlsx`);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:award' },
        createRoute({
          method: 'post',
          path: '/pensions/award',
          tags: ['pensions'],
          summary: 'Award the pension to the listed people due by the month (all eligible ones when residentIds is omitted); the others are refused with the reason',
          request: {
            body: {
              required: true,
              content: {
                'application/json': {
                  schema: z
                    .object({
                      month: Month,
                      regionCode: RegionCodeParam.optional(),
                      residentIds: z.array(z.number().int().positive()).min(1).max(5000).optional(),
                    })
                    .strict(),
                },
              },
            },
          },
          responses: {
            200: {
              description: 'Outcome',
              content: {
                'application/json': {
                  schema: z.object({
                    awarded: z.number().int(),
                    monthlyTotal: Fen,
                    pensionIds: z.array(z.number().int()),
                    refused: z.array(z.object({ residentId: z.number().int(), name: z.string(), code: z.string(), message: z.string() })),
                  }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const body = c.req.valid('json');
        const scope = await scopeOf(c, body.regionCode);
        const user = currentUser(c);
        const outcome = await awardPensions(c.var.deps.database.db, { ...auditActor(c), userId: user.id }, scope, { month: body.month, residentIds: body.residentIds }, c.var.lang);
        return c.json(outcome, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/pensions',
          tags: ['pensions'],
          summary: '领取人员名册: pensions in the region, newest award first, with the count and monthly total of the active ones',
          request: { query: z.object({ ...ListQuery, ...Paging }) },
          responses: {
            200: {
              description: 'Pensions',
              content: {
                'application/json': {
                  schema: z.object({ items: z.array(PensionSchema), total: z.number().int(), summary: z.object({ count: z.number().int(), monthlyTotal: Fen }) }),
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
        return c.json(await listPensions(c.var.deps.database.db, { ...scope, status: q.status, startMonth: q.startMonth, q: q.q, page: q.page, pageSize: q.pageSize }, currentRates(c)), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/pensions/export',
          tags: ['pensions'],
          summary: 'The roll of pensioners as an Excel file (same filters, no paging; ID numbers masked unless idNumbers=full), with a total row',
          request: { query: z.object({ ...ListQuery, ...IdNumbersQuery }) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const ids = await idNumberColumn(c, '领取人员名册', q);
        const scope = await scopeOf(c, q.regionCode);
        const rows = await exportPensions(c.var.deps.database.db, { ...scope, status: q.status, startMonth: q.startMonth, q: q.q }, currentRates(c));
        const idNumber = await ids.reveal('resident', rows.map((r) => r.residentId));
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('领取人员名册');
        sheet.columns = [
          { header: '编号', key: 'id', width: 8 },
          { header: '村（居）', key: 'villageName', width: 12 },
          { header: '姓名', key: 'name', width: 10 },
          { header: '身份证号码', key: 'idNumber', width: 22 },
          { header: '性别', key: 'sex', width: 6 },
          { header: '起领年月', key: 'startMonth', width: 10 },
          { header: '缴费年限', key: 'contributionYears', width: 9 },
          { header: '中央基础养老金', key: 'centralBasicPension', width: 13 },
          { header: '地方提高', key: 'localBasicPensionTopUp', width: 10 },
          { header: '长缴费加发', key: 'longContributionExtra', width: 11 },
          { header: '基础养老金', key: 'basicPension', width: 11 },
          { header: '账户储存额', key: 'accountBalance', width: 12 },
          { header: '账户养老金', key: 'accountPension', width: 11 },
          { header: '核定月养老金', key: 'monthlyPension', width: 12 },
          { header: '当前月养老金', key: 'currentMonthlyPension', width: 12 },
          { header: '状态', key: 'status', width: 7 },
        ];
        const money = ['centralBasicPension', 'localBasicPensionTopUp', 'longContributionExtra', 'basicPension', 'accountBalance', 'accountPension', 'monthlyPension', 'currentMonthlyPension'] as const;
        let activeTotal = 0;
        for (const r of rows) {
          const row: Record<string, unknown> = { ...r, idNumber: idNumber(r.residentId, r.idNumberMasked), sex: r.sex === 'M' ? '男' : '女', status: STATUS_LABEL[r.status] };
          for (const k of money) row[k] = yuan(r[k]);
          if (r.status === 'active') activeTotal += r.currentMonthlyPension;
          sheet.addRow(row);
        }
        const total = sheet.addRow({ villageName: '合计（正常领取，按当月标准）', currentMonthlyPension: yuan(activeTotal) });
        total.font = { bold: true };
        moneyColumns(sheet, money);
        return sendWorkbook(c, workbook, 'pensions.xlsx', '领取人员名册.xlsx');
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/pensions/certification/export.xlsx',
          tags: ['pensions'],
          summary: '资格认证 list as an Excel file (same filters, no paging; ID numbers masked unless idNumbers=full), to visit or call those overdue',
          request: {
            query: z.object({
              regionCode: RegionCodeParam.optional(),
              state: z.enum(['overdue', 'dueSoon', 'suspended', 'current']).optional(),
              q: Q,
              asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
              ...IdNumbersQuery,
            }),
          },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const ids = await idNumberColumn(c, '资格认证', q);
        const scope = await scopeOf(c, q.regionCode);
        const asOf = q.asOf ?? chinaToday();
        const list = await certificationList(c.var.deps.database.db, scope, asOf, { state: q.state, q: q.q, page: 1, pageSize: 200_000 });
        const idNumber = await ids.reveal('resident', list.items.map((r) => r.residentId));
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('资格认证');
        sheet.columns = [
          { header: '村（居）', key: 'villageName', width: 12 },
          { header: '姓名', key: 'name', width: 10 },
          { header: '身份证号码', key: 'idNumber', width: 22 },
          { header: '认证状态', key: 'state', width: 10 },
          { header: '上次认证', key: 'lastCertifiedOn', width: 12 },
          { header: '应认证日期', key: 'dueDate', width: 12 },
          { header: '暂停起始月', key: 'suspendedFrom', width: 11 },
          { header: '月养老金（元）', key: 'monthlyPension', width: 13 },
          { header: '认证方式及日期（入户填写）', key: 'visit', width: 26 },
        ];
        sheet.getRow(1).font = { bold: true };
        const stateWords = { overdue: '已逾期', dueSoon: '30 天内到期', suspended: '已暂停', current: '正常' } as const;
        for (const r of list.items) sheet.addRow({ ...r, idNumber: idNumber(r.residentId, r.idNumberMasked), state: stateWords[r.state], monthlyPension: yuan(r.monthlyPension) });
        moneyColumns(sheet, ['monthlyPension']);
        const s = list.summary;
        sheet.addRow({ villageName: `截至 ${asOf}：已逾期 ${s.overdue} 人，30 天内到期 ${s.dueSoon} 人，已暂停 ${s.suspended} 人，正常 ${s.current} 人` }).font = { bold: true };
        return sendWorkbook(c, workbook, 'certification.xlsx', `资格认证-${asOf}.xlsx`);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/pensions/certification',
          tags: ['pensions'],
          summary: '资格认证: pensioners by certification state (overdue, due within 30 days, suspended, current), due date first',
          request: {
            query: z.object({
              regionCode: RegionCodeParam.optional(),
              state: z.enum(['overdue', 'dueSoon', 'suspended', 'current']).optional(),
              q: Q,
              asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().openapi({ description: 'default today (China)' }),
              ...Paging,
            }),
          },
          responses: {
            200: {
              description: 'Certification list',
              content: {
                'application/json': {
                  schema: z.object({
                    asOf: z.string(),
                    items: z.array(
                      z.object({
                        pensionId: z.number().int(),
                        residentId: z.number().int(),
                        name: z.string(),
                        idNumberMasked: z.string(),
                        villageCode: z.string(),
                        villageName: z.string(),
                        status: z.enum(STATUSES),
                        monthlyPension: Fen,
                        lastCertifiedOn: z.string(),
                        dueDate: z.string(),
                        state: z.enum(['overdue', 'dueSoon', 'suspended', 'current']),
                        suspendedFrom: z.string().nullable(),
                      }),
                    ),
                    total: z.number().int(),
                    summary: z.object({ overdue: z.number().int(), dueSoon: z.number().int(), suspended: z.number().int(), current: z.number().int() }),
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
        const asOf = q.asOf ?? chinaToday();
        return c.json({ asOf, ...(await certificationList(c.var.deps.database.db, scope, asOf, { state: q.state, q: q.q, page: q.page, pageSize: q.pageSize })) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:certify' },
        createRoute({
          method: 'post',
          path: '/pensions/certify',
          tags: ['pensions'],
          summary: 'Record a certification (data comparison, face recognition, home visit) of pensioners; a suspended pension resumes and the next payroll pays its suspended months back',
          request: {
            body: {
              required: true,
              content: {
                'application/json': {
                  schema: z
                    .object({
                      pensionIds: z.array(z.number().int().positive()).min(1).max(500),
                      certifiedOn: z.string().max(10).optional().openapi({ description: 'default today' }),
                      method: z.enum(['data', 'face', 'visit', 'other']),
                      note: z.string().max(200).optional(),
                    })
                    .strict(),
                },
              },
            },
          },
          responses: {
            200: {
              description: 'Recorded',
              content: {
                'application/json': {
                  schema: z.object({ recorded: z.number().int(), resumed: z.number().int(), refused: z.array(z.object({ pensionId: z.number().int(), name: z.string(), code: z.string(), message: z.string() })) }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const body = c.req.valid('json');
        const user = currentUser(c);
        const scope = await scopeOf(c, undefined);
        const today = chinaToday();
        return c.json(await recordCertifications(c.var.deps.database.db, { ...auditActor(c), userId: user.id }, scope, { ...body, certifiedOn: body.certifiedOn ?? today }, today, c.var.lang), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:award' },
        createRoute({
          method: 'post',
          path: '/pensions/suspend-overdue',
          tags: ['pensions'],
          summary: 'Suspend every active pension in the region whose certification was due before the date (default today), from the month after the due month',
          request: { body: { required: true, content: { 'application/json': { schema: z.object({ regionCode: RegionCodeParam.optional() }).strict() } } } },
          responses: { 200: { description: 'Suspended', content: { 'application/json': { schema: z.object({ suspended: z.number().int() }) } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const scope = await scopeOf(c, c.req.valid('json').regionCode);
        const user = currentUser(c);
        return c.json(await suspendOverdue(c.var.deps.database.db, { ...auditActor(c), userId: user.id }, scope, chinaToday()), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/pensions/duplicates',
          tags: ['pensions'],
          summary: '重复领取: pensions of the region that another county of the database also pays, with the one to keep (the first awarded)',
          request: { query: z.object({ regionCode: RegionCodeParam.optional() }) },
          responses: {
            200: {
              description: 'Duplicates',
              content: {
                'application/json': {
                  schema: z.object({
                    items: z.array(
                      z.object({
                        pensionId: z.number().int(),
                        residentId: z.number().int(),
                        name: z.string(),
                        idNumberMasked: z.string(),
                        villageName: z.string(),
                        status: z.string(),
                        startMonth: z.string(),
                        awardedAt: z.string(),
                        otherCountyCode: z.string(),
                        otherCountyName: z.string(),
                        otherStatus: z.string(),
                        otherStartMonth: z.string(),
                        otherAwardedAt: z.string(),
                        keep: z.enum(['this', 'other']),
                      }),
                    ),
                  }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const scope = await scopeOf(c, c.req.valid('query').regionCode);
        return c.json({ items: await duplicatePensions(c.var.deps.database.db, scope) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:award' },
        createRoute({
          method: 'post',
          path: '/pensions/{id}/stop-duplicate',
          tags: ['pensions'],
          summary: '重复领取: stop this pension because another county pays the one kept; its basic pension is recovered and the account refunded less subsidies (人社部发〔2014〕17号)',
          request: { params: z.object({ id: z.coerce.number().int().positive() }) },
          responses: { 200: { description: 'Stopped', content: { 'application/json': { schema: z.object({ settlementId: z.number().int().nullable() }) } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const { id } = c.req.valid('param');
        const user = currentUser(c);
        const scope = { ...(await scopeOf(c, undefined)), today: chinaToday() };
        return c.json({ settlementId: await stopDuplicate(c.var.deps.database.db, { ...auditActor(c), userId: user.id }, scope, id) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:award' },
        createRoute({
          method: 'post',
          path: '/pensions/{id}/imprisonment',
          tags: ['pensions'],
          summary: '服刑: suspend the pension from the month the sentence began (unsent payroll lines withdrawn); or, with resumeFrom, resume it after release — the months inside are not paid back (dated parameter imprisonmentBackPay)',
          request: {
            params: z.object({ id: z.coerce.number().int().positive() }),
            body: {
              required: true,
              content: {
                'application/json': {
                  schema: z
                    .object({
                      fromMonth: z.string().max(7).optional().openapi({ example: '2026-08', description: 'suspend: the month the sentence began' }),
                      resumeFrom: z.string().max(7).optional().openapi({ example: '2027-02', description: 'resume: the month after release' }),
                      note: z.string().max(200).optional(),
                    })
                    .strict(),
                },
              },
            },
          },
          responses: { 200: { description: 'Done', content: { 'application/json': { schema: z.object({ ok: z.literal(true), skippedMonths: z.number().int() }) } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        const user = currentUser(c);
        const scope = { ...(await scopeOf(c, undefined)), today: chinaToday() };
        const actor = { ...auditActor(c), userId: user.id };
        if (body.resumeFrom !== undefined) {
          const { skippedMonths } = await resumeAfterImprisonment(c.var.deps.database.db, actor, scope, id, { fromMonth: body.resumeFrom });
          return c.json({ ok: true as const, skippedMonths }, 200);
        }
        if (body.fromMonth === undefined) throw new AppError('DATE_FORMAT', 400, { field: 'fromMonth', params: { field: 'fromMonth', value: '' } });
        await suspendForImprisonment(c.var.deps.database.db, actor, scope, id, { fromMonth: body.fromMonth, note: body.note });
        return c.json({ ok: true as const, skippedMonths: 0 }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/pensions/{id}/certifications',
          tags: ['pensions'],
          summary: 'The certifications of one pension, newest first',
          request: { params: z.object({ id: z.coerce.number().int().positive() }) },
          responses: {
            200: {
              description: 'Certifications',
              content: {
                'application/json': {
                  schema: z.object({
                    items: z.array(z.object({ id: z.number().int(), certifiedOn: z.string(), method: z.string(), note: z.string().nullable(), resumedFrom: z.string().nullable(), recordedBy: z.string().nullable() })),
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
        const pension = await getPension(c.var.deps.database.db, { countyCode, scopePrefix: countyCode }, c.req.valid('param').id, currentRates(c));
        await assertRecordInScope(c, pension.villageCode);
        return c.json({ items: await certificationsOf(c.var.deps.database.db, countyCode, pension.id) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/pensions/{id}',
          tags: ['pensions'],
          summary: 'One pension with its account at award by source and the explanation of every amount',
          request: { params: z.object({ id: z.coerce.number().int().positive() }) },
          responses: {
            200: {
              description: 'Pension',
              content: {
                'application/json': {
                  schema: PensionSchema.extend({
                    pensionAgeDate: z.string(),
                    category: z.enum(CATEGORIES),
                    balancesAtAward: z.record(z.string(), Fen),
                    accountPensionBySource: z.record(z.string(), Fen),
                    explanation: z.array(z.any()),
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
        const pension = await getPension(c.var.deps.database.db, { countyCode, scopePrefix: countyCode }, c.req.valid('param').id, currentRates(c));
        await assertRecordInScope(c, pension.villageCode);
        return c.json(pension as unknown as z.infer<typeof PensionSchema> & { pensionAgeDate: string; category: (typeof CATEGORIES)[number]; balancesAtAward: Record<string, number>; accountPensionBySource: Record<string, number>; explanation: unknown[] }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/pensions/{id}/award.pdf',
          tags: ['pensions'],
          summary: 'The award form (待遇核定表) as a printable A4 PDF, in the language of `lang` or Accept-Language (zh-CN by default)',
          request: { params: z.object({ id: z.coerce.number().int().positive() }), query: z.object({ lang: z.enum(['zh-CN', 'en']).optional() }) },
          responses: pdfResponses,
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        const { db } = c.var.deps.database;
        const countyCode = countyCodeOf(user.regionCode);
        const [pension, county] = await Promise.all([getPension(db, { countyCode, scopePrefix: countyCode }, c.req.valid('param').id, currentRates(c)), getRegion(db, `${countyCode}000000`)]);
        await assertRecordInScope(c, pension.villageCode);
        const pdf = await awardPdf(c.var.deps.config.cjkFont, pension, county.name, chinaToday(), requestLocale(c));
        return sendPdf(c, pdf, `pension-award-${pension.id}.pdf`, `待遇核定表-${pension.name}.pdf`);
      },
    );
}
