import { PrinterOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Descriptions, Drawer, Form, Input, Modal, Skeleton, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useAuth } from '../../auth';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { fenToYuan, formatDateTime } from '../../format';
import { ACCOUNT_SOURCES } from '../calculator/calcApi';
import PaymentHistory from '../payroll/PaymentHistory';
import ExplanationSteps from './ExplanationSteps';
import { normalizeSteps, pensionApi, type PensionDetail } from './pensionApi';
import { PensionStatusTag } from './PensionTags';
import './pensions.css';

/** Sources always listed; the others only when the account held money from them. */
const MAIN_SOURCES: readonly string[] = ['individual', 'governmentSubsidy', 'hardshipPayment'];

interface SourceRow {
  source: string;
  balance: number;
  drawn: number;
}

/** 待遇核定 of one pensioner: the amounts, the payments made (发放记录), the account by source at award, the steps with their policy basis and the printable form. */
export default function PensionDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [detail, setDetail] = useState<PensionDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [prison, setPrison] = useState<'suspend' | 'resume' | null>(null);
  const [prisonForm] = Form.useForm<{ month: Dayjs; note?: string }>();
  const [busy, setBusy] = useState(false);

  const submitPrison = async () => {
    if (id === null || prison === null) return;
    const v = await prisonForm.validateFields();
    setBusy(true);
    try {
      const month = v.month.format('YYYY-MM');
      const r = await pensionApi.imprisonment(id, prison === 'suspend' ? { fromMonth: month, ...(v.note ? { note: v.note } : {}) } : { resumeFrom: month });
      message.success(prison === 'suspend' ? t('pensions.prison.suspended', { month }) : t('pensions.prison.resumed', { month, count: r.skippedMonths }));
      setPrison(null);
      setVersion((n) => n + 1);
    } catch (e) {
      setError(e);
      setPrison(null);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    let alive = true;
    setDetail(null);
    setError(null);
    if (id !== null)
      pensionApi.get(id).then(
        (d) => alive && setDetail(d),
        (e: unknown) => alive && setError(e),
      );
    return () => {
      alive = false;
    };
  }, [id, version]);

  const d = detail;
  const yuan = (fen: number | undefined) => (typeof fen === 'number' ? fenToYuan(fen) : '—');
  const balances = d?.balancesAtAward ?? {};
  const drawn = d?.accountPensionBySource ?? {};
  const known = new Set<string>(ACCOUNT_SOURCES);
  const extraSources = [...Object.keys(balances), ...Object.keys(drawn)].filter((s) => !known.has(s));
  const rows: SourceRow[] = [...ACCOUNT_SOURCES, ...new Set(extraSources)]
    .filter((s) => MAIN_SOURCES.includes(s) || (balances[s] ?? 0) !== 0 || (drawn[s] ?? 0) !== 0)
    .map((s) => ({ source: s, balance: balances[s] ?? 0, drawn: drawn[s] ?? 0 }));
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0);

  const steps = normalizeSteps(d?.explanation);
  // The divisor the account pension was worked out with (139 at 60), as the explanation cites it.
  const divisor = steps.flatMap((s) => s.parameters).find((c) => c.name === 'accountPensionDivisor')?.value.en;
  const parts: { key: string; label: string; value: number; note?: string; strong?: boolean }[] = d
    ? [
        { key: 'central', label: t('pensions.centralBasicPension'), value: d.centralBasicPension },
        { key: 'topUp', label: t('pensions.localBasicPensionTopUp'), value: d.localBasicPensionTopUp },
        { key: 'extra', label: t('pensions.longContributionExtra'), value: d.longContributionExtra, note: t('pensions.years', { count: d.contributionYears }) },
        { key: 'basic', label: t('pensions.basicPension'), value: d.basicPension, strong: true },
        { key: 'balance', label: t('pensions.accountBalance'), value: d.accountBalance },
        { key: 'account', label: t('pensions.accountPension'), value: d.accountPension, note: divisor ? `÷ ${divisor}` : undefined, strong: true },
      ]
    : [];

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={680}
      title={d ? t('pensions.drawerTitle', { name: d.name }) : t('pensions.title')}
      extra={
        id !== null && (
          <Space>
            {d && can('pensions:award') && d.status !== 'stopped' && d.suspensionReason !== 'imprisonment' && (
              <Button danger onClick={() => setPrison('suspend')} data-testid="pension-prison-suspend">
                {t('pensions.prison.suspend')}
              </Button>
            )}
            {d && can('pensions:award') && d.suspensionReason === 'imprisonment' && (
              <Button onClick={() => setPrison('resume')} data-testid="pension-prison-resume">
                {t('pensions.prison.resume')}
              </Button>
            )}
            <Button icon={<PrinterOutlined />} href={pensionApi.awardPdfUrl(id, i18n.language)} target="_blank" rel="noopener" data-testid="pension-print">
              {t('pensions.print')}
            </Button>
          </Space>
        )
      }
    >
      <ErrorAlert error={error} />
      {!d && !error && <Skeleton active paragraph={{ rows: 8 }} />}
      {d && (
        <div data-testid="pension-detail" className="xnb-pension-detail">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('pensions.col.name')}>{d.name}</Descriptions.Item>
            <Descriptions.Item label={t('pensions.col.idNumber')}>
              <span className="xnb-mono">{d.idNumberMasked}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('pensions.col.sex')}>{t(d.sex === 'M' ? 'residents.male' : 'residents.female')}</Descriptions.Item>
            <Descriptions.Item label={t('pensions.col.birthDate')}>{d.birthDate}</Descriptions.Item>
            <Descriptions.Item label={t('pensions.col.village')}>{d.villageName}</Descriptions.Item>
            <Descriptions.Item label={t('pensions.col.status')}>
              <PensionStatusTag status={d.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('pensions.col.startMonth')}>{d.startMonth}</Descriptions.Item>
            <Descriptions.Item label={t('pensions.col.contributionYears')}>{t('pensions.years', { count: d.contributionYears })}</Descriptions.Item>
            <Descriptions.Item label={t('pensions.col.awardedBy')} span={2}>
              {d.awardedBy ?? '—'}
              <span className="xnb-muted" style={{ marginLeft: 12 }}>
                {formatDateTime(d.awardedAt)}
              </span>
            </Descriptions.Item>
          </Descriptions>

          <h3 className="xnb-pension-h">{t('pensions.amounts')}</h3>
          <div className="xnb-pension-amounts">
            <div className="xnb-pension-monthly" data-testid="pension-monthly">
              <span className="xnb-pension-label">{t('pensions.monthlyPension')}</span>
              <span>
                <span className="xnb-pension-amount">{yuan(d.monthlyPension)}</span>
                <span className="xnb-pension-unit">{t('pensions.perMonth')}</span>
              </span>
              <span className="xnb-pension-sum">
                {yuan(d.basicPension)} + {yuan(d.accountPension)}
              </span>
              {d.currentMonthlyPension !== undefined && d.currentMonthlyPension !== d.monthlyPension && (
                <span className="xnb-pension-sum" data-testid="pension-current">
                  {t('pensions.currentNow', { amount: yuan(d.currentMonthlyPension) })}
                </span>
              )}
            </div>
            <dl className="xnb-pension-parts" data-testid="pension-parts">
              {parts.map((p) => (
                <div key={p.key} className={p.strong ? 'xnb-pension-part-strong' : undefined}>
                  <dt>
                    {p.label}
                    {p.note && <span className="xnb-pension-note">{p.note}</span>}
                  </dt>
                  <dd>{yuan(p.value)}</dd>
                </div>
              ))}
            </dl>
          </div>

          <h3 className="xnb-pension-h">{t('payroll.history.title')}</h3>
          <PaymentHistory key={d.id} pensionId={d.id} />

          <h3 className="xnb-pension-h">{t('pensions.bySource')}</h3>
          <Table<SourceRow>
            size="small"
            bordered
            rowKey="source"
            pagination={false}
            dataSource={rows}
            data-testid="pension-sources"
            columns={[
              { title: t('pensions.source'), dataIndex: 'source', render: (v: string) => t(`account.source.${v}`, { defaultValue: v }) },
              { title: `${t('pensions.balanceAtAward')}（${t('pensions.yuan')}）`, dataIndex: 'balance', align: 'right', width: 180, render: (v: number) => yuan(v) },
              { title: `${t('pensions.firstMonthPension')}（${t('pensions.yuan')}）`, dataIndex: 'drawn', align: 'right', width: 180, render: (v: number) => yuan(v) },
            ]}
            summary={() => (
              <Table.Summary.Row className="xnb-pension-total">
                <Table.Summary.Cell index={0}>{t('pensions.total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {yuan(Object.keys(balances).length ? sum(balances) : d.accountBalance)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {yuan(Object.keys(drawn).length ? sum(drawn) : d.accountPension)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />

          <h3 className="xnb-pension-h">{t('pensions.explanation')}</h3>
          <ExplanationSteps steps={steps} />
        </div>
      )}
      <Modal
        open={prison !== null}
        title={prison === 'resume' ? t('pensions.prison.resumeTitle', { name: d?.name ?? '' }) : t('pensions.prison.suspendTitle', { name: d?.name ?? '' })}
        okText={prison === 'resume' ? t('pensions.prison.resume') : t('pensions.prison.suspend')}
        okButtonProps={{ danger: prison === 'suspend', ...{ 'data-testid': 'pension-prison-ok' } }}
        confirmLoading={busy}
        onOk={() => void submitPrison()}
        onCancel={() => setPrison(null)}
        destroyOnHidden
      >
        <Form form={prisonForm} layout="vertical" preserve={false}>
          <Form.Item name="month" label={prison === 'resume' ? t('pensions.prison.resumeFrom') : t('pensions.prison.fromMonth')} rules={[{ required: true, message: t('enrolment.required') }]} extra={prison === 'resume' ? t('pensions.prison.resumeHint') : t('pensions.prison.suspendHint')}>
            <DatePicker id="pension-prison-month" picker="month" format="YYYY-MM" style={{ width: '100%' }} />
          </Form.Item>
          {prison === 'suspend' && (
            <Form.Item name="note" label={t('residentRecord.terminateNote')}>
              <Input.TextArea rows={2} maxLength={200} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Drawer>
  );
}
