import { App as AntApp, Card, Col, DatePicker, Descriptions, Form, Input, Row, Segmented, Select, Skeleton, Space, Table, Tag, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import { fenToYuan } from '../../format';
import { AmountInput, amountRule, applyCalcFieldError, clearChangedErrors } from '../calculator/fields';
import { chinaMonth, chinaToday } from '../pensions/pensionApi';
import ConfirmSubmit from './ConfirmSubmit';
import { fundApi, INTEREST_ACCOUNTS, LEDGER_BEGINNING, yuanToFen, type Posting, type SweepStatus } from './fundApi';

type SweepValues = { amount: string; on: Dayjs; note?: string };
type InterestValues = { amount: string; on: Dayjs; account: (typeof INTEREST_ACCOUNTS)[number] };
/** The list under the forms: the sweeps made, or everything that moved in and out of the special account. */
type Movements = 'sweeps' | 'special';

const notAfterToday = (d: Dayjs) => d.format('YYYY-MM-DD') > chinaToday();
const amountText = (v: string) => {
  const fen = yuanToFen(v);
  return fen === null ? v : fenToYuan(fen);
};

/**
 * 资金归集: the income account (收入户) and its sweep rule — balance, last sweep, next due, month ends that
 * were not at zero — with the forms to record a sweep to the fiscal special account and the bank's deposit
 * interest (finance officer), and the sweeps made (归集记录), or, switched, every movement of the special
 * account (sweeps and subsidies in, allocations out).
 */
export default function SweepTab({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const canRecord = can('fund:record');
  const [status, setStatus] = useState<SweepStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  const [sweepForm] = Form.useForm<SweepValues>();
  const [interestForm] = Form.useForm<InterestValues>();
  const [sweepError, setSweepError] = useState<unknown>(null);
  const [interestError, setInterestError] = useState<unknown>(null);
  const [movements, setMovements] = useState<Movements>('sweeps');
  const [listed, setListed] = useState<{ items: Posting[]; total: number; amount: number } | null>(null);
  const [listPage, setListPage] = useState(1);

  useEffect(() => {
    if (!active) return;
    let alive = true;
    fundApi.sweep().then(
      (s) => {
        if (!alive) return;
        setStatus(s);
        setError(null);
        // The amount follows the balance until the user types another (setFieldValue would mark it touched).
        if (canRecord && !sweepForm.isFieldTouched('amount')) sweepForm.setFields([{ name: 'amount', value: s.incomeBalance > 0 ? fenToYuan(s.incomeBalance) : '', touched: false }]);
      },
      (e: unknown) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [active, tick, sweepForm, canRecord]);

  useEffect(() => {
    if (!active) return;
    let alive = true;
    // A sweep posts to the special account (in) and the income account (out): its special side is the amount.
    fundApi
      .postings({ from: LEDGER_BEGINNING, to: chinaMonth(0), account: 'special', ...(movements === 'sweeps' ? { journalKind: 'sweep' as const } : {}), page: listPage, pageSize: 10 })
      .then((d) => alive && setListed(d))
      .catch(() => alive && setListed({ items: [], total: 0, amount: 0 }));
    return () => {
      alive = false;
    };
  }, [active, tick, movements, listPage]);

  const recordSweep = async (v: SweepValues) => {
    setSweepError(null);
    try {
      const r = await fundApi.recordSweep({ amount: v.amount.trim(), on: v.on.format('YYYY-MM-DD'), ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      message.success(t('fund.sweep.done', { amount: fenToYuan(r.amount) }));
      sweepForm.resetFields();
      reload();
    } catch (e) {
      if (!applyCalcFieldError(sweepForm, e)) setSweepError(e);
    }
  };

  const recordInterest = async (v: InterestValues) => {
    setInterestError(null);
    try {
      const r = await fundApi.interest({ amount: v.amount.trim(), on: v.on.format('YYYY-MM-DD'), account: v.account });
      message.success(t('fund.sweep.interestDone', { amount: fenToYuan(r.amount) }));
      interestForm.resetFields();
      reload();
    } catch (e) {
      if (!applyCalcFieldError(interestForm, e)) setInterestError(e);
    }
  };

  const today = chinaToday();
  const overdue = status !== null && status.nextDueOn !== null && status.nextDueOn <= today && status.incomeBalance > 0;
  const sweepsOnly = movements === 'sweeps';
  const movementColumns: TableColumnsType<Posting> = [
    { title: sweepsOnly ? t('fund.sweep.on') : t('fund.postings.date'), dataIndex: 'postedOn', width: 110, render: (v: string) => <span className="xnb-num">{v}</span> },
    ...(sweepsOnly ? [] : [{ title: t('fund.postings.journal'), dataIndex: 'journalKind', width: 130, render: (v: string) => t(`fund.journalKinds.${v}`, { defaultValue: v }) }]),
    { title: sweepsOnly ? t('fund.sweep.note') : t('fund.postings.memo'), dataIndex: 'memo', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('fund.postings.by'), dataIndex: 'recordedBy', width: 100, render: (v: string | null) => v ?? '—' },
    {
      title: sweepsOnly ? t('fund.sweep.sweptAmount') : t('fund.sweep.specialAmount'),
      dataIndex: 'amount',
      width: 150,
      align: 'right',
      render: (v: number) => <span className={v < 0 ? 'xnb-num xnb-fund-out' : 'xnb-num'}>{fenToYuan(v)}</span>,
    },
  ];

  return (
    <>
      <Card size="small" className="xnb-card" title={t('fund.sweep.status')}>
        <ErrorAlert error={error} />
        {!status && !error && <Skeleton active paragraph={{ rows: 3 }} />}
        {status && (
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered styles={{ label: { whiteSpace: 'nowrap', width: 110 } }} data-testid="fund-sweep-status">
            <Descriptions.Item label={t('fund.sweep.balance')}>
              <strong className="xnb-num xnb-fund-big" data-testid="fund-income-balance">
                {fenToYuan(status.incomeBalance)}
              </strong>{' '}
              {t('fund.yuan')}
            </Descriptions.Item>
            <Descriptions.Item label={t('fund.sweep.last')}>{status.lastSweepOn ?? <span className="xnb-muted-inline">{t('fund.sweep.never')}</span>}</Descriptions.Item>
            <Descriptions.Item label={t('fund.sweep.next')}>
              {status.nextDueOn ? (
                <Space size={6}>
                  <span className={overdue ? 'xnb-payroll-bad' : undefined}>{status.nextDueOn}</span>
                  {overdue && <Tag color="error">{t('fund.sweep.due')}</Tag>}
                </Space>
              ) : (
                <span className="xnb-muted-inline">{t('fund.sweep.notDue')}</span>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('fund.sweep.rule')} span={{ xs: 1, md: 2, xl: 3 }}>
              {t('fund.sweep.ruleText', { days: status.intervalDays })}
              {status.zeroAtMonthEnd && t('fund.sweep.ruleZero')}
              {status.source && <div className="xnb-fund-source">{status.source[i18n.language === 'en' ? 'en' : 'zh-CN']}</div>}
            </Descriptions.Item>
            <Descriptions.Item label={t('fund.sweep.monthEnds')} span={{ xs: 1, md: 2, xl: 3 }}>
              <div data-testid="fund-month-ends">
                {status.monthEndsNotZero.length === 0 ? (
                  <Tag color="success">{t('fund.sweep.monthEndsNone')}</Tag>
                ) : (
                  status.monthEndsNotZero.map((m) => (
                    <Tag key={m.month} color="error" className="xnb-num">
                      {t('fund.sweep.monthEnd', { month: m.month, amount: fenToYuan(m.balance) })}
                    </Tag>
                  ))
                )}
              </div>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>

      {canRecord && (
        <Row gutter={12} style={{ marginTop: 12 }}>
          <Col xs={24} lg={12}>
            <Card size="small" className="xnb-card xnb-fund-form-card" title={t('fund.sweep.record')}>
              <p className="xnb-muted">{status && status.incomeBalance <= 0 ? t('fund.sweep.nothing') : t('fund.sweep.recordHint')}</p>
              <ErrorAlert error={sweepError} />
              <Form<SweepValues> form={sweepForm} layout="vertical" autoComplete="off" initialValues={{ on: dayjs(today) }} onValuesChange={clearChangedErrors(sweepForm)} data-testid="fund-sweep-form">
                <div className="xnb-fund-form-grid">
                  <Form.Item name="amount" label={t('fund.sweep.amount')} rules={[{ required: true, message: t('fund.subsidies.amountRequired') }, amountRule(t)]}>
                    <AmountInput data-testid="fund-sweep-amount" />
                  </Form.Item>
                  <Form.Item name="on" label={t('fund.sweep.on')} rules={[{ required: true, message: t('fund.subsidies.dateRequired') }]}>
                    <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={notAfterToday} />
                  </Form.Item>
                </div>
                <Form.Item name="note" label={t('fund.sweep.note')}>
                  <Input maxLength={100} placeholder={t('fund.sweep.notePlaceholder')} />
                </Form.Item>
                <ConfirmSubmit<SweepValues>
                  form={sweepForm}
                  label={t('fund.sweep.submit')}
                  okText={t('fund.sweep.confirm')}
                  confirmTitle={(v) => t('fund.sweep.confirmText', { amount: amountText(v.amount), on: v.on.format('YYYY-MM-DD') })}
                  onSubmit={recordSweep}
                  disabled={!status || status.incomeBalance <= 0}
                  testId="fund-sweep-submit"
                />
              </Form>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" className="xnb-card xnb-fund-form-card" title={t('fund.sweep.interest')}>
              <p className="xnb-muted">{t('fund.sweep.interestHint')}</p>
              <ErrorAlert error={interestError} />
              <Form<InterestValues> form={interestForm} layout="vertical" autoComplete="off" initialValues={{ on: dayjs(today), account: 'special' }} onValuesChange={clearChangedErrors(interestForm)}>
                <div className="xnb-fund-form-grid">
                  <Form.Item name="amount" label={t('fund.sweep.interestAmount')} rules={[{ required: true, message: t('fund.subsidies.amountRequired') }, amountRule(t)]}>
                    <AmountInput data-testid="fund-interest-amount" />
                  </Form.Item>
                  <Form.Item name="on" label={t('fund.sweep.interestOn')} rules={[{ required: true, message: t('fund.subsidies.dateRequired') }]}>
                    <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={notAfterToday} />
                  </Form.Item>
                </div>
                <Form.Item name="account" label={t('fund.sweep.interestAccount')}>
                  <Select options={INTEREST_ACCOUNTS.map((a) => ({ value: a, label: t(`fund.accounts.${a}`) }))} data-testid="fund-interest-account" />
                </Form.Item>
                <ConfirmSubmit<InterestValues>
                  form={interestForm}
                  label={t('fund.sweep.interestSubmit')}
                  okText={t('fund.confirm')}
                  confirmTitle={(v) => t('fund.sweep.interestConfirm', { amount: amountText(v.amount), account: t(`fund.accounts.${v.account}`), on: v.on.format('YYYY-MM-DD') })}
                  onSubmit={recordInterest}
                  testId="fund-interest-submit"
                />
              </Form>
            </Card>
          </Col>
        </Row>
      )}

      <Card
        size="small"
        className="xnb-card"
        style={{ marginTop: 12 }}
        title={sweepsOnly ? t('fund.sweep.sweeps') : t('fund.sweep.special')}
        extra={
          <Segmented<Movements>
            size="small"
            value={movements}
            onChange={(v) => {
              setMovements(v);
              setListPage(1);
              setListed(null);
            }}
            options={[
              { value: 'sweeps', label: t('fund.sweep.showSweeps') },
              { value: 'special', label: t('fund.sweep.showSpecial') },
            ]}
            data-testid="fund-movements-kind"
          />
        }
      >
        <p className="xnb-muted">{sweepsOnly ? t('fund.sweep.sweepsHint') : t('fund.sweep.specialHint')}</p>
        <Table<Posting>
          size="small"
          bordered
          rowKey={(p) => `${p.journalId}:${p.kind}:${p.level}`}
          loading={listed === null}
          columns={movementColumns}
          dataSource={listed?.items ?? []}
          data-testid="fund-movements"
          locale={{ emptyText: sweepsOnly ? t('fund.sweep.noSweeps') : undefined }}
          pagination={{
            current: listPage,
            pageSize: 10,
            total: listed?.total ?? 0,
            size: 'small',
            showSizeChanger: false,
            hideOnSinglePage: false,
            onChange: setListPage,
            showTotal: (n) => (sweepsOnly ? t('fund.sweep.sweepsTotal', { count: n, amount: fenToYuan(listed?.amount ?? 0) }) : t('fund.sweep.specialTotal', { count: n, amount: fenToYuan(listed?.amount ?? 0) })),
          }}
        />
      </Card>
    </>
  );
}
