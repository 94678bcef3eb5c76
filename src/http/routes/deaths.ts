import { createRoute, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import { restoreExplanation } from '../../modules/explanations/render.js';
import { getDeathSettlement, listDeathSettlements, recordRecovery, type DeathSettlementDetail } from '../../modules/pensions/death.js';
import { countyCodeOf, regionScopePrefix } from '../../rules/index.js';
import { assertRecordInScope, requestScope, secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { excelYuan, sendWorkbook } from '../files.js';
import { idNumberColumn, IdNumbersQuery } from '../id-numbers.js';
import { errorResponses, newRouter, Paging, xlsxResponses } from '../router.js';
import { RegionCodeParam } from './schemas.js';

const Fen = z.number().int().openapi({ description: 'fen' });
const RECOVERY = ['none', 'open', 'recovered'] as const;

const DeathSchema = z
  .object({
    id: z.number().int(),
    residentId: z.number().int(),
    name: z.string(),
    idNumberMasked: z.string(),
    villageCode: z.string(),
    villageName: z.string(),
    pensionId: z.number().int().nullable(),
    deathDate: z.string(),
    lastPayableMonth: z.string(),
    overpaidMonths: z.number().int(),
    basicToRecover: Fen,
    accountToRecover: Fen,
    amountToRecover: Fen,
    balance: Fen,
    inheritable: Fen,
    returnedToPool: Fen,
    funeralGrant: Fen,
    recovered: Fen,
    outstanding: Fen,
    arrearsMonths: z.number().int().openapi({ description: 'months up to the death no payment covered' }),
    arrearsToHeirs: Fen.openapi({ description: 'what those months pay, to the heirs' }),
    payableToHeirs: Fen,
    recoveryStatus: z.enum(RECOVERY),
    settledBy: z.string().nullable(),
    settledAt: z.string(),
  })
  .openapi('DeathSettlement');
const DeathDetailSchema = DeathSchema.extend({ inheritableBySource: z.record(z.string(), Fen), returnedBySource: z.record(z.string(), Fen), explanation: z.array(z.any()) });

const scopeOf = requestScope;

async function inScope(c: AppContext, id: number): Promise<DeathSettlementDetail> {
  const countyCode = countyCodeOf(currentUser(c).regionCode);
  const d = await getDeathSettlement(c.var.deps.database.db, { countyCode, scopePrefix: countyCode }, id);
  await assertRecordInScope(c, d.villageCode);
  return { ...d, explanation: restoreExplanation(d.explanation, c.var.deps.parameters.forCounty(countyCode).parameters) };
}

export function deathRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/deaths/export.xlsx',
          tags: ['pensions'],
          summary: 'The death settlements as an Excel file (same filters, no paging; ID numbers masked unless idNumbers=full), with a total row',
          request: { query: z.object({ regionCode: RegionCodeParam.optional(), status: z.enum(RECOVERY).optional(), q: z.string().max(40).optional(), ...IdNumbersQuery }) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const ids = await idNumberColumn(c, '死亡结算', q);
        const scope = await scopeOf(c, q.regionCode);
        const list = await listDeathSettlements(c.var.deps.database.db, { ...scope, status: q.status, q: q.q, page: 1, pageSize: 100_000 });
        const idNumber = await ids.reveal('resident', list.items.map((r) => r.residentId));
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('死亡结算');
        sheet.columns = [
          { header: '村（居）', key: 'villageName', width: 12 },
          { header: '姓名', key: 'name', width: 10 },
          { header: '身份证号码', key: 'idNumber', width: 22 },
          { header: '死亡日期', key: 'deathDate', width: 12 },
          { header: '多发月数', key: 'overpaidMonths', width: 9 },
          { header: '应追回（元）', key: 'amountToRecover', width: 12 },
          { header: '已追回（元）', key: 'recovered', width: 12 },
          { header: '尚未追回（元）', key: 'outstanding', width: 13 },
          { header: '账户余额（元）', key: 'balance', width: 13 },
          { header: '可继承（元）', key: 'inheritable', width: 12 },
          { header: '退回统筹（元）', key: 'returnedToPool', width: 13 },
          { header: '丧葬补助金（元）', key: 'funeralGrant', width: 14 },
          { header: '应付继承人（元）', key: 'payableToHeirs', width: 14 },
          { header: '追回状态', key: 'recoveryStatus', width: 9 },
          { header: '结算人', key: 'settledBy', width: 10 },
        ];
        sheet.getRow(1).font = { bold: true };
        const money = ['amountToRecover', 'recovered', 'outstanding', 'balance', 'inheritable', 'returnedToPool', 'funeralGrant', 'payableToHeirs'] as const;
        const status = { none: '无需追回', open: '待追回', recovered: '已追回' } as const;
        for (const r of list.items) {
          const row: Record<string, unknown> = { ...r, idNumber: idNumber(r.residentId, r.idNumberMasked), recoveryStatus: status[r.recoveryStatus] };
          for (const k of money) row[k] = excelYuan(r[k]);
          sheet.addRow(row);
        }
        for (const k of money) sheet.getColumn(k).numFmt = '#,##0.00';
        const total = sheet.addRow({ villageName: `合计 ${list.summary.count} 人`, outstanding: excelYuan(list.summary.outstanding), inheritable: excelYuan(list.summary.inheritable), returnedToPool: excelYuan(list.summary.returnedToPool) });
        total.font = { bold: true };
        return sendWorkbook(c, workbook, 'deaths.xlsx', '死亡结算.xlsx');
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/deaths',
          tags: ['pensions'],
          summary: 'Death settlements (死亡终止结算) in the region, newest first, with the amount still to recover',
          request: { query: z.object({ regionCode: RegionCodeParam.optional(), status: z.enum(RECOVERY).optional(), q: z.string().max(40).optional(), ...Paging }) },
          responses: {
            200: {
              description: 'Settlements',
              content: {
                'application/json': {
                  schema: z.object({ items: z.array(DeathSchema), total: z.number().int(), summary: z.object({ count: z.number().int(), outstanding: Fen, inheritable: Fen, returnedToPool: Fen }) }),
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
        return c.json(await listDeathSettlements(c.var.deps.database.db, { ...scope, status: q.status, q: q.q, page: q.page, pageSize: q.pageSize }), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'pensions:view' },
        createRoute({
          method: 'get',
          path: '/deaths/{id}',
          tags: ['pensions'],
          summary: 'One death settlement with the account by source and the explanation',
          request: { params: z.object({ id: z.coerce.number().int().positive() }) },
          responses: { 200: { description: 'Settlement', content: { 'application/json': { schema: DeathDetailSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => c.json((await inScope(c, c.req.valid('param').id)) as unknown as z.infer<typeof DeathDetailSchema>, 200),
    )
    .openapi(
      secured(
        { permission: 'pensions:recover' },
        createRoute({
          method: 'post',
          path: '/deaths/{id}/recover',
          tags: ['pensions'],
          summary: 'Record money recovered from the heirs for a pension paid after death',
          request: {
            params: z.object({ id: z.coerce.number().int().positive() }),
            body: {
              required: true,
              content: {
                'application/json': {
                  schema: z.object({ amount: z.string().max(20).openapi({ example: '123.00' }), receivedOn: z.string().max(10), receiptNo: z.string().max(30).optional() }).strict(),
                },
              },
            },
          },
          responses: { 200: { description: 'Recorded', content: { 'application/json': { schema: DeathDetailSchema } } }, 409: { description: 'More than outstanding', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => {
        const d = await inScope(c, c.req.valid('param').id);
        const user = currentUser(c);
        const countyCode = countyCodeOf(user.regionCode);
        const result = await recordRecovery(c.var.deps.database.db, { ...auditActor(c), userId: user.id }, { countyCode, scopePrefix: countyCode }, d.id, c.req.valid('json'), chinaToday());
        return c.json(result as unknown as z.infer<typeof DeathDetailSchema>, 200);
      },
    );
}
