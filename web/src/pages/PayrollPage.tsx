import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth';
import PageHeader from '../components/PageHeader';
import GenerateModal from './payroll/GenerateModal';
import PayrollDetail from './payroll/PayrollDetail';
import PayrollList from './payroll/PayrollList';
import { payrollApi, type Payroll } from './payroll/payrollApi';
import './pensions/pensions.css';
import './payroll/payroll.css';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * 待遇发放: the monthly payrolls. The benefit reviewer generates a month (a background job followed here),
 * the finance officer approves it, the agent bank takes the payment file and returns the failures, which
 * settles it. The month and the view are kept in the address (?month=2026-12&view=townships).
 */
export default function PayrollPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  const [items, setItems] = useState<Payroll[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generating, setGenerating] = useState(false);

  const asked = params.get('month');
  const month = asked && MONTH.test(asked) ? asked : (items[0]?.month ?? null);
  const view = params.get('view') === 'townships' ? 'townships' : 'lines';

  const load = useCallback(() => {
    payrollApi.list().then(
      (r) => {
        setItems(r.items);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        setError(e);
        setLoading(false);
      },
    );
  }, []);
  useEffect(load, [load]);
  // While the list shows a month being generated it is looked at again (the open month too: its detail may see
  // the job end before it ever saw it running, so it cannot be relied on to say so).
  const running = items.some((p) => p.status === 'generating' && p.job.status !== 'failed');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, [running, load]);

  const open = (m: string, v: string = 'lines', replace = false) => setParams(v === 'lines' ? { month: m } : { month: m, view: v }, { replace });

  return (
    <div className="xnb-payroll">
      <PageHeader
        title={t('payroll.title')}
        extra={
          can('payroll:generate') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setGenerating(true)} data-testid="payroll-generate">
              {t('payroll.generate')}
            </Button>
          )
        }
      />
      <PayrollList items={items} loading={loading} error={error} selected={month} onOpen={(m) => open(m)} />
      {month && <PayrollDetail key={month} month={month} view={view} onView={(v) => open(month, v, true)} onChanged={load} />}
      <GenerateModal
        open={generating}
        lastMonth={items[0]?.month ?? null}
        onClose={() => setGenerating(false)}
        onStarted={(p) => {
          setGenerating(false);
          message.info(t('payroll.started', { month: p.month }));
          load();
          open(p.month);
        }}
      />
    </div>
  );
}
