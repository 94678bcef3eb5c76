import { AuditOutlined } from '@ant-design/icons';
import { Alert, Button, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type LedgerVerify } from '../../api';
import ErrorAlert from '../../components/ErrorAlert';

/** Calls GET /api/ledger/verify (the county's books against themselves) and shows each check in a dialog. */
export default function LedgerVerifyButton() {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LedgerVerify | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState(false);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';

  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.verifyLedger());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setOpen(true);
    }
  };

  const failed = result ? result.checks.filter((c) => c.problems.length > 0) : [];
  return (
    <>
      <Button icon={<AuditOutlined />} loading={busy} onClick={() => void run()} data-testid="ledger-verify">
        {t('audit.verifyLedger')}
      </Button>
      <Modal open={open} title={t('audit.verifyLedgerTitle')} onCancel={() => setOpen(false)} footer={null} width={640}>
        <ErrorAlert error={error} />
        {result && (
          <div data-testid="ledger-verify-result">
            <Alert type={result.ok ? 'success' : 'error'} showIcon title={result.ok ? t('audit.verifyLedgerOk', result.totals) : t('audit.verifyLedgerBad', { count: failed.length })} />
            <ul className="xnb-problems" style={{ listStyle: 'none', paddingLeft: 0, marginTop: 12 }}>
              {result.checks.map((c) => (
                <li key={c.name}>
                  {c.problems.length === 0 ? '✓' : '✗'} {c.title[lang]}
                  {c.problems.length > 0 && (
                    <ul>
                      {c.problems.map((p, i) => (
                        <li key={i}>{p.detail}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
      </Modal>
    </>
  );
}
