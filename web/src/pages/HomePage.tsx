import { Alert, Card, Descriptions, Empty, Skeleton, Spin, Statistic, Table } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, type Dashboard, type DashboardTrends, type Region } from '../api';
import { useAuth } from '../auth';
import ErrorAlert from '../components/ErrorAlert';
import PageHeader from '../components/PageHeader';
import { fenToYuan, formatNumber, pathText } from '../format';
import { perMilleText } from './indicators/indicatorsApi';

const ResidentsChart = lazy(() => import('../components/ResidentsChart'));
const TrendsChart = lazy(() => import('../components/TrendsChart'));

const STATS = [
  { key: 'townships', label: 'home.townships', unit: 'home.unitPlaces', levels: ['county'] },
  { key: 'villages', label: 'home.villages', unit: 'home.unitPlaces', levels: ['county', 'township'] },
  { key: 'households', label: 'home.households', unit: 'home.unitHouseholds' },
  { key: 'residents', label: 'home.residents', unit: 'home.unitPeople' },
  { key: 'residentsAged60Plus', label: 'home.aged60', unit: 'home.unitPeople' },
  { key: 'staff', label: 'home.staff', unit: 'home.unitPeople' },
] as const;

const ENROLMENT_STATS = [
  { key: 'enrolled', label: 'home.enrolled', unit: 'home.unitPeople' },
  { key: 'paying', label: 'home.paying', unit: 'home.unitPeople' },
  { key: 'notPaying', label: 'home.notPaying', unit: 'home.unitPeople' },
  { key: 'awaitingTownship', label: 'home.awaitingTownship', unit: 'home.unitApplications', link: '/enrolment' },
  { key: 'awaitingCounty', label: 'home.awaitingCounty', unit: 'home.unitApplications', link: '/enrolment' },
] as const;

