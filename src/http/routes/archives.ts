import { createRoute, z } from '@hono/zod-openapi';
import {
  addDocument,
  ARCHIVE_CATEGORIES,
  archiveExportPages,
  getArchive,
  lendRecord,
  listArchives,
  listLoans,
  readDocument,
  returnLoan,
  type ArchiveScope,
} from '../../modules/archives/service.js';
import { recordAudit } from '../../modules/audit/service.js';
import type { ArchiveCategory } from '../../db/schema.js';
import { requestScope, secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { sendXlsx, streamedWorkbook, uploadedFile } from '../files.js';
import { errorResponses, newRouter, Paging, xlsxResponses } from '../router.js';
import { RegionCodeParam } from './schemas.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ example: '2026-12-01' });
const Id = z.object({ id: z.coerce.number().int().positive() });
const Category = z.enum(ARCHIVE_CATEGORIES).openapi({ description: 'enrolment 参保登记 (CB), award 待遇核定 (DY), change 变更 (BG), death 死亡 (SW), payroll 待遇发放 (FF)' });

const RecordSchema = z
  .object({
    id: z.number().int(),
    fileNo: z.string().openapi({ description: 'county-year-category-sequence, e.g. 370783-2026-CB-000123' }),
    year: z.number().int(),
    category: Category,
    kind: z.string().openapi({ description: 'enrolment, award, bank_account, suspension, resumption, termination, death, payroll' }),
    title: z.string().openapi({ description: 'title as filed (Chinese)' }),
    filedOn: z.string(),
    sourceKind: z.string(),
    sourceId: z.string(),
    residentId: z.number().int().nullable(),
    name: z.string().nullable(),
    idNumberMasked: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string(),
    townshipName: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    documents: z.number().int(),
    lentTo: z.string().nullable(),
    dueOn: z.string().nullable(),
  })
  .openapi('ArchiveRecord');

const DocumentSchema = z
  .object({ id: z.number().int(), fileName: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string(), uploadedBy: z.string(), uploadedAt: z.string() })
  .openapi('ArchiveDocument');

const LoanSchema = z
  .object({
    id: z.number().int(),
    recordId: z.number().int(),
    fileNo: z.string(),
    title: z.string(),
    borrower: z.string(),
    borrowerUnit: z.string().nullable(),
    purpose: z.string(),
    lentOn: z.string(),
    dueOn: z.string(),
    returnedOn: z.string().nullable(),
    lentBy: z.string(),
    returnedBy: z.string().nullable(),
    overdue: z.boolean(),
  })
  .openapi('ArchiveLoan');

const DetailSchema = RecordSchema.extend({ documentList: z.array(DocumentSchema), loans: z.array(LoanSchema) }).openapi('ArchiveDetail');

const ListQuery = {
  regionCode: RegionCodeParam.optional(),
  q: z.string().max(40).optional().openapi({ description: "the person's name (part), ID number (whole) or its last 4–5 characters" }),
  year: z.coerce.number().int().min(1990).max(2200).optional(),
  category: Category.optional(),
  fileNo: z.string().max(40).optional(),
  residentId: z.coerce.number().int().positive().optional(),
  lent: z.enum(['yes', 'overdue']).optional(),
};

const CATEGORY_TEXT: Record<ArchiveCategory, string> = { enrolment: '参保登记', award: '待遇核定', change: '变更', death: '死亡', payroll: '待遇发放' };

async function scopeOf(c: AppContext, regionCode?: string): Promise<ArchiveScope> {
  return requestScope(c, regionCode);
}
const actorOf = (c: AppContext) => ({ ...auditActor(c), userId: currentUser(c).id });

export function archiveRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'archives:view' },
        createRoute({
          method: 'get',
          path: '/archives',
          tags: ['archives'],
          summary: '档案目录: the archive records of the region, newest first, by person (ID number, name), year, category, file number',
          request: { query: z.object({ ...ListQuery, ...Paging }) },
          responses: {
            200: {
              description: 'Records',
              content: { 'application/json': { schema: z.object({ items: z.array(RecordSchema), total: z.number().int(), byCategory: z.record(z.string(), z.number().int()) }) } },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const scope = await scopeOf(c, q.regionCode);
        return c.json(await listArchives(c.var.deps.database.db, { ...scope, ...q, today: chinaToday() }), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'archives:view' },
        createRoute({
          method: 'get',
          path: '/archives/export.xlsx',
          tags: ['archives'],
          summary: '档案目录 as Excel (the list\'s filters, in file-number order, read a page at a time), with a total row; audited',
          request: { query: z.object(ListQuery) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const scope = await scopeOf(c, q.regionCode);
        const { workbook, bytes } = streamedWorkbook();
        const sheet = workbook.addWorksheet('档案目录', { views: [{ state: 'frozen', ySplit: 1 }] });
        sheet.columns = [
          { header: '档案号', key: 'fileNo', width: 24 },
          { header: '年度', key: 'year', width: 7 },
          { header: '类别', key: 'category', width: 10 },
          { header: '题名', key: 'title', width: 40 },
          { header: '归档日期', key: 'filedOn', width: 12 },
          { header: '姓名', key: 'name', width: 10 },
          { header: '身份证号码', key: 'idNumberMasked', width: 22 },
          { header: '乡镇（街道）', key: 'townshipName', width: 14 },
          { header: '村（居）', key: 'regionName', width: 14 },
          { header: '扫描件', key: 'documents', width: 8 },
          { header: '借阅状态', key: 'lent', width: 22 },
        ];
        sheet.getRow(1).font = { bold: true };
        let count = 0;
        for await (const page of archiveExportPages(c.var.deps.database.db, { ...scope, ...q, today: chinaToday() })) {
          for (const r of page) {
            count += 1;
            sheet.addRow({ ...r, category: CATEGORY_TEXT[r.category], name: r.name ?? '', idNumberMasked: r.idNumberMasked ?? '', townshipName: r.townshipName ?? '', lent: r.lentTo ? `借出：${r.lentTo}，应还 ${r.dueOn}` : '在库' }).commit();
          }
        }
        const total = sheet.addRow({ fileNo: `合计 ${count} 件` });
        total.font = { bold: true };
        total.commit();
        sheet.commit();
        const file = await bytes();
        await recordAudit(c.var.deps.database.db, auditActor(c), { action: 'archive.export', entity: 'archive_record', entityId: null, regionCode: q.regionCode ?? currentUser(c).regionCode, after: { filters: q, rows: count } });
        return sendXlsx(c, file, 'archives.xlsx', '档案目录.xlsx');
      },
    )
    .openapi(
      secured(
        { permission: 'archives:view' },
        createRoute({
          method: 'get',
          path: '/archives/loans',
          tags: ['archives'],
          summary: '借阅登记: the borrowing register of the region, loans still out first (overdue ones flagged)',
          request: { query: z.object({ regionCode: RegionCodeParam.optional(), state: z.enum(['out', 'overdue', 'returned']).optional(), q: z.string().max(40).optional(), ...Paging }) },
          responses: {
            200: { description: 'Loans', content: { 'application/json': { schema: z.object({ items: z.array(LoanSchema), total: z.number().int(), out: z.number().int(), overdue: z.number().int() }) } } },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const scope = await scopeOf(c, q.regionCode);
        return c.json(await listLoans(c.var.deps.database.db, { ...scope, ...q, today: chinaToday() }), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'archives:manage' },
        createRoute({
          method: 'post',
          path: '/archives/loans',
          tags: ['archives'],
          summary: 'Lend a record (借出): 409 ARCHIVE_ON_LOAN while it is out, also for two requests at once; audited',
          request: {
            body: {
              required: true,
              content: {
                'application/json': {
                  schema: z
                    .object({
                      recordId: z.number().int().positive(),
                      borrower: z.string().trim().min(1).max(40),
                      borrowerUnit: z.string().trim().max(60).optional(),
                      purpose: z.string().trim().min(1).max(200),
                      lentOn: IsoDate.optional().openapi({ description: 'default today; not after today' }),
                      dueOn: IsoDate.openapi({ description: 'due back (may lie ahead)' }),
                    })
                    .strict(),
                },
              },
            },
          },
          responses: { 201: { description: 'The loan', content: { 'application/json': { schema: LoanSchema } } }, 409: { description: 'Already out' }, ...errorResponses },
        }),
      ),
      async (c) => {
        const body = c.req.valid('json');
        const today = chinaToday();
        return c.json(await lendRecord(c.var.deps.database.db, actorOf(c), await scopeOf(c), body.recordId, { ...body, lentOn: body.lentOn ?? today }, today), 201);
      },
    )
    .openapi(
      secured(
        { permission: 'archives:manage' },
        createRoute({
          method: 'post',
          path: '/archives/loans/{id}/return',
          tags: ['archives'],
          summary: 'Record the return of a loan (归还); audited',
          request: { params: Id, body: { required: false, content: { 'application/json': { schema: z.object({ returnedOn: IsoDate.optional() }).strict() } } } },
          responses: { 200: { description: 'The loan', content: { 'application/json': { schema: LoanSchema } } }, 409: { description: 'Already returned' }, ...errorResponses },
        }),
      ),
      async (c) => {
        const today = chinaToday();
        let returnedOn = today;
        try {
          returnedOn = c.req.valid('json').returnedOn ?? today;
        } catch {
          // no body: returned today
        }
        return c.json(await returnLoan(c.var.deps.database.db, actorOf(c), await scopeOf(c), c.req.valid('param').id, returnedOn, today), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'archives:view' },
        createRoute({
          method: 'get',
          path: '/archives/{id}',
          tags: ['archives'],
          summary: 'One archive record with its scanned documents and borrowing history',
          request: { params: Id },
          responses: { 200: { description: 'Record', content: { 'application/json': { schema: DetailSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => c.json((await getArchive(c.var.deps.database.db, await scopeOf(c), c.req.valid('param').id)) as z.infer<typeof DetailSchema>, 200),
    )
    .openapi(
      secured(
        { permission: 'archives:manage' },
        createRoute({
          method: 'post',
          path: '/archives/{id}/documents',
          tags: ['archives'],
          summary: 'Attach a scanned document (multipart `file`: PDF, JPEG or PNG, judged by its content; at most ARCHIVE_MAX_UPLOAD_MB); audited',
          request: { params: Id },
          responses: { 201: { description: 'The document', content: { 'application/json': { schema: DocumentSchema } } }, 413: { description: 'Too large' }, ...errorResponses },
        }),
      ),
      async (c) => {
        const file = await uploadedFile(c);
        const max = c.var.deps.config.archiveMaxUploadMb * 1024 * 1024;
        return c.json(await addDocument(c.var.deps.database.db, actorOf(c), await scopeOf(c), c.req.valid('param').id, file, max), 201);
      },
    )
    .openapi(
      secured(
        { permission: 'archives:view' },
        createRoute({
          method: 'get',
          path: '/archives/{id}/documents/{documentId}',
          tags: ['archives'],
          summary: 'Download a scanned document (its stored type; audited)',
          request: { params: Id.extend({ documentId: z.coerce.number().int().positive() }) },
          responses: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: z.any() } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const { id, documentId } = c.req.valid('param');
        const doc = await readDocument(c.var.deps.database.db, auditActor(c), await scopeOf(c), id, documentId);
        return c.body(doc.data as Uint8Array<ArrayBuffer>, 200, {
          'Content-Type': doc.contentType,
          'Content-Disposition': `attachment; filename="document-${documentId}"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
        });
      },
    );
}
