import { CheckOutlined, CloudDownloadOutlined, RedoOutlined, RollbackOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Input, Modal, Popconfirm, Skeleton, Space, Steps, Table, Tabs, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import JobProgress from '../../components/JobProgress';
import { fenToYuan, formatDateTime } from '../../format';
import BankReturnModal from './BankReturnModal';
import PaymentLines from './PaymentLines';
import { bankFileHref, payrollApi, type PayrollDetail as Detail, type TownshipTotal } from './payrollApi';
import { PayrollStatusTag } from './PayrollTags';

const POLL_MS = 1000;
type View = 'lines' | 'townships';

/**
 * One month's payroll: where it stands (生成 → 财务审核 → 银行代发 → 结算, with who and when), its totals,
 * the totals by township and the payment lines; the actions of the user's role. While it is being
 * generated the job's progress is followed.
 */
export default function PayrollDetail({ month, view, onView, onChanged }: { month: string; view: View; onView: (v: View) => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const [d, setD] = useState<Detail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [busy, setBusy] = useState(false);
  const [returning, setReturning] = useState(false);
  const [sendingBack, setSendingBack] = useState(false);
  const [sendBackReason, setSendBackReason] = useState('');
  const [linesVersion, setLinesVersion] = useState(0);
  const [region, setRegion] = useState<{ code: string; seq: number }>();
  const lastStatus = useRef<string | null>(null);
  const reload = useCallback(() => setTick((x) => x + 1), []);

  // Loads the month; while it is being generated, again a second after each answer.
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    payrollApi.get(month).then(
      (p) => {
        if (!alive) return;
        setD(p);
        setError(null);
        if (p.status === 'generating' && p.job.status !== 'failed') timer = setTimeout(() => alive && setTick((x) => x + 1), POLL_MS);
      },
      (e: unknown) => alive && setError(e),
    );
    return () => {
      alive = false;
      if (timer) clearTimeout(timer);
    };
  }, [month, tick]);

  // A change of status (generated, approved, settled) shows in the list of months and the lines.
  useEffect(() => {
    if (!d) return;
    if (lastStatus.current !== null && lastStatus.current !== d.status) {
      onChanged();
      setLinesVersion((v) => v + 1);
    }
    lastStatus.current = d.status;
  }, [d, onChanged]);

  const act = async (fn: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setActionError(null);
    try {
      await fn();
      if (done) message.success(done);
      reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!d) {
    return (
      <Card size="small" className="xnb-card xnb-payroll-detail">
        <ErrorAlert error={error} />
        {!error && <Skeleton active paragraph={{ rows: 6 }} />}
      </Card>
    );
  }

  const tot = d.totals;
  const job = d.job;
  const generating = d.status === 'generating';
  const jobFailed = generating && job.status === 'failed';
  const current = { generating: 0, generated: 1, returned: 1, approved: 2, settled: 3 }[d.status];
  const who = (name: string | null, at: string | null) =>
    at ? (
      <span className="xnb-payroll-who">
        {name && <span>{name}</span>}
        <span className="xnb-num">{formatDateTime(at)}</span>
      </span>
    ) : null;
  const stepStatus = (i: number) => (d.status === 'settled' || i < current ? 'finish' : i === current ? (jobFailed || d.status === 'returned' ? 'error' : 'process') : 'wait');

  const steps = [
    { title: t('payroll.steps.generate'), content: generating ? t(jobFailed ? 'payroll.jobStopped' : 'payroll.generatingShort') : who(d.createdBy, job.finishedAt ?? d.createdAt) },
    {
      title: t('payroll.steps.approve'),
      content: who(d.approvedBy, d.approvedAt) ?? (d.status === 'generated' ? t('payroll.waitApprove') : d.status === 'returned' ? t('payroll.sentBackShort') : null),
    },
    {
      title: t('payroll.steps.bank'),
      content: d.bankFileAt ? (
        <span className="xnb-payroll-who">
          <span>{t('payroll.bankFileTaken')}</span>
          <span className="xnb-num">{formatDateTime(d.bankFileAt)}</span>
        </span>
      ) : d.status === 'approved' ? (
        t('payroll.waitBank')
      ) : null,
    },
    { title: t('payroll.steps.settle'), content: who(d.settledBy, d.settledAt) },
  ].map((s, i) => ({ ...s, status: stepStatus(i) as 'wait' | 'process' | 'finish' | 'error' }));

  const canApprove = can('payroll:approve') && d.status === 'generated';
  const canSendBack = canApprove;
  const canResubmit = can('payroll:generate') && d.status === 'returned';
  const canBankFile = can('payroll:bank') && (d.status === 'approved' || d.status === 'settled');
  const canReturn = can('payroll:bank') && d.status === 'approved';
  const canResume = can('payroll:generate') && jobFailed;

  const figures: { key: string; label: string; value: string; unit: string; strong?: boolean }[] = [
    { key: 'people', label: t('payroll.totals.people'), value: tot.people.toLocaleString(), unit: t('payroll.unitPeople') },
    { key: 'lines', label: t('payroll.totals.lines'), value: tot.lines.toLocaleString(), unit: t('payroll.unitLines') },
    { key: 'basic', label: t('payroll.totals.basicPension'), value: fenToYuan(tot.basicPension), unit: t('payroll.yuan') },
    { key: 'account', label: t('payroll.totals.fromAccount'), value: fenToYuan(tot.fromAccount), unit: t('payroll.yuan') },
    { key: 'pool', label: t('payroll.totals.fromPool'), value: fenToYuan(tot.fromPool), unit: t('payroll.yuan') },
    { key: 'amount', label: t('payroll.totals.amount'), value: fenToYuan(tot.amount), unit: t('payroll.yuan'), strong: true },
  ];

  const townColumns: TableColumnsType<TownshipTotal> = [
    {
      title: t('payroll.town.name'),
      dataIndex: 'name',
      render: (v: string, r) => (
        <a
          onClick={() => {
            setRegion((x) => ({ code: r.code, seq: (x?.seq ?? 0) + 1 }));
            onView('lines');
          }}
        >
          {v}
        </a>
      ),
    },
    { title: t('payroll.town.lines'), dataIndex: 'lines', width: 120, align: 'right', render: (v: number) => <span className="xnb-num">{v.toLocaleString()}</span> },
    { title: t('payroll.town.amount'), dataIndex: 'amount', width: 180, align: 'right', render: (v: number) => <span className="xnb-num">{fenToYuan(v)}</span> },
    { title: t('payroll.town.failed'), dataIndex: 'failed', width: 120, align: 'right', render: (v: number) => <span className={v > 0 ? 'xnb-payroll-bad xnb-num' : 'xnb-num'}>{v.toLocaleString()}</span> },
  ];
  const townSum = d.byTownship.reduce((s, r) => ({ lines: s.lines + r.lines, amount: s.amount + r.amount, failed: s.failed + r.failed }), { lines: 0, amount: 0, failed: 0 });

  return (
    <Card
      size="small"
      className="xnb-card xnb-payroll-detail"
      data-testid="payroll-detail"
      title={
        <Space size={10}>
          <span>{t('payroll.monthTitle', { month: d.month })}</span>
          <PayrollStatusTag status={d.status} />
        </Space>
      }
      extra={
        <Space size={8} wrap>
          {canResume && (
            <Button icon={<RedoOutlined />} loading={busy} onClick={() => void act(() => payrollApi.generate(d.month), t('payroll.resumed', { month: d.month }))} data-testid="payroll-resume">
              {t('payroll.resume')}
            </Button>
          )}
          {canApprove && (
            <Popconfirm
              title={t('payroll.approveConfirm', { month: d.month })}
              description={t('payroll.approveDesc', { lines: tot.lines.toLocaleString(), amount: fenToYuan(tot.amount) })}
              okText={t('payroll.approve')}
              cancelText={t('common.cancel')}
              onConfirm={() => act(() => payrollApi.approve(d.month), t('payroll.approved', { month: d.month }))}
            >
              <Button type="primary" icon={<CheckOutlined />} loading={busy} data-testid="payroll-approve">
                {t('payroll.approve')}
              </Button>
            </Popconfirm>
          )}
          {canSendBack && (
            <Button danger icon={<RollbackOutlined />} loading={busy} onClick={() => setSendingBack(true)} data-testid="payroll-send-back">
              {t('payroll.sendBack')}
            </Button>
          )}
          {canResubmit && (
            <Popconfirm
              title={t('payroll.resubmitConfirm', { month: d.month })}
              description={t('payroll.approveDesc', { lines: tot.lines.toLocaleString(), amount: fenToYuan(tot.amount) })}
              okText={t('payroll.resubmit')}
              cancelText={t('common.cancel')}
              onConfirm={() => act(() => payrollApi.resubmit(d.month), t('payroll.resubmitted', { month: d.month }))}
            >
              <Button type="primary" icon={<SendOutlined />} loading={busy} data-testid="payroll-resubmit">
                {t('payroll.resubmit')}
              </Button>
            </Popconfirm>
          )}
          {canBankFile && (
            <Button icon={<CloudDownloadOutlined />} href={bankFileHref(d.month)} onClick={() => setTimeout(reload, 1500)} data-testid="payroll-bank-file">
              {t('payroll.bankFile')}
            </Button>
          )}
          {canReturn && (
            <Button type="primary" icon={<UploadOutlined />} onClick={() => setReturning(true)} data-testid="payroll-bank-return">
              {t('payroll.bankReturn')}
            </Button>
          )}
        </Space>
      }
    >
      <ErrorAlert error={actionError ?? error} />
      {d.returnedReason && d.returnedAt && (
        <Alert
          type={d.status === 'returned' ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="payroll-sent-back"
          title={t(d.status === 'returned' ? 'payroll.sentBackTitle' : 'payroll.sentBackEarlier', { who: d.returnedBy ?? '', at: formatDateTime(d.returnedAt) })}
          description={d.returnedReason}
        />
      )}
      <Modal
        open={sendingBack}
        title={t('payroll.sendBackTitle', { month: d.month })}
        okText={t('payroll.sendBack')}
        okButtonProps={{ danger: true, disabled: sendBackReason.trim().length < 2, loading: busy, ...{ 'data-testid': 'payroll-send-back-ok' } }}
        cancelText={t('common.cancel')}
        onCancel={() => setSendingBack(false)}
        onOk={async () => {
          await act(() => payrollApi.sendBack(d.month, sendBackReason.trim()), t('payroll.sentBack', { month: d.month }));
          setSendingBack(false);
          setSendBackReason('');
        }}
        destroyOnHidden
      >
        <p className="xnb-muted">{t('payroll.sendBackHint')}</p>
        <Input.TextArea rows={3} maxLength={200} showCount value={sendBackReason} onChange={(e) => setSendBackReason(e.target.value)} placeholder={t('payroll.sendBackPlaceholder')} data-testid="payroll-send-back-reason" />
      </Modal>
      <Steps className="xnb-payroll-steps" size="small" current={current} items={steps} data-testid="payroll-steps" />

      {generating && (
        <div className="xnb-payroll-progress" data-testid="payroll-progress">
          <span>{t(jobFailed ? 'payroll.jobStopped' : 'payroll.generating', { month: d.month })}</span>
          <JobProgress job={job} unit={t('payroll.unitPeople')} />
          {jobFailed && <Alert type="error" showIcon title={t('payroll.jobFailed', { error: job.error ?? '' })} description={can('payroll:generate') ? t('payroll.resumeHint') : undefined} />}
        </div>
      )}

      {!generating && (
        <>
          <div className="xnb-payroll-figures" data-testid="payroll-totals">
            {figures.map((f) => (
              <div key={f.key} className={f.strong ? 'xnb-payroll-figure xnb-payroll-figure-strong' : 'xnb-payroll-figure'}>
                <span className="xnb-payroll-figure-label">{f.label}</span>
                <span>
                  <span className="xnb-payroll-figure-value">{f.value}</span>
                  <span className="xnb-payroll-figure-unit">{f.unit}</span>
                </span>
              </div>
            ))}
          </div>
          <div className="xnb-payroll-notes" data-testid="payroll-notes">
            <span>{t('payroll.totals.repay', { count: tot.repayLines, amount: fenToYuan(tot.repayAmount) })}</span>
            {d.status === 'settled' ? (
              <>
                <span>{t('payroll.totals.paid', { count: tot.paid })}</span>
                <span className={tot.failed > 0 ? 'xnb-payroll-bad' : undefined} data-testid="payroll-failed">
                  {t('payroll.totals.failed', { count: tot.failed, amount: fenToYuan(tot.failedAmount) })}
                </span>
              </>
            ) : (
              <span>{t('payroll.totals.pending', { count: tot.pending })}</span>
            )}
            {tot.withdrawn > 0 && (
              <span className="xnb-payroll-bad" data-testid="payroll-withdrawn">
                {t('payroll.totals.withdrawn', { count: tot.withdrawn, amount: fenToYuan(tot.withdrawnAmount) })}
              </span>
            )}
          </div>
          <Tabs
            className="xnb-payroll-tabs"
            activeKey={view}
            onChange={(k) => onView(k as View)}
            destroyOnHidden={false}
            items={[
              { key: 'lines', label: t('payroll.views.lines'), children: <PaymentLines month={d.month} version={linesVersion} region={region} /> },
              {
                key: 'townships',
                label: t('payroll.views.townships'),
                children: (
                  <Table<TownshipTotal>
                    size="small"
                    bordered
                    rowKey="code"
                    pagination={false}
                    columns={townColumns}
                    dataSource={d.byTownship}
                    data-testid="payroll-townships"
                    summary={() =>
                      d.byTownship.length > 1 ? (
                        <Table.Summary.Row className="xnb-pension-total">
                          <Table.Summary.Cell index={0}>{t('payroll.town.total')}</Table.Summary.Cell>
                          <Table.Summary.Cell index={1} align="right">
                            {townSum.lines.toLocaleString()}
                          </Table.Summary.Cell>
                          <Table.Summary.Cell index={2} align="right">
                            {fenToYuan(townSum.amount)}
                          </Table.Summary.Cell>
                          <Table.Summary.Cell index={3} align="right">
                            {townSum.failed.toLocaleString()}
                          </Table.Summary.Cell>
                        </Table.Summary.Row>
                      ) : null
                    }
                  />
                ),
              },
            ]}
          />
        </>
      )}
      <BankReturnModal
        month={d.month}
        open={returning}
        onClose={() => setReturning(false)}
        onSettled={() => {
          reload();
          setLinesVersion((v) => v + 1);
        }}
      />
    </Card>
  );
}
