import type { Context } from 'hono';
import type { Config } from '../config.js';
import type { Database } from '../db/connection.js';
import type { Language } from '../errors/messages.js';
import type { Logger } from '../logger.js';
import type { AuditActor } from '../modules/audit/service.js';
import type { JobRunner } from '../modules/accounts/runner.js';
import type { ParameterLibrary } from '../modules/calculator/library.js';
import type { ActiveSession, SessionPolicy } from '../modules/staff/sessions.js';

export interface AppDeps {
  readonly database: Database;
  readonly config: Config;
  readonly logger: Logger;
  readonly sessionPolicy: SessionPolicy;
  /** Parameter scopes for the calculator (national defaults plus the override files). */
  readonly parameters: ParameterLibrary;
  /** Batch jobs run in this process, one at a time. */
  readonly jobs: JobRunner;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    lang: Language;
    session: ActiveSession | undefined;
    sessionExpired: boolean;
    ip: string | null;
  };
}

export type AppContext = Context<AppEnv>;

export function auditActor(c: AppContext): AuditActor {
  const user = c.var.session?.user;
  return {
    userId: user?.id ?? null,
    username: user?.username ?? null,
    role: user?.role ?? null,
    regionCode: user?.regionCode ?? null,
    requestId: c.var.requestId,
    ip: c.var.ip,
  };
}

/** The signed-in user; only called behind an access guard that requires one. */
export function currentUser(c: AppContext) {
  const session = c.var.session;
  if (!session) throw new Error('currentUser called on a route without a signed-in guard');
  return session.user;
}
