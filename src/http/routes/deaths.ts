import { createRoute, z } from '@hono/zod-openapi';
import { restoreExplanation } from '../../modules/explanations/render.js';
import { getDeathSettlement, listDeathSettlements, recordRecovery, type DeathSettlementDetail } from '../../modules/pensions/death.js';
import { countyCodeOf, regionScopePrefix } from '../../rules/index.js';
import { assertRecordInScope, requestScope, secured } from '../access.js';
import { chinaToday } from '../clock.js';
import { auditActor, currentUser, type AppContext } from '../context.js';
import { errorResponses, newRouter, Paging } from '../router.js';
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
