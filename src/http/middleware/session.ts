import { getCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import { resumeSession } from '../../modules/staff/sessions.js';
import type { AppEnv } from '../context.js';

export const SESSION_COOKIE = 'xnb_session';

/** Loads the session named by the cookie, if any; the route's access guard decides what that allows. */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('session', undefined);
    c.set('sessionExpired', false);
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const { database, sessionPolicy } = c.var.deps;
      const session = await resumeSession(database.db, token, sessionPolicy);
      if (session === 'expired') c.set('sessionExpired', true);
      else c.set('session', session);
    }
    await next();
  };
}
