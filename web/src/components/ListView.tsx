import { Alert, Button, Card, Form, Input, Space, Table, type FormInstance, type TableColumnsType, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { usePaged } from '../hooks/usePaged';
import ErrorAlert from './ErrorAlert';
import ExportButton from './ExportButton';
import RegionTreeSelect from './RegionTreeSelect';
import './list.css';

/**
 * The shared parts of every list page (名册/台账): a filter bar, a summary line with the page's actions, the paged
 * table and its export. A page keeps only what is its own: its columns, its filters and its summary's words.
 */

/** What `usePaged` returns: the list state a table pages through. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PagedList<T> = ReturnType<typeof usePaged<T, any>>;

/** The total width in pixels of a table's columns, grouped ones included (a column without a width counts 80). */
export function columnsWidth<T>(cols: TableColumnsType<T>): number {
  return cols.reduce((s, c) => s + ('children' in c && c.children ? columnsWidth(c.children) : typeof c.width === 'number' ? c.width : 80), 0);
}

export interface FilterBarProps<V> {
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  /** Called with all the form's values: at once when a choice changes, on 查询 / Enter for typed text. */
  onApply: (values: V) => void;
  /** The fields typed as text, which wait for 查询 / Enter (default `q`). */
  typed?: readonly string[];
  /** A 查询 button and a 重置 button at the end (for bars whose text fields are plain inputs). */
  searchButtons?: boolean;
  /**
   * An export of what the list shows, at the end of the bar; `fullIdNumbers` for a list of people (those whose
   * role may export whole ID numbers get that second choice, see ExportButton).
   */
  exportLink?: { href: string; testId: string; label: ReactNode; fullIdNumbers?: boolean };
  className?: string;
  /** Without the card (a bar inside a tab or a drawer that is already framed). */
  bare?: boolean;
  children: ReactNode;
}

/**
 * The filter bar above a list: an inline form in a card. Choices (region, year, status…) apply as soon as they
 * change; typed text applies on 查询 or Enter, so the list does not reload on every key.
 */
export function FilterBar<V extends object>({ form, initialValues, onApply, typed = ['q'], searchButtons, exportLink, className, bare, children }: FilterBarProps<V>) {
  const { t } = useTranslation();
  const bar = (
    <Form<V>
      form={form}
      layout="inline"
      className={bare ? className : undefined}
      initialValues={initialValues}
      onValuesChange={(changed: Partial<V>) => {
        if (Object.keys(changed).some((k) => typed.includes(k))) return;
        onApply(form.getFieldsValue());
      }}
      onFinish={(v) => onApply({ ...form.getFieldsValue(), ...v })}
      style={{ rowGap: 8 }}
    >
      {children}
      {searchButtons && (
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                onApply(form.getFieldsValue());
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      )}
      {exportLink && (
        <Form.Item>
          <ExportButton href={exportLink.href} testId={exportLink.testId} fullIdNumbers={exportLink.fullIdNumbers}>
            {exportLink.label}
          </ExportButton>
        </Form.Item>
      )}
    </Form>
  );
  return bare ? bar : <Card size="small" className={`xnb-card xnb-filter${className ? ` ${className}` : ''}`}>{bar}</Card>;
}

/** A search box (name, ID number…) that applies on its 查询 button or Enter. */
export function SearchField({ name = 'q', label, placeholder, width = 240, testId }: { name?: string; label?: ReactNode; placeholder?: string; width?: number; testId?: string }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  return (
    <Form.Item name={name} label={label}>
      <Input.Search allowClear style={{ width }} maxLength={40} placeholder={placeholder} onSearch={() => form.submit()} enterButton={t('common.search')} data-testid={testId} />
    </Form.Item>
  );
}

/** The region filter: a township or village within the user's own region (all of it when empty). */
export function RegionField({ name = 'regionCode', label, width = 200 }: { name?: string; label?: ReactNode; width?: number }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label ?? t('residents.region')}>
      <RegionTreeSelect placeholder={t('common.all')} style={{ width }} />
    </Form.Item>
  );
}

