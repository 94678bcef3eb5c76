import { createRoute, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import { DEFAULT_SCHEME_START } from '../../modules/calculator/calculate.js';
import { publicityPdf, publicityTitle, publicityWorkbook } from '../../modules/publicity/files.js';
import { createPublicities, decideObjection, getPublicity, PUBLICITY_KINDS, recordObjection, summaries, type PublicityScope } from '../../modules/publicity/service.js';
import { getRegion } from '../../modules/regions/service.js';
import { countyCodeOf } from '../../rules/index.js';
import { requestScope, secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { excelYuan, sendPdf, sendWorkbook } from '../files.js';
import { errorResponses, newRouter, Paging, pdfResponses, xlsxResponses } from '../router.js';
import { RegionCodeParam } from './schemas.js';

const Fen = z.number().int().openapi({ description: 'fen' });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ example: '2026-12-01' });
const Kind = z.enum(PUBLICITY_KINDS).openapi({ description: 'contributions: 缴费公示 (period YYYY); awards: 待遇领取公示 (period YYYY-MM, pensions starting by that month); stops: 暂停/终止公示 (period YYYY-MM)' });
const Period = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/).openapi({ example: '2026-12', description: 'YYYY for contributions, YYYY-MM otherwise' });
const Id = z.object({ id: z.coerce.number().int().positive() });

