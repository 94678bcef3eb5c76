import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type AuditVerify } from '../../api';
import ErrorAlert from '../../components/ErrorAlert';

/** Calls GET /api/audit/verify and shows the outcome in a dialog. */
export default function AuditVerifyButton() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AuditVerify | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.verifyAudit());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setOpen(true);
    }
  };

  return (
    <>
      <Button icon={<SafetyCertificateOutlined />} loading={busy} onClick={() => void run()} data-testid="audit-verify">
        {t('audit.verify')}
      </Button>
      <Modal open={open} title={t('audit.verifyTitle')} onCancel={() => setOpen(false)} footer={null} width={560}>
        <ErrorAlert error={error} />
        {result && (
          <div data-testid="audit-verify-result">
            <Alert
              type={result.ok ? 'success' : 'error'}
              showIcon
              title={
                result.ok
                  ? t('audit.verifyOk', { checked: result.checked })
                  : t('audit.verifyBad', { checked: result.checked, count: result.problems.length })
              }
            />
            {!result.ok && result.problems.length > 0 && (
              <ul className="xnb-problems">
                {result.problems.slice(0, 50).map((p, i) => (
                  <li key={i}>
                    #{p.id}: {t(`audit.problem.${p.kind}`, { defaultValue: p.kind })}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </Modal>
    </>
  );
}
