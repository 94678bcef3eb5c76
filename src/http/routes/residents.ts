import { currentRates } from '../rates.js';
import { deathSettlementOf, registerDeath } from '../../modules/pensions/death.js';
import { pensionOf } from '../../modules/pensions/service.js';
import { createRoute, z } from '@hono/zod-openapi';
import { getResident, listResidents, residentExportPages, updateResidentContact } from '../../modules/registry/service.js';
import { enrolmentsOf, TERMINATION_REASONS, type TerminationReasonCode } from '../../modules/enrolment/service.js';
import { terminateWithPension } from '../../modules/pensions/termination.js';
import { countyCodeOf, ENROLMENT_IDENTITY_LABELS, regionScopePrefix, type EnrolmentIdentity } from '../../rules/index.js';
import { assertInScope, assertRecordInScope, secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { sendXlsx, streamedWorkbook } from '../files.js';
import { idNumberColumn, IdNumbersQuery } from '../id-numbers.js';
import { errorResponses, newRouter, Paging, xlsxResponses } from '../router.js';
import { RegionCodeParam } from './schemas.js';

const ResidentSchema = z
  .object({
    id: z.number().int(),
    idNumberMasked: z.string().openapi({ example: '370783********123X' }),
    name: z.string(),
    sex: z.enum(['M', 'F']),
    birthDate: z.string(),
    villageCode: z.string(),
    villageName: z.string(),
    relation: z.string(),
    householdNo: z.string(),
    enrolment: z
      .object({
        status: z.enum(['normal', 'suspended', 'terminated']),
        paymentStatus: z.enum(['paying', 'paused', 'ended']),
        identity: z.string(),
        firstMonth: z.string(),
        terminatedOn: z.string().nullable(),
        terminationReason: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: 'null: never enrolled' }),
  })
  .openapi('ResidentSummary');

const EnrolmentStateSchema = z
  .object({
    status: z.enum(['normal', 'suspended', 'terminated']),
    paymentStatus: z.enum(['paying', 'paused', 'ended']),
    identity: z.string(),
    firstMonth: z.string(),
    terminatedOn: z.string().nullable(),
    terminationReason: z.string().nullable(),
  })
  .openapi('EnrolmentState');

const ResidentDetailSchema = ResidentSchema.omit({ enrolment: true }).extend({
  countyCode: z.string(),
  ethnicity: z.string(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  household: z.object({ id: z.number().int(), no: z.string(), address: z.string().nullable() }),
  ageConfirmed: z.boolean().openapi({ description: 'born before 1900 or older than 120: the age was confirmed at enrolment' }),
  members: z.array(z.object({ id: z.number().int(), name: z.string(), relation: z.string(), sex: z.enum(['M', 'F']), birthDate: z.string() })),
  enrolment: EnrolmentStateSchema.nullable(),
  pension: z.object({ id: z.number().int(), status: z.enum(['active', 'suspended', 'stopped']), startMonth: z.string(), monthlyPension: z.number().int() }).nullable(),
  death: z.object({ id: z.number().int(), deathDate: z.string(), amountToRecover: z.number().int(), outstanding: z.number().int(), payableToHeirs: z.number().int(), inheritable: z.number().int(), recoveryStatus: z.string() }).nullable().optional(),
}).openapi('ResidentDetail');

const ResidentId = z.object({ id: z.coerce.number().int().positive() });

/** The filters of the resident list, which its export takes too. */
const ResidentQuery = {
  regionCode: RegionCodeParam.optional(),
  q: z.string().max(40).optional().openapi({ description: 'name, or the start of an ID number' }),
  enrolled: z.enum(['yes', 'no']).optional().openapi({ description: 'only residents who are (yes) or are not (no) enrolled' }),
};

/** The export's sheet and file name, as the page is called. */
const RESIDENT_SHEET = '居民档案';
const ENROLMENT_STATUS_TEXT = { normal: '正常参保', suspended: '暂停参保', terminated: '已注销' } as const;
const PAYMENT_STATUS_TEXT = { paying: '正常缴费', paused: '暂停缴费', ended: '终止缴费' } as const;
const TERMINATION_REASON_TEXT: Record<TerminationReasonCode, string> = { death: '死亡', abroad: '出国（境）定居', employee_pension: '参加城镇职工养老保险', other: '其他' };

async function residentInScope(c: AppContext, id: number) {
  const user = currentUser(c);
  const detail = await getResident(c.var.deps.database.db, countyCodeOf(user.regionCode), id);
  await assertRecordInScope(c, detail.villageCode);
  return detail;
}

export function residentRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'residents:view' },
        createRoute({
          method: 'get',
          path: '/residents/export.xlsx',
          tags: ['registry'],
          summary: 'The residents of the list as an Excel file in words (same filters, no paging; township and village names, enrolment state; ID numbers masked unless idNumbers=full), with a total row',
          request: { query: z.object({ ...ResidentQuery, ...IdNumbersQuery }) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const query = c.req.valid('query');
        const ids = await idNumberColumn(c, RESIDENT_SHEET, query);
        const regionCode = query.regionCode ?? currentUser(c).regionCode;
        await assertInScope(c, regionCode);
        // A county's residents run to hundreds of thousands: read a page at a time and write each row out as it comes.
        const { workbook, bytes } = streamedWorkbook();
        const sheet = workbook.addWorksheet(RESIDENT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
        sheet.columns = [
          { header: '乡镇（街道）', key: 'townshipName', width: 14 },
          { header: '村（居）', key: 'villageName', width: 14 },
          { header: '户号', key: 'householdNo', width: 12 },
          { header: '姓名', key: 'name', width: 10 },
          { header: '身份证号码', key: 'idNumber', width: 22 },
          { header: '性别', key: 'sex', width: 6 },
          { header: '出生日期', key: 'birthDate', width: 12 },
          { header: '与户主关系', key: 'relation', width: 10 },
          { header: '参保状态', key: 'status', width: 10 },
          { header: '缴费状态', key: 'paymentStatus', width: 10 },
          { header: '参保身份', key: 'identity', width: 14 },
          { header: '参保年月', key: 'firstMonth', width: 10 },
          { header: '注销日期', key: 'terminatedOn', width: 12 },
          { header: '注销原因', key: 'terminationReason', width: 20 },
        ];
        sheet.getRow(1).font = { bold: true };
        const count = { people: 0, enrolled: 0, terminated: 0 };
        for await (const page of residentExportPages(c.var.deps.database.db, { scopePrefix: regionScopePrefix(regionCode), q: query.q, enrolled: query.enrolled })) {
          const idNumber = await ids.cells('resident', page.map((r) => r.id));
          for (const r of page) {
            const e = r.enrolment;
            count.people += 1;
            if (e) count[e.status === 'terminated' ? 'terminated' : 'enrolled'] += 1;
            sheet
              .addRow({
                ...r,
                idNumber: idNumber(r.id, r.idNumberMasked),
                sex: r.sex === 'M' ? '男' : '女',
                status: e ? ENROLMENT_STATUS_TEXT[e.status] : '未参保',
                paymentStatus: e && e.status !== 'terminated' ? PAYMENT_STATUS_TEXT[e.paymentStatus] : '',
                identity: e ? (ENROLMENT_IDENTITY_LABELS[e.identity as EnrolmentIdentity]?.['zh-CN'] ?? e.identity) : '',
                firstMonth: e?.firstMonth ?? '',
                terminatedOn: e?.terminatedOn ?? '',
                terminationReason: e?.terminationReason ? (TERMINATION_REASON_TEXT[e.terminationReason as TerminationReasonCode] ?? e.terminationReason) : '',
              })
              .commit();
          }
        }
        const total = sheet.addRow({
          townshipName: `合计 ${count.people} 人：已参保 ${count.enrolled} 人，已注销 ${count.terminated} 人，从未参保 ${count.people - count.enrolled - count.terminated} 人`,
        });
        total.font = { bold: true };
        total.commit();
        sheet.commit();
        const file = await bytes();
        await ids.record(count.people);
        return sendXlsx(c, file, 'residents.xlsx', `${RESIDENT_SHEET}.xlsx`);
      },
    )
    .openapi(
      secured(
        { permission: 'residents:view' },
        createRoute({
          method: 'get',
          path: '/residents/{id}',
          tags: ['registry'],
          summary: 'One resident: registry data, household members and enrolment',
          request: { params: ResidentId },
          responses: { 200: { description: 'Resident', content: { 'application/json': { schema: ResidentDetailSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const detail = await residentInScope(c, c.req.valid('param').id);
        const [enrolments, pension, death] = await Promise.all([
          enrolmentsOf(c.var.deps.database.db, detail.countyCode, [detail.id]),
          pensionOf(c.var.deps.database.db, detail.countyCode, detail.id, currentRates(c, detail.countyCode)),
          deathSettlementOf(c.var.deps.database.db, detail.countyCode, detail.id),
        ]);
        return c.json({ ...detail, enrolment: enrolments.get(detail.id) ?? null, pension, death: death && { id: death.id, deathDate: death.deathDate, amountToRecover: death.amountToRecover, outstanding: death.outstanding, payableToHeirs: death.payableToHeirs, inheritable: death.inheritable, recoveryStatus: death.recoveryStatus } }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'residents:edit' },
        createRoute({
          method: 'patch',
          path: '/residents/{id}/contact',
          tags: ['registry'],
          summary: 'Change phone, address or ethnicity (name, birth date and ID number need a reviewed change)',
          request: {
            params: ResidentId,
            body: {
              required: true,
              content: {
                'application/json': {
                  schema: z.object({ phone: z.string().max(20).nullable().optional(), address: z.string().max(200).nullable().optional(), ethnicity: z.string().max(20).optional() }).strict(),
                },
              },
            },
          },
          responses: { 200: { description: 'Changed', content: { 'application/json': { schema: ResidentDetailSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const { id } = c.req.valid('param');
        const before = await residentInScope(c, id);
        await updateResidentContact(c.var.deps.database.db, auditActor(c), before.countyCode, id, c.req.valid('json'));
        const detail = await getResident(c.var.deps.database.db, before.countyCode, id);
        const [enrolments, pension, death] = await Promise.all([
          enrolmentsOf(c.var.deps.database.db, detail.countyCode, [detail.id]),
          pensionOf(c.var.deps.database.db, detail.countyCode, detail.id, currentRates(c, detail.countyCode)),
          deathSettlementOf(c.var.deps.database.db, detail.countyCode, detail.id),
        ]);
        return c.json({ ...detail, enrolment: enrolments.get(detail.id) ?? null, pension, death: death && { id: death.id, deathDate: death.deathDate, amountToRecover: death.amountToRecover, outstanding: death.outstanding, payableToHeirs: death.payableToHeirs, inheritable: death.inheritable, recoveryStatus: death.recoveryStatus } }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'enrolment:confirm' },
        createRoute({
          method: 'post',
          path: '/residents/{id}/terminate-enrolment',
          tags: ['enrolment'],
          summary: 'End an enrolment (注销): death (which also stops the pension and settles the account, see /deaths), settled abroad, joined the urban employee pension, other',
          request: {
            params: ResidentId,
            body: {
              required: true,
              content: {
                'application/json': {
                  schema: z
                    .object({
                      reason: z.enum(TERMINATION_REASONS),
                      on: z.string().max(10).openapi({ example: '2026-10-03' }),
                      note: z.string().max(200).optional(),
                      otherBenefitFrom: z.string().max(7).optional().openapi({ example: '2026-03', description: 'employee_pension: the first month the employee/institution pension was paid (the resident pension stops from it); default the month of `on`' }),
                    })
                    .strict(),
                },
              },
            },
          },
          responses: { 200: { description: 'Terminated', content: { 'application/json': { schema: ResidentDetailSchema } } }, 409: { description: 'Already terminated', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => {
        const { id } = c.req.valid('param');
        const user = currentUser(c);
        const detail = await residentInScope(c, id);
        const body = c.req.valid('json');
        if (body.reason === 'death') {
          // A death also stops the pension and settles the account (overpayment, inheritance, pool).
          const params = c.var.deps.parameters.forCounty(detail.countyCode).parameters;
          await registerDeath(
            c.var.deps.database.db,
            { ...auditActor(c), userId: user.id },
            { countyCode: detail.countyCode, scopePrefix: regionScopePrefix(user.regionCode), parameters: params },
            id,
            { deathDate: body.on, note: body.note },
            chinaToday(),
          );
        } else {
          // Also stops a pension: from the month the employee pension began (and settles the dual benefit), else from the next month.
          const params = c.var.deps.parameters.forCounty(detail.countyCode).parameters;
          await terminateWithPension(
            c.var.deps.database.db,
            { ...auditActor(c), userId: user.id },
            { countyCode: detail.countyCode, scopePrefix: regionScopePrefix(user.regionCode), today: chinaToday(), parameters: params },
            id,
            { reason: body.reason, on: body.on, note: body.note, otherBenefitFrom: body.otherBenefitFrom },
          );
        }
        const [enrolments, pension, death] = await Promise.all([
          enrolmentsOf(c.var.deps.database.db, detail.countyCode, [detail.id]),
          pensionOf(c.var.deps.database.db, detail.countyCode, detail.id, currentRates(c, detail.countyCode)),
          deathSettlementOf(c.var.deps.database.db, detail.countyCode, detail.id),
        ]);
        return c.json({ ...detail, enrolment: enrolments.get(detail.id) ?? null, pension, death: death && { id: death.id, deathDate: death.deathDate, amountToRecover: death.amountToRecover, outstanding: death.outstanding, payableToHeirs: death.payableToHeirs, inheritable: death.inheritable, recoveryStatus: death.recoveryStatus } }, 200);
      },
    )
    .openapi(
    secured(
      { permission: 'residents:view' },
      createRoute({
        method: 'get',
        path: '/residents',
        tags: ['registry'],
        summary: "Residents in the user's region (or a region below it), paged; ID numbers masked",
        request: {
          query: z.object({
            ...ResidentQuery,
            ...Paging,
            count: z.enum(['exact']).optional().openapi({ description: 'exact: count every match; by default counting stops past 1,000 (totalExact false)' }),
          }),
        },
        responses: {
          200: {
            description: 'Residents',
            content: {
              'application/json': {
                schema: z.object({
                  items: z.array(ResidentSchema),
                  total: z.number().int(),
                  totalExact: z.boolean().openapi({ description: 'false: there are more than `total` (1,000); ask again with count=exact for the figure' }),
                }),
              },
            },
          },
          ...errorResponses,
        },
      }),
    ),
    async (c) => {
      const query = c.req.valid('query');
      const regionCode = query.regionCode ?? currentUser(c).regionCode;
      await assertInScope(c, regionCode);
      const result = await listResidents(c.var.deps.database.db, {
        scopePrefix: regionScopePrefix(regionCode),
        q: query.q,
        enrolled: query.enrolled,
        page: query.page,
        pageSize: query.pageSize,
        exactCount: query.count === 'exact',
      });
      const enrolments = await enrolmentsOf(c.var.deps.database.db, countyCodeOf(regionCode), result.items.map((r) => r.id));
      return c.json({ ...result, items: result.items.map((r) => ({ ...r, enrolment: enrolments.get(r.id) ?? null })) }, 200);
    },
  );
}
