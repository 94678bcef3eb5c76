import { Form, Segmented, Select, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { detailColumn, idNumberColumn, nameColumn } from '../../components/columns';
import { exportHref } from '../../components/ExportButton';
import { FilterBar, ListCard, ListSummary, PagedTable, RegionField, SearchField } from '../../components/ListView';
import { usePaged } from '../../hooks/usePaged';
import { useReloadOnReturn } from '../contributions/useReloadOnReturn';
import HitDrawer, { KindTag, StateTag } from './HitDrawer';
import { HIT_KINDS, HIT_STATES, REGISTRIES, crossCheckApi, type Hit, type HitFilters, type HitKind, type HitPage, type HitState, type Registry } from './crossCheckApi';

type FormValues = { kind: HitKind | 'all'; state: HitState | 'all'; registry?: Registry; regionCode?: string; q?: string };

/** 疑点处理: the queue of hits in the user's region (open first), filtered by kind, state, registry and village. */
export default function HitsTab({ active, version, onChanged }: { active: boolean; version: number; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const w = (zh: number, en: number) => (i18n.language === 'en' ? en : zh);
  const [form] = Form.useForm<FormValues>();
  const list = usePaged<Hit, HitFilters>((q) => crossCheckApi.hits(q), { state: 'open' });
  useReloadOnReturn(active, list.reload);
  const { reload } = list;
  // A file loaded on this page adds hits.
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  const summary = (list.data as HitPage).summary;
  const [openId, setOpenId] = useState<number | null>(null);

  const toFilters = (v: FormValues): HitFilters => ({
    kind: v.kind === 'all' ? undefined : v.kind,
    state: v.state === 'all' ? undefined : v.state,
    registry: v.registry,
    regionCode: v.regionCode,
    q: v.q?.trim() || undefined,
  });
  const open = (r: Hit) => setOpenId(r.id);
  const columns: TableColumnsType<Hit> = [
    nameColumn(t('crossCheck.col.name'), 70, open, 'cc-name'),
    idNumberColumn(t('crossCheck.col.idNumber'), 150),
    { title: t('crossCheck.col.village'), dataIndex: 'villageName', width: 80, ellipsis: true },
    { title: t('crossCheck.col.kind'), dataIndex: 'kind', width: w(110, 140), render: (_: HitKind, r) => <KindTag hit={r} /> },
    { title: t('crossCheck.col.reason'), dataIndex: 'reason', width: w(190, 240), render: (v: string) => t(`crossCheck.reasons.${v}`, { defaultValue: v }) },
    { title: t('crossCheck.col.registry'), dataIndex: 'registry', width: w(130, 170), render: (v: Registry) => t(`crossCheck.registries.${v}`) },
    { title: t('crossCheck.col.registryName'), dataIndex: 'registryName', width: 80, render: (v: string | null, r) => (v && v !== r.name ? <strong>{v}</strong> : (v ?? '')) },
    { title: t('crossCheck.col.registryDate'), dataIndex: 'registryDate', width: 92 },
    { title: t('crossCheck.col.state'), dataIndex: 'state', width: 100, align: 'center', render: (_: HitState, r) => <StateTag hit={r} /> },
    detailColumn(t('common.actions'), t('crossCheck.detail'), w(56, 72), open, 'cc-open'),
  ];
  const kindOptions = (['all', ...HIT_KINDS] as const).map((k) => ({ value: k, label: <span data-testid={`cc-kind-${k}`}>{t(`crossCheck.kinds.${k}`)}</span> }));

  return (
    <>
      <FilterBar<FormValues>
        form={form}
        initialValues={{ kind: 'all', state: 'open' }}
        onApply={(v) => list.setFilters(toFilters(v))}
        exportLink={{ href: exportHref('/api/cross-checks/hits/export.xlsx', list.filters), testId: 'cc-export', label: t('crossCheck.export') }}
      >
        <Form.Item name="kind">
          <Segmented options={kindOptions} data-testid="cc-kind-filter" />
        </Form.Item>
        <Form.Item name="state" label={t('crossCheck.col.state')}>
          <Select style={{ width: 110 }} options={(['all', ...HIT_STATES] as const).map((s) => ({ value: s, label: t(`crossCheck.states.${s}`) }))} data-testid="cc-state-filter" />
        </Form.Item>
        <Form.Item name="registry" label={t('crossCheck.col.registry')}>
          <Select allowClear style={{ width: w(170, 200) }} placeholder={t('crossCheck.kinds.all')} options={REGISTRIES.map((r) => ({ value: r, label: t(`crossCheck.registries.${r}`) }))} />
        </Form.Item>
        <RegionField width={180} />
        <SearchField width={w(220, 240)} placeholder={t('crossCheck.q')} testId="cc-q" />
      </FilterBar>
      <ListCard
        error={list.error}
        summary={
          <ListSummary testId="cc-summary" ready={!!summary}>
            {summary && (
              <span data-testid="cc-summary-text">
                <Trans i18nKey="crossCheck.summary" values={summary} components={{ b: <strong /> }} />
              </span>
            )}
          </ListSummary>
        }
      >
        <PagedTable<Hit> list={list} rowKey="id" columns={columns} />
      </ListCard>
      <HitDrawer id={openId} onClose={() => setOpenId(null)} onChanged={onChanged} />
    </>
  );
}
