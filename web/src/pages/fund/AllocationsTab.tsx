import { SendOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, DatePicker, Form, Modal, Table, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import { fenToYuan } from '../../format';
import { PayrollStatusTag } from '../payroll/PayrollTags';
import { chinaToday } from '../pensions/pensionApi';
import { fundApi, type Allocation } from './fundApi';

const allocatable = (a: Allocation) => (a.status === 'approved' || a.status === 'settled') && a.allocatedOn === null;

/** 拨付: the date (today by default, never later) and the amount to confirm, for one payroll. */
function AllocateModal({ item, onClose, onDone }: { item: Allocation | null; onClose: () => void; onDone: (a: Allocation, amount: number) => void }) {
  const { t } = useTranslation();
  const [on, setOn] = useState<Dayjs>(() => dayjs(chinaToday()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    if (!item) return;
    setBusy(true);
    setError(null);
    try {
      const r = await fundApi.allocate({ month: item.month, on: on.format('YYYY-MM-DD') });
      onDone(item, r.amount);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={item !== null}
      title={item ? t('fund.allocations.modalTitle', { month: item.month }) : ''}
      okText={t('fund.allocations.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'fund-allocate-ok' } as Record<string, string>}
      afterOpenChange={(o) => {
        if (o) return;
        setError(null);
        setOn(dayjs(chinaToday()));
      }}
      destroyOnHidden
    >
      {item && <Alert type="warning" showIcon title={t('fund.allocations.confirmText', { amount: fenToYuan(item.amount), month: item.month })} />}
      <Form layout="inline" style={{ margin: '16px 0 8px' }}>
        <Form.Item label={t('fund.allocations.on')}>
          <DatePicker allowClear={false} value={on} onChange={(v) => v && setOn(v)} disabledDate={(d) => d.format('YYYY-MM-DD') > chinaToday()} />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} style={{ marginTop: 8, marginBottom: 0 }} />
    </Modal>
  );
}

/**
 * 待遇拨付: every payroll with the amount to pay and whether the finance bureau allocated it from the
 * fiscal special account to the expenditure account; 拨付 on an approved or settled one not yet allocated.
 */
export default function AllocationsTab({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const canAllocate = can('fund:allocate');
  const [items, setItems] = useState<Allocation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [allocating, setAllocating] = useState<Allocation | null>(null);
  const reload = useCallback(() => setTick((x) => x + 1), []);

  useEffect(() => {
    if (!active) return;
    let alive = true;
    fundApi.allocations().then(
      (r) => {
        if (!alive) return;
        setItems(r.items);
        setError(null);
      },
      (e: unknown) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [active, tick]);

  const columns: TableColumnsType<Allocation> = [
    { title: t('fund.allocations.month'), dataIndex: 'month', width: 100, render: (v: string) => <span className="xnb-num">{v}</span> },
    { title: t('fund.allocations.status'), dataIndex: 'status', width: 100, align: 'center', render: (v: string) => <PayrollStatusTag status={v} /> },
    { title: t('fund.allocations.amount'), dataIndex: 'amount', width: 160, align: 'right', render: (v: number) => <strong className="xnb-num">{fenToYuan(v)}</strong> },
    {
      title: t('fund.allocations.allocatedOn'),
      dataIndex: 'allocatedOn',
      width: 120,
      render: (v: string | null) => (v ? <span className="xnb-num">{v}</span> : <span className="xnb-muted-inline">{t('fund.allocations.notYet')}</span>),
    },
    {
      title: t('fund.allocations.allocatedAmount'),
      dataIndex: 'allocatedAmount',
      width: 160,
      align: 'right',
      render: (v: number | null, r) => (v === null ? '—' : <span className={v !== r.amount ? 'xnb-num xnb-payroll-bad' : 'xnb-num'}>{fenToYuan(v)}</span>),
    },
    { title: t('fund.allocations.allocatedBy'), dataIndex: 'allocatedBy', render: (v: string | null) => v ?? '—' },
    ...(canAllocate
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 110,
            align: 'center' as const,
            render: (_: unknown, r: Allocation) =>
              allocatable(r) ? (
                <Button size="small" type="primary" icon={<SendOutlined />} onClick={() => setAllocating(r)} data-testid="fund-allocate">
                  {t('fund.allocations.allocate')}
                </Button>
              ) : r.allocatedOn === null ? (
                <span className="xnb-muted-inline">{t('fund.allocations.waitApprove')}</span>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card size="small" className="xnb-card" title={t('fund.allocations.title')}>
      <p className="xnb-muted">{t('fund.allocations.hint')}</p>
      <ErrorAlert error={error} />
      <Table<Allocation>
        size="small"
        bordered
        rowKey="month"
        loading={items === null && !error}
        columns={columns}
        dataSource={items ?? []}
        data-testid="fund-allocations"
        locale={{ emptyText: t('fund.allocations.none') }}
        pagination={(items?.length ?? 0) > 12 ? { pageSize: 12, size: 'small', showSizeChanger: false } : false}
      />
      <AllocateModal
        item={allocating}
        onClose={() => setAllocating(null)}
        onDone={(a, amount) => {
          setAllocating(null);
          message.success(t('fund.allocations.done', { month: a.month, amount: fenToYuan(amount) }));
          reload();
        }}
      />
    </Card>
  );
}
