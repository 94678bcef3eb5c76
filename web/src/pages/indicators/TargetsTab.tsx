import { App as AntApp, Alert, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import { ImportModal } from '../../components/FileImport';
import { useModalForm } from '../../components/useModalForm';
import { fenToYuan } from '../../format';
import { indicatorsApi, perMilleText, type RegionIndicators, type TargetRow } from './indicatorsApi';

type Row = TargetRow & { progress?: RegionIndicators | undefined; children?: Row[] };
type ImportResult = { year: number; set: number } | { year: number; villages: number; replaced: number; population: number; shouldEnrol: number };

/**
 * The year's targets (参保任务): the county sets each township's and contracts them down to its villages (typed here
 * or imported from Excel); everyone with the page sees the progress against them as of today. A township whose
 * villages' targets do not add up to its own is flagged. The hukou statistics are imported here too.
 */
export default function TargetsTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [rows, setRows] = useState<TargetRow[] | null>(null);
  const [progress, setProgress] = useState<Map<string, RegionIndicators>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<TargetRow | null>(null);
  const [importing, setImporting] = useState<'targets' | 'hukou' | null>(null);
  const [hukouYears, setHukouYears] = useState<number[]>([]);
  const manage = can('targets:manage');

  const load = useCallback(() => {
    const asOf = year === thisYear ? dayjs().format('YYYY-MM-DD') : `${year}-12-31`;
    Promise.all([indicatorsApi.targets(year), indicatorsApi.table(undefined, asOf), indicatorsApi.hukouYears()]).then(
      async ([targets, table, hukou]) => {
        const by = new Map<string, RegionIndicators>(table.rows.map((r) => [r.code, r]));
        by.set(table.total.code, table.total);
        // A county user sees townships in the table; their villages' progress comes from each township's table.
        if (table.region.level === 'county') {
          const villages = await Promise.all(table.rows.map((r) => indicatorsApi.table(r.code, asOf)));
          for (const v of villages) for (const r of v.rows) by.set(r.code, r);
        }
        setRows(targets.items);
        setProgress(by);
        setHukouYears(hukou.items.map((h) => h.year));
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }, [year, thisYear]);
  useEffect(load, [load]);

  const tree: Row[] = useMemo(() => {
    if (!rows) return [];
    const townships = rows.filter((r) => r.level === 'township').map((r) => ({ ...r, progress: progress.get(r.code), children: [] as Row[] }));
    for (const v of rows.filter((r) => r.level === 'village')) townships.find((tw) => tw.code === v.parentCode)?.children.push({ ...v, progress: progress.get(v.code) });
    if (townships.length === 0) return rows.map((r) => ({ ...r, progress: progress.get(r.code) }));
    return townships.map((r): Row => (r.children.length === 0 ? { code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, enrolled: r.enrolled, collected: r.collected, villagesEnrolled: r.villagesEnrolled, progress: r.progress } : r));
  }, [rows, progress]);

  const { form, busy, error: formError, submit } = useModalForm<{ enrolled: number; collected?: string }>(editing, ['enrolled', 'collected'], async (v) => {
    if (!editing) return;
    await indicatorsApi.setTargets(year, [{ regionCode: editing.code, enrolled: v.enrolled, collected: v.collected?.trim() ? v.collected.trim() : null }]);
    message.success(t('indicators.targets.saved'));
    setEditing(null);
    load();
  });

  const columns: TableColumnsType<Row> = [
    { title: t('indicators.unit'), dataIndex: 'name', width: 180 },
    {
      title: t('indicators.col.target'),
      key: 'enrolled',
      width: 110,
      align: 'right',
      render: (_: unknown, r) => (r.enrolled === null ? <span className="xnb-muted">{t('indicators.targets.none')}</span> : r.enrolled.toLocaleString('en')),
    },
    {
      title: t('indicators.col.villagesTarget'),
      key: 'villages',
      width: 130,
      align: 'right',
      render: (_: unknown, r) =>
        r.level !== 'township' || r.villagesEnrolled === null ? '' : r.enrolled !== null && r.villagesEnrolled !== r.enrolled ? (
          <span style={{ color: '#c00000' }} title={t('indicators.targets.contracted', { sum: r.villagesEnrolled, own: r.enrolled })}>
            {r.villagesEnrolled.toLocaleString('en')} ≠
          </span>
        ) : (
          r.villagesEnrolled.toLocaleString('en')
        ),
    },
    { title: t('indicators.col.enrolled'), key: 'now', width: 100, align: 'right', render: (_: unknown, r) => r.progress?.counts.enrolled.toLocaleString('en') ?? '' },
    {
      title: t('indicators.col.targetRate'),
      key: 'rate',
      width: 100,
      align: 'right',
      render: (_: unknown, r) => {
        const rate = r.progress?.rates.targetEnrolled ?? null;
        return <span style={rate !== null && rate < 900 ? { color: '#c00000' } : undefined}>{perMilleText(rate)}</span>;
      },
    },
    { title: t('indicators.col.collectedTarget'), key: 'collected', width: 130, align: 'right', render: (_: unknown, r) => (r.collected === null ? '—' : fenToYuan(r.collected)) },
    { title: t('indicators.col.collected'), key: 'col', width: 130, align: 'right', render: (_: unknown, r) => (r.progress ? fenToYuan(r.progress.counts.collected) : '') },
    ...(manage
      ? [
          {
            title: t('indicators.col.action'),
            key: 'action',
            width: 80,
            render: (_: unknown, r: Row) => (
              <a onClick={() => setEditing(r)} data-testid={`target-set-${r.code}`}>
                {t('indicators.targets.set')}
              </a>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('indicators.targets.year')}</span>
        <Select value={year} onChange={setYear} style={{ width: 110 }} options={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: String(y) }))} data-testid="target-year" />
        {manage && (
          <>
            <Button onClick={() => setImporting('targets')} data-testid="target-import">
              {t('indicators.targets.import')}
            </Button>
            <Button onClick={() => setImporting('hukou')} data-testid="hukou-import">
              {t('indicators.targets.hukou')}
            </Button>
          </>
        )}
        {hukouYears.length > 0 && <span className="xnb-muted">{t('indicators.targets.hukouYears', { years: hukouYears.join('、') })}</span>}
      </Space>
      <ErrorAlert error={error} />
      <Card size="small" className="xnb-card">
        <Table<Row> size="small" bordered rowKey="code" loading={!rows && !error} columns={columns} dataSource={tree} pagination={false} expandable={{ defaultExpandAllRows: false }} data-testid="target-table" />
      </Card>
      <Modal open={editing !== null} title={editing ? t('indicators.targets.setTitle', { name: editing.name, year }) : ''} onCancel={() => setEditing(null)} onOk={submit} confirmLoading={busy} okButtonProps={{ ...{ 'data-testid': 'target-save' } }} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ enrolled: editing?.enrolled ?? undefined, collected: editing?.collected == null ? '' : fenToYuan(editing.collected) }}>
          <Form.Item name="enrolled" label={t('indicators.targets.enrolled')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={0} style={{ width: 200 }} data-testid="target-enrolled" />
          </Form.Item>
          <Form.Item name="collected" label={t('indicators.targets.collected')}>
            <Input style={{ width: 200 }} data-testid="target-collected" />
          </Form.Item>
        </Form>
        <ErrorAlert error={formError} />
      </Modal>
      <ImportModal<ImportResult>
        open={importing !== null}
        title={importing === 'hukou' ? `${t('indicators.targets.hukou')}（${year}）` : `${t('indicators.targets.import')}（${year}）`}
        onClose={() => setImporting(null)}
        hint={importing === 'hukou' ? t('indicators.targets.hukouHint') : t('indicators.targets.importHint')}
        upload={(file): Promise<ImportResult> => (importing === 'hukou' ? indicatorsApi.importHukou(year, file) : indicatorsApi.importTargets(year, file))}
        onDone={load}
        renderResult={(r) => (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            showIcon
            title={'villages' in r ? t('indicators.targets.hukouDone', r) : t('indicators.targets.imported', r)}
          />
        )}
        template={{ href: `/api/indicators/templates/${importing ?? 'targets'}.xlsx?year=${year}`, label: t('indicators.targets.template') }}
        buttonLabel={importing === 'hukou' ? t('indicators.targets.hukou') : t('indicators.targets.import')}
        nothingApplied={t('indicators.targets.nothingApplied')}
        errorsTestId="indicator-import-errors"
      />
    </>
  );
}
