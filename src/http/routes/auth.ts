import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { changeOwnPassword } from '../../modules/staff/service.js';
import { login, logout } from '../../modules/staff/sessions.js';
import { secured } from '../access.js';
import { auditActor, currentUser } from '../context.js';
import { rateLimit } from '../middleware/rate-limit.js';
import { SESSION_COOKIE } from '../middleware/session.js';
import { errorResponses, newRouter } from '../router.js';
import { UserSchema, userJson } from './schemas.js';

const SignedInSchema = z.object({ user: UserSchema, csrfToken: z.string() }).openapi('SignedIn');

const loginRoute = (failedPerAddress: number) => createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in (sets the session cookie)',
  // Failed sign-ins per address (an office shares one address, so successes do not count).
  middleware: [rateLimit({ windowMs: 10 * 60_000, max: failedPerAddress, countStatuses: [401, 403, 429] })],
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({ username: z.string().min(1).max(40), password: z.string().min(1).max(200) }),
        },
      },
    },
  },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: SignedInSchema } } },
    ...errorResponses,
    429: { description: 'Too many attempts', content: { 'application/json': { schema: z.any() } } },
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'Sign out',
  responses: { 200: { description: 'Signed out', content: { 'application/json': { schema: z.object({ ok: z.boolean() }) } } }, ...errorResponses },
});

const meRoute = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'The signed-in user and the CSRF token for state-changing requests',
  responses: { 200: { description: 'Current user', content: { 'application/json': { schema: SignedInSchema } } }, ...errorResponses },
});

const changePasswordRoute = createRoute({
  method: 'post',
  path: '/auth/password',
  tags: ['auth'],
  summary: 'Change one\'s own password (ends the user\'s other sessions)',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }),
        },
      },
    },
  },
  responses: {
    200: { description: 'Changed', content: { 'application/json': { schema: z.object({ ok: z.boolean() }) } } },
    ...errorResponses,
    429: { description: 'Too many wrong current passwords', content: { 'application/json': { schema: z.any() } } },
  },
});

/** Sign-in, sign-out, the current user and own password; `failedPerAddress`: failed sign-ins one address may make in 10 minutes. */
export function authRoutes(failedPerAddress: number) {
  return newRouter()
    .openapi(secured({ public: true }, loginRoute(failedPerAddress)), async (c) => {
      const { username, password } = c.req.valid('json');
      const { database, sessionPolicy, config } = c.var.deps;
      const signedIn = await login(
        database.db,
        { username, password, ip: c.var.ip, userAgent: c.req.header('user-agent') ?? null, requestId: c.var.requestId },
        sessionPolicy,
      );
      setCookie(c, SESSION_COOKIE, signedIn.token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: config.secureCookies,
        path: '/',
        maxAge: sessionPolicy.maxHours * 3600,
      });
      return c.json({ user: userJson(signedIn.user), csrfToken: signedIn.csrfToken }, 200);
    })
    .openapi(secured({ signedIn: true }, logoutRoute), async (c) => {
      await logout(c.var.deps.database.db, auditActor(c), c.var.session!.tokenHash);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true }, 200);
    })
    .openapi(secured({ signedIn: true }, changePasswordRoute), async (c) => {
      const { database, sessionPolicy } = c.var.deps;
      await changeOwnPassword(database.db, auditActor(c), c.var.session!.tokenHash, c.req.valid('json'), sessionPolicy);
      return c.json({ ok: true }, 200);
    })
    .openapi(secured({ signedIn: true }, meRoute), (c) => {
      return c.json({ user: userJson(currentUser(c)), csrfToken: c.var.session!.csrfToken }, 200);
    });
}
