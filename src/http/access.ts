import { timingSafeEqual } from 'node:crypto';
import type { RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/messages.js';
import { countyCodeOf, isWithinRegion, regionScopePrefix } from '../rules/region-code.js';
import { recordAudit } from '../modules/audit/service.js';
import { roleHas, type Permission } from '../modules/staff/roles.js';
import { auditActor, currentUser, type AppContext, type AppEnv } from './context.js';

/** Who may call a route. Every API route declares one (see `secured`); there is no default. */
export type Access = { readonly public: true } | { readonly signedIn: true } | { readonly permission: Permission };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameBytes(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A cross-site form or script cannot set this header, nor read the token it must carry. */
function checkCsrf(c: AppContext, access: Access): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  const session = c.var.session;
  // A public route acts on no one's session (login, calculator), so only the origin is checked: a
  // signed-in user whose page lost its token can still use the calculator.
  if (session && !('public' in access)) {
    const header = c.req.header('x-csrf-token') ?? '';
    if (!sameBytes(header, session.csrfToken)) throw new AppError('CSRF_FAILED', 403);
    return;
  }
  // Without a session (login, calculator): refuse requests that a browser says come from elsewhere.
  const origin = c.req.header('origin');
  if (origin !== undefined && originHost(origin) !== new URL(c.req.url).host) throw new AppError('CSRF_FAILED', 403);
}

/**
 * The host an Origin header names; undefined for `null` (sandboxed frames, file: pages, some redirects)
 * and anything else that is not a URL, which never matches: such a request is refused, not a 500.
 */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

export function accessDescription(access: Access): string {
  if ('public' in access) return 'public';
  if ('signedIn' in access) return 'signed-in';
  return `permission:${access.permission}`;
}

function accessGuard(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!('public' in access)) {
      if (!c.var.session) throw new AppError(c.var.sessionExpired ? 'SESSION_EXPIRED' : 'AUTH_REQUIRED', 401);
      if ('permission' in access) await assertPermission(c, access.permission);
    }
    checkCsrf(c, access);
    await next();
  };
}

/**
 * Refuses (403, `FORBIDDEN` or the more telling `code`) a signed-in user whose role lacks `permission`, and
 * leaves an `access.denied` audit row naming the route and the permission. The route guard calls it; a route
 * calls it itself for a permission only part of the request needs (full ID numbers in an export).
 */
export async function assertPermission(c: AppContext, permission: Permission, code: ErrorCode = 'FORBIDDEN'): Promise<void> {
  if (roleHas(currentUser(c).role, permission)) return;
  await recordAudit(c.var.deps.database.db, auditActor(c), {
    action: 'access.denied',
    entity: 'route',
    entityId: `${c.req.method} ${c.req.path}`,
    after: { permission },
  });
  throw new AppError(code, 403);
}

/**
 * Declares who may call a route and installs the guard that enforces it. The declaration is also
 * written into the OpenAPI document (`x-access`), where a test checks that every route has one.
 */
export function secured<R extends RouteConfig>(access: Access, route: R): R {
  const existing = route.middleware === undefined ? [] : Array.isArray(route.middleware) ? route.middleware : [route.middleware];
  return { ...route, 'x-access': accessDescription(access), middleware: [accessGuard(access), ...existing] } as R;
}

/**
 * Refuses (403) a region outside the signed-in user's own, and leaves an audit row saying who tried
 * what. Call it before reading or writing anything tied to a region.
 */
export async function assertInScope(c: AppContext, regionCode: string): Promise<void> {
  const user = currentUser(c);
  if (isWithinRegion(user.regionCode, regionCode)) return;
  await recordAudit(c.var.deps.database.db, auditActor(c), {
    action: 'access.denied',
    entity: 'region',
    entityId: regionCode,
    regionCode: user.regionCode,
    after: { method: c.req.method, path: c.req.path },
  });
  throw new AppError('REGION_OUT_OF_SCOPE', 403, { params: { region: regionCode } });
}

/**
 * Like `assertInScope` for a region read from a stored record (a person's village): the refusal
 * (403 NOT_IN_YOUR_REGION) names nothing, since the village of a person outside the caller's region is
 * itself data the caller may not see. The audit row keeps the village.
 */
export async function assertRecordInScope(c: AppContext, villageCode: string): Promise<void> {
  const user = currentUser(c);
  if (isWithinRegion(user.regionCode, villageCode)) return;
  await recordAudit(c.var.deps.database.db, auditActor(c), {
    action: 'access.denied',
    entity: 'region',
    entityId: villageCode,
    regionCode: user.regionCode,
    after: { method: c.req.method, path: c.req.path },
  });
  throw new AppError('NOT_IN_YOUR_REGION', 403);
}

/**
 * The county and region prefix a list or action works on: the asked region (default the user's own),
 * checked to be within the user's region first.
 */
export async function requestScope(c: AppContext, regionCode: string | undefined): Promise<{ countyCode: string; scopePrefix: string }> {
  const user = currentUser(c);
  const code = regionCode ?? user.regionCode;
  await assertInScope(c, code);
  return { countyCode: countyCodeOf(user.regionCode), scopePrefix: regionScopePrefix(code) };
}
