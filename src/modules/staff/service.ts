import type { Kysely } from 'kysely';
import type { DB, StaffUserRow } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { isWithinRegion, regionLevelOf } from '../../rules/region-code.js';
import { appendAudit, recordAudit, type AuditActor } from '../audit/service.js';
import { clearAllFailures, clearFailures, lockedError, reserveAttempt, type ThrottlePolicy } from './login-throttle.js';
import { sessionsChanged } from './session-changes.js';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords.js';
import { isRole, ROLE_PERMISSIONS, ROLE_REGION_LEVEL, type Permission, type Role } from './roles.js';

/** A staff member as the API shows them; never the password hash. */
export interface StaffUser {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly regionCode: string;
  readonly regionName: string;
  readonly regionLevel: string;
  readonly disabled: boolean;
  readonly lastLoginAt: Date | null;
  readonly createdAt: Date;
  readonly permissions: readonly Permission[];
}

type UserWithRegion = StaffUserRow & { region_name: string; region_level: string };

export function toStaffUser(row: UserWithRegion): StaffUser {
  const role = row.role as Role;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role,
    regionCode: row.region_code,
    regionName: row.region_name,
    regionLevel: row.region_level,
    disabled: row.disabled,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
    permissions: isRole(role) ? ROLE_PERMISSIONS[role] : [],
  };
}

function usersWithRegion(db: Kysely<DB>) {
  return db
    .selectFrom('staff_user as u')
    .innerJoin('region as r', 'r.code', 'u.region_code')
    .selectAll('u')
    .select(['r.name as region_name', 'r.level as region_level']);
}

export async function findUserById(db: Kysely<DB>, id: number): Promise<StaffUser | undefined> {
  const row = await usersWithRegion(db).where('u.id', '=', id).executeTakeFirst();
  return row ? toStaffUser(row) : undefined;
}

/**
 * A session row (by the SHA-256 of its token, hex) with its staff member, in one query: the session's
 * timestamps and CSRF token, and the user (disabled ones included: the caller decides), or undefined when no
 * session has that hash. Read on every signed-in request, so it is a single round trip.
 */
