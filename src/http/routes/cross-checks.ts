import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import { loadRegistryFile } from '../../modules/crosscheck/load.js';
import { HIT_KINDS, HIT_STATES, getHit, listBatches, listHits } from '../../modules/crosscheck/queue.js';
import { REGISTRIES } from '../../modules/crosscheck/registry-file.js';
import { RESOLVE_ACTIONS, resolveHit } from '../../modules/crosscheck/resolve.js';
import { maskAccount } from '../../modules/enrolment/service.js';
import { countyCodeOf } from '../../rules/index.js';
import { requestScope, secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { sendWorkbook, uploadedFile } from '../files.js';
import { errorResponses, newRouter, Paging, xlsxResponses } from '../router.js';
import { RegionCodeParam } from './schemas.js';

const Registry = z.enum(REGISTRIES).openapi({ description: 'employee_pension 城镇职工养老保险参保/领取 · institution_pension 机关事业单位养老保险领取 · death 公安/民政死亡信息 · bank_card 代理银行卡库' });
const Kind = z.enum(HIT_KINDS).openapi({ description: 'dual_benefit 重复领取 · death 死亡仍领取 · bank_mismatch 银行卡不符 · recheck 信息矛盾待复核' });
const State = z.enum(HIT_STATES);

const Counts = {
  matched: z.number().int(),
  open: z.number().int(),
  removed: z.number().int().openapi({ description: 'pensions stopped or deaths settled' }),
  corrected: z.number().int().openapi({ description: 'bank accounts corrected' }),
  rechecked: z.number().int().openapi({ description: 'hits sent to the township for a re-check' }),
  dismissed: z.number().int(),
  resolved: z.number().int().openapi({ description: 'no longer open (dismissed included)' }),
};
const BatchSchema = z
  .object({ id: z.number().int(), registry: Registry, fileName: z.string(), rows: z.number().int(), peopleCompared: z.number().int(), loadedBy: z.string(), loadedAt: z.string(), millis: z.number().int(), ...Counts })
  .openapi('CrossCheckBatch');
const OverviewSchema = z.object({ batches: z.number().int(), rows: z.number().int(), ...Counts }).openapi('CrossCheckOverview');
const HitSchema = z
  .object({
    id: z.number().int(),
    batchId: z.number().int(),
    registry: Registry,
    kind: Kind,
    reason: z.string().openapi({ description: 'drawing_both, enrolled_recipient, enrolled_participant, pensioner_contributing, name_differs, dead_paid, dead_enrolled, no_account, card_not_found, card_closed, holder_differs' }),
    proposedKind: z.enum(['dual_benefit', 'death']).nullable(),
    state: State,
    resolution: z.enum(['stopped', 'death_registered', 'account_corrected', 'dismissed']).nullable(),
    residentId: z.number().int(),
    name: z.string(),
    idNumberMasked: z.string(),
    villageCode: z.string(),
    villageName: z.string(),
    pensionId: z.number().int().nullable(),
    registryName: z.string().nullable(),
    registryDate: z.string().nullable().openapi({ description: 'date of death, or the month the other pension began' }),
    foundAt: z.string(),
  })
  .openapi('CrossCheckHit');
const HitDetailSchema = HitSchema.extend({
  birthDate: z.string(),
  enrolmentStatus: z.string().nullable(),
  pensionStatus: z.string().nullable(),
  pensionStartMonth: z.string().nullable(),
  registryRow: z.number().int().nullable(),
  registryIdNumberMasked: z.string().nullable(),
  registryCardMasked: z.string().nullable().openapi({ description: "the bank's card for the person's ID number (last four digits)" }),
  registryNote: z.string().nullable(),
  accountNowMasked: z.string().nullable(),
  accountAtMatchMasked: z.string().nullable(),
  fileName: z.string(),
  resolutionNote: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  settlementId: z.number().int().nullable(),
  recheckNote: z.string().nullable(),
  recheckedBy: z.string().nullable(),
  recheckedAt: z.string().nullable(),
}).openapi('CrossCheckHitDetail');

const HitQuery = z.object({
  regionCode: RegionCodeParam.optional(),
  batchId: z.coerce.number().int().positive().optional(),
  kind: Kind.optional(),
  state: State.optional(),
  registry: Registry.optional(),
  q: z.string().max(40).optional(),
});
const HitId = z.object({ id: z.coerce.number().int().positive() });

async function detail(c: AppContext, id: number) {
  const scope = await requestScope(c, undefined);
  const { registryCard, accountNow, accountAtMatch, ...rest } = await getHit(c.var.deps.database.db, scope, id);
  return { ...rest, registryCardMasked: maskAccount(registryCard), accountNowMasked: maskAccount(accountNow), accountAtMatchMasked: maskAccount(accountAtMatch) };
}

const REGISTRY_WORDS: Readonly<Record<string, string>> = { employee_pension: '城镇职工养老保险', institution_pension: '机关事业单位养老保险', death: '死亡信息', bank_card: '代理银行卡库' };
const KIND_WORDS: Readonly<Record<string, string>> = { dual_benefit: '重复领取', death: '死亡仍领取', bank_mismatch: '银行卡不符', recheck: '信息矛盾待复核' };
const STATE_WORDS: Readonly<Record<string, string>> = { open: '待处理', resolved: '已处理', dismissed: '已排除' };
const RESOLUTION_WORDS: Readonly<Record<string, string>> = { stopped: '停发并追回', death_registered: '按死亡终止', account_corrected: '更正银行账号', dismissed: '排除' };
const REASON_WORDS: Readonly<Record<string, string>> = {
  drawing_both: '同时领取两项养老金',
  enrolled_recipient: '已领取职工/机关养老金仍在册',
  enrolled_participant: '已参加职工/机关养老保险仍在册',
  pensioner_contributing: '领取待遇期间仍在职参保',
  name_differs: '身份证号码相同而姓名不同',
  dead_paid: '已死亡仍领取待遇',
  dead_enrolled: '已死亡仍在册',
  no_account: '无银行账号',
  card_not_found: '银行卡库中无此卡',
  card_closed: '银行卡已销户',
  holder_differs: '卡主身份证号码不符',
};

export function crossCheckRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'crosscheck:load' },
        createRoute({
          method: 'post',
          path: '/cross-checks/batches',
          tags: ['cross-checks'],
          summary:
            "Load an outside registry's file (.csv or .xlsx, up to 12 MB here; the CLI `load-cross-check` streams files of millions of rows) and match it with the county: all rows checked, nothing kept when one is bad, the same file once",
          request: {
            query: z.object({ registry: Registry }),
            body: { content: { 'multipart/form-data': { schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }) } } },
          },
          responses: {
            201: {
              description: 'Loaded and matched',
              content: { 'application/json': { schema: z.object({ batchId: z.number().int(), rows: z.number().int(), peopleCompared: z.number().int(), matched: z.number().int(), byKind: z.record(z.string(), z.number().int()), millis: z.number().int(), stageMillis: z.number().int() }) } },
            },
            409: { description: 'This file was loaded before', content: errorResponses[400].content },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const { registry } = c.req.valid('query');
        const file = await uploadedFile(c);
        const user = currentUser(c);
        const outcome = await loadRegistryFile(
          c.var.deps.database,
          { ...auditActor(c), userId: user.id },
          { countyCode: countyCodeOf(user.regionCode), today: chinaToday() },
          {
            registry,
            fileName: file.name,
            sha256: createHash('sha256').update(file.data).digest('hex'),
            // Read as a file on disk is: a piece at a time.
            bytes: (async function* () {
              for (let at = 0; at < file.data.length; at += 1 << 20) yield file.data.subarray(at, at + (1 << 20));
            })(),
          },
        );
        return c.json(outcome, 201);
      },
    )
    .openapi(
      secured(
        { permission: 'crosscheck:view' },
        createRoute({
          method: 'get',
          path: '/cross-checks/batches',
          tags: ['cross-checks'],
          summary: 'The files loaded, newest first, each with what its hits came to within the region (checked, matched, removed, re-checked, resolved), and the same overall',
          request: { query: z.object({ regionCode: RegionCodeParam.optional(), ...Paging }) },
          responses: { 200: { description: 'Batches', content: { 'application/json': { schema: z.object({ items: z.array(BatchSchema), total: z.number().int(), overview: OverviewSchema }) } } }, ...errorResponses },
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        return c.json(await listBatches(c.var.deps.database.db, await requestScope(c, q.regionCode), q), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'crosscheck:view' },
        createRoute({
          method: 'get',
          path: '/cross-checks/hits',
          tags: ['cross-checks'],
          summary: 'The queue of hits in the region (open first), by kind, state, registry, batch, name or ID number, with the counts of the whole filter',
          request: { query: HitQuery.extend(Paging) },
          responses: {
            200: { description: 'Hits', content: { 'application/json': { schema: z.object({ items: z.array(HitSchema), total: z.number().int(), summary: z.object(Counts) }) } } },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const { regionCode, ...q } = c.req.valid('query');
        return c.json(await listHits(c.var.deps.database.db, { ...(await requestScope(c, regionCode)), ...q }), 200);
      },
    )
    .openapi(
      secured(
        { permission: 'crosscheck:view' },
        createRoute({
          method: 'get',
          path: '/cross-checks/hits/export.xlsx',
          tags: ['cross-checks'],
          summary: 'The hits as an Excel file (same filters, no paging; ID numbers masked)',
          request: { query: HitQuery },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const { regionCode, ...q } = c.req.valid('query');
        const list = await listHits(c.var.deps.database.db, { ...(await requestScope(c, regionCode)), ...q, page: 1, pageSize: 100_000 });
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('数据比对疑点');
        sheet.columns = [
          { header: '编号', key: 'id', width: 8 },
          { header: '比对库', key: 'registry', width: 18 },
          { header: '疑点类型', key: 'kind', width: 14 },
          { header: '疑点说明', key: 'reason', width: 26 },
          { header: '村（居）', key: 'villageName', width: 12 },
          { header: '姓名', key: 'name', width: 10 },
          { header: '身份证号码', key: 'idNumberMasked', width: 22 },
          { header: '比对库姓名', key: 'registryName', width: 10 },
          { header: '比对库日期', key: 'registryDate', width: 12 },
          { header: '状态', key: 'state', width: 8 },
          { header: '处理结果', key: 'resolution', width: 14 },
        ];
        sheet.getRow(1).font = { bold: true };
        for (const h of list.items) {
          sheet.addRow({
            ...h,
            registry: REGISTRY_WORDS[h.registry],
            kind: KIND_WORDS[h.kind],
            reason: REASON_WORDS[h.reason] ?? h.reason,
            state: STATE_WORDS[h.state],
            resolution: h.resolution ? RESOLUTION_WORDS[h.resolution] : '',
          });
        }
        const s = list.summary;
        sheet.addRow({ id: `合计 ${s.matched} 条：待处理 ${s.open}，清退 ${s.removed}，更正 ${s.corrected}，复核 ${s.rechecked}，已处理 ${s.resolved}` }).font = { bold: true };
        return sendWorkbook(c, workbook, 'cross-check-hits.xlsx', '数据比对疑点.xlsx');
      },
    )
    .openapi(
      secured(
        { permission: 'crosscheck:view' },
        createRoute({
          method: 'get',
          path: '/cross-checks/hits/{id}',
          tags: ['cross-checks'],
          summary: 'One hit: the person, what the registry says, and how it was dealt with',
          request: { params: HitId },
          responses: { 200: { description: 'Hit', content: { 'application/json': { schema: HitDetailSchema } } }, ...errorResponses },
        }),
      ),
      async (c) => c.json(await detail(c, c.req.valid('param').id), 200),
    )
    .openapi(
      secured(
        { permission: 'crosscheck:resolve' },
        createRoute({
          method: 'post',
          path: '/cross-checks/hits/{id}/resolve',
          tags: ['cross-checks'],
          summary:
            'Deal with a hit, by the role responsible for its kind, with a reason: stop (dual benefit: ends the enrolment, stops the pension, recovers and refunds), death (the death flow with the registry date), correct (the bank account), confirm (the township re-checked: same person), dismiss',
          request: {
            params: HitId,
            body: {
              required: true,
              content: {
                'application/json': {
                  schema: z
                    .object({
                      action: z.enum(RESOLVE_ACTIONS),
                      note: z.string().max(200),
                      bankAccount: z.string().max(30).optional().openapi({ description: "correct: the new account; default the bank's card for the person's ID number" }),
                      otherBenefitFrom: z.string().max(7).optional().openapi({ example: '2024-03', description: "stop: the month the other pension began; default the registry's" }),
                    })
                    .strict(),
                },
              },
            },
          },
          responses: { 200: { description: 'Dealt with', content: { 'application/json': { schema: HitDetailSchema } } }, 409: { description: 'Already dealt with, or the enrolment already ended', content: errorResponses[400].content }, ...errorResponses },
        }),
      ),
      async (c) => {
        const { id } = c.req.valid('param');
        const user = currentUser(c);
        const scope = await requestScope(c, undefined);
        await resolveHit(c.var.deps.database.db, { ...auditActor(c), userId: user.id }, { ...scope, today: chinaToday(), parameters: c.var.deps.parameters.forCounty(scope.countyCode).parameters }, id, c.req.valid('json'));
        return c.json(await detail(c, id), 200);
      },
    );
}
