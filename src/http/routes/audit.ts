import { createRoute, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import { appendAudit, exportAudit, listAudit, verifyAuditChain, type AuditFilter, type AuditRow } from '../../modules/audit/service.js';
import { auditActionText, auditActorText, auditEntityText, roleText } from '../../modules/audit/words.js';
import { getRegion } from '../../modules/regions/service.js';
import { verifyLedger } from '../../modules/ledger/verify.js';
import { regionScopePrefix } from '../../rules/region-code.js';
import { assertInScope, requestScope, secured } from '../access.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { sendWorkbook } from '../files.js';
import { requestLocale } from '../locale.js';
import type { Locale } from '../../rules/index.js';
import { errorResponses, newRouter, Paging, xlsxResponses } from '../router.js';
import { RegionCodeParam } from './schemas.js';

const AuditRowSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    userId: z.number().int().nullable(),
    username: z.string().nullable(),
    role: z.string().nullable(),
    actorName: z.string().nullable().openapi({ description: "the user's name as the user record has it" }),
    actorText: z.string().openapi({ description: 'who did it, in words: 张三（待遇审批员）; 系统 for background work' }),
    roleText: z.string().openapi({ description: 'the role in words' }),
    actionText: z.string().openapi({ description: 'what was done, in words: 乡镇初审通过参保申请' }),
    entityText: z.string().openapi({ description: 'what it was done to, in words: 参保登记申请' }),
    regionCode: z.string().nullable(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .openapi('AuditRow');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

const FilterQuery = {
  from: isoDate.optional(),
  to: isoDate.optional().openapi({ description: 'inclusive' }),
  username: z.string().max(40).optional(),
  actor: z.string().max(40).optional().openapi({ description: "part of the actor's name or user name" }),
  action: z.string().max(60).optional().openapi({ description: 'an action code or its start (enrolment.)' }),
  entity: z.string().max(60).optional(),
  regionCode: RegionCodeParam.optional(),
  lang: z.enum(['zh-CN', 'en']).optional().openapi({ description: 'language of the words (default: Accept-Language, else zh-CN)' }),
};

/** The query as a filter of the rows about the user's region (or the region asked for, when in scope). */
async function filterOf(c: AppContext, query: { from?: string | undefined; to?: string | undefined; username?: string | undefined; actor?: string | undefined; action?: string | undefined; entity?: string | undefined; regionCode?: string | undefined }): Promise<AuditFilter> {
  const regionCode = query.regionCode ?? currentUser(c).regionCode;
  await assertInScope(c, regionCode);
  const to = query.to ? new Date(`${query.to}T00:00:00+08:00`) : undefined;
  to?.setUTCDate(to.getUTCDate() + 1);
  return {
    from: query.from ? new Date(`${query.from}T00:00:00+08:00`) : undefined,
    to,
    username: query.username,
    actor: query.actor?.trim() || undefined,
    action: query.action,
    entity: query.entity,
    regionPrefix: regionScopePrefix(regionCode),
  };
}

function rowJson(r: AuditRow, lang: Locale) {
  return {
    id: r.id,
    at: r.at.toISOString(),
    userId: r.user_id,
    username: r.username,
    role: r.role,
    actorName: r.actor_name,
    actorText: auditActorText({ name: r.actor_name, username: r.username, role: r.role, userId: r.user_id }, lang),
    roleText: roleText(r.role, lang),
    actionText: auditActionText(r.action, lang),
    entityText: auditEntityText(r.entity, lang),
    regionCode: r.region_code,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    requestId: r.request_id,
    ip: r.ip,
  };
}

const HEADERS = {
  'zh-CN': { sheet: '审计日志', at: '时间', actor: '操作人', role: '角色', action: '操作', entity: '对象', entityId: '对象编号', region: '所属区划', ip: '来源地址' },
  en: { sheet: 'Audit log', at: 'Time', actor: 'By', role: 'Role', action: 'Action', entity: 'Object', entityId: 'Object number', region: 'Region', ip: 'Address' },
} as const;

/** China time, to the second: 2026-12-01 10:45:53. */
const chinaTime = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

export function auditRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'audit:view' },
        createRoute({
          method: 'get',
          path: '/audit',
          tags: ['audit'],
          summary: "Audit log rows about the user's region, newest first, with action, object and actor (name and role) in words",
          request: {
            query: z.object({ ...FilterQuery, ...Paging }),
          },
          responses: {
            200: { description: 'Rows', content: { 'application/json': { schema: z.object({ items: z.array(AuditRowSchema), total: z.number().int() }) } } },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const query = c.req.valid('query');
        const lang = requestLocale(c);
        const result = await listAudit(c.var.deps.database.db, { ...(await filterOf(c, query)), page: query.page, pageSize: query.pageSize });
        return c.json({ total: result.total, items: result.items.map((r) => rowJson(r, lang)) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'audit:view' },
        createRoute({
          method: 'get',
          path: '/audit/export',
          tags: ['audit'],
          summary: 'The filtered audit log as an Excel file, in words (time, actor and role, action, object, region); the export is itself audited',
          request: { query: z.object(FilterQuery) },
          responses: xlsxResponses,
        }),
      ),
      async (c) => {
        const query = c.req.valid('query');
        const lang = requestLocale(c);
        const filter = await filterOf(c, query);
        const { db } = c.var.deps.database;
        const rows = await exportAudit(db, filter);
        const regionNames = new Map<string, string>();
        for (const code of new Set(rows.map((r) => r.region_code).filter((x): x is string => x !== null))) {
          regionNames.set(code, await getRegion(db, code).then((r) => r.name, () => code));
        }
        const h = HEADERS[lang];
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet(h.sheet);
        sheet.columns = [
          { header: h.at, key: 'at', width: 20 },
          { header: h.actor, key: 'actor', width: 24 },
          { header: h.role, key: 'role', width: 16 },
          { header: h.action, key: 'action', width: 26 },
          { header: h.entity, key: 'entity', width: 14 },
          { header: h.entityId, key: 'entityId', width: 22 },
          { header: h.region, key: 'region', width: 16 },
          { header: h.ip, key: 'ip', width: 16 },
        ];
        sheet.getRow(1).font = { bold: true };
        for (const r of rows) {
          const json = rowJson(r, lang);
          sheet.addRow({
            at: chinaTime(r.at),
            actor: json.actorText,
            role: json.roleText,
            action: json.actionText,
            entity: json.entityText,
            entityId: r.entity === 'route' ? '' : (r.entity_id ?? ''),
            region: r.region_code ? (regionNames.get(r.region_code) ?? r.region_code) : '',
            ip: (r.ip ?? '').replace(/^::ffff:(?=\d+\.)/i, ''),
          });
        }
        const filters = Object.fromEntries(Object.entries(query).filter(([k, v]) => v !== undefined && k !== 'lang'));
        await db.transaction().execute((tx) => appendAudit(tx, auditActor(c), { action: 'audit.export', entity: 'audit_log', after: { filters, rows: rows.length } }));
        return sendWorkbook(c, workbook, 'audit-log.xlsx', `${h.sheet}.xlsx`);
      },
    )
    .openapi(
      secured(
        { permission: 'audit:view' },
        createRoute({
          method: 'get',
          path: '/audit/verify',
          tags: ['audit'],
          summary: 'Recompute the hash chain of the whole audit log',
          responses: {
            200: {
              description: 'Result',
              content: {
                'application/json': {
                  schema: z.object({
                    ok: z.boolean(),
                    checked: z.number().int(),
                    problems: z.array(z.object({ id: z.number().int(), kind: z.enum(['hash_mismatch', 'broken_link', 'missing_rows']) })),
                  }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => c.json(await verifyAuditChain(c.var.deps.database.db), 200),
    )
    .openapi(
      secured(
        { permission: 'audit:view' },
        createRoute({
          method: 'get',
          path: '/ledger/verify',
          tags: ['audit'],
          summary: "Prove the county's books agree: balances by source, contributions, payroll lines and their debits, settled payrolls, death and dual-benefit settlements, interest (also `xinnongbao verify ledger`)",
          responses: {
            200: {
              description: 'Result',
              content: {
                'application/json': {
                  schema: z.object({
                    ok: z.boolean(),
                    counties: z.array(z.string()),
                    checks: z.array(
                      z.object({
                        name: z.string(),
                        title: z.object({ 'zh-CN': z.string(), en: z.string() }),
                        problems: z.array(z.object({ check: z.string(), countyCode: z.string(), detail: z.string() })),
                      }),
                    ),
                    totals: z.object({ entries: z.number().int(), accounts: z.number().int(), lines: z.number().int(), settlements: z.number().int() }),
                  }),
                },
              },
            },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const { countyCode } = await requestScope(c, undefined);
        const result = await verifyLedger(c.var.deps.database.db, countyCode);
        return c.json({ ...result, counties: [...result.counties], checks: result.checks.map((k) => ({ ...k, problems: [...k.problems] })) }, 200);
      },
    );
}
