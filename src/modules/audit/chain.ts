import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields a row's hash covers, in a fixed order. */
export interface ChainedFields {
  readonly id: number;
  readonly at: Date;
  readonly user_id: number | null;
  readonly username: string | null;
  readonly role: string | null;
  readonly region_code: string | null;
  readonly action: string;
  readonly entity: string;
  readonly entity_id: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly request_id: string | null;
  readonly ip: string | null;
  readonly prev_hash: string;
}

/** JSON with object keys sorted at every level, so jsonb's own key order does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function rowHash(row: ChainedFields): string {
  const content = canonicalJson([
    row.id,
    row.at.toISOString(),
    row.user_id,
    row.username,
    row.role,
    row.region_code,
    row.action,
    row.entity,
    row.entity_id,
    row.before ?? null,
    row.after ?? null,
    row.request_id,
    row.ip,
    row.prev_hash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}
