import type { TableColumnsType } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard, PagedTable } from '../../components/ListView';
import { formatDateTime } from '../../format';
import { usePaged } from '../../hooks/usePaged';
import { useReloadOnReturn } from '../contributions/useReloadOnReturn';
import { crossCheckApi, type Batch, type BatchPage, type Registry } from './crossCheckApi';

const num = (v: number) => <span className="xnb-num">{v.toLocaleString()}</span>;

/** 比对批次: each file loaded, newest first, with what its hits came to (in the user's region). */
export default function BatchesTab({ active, version, onOverview }: { active: boolean; version: number; onOverview: (o: BatchPage['overview']) => void }) {
  const { t } = useTranslation();
  const list = usePaged<Batch, object>((q) => crossCheckApi.batches(q), {});
  useReloadOnReturn(active, list.reload);
  const { reload } = list;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  const overview = (list.data as BatchPage).overview;
  useEffect(() => {
    if (overview) onOverview(overview);
  }, [overview, onOverview]);
  const c = (key: keyof Batch & string, width = 70) => ({ title: t(`crossCheck.batchCol.${key}`), dataIndex: key, width, align: 'right' as const, render: num });
  const columns: TableColumnsType<Batch> = [
    { title: t('crossCheck.batchCol.id'), dataIndex: 'id', width: 56 },
    { title: t('crossCheck.batchCol.registry'), dataIndex: 'registry', width: 150, render: (v: Registry) => t(`crossCheck.registries.${v}`) },
    { title: t('crossCheck.batchCol.fileName'), dataIndex: 'fileName', width: 170, ellipsis: true },
    c('rows', 90),
    { ...c('peopleCompared', 100), title: t('crossCheck.batchCol.people') },
    c('matched'),
    c('removed'),
    c('corrected'),
    c('rechecked'),
    c('resolved'),
    c('open'),
    { title: t('crossCheck.batchCol.seconds'), dataIndex: 'millis', width: 70, align: 'right', render: (v: number) => `${(v / 1000).toFixed(1)} s` },
    { title: t('crossCheck.batchCol.loadedBy'), dataIndex: 'loadedBy', width: 90 },
    { title: t('crossCheck.batchCol.loadedAt'), dataIndex: 'loadedAt', width: 140, render: (v: string) => formatDateTime(v) },
  ];
  return (
    <ListCard error={list.error}>
      <PagedTable<Batch> list={list} rowKey="id" columns={columns} data-testid="cc-batches" />
    </ListCard>
  );
}
