import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '../../modules/staff/roles.js';
import { createUser, listUsers, resetPassword, updateUser } from '../../modules/staff/service.js';
import { regionScopePrefix } from '../../rules/region-code.js';
import { assertInScope, secured } from '../access.js';
import { auditActor, currentUser } from '../context.js';
import { errorResponses, newRouter, Paging } from '../router.js';
import { RegionCodeParam, UserSchema, userJson } from './schemas.js';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const userResponse = { 200: { description: 'User', ...json(z.object({ user: UserSchema })) }, ...errorResponses, 409: { description: 'Username taken', ...json(z.any()) } };

export function userRoutes() {
  return newRouter()
    .openapi(
      secured(
        { permission: 'users:admin' },
        createRoute({
          method: 'get',
          path: '/users',
          tags: ['users'],
          summary: 'Staff accounts in the admin\'s region, paged and filtered',
          request: {
            query: z.object({
              q: z.string().max(40).optional(),
              role: z.enum(ROLES).optional(),
              regionCode: RegionCodeParam.optional(),
              disabled: z.enum(['true', 'false']).optional(),
              ...Paging,
            }),
          },
          responses: { 200: { description: 'Users', ...json(z.object({ items: z.array(UserSchema), total: z.number().int() })) }, ...errorResponses },
        }),
      ),
      async (c) => {
        const query = c.req.valid('query');
        if (query.regionCode) await assertInScope(c, query.regionCode);
        const result = await listUsers(c.var.deps.database.db, {
          q: query.q,
          role: query.role,
          regionCode: query.regionCode,
          disabled: query.disabled === undefined ? undefined : query.disabled === 'true',
          scopePrefix: regionScopePrefix(currentUser(c).regionCode),
          page: query.page,
          pageSize: query.pageSize,
        });
        return c.json({ items: result.items.map(userJson), total: result.total }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'users:admin' },
        createRoute({
          method: 'post',
          path: '/users',
          tags: ['users'],
          summary: 'Create a staff account bound to a role and a region',
          request: {
            body: json(
              z.object({
                username: z.string().regex(/^[a-zA-Z0-9_.-]{3,40}$/, '3–40 位字母、数字、_ . - / 3–40 letters, digits, _ . -'),
                displayName: z.string().trim().min(1).max(50),
                role: z.enum(ROLES),
                regionCode: RegionCodeParam,
                password: z.string().min(1).max(200),
              }),
            ),
          },
          responses: userResponse,
        }),
      ),
      async (c) => {
        const user = await createUser(c.var.deps.database.db, auditActor(c), c.req.valid('json'));
        return c.json({ user: userJson(user) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'users:admin' },
        createRoute({
          method: 'patch',
          path: '/users/{id}',
          tags: ['users'],
          summary: 'Change a staff account: name, role, region, disabled',
          request: {
            params: IdParam,
            body: json(
              z.object({
                displayName: z.string().trim().min(1).max(50).optional(),
                role: z.enum(ROLES).optional(),
                regionCode: RegionCodeParam.optional(),
                disabled: z.boolean().optional(),
              }),
            ),
          },
          responses: userResponse,
        }),
      ),
      async (c) => {
        const user = await updateUser(c.var.deps.database.db, auditActor(c), c.req.valid('param').id, c.req.valid('json'));
        return c.json({ user: userJson(user) }, 200);
      },
    )
    .openapi(
      secured(
        { permission: 'users:admin' },
        createRoute({
          method: 'post',
          path: '/users/{id}/reset-password',
          tags: ['users'],
          summary: 'Set a new password (signs the user out everywhere)',
          request: { params: IdParam, body: json(z.object({ password: z.string().min(1).max(200) })) },
          responses: { 200: { description: 'Done', ...json(z.object({ ok: z.boolean() })) }, ...errorResponses },
        }),
      ),
      async (c) => {
        await resetPassword(c.var.deps.database.db, auditActor(c), c.req.valid('param').id, c.req.valid('json').password);
        return c.json({ ok: true }, 200);
      },
    );
}