const SummarySchema = z
  .object({
    id: z.number().int(),
    villageCode: z.string(),
    villageName: z.string(),
    townshipName: z.string(),
    kind: Kind,
    period: z.string(),
    postedFrom: z.string(),
    postedTo: z.string(),
    days: z.number().int(),
    state: z.enum(['upcoming', 'posted', 'ended']),
    lineCount: z.number().int(),
    total: Fen.openapi({ description: 'sum of the amounts: premiums paid, or monthly pensions (fen)' }),
    openObjections: z.number().int(),
    objections: z.number().int(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('Publicity');

const ObjectionSchema = z
  .object({
    id: z.number().int(),
    publicityId: z.number().int(),
    lineId: z.number().int(),
    lineNo: z.number().int(),
    name: z.string(),
    raisedBy: z.string(),
    raisedOn: z.string(),
    content: z.string(),
    recordedBy: z.string(),
    recordedAt: z.string(),
    outcome: z.enum(['upheld', 'dismissed']).nullable(),
    outcomeReason: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .openapi('PublicityObjection');

const LineSchema = z.object({
  id: z.number().int(),
  lineNo: z.number().int(),
  residentId: z.number().int(),
  name: z.string(),
  idNumberMasked: z.string(),
  amount: Fen.openapi({ description: 'contributions: the individual premium paid; awards and stops: the monthly pension' }),
  fromMonth: z.string().nullable(),
  detail: z.record(z.string(), z.union([z.string(), z.number()])).openapi({ description: 'contributions: tier, subsidy, collective, credited, paidOn; awards: basicPension, accountPension, contributionYears, birthDate; stops: change, reason' }),
  struck: z.boolean().openapi({ description: 'an objection to this line was upheld' }),
});

const DetailSchema = SummarySchema.extend({ contact: z.string(), lines: z.array(LineSchema), objectionList: z.array(ObjectionSchema) }).openapi('PublicityDetail');

const ListQuery = { regionCode: RegionCodeParam.optional(), kind: Kind.optional(), period: Period.optional(), state: z.enum(['posted', 'ended']).optional() };

async function scopeOf(c: AppContext, regionCode: string | undefined): Promise<PublicityScope> {
  const scope = await requestScope(c, regionCode);
  const library = c.var.deps.parameters.forCounty(scope.countyCode);
  return { ...scope, parameters: library.parameters, schemeStartDate: library.schemeStartDate ?? DEFAULT_SCHEME_START, today: chinaToday() };
}

/** The caller's own region: a record outside it is "not found". */
function ownScope(c: AppContext): Promise<PublicityScope> {
  return scopeOf(c, undefined);
}

const actorOf = (c: AppContext) => ({ ...auditActor(c), userId: currentUser(c).id });
const KIND_NAME: Record<(typeof PUBLICITY_KINDS)[number], string> = { contributions: '缴费公示', awards: '待遇领取公示', stops: '暂停终止公示' };
const STATE_NAME = { upcoming: '未开始', posted: '公示中', ended: '已期满' } as const;

export function publicityRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'publicity:view' },
        createRoute({
          method: 'get',
          path: '/publicity',
          tags: ['publicity'],
          summary: '村级公示: the publicities of the region, newest first, with their open objections',
          request: { query: z.object({ ...ListQuery, ...Paging }) },
          responses: {
            200: {
              description: 'Publicities',
              content: { 'application/json': { schema: z.object({ items: z.array(SummarySchema), total: z.number().int(), summary: z.object({ lists: z.number().int(), lines: z.number().int(), openObjections: z.number().int() }) }) } },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const scope = await scopeOf(c, q.regionCode);
        return c.json(await summaries(c.var.deps.database.db, scope, { kind: q.kind, period: q.period, state: q.state, page: q.page, pageSize: q.pageSize }), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'publicity:view' },
        createRoute({
          method: 'get',
          path: '/publicity/export',
          tags: ['publicity'],
          summary: 'The list of publicities as an Excel file (same filters, no paging)',
          request: { query: z.object(ListQuery) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const scope = await scopeOf(c, q.regionCode);
        const { items } = await summaries(c.var.deps.database.db, scope, { kind: q.kind, period: q.period, state: q.state });
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('村级公示');
        sheet.columns = [
          { header: '编号', key: 'id', width: 8 },
          { header: '乡镇（街道）', key: 'townshipName', width: 14 },
          { header: '村（居）', key: 'villageName', width: 12 },
          { header: '公示类别', key: 'kind', width: 14 },
          { header: '期间', key: 'period', width: 10 },
          { header: '张贴日期', key: 'postedFrom', width: 12 },
          { header: '公示截止', key: 'postedTo', width: 12 },
          { header: '状态', key: 'state', width: 8 },
          { header: '人数', key: 'lineCount', width: 8 },
          { header: '金额合计', key: 'total', width: 14 },
          { header: '未处理异议', key: 'openObjections', width: 10 },
        ];
        for (const p of items) sheet.addRow({ ...p, kind: KIND_NAME[p.kind], state: STATE_NAME[p.state], total: excelYuan(p.total) });
        sheet.getColumn('total').numFmt = '#,##0.00';
        sheet.getRow(1).font = { bold: true };
        return sendWorkbook(c, workbook, 'publicity.xlsx', '村级公示.xlsx');
      },
    )
    .openapi(
      secured(
        { permission: 'publicity:manage' },
        createRoute({
          method: 'post',
          path: '/publicity',
          tags: ['publicity'],
          summary: 'Post a publicity of the kind and period in the village, or in every village of the township or county asked (only people not yet on a list of that kind and period); period of the dated parameter publicityDays',
          request: {
            body: {
              required: true,
              content: { 'application/json': { schema: z.object({ kind: Kind, period: Period, regionCode: RegionCodeParam.optional(), postedFrom: IsoDate.optional().openapi({ description: 'the first day on the board (default today)' }) }).strict() } },
            },
          },
          responses: { 201: { description: 'The publicities posted, one per village', content: { 'application/json': { schema: z.object({ items: z.array(SummarySchema) }) } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const body = c.req.valid('json');
        const scope = await scopeOf(c, body.regionCode);
        const items = await createPublicities(c.var.deps.database.db, actorOf(c), scope, { kind: body.kind, period: body.period, postedFrom: body.postedFrom });
        return c.json({ items }, 201);
      },
    )
    .openapi(
      secured(
        { permission: 'publicity:view' },
        createRoute({
          method: 'get',
          path: '/publicity/{id}',
          tags: ['publicity'],
          summary: 'One publicity with its lines and objections',
          request: { params: Id },
          responses: { 200: { description: 'Publicity', content: { 'application/json': { schema: DetailSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => c.json((await getPublicity(c.var.deps.database.db, await ownScope(c), c.req.valid('param').id)) as z.infer<typeof DetailSchema>, 200),
    )
    .openapi(
      secured(
        { permission: 'publicity:view' },
        createRoute({
          method: 'get',
          path: '/publicity/{id}/board.pdf',
          tags: ['publicity'],
          summary: 'The publicity for the village board as a printable PDF: A4 portrait (default) or A3 landscape',
          request: { params: Id, query: z.object({ size: z.enum(['A4', 'A3']).optional() }) },
          responses: pdfResponses,
        }),
      ),
      async (c) => {
        const { db } = c.var.deps.database;
        const p = await getPublicity(db, await ownScope(c), c.req.valid('param').id);
        const county = await getRegion(db, `${countyCodeOf(p.villageCode)}000000`);
        const pdf = await publicityPdf(c.var.deps.config.cjkFont, p, { countyName: county.name, townshipName: p.townshipName }, c.req.valid('query').size ?? 'A4');
        return sendPdf(c, pdf, `publicity-${p.id}.pdf`, `${publicityTitle(p)}.pdf`);
      },
    )
    .openapi(
      secured(
        { permission: 'publicity:view' },
        createRoute({
          method: 'get',
          path: '/publicity/{id}/export',
          tags: ['publicity'],
          summary: 'The lines of one publicity as an Excel file, with the title, the days posted and the totals',
          request: { params: Id },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const p = await getPublicity(c.var.deps.database.db, await ownScope(c), c.req.valid('param').id);
        return sendWorkbook(c, publicityWorkbook(p), `publicity-${p.id}.xlsx`, `${publicityTitle(p)}.xlsx`);
      },
    )
    .openapi(
      secured(
        { permission: 'publicity:manage' },
        createRoute({
          method: 'post',
          path: '/publicity/{id}/objections',
          tags: ['publicity'],
          summary: '异议: record a villager\'s objection to a line of the publicity (who raised it, the day, what they said)',
          request: {
            params: Id,
            body: {
              required: true,
              content: {
                'application/json': {
                  schema: z.object({ lineId: z.number().int().positive(), raisedBy: z.string().trim().min(1).max(40), raisedOn: IsoDate, content: z.string().trim().min(1).max(500) }).strict(),
                },
              },
            },
          },
          responses: { 201: { description: 'The objection', content: { 'application/json': { schema: ObjectionSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => c.json(await recordObjection(c.var.deps.database.db, actorOf(c), await ownScope(c), c.req.valid('param').id, c.req.valid('json')), 201),
    )
    .openapi(
      secured(
        { permission: 'publicity:manage' },
        createRoute({
          method: 'post',
          path: '/publicity/objections/{id}/decision',
          tags: ['publicity'],
          summary: 'Decide an objection: upheld (the line no longer stands; the award waits for a new publicity) or dismissed, with the reason',
          request: {
            params: Id,
            body: { required: true, content: { 'application/json': { schema: z.object({ outcome: z.enum(['upheld', 'dismissed']), reason: z.string().trim().min(1).max(500) }).strict() } } },
          },
          responses: { 200: { description: 'The objection', content: { 'application/json': { schema: ObjectionSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => c.json(await decideObjection(c.var.deps.database.db, actorOf(c), await ownScope(c), c.req.valid('param').id, c.req.valid('json')), 200),
    );
}
