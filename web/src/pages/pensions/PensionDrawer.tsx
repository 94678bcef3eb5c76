import { AuditOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Descriptions, Form, Input, Modal, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../auth';
import { useTranslation } from 'react-i18next';
import DetailDrawer, { useDetail } from '../../components/DetailDrawer';
import { formatDateTime } from '../../format';
import PaymentHistory from '../payroll/PaymentHistory';
import CertifyModal, { type CertifyTarget } from './CertifyModal';
import { AmountBlock, SourceTable, yuanOrDash, type AmountPart } from './AmountBlocks';
import ExplanationSteps from './ExplanationSteps';
import { normalizeSteps, pensionApi, type PensionDetail } from './pensionApi';
import { PensionStatusTag } from './PensionTags';
import './pensions.css';

/**
 * 待遇核定 of one pensioner: the amounts, the payments made (发放记录), the account by source at award, the steps with
 * their policy basis and the printable form; 登记认证 (those who certify) and 服刑暂停 / 恢复 (the benefit reviewer)
 * act on this pension from here, then `onChanged` lets the list reload.
 */
export default function PensionDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged?: () => void }) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const { detail: d, error, setError, reload } = useDetail<PensionDetail>(id, pensionApi.get);
  const [prison, setPrison] = useState<'suspend' | 'resume' | null>(null);
  const [prisonForm] = Form.useForm<{ month: Dayjs; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [certifying, setCertifying] = useState<CertifyTarget[] | null>(null);

  const submitPrison = async () => {
    if (id === null || prison === null) return;
    const v = await prisonForm.validateFields();
    setBusy(true);
    try {
      const month = v.month.format('YYYY-MM');
      const r = await pensionApi.imprisonment(id, prison === 'suspend' ? { fromMonth: month, ...(v.note ? { note: v.note } : {}) } : { resumeFrom: month });
      message.success(prison === 'suspend' ? t('pensions.prison.suspended', { month }) : t('pensions.prison.resumed', { month, count: r.skippedMonths }));
      setPrison(null);
      reload();
      onChanged?.();
    } catch (e) {
      setError(e);
      setPrison(null);
    } finally {
      setBusy(false);
    }
  };

  const yuan = yuanOrDash;
  const balances = d?.balancesAtAward ?? {};
  const drawn = d?.accountPensionBySource ?? {};
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0);

  const steps = normalizeSteps(d?.explanation);
  // The divisor the account pension was worked out with (139 at 60), as the explanation cites it.
  const divisor = steps.flatMap((s) => s.parameters).find((c) => c.name === 'accountPensionDivisor')?.value.en;
  const parts: AmountPart[] = d
    ? [
        { key: 'central', label: t('pensions.centralBasicPension'), value: yuan(d.centralBasicPension) },
        { key: 'topUp', label: t('pensions.localBasicPensionTopUp'), value: yuan(d.localBasicPensionTopUp) },
        { key: 'extra', label: t('pensions.longContributionExtra'), value: yuan(d.longContributionExtra), note: t('pensions.years', { count: d.contributionYears }) },
        { key: 'basic', label: t('pensions.basicPension'), value: yuan(d.basicPension), strong: true },
        { key: 'balance', label: t('pensions.accountBalance'), value: yuan(d.accountBalance) },
        { key: 'account', label: t('pensions.accountPension'), value: yuan(d.accountPension), note: divisor ? `÷ ${divisor}` : undefined, strong: true },
      ]
    : [];

  return (
    <DetailDrawer
      open={id !== null}
      onClose={onClose}
      size={680}
      title={d ? t('pensions.drawerTitle', { name: d.name }) : t('pensions.title')}
      extra={
        id !== null && (
          <Space>
            {d && can('pensions:certify') && d.status !== 'stopped' && (
              <Button type="primary" icon={<AuditOutlined />} onClick={() => setCertifying([{ pensionId: d.id, name: d.name, status: d.status === 'suspended' ? 'suspended' : 'active' }])} data-testid="pension-certify">
                {t('pensions.cert.open')}
              </Button>
            )}
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
      error={error}
      loading={!d}
    >
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
          <AmountBlock
            testId="pension-monthly"
            partsTestId="pension-parts"
            label={t('pensions.monthlyPension')}
            amount={yuan(d.monthlyPension)}
            unit={t('pensions.perMonth')}
            sum={`${yuan(d.basicPension)} + ${yuan(d.accountPension)}`}
            parts={parts}
          >
            {d.currentMonthlyPension !== undefined && d.currentMonthlyPension !== d.monthlyPension && (
              <span className="xnb-pension-sum" data-testid="pension-current">
                {t('pensions.currentNow', { amount: yuan(d.currentMonthlyPension) })}
              </span>
            )}
          </AmountBlock>

          <h3 className="xnb-pension-h">{t('payroll.history.title')}</h3>
          <PaymentHistory key={d.id} pensionId={d.id} />

          <h3 className="xnb-pension-h">{t('pensions.bySource')}</h3>
          <SourceTable
            testId="pension-sources"
            columns={[
              { title: t('pensions.balanceAtAward'), bySource: balances, total: Object.keys(balances).length ? sum(balances) : d.accountBalance },
              { title: t('pensions.firstMonthPension'), bySource: drawn, total: Object.keys(drawn).length ? sum(drawn) : d.accountPension },
            ]}
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
      <CertifyModal
        rows={certifying}
        onClose={() => setCertifying(null)}
        onDone={(r) => {
          setCertifying(null);
          if (r.recorded > 0) message.success(t('pensions.cert.recorded', { count: r.recorded, resumed: r.resumed }));
          else setError(new Error(r.refused?.[0]?.message ?? t('pensions.cert.recordedNone')));
          reload();
          onChanged?.();
        }}
      />
    </DetailDrawer>
  );
}
