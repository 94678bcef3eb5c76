import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { loadConfig, type Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { appendAudit, recordAudit, type AuditActor } from '../audit/service.js';
import { clearFailures, lockedError, reserveAttempt, type ThrottlePolicy } from './login-throttle.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { sessionGeneration, sessionsChanged } from './session-changes.js';
import { findSessionWithUser, findUserRowByUsername, toStaffUser, type StaffUser } from './service.js';

export interface SessionPolicy extends ThrottlePolicy {
  readonly idleMinutes: number;
  readonly maxHours: number;
  /** Seconds a resumed session may be answered from memory (0: never); see `resumeSession`. */
  readonly cacheSeconds: number;
}

/** Session and lock-out limits from the configuration (SESSION_*, LOGIN_* settings; see README). */
export function sessionPolicyFrom(
  config: Pick<Config, 'sessionIdleMinutes' | 'sessionMaxHours' | 'sessionCacheSeconds' | 'loginMaxFailures' | 'loginLockMinutes' | 'loginMaxLockMinutes'>,
): SessionPolicy {
  return {
    idleMinutes: config.sessionIdleMinutes,
    maxHours: config.sessionMaxHours,
    cacheSeconds: config.sessionCacheSeconds,
    maxFailedLogins: config.loginMaxFailures,
    lockMinutes: config.loginLockMinutes,
    maxLockMinutes: config.loginMaxLockMinutes,
  };
}

/** The limits with every setting at its default. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = sessionPolicyFrom(loadConfig({}));

export interface SignedIn {
  readonly user: StaffUser;
  readonly token: string;
  readonly csrfToken: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface LoginRequest {
  readonly username: string;
  readonly password: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
}

/**
 * Signs in. Every attempt first reserves a password check for the user name and client address
 * (login-throttle.ts), unknown names included, so a lock tells nothing about whether an account exists
 * and parallel attempts cannot check more passwords than the limit.
 */
export async function login(db: Kysely<DB>, request: LoginRequest, policy: SessionPolicy, now = new Date()): Promise<SignedIn> {
  const row = await findUserRowByUsername(db, request.username);
  const anonymous: AuditActor = { userId: row?.id ?? null, username: request.username, role: row?.role ?? null, regionCode: row?.region_code ?? null, requestId: request.requestId, ip: request.ip };
  const attempt = await reserveAttempt(db, request.username, request.ip, policy, now);
  if (!attempt.allowed) throw lockedError(attempt.lockedUntil, now);
  const right = row ? await verifyPassword(row.password_hash, request.password) : (await verifyPassword(await decoyHash(), request.password), false);
  if (!row || !right) {
    const locked = attempt.lockedUntil !== null;
    await recordAudit(db, anonymous, {
      action: locked ? 'auth.locked' : 'auth.login_failed',
      entity: 'staff_user',
      entityId: row?.id ?? null,
      after: { failures: attempt.failures, ...(row ? {} : { reason: 'unknown_user' }), ...(locked ? { lockedUntil: attempt.lockedUntil.toISOString() } : {}) },
    });
    if (locked) throw lockedError(attempt.lockedUntil, now);
    throw new AppError('AUTH_INVALID_CREDENTIALS', 401);
  }
  await clearFailures(db, request.username, request.ip, now);
  if (row.disabled) {
    await recordAudit(db, anonymous, { action: 'auth.login_failed', entity: 'staff_user', entityId: row.id, after: { reason: 'disabled' } });
    throw new AppError('AUTH_ACCOUNT_DISABLED', 403);
  }
  const token = newToken();
  const csrfToken = newToken();
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('staff_user').set({ last_login_at: now }).where('id', '=', row.id).execute();
    await tx.deleteFrom('staff_session').where('expires_at', '<', now).execute();
    await tx
      .insertInto('staff_session')
      .values({
        token_hash: hashToken(token),
        user_id: row.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + policy.maxHours * 3_600_000),
        ip: request.ip,
        user_agent: request.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    await appendAudit(tx, anonymous, { action: 'auth.login', entity: 'staff_user', entityId: row.id });
  });
  return { user: toStaffUser({ ...row, last_login_at: now }), token, csrfToken };
}

