import { sql, type Kysely } from 'kysely';
import { countInWindows, type VillageWindow } from '../../db/windows.js';
import type { AuditLogRow, DB } from '../../db/schema.js';
import { GENESIS_HASH, rowHash } from './chain.js';

/** Who did it: taken from the signed-in user and the request. */
export interface AuditActor {
  readonly userId: number | null;
  readonly username: string | null;
  readonly role: string | null;
  readonly regionCode: string | null;
  readonly requestId: string | null;
  readonly ip: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, username: 'system', role: null, regionCode: null, requestId: null, ip: null };

export interface AuditEntry {
  readonly action: string;
  readonly entity: string;
  readonly entityId?: string | number | null;
  readonly before?: unknown;
  readonly after?: unknown;
  /** The region the change concerns; defaults to the actor's region. */
  readonly regionCode?: string | null;
}

/** Arbitrary constant: appends are serialised so every row links to the one before. */
const AUDIT_CHAIN_LOCK = 7_783_002;

/** JSON round trip: what jsonb will give back (dates as ISO strings, undefined dropped). */
function asStored(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/**
 * Appends one row to the audit log. Call it with the transaction that makes the change, so the
 * change and its audit row commit or roll back together.
 */
export async function appendAudit(tx: Kysely<DB>, actor: AuditActor, entry: AuditEntry): Promise<number> {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(tx);
  const last = await tx.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const before = asStored(entry.before);
  const after = asStored(entry.after);
  const row = {
    id: (last?.id ?? 0) + 1,
    at: new Date(),
    user_id: actor.userId,
    username: actor.username,
    role: actor.role,
    region_code: entry.regionCode === undefined ? actor.regionCode : entry.regionCode,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    before,
    after,
    request_id: actor.requestId,
    ip: actor.ip,
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const hash = rowHash(row);
  await tx
    .insertInto('audit_log')
    .values({ ...row, before: before === null ? null : JSON.stringify(before), after: after === null ? null : JSON.stringify(after), hash })
    .execute();
  return row.id;
}

/** Appends in a transaction of its own (for events that change nothing else, such as a refused access). */
export async function recordAudit(db: Kysely<DB>, actor: AuditActor, entry: AuditEntry): Promise<number> {
  return db.transaction().execute((tx) => appendAudit(tx, actor, entry));
}

export type AuditProblemKind = 'hash_mismatch' | 'broken_link' | 'missing_rows';
export interface AuditProblem {
  readonly id: number;
  readonly kind: AuditProblemKind;
}
export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly problems: AuditProblem[];
}

/** Recomputes every hash and link; names each row that was edited, and the places where rows were deleted. */
export async function verifyAuditChain(db: Kysely<DB>, batchSize = 5000): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  let checked = 0;
  let expectedId = 1;
  let previousHash = GENESIS_HASH;
  for (;;) {
    const rows: AuditLogRow[] = await db.selectFrom('audit_log').selectAll().where('id', '>=', expectedId).orderBy('id').limit(batchSize).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.id !== expectedId) problems.push({ id: row.id, kind: 'missing_rows' });
      if (row.prev_hash !== previousHash) problems.push({ id: row.id, kind: 'broken_link' });
      if (rowHash(row) !== row.hash) problems.push({ id: row.id, kind: 'hash_mismatch' });
      previousHash = row.hash;
      expectedId = row.id + 1;
      checked += 1;
    }
  }
  return { ok: problems.length === 0, checked, problems };
}

export interface AuditFilter {
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly username?: string | undefined;
  /** Part of the actor's name or user name. */
  readonly actor?: string | undefined;
  /** An action code, or the start of one (`enrolment.` for every enrolment step). */
  readonly action?: string | undefined;
  readonly entity?: string | undefined;
  /** Rows about this region or below it (prefix of the 12-digit code). */
  readonly regionPrefix?: string | undefined;
}

/** An audit row with the actor's name as the user record has it now (null for the system or an unknown sign-in). */
export type AuditRow = AuditLogRow & { readonly actor_name: string | null };

const like = (text: string) => `%${text.replace(/[%_\\]/g, '\\$&')}%`;

function filtered(db: Kysely<DB>, filter: AuditFilter) {
  let query = db.selectFrom('audit_log as a').leftJoin('staff_user as u', 'u.id', 'a.user_id');
  if (filter.from) query = query.where('a.at', '>=', filter.from);
  if (filter.to) query = query.where('a.at', '<', filter.to);
  if (filter.username) query = query.where('a.username', '=', filter.username);
  if (filter.actor) {
    const pattern = like(filter.actor);
    query = query.where((eb) => eb.or([eb('u.display_name', 'like', pattern), eb('a.username', 'like', pattern)]));
  }
  if (filter.action) query = query.where('a.action', 'like', `${filter.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (filter.entity) query = query.where('a.entity', '=', filter.entity);
  if (filter.regionPrefix) query = query.where('a.region_code', 'like', `${filter.regionPrefix}%`);
  return query;
}

export async function listAudit(db: Kysely<DB>, filter: AuditFilter & { page: number; pageSize: number }): Promise<{ items: AuditRow[]; total: number }> {
  const query = filtered(db, filter);
  const [items, count] = await Promise.all([
    query.selectAll('a').select('u.display_name as actor_name').orderBy('a.id', 'desc').limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.total) };
}

/** Every row of the filter, newest first, up to `limit` (the Excel export). */
export async function exportAudit(db: Kysely<DB>, filter: AuditFilter, limit = 100_000): Promise<AuditRow[]> {
  return filtered(db, filter).selectAll('a').select('u.display_name as actor_name').orderBy('a.id', 'desc').limit(limit).execute();
}

/**
 * 月度经办 "changes": how many changes to residents' records each village made within its window of recording
 * time, as the audit log has them — contact details changed (resident.contact) and enrolments ended for a
 * reason other than death (enrolment.terminate; deaths are counted on their own).
 */
export function recordChangesInWindows(db: Kysely<DB>, windows: readonly VillageWindow[]): Promise<Map<string, number>> {
  return countInWindows(
    db,
    { table: 'audit_log', at: 'at', village: 'region_code', where: sql`(t.action = 'resident.contact' or (t.action = 'enrolment.terminate' and coalesce(t.after ->> 'reason', '') <> 'death'))` },
    windows,
  );
}
