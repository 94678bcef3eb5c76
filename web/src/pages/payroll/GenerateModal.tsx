import { Alert, DatePicker, Form, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { chinaMonth } from '../pensions/pensionApi';
import { payrollApi, type Payroll } from './payrollApi';

/** The month to propose: the one after the latest payroll, not before this month nor after next month (China time). */
export function proposedMonth(lastMonth: string | null): string {
  const thisMonth = chinaMonth(0);
  if (!lastMonth || lastMonth < thisMonth) return thisMonth;
  const after = dayjs(`${lastMonth}-01`).add(1, 'month').format('YYYY-MM');
  return after > chinaMonth(1) ? chinaMonth(1) : after;
}

/**
 * 生成发放批次: the month (the one after the latest payroll, this month in China time at the earliest; at most next month, as the server allows)
 * and the start of the background job. The server's refusals (already generated, a later month exists,
 * too early, another still generating) are shown as it words them.
 */
export default function GenerateModal({ open, onClose, onStarted, lastMonth }: { open: boolean; onClose: () => void; onStarted: (p: Payroll) => void; lastMonth?: string | null }) {
  const { t } = useTranslation();
  const proposal = () => dayjs(proposedMonth(lastMonth ?? null));
  const [month, setMonth] = useState<Dayjs>(proposal);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latest = chinaMonth(1);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const p = await payrollApi.generate(month.format('YYYY-MM'));
      onStarted(p);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('payroll.generateTitle')}
      width={520}
      okText={t('payroll.generateOk')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      okButtonProps={{ 'data-testid': 'payroll-generate-ok' } as Record<string, string>}
      onCancel={onClose}
      afterOpenChange={(o) => {
        if (o) {
          setMonth(proposal());
          return;
        }
        setError(null);
      }}
      destroyOnHidden
    >
      <Alert type="info" showIcon className="xnb-payroll-hint" title={t('payroll.generateHint')} />
      <Form layout="inline" style={{ margin: '16px 0 8px' }}>
        <Form.Item label={t('payroll.month')}>
          <DatePicker
            id="payroll-month"
            picker="month"
            format="YYYY-MM"
            allowClear={false}
            value={month}
            onChange={(v) => v && setMonth(v)}
            disabledDate={(d) => d.format('YYYY-MM') > latest}
            style={{ width: 120 }}
          />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} style={{ marginTop: 8, marginBottom: 0 }} />
    </Modal>
  );
}
