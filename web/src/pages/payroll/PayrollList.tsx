import { Button, Card, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { fenToYuan, formatDateTime } from '../../format';
import type { Payroll } from './payrollApi';
import { PayrollStatusTag } from './PayrollTags';

/** 发放批次: the county's monthly payrolls, newest first (totals in the user's region); a click opens one. */
export default function PayrollList({ items, loading, error, selected, onOpen }: { items: Payroll[]; loading: boolean; error: unknown; selected: string | null; onOpen: (month: string) => void }) {
  const { t, i18n } = useTranslation();
  const w = (zh: number, en: number) => (i18n.language === 'en' ? en : zh);
  const columns: TableColumnsType<Payroll> = [
    {
      title: t('payroll.col.month'),
      dataIndex: 'month',
      width: w(96, 96),
      render: (v: string) => (
        <a onClick={() => onOpen(v)} className="xnb-num" data-testid="payroll-month">
          {v}
        </a>
      ),
    },
    { title: t('payroll.col.status'), dataIndex: 'status', width: w(84, 96), align: 'center', render: (v: Payroll['status']) => <PayrollStatusTag status={v} /> },
    { title: t('payroll.col.people'), key: 'people', width: w(80, 80), align: 'right', render: (_, r) => <span className="xnb-num">{r.totals.people.toLocaleString()}</span> },
    { title: t('payroll.col.lines'), key: 'lines', width: w(80, 100), align: 'right', render: (_, r) => <span className="xnb-num">{r.totals.lines.toLocaleString()}</span> },
    { title: t('payroll.col.amount'), key: 'amount', width: w(130, 130), align: 'right', render: (_, r) => <strong className="xnb-num">{fenToYuan(r.totals.amount)}</strong> },
    { title: t('payroll.col.repay'), key: 'repay', width: w(80, 90), align: 'right', render: (_, r) => <span className="xnb-num">{r.totals.repayLines.toLocaleString()}</span> },
    {
      title: t('payroll.col.failed'),
      key: 'failed',
      width: w(80, 90),
      align: 'right',
      render: (_, r) => (r.status === 'settled' ? <span className={r.totals.failed > 0 ? 'xnb-payroll-bad xnb-num' : 'xnb-num'}>{r.totals.failed.toLocaleString()}</span> : <span className="xnb-muted-inline">—</span>),
    },
    {
      title: t('payroll.col.createdBy'),
      key: 'createdBy',
      ellipsis: true,
      render: (_, r) => (
        <span className="xnb-nowrap">
          {r.createdBy ?? '—'}
          <span className="xnb-muted-inline xnb-num">{formatDateTime(r.createdAt)}</span>
        </span>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: w(70, 80),
      align: 'center',
      render: (_, r) => (
        <Button size="small" type="link" onClick={() => onOpen(r.month)} disabled={r.month === selected} data-testid="payroll-open">
          {t('payroll.open')}
        </Button>
      ),
    },
  ];

  return (
    <Card size="small" className="xnb-card" title={t('payroll.list')}>
      <ErrorAlert error={error} />
      <Table<Payroll>
        size="small"
        bordered
        rowKey="month"
        loading={loading && items.length === 0}
        columns={columns}
        dataSource={items}
        data-testid="payroll-list"
        className="xnb-payroll-list"
        locale={{ emptyText: t('payroll.none') }}
        scroll={{ x: 860 }}
        rowClassName={(r) => (r.month === selected ? 'xnb-payroll-selected' : '')}
        onRow={(r) => ({ onClick: (e) => !(e.target as HTMLElement).closest('a,button') && onOpen(r.month) })}
        pagination={items.length > 5 ? { pageSize: 5, size: 'small', showSizeChanger: false } : false}
      />
    </Card>
  );
}