export default function HomePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { user, can } = useAuth();
  const [data, setData] = useState<Dashboard | null>(null);
  const [path, setPath] = useState<Region[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [trends, setTrends] = useState<DashboardTrends | null>(null);

  useEffect(() => {
    let alive = true;
    api
      .dashboardTrends()
      .then((d) => alive && setTrends(d))
      .catch(() => undefined); // the counts above carry the page; a failed trend leaves its card out
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    let alive = true;
    api
      .dashboard()
      .then((d) => {
        if (!alive) return;
        setData(d);
        if (d.path) setPath(d.path);
        else if (can('regions:view'))
          api
            .region(d.region.code)
            .then((r) => alive && setPath(r.path))
            .catch(() => undefined);
      })
      .catch((e: unknown) => alive && setError(e));
    return () => {
      alive = false;
    };
    // Reload on language change so server-side labels follow the language.
  }, [can, i18n.language]);

  const region = data?.region;
  const level = region?.level ?? user?.regionLevel ?? 'county';
  const stats = STATS.filter((s) => !('levels' in s) || (s.levels as readonly string[]).includes(level));
  const byChild = data?.counts.byChild;

  return (
    <div>
      <PageHeader title={t('menu.home')} />
      <ErrorAlert error={error} />
      {data?.parameterReview && data.parameterReview.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="xnb-card"
          style={{ marginBottom: 12 }}
          data-testid="home-parameter-review"
          message={t('home.parameterReview')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {data.parameterReview.map((w) => (
                <li key={w.name}>{w.message}</li>
              ))}
            </ul>
          }
        />
      )}
      <Card size="small" title={t('home.myRegion')} className="xnb-card">
        {region ? (
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} data-testid="home-region">
            <Descriptions.Item label={t('region.name')}>{region.name}</Descriptions.Item>
            <Descriptions.Item label={t('region.code')}>
              <span className="xnb-mono">{region.code}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('region.level')}>{t(`level.${region.level}`)}</Descriptions.Item>
            <Descriptions.Item label={t('region.path')}>{pathText(region, path)}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Skeleton active paragraph={{ rows: 1 }} />
        )}
      </Card>
      <div className="xnb-stat-grid" data-testid="home-stats">
        {stats.map((s) => (
          <Card key={s.key} size="small" className="xnb-stat">
            <Statistic
              title={t(s.label)}
              value={data ? (data.counts[s.key] ?? '—') : undefined}
              loading={!data && !error}
              suffix={<span className="xnb-stat-unit">{t(s.unit)}</span>}
              formatter={(v) => (typeof v === 'number' ? formatNumber(v, i18n.language) : String(v))}
            />
          </Card>
        ))}
      </div>
      {data?.enrolment && can('enrolment:view') && (
        <div className="xnb-stat-grid" data-testid="home-enrolment" style={{ marginTop: 12 }}>
          {ENROLMENT_STATS.map((s) => (
            <Card key={s.key} size="small" className="xnb-stat" hoverable={'link' in s} onClick={'link' in s ? () => navigate(s.link) : undefined}>
              <Statistic
                title={t(s.label)}
                value={data.enrolment![s.key]}
                suffix={<span className="xnb-stat-unit">{t(s.unit)}</span>}
                formatter={(v) => (typeof v === 'number' ? formatNumber(v, i18n.language) : String(v))}
              />
            </Card>
          ))}
        </div>
      )}
      {data?.pensions && can('pensions:view') && (
        <div className="xnb-stat-grid" data-testid="home-pensions" style={{ marginTop: 12 }}>
          <Card size="small" className="xnb-stat" hoverable onClick={() => navigate('/pensions?tab=pensioners')}>
            <Statistic title={t('home.recipients')} value={data.pensions.recipients} suffix={<span className="xnb-stat-unit">{t('home.unitPeople')}</span>} formatter={(v) => formatNumber(Number(v), i18n.language)} />
          </Card>
          <Card size="small" className="xnb-stat">
            <Statistic
              title={t('home.takeUp')}
              value={data.pensions.enrolledAtPensionAge ? (data.pensions.recipients * 100) / data.pensions.enrolledAtPensionAge : 0}
              precision={1}
              suffix={<span className="xnb-stat-unit">%</span>}
            />
          </Card>
          <Card size="small" className="xnb-stat">
            <Statistic title={t('home.monthlyTotal')} value={fenToYuan(data.pensions.monthlyTotal)} suffix={<span className="xnb-stat-unit">{t('home.unitYuan')}</span>} />
          </Card>
          <Card size="small" className="xnb-stat" hoverable onClick={() => navigate('/pensions?tab=certification')}>
            <Statistic
              title={t('home.certificationOverdue')}
              value={data.pensions.certificationOverdue}
              suffix={<span className="xnb-stat-unit">{t('home.unitPeople')}{data.pensions.suspended ? ` · ${t('home.suspended')} ${formatNumber(data.pensions.suspended, i18n.language)}` : ''}</span>}
              formatter={(v) => formatNumber(Number(v), i18n.language)}
            />
          </Card>
          <Card size="small" className="xnb-stat" hoverable={can('payroll:view')} onClick={can('payroll:view') ? () => navigate('/payroll') : undefined}>
            <Statistic
              title={t('home.latestPayroll')}
              value={data.pensions.latestPayroll ? data.pensions.latestPayroll.month : t('home.noPayroll')}
              suffix={data.pensions.latestPayroll ? <span className="xnb-stat-unit">{t(`home.payrollStatus.${data.pensions.latestPayroll.status}`)}</span> : undefined}
            />
          </Card>
        </div>
      )}
      {trends?.cycle && (
        <Card
          size="small"
          title={t('home.cycleTitle', { month: trends.cycle.month })}
          className="xnb-card"
          style={{ marginTop: 12 }}
          extra={<a onClick={() => navigate('/cycle')}>{t('home.cycleOpen')}</a>}
          data-testid="home-cycle"
        >
          <div className="xnb-stat-grid">
            {(
              [
                ['cycleVillagesLate', trends.cycle.villages.late],
                ['cycleVillagesMissing', trends.cycle.villages.missing],
                ['cycleTownshipsLate', trends.cycle.townships.late],
                ['cycleTownshipsMissing', trends.cycle.townships.missing],
              ] as const
            ).map(([key, value]) => (
              <Card key={key} size="small" className="xnb-stat" hoverable onClick={() => navigate('/cycle')}>
                <Statistic
                  title={t(`home.${key}`)}
                  value={value}
                  valueStyle={value > 0 ? { color: '#cf1322' } : undefined}
                  suffix={<span className="xnb-stat-unit">{t('home.unitPlaces')}</span>}
                  formatter={(v) => formatNumber(Number(v), i18n.language)}
                />
              </Card>
            ))}
          </div>
        </Card>
      )}
      {trends?.ranking && trends.ranking.length > 0 && (
        <Card
          size="small"
          title={t('home.rankingTitle')}
          className="xnb-card"
          style={{ marginTop: 12 }}
          extra={<a onClick={() => navigate('/indicators')}>{t('home.rankingOpen')}</a>}
          data-testid="home-ranking"
        >
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={trends.ranking}
            columns={[
              { title: t('home.rankingRank'), key: 'rank', width: 64, render: (_v, _r, i) => i + 1 },
              { title: t('home.rankingTownship'), dataIndex: 'name' },
              { title: t('home.rankingParticipation'), dataIndex: 'participation', align: 'right', render: (v: number | null) => perMilleText(v) },
              {
                title: t('home.rankingTarget'),
                dataIndex: 'targetEnrolled',
                align: 'right',
                render: (v: number | null) => <span style={v !== null && v < 1000 ? { color: '#cf1322' } : undefined}>{perMilleText(v)}</span>,
              },
            ]}
          />
        </Card>
      )}
      {trends && trends.months.length > 0 && (
        <Card size="small" title={t('home.trendsTitle')} className="xnb-card" style={{ marginTop: 12 }} data-testid="home-trends">
          <Suspense fallback={<Spin />}>
            <TrendsChart
              months={trends.months}
              labels={{
                enrolled: t('home.trendEnrolled'),
                pensioners: t('home.trendPensioners'),
                collected: t('home.trendCollected'),
                paid: t('home.trendPaid'),
                people: t('home.trendPeople'),
                yuan: t('home.trendYuan'),
              }}
            />
          </Suspense>
        </Card>
      )}
      {data && byChild !== undefined && (
        <Card size="small" title={t('home.chartTitle')} className="xnb-card" style={{ marginTop: 12 }}>
          {byChild.length ? (
            <Suspense fallback={<Spin />}>
              <ResidentsChart rows={byChild} seriesName={t('home.chartSeries')} />
            </Suspense>
          ) : (
            <Empty description={t('common.noData')} />
          )}
        </Card>
      )}
    </div>
  );
}
