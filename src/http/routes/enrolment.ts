import { createRoute, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import { errorMessage } from '../../errors/messages.js';
import {
  countyConfirm,
  exportApplications,
  getApplication,
  IMPORT_TEMPLATE_HEADERS,
  importApplications,
  listApplications,
  RELATIONS,
  submitApplication,
  townshipReview,
  type SubmitContext,
} from '../../modules/enrolment/applications.js';
import { countyCodeOf, ENROLMENT_IDENTITIES, ENROLMENT_IDENTITY_LABELS, regionScopePrefix, type EnrolmentIdentity } from '../../rules/index.js';
import { assertInScope, assertRecordInScope, secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { sendWorkbook, uploadedFile } from '../files.js';
import { idNumberColumn, IdNumbersQuery } from '../id-numbers.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { errorResponses, newRouter, Paging, xlsxResponses } from '../router.js';
import { RegionCodeParam } from './schemas.js';

const STATUSES = ['submitted', 'township_approved', 'confirmed', 'rejected'] as const;
const STATUS_TEXT: Record<(typeof STATUSES)[number], string> = { submitted: '待乡镇审核', township_approved: '待县级确认', confirmed: '已确认', rejected: '已退回' };

const ApplicationSummarySchema = z
  .object({
    id: z.number().int(),
    status: z.enum(STATUSES),
    idNumberMasked: z.string(),
    name: z.string(),
    sex: z.enum(['M', 'F']),
    birthDate: z.string(),
    villageCode: z.string(),
    villageName: z.string(),
    identity: z.string(),
    applicationDate: z.string(),
    batchId: z.number().int().nullable(),
    rejectedStage: z.enum(['township', 'county']).nullable(),
    rejectReason: z.string().nullable(),
    ageConfirmed: z.boolean().openapi({ description: 'born before 1900 or older than 120 on the application day, confirmed by the submitter' }),
  })
  .openapi('EnrolmentApplicationSummary');

const ApplicationDetailSchema = ApplicationSummarySchema.extend({
  ethnicity: z.string(),
  householdNo: z.string().nullable(),
  relation: z.string(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  firstMonth: z.string(),
  bankAccountMasked: z.string().nullable(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string(),
  townshipBy: z.string().nullable(),
  townshipAt: z.string().nullable(),
  countyBy: z.string().nullable(),
  countyAt: z.string().nullable(),
  residentId: z.number().int().nullable(),
}).openapi('EnrolmentApplication');

const ApplicationInputSchema = z
  .object({
    idNumber: z.string().max(30).openapi({ example: '370783195003150019' }),
    name: z.string().max(40).openapi({ example: '王建国' }),
    sex: z.enum(['M', 'F']).optional(),
    birthDate: z.string().max(10).optional().openapi({ example: '1950-03-15' }),
    ethnicity: z.string().max(20).optional().openapi({ example: '汉族' }),
    villageCode: z.string().max(12).openapi({ example: '370783001001' }),
    householdNo: z.string().max(30).optional().openapi({ description: 'an existing household of the village; empty: a new household' }),
    relation: z.string().max(10).openapi({ example: '户主', description: RELATIONS.join(' / ') }),
    phone: z.string().max(20).optional(),
    address: z.string().max(200).optional(),
    identity: z.enum(ENROLMENT_IDENTITIES).optional(),
    cardNumber: z.string().max(30).optional(),
    bankAccount: z.string().max(40).optional(),
    firstMonth: z.string().max(7).optional().openapi({ example: '2026-11' }),
    notFullTimeStudent: z.boolean(),
    noOtherStatePension: z.boolean(),
    confirmImplausibleAge: z
      .boolean()
      .optional()
      .openapi({ description: 'the ID document was checked: needed when the person was born before 1900 or is older than 120 (else ENROL_AGE_IMPLAUSIBLE); the application is flagged' }),
  })
  .strict()
  .openapi('EnrolmentApplicationInput');

const DecisionSchema = z
  .object({
    ids: z.array(z.number().int().positive()).min(1).max(1000),
    approve: z.boolean(),
    reason: z.string().max(200).optional().openapi({ description: 'required when approve is false' }),
  })
  .strict();
const DecisionResultSchema = z.object({
  approved: z.number().int(),
  rejected: z.number().int(),
  residentsCreated: z.number().int().optional(),
  householdsCreated: z.number().int().optional(),
});

function submitContext(c: AppContext): SubmitContext {
  const user = currentUser(c);
  return {
    actor: auditActor(c),
    scopePrefix: regionScopePrefix(user.regionCode),
    countyCode: countyCodeOf(user.regionCode),
    parameters: c.var.deps.parameters.forCounty(countyCodeOf(user.regionCode)).parameters,
    today: chinaToday(),
  };
}

function decisionOf(body: z.infer<typeof DecisionSchema>) {
  return body.approve ? ({ approve: true } as const) : ({ approve: false, reason: body.reason ?? '' } as const);
}

export function enrolmentRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'enrolment:view' },
        createRoute({
          method: 'get',
          path: '/enrolment/applications',
          tags: ['enrolment'],
          summary: "Enrolment applications in the user's region (or a region below it), newest first, with counts by status",
          request: {
            query: z.object({
              regionCode: RegionCodeParam.optional(),
              status: z.enum(STATUSES).optional(),
              q: z.string().max(40).optional().openapi({ description: 'name, or the start of an ID number' }),
              batchId: z.coerce.number().int().positive().optional(),
              ...Paging,
            }),
          },
          responses: {
            200: {
              description: 'Applications',
              content: {
                'application/json': {
                  schema: z.object({ items: z.array(ApplicationSummarySchema), total: z.number().int(), byStatus: z.record(z.enum(STATUSES), z.number().int()) }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const query = c.req.valid('query');
        const user = currentUser(c);
        const regionCode = query.regionCode ?? user.regionCode;
        await assertInScope(c, regionCode);
        const result = await listApplications(c.var.deps.database.db, {
          countyCode: countyCodeOf(user.regionCode),
          scopePrefix: regionScopePrefix(regionCode),
          status: query.status,
          q: query.q,
          batchId: query.batchId,
          page: query.page,
          pageSize: query.pageSize,
        });
        return c.json(result, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'enrolment:submit' },
        createRoute({
          method: 'get',
          path: '/enrolment/applications/template.xlsx',
          tags: ['enrolment'],
          summary: 'The Excel template for a batch of enrolment applications',
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('参保登记');
        sheet.addRow(IMPORT_TEMPLATE_HEADERS);
        sheet.getRow(1).font = { bold: true };
        sheet.columns.forEach((col, i) => (col.width = i === 0 ? 22 : i === 9 ? 30 : 14));
        const village = user.regionLevel === 'village' ? user.regionCode : '';
        sheet.addRow(['370783195003150019', '王建国', '男', '1950-03-15', '汉族', village || '370783001001', '', '户主', '13800000000', '', '普通', '', '', '是', '']);
        // Every column as text: an ID, card or household number typed into a General cell loses digits, a date
        // typed as a date is read as that date anyway.
        for (let col = 1; col <= IMPORT_TEMPLATE_HEADERS.length; col++) sheet.getColumn(col).numFmt = '@';
        const notes = workbook.addWorksheet('填写说明');
        for (const line of [
          ['列', '说明'],
          ['身份证号码', '18 位（旧 15 位号码会自动升位）；必须填写'],
          ['性别、出生日期', '可不填；填写时须与身份证号码一致'],
          ['村代码', '12 位村（居）代码；只能填写本辖区的村'],
          ['户号', '已有户的户号；不填则确认时新立一户'],
          ['与户主关系', RELATIONS.join('、')],
          ['参保身份', '普通、一级残疾、二级残疾、三级残疾、特困人员、贫困人口、低保对象、计划生育特别扶助、其他'],
          ['参保年月', '年-月，如 2026-11；不填为登记当月'],
          ['非在校学生且未参加其他养老保险', '本人声明，填“是”方可登记'],
          ['出生日期', '不能晚于今天'],
          ['年龄核实', '1900 年以前出生或超过 120 周岁的，核对身份证件后填“是”方可登记（登记将标记为“年龄已核实”）；其他人不填'],
          ['', '整个文件全部无误才会导入；同一文件不会重复导入'],
        ]) {
          notes.addRow(line);
        }
        notes.getColumn(1).width = 30;
        notes.getColumn(2).width = 80;
        return sendWorkbook(c, workbook, 'enrolment-template.xlsx', '参保登记模板.xlsx');
      },
    )
    .openapi(
      secured(
        { permission: 'enrolment:view' },
        createRoute({
          method: 'get',
          path: '/enrolment/applications/export.xlsx',
          tags: ['enrolment'],
          summary: 'The applications of the list (same filters, no paging) as an Excel file; ID numbers masked unless idNumbers=full',
          request: {
            query: z.object({
              regionCode: RegionCodeParam.optional(),
              status: z.enum(STATUSES).optional(),
              q: z.string().max(40).optional(),
              batchId: z.coerce.number().int().positive().optional(),
              ...IdNumbersQuery,
            }),
          },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const query = c.req.valid('query');
        const ids = await idNumberColumn(c, '参保登记申请', query);
        const user = currentUser(c);
        const regionCode = query.regionCode ?? user.regionCode;
        await assertInScope(c, regionCode);
        const rows = await exportApplications(c.var.deps.database.db, {
          countyCode: countyCodeOf(user.regionCode),
          scopePrefix: regionScopePrefix(regionCode),
          status: query.status,
          q: query.q,
          batchId: query.batchId,
        });
        const idNumber = await ids.reveal('enrolment_application', rows.map((r) => r.id));
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('参保登记申请');
        sheet.columns = [
          { header: '编号', key: 'id', width: 8 },
          { header: '状态', key: 'status', width: 12 },
          { header: '姓名', key: 'name', width: 10 },
          { header: '身份证号码', key: 'idNumber', width: 22 },
          { header: '性别', key: 'sex', width: 6 },
          { header: '出生日期', key: 'birthDate', width: 12 },
          { header: '村（居）', key: 'villageName', width: 14 },
          { header: '村代码', key: 'villageCode', width: 14 },
          { header: '参保身份', key: 'identity', width: 14 },
          { header: '申请日期', key: 'applicationDate', width: 12 },
          { header: '批次', key: 'batchId', width: 8 },
          { header: '退回原因', key: 'rejectReason', width: 24 },
          { header: '年龄已核实', key: 'ageConfirmed', width: 10 },
        ];
        sheet.getRow(1).font = { bold: true };
        for (const r of rows) {
          sheet.addRow({ ...r, idNumber: idNumber(r.id, r.idNumberMasked), status: STATUS_TEXT[r.status], sex: r.sex === 'M' ? '男' : '女', identity: ENROLMENT_IDENTITY_LABELS[r.identity as EnrolmentIdentity]?.['zh-CN'] ?? r.identity, ageConfirmed: r.ageConfirmed ? '是' : '' });
        }
        sheet.views = [{ state: 'frozen', ySplit: 1 }];
        return sendWorkbook(c, workbook, 'enrolment-applications.xlsx', '参保登记申请.xlsx');
      },
    )
    .openapi(
      secured(
        { permission: 'enrolment:view' },
        createRoute({
          method: 'get',
          path: '/enrolment/applications/{id}',
          tags: ['enrolment'],
          summary: 'One application with its review history',
          request: { params: z.object({ id: z.coerce.number().int().positive() }) },
          responses: { 200: { description: 'Application', content: { 'application/json': { schema: ApplicationDetailSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const user = currentUser(c);
        const detail = await getApplication(c.var.deps.database.db, countyCodeOf(user.regionCode), c.req.valid('param').id);
        await assertRecordInScope(c, detail.villageCode);
        return c.json(detail, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'enrolment:submit' },
        createRoute({
          method: 'post',
          path: '/enrolment/applications',
          tags: ['enrolment'],
          summary: 'Submit one enrolment application for a village in the user’s region; every problem is listed in `errors`',
          request: { body: { required: true, content: { 'application/json': { schema: ApplicationInputSchema } } } },
          responses: { 200: { description: 'Submitted', content: { 'application/json': { schema: ApplicationDetailSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const input = c.req.valid('json');
        await assertInScope(c, input.villageCode.length === 12 ? input.villageCode : currentUser(c).regionCode);
        return c.json(await submitApplication(c.var.deps.database.db, submitContext(c), input), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'enrolment:submit' },
        createRoute({
          method: 'post',
          path: '/enrolment/applications/import',
          tags: ['enrolment'],
          summary: 'Submit a batch of applications from a .csv or .xlsx file (see template.xlsx): all rows or none; a file is accepted once',
          request: {
            body: { content: { 'multipart/form-data': { schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }) } } },
          },
          responses: {
            200: {
              description: 'Imported; `warnings` lists rows worth checking (a bank card number failing its Luhn check digit)',
              content: {
                'application/json': {
                  schema: z.object({
                    batchId: z.number().int(),
                    submitted: z.number().int(),
                    warnings: z.array(z.object({ code: z.string(), message: z.string(), row: z.number().int().optional(), field: z.string().optional() })),
                  }),
                },
              },
            },
            409: { description: 'This file was imported before', content: errorResponses[400].content },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const file = await uploadedFile(c);
        const result = await importApplications(c.var.deps.database.db, submitContext(c), file.name, file.data);
        const warnings = result.warnings.map((w) => ({
          code: w.code,
          message: errorMessage(w.code, c.var.lang, { ...w.params, field: w.field }),
          ...(w.row !== undefined ? { row: w.row } : {}),
          ...(w.field !== undefined ? { field: w.field } : {}),
        }));
        return c.json({ batchId: result.batchId, submitted: result.submitted, warnings }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'enrolment:review' },
        createRoute({
          method: 'post',
          path: '/enrolment/applications/review',
          tags: ['enrolment'],
          summary: "Township first review: approve (to the county) or reject (with a reason) submitted applications of the township's villages",
          request: { body: { required: true, content: { 'application/json': { schema: DecisionSchema } } } },
          responses: { 200: { description: 'Decided', content: { 'application/json': { schema: DecisionResultSchema } } }, 409: { description: 'Not at this stage', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => {
        const body = c.req.valid('json');
        const user = currentUser(c);
        const result = await townshipReview(
          c.var.deps.database.db,
          { ...auditActor(c), userId: user.id },
          { countyCode: countyCodeOf(user.regionCode), scopePrefix: regionScopePrefix(user.regionCode) },
          body.ids,
          decisionOf(body),
        );
        return c.json(result, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'enrolment:confirm' },
        createRoute({
          method: 'post',
          path: '/enrolment/applications/confirm',
          tags: ['enrolment'],
          summary: 'County confirmation: approve (adds the person to the registry and opens the enrolment) or reject applications the township approved',
          request: { body: { required: true, content: { 'application/json': { schema: DecisionSchema } } } },
          responses: { 200: { description: 'Decided', content: { 'application/json': { schema: DecisionResultSchema } } }, 409: { description: 'Not at this stage', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => {
        const body = c.req.valid('json');
        const user = currentUser(c);
        const result = await countyConfirm(
          c.var.deps.database.db,
          { ...auditActor(c), userId: user.id },
          { countyCode: countyCodeOf(user.regionCode), scopePrefix: regionScopePrefix(user.regionCode), parameters: submitContext(c).parameters },
          body.ids,
          decisionOf(body),
        );
        return c.json(result, 200);
      },
    );
}