export interface ActiveSession {
  readonly user: StaffUser;
  readonly csrfToken: string;
  readonly tokenHash: string;
}

type FoundSession = NonNullable<Awaited<ReturnType<typeof findSessionWithUser>>>;

interface CachedSession {
  readonly found: FoundSession;
  /** When it was read (ms since the epoch), and the `sessionGeneration()` it was read in. */
  readonly readAt: number;
  readonly generation: number;
}

/**
 * Sessions resumed recently, per database handle, by token hash. An entry is answered only while it is younger than
 * the policy's `cacheSeconds`, from the same generation (any sign-out, password change, disabling, role or region
 * change in this process starts a new one: `sessionsChanged`), still within its idle and absolute limits and not due
 * for its last_seen_at touch; anything else reads the database.
 */
const sessionCaches = new WeakMap<object, Map<string, CachedSession>>();
/** Entries kept at most per database handle; the oldest go first. */
const SESSION_CACHE_MAX = 10_000;

function touchDue(session: FoundSession['session'], now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() > 60_000;
}

function withinLimits(session: FoundSession['session'], policy: SessionPolicy, now: Date): boolean {
  return session.expiresAt > now && session.lastSeenAt.getTime() + policy.idleMinutes * 60_000 > now.getTime();
}

/**
 * The session for a cookie token, or why there is none: the active session (its user, CSRF token and token hash),
 * 'expired' (idle longer than `policy.idleMinutes` or older than `policy.maxHours`; the row is deleted), or
 * undefined (no such session, or its user is disabled). Reads the session and its user in one query, touches
 * last_seen_at at most once a minute so reading pages does not write on every request, and answers from memory
 * for up to `policy.cacheSeconds` (see `sessionCaches`).
 */
export async function resumeSession(
  db: Kysely<DB>,
  token: string,
  policy: SessionPolicy,
  now = new Date(),
): Promise<ActiveSession | 'expired' | undefined> {
  const tokenHash = hashToken(token);
  let cache = sessionCaches.get(db);
  const hit = cache?.get(tokenHash);
  if (
    hit &&
    hit.generation === sessionGeneration() &&
    now.getTime() - hit.readAt < policy.cacheSeconds * 1000 &&
    withinLimits(hit.found.session, policy, now) &&
    !touchDue(hit.found.session, now)
  ) {
    return { user: hit.found.user, csrfToken: hit.found.session.csrfToken, tokenHash };
  }
  const generation = sessionGeneration();
  // The session and its user in one round trip (this runs before every signed-in request).
  const found = await findSessionWithUser(db, tokenHash);
  cache?.delete(tokenHash);
  if (!found) return undefined;
  const { session, user } = found;
  if (!withinLimits(session, policy, now)) {
    await db.deleteFrom('staff_session').where('token_hash', '=', tokenHash).execute();
    return 'expired';
  }
  if (user.disabled) {
    await db.deleteFrom('staff_session').where('token_hash', '=', tokenHash).execute();
    return undefined;
  }
  let seen = session;
  if (touchDue(session, now)) {
    await db.updateTable('staff_session').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
    seen = { ...session, lastSeenAt: now };
  }
  // Kept only if nothing changed sessions while it was read (a sign-out racing this request is not undone).
  if (policy.cacheSeconds > 0 && generation === sessionGeneration()) {
    if (!cache) sessionCaches.set(db, (cache = new Map()));
    if (cache.size >= SESSION_CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(tokenHash, { found: { session: seen, user }, readAt: now.getTime(), generation });
  }
  return { user, csrfToken: session.csrfToken, tokenHash };
}

export async function logout(db: Kysely<DB>, actor: AuditActor, tokenHash: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('staff_session').where('token_hash', '=', tokenHash).execute();
    await appendAudit(tx, actor, { action: 'auth.logout', entity: 'staff_user', entityId: actor.userId });
  });
  sessionsChanged();
}

