import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';

export interface ThrottlePolicy {
  /** Wrong passwords from one address before that address is locked out of the account. */
  readonly maxFailedLogins: number;
  /** The first lock; each further failure after a lock ends doubles it. */
  readonly lockMinutes: number;
  /** The longest lock. */
  readonly maxLockMinutes: number;
}

/** The key for a request without a known address (in-process calls): they share one counter. */
const UNKNOWN_CLIENT = 'unknown';

export type Attempt = { readonly allowed: true; readonly failures: number; readonly lockedUntil: Date | null } | { readonly allowed: false; readonly lockedUntil: Date };

/**
 * Reserves one password check for a user name from a client address, counting it as a failure until
 * `clearFailures` says it was right. One statement: while the pair is locked the row is not updated and
 * nothing is returned, so of any number of parallel attempts at most `maxFailedLogins` are checked.
 * The attempt that reaches the limit sets the lock (it is still checked: a right password clears it).
 */
export async function reserveAttempt(db: Kysely<DB>, username: string, client: string | null, policy: ThrottlePolicy, now: Date): Promise<Attempt> {
  const key = client ?? UNKNOWN_CLIENT;
  const at = now.toISOString();
  // Lock length in seconds for a failure count: lockMinutes × 2^(failures − max), capped.
  const lockSeconds = (failures: ReturnType<typeof sql>) =>
    sql`least(${policy.lockMinutes * 60}::double precision * power(2, least(greatest(${failures} - ${policy.maxFailedLogins}, 0), 30)), ${policy.maxLockMinutes * 60}::double precision)`;
  const row = await sql<{ failures: number; locked_until: Date | null }>`
    insert into login_throttle as t (username, client, failures, locked_until, last_failure_at)
    values (${username}, ${key}, 1,
            case when 1 >= ${policy.maxFailedLogins} then ${at}::timestamptz + ${lockSeconds(sql`1`)} * interval '1 second' end,
            ${at}::timestamptz)
    on conflict (username, client) do update set
      failures = t.failures + 1,
      locked_until = case when t.failures + 1 >= ${policy.maxFailedLogins}
                          then ${at}::timestamptz + ${lockSeconds(sql`(t.failures + 1)`)} * interval '1 second' end,
      last_failure_at = ${at}::timestamptz
    where t.locked_until is null or t.locked_until <= ${at}::timestamptz
    returning failures, locked_until`.execute(db);
  const reserved = row.rows[0];
  if (reserved) return { allowed: true, failures: reserved.failures, lockedUntil: reserved.locked_until };
  const current = await db
    .selectFrom('login_throttle')
    .select('locked_until')
    .where('username', '=', username)
    .where('client', '=', key)
    .executeTakeFirst();
  return { allowed: false, lockedUntil: current?.locked_until ?? now };
}

/** A right password from this address: its counter starts again (other addresses keep theirs). */
export async function clearFailures(db: Kysely<DB>, username: string, client: string | null, now: Date): Promise<void> {
  await db
    .deleteFrom('login_throttle')
    .where((eb) =>
      eb.or([
        eb.and([eb('username', '=', username), eb('client', '=', client ?? UNKNOWN_CLIENT)]),
        // Counters of other pairs untouched for a day and not locked are forgotten.
        eb.and([eb('last_failure_at', '<', new Date(now.getTime() - 86_400_000)), eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)])]),
      ]),
    )
    .execute();
}

/** An administrator's password reset lifts every lock on the account. */
export async function clearAllFailures(db: Kysely<DB>, username: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('username', '=', username).execute();
}

/** 429 naming the minutes until the lock ends (at least one). */
export function lockedError(lockedUntil: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  return new AppError('AUTH_ACCOUNT_LOCKED', 429, { params: { minutes } });
}
