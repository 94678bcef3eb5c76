import { Alert, Button, Card, Collapse, DatePicker, Drawer, Space, Table, Tag, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import ExportButton from '../../components/ExportButton';
import { PagedTable } from '../../components/ListView';
import { dateColumn, idNumberColumn } from '../../components/columns';
import { fenToYuan } from '../../format';
import { usePaged } from '../../hooks/usePaged';
import { indicatorsApi, perMilleText, type DrillFigure, type DrillPerson, type IndicatorTable, type RegionIndicators } from './indicatorsApi';

interface Drill {
  region: RegionIndicators;
  figure: DrillFigure;
}

/** The people behind one figure, a page at a time (IDs masked). */
function PeopleDrawer({ drill, asOf, onClose }: { drill: Drill; asOf: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [amount, setAmount] = useState<number | null>(null);
  const list = usePaged<DrillPerson, { regionCode: string; figure: DrillFigure; asOf: string }>(
    async (q) => {
      const r = await indicatorsApi.people(q);
      setAmount(r.amount);
      return r;
    },
    { regionCode: drill.region.code, figure: drill.figure, asOf },
  );
  const columns: TableColumnsType<DrillPerson> = [
    { title: t('indicators.people.name'), dataIndex: 'name', width: 90 },
    idNumberColumn<DrillPerson>(t('indicators.people.idNumber')),
    dateColumn<DrillPerson>('birthDate', t('indicators.people.birthDate'), 100),
    { title: t('indicators.people.village'), dataIndex: 'villageName', width: 110 },
    {
      title: t('indicators.people.facts'),
      key: 'facts',
      render: (_: unknown, p) => (
        <Space size={2} wrap>
          {!p.enrolled && <Tag>{t('indicators.people.notEnrolled')}</Tag>}
          {p.pensioner && <Tag color="purple">{t('indicators.people.pensioner')}</Tag>}
          {p.paidLastYear && <Tag color="blue">{t('indicators.people.paidLastYear')}</Tag>}
          {p.paidThisYear && <Tag color="green">{t('indicators.people.paidThisYear')}</Tag>}
        </Space>
      ),
    },
    ...(drill.figure === 'collected' ? [{ title: t('indicators.people.amount'), dataIndex: 'amount', width: 110, align: 'right' as const, render: (v: number | null) => (v === null ? '' : fenToYuan(v)) }] : []),
  ];
  return (
    <Drawer
      open
      onClose={onClose}
      size={820}
      title={t('indicators.people.title', { region: drill.region.name, figure: t(`indicators.figures.${drill.figure}`), asOf })}
      destroyOnHidden
    >
      <div data-testid="indicator-people-total" style={{ marginBottom: 8 }}>
        {drill.figure === 'collected' ? t('indicators.people.amountTotal', { total: list.data.total, amount: fenToYuan(amount ?? 0) }) : t('indicators.people.total', { total: list.data.total })}
      </div>
      <ErrorAlert error={list.error} />
      <PagedTable<DrillPerson> list={list} columns={columns} rowKey="residentId" compact data-testid="indicator-people" />
    </Drawer>
  );
}

/**
 * The indicators of the caller's region (or a township it drills into) as of a day: a row per township or village
 * and the total; every count opens the people behind it; the definitions under the table.
 */
export default function IndicatorTableTab() {
  const { t } = useTranslation();
  const [asOf, setAsOf] = useState(dayjs().format('YYYY-MM-DD'));
  const [path, setPath] = useState<{ code: string; name: string }[]>([]);
  const [table, setTable] = useState<IndicatorTable | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [drill, setDrill] = useState<Drill | null>(null);
  const regionCode = path.length > 0 ? path[path.length - 1]!.code : undefined;

  useEffect(() => {
    let alive = true;
    indicatorsApi.table(regionCode, asOf).then(
      (r) => {
        if (!alive) return;
        setTable(r);
        setError(null);
      },
      (e: unknown) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [regionCode, asOf]);

  const count = (figure: DrillFigure, key: keyof RegionIndicators['counts']) => ({
    key,
    width: 92,
    align: 'right' as const,
    render: (_: unknown, r: RegionIndicators) => (
      <a onClick={() => setDrill({ region: r, figure })} data-testid={`drill-${figure}-${r.code}`}>
        {key === 'collected' ? fenToYuan(r.counts.collected) : (r.counts[key] ?? 0).toLocaleString('en')}
      </a>
    ),
  });
  const rate = (key: keyof RegionIndicators['rates']) => ({ key: `rate-${key}`, width: 84, align: 'right' as const, render: (_: unknown, r: RegionIndicators) => perMilleText(r.rates[key]) });
  const columns: TableColumnsType<RegionIndicators> = [
    {
      title: t('indicators.unit'),
      key: 'name',
      width: 130,
      fixed: 'left',
      render: (_: unknown, r) =>
        r.level === 'township' && r.code !== table?.region.code ? (
          <a onClick={() => setPath([...path, { code: r.code, name: r.name }])} data-testid={`indicator-open-${r.code}`}>
            {r.name}
          </a>
        ) : (
          <span>{r.code === table?.region.code ? t('indicators.total') : r.name}</span>
        ),
    },
    {
      title: t('indicators.col.shouldEnrolHukou'),
      key: 'hukou',
      width: 100,
      align: 'right',
      render: (_: unknown, r) => (r.counts.shouldEnrolHukou === null ? '—' : <span title={r.hukouMissing > 0 ? t('indicators.hukouMissing', { n: r.hukouMissing }) : undefined}>{r.counts.shouldEnrolHukou.toLocaleString('en')}{r.hukouMissing > 0 ? ' *' : ''}</span>),
    },
    { title: t('indicators.col.shouldEnrolRegistry'), ...count('shouldEnrolRegistry', 'shouldEnrolRegistry'), width: 100 },
    { title: t('indicators.col.enrolled'), ...count('enrolled', 'enrolled') },
    { title: t('indicators.col.payers'), ...count('payers', 'payers') },
    { title: t('indicators.col.paidThisYear'), ...count('paidThisYear', 'paidThisYear') },
    { title: t('indicators.col.renewals'), ...count('renewals', 'renewals') },
    { title: t('indicators.col.pensioners'), ...count('pensioners', 'pensioners') },
    {
      title: t('indicators.col.participation'),
      key: 'participation',
      width: 180,
      align: 'right',
      render: (_: unknown, r) =>
        r.rates.participationHukou === null ? perMilleText(r.rates.participationRegistry) : t('indicators.participationBoth', { hukou: perMilleText(r.rates.participationHukou), registry: perMilleText(r.rates.participationRegistry) }),
    },
    { title: t('indicators.col.renewal'), ...rate('renewal') },
    { title: t('indicators.col.takeUp'), ...rate('takeUp') },
    { title: t('indicators.col.collected'), ...count('collected', 'collected'), width: 120 },
    { title: t('indicators.col.target'), key: 'target', width: 80, align: 'right', render: (_: unknown, r) => (r.counts.targetEnrolled === null ? '—' : r.counts.targetEnrolled.toLocaleString('en')) },
    { title: t('indicators.col.targetRate'), ...rate('targetEnrolled') },
  ];
  const definitions = t('indicators.definitions', { returnObjects: true }) as unknown as string[];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('indicators.asOf')}</span>
        <span data-testid="indicator-asof">
          <DatePicker allowClear={false} value={dayjs(asOf)} onChange={(d) => d && setAsOf(d.format('YYYY-MM-DD'))} />
        </span>
        {path.length > 0 && (
          <Button onClick={() => setPath(path.slice(0, -1))} data-testid="indicator-back">
            {t('indicators.back')}
          </Button>
        )}
        <ExportButton href={indicatorsApi.exportHref(regionCode, asOf)} testId="indicator-export" fileName={`管理指标-${asOf}.xlsx`}>
          {t('indicators.export')}
        </ExportButton>
      </Space>
      <ErrorAlert error={error} />
      <Card size="small" className="xnb-card" title={table ? `${table.region.name}（${t('indicators.asOf')} ${table.asOf}）` : ''}>
        <Table<RegionIndicators>
          size="small"
          bordered
          rowKey="code"
          loading={!table && !error}
          columns={columns}
          dataSource={table ? [...table.rows, table.total] : []}
          pagination={false}
          scroll={{ x: 1500 }}
          rowClassName={(r) => (r.code === table?.region.code ? 'xnb-total-row' : '')}
          data-testid="indicator-table"
        />
      </Card>
      <Collapse
        style={{ marginTop: 12 }}
        defaultActiveKey={['d']}
        items={[{ key: 'd', label: t('indicators.definitionsTitle'), children: <ul className="xnb-definitions" data-testid="indicator-definitions">{definitions.map((d) => <li key={d}>{d}</li>)}</ul> }]}
      />
      {table && table.total.hukouMissing > 0 && table.total.counts.shouldEnrolHukou !== null && <Alert style={{ marginTop: 8 }} type="warning" showIcon title={`* ${t('indicators.hukouMissing', { n: table.total.hukouMissing })}`} />}
      {drill && <PeopleDrawer key={`${drill.region.code}-${drill.figure}-${asOf}`} drill={drill} asOf={asOf} onClose={() => setDrill(null)} />}
    </>
  );
}
