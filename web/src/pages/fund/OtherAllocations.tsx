import { Alert, AutoComplete, Button, Card, DatePicker, Form, Modal, Select, Table, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { fenToYuan } from '../../format';
import { ApiError } from '../../api';
import { AmountInput, amountRule, applyCalcFieldError, clearChangedErrors } from '../calculator/fields';
import { chinaToday } from '../pensions/pensionApi';
import ConfirmSubmit from './ConfirmSubmit';
import { fundApi, yuanToFen, type Posting } from './fundApi';

type Values = { amount: string; purpose: string; on: Dayjs };

/** Purposes offered as the user types (any other text may be entered). */
const PURPOSES = ['inheritance', 'funeral', 'refund', 'transferOut'] as const;

const amountText = (v: string) => {
  const fen = yuanToFen(v);
  return fen === null ? v : fenToYuan(fen);
};

/**
 * 其他支出拨付: the finance bureau moves an amount from the fiscal special account to the expenditure account
 * for spending that is not a monthly payroll (the heirs' payments, funeral grants, refunds), with its purpose
 * and date, after confirming what it is about to record. `available` is the special account's balance (null
 * while loading); an amount above it is flagged, and the server refuses it with the balance it holds.
 */
export function OtherAllocationModal({
  open,
  available,
  onClose,
  onDone,
  onRefused,
}: {
  open: boolean;
  available: number | null;
  onClose: () => void;
  onDone: (amount: number, purpose: string) => void;
  /** The balance shown was out of date (the server refused for want of money): read it again. */
  onRefused: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const today = chinaToday();

  const submit = async (v: Values) => {
    setError(null);
    const purpose = v.purpose.trim();
    try {
      const r = await fundApi.allocate({ amount: v.amount.trim(), purpose, on: v.on.format('YYYY-MM-DD') });
      onDone(r.amount, purpose);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'FUND_INSUFFICIENT') onRefused();
      if (!applyCalcFieldError(form, e)) setError(e);
      // The server's refusal says what the warning as typed said, with the balance it holds now.
      else if (e instanceof ApiError && e.field === 'amount') form.setFields([{ name: 'amount', warnings: [] }]);
    }
  };

  return (
    <Modal
      open={open}
      title={t('fund.other.modalTitle')}
      onCancel={onClose}
      afterOpenChange={(o) => !o && setError(null)}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <ConfirmSubmit<Values>
          key="ok"
          form={form}
          label={t('fund.other.submit')}
          okText={t('fund.allocations.ok')}
          confirmTitle={(v) => t('fund.other.confirmText', { amount: amountText(v.amount), purpose: v.purpose.trim(), on: v.on.format('YYYY-MM-DD') })}
          onSubmit={submit}
          testId="fund-other-submit"
        />,
      ]}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={t('fund.other.hint')}
        description={
          <span data-testid="fund-other-available">
            {t('fund.other.available')}{' '}
            <strong className="xnb-num">{available === null ? '…' : fenToYuan(available)}</strong> {t('fund.yuan')}
          </span>
        }
      />
      <ErrorAlert error={error} />
      <Form<Values> form={form} layout="vertical" autoComplete="off" initialValues={{ on: dayjs(today) }} onValuesChange={clearChangedErrors(form)} preserve={false} data-testid="fund-other-form">
        <div className="xnb-fund-form-grid">
          <Form.Item
            name="amount"
            label={t('fund.other.amount')}
            rules={[
              { required: true, message: t('fund.subsidies.amountRequired') },
              amountRule(t),
              {
                warningOnly: true,
                validator: (_, v: string | undefined) => {
                  const fen = yuanToFen(v);
                  return available !== null && fen !== null && fen > available ? Promise.reject(new Error(t('fund.other.above', { amount: fenToYuan(available) }))) : Promise.resolve();
                },
              },
            ]}
          >
            <AmountInput data-testid="fund-other-amount" />
          </Form.Item>
          <Form.Item name="on" label={t('fund.allocations.on')} rules={[{ required: true, message: t('fund.subsidies.dateRequired') }]}>
            <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
          </Form.Item>
        </div>
        <Form.Item name="purpose" label={t('fund.other.purpose')} rules={[{ required: true, whitespace: true, message: t('fund.other.purposeRequired') }]}>
          <AutoComplete
            options={PURPOSES.map((p) => ({ value: t(`fund.other.purposes.${p}`) }))}
            filterOption={(input, o) => !!o && String(o.value).includes(input.trim())}
            maxLength={100}
            placeholder={t('fund.other.purposePlaceholder')}
            data-testid="fund-other-purpose"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 其他支出拨付记录: the allocations of a year that were not for a payroll (newest first), with their count
 * and sum. They are the allocation postings to the expenditure account less the payrolls' (≤ 12 a year).
 */
export function OtherAllocationsList({ active, tick }: { active: boolean; tick: number }) {
  const { t } = useTranslation();
  const thisYear = Number(chinaToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [data, setData] = useState<{ items: Posting[]; cut: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!active) return;
    let alive = true;
    fundApi.postings({ from: `${year}-01`, to: `${year}-12`, account: 'expenditure_bank', journalKind: 'allocation', page: 1, pageSize: 500 }).then(
      (r) => {
        if (!alive) return;
        setData({ items: r.items.filter((p) => !p.reference?.startsWith('payroll:')), cut: r.total > r.items.length });
        setError(null);
      },
      (e: unknown) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [active, tick, year]);

  const items = data?.items ?? [];
  const sum = items.reduce((s, p) => s + p.amount, 0);
  const columns: TableColumnsType<Posting> = [
    { title: t('fund.allocations.allocatedOn'), dataIndex: 'postedOn', width: 120, render: (v: string) => <span className="xnb-num">{v}</span> },
    { title: t('fund.other.purpose'), dataIndex: 'memo', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('fund.allocations.allocatedBy'), dataIndex: 'recordedBy', width: 140, render: (v: string | null) => v ?? '—' },
    { title: t('fund.other.allocated'), dataIndex: 'amount', width: 160, align: 'right', render: (v: number) => <strong className="xnb-num">{fenToYuan(v)}</strong> },
  ];

  return (
    <Card
      size="small"
      className="xnb-card"
      style={{ marginTop: 12 }}
      title={t('fund.other.listTitle', { year })}
      extra={
        <Select
          size="small"
          value={year}
          onChange={(y) => {
            setYear(y);
            setData(null);
          }}
          style={{ width: 100 }}
          options={Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: t('fund.period.yearOption', { year: y }) }))}
        />
      }
    >
      <ErrorAlert error={error} />
      {data?.cut && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('fund.other.cut')} />}
      <Table<Posting>
        size="small"
        bordered
        rowKey="journalId"
        loading={data === null && !error}
        columns={columns}
        dataSource={items}
        data-testid="fund-other-list"
        locale={{ emptyText: t('fund.other.none', { year }) }}
        pagination={{ pageSize: 10, size: 'small', showSizeChanger: false, hideOnSinglePage: false, showTotal: (n) => t('fund.other.total', { count: n, amount: fenToYuan(sum) }) }}
      />
    </Card>
  );
}