export async function findSessionWithUser(
  db: Kysely<DB>,
  tokenHash: string,
): Promise<{ readonly session: { readonly csrfToken: string; readonly lastSeenAt: Date; readonly expiresAt: Date }; readonly user: StaffUser } | undefined> {
  const row = await usersWithRegion(db)
    .innerJoin('staff_session as s', 's.user_id', 'u.id')
    .select(['s.csrf_token as session_csrf_token', 's.last_seen_at as session_last_seen_at', 's.expires_at as session_expires_at'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return { session: { csrfToken: row.session_csrf_token, lastSeenAt: row.session_last_seen_at, expiresAt: row.session_expires_at }, user: toStaffUser(row) };
}

export async function findUserRowByUsername(db: Kysely<DB>, username: string): Promise<UserWithRegion | undefined> {
  return usersWithRegion(db).where('u.username', '=', username).executeTakeFirst();
}

/** Checks the role exists, the region exists, has the role's level, and lies inside the admin's own region. */
async function assertRoleRegion(db: Kysely<DB>, role: string, regionCode: string, adminRegion: string | null): Promise<void> {
  if (!isRole(role)) throw new AppError('ROLE_UNKNOWN', 400, { field: 'role', params: { role } });
  const level = ROLE_REGION_LEVEL[role];
  if (regionLevelOf(regionCode) !== level) {
    throw new AppError('ROLE_REGION_LEVEL', 400, { field: 'regionCode', params: { role, level } });
  }
  if (adminRegion && !isWithinRegion(adminRegion, regionCode)) {
    throw new AppError('REGION_OUT_OF_SCOPE', 403, { field: 'regionCode', params: { region: regionCode } });
  }
  const region = await db.selectFrom('region').select('code').where('code', '=', regionCode).executeTakeFirst();
  if (!region) throw new AppError('REGION_NOT_FOUND', 400, { field: 'regionCode', params: { region: regionCode } });
}

export interface NewUserInput {
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly regionCode: string;
  readonly password: string;
}

function auditView(user: StaffUser) {
  return { username: user.username, displayName: user.displayName, role: user.role, regionCode: user.regionCode, disabled: user.disabled };
}

export async function createUser(db: Kysely<DB>, actor: AuditActor, input: NewUserInput): Promise<StaffUser> {
  assertStrongPassword(input.password, { username: input.username, displayName: input.displayName });
  await assertRoleRegion(db, input.role, input.regionCode, actor.regionCode);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('staff_user').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw new AppError('USERNAME_TAKEN', 409, { field: 'username', params: { username: input.username } });
    const { id } = await tx
      .insertInto('staff_user')
      .values({ username: input.username, display_name: input.displayName, role: input.role, region_code: input.regionCode, password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = (await findUserById(tx, id))!;
    await appendAudit(tx, actor, { action: 'user.create', entity: 'staff_user', entityId: id, after: auditView(user), regionCode: user.regionCode });
    return user;
  });
}

export interface UserChanges {
  readonly displayName?: string | undefined;
  readonly role?: string | undefined;
  readonly regionCode?: string | undefined;
  readonly disabled?: boolean | undefined;
}

/** Loads a user the admin may manage: unknown and out-of-region users look the same (404). */
async function managedUser(db: Kysely<DB>, actor: AuditActor, id: number): Promise<StaffUser> {
  const user = await findUserById(db, id);
  if (!user || (actor.regionCode && !isWithinRegion(actor.regionCode, user.regionCode))) {
    throw new AppError('USER_NOT_FOUND', 404);
  }
  return user;
}

export async function updateUser(db: Kysely<DB>, actor: AuditActor, id: number, changes: UserChanges): Promise<StaffUser> {
  const current = await managedUser(db, actor, id);
  if (changes.disabled === true && actor.userId === id) throw new AppError('USER_SELF_DISABLE', 400, { field: 'disabled' });
  const role = changes.role ?? current.role;
  const regionCode = changes.regionCode ?? current.regionCode;
  if (changes.role !== undefined || changes.regionCode !== undefined) await assertRoleRegion(db, role, regionCode, actor.regionCode);
  const updated = await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('staff_user')
      .set({
        ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
        role,
        region_code: regionCode,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    // A disabled account, or one whose role or region changed, is signed out everywhere.
    if (changes.disabled === true || role !== current.role || regionCode !== current.regionCode) {
      await tx.deleteFrom('staff_session').where('user_id', '=', id).execute();
    }
    const user = (await findUserById(tx, id))!;
    await appendAudit(tx, actor, {
      action: changes.disabled === true ? 'user.disable' : changes.disabled === false ? 'user.enable' : 'user.update',
      entity: 'staff_user',
      entityId: id,
      before: auditView(current),
      after: auditView(user),
      regionCode: user.regionCode,
    });
    return user;
  });
  // Signed-out sessions, or a name, role or region cached with a session, are read again.
  sessionsChanged();
  return updated;
}

export async function resetPassword(db: Kysely<DB>, actor: AuditActor, id: number, password: string): Promise<void> {
  const user = await managedUser(db, actor, id);
  assertStrongPassword(password, user);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('staff_user').set({ password_hash: passwordHash, password_changed_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute();
    await tx.deleteFrom('staff_session').where('user_id', '=', id).execute();
    await clearAllFailures(tx, user.username);
    await appendAudit(tx, actor, { action: 'user.reset_password', entity: 'staff_user', entityId: id, regionCode: user.regionCode });
  });
  sessionsChanged();
}

/**
 * A user sets a new password, proving the current one. Their other sessions end; the one that asked
 * stays signed in. A wrong current password is audited and refused like a failed sign-in.
 */
export async function changeOwnPassword(
  db: Kysely<DB>,
  actor: AuditActor,
  keepSessionHash: string,
  change: { readonly currentPassword: string; readonly newPassword: string },
  policy: ThrottlePolicy,
  now = new Date(),
): Promise<void> {
  if (actor.userId === null) throw new Error('changeOwnPassword needs a signed-in actor');
  const row = await db.selectFrom('staff_user').select(['id', 'username', 'display_name', 'password_hash', 'region_code']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  // Checking the current password counts against the same lock-out as signing in, so a session left
  // open cannot be used to guess it.
  const attempt = await reserveAttempt(db, row.username, actor.ip, policy, now);
  if (!attempt.allowed) throw lockedError(attempt.lockedUntil, now);
  if (!(await verifyPassword(row.password_hash, change.currentPassword))) {
    await recordAudit(db, actor, {
      action: 'user.change_password_failed',
      entity: 'staff_user',
      entityId: row.id,
      regionCode: row.region_code,
      after: { reason: 'wrong_current_password', failures: attempt.failures, ...(attempt.lockedUntil ? { lockedUntil: attempt.lockedUntil.toISOString() } : {}) },
    });
    if (attempt.lockedUntil) throw lockedError(attempt.lockedUntil, now);
    throw new AppError('PASSWORD_CURRENT_WRONG', 400, { field: 'currentPassword' });
  }
  await clearFailures(db, row.username, actor.ip, now);
  assertStrongPassword(change.newPassword, { username: row.username, displayName: row.display_name }, 'newPassword');
  if (await verifyPassword(row.password_hash, change.newPassword)) throw new AppError('PASSWORD_UNCHANGED', 400, { field: 'newPassword' });
  const passwordHash = await hashPassword(change.newPassword);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('staff_user').set({ password_hash: passwordHash, password_changed_at: new Date(), updated_at: new Date() }).where('id', '=', row.id).execute();
    const ended = await tx.deleteFrom('staff_session').where('user_id', '=', row.id).where('token_hash', '<>', keepSessionHash).executeTakeFirst();
    await appendAudit(tx, actor, {
      action: 'user.change_password',
      entity: 'staff_user',
      entityId: row.id,
      regionCode: row.region_code,
      after: { otherSessionsEnded: Number(ended.numDeletedRows) },
    });
  });
  sessionsChanged();
}

export interface UserFilter {
  readonly q?: string | undefined;
  readonly role?: string | undefined;
  readonly regionCode?: string | undefined;
  readonly disabled?: boolean | undefined;
  /** Only users inside this region (the admin's own). */
  readonly scopePrefix: string;
  readonly page: number;
  readonly pageSize: number;
}

export async function listUsers(db: Kysely<DB>, filter: UserFilter): Promise<{ items: StaffUser[]; total: number }> {
  let query = usersWithRegion(db).where('u.region_code', 'like', `${filter.scopePrefix}%`);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('u.username', 'ilike', pattern), eb('u.display_name', 'ilike', pattern)]));
  }
  if (filter.role) query = query.where('u.role', '=', filter.role);
  if (filter.regionCode) query = query.where('u.region_code', '=', filter.regionCode);
  if (filter.disabled !== undefined) query = query.where('u.disabled', '=', filter.disabled);
  const [rows, count] = await Promise.all([
    query.orderBy('u.region_code').orderBy('u.username').limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize).execute(),
    query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toStaffUser), total: count.total };
}
