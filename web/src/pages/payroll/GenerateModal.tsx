import { Alert, DatePicker, Form, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { chinaMonth } from '../pensions/pensionApi';
import { payrollApi, type Payroll } from './payrollApi';

/**
 * 生成发放批次: the month (this month in China time by default; at most next month, as the server allows)
 * and the start of the background job. The server's refusals (already generated, a later month exists,
 * too early, another still generating) are shown as it words them.
 */
export default function GenerateModal({ open, onClose, onStarted }: { open: boolean; onClose: () => void; onStarted: (p: Payroll) => void }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState<Dayjs>(() => dayjs(chinaMonth(0)));
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
        if (o) return;
        setError(null);
        setMonth(dayjs(chinaMonth(0)));
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
