/**
 * The set-based match of a staged registry file with the county (数据比对, DOMAIN.md §6; the seed's comparison of
 * 142,000 applicants with the employee, institution and bank databases). One join on the ID number per file —
 * the county's side (enrolled people, 1 in 3 a pensioner) is hashed and the file's rows probe it — and only the
 * hits are written, each to the queue of the role that resolves it:
 * - employee / institution pension: a pensioner who draws the other pension, or an enrolled person who
 *   contributes to or draws it (dual_benefit → stop and recovery); a pensioner still contributing there, or any
 *   match whose name differs (recheck by the township);
 * - death records: an enrolled person or pensioner who died (death → the death flow with the registry's date);
 *   a different name (recheck);
 * - the bank's card database: a pensioner whose account the bank does not have, has closed, or holds for
 *   another ID number or name (bank_mismatch → correction of the account).
 * A person already waiting in the queue for the same registry is not queued twice, nor a hit dismissed before for
 * the same registry record (insertNew).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { CrossCheckRegistry, DB } from '../../db/schema.js';

/** Enrolled people of the county (not ended), with their pension if it still pays and the account it pays into. */
function people(countyCode: string): RawBuilder<unknown> {
  return sql`select e.resident_id, e.village_code, r.id_number::text as id_number, r.name, p.id as pension_id, coalesce(e.bank_account, e.card_number) as account
    from enrolment e
    join resident r on r.county_code = e.county_code and r.id = e.resident_id
    left join pension p on p.county_code = e.county_code and p.resident_id = e.resident_id and p.status <> 'stopped'
    where e.county_code = ${countyCode} and e.status <> 'terminated'`;
}

const COLUMNS = sql`county_code, batch_id, registry, kind, reason, proposed_kind, resident_id, village_code, pension_id, registry_row, registry_id_number, registry_name, registry_date, registry_card, registry_note, our_account`;

/**
 * The hits found, kept when they are news: not when the person already waits in the queue for the same registry,
 * nor when a hit of the same kind (what a re-check pointed to counts as its kind) was dismissed for the person
 * and the same registry record — the same ID number, name, date and reason (and, for bank cards, the same card,
 * card status and our account). A registry record that changed (a new death date, another name, a pension that
 * began) is queued again. The file's row number and free text (employer, source of a death record) do not count.
 */
function insertNew(countyCode: string, registry: CrossCheckRegistry, found: RawBuilder<unknown>): RawBuilder<unknown> {
  const bank = registry === 'bank_card';
  return sql`insert into cross_check_hit (${COLUMNS})
    select ${COLUMNS} from (${found}) c
    where not exists (select 1 from cross_check_hit h where h.county_code = ${countyCode} and h.resident_id = c.resident_id and h.registry = ${registry} and h.state = 'open')
      and not exists (
        select 1 from cross_check_hit h
        where h.county_code = ${countyCode} and h.resident_id = c.resident_id and h.registry = ${registry} and h.state = 'dismissed'
          and coalesce(h.proposed_kind, h.kind) = coalesce(c.proposed_kind, c.kind) and h.reason = c.reason
          and h.registry_id_number is not distinct from c.registry_id_number and h.registry_name is not distinct from c.registry_name
          and h.registry_date is not distinct from c.registry_date
          ${bank ? sql`and h.registry_card is not distinct from c.registry_card and h.registry_note is not distinct from c.registry_note and h.our_account is not distinct from c.our_account` : sql``})`;
}

function pensionHits(countyCode: string, batchId: number, registry: CrossCheckRegistry): RawBuilder<unknown> {
  return insertNew(countyCode, registry, sql`
    select ${countyCode}::char(6) as county_code, ${batchId}::bigint as batch_id, ${registry}::text as registry,
      case when m.same_name and not m.contributing then 'dual_benefit' else 'recheck' end as kind,
      case when not m.same_name then 'name_differs' when m.contributing then 'pensioner_contributing'
           when m.pension_id is not null then 'drawing_both' when m.status = 'recipient' then 'enrolled_recipient' else 'enrolled_participant' end as reason,
      case when m.same_name and not m.contributing then null else 'dual_benefit' end as proposed_kind,
      m.resident_id, m.village_code, m.pension_id, m.row_no as registry_row, m.s_id as registry_id_number, m.s_name as registry_name,
      nullif(m.d, '') as registry_date, null::text as registry_card, nullif(m.note, '') as registry_note, m.account as our_account
    from (
      select distinct on (p.resident_id) p.*, s.row_no, s.id_number as s_id, s.name as s_name, s.status, s.d, s.note,
        s.name = p.name as same_name, (s.status = 'participant' and p.pension_id is not null) as contributing
      from cc_stage s join (${people(countyCode)}) p on p.id_number = s.id_number
      order by p.resident_id, (s.name = p.name) desc, (s.status = 'recipient') desc, s.row_no
    ) m`);
}

