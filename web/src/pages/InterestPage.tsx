import { Alert, App as AntApp, Button, Card, Form, InputNumber, Popconfirm, Table, Tag, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api';
import { useAuth } from '../auth';
import ErrorAlert from '../components/ErrorAlert';
import JobProgress from '../components/JobProgress';
import PageHeader from '../components/PageHeader';
import { fenToYuan, formatDateTime } from '../format';

interface Job {
  id: number;
  kind: 'interest';
  period: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  result: { accounts?: number; totalInterest?: number } | null;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const STATUS_COLOR = { queued: 'default', running: 'processing', done: 'success', failed: 'error' } as const;

/** 账户计息: start the yearly interest job and follow its progress. */
export default function InterestPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const [jobs, setJobs] = useState<Job[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [year, setYear] = useState<number | null>(null);
  const lastYear = new Date().getFullYear() - 1;

  const [loaded, setLoaded] = useState(false);
  const load = useCallback(() => {
    request<{ items: Job[] }>('GET', '/api/jobs', undefined, { kind: 'interest' }).then((r) => {
      setJobs(r.items);
      setLoaded(true);
    }, setError);
  }, []);
  useEffect(load, [load]);
  // The next year to post: the one after the latest posted (or under way), while its period is over.
  const posted = jobs.filter((j) => j.status !== 'failed').map((j) => Number(j.period));
  const next = posted.length > 0 ? Math.max(...posted) + 1 : lastYear;
  const proposed = next <= lastYear ? next : null;
  // Proposed once the posted years are known (before that, every year would look unposted).
  useEffect(() => {
    if (loaded) setYear((y) => (y === null ? proposed : y));
  }, [loaded, proposed]);
  // Follow running jobs.
  const active = jobs.some((j) => j.status === 'queued' || j.status === 'running');
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(load, 1000);
    return () => clearInterval(timer);
  }, [active, load]);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      if (year === null) return;
      await request<Job>('POST', '/api/jobs/interest', { year });
      message.success(t('interest.started', { year }));
      load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<Job> = [
    { title: t('interest.period'), dataIndex: 'period', width: 80 },
    { title: t('interest.status'), dataIndex: 'status', width: 100, render: (s: Job['status']) => <Tag color={STATUS_COLOR[s]}>{t(`interest.statuses.${s}`)}</Tag> },
    {
      title: t('interest.progress'),
      key: 'progress',
      width: 220,
      render: (_, j) => <JobProgress job={j} size="small" />,
    },
    { title: t('interest.accounts'), key: 'accounts', width: 90, align: 'right', render: (_, j) => j.result?.accounts ?? '—' },
    { title: t('interest.totalInterest'), key: 'interest', width: 130, align: 'right', render: (_, j) => (j.result?.totalInterest !== undefined ? fenToYuan(j.result.totalInterest) : '—') },
    { title: t('interest.createdBy'), dataIndex: 'createdBy', width: 110 },
    { title: t('interest.createdAt'), dataIndex: 'createdAt', width: 160, render: formatDateTime },
    { title: t('interest.finishedAt'), dataIndex: 'finishedAt', width: 160, render: formatDateTime },
    { title: t('interest.error'), dataIndex: 'error', render: (v: string | null) => v ?? '' },
  ];

  return (
    <div>
      <PageHeader title={t('interest.title')} />
      <Card size="small" className="xnb-card">
        <p className="xnb-muted">{t('interest.hint')}</p>
        {can('accounts:interest') && proposed === null && posted.length > 0 && (
          <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="interest-all-posted" title={t('interest.allPosted', { year: Math.max(...posted), next: Math.max(...posted) + 1 })} />
        )}
        {can('accounts:interest') && (
          <Form layout="inline">
            <Form.Item label={t('interest.year')}>
              <InputNumber min={2009} max={2100} value={year} onChange={(v) => setYear(v === null ? null : Number(v))} data-testid="interest-year" />
            </Form.Item>
            <Form.Item>
              <Popconfirm
                title={t('interest.startConfirm', { year })}
                description={t('interest.startEffect', { year })}
                okText={t('interest.start')}
                cancelText={t('common.cancel')}
                disabled={year === null}
                onConfirm={() => start()}
                okButtonProps={{ ...{ 'data-testid': 'interest-start-ok' } }}
              >
                <Button type="primary" loading={busy} disabled={year === null} data-testid="interest-start">
                  {t('interest.start')}
                </Button>
              </Popconfirm>
            </Form.Item>
          </Form>
        )}
      </Card>
      <Card size="small" className="xnb-card" style={{ marginTop: 12 }} title={t('interest.jobs')}>
        <ErrorAlert error={error} />
        <Table<Job> size="small" bordered rowKey="id" columns={columns} dataSource={jobs} pagination={false} scroll={{ x: 1100 }} data-testid="interest-jobs" />
      </Card>
    </div>
  );
}
