import { FileSearchOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { fenToYuan } from '../format';

/**
 * Column makers shared by the list pages, so a name, an ID number or an amount looks the same in every table.
 * Amounts arrive in fen (integers) and show as yuan with two decimals.
 */

/** An amount in fen shown as yuan (`strong` for the figure a row is about). */
export function money(v: number, strong = false): ReactNode {
  return strong ? <strong className="xnb-num">{fenToYuan(v)}</strong> : <span className="xnb-num">{fenToYuan(v)}</span>;
}

/** A right-aligned amount column of `key` (fen). */
export function moneyColumn<T>(key: keyof T & string, title: ReactNode, width: number, render: (v: number, row: T) => ReactNode = (v) => money(v)): ColumnType<T> {
  return { title, dataIndex: key, key, width, align: 'right', render: (v: number, r: T) => render(v, r) };
}

/** The person's name, opening their details when clicked; stays at the left while the table scrolls. */
export function nameColumn<T>(title: ReactNode, width: number, onOpen: (row: T) => void, testId: string, key: keyof T & string = 'name' as keyof T & string): ColumnType<T> {
  return {
    title,
    dataIndex: key,
    key,
    width,
    fixed: 'left',
    render: (v: string, r: T) => (
      <a onClick={() => onOpen(r)} data-testid={testId}>
        {v}
      </a>
    ),
  };
}

/** An ID number (masked or whole as the list gives it), in a fixed-width font on one line. */
export function idNumberColumn<T>(title: ReactNode, width = 150, key: keyof T & string = 'idNumberMasked' as keyof T & string): ColumnType<T> {
  return { title, dataIndex: key, key, width, render: (v: string) => <span className="xnb-mono xnb-nowrap">{v}</span> };
}

/** A centred date or month column in tabular figures. */
export function dateColumn<T>(key: keyof T & string, title: ReactNode, width: number): ColumnType<T> {
  return { title, dataIndex: key, key, width, align: 'center', render: (v: string | null) => <span className="xnb-num xnb-nowrap">{v ?? '—'}</span> };
}

/** The 操作 column with a 详情 link that opens the row's drawer. */
export function detailColumn<T>(title: ReactNode, label: ReactNode, width: number, onOpen: (row: T) => void, testId: string): ColumnType<T> {
  return {
    title,
    key: 'actions',
    width,
    fixed: 'right',
    render: (_: unknown, r: T) => (
      <Button size="small" type="link" icon={<FileSearchOutlined />} onClick={() => onOpen(r)} data-testid={testId}>
        {label}
      </Button>
    ),
  };
}
