import { Tooltip, type TableColumnsType } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { PagedTable } from '../../components/ListView';
import { moneyColumn } from '../../components/columns';
import { usePaged } from '../../hooks/usePaged';
import { payrollApi, periodText, type PaymentLine } from './payrollApi';
import { KindTag, PaymentStatusTag } from './PayrollTags';
import './payroll.css';

/** 发放记录 of one pension: each payment, newest first, with the months it covers, its status and why it failed. */
export default function PaymentHistory({ pensionId }: { pensionId: number }) {
  const { t } = useTranslation();
  const fetcher = useCallback((q: { page: number; pageSize: number }) => payrollApi.pensionPayments(pensionId, q), [pensionId]);
  const list = usePaged<PaymentLine, object>(fetcher, {}, 10);

  const columns: TableColumnsType<PaymentLine> = [
    { title: t('payroll.history.month'), dataIndex: 'month', width: 84, render: (v: string) => <span className="xnb-num">{v}</span> },
    {
      title: t('payroll.history.period'),
      key: 'period',
      width: 170,
      render: (_, r) => (
        <span className="xnb-num xnb-nowrap">
          {periodText(r, '～')}
          {r.months > 1 && <span className="xnb-payroll-months">×{r.months}</span>}
        </span>
      ),
    },
    { title: t('payroll.lineCol.kind'), dataIndex: 'kind', width: 60, align: 'center', render: (v: PaymentLine['kind']) => <KindTag kind={v} /> },
    moneyColumn('amount', t('payroll.history.amount'), 100),
    { title: t('payroll.lineCol.status'), key: 'status', width: 86, align: 'center', render: (_, r) => <PaymentStatusTag line={r} /> },
    {
      title: t('payroll.history.reason'),
      key: 'reason',
      ellipsis: true,
      render: (_, r) => {
        const text = [r.failureReason, r.withdrawnReason, r.withheldReason, r.repaidIn ? t('payroll.repaidIn', { month: r.repaidIn }) : null].filter(Boolean).join('；');
        return text ? (
          <Tooltip title={text}>
            <span className={r.failureReason ? 'xnb-payroll-note' : undefined}>{text}</span>
          </Tooltip>
        ) : null;
      },
    },
  ];

  return (
    <div data-testid="pension-payments">
      <ErrorAlert error={list.error} />
      <PagedTable<PaymentLine>
        list={list}
        compact
        rowKey="id"
        columns={columns}
        locale={{ emptyText: t('payroll.history.none') }}
        rowClassName={(r) => (r.status === 'failed' ? 'xnb-payroll-failed-row' : '')}
      />
    </div>
  );
}
