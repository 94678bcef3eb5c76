import { Form, Select, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { detailColumn, idNumberColumn, money, moneyColumn, nameColumn } from '../../components/columns';
import { FilterBar, ListCard, ListSummary, PagedTable, RegionField, SearchField } from '../../components/ListView';
import { fenToYuan, formatDateTime } from '../../format';
import { usePaged } from '../../hooks/usePaged';
import { useReloadOnReturn } from '../contributions/useReloadOnReturn';
import PensionDrawer from './PensionDrawer';
import { PENSION_STATUSES, pensionApi, pensionsExportHref, type PensionFilters, type PensionPage, type PensionRecord, type PensionStatus } from './pensionApi';
import { PensionStatusTag } from './PensionTags';

type FormValues = { regionCode?: string; status: PensionStatus | 'all'; q?: string };

/** 领取人员: everyone awarded a pension in the region, with the monthly total, the export and each award's details. */
export default function PensionersTab({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const w = (zh: number, en: number) => (i18n.language === 'en' ? en : zh);
  const [form] = Form.useForm<FormValues>();
  const list = usePaged<PensionRecord, PensionFilters>((q) => pensionApi.list(q), {});
  useReloadOnReturn(active, list.reload);
  const summary = (list.data as PensionPage).summary;
  const [openId, setOpenId] = useState<number | null>(null);

  const toFilters = (v: FormValues): PensionFilters => ({
    regionCode: v.regionCode,
    status: v.status === 'all' ? undefined : v.status,
    q: v.q?.trim() || undefined,
  });

  const open = (r: PensionRecord) => setOpenId(r.id);
  const columns: TableColumnsType<PensionRecord> = [
    nameColumn(t('pensions.col.name'), w(72, 84), open, 'pensioner-name'),
    idNumberColumn(t('pensions.col.idNumber'), 158),
    { title: t('pensions.col.village'), dataIndex: 'villageName', width: w(90, 100), ellipsis: true },
    { title: t('pensions.col.startMonth'), dataIndex: 'startMonth', width: w(72, 80), align: 'center' },
    { title: t('pensions.col.contributionYears'), dataIndex: 'contributionYears', width: w(70, 84), align: 'right', render: (v: number) => <span className="xnb-num">{t('pensions.years', { count: v })}</span> },
    moneyColumn('basicPension', t('pensions.col.basicPension'), w(84, 76)),
    moneyColumn('accountPension', t('pensions.col.accountPensionShort'), w(84, 76)),
    {
      title: <Tooltip title={t('pensions.currentHint')}>{t('pensions.col.currentMonthly')}</Tooltip>,
      dataIndex: 'currentMonthlyPension',
      width: w(96, 96),
      align: 'right',
      render: (v: number, r: PensionRecord) => (
        <Tooltip title={v !== r.monthlyPension ? t('pensions.awardedAmount', { amount: fenToYuan(r.monthlyPension), month: r.startMonth }) : undefined}>
          {money(v, true)}
        </Tooltip>
      ),
    },
    { title: t('pensions.col.status'), dataIndex: 'status', width: w(62, 90), align: 'center', render: (v: PensionStatus) => <PensionStatusTag status={v} /> },
    {
      title: t('pensions.col.awardedBy'),
      dataIndex: 'awardedBy',
      width: w(110, 120),
      ellipsis: true,
      render: (v: string | null, r) => (
        <Tooltip title={formatDateTime(r.awardedAt)}>
          <span>{v ?? '—'}</span>
        </Tooltip>
      ),
    },
    detailColumn(t('common.actions'), t('pensions.detail'), w(70, 90), open, 'pensioner-detail'),
  ];

  return (
    <>
      <FilterBar<FormValues>
        form={form}
        initialValues={{ status: 'all' }}
        onApply={(v) => list.setFilters(toFilters(v))}
        exportLink={{ href: pensionsExportHref(list.filters), testId: 'pensioners-export', label: t('pensions.export') , fullIdNumbers: true }}
      >
        <RegionField />
        <Form.Item name="status" label={t('pensions.statusFilter')}>
          <Select
            style={{ width: 96 }}
            data-testid="pensioners-status"
            options={[{ value: 'all', label: t('common.all') }, ...PENSION_STATUSES.map((s) => ({ value: s, label: t(`pensions.statuses.${s}`) }))]}
          />
        </Form.Item>
        <SearchField width={w(240, 260)} placeholder={t('pensions.q')} testId="pensioners-q" />
      </FilterBar>
      <ListCard
        error={list.error}
        summary={
          <ListSummary testId="pensioners-summary" ready={!!summary}>
            {summary && (
              <span>
                <Trans i18nKey="pensions.pensionersSummary" values={{ count: summary.count.toLocaleString(), total: fenToYuan(summary.monthlyTotal) }} components={{ b: <strong /> }} />
              </span>
            )}
          </ListSummary>
        }
      >
        <PagedTable<PensionRecord> list={list} rowKey="id" columns={columns} />
      </ListCard>
      <PensionDrawer id={openId} onClose={() => setOpenId(null)} onChanged={list.reload} />
    </>
  );
}
