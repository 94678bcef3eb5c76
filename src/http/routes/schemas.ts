import { z } from '@hono/zod-openapi';
import { PERMISSIONS, ROLES } from '../../modules/staff/roles.js';
import type { StaffUser } from '../../modules/staff/service.js';

/** An amount of money in integer fen (分). */
export const Fen = z.number().int().openapi({ description: 'fen' });

export const RegionCodeParam = z
  .string()
  .regex(/^\d{12}$/, '须为 12 位区划代码 / must be a 12-digit region code')
  .openapi({ example: '370783001000' });

export const UserSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    regionCode: z.string(),
    regionName: z.string(),
    regionLevel: z.string(),
    disabled: z.boolean(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
    permissions: z.array(z.enum(PERMISSIONS)),
  })
  .openapi('User');

export function userJson(user: StaffUser): z.infer<typeof UserSchema> {
  return {
    ...user,
    permissions: [...user.permissions],
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

export const RegionSchema = z
  .object({ code: z.string(), name: z.string(), level: z.enum(['county', 'township', 'village']), parentCode: z.string().nullable() })
  .openapi('Region');

export interface RegionNodeJson extends z.infer<typeof RegionSchema> {
  children?: RegionNodeJson[];
}
export const RegionNodeSchema: z.ZodType<RegionNodeJson> = RegionSchema.extend({
  children: z.array(z.lazy(() => RegionNodeSchema)).optional(),
}).openapi('RegionNode');
