import { createRoute, z } from '@hono/zod-openapi';
import { listResidents } from '../../modules/registry/service.js';
import { regionScopePrefix } from '../../rules/region-code.js';
import { assertInScope, secured } from '../access.js';
import { currentUser } from '../context.js';
import { errorResponses, newRouter, Paging } from '../router.js';
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
  })
  .openapi('ResidentSummary');

export function residentRoutes() {
  return newRouter().openapi(
    secured(
      { permission: 'residents:view' },
      createRoute({
        method: 'get',
        path: '/residents',
        tags: ['registry'],
        summary: "Residents in the user's region (or a region below it), paged; ID numbers masked",
        request: {
          query: z.object({
            regionCode: RegionCodeParam.optional(),
            q: z.string().max(40).optional().openapi({ description: 'name, or the start of an ID number' }),
            ...Paging,
          }),
        },
        responses: {
          200: { description: 'Residents', content: { 'application/json': { schema: z.object({ items: z.array(ResidentSchema), total: z.number().int() }) } } },
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
        page: query.page,
        pageSize: query.pageSize,
      });
      return c.json(result, 200);
    },
  );
}
