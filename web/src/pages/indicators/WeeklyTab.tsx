import { Alert, Card, Select, Space, Table, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import ExportButton from '../../components/ExportButton';
import { fenToYuan } from '../../format';
import { indicatorsApi, perMilleText, type ProgressPoint, type WeeklyLine, type WeeklyReport } from './indicatorsApi';
import ProgressChart from './ProgressChart';

const signed = (n: number) => (n > 0 ? `+${n.toLocaleString('en')}` : n.toLocaleString('en'));

/**
 * The weekly report (周报) from the Friday snapshots: each township (or village) this Friday against last Friday and
 * its target, printed as a PDF for the leading group or exported to Excel, and the chart of the year's progress.
 */
export default function WeeklyTab() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [date, setDate] = useState<string | undefined>(undefined);
  const [report, setReport] = useState<WeeklyReport | null>(null);
  const [points, setPoints] = useState<ProgressPoint[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [none, setNone] = useState(false);
  // A village's report would be one row: coordinators have no page; a clerk's is the township's.
  const regionCode = user?.regionLevel === 'village' ? undefined : undefined;

  useEffect(() => {
    let alive = true;
    indicatorsApi.weekly(regionCode, date).then(
      (r) => {
        if (!alive) return;
        setReport(r);
        setNone(false);
        setError(null);
        void indicatorsApi.progress(regionCode, Number(r.takenOn.slice(0, 4))).then((p) => alive && setPoints(p.points));
      },
      (e: unknown) => {
        if (!alive) return;
        if ((e as { code?: string }).code === 'INDICATOR_NO_SNAPSHOT') setNone(true);
        else setError(e);
      },
    );
    return () => {
      alive = false;
    };
  }, [regionCode, date]);

  if (none) return <Alert type="info" showIcon title={t('indicators.weekly.none')} />;
  const delta = (f: (l: WeeklyLine) => number, money = false) => (l: WeeklyLine) => (l.previous ? (money ? fenToYuan(f(l) - f({ ...l, now: l.previous })) : signed(f(l) - f({ ...l, now: l.previous }))) : '—');
  const enrolledDelta = delta((l) => l.now.enrolled);
  const paidDelta = delta((l) => l.now.paidThisYear);
  const collectedDelta = delta((l) => l.now.collected, true);
  const columns: TableColumnsType<WeeklyLine> = [
    { title: t('indicators.unit'), key: 'name', width: 120, fixed: 'left', render: (_: unknown, l) => (l.code === report?.region.code ? t('indicators.total') : l.name) },
    { title: t('indicators.col.shouldEnrolHukou'), key: 'h', width: 100, align: 'right', render: (_: unknown, l) => l.now.shouldEnrolHukou?.toLocaleString('en') ?? '—' },
    { title: t('indicators.col.target'), key: 'tg', width: 80, align: 'right', render: (_: unknown, l) => l.now.targetEnrolled?.toLocaleString('en') ?? '—' },
    { title: t('indicators.col.enrolled'), key: 'e', width: 90, align: 'right', render: (_: unknown, l) => l.now.enrolled.toLocaleString('en') },
    { title: t('indicators.col.week'), key: 'ed', width: 80, align: 'right', render: (_: unknown, l) => enrolledDelta(l) },
    {
      title: t('indicators.col.targetRate'),
      key: 'tr',
      width: 90,
      align: 'right',
      render: (_: unknown, l) => <span style={l.rates.targetEnrolled !== null && l.rates.targetEnrolled < 900 ? { color: '#c00000', fontWeight: 600 } : undefined}>{perMilleText(l.rates.targetEnrolled)}</span>,
    },
    { title: t('indicators.col.short'), key: 's', width: 80, align: 'right', render: (_: unknown, l) => l.shortOfTarget?.toLocaleString('en') ?? '—' },
    { title: t('indicators.col.paidThisYear'), key: 'p', width: 90, align: 'right', render: (_: unknown, l) => l.now.paidThisYear.toLocaleString('en') },
    { title: t('indicators.col.week'), key: 'pd', width: 80, align: 'right', render: (_: unknown, l) => paidDelta(l) },
    { title: t('indicators.col.renewal'), key: 'rn', width: 80, align: 'right', render: (_: unknown, l) => perMilleText(l.rates.renewal) },
    { title: t('indicators.col.pensioners'), key: 'pn', width: 80, align: 'right', render: (_: unknown, l) => l.now.pensioners.toLocaleString('en') },
    { title: t('indicators.col.takeUp'), key: 'tu', width: 80, align: 'right', render: (_: unknown, l) => perMilleText(l.rates.takeUp) },
    { title: t('indicators.col.collected'), key: 'c', width: 130, align: 'right', render: (_: unknown, l) => fenToYuan(l.now.collected) },
    { title: t('indicators.col.week'), key: 'cd', width: 110, align: 'right', render: (_: unknown, l) => collectedDelta(l) },
  ];
  const total = report?.total;
  const summary =
    report && total
      ? t('indicators.weekly.summary', {
          region: report.region.name,
          day: report.takenOn,
          enrolled: total.now.enrolled.toLocaleString('en'),
          short: total.shortOfTarget === null ? t('indicators.weekly.noTarget') : total.shortOfTarget === 0 ? t('indicators.weekly.met') : t('indicators.weekly.short', { n: total.shortOfTarget.toLocaleString('en') }),
          previous: report.previousOn ?? t('indicators.weekly.noPrevious'),
          delta: enrolledDelta(total),
        })
      : '';

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('indicators.weekly.day')}</span>
        <Select style={{ width: 140 }} value={report?.takenOn} onChange={setDate} options={(report?.days ?? []).map((d) => ({ value: d, label: d }))} data-testid="weekly-day" />
        <ExportButton href={indicatorsApi.weeklyHref('pdf', regionCode, report?.takenOn)} testId="weekly-pdf" fileName={`工作进度周报-${report?.takenOn ?? ''}.pdf`}>
          {t('indicators.weekly.pdf')}
        </ExportButton>
        <ExportButton href={indicatorsApi.weeklyHref('xlsx', regionCode, report?.takenOn)} testId="weekly-xlsx" fileName={`工作进度周报-${report?.takenOn ?? ''}.xlsx`}>
          {t('indicators.weekly.xlsx')}
        </ExportButton>
      </Space>
      <ErrorAlert error={error} />
      {report && <Alert type="info" showIcon title={summary} style={{ marginBottom: 12 }} data-testid="weekly-summary" />}
      <Card size="small" className="xnb-card">
        <Table<WeeklyLine> size="small" bordered rowKey="code" loading={!report && !error} columns={columns} dataSource={report ? [...report.rows, report.total] : []} pagination={false} scroll={{ x: 1300 }} rowClassName={(l) => (l.code === report?.region.code ? 'xnb-total-row' : '')} data-testid="weekly-table" />
      </Card>
      {points.length > 0 && report && (
        <Card size="small" className="xnb-card" style={{ marginTop: 12 }} title={t('indicators.weekly.chart', { year: report.takenOn.slice(0, 4) })} data-testid="weekly-chart">
          <ProgressChart points={points} />
        </Card>
      )}
    </>
  );
}
