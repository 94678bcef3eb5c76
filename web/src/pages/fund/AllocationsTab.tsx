import { PlusCircleOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, DatePicker, Form, Modal, Table, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import { ApiError } from '../../api';
import { fenToYuan } from '../../format';
import { PayrollStatusTag } from '../payroll/PayrollTags';
import { chinaMonth, chinaToday } from '../pensions/pensionApi';
import { fundApi, type Allocation } from './fundApi';
import { OtherAllocationModal, OtherAllocationsList } from './OtherAllocations';

/** What the special account (to allocate from) and the expenditure account (allocated to) hold now. */
type Balances = { special: number; expenditure: number };

const allocatable = (a: Allocation) => (a.status === 'approved' || a.status === 'settled') && a.allocatedOn === null;

/** 拨付: the date (today by default, never later) and the amount to confirm, for one payroll. */
function AllocateModal({
  item,
  available,
  onClose,
  onDone,
  onRefused,
}: {
  item: Allocation | null;
  available: number | null;
  onClose: () => void;
  onDone: (a: Allocation, amount: number) => void;
  onRefused: () => void;
}) {
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
      if (e instanceof ApiError && e.code === 'FUND_INSUFFICIENT') onRefused();
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
      {item && available !== null && (
        <p className={item.amount > available ? 'xnb-fund-available xnb-payroll-bad' : 'xnb-fund-available'} data-testid="fund-allocate-available">
          {item.amount > available ? t('fund.allocations.short', { amount: fenToYuan(available) }) : t('fund.allocations.available', { amount: fenToYuan(available) })}
        </p>
      )}
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
 * 待遇拨付: what the fiscal special account holds (what can be allocated) and the expenditure account; every
 * payroll with the amount to pay and whether the finance bureau allocated it from the special account to
 * the expenditure account — 拨付 on an approved or settled one not yet allocated; 其他支出拨付 of an amount
 * for other spending (heirs, refunds), and the year's allocations of that kind.
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
  const [other, setOther] = useState(false);
  const [balances, setBalances] = useState<Balances | null>(null);
  const [balanceTick, setBalanceTick] = useState(0);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  const reloadBalances = useCallback(() => setBalanceTick((x) => x + 1), []);

  // The balances at the end of this month, i.e. now (no posting is dated after today).
  useEffect(() => {
    if (!active) return;
    let alive = true;
    const month = chinaMonth(0);
    fundApi.statement({ from: month, to: month }).then(
      (s) => {
        if (!alive) return;
        const of = (account: string) => s.accounts.filter((a) => a.account === account).reduce((sum, a) => sum + a.balance, 0);
        setBalances({ special: of('special'), expenditure: of('expenditure_bank') });
      },
      () => alive && setBalances(null),
    );
    return () => {
      alive = false;
    };
  }, [active, tick, balanceTick]);

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
    <>
      <Card size="small" className="xnb-card xnb-filter">
        <div className="xnb-fund-toolbar">
          <div className="xnb-fund-balances" data-testid="fund-allocation-balances">
            <span>
              {t('fund.allocations.specialBalance')}{' '}
              <strong className="xnb-num xnb-fund-big" data-testid="fund-special-balance">
                {balances ? fenToYuan(balances.special) : '…'}
              </strong>{' '}
              {t('fund.yuan')}
            </span>
            <span className="xnb-muted-inline">
              {t('fund.allocations.expenditureBalance')} <span className="xnb-num">{balances ? fenToYuan(balances.expenditure) : '…'}</span> {t('fund.yuan')}
            </span>
          </div>
          {canAllocate && (
            <Button icon={<PlusCircleOutlined />} onClick={() => setOther(true)} data-testid="fund-other">
              {t('fund.other.action')}
            </Button>
          )}
        </div>
        <p className="xnb-muted xnb-fund-note">{canAllocate ? t('fund.allocations.balanceHint') : t('fund.allocations.balanceHintRead')}</p>
      </Card>
      <Card size="small" className="xnb-card" style={{ marginTop: 12 }} title={t('fund.allocations.title')}>
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
          available={balances?.special ?? null}
          onClose={() => setAllocating(null)}
          onRefused={reloadBalances}
          onDone={(a, amount) => {
            setAllocating(null);
            message.success(t('fund.allocations.done', { month: a.month, amount: fenToYuan(amount) }));
            reload();
          }}
        />
      </Card>
      <OtherAllocationsList active={active} tick={tick} />
      <OtherAllocationModal
        open={other}
        available={balances?.special ?? null}
        onClose={() => setOther(false)}
        onRefused={reloadBalances}
        onDone={(amount, purpose) => {
          setOther(false);
          message.success(t('fund.other.done', { amount: fenToYuan(amount), purpose }));
          reload();
        }}
      />
    </>
  );
}
