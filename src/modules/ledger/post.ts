/**
 * The one place that writes the ledger's tables (issue 8, ARCHITECTURE.md): a journal, its person-side
 * entries (account_entry, by resident and source), its fund-side entries (fund_entry) and the two balance
 * tables, in the caller's transaction. The person side is mirrored on the fund side by the individual-account
 * fund (个人账户基金, credit) and its earmark (debit), so every journal's fund entries add up to zero.
 */
import { sql, type Kysely } from 'kysely';
import type { AccountEntryKind, DB, FundAccount, LedgerJournalKind } from '../../db/schema.js';
import type { AccountSource, Fen, GovernmentLevel } from '../../rules/index.js';

/** One movement of a person's individual account by source (fen; credit positive). */
export interface PersonPosting {
  readonly residentId: number;
  readonly source: AccountSource;
  readonly amount: Fen;
  readonly kind: AccountEntryKind;
  readonly year?: number | null;
  readonly contributionId?: number | null;
  readonly paymentId?: number | null;
  /** Defaults to the journal's day. */
  readonly postedOn?: string;
}

/** One fund-side amount (fen; debit positive, credit negative). */
export interface FundPosting {
  readonly account: FundAccount;
  readonly kind?: string;
  readonly level?: GovernmentLevel | '';
  readonly amount: Fen;
}

export interface JournalHeader {
  readonly countyCode: string;
  readonly kind: LedgerJournalKind;
  /** China date (ISO) the journal is posted on. */
  readonly postedOn: string;
  readonly reference?: string | null;
  readonly memo?: string | null;
  readonly recordedBy?: number | null;
}

/** A journal that does not balance is a programming error: nothing is written. */
export class UnbalancedJournalError extends Error {
  constructor(readonly header: JournalHeader, readonly difference: number) {
    super(`journal ${header.kind} ${header.reference ?? ''} does not balance: ${difference} fen`);
  }
}

/** Adds up fund postings with the same account, kind and level and drops zeros, in a fixed order (no deadlocks). */
export function mergeFundPostings(rows: readonly FundPosting[]): { account: FundAccount; kind: string; level: string; amount: number }[] {
  const merged = new Map<string, { account: FundAccount; kind: string; level: string; amount: number }>();
  for (const r of rows) {
    if (!Number.isSafeInteger(r.amount)) throw new RangeError(`fund amount ${r.amount} is not whole fen`);
    const key = `${r.account}|${r.kind ?? ''}|${r.level ?? ''}`;
    const m = merged.get(key);
    if (m) m.amount += r.amount;
    else merged.set(key, { account: r.account, kind: r.kind ?? '', level: r.level ?? '', amount: r.amount });
  }
  return [...merged.entries()]
    .filter(([, v]) => v.amount !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => v);
}

/**
 * Writes one journal in the caller's transaction: the person entries, the fund entries (plus the individual-
 * account fund and its earmark for the person side's total), and keeps account_balance and fund_month.
 * Returns the journal id (0 when there is nothing to post). Throws UnbalancedJournalError when the fund entries do not add up to zero.
 */
export async function postJournal(tx: Kysely<DB>, header: JournalHeader, person: readonly PersonPosting[], fund: readonly FundPosting[]): Promise<number> {
  const personRows = person.filter((p) => p.amount !== 0);
  const personTotal = personRows.reduce((s, p) => s + p.amount, 0);
  const rows = mergeFundPostings([...fund, { account: 'individual_accounts', amount: -personTotal }, { account: 'earmark', amount: personTotal }]);
  const difference = rows.reduce((s, r) => s + r.amount, 0);
  if (difference !== 0) throw new UnbalancedJournalError(header, difference);
  if (personRows.length === 0 && rows.length === 0) return 0;
  // One statement: the journal, its entries on both sides and the two balance tables (one round trip).
  const balances = new Map<string, { residentId: number; source: string; amount: number }>();
  for (const p of personRows) {
    const key = `${p.residentId}|${p.source}`;
    const b = balances.get(key);
    if (b) b.amount += p.amount;
    else balances.set(key, { residentId: p.residentId, source: p.source, amount: p.amount });
  }
  // In a fixed order, so concurrent postings lock balance rows in the same order (no deadlock).
  const byKey = [...balances.values()].filter((b) => b.amount !== 0).sort((a, b) => a.residentId - b.residentId || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  const month = header.postedOn.slice(0, 7);
  const result = await sql<{ id: number }>`
    with j as (
      insert into ledger_journal (county_code, kind, posted_on, reference, memo, recorded_by)
      values (${header.countyCode}, ${header.kind}, ${header.postedOn}::date, ${header.reference ?? null}, ${header.memo?.slice(0, 300) ?? null}, ${header.recordedBy ?? null}::int8)
      returning id
    ), person as (
      insert into account_entry (county_code, resident_id, posted_on, kind, source, amount, year, contribution_id, payment_id, journal_id)
      select ${header.countyCode}, u.resident_id, u.posted_on, u.kind, u.source, u.amount, u.year, u.contribution_id, u.payment_id, j.id
      from j, unnest(${personRows.map((p) => p.residentId)}::int8[], ${personRows.map((p) => p.postedOn ?? header.postedOn)}::date[], ${personRows.map((p) => p.kind)}::text[],
                     ${personRows.map((p) => p.source)}::text[], ${personRows.map((p) => p.amount)}::int8[], ${personRows.map((p) => p.year ?? null)}::int4[],
                     ${personRows.map((p) => p.contributionId ?? null)}::int8[], ${personRows.map((p) => p.paymentId ?? null)}::int8[])
           as u(resident_id, posted_on, kind, source, amount, year, contribution_id, payment_id)
      returning 1
    ), fund as (
      insert into fund_entry (county_code, journal_id, posted_on, account, kind, level, amount)
      select ${header.countyCode}, j.id, ${header.postedOn}::date, u.account, u.kind, u.level, u.amount
      from j, unnest(${rows.map((r) => r.account)}::text[], ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.level)}::text[], ${rows.map((r) => r.amount)}::int8[]) as u(account, kind, level, amount)
      returning 1
    ), months as (
      insert into fund_month (county_code, month, account, kind, level, amount)
      select ${header.countyCode}, ${month}, u.account, u.kind, u.level, u.amount
      from unnest(${rows.map((r) => r.account)}::text[], ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.level)}::text[], ${rows.map((r) => r.amount)}::int8[]) as u(account, kind, level, amount)
      on conflict (county_code, month, account, kind, level) do update set amount = fund_month.amount + excluded.amount
      returning 1
    ), balances as (
      insert into account_balance (county_code, resident_id, source, balance)
      select ${header.countyCode}, u.resident_id, u.source, u.amount
      from unnest(${byKey.map((b) => b.residentId)}::int8[], ${byKey.map((b) => b.source)}::text[], ${byKey.map((b) => b.amount)}::int8[]) as u(resident_id, source, amount)
      on conflict (county_code, resident_id, source) do update set balance = account_balance.balance + excluded.balance
      returning 1
    )
    select j.id, (select count(*) from person) + (select count(*) from fund) + (select count(*) from months) + (select count(*) from balances) as written from j`.execute(tx);
  const journalId = result.rows[0]!.id;
  return journalId;
}