function deathHits(countyCode: string, batchId: number): RawBuilder<unknown> {
  return insertNew(countyCode, 'death', sql`
    select ${countyCode}::char(6) as county_code, ${batchId}::bigint as batch_id, 'death'::text as registry,
      case when m.same_name then 'death' else 'recheck' end as kind,
      case when not m.same_name then 'name_differs' when m.pension_id is not null then 'dead_paid' else 'dead_enrolled' end as reason,
      case when m.same_name then null else 'death' end as proposed_kind,
      m.resident_id, m.village_code, m.pension_id, m.row_no as registry_row, m.s_id as registry_id_number, m.s_name as registry_name,
      m.d as registry_date, null::text as registry_card, nullif(m.note, '') as registry_note, m.account as our_account
    from (
      select distinct on (p.resident_id) p.*, s.row_no, s.id_number as s_id, s.name as s_name, s.d, s.note, s.name = p.name as same_name
      from cc_stage s join (${people(countyCode)}) p on p.id_number = s.id_number
      order by p.resident_id, (s.name = p.name) desc, s.d, s.row_no
    ) m`);
}

function bankHits(countyCode: string, batchId: number): RawBuilder<unknown> {
  return insertNew(countyCode, 'bank_card', sql`
    with found as (
      select distinct on (p.resident_id) p.*, s.row_no, s.id_number as s_id, s.name as s_name, s.status as s_status
      from (${people(countyCode)}) p left join cc_stage s on s.card = p.account
      where p.pension_id is not null
      order by p.resident_id, (s.id_number = p.id_number and s.name = p.name and s.status = 'normal') desc nulls last, s.row_no
    ), m as (
      select * from found f
      where f.row_no is null or f.s_status <> 'normal' or f.s_id <> f.id_number or f.s_name <> f.name
    ), own as (
      select distinct on (s.id_number) s.id_number, s.card from cc_stage s
      where s.status = 'normal' and s.id_number in (select id_number from m)
      order by s.id_number, s.row_no
    )
    select ${countyCode}::char(6) as county_code, ${batchId}::bigint as batch_id, 'bank_card'::text as registry, 'bank_mismatch'::text as kind,
      case when m.account is null then 'no_account' when m.row_no is null then 'card_not_found' when m.s_status <> 'normal' then 'card_closed'
           when m.s_id <> m.id_number then 'holder_differs' else 'name_differs' end as reason,
      null::text as proposed_kind, m.resident_id, m.village_code, m.pension_id, m.row_no as registry_row, m.s_id as registry_id_number,
      m.s_name as registry_name, null::text as registry_date, own.card as registry_card, m.s_status as registry_note, m.account as our_account
    from m left join own on own.id_number = m.id_number`);
}

/**
 * The people a registry's file is compared with (enrolled people; pensioners for the bank's cards) — how many,
 * and the keys a row of the file must hold to match one of them, joined by commas: their ID numbers, and for
 * the bank's cards also the accounts they are paid into (staging.ts KeyFilter keeps only such rows). Read in the
 * loading transaction's snapshot, so the match that follows sees the same people.
 */
export async function matchKeys(tx: Kysely<DB>, countyCode: string, registry: CrossCheckRegistry): Promise<{ people: number; keys: string }> {
  const bank = registry === 'bank_card';
  const result = await sql<{ n: number; keys: string | null }>`
    select count(*)::int as n, string_agg(${bank ? sql`concat_ws(',', p.id_number, p.account)` : sql`p.id_number`}, ',') as keys
    from (${people(countyCode)}) p ${bank ? sql`where p.pension_id is not null` : sql``}`.execute(tx);
  return { people: result.rows[0]?.n ?? 0, keys: result.rows[0]?.keys ?? '' };
}

/**
 * Matches the staged rows (the transaction's `cc_stage`) of one batch and writes its hits. Returns the hits by kind.
 */
export async function matchStaged(tx: Kysely<DB>, batch: { countyCode: string; batchId: number; registry: CrossCheckRegistry }): Promise<{ byKind: Record<string, number> }> {
  const { countyCode, batchId, registry } = batch;
  const insert = registry === 'death' ? deathHits(countyCode, batchId) : registry === 'bank_card' ? bankHits(countyCode, batchId) : pensionHits(countyCode, batchId, registry);
  await insert.execute(tx);
  const kinds = await tx
    .selectFrom('cross_check_hit')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('county_code', '=', countyCode)
    .where('batch_id', '=', batchId)
    .groupBy('kind')
    .execute();
  return { byKind: Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)])) };
}
