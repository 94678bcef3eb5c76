import { Table } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuan } from '../../format';
import { ACCOUNT_SOURCES } from '../calculator/calcApi';

/** Sources always listed; the others only when the account held money from them. */
const MAIN_SOURCES: readonly string[] = ['individual', 'governmentSubsidy', 'hardshipPayment'];

/** An amount in fen as yuan, or — when the record has none. */
export const yuanOrDash = (fen: number | undefined | null) => (typeof fen === 'number' ? fenToYuan(fen) : '—');

/** One line under a key figure: what it is made of (`value` already formatted), `strong` for a subtotal. */
export interface AmountPart {
  key: string;
  label: ReactNode;
  value: ReactNode;
  note?: ReactNode;
  strong?: boolean;
}

/**
 * A key figure of a drawer (the monthly pension, what is still to recover, what the heirs are paid) in large
 * type with its unit and the sum it comes from, beside the list of its parts.
 */
export function AmountBlock({ testId, partsTestId, label, amount, unit, sum, parts, open, className, children }: { testId: string; partsTestId: string; label: ReactNode; amount: ReactNode; unit: ReactNode; sum: ReactNode; parts: readonly AmountPart[]; open?: boolean; className?: string; children?: ReactNode }) {
  return (
    <div className="xnb-pension-amounts">
      <div className={`xnb-pension-monthly${className ? ` ${className}` : ''}`} data-testid={testId}>
        <span className="xnb-pension-label">{label}</span>
        <span>
          <span className={`xnb-pension-amount${open ? ' xnb-death-open' : ''}`}>{amount}</span>
          <span className="xnb-pension-unit">{unit}</span>
        </span>
        <span className="xnb-pension-sum">{sum}</span>
        {children}
      </div>
      <dl className="xnb-pension-parts" data-testid={partsTestId}>
        {parts.map((p) => (
          <div key={p.key} className={p.strong ? 'xnb-pension-part-strong' : undefined}>
            <dt>
              {p.label}
              {p.note && <span className="xnb-pension-note">{p.note}</span>}
            </dt>
            <dd>{p.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** A column of amounts by account source (fen per source) with the total shown under it. */
export interface SourceColumn {
  title: string;
  bySource: Record<string, number>;
  total: number;
}

/**
 * An individual account by source (个人缴费, 政府补贴, 集体补助…): one row a source — the main ones always, the others
 * when they hold money — one column per `columns` entry, a row total when `rowTotal` names it, and the totals.
 */
export function SourceTable({ testId, columns, rowTotal }: { testId: string; columns: readonly SourceColumn[]; rowTotal?: { title: string; total: number } }) {
  const { t, i18n } = useTranslation();
  const inYuan = (label: string) => (i18n.language === 'en' ? `${label} (${t('pensions.yuan')})` : `${label}（${t('pensions.yuan')}）`);
  const known = new Set<string>(ACCOUNT_SOURCES);
  const extra = columns.flatMap((c) => Object.keys(c.bySource)).filter((s) => !known.has(s));
  const rows = [...ACCOUNT_SOURCES, ...new Set(extra)]
    .filter((s) => MAIN_SOURCES.includes(s) || columns.some((c) => (c.bySource[s] ?? 0) !== 0))
    .map((s) => ({ source: s, values: columns.map((c) => c.bySource[s] ?? 0) }));
  const width = rowTotal ? 150 : 180;
  const num = (v: number) => <span className="xnb-num">{yuanOrDash(v)}</span>;
  const totals = [...columns.map((c) => c.total), ...(rowTotal ? [rowTotal.total] : [])];
  return (
    <Table<(typeof rows)[number]>
      size="small"
      bordered
      rowKey="source"
      pagination={false}
      dataSource={rows}
      data-testid={testId}
      columns={[
        { title: t('pensions.source'), dataIndex: 'source', render: (v: string) => t(`account.source.${v}`, { defaultValue: v }) },
        ...columns.map((c, i) => ({ title: inYuan(c.title), key: `c${i}`, align: 'right' as const, width, render: (_: unknown, r: (typeof rows)[number]) => num(r.values[i]!) })),
        ...(rowTotal ? [{ title: inYuan(rowTotal.title), key: 'total', align: 'right' as const, width, render: (_: unknown, r: (typeof rows)[number]) => num(r.values.reduce((a, b) => a + b, 0)) }] : []),
      ]}
      summary={() => (
        <Table.Summary.Row className="xnb-pension-total">
          <Table.Summary.Cell index={0}>{t('pensions.total')}</Table.Summary.Cell>
          {totals.map((v, i) => (
            <Table.Summary.Cell key={i} index={i + 1} align="right">
              {yuanOrDash(v)}
            </Table.Summary.Cell>
          ))}
        </Table.Summary.Row>
      )}
    />
  );
}
