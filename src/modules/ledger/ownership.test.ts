// Issue 8: the ledger module owns every money table. No source file outside src/modules/ledger/ may insert
// into, update, delete from or truncate them — whether through Kysely or in raw SQL. (Tests may read them.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const LEDGER_TABLES = ['account_entry', 'fund_entry', 'ledger_journal', 'account_balance', 'fund_month', 'subsidy_request'];
const ROOT = join(import.meta.dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** The writes to ledger tables in a source text, as short descriptions. */
export function ledgerWrites(text: string): string[] {
  const found: string[] = [];
  for (const table of LEDGER_TABLES) {
    const kysely = new RegExp(`\\.(insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\\(\\s*['"\`]${table}\\b`, 'g');
    const raw = new RegExp(`\\b(insert\\s+into|update|delete\\s+from|truncate(\\s+table)?|merge\\s+into|copy)\\s+${table}\\b`, 'gi');
    for (const m of text.matchAll(kysely)) found.push(`${m[1]}(${table})`);
    for (const m of text.matchAll(raw)) found.push(`${m[1]!.toLowerCase()} ${table}`);
  }
  return found;
}

describe('the ledger owns its tables', () => {
  it('finds writes in Kysely and raw SQL (the checker itself)', () => {
    expect(ledgerWrites(`await tx.insertInto('account_entry').values(x)`)).toEqual(['insertInto(account_entry)']);
    expect(ledgerWrites('sql`insert into fund_entry (a) values (1)`; sql`UPDATE account_balance set`')).toEqual(['insert into fund_entry', 'update account_balance']);
    expect(ledgerWrites(`db.selectFrom('account_entry').select('amount')`)).toEqual([]);
  });

  it('has no file outside src/modules/ledger/ that writes a ledger table', () => {
    const offenders = sourceFiles(join(ROOT, 'src'))
      .filter((path) => !relative(ROOT, path).startsWith(join('src', 'modules', 'ledger')))
      .flatMap((path) => ledgerWrites(readFileSync(path, 'utf8')).map((w) => `${relative(ROOT, path)}: ${w}`));
    expect(offenders).toEqual([]);
  });
});
