/**
 * Where each person stands on the village publicity of pension awards (待遇领取公示), for the award and the list
 * due for award: a person on a list still on the board, or with an objection not yet decided, waits; an upheld
 * objection keeps them off until they are published again; where the county's dated parameter
 * publicityBeforeAward says so, someone never published waits too.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ErrorCode } from '../../errors/messages.js';

/**
 * none: on no pension publicity; posted: on a list whose period has not ended (or not begun); ended: published
 * and the period over without an open objection; objection: an objection not yet decided; upheld: the latest
 * line was struck by an upheld objection.
 */
export type AwardPublicityState = 'none' | 'posted' | 'ended' | 'objection' | 'upheld';

export interface AwardPublicity {
  readonly state: AwardPublicityState;
  readonly publicityId: number | null;
  /** First and last day on the board (China dates) of the latest list naming the person. */
  readonly postedFrom: string | null;
  readonly postedTo: string | null;
}

const NONE: AwardPublicity = { state: 'none', publicityId: null, postedFrom: null, postedTo: null };

/**
 * The publicity state of each listed person (residentIds) on `today` (China date); people on no list are
 * absent from the map (state none).
 */
export async function awardPublicityStates(db: Kysely<DB>, countyCode: string, residentIds: readonly number[], today: string): Promise<Map<number, AwardPublicity>> {
  const out = new Map<number, AwardPublicity>();
  if (residentIds.length === 0) return out;
  const lines = await db
    .selectFrom('publicity_line as l')
    .innerJoin('publicity as p', (j) => j.onRef('p.county_code', '=', 'l.county_code').onRef('p.id', '=', 'l.publicity_id'))
    .leftJoin('publicity_objection as o', (j) => j.onRef('o.county_code', '=', 'l.county_code').onRef('o.line_id', '=', 'l.id'))
    .select((eb) => [
      'l.resident_id',
      'l.publicity_id',
      'p.posted_from',
      'p.posted_to',
      eb.fn.countAll<number>().filterWhere('o.id', 'is not', null).filterWhere('o.outcome', 'is', null).as('open'),
      eb.fn.countAll<number>().filterWhere('o.outcome', '=', 'upheld').as('upheld'),
    ])
    .where('l.county_code', '=', countyCode)
    .where('l.kind', '=', 'awards')
    // One array parameter (an award's cohort can be tens of thousands of people).
    .where(sql<boolean>`l.resident_id = any(${[...residentIds]}::int8[])`)
    .groupBy(['l.resident_id', 'l.publicity_id', 'p.posted_from', 'p.posted_to'])
    .orderBy('l.publicity_id')
    .execute();
  const open = new Set<number>();
  for (const l of lines) {
    if (Number(l.open) > 0) open.add(l.resident_id);
    // Ordered by publicity: the latest list naming the person decides, unless an objection is still open on any.
    const state: AwardPublicityState = Number(l.upheld) > 0 ? 'upheld' : today <= l.posted_to ? 'posted' : 'ended';
    out.set(l.resident_id, { state, publicityId: l.publicity_id, postedFrom: l.posted_from, postedTo: l.posted_to });
  }
  for (const id of open) out.set(id, { ...(out.get(id) ?? NONE), state: 'objection' });
  return out;
}

/** Why an award of a person in `state` must wait (null when it may go ahead). */
export function awardHold(p: AwardPublicity | undefined, publicityRequired: boolean): { code: ErrorCode; params: Record<string, unknown> } | null {
  const s = p ?? NONE;
  if (s.state === 'objection') return { code: 'PUBLICITY_OBJECTION_OPEN', params: { publicity: s.publicityId } };
  if (s.state === 'posted') return { code: 'PUBLICITY_NOT_ENDED', params: { publicity: s.publicityId, from: s.postedFrom, to: s.postedTo } };
  if (s.state === 'upheld') return { code: 'PUBLICITY_OBJECTION_UPHELD', params: { publicity: s.publicityId } };
  if (s.state === 'none' && publicityRequired) return { code: 'PUBLICITY_REQUIRED', params: {} };
  return null;
}