/**
 * The line above a list: its totals (`children`, shown once `ready`, else 加载中) and, on the right, the page's
 * actions on the ticked rows.
 */
export function ListSummary({ testId, ready, children, actions, className }: { testId: string; ready: boolean; children?: ReactNode; actions?: ReactNode; className?: string }) {
  const { t } = useTranslation();
  return (
    <div className={`xnb-list-summary${className ? ` ${className}` : ''}`} data-testid={testId}>
      {ready ? children : <span className="xnb-muted">{t('common.loading')}</span>}
      {actions && <span className="xnb-list-actions">{actions}</span>}
    </div>
  );
}

/** The rows a bulk action refused, each with the person's name and the reason, until closed. */
export function RefusedList({ testId, title, items, onClose }: { testId: string; title: ReactNode; items: readonly { key: string | number; name: string; message: string }[]; onClose: () => void }) {
  if (items.length === 0) return null;
  return (
    <div data-testid={testId}>
      <Alert
        type="warning"
        showIcon
        closable={{ onClose }}
        className="xnb-list-refused"
        title={title}
        description={
          <ul>
            {items.map((r) => (
              <li key={r.key}>
                <strong>{r.name}</strong>：{r.message}
              </li>
            ))}
          </ul>
        }
      />
    </div>
  );
}

export type PagedTableProps<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'columns'> & {
  list: PagedList<T>;
  columns: TableColumnsType<T>;
  /** The table's scroll width; by default the columns' widths (and the tick column's). */
  scrollX?: number;
  /** A short list inside a drawer: small pager, shown only when there is more than one page. */
  compact?: boolean;
};

/**
 * One page of a list in a bordered table: paging with 20/50/100 rows, the total in words, the header kept in view
 * under the app's header while the page scrolls. A total the server stopped counting (`totalExact: false`) reads
 * "超过 1,000 条" with a 精确计数 link that asks for the exact figure.
 */
export function PagedTable<T extends object>({ list, columns, scrollX, rowSelection, compact, ...rest }: PagedTableProps<T>) {
  const paging = { current: list.page, pageSize: list.pageSize, total: list.data.total, showTotal: (total: number) => <TotalInWords list={list} total={total} />, onChange: list.onPageChange };
  return (
    <Table<T>
      size="small"
      bordered
      loading={list.loading}
      columns={columns}
      dataSource={list.data.items}
      {...(compact
        ? { pagination: list.data.total > list.pageSize && { ...paging, size: 'small', showSizeChanger: false } }
        : {
            scroll: { x: scrollX ?? columnsWidth(columns) + (rowSelection ? 32 : 0) },
            sticky: { offsetHeader: 55 },
            pagination: { ...paging, showSizeChanger: true, pageSizeOptions: [20, 50, 100] },
          })}
      rowSelection={rowSelection && { columnWidth: 32, fixed: 'left', preserveSelectedRowKeys: true, ...rowSelection }}
      {...rest}
    />
  );
}

/** A list's total in words: exact, or "more than" with a link that counts exactly. */
function TotalInWords<T>({ list, total }: { list: PagedList<T>; total: number }) {
  const { t } = useTranslation();
  if (list.data.totalExact !== false) return <>{t('common.total', { total })}</>;
  return (
    <span data-testid="list-total-capped">
      {t('common.totalAtLeast', { total: total.toLocaleString('en-US') })}{' '}
      <a onClick={list.countExactly} data-testid="list-count-exactly">
        {t('common.countExactly')}
      </a>
    </span>
  );
}

/** The card under the filter bar: the summary line, any error, then the table (and whatever the page adds). */
export function ListCard({ summary, error, children }: { summary?: ReactNode; error?: unknown; children: ReactNode }) {
  return (
    <Card size="small" className="xnb-card" style={{ marginTop: 12 }}>
      {summary}
      <ErrorAlert error={error ?? null} />
      {children}
    </Card>
  );
}
