// The lines of the fund statement (基金收支表) and of the account balances as the page shows them, each with the
// postings behind it (drill-down). The same order and grouping as the PDF and Excel files the server makes.
import type { TFunction } from 'i18next';
import { BALANCE_ACCOUNTS, GOVERNMENT_KINDS, GOVERNMENT_LEVELS, INCOME_KINDS, SPENDING_KINDS, type FundAccount, type FundStatement, type StatementLine } from './fundApi';

/** The postings behind a line: of an account (and kind, level), in the period or — for a balance — since the beginning. */
export interface Drill {
  readonly title: string;
  readonly account: FundAccount;
  readonly kind?: string;
  readonly level?: string;
  /** A balance: every posting up to the end of the period, not only those in it. */
  readonly cumulative: boolean;
  /** −1 where the line shows credits as positive amounts (income, the opening balance, the individual-account fund). */
  readonly sign: 1 | -1;
}

export interface Row {
  readonly key: string;
  readonly label: string;
  readonly amount: number | null;
  readonly indent: 0 | 1 | 2;
  readonly emphasis: 'heading' | 'line' | 'total' | 'grand';
  readonly drill?: Drill;
}

const sum = (lines: readonly { amount: number }[]) => lines.reduce((s, l) => s + l.amount, 0);
const levelIndex = (l: string) => (GOVERNMENT_LEVELS as readonly string[]).indexOf(l);

/** Kinds in the fixed order (every one), then any kind the page does not know. */
function kindsOf(fixed: readonly string[], lines: readonly StatementLine[]): string[] {
  return [...fixed, ...[...new Set(lines.map((l) => l.kind))].filter((k) => !fixed.includes(k))];
}

export function statementRows(s: FundStatement, t: TFunction): Row[] {
  const rows: Row[] = [{ key: 'opening', label: t('fund.statement.opening'), amount: s.openingBalance, indent: 0, emphasis: 'total' }];
  if (s.openingEntered !== 0) {
    const label = t('fund.statement.openingEntered');
    rows.push({ key: 'openingEntered', label, amount: s.openingEntered, indent: 0, emphasis: 'line', drill: { title: label, account: 'opening', cumulative: false, sign: -1 } });
  }
  rows.push({ key: 'income', label: t('fund.statement.income'), amount: null, indent: 0, emphasis: 'heading' });
  for (const kind of kindsOf(INCOME_KINDS, s.income)) {
    const lines = s.income.filter((l) => l.kind === kind);
    const label = t(`fund.incomeKinds.${kind}`, { defaultValue: kind });
    rows.push({ key: `income:${kind}`, label, amount: sum(lines), indent: 1, emphasis: 'line', drill: { title: label, account: 'income', kind, cumulative: false, sign: -1 } });
    if (!GOVERNMENT_KINDS.includes(kind)) continue;
    for (const l of [...lines].sort((a, b) => levelIndex(a.level) - levelIndex(b.level))) {
      if (!l.level) continue;
      const levelLabel = t(`fund.levels.${l.level}`, { defaultValue: l.level });
      rows.push({
        key: `income:${kind}:${l.level}`,
        label: levelLabel,
        amount: l.amount,
        indent: 2,
        emphasis: 'line',
        drill: { title: `${label} · ${levelLabel}`, account: 'income', kind, level: l.level, cumulative: false, sign: -1 },
      });
    }
  }
  const incomeTotal = t('fund.statement.incomeTotal');
  rows.push({ key: 'incomeTotal', label: incomeTotal, amount: s.incomeTotal, indent: 0, emphasis: 'total', drill: { title: incomeTotal, account: 'income', cumulative: false, sign: -1 } });
  rows.push({ key: 'spending', label: t('fund.statement.spending'), amount: null, indent: 0, emphasis: 'heading' });
  for (const kind of kindsOf(SPENDING_KINDS, s.spending)) {
    const label = t(`fund.spendingKinds.${kind}`, { defaultValue: kind });
    rows.push({ key: `spending:${kind}`, label, amount: sum(s.spending.filter((l) => l.kind === kind)), indent: 1, emphasis: 'line', drill: { title: label, account: 'spending', kind, cumulative: false, sign: 1 } });
  }
  const spendingTotal = t('fund.statement.spendingTotal');
  const individual = t('fund.statement.individualAccounts');
  rows.push(
    { key: 'spendingTotal', label: spendingTotal, amount: s.spendingTotal, indent: 0, emphasis: 'total', drill: { title: spendingTotal, account: 'spending', cumulative: false, sign: 1 } },
    { key: 'surplus', label: t('fund.statement.surplus'), amount: s.surplus, indent: 0, emphasis: 'total' },
    { key: 'closing', label: t('fund.statement.closing'), amount: s.closingBalance, indent: 0, emphasis: 'grand' },
    { key: 'individualAccounts', label: individual, amount: s.individualAccounts, indent: 1, emphasis: 'line', drill: { title: individual, account: 'individual_accounts', cumulative: true, sign: -1 } },
    { key: 'pooled', label: t('fund.statement.pooled'), amount: s.pooled, indent: 2, emphasis: 'line' },
  );
  return rows;
}

/**
 * The balances at the end of the period; the receivable by level only (receipts are not booked against a
 * kind, so a level's total is what it owes), then 合计.
 */
export function accountRows(s: FundStatement, t: TFunction): Row[] {
  const rows: Row[] = [];
  for (const account of BALANCE_ACCOUNTS) {
    const lines = s.accounts.filter((a) => a.account === account);
    const label = t(`fund.accounts.${account}`);
    rows.push({ key: account, label, amount: lines.reduce((x, a) => x + a.balance, 0), indent: 0, emphasis: 'line', drill: { title: label, account, cumulative: true, sign: 1 } });
    if (account !== 'receivable') continue;
    for (const level of GOVERNMENT_LEVELS) {
      const of = lines.filter((a) => a.level === level);
      const amount = of.reduce((x, a) => x + a.balance, 0);
      if (of.length === 0 || amount === 0) continue;
      const levelLabel = t(`fund.levels.${level}`);
      rows.push({ key: `receivable:${level}`, label: levelLabel, amount, indent: 1, emphasis: 'line', drill: { title: `${label} · ${levelLabel}`, account, level, cumulative: true, sign: 1 } });
    }
  }
  rows.push({ key: 'accountsTotal', label: t('fund.statement.accountsTotal'), amount: s.accountsTotal, indent: 0, emphasis: 'grand' });
  return rows;
}
