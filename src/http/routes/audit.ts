import { createRoute, z } from '@hono/zod-openapi';
import { listAudit, verifyAuditChain } from '../../modules/audit/service.js';
import { verifyLedger } from '../../modules/ledger/verify.js';
import { regionScopePrefix } from '../../rules/region-code.js';
import { assertInScope, requestScope, secured } from '../access.js';
import { currentUser } from '../context.js';
import { errorResponses, newRouter, Paging } from '../router.js';
import { RegionCodeParam } from './schemas.js';

const AuditRowSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    userId: z.number().int().nullable(),
    username: z.string().nullable(),
    role: z.string().nullable(),
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

export function auditRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'audit:view' },
        createRoute({
          method: 'get',
          path: '/audit',
          tags: ['audit'],
          summary: 'Audit log rows about the user\'s region, newest first',
          request: {
            query: z.object({
              from: isoDate.optional(),
              to: isoDate.optional().openapi({ description: 'inclusive' }),
              username: z.string().max(40).optional(),
              action: z.string().max(60).optional(),
              entity: z.string().max(60).optional(),
              regionCode: RegionCodeParam.optional(),
              ...Paging,
            }),
          },
          responses: {
            200: { description: 'Rows', content: { 'application/json': { schema: z.object({ items: z.array(AuditRowSchema), total: z.number().int() }) } } },
            ...errorResponses,
          },
        }),
      ),
      async (c) => {
        const query = c.req.valid('query');
        const regionCode = query.regionCode ?? currentUser(c).regionCode;
        await assertInScope(c, regionCode);
        const to = query.to ? new Date(`${query.to}T00:00:00+08:00`) : undefined;
        to?.setUTCDate(to.getUTCDate() + 1);
        const result = await listAudit(c.var.deps.database.db, {
          from: query.from ? new Date(`${query.from}T00:00:00+08:00`) : undefined,
          to,
          username: query.username,
          action: query.action,
          entity: query.entity,
          regionPrefix: regionScopePrefix(regionCode),
          page: query.page,
          pageSize: query.pageSize,
        });
        return c.json(
          {
            total: result.total,
            items: result.items.map((r) => ({
              id: r.id,
              at: r.at.toISOString(),
              userId: r.user_id,
              username: r.username,
              role: r.role,
              regionCode: r.region_code,
              action: r.action,
              entity: r.entity,
              entityId: r.entity_id,
              before: r.before,
              after: r.after,
              requestId: r.request_id,
              ip: r.ip,
            })),
          },
          200,
        );
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
