import { CheckCircleFilled, WalletOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, Progress, Radio, Select, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import { idNumberColumn, nameColumn } from '../../components/columns';
import { exportHref } from '../../components/ExportButton';
import { FilterBar, ListCard, ListSummary, PagedTable, RegionField, SearchField } from '../../components/ListView';
import { fenToYuan } from '../../format';
import { usePaged } from '../../hooks/usePaged';
import ResidentDrawer from '../residents/ResidentDrawer';
import CollectModal, { recordedText } from './CollectModal';
import IdentityTag from './IdentityTag';
import { contributionApi, type PlanPage, type PlanRow } from './contributionApi';
import { useReloadOnReturn } from './useReloadOnReturn';
import { yearOptions } from './years';

interface Filters {
  year: number;
  regionCode?: string;
  paid?: 'yes' | 'no';
  q?: string;
}

type FormValues = Omit<Filters, 'paid'> & { paid: 'all' | 'yes' | 'no' };


/** 征缴计划: everyone enrolled and paying in the region for a year, paid or not, and 收款 for the unpaid. */
export default function PlanTab({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const w = (zh: number, en: number) => (i18n.language === 'en' ? en : zh);
  const { message } = AntApp.useApp();
  const canCollect = can('contributions:collect');
  const thisYear = new Date().getFullYear();
  const [form] = Form.useForm<FormValues>();
  const list = usePaged<PlanRow, Filters>((q) => contributionApi.plan(q), { year: thisYear });
  useReloadOnReturn(active, list.reload);
  const summary = (list.data as PlanPage).summary;
  const [collecting, setCollecting] = useState<PlanRow | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);

  const columns: TableColumnsType<PlanRow> = [
    { title: t('contributions.col.village'), dataIndex: 'villageName', width: 90, ellipsis: true },
    { title: t('contributions.col.householdNo'), dataIndex: 'householdNo', width: 136, render: (v: string) => <span className="xnb-mono">{v}</span> },
    { ...nameColumn<PlanRow>(t('contributions.col.name'), 76, (r) => setOpenId(r.residentId), 'plan-name'), fixed: undefined },
    idNumberColumn(t('contributions.col.idNumber'), 160),
    { title: t('contributions.col.birthDate'), dataIndex: 'birthDate', width: 92 },
    {
      title: t('contributions.col.identity'),
      dataIndex: 'identity',
      width: w(130, 170),
      render: (v: string) => <IdentityTag identity={v} />,
    },
    {
      title: t('contributions.col.paidStatus'),
      key: 'paid',
      width: w(74, 84),
      render: (_, r) =>
        r.contributionId !== null ? (
          <Tag color="success" icon={<CheckCircleFilled />}>
            {t('contributions.paid')}
          </Tag>
        ) : (
          <Tag>{t('contributions.unpaid')}</Tag>
        ),
    },
    { title: t('contributions.col.tier'), dataIndex: 'tier', width: 84, align: 'right', render: (v: number | null) => (v === null ? '—' : fenToYuan(v)) },
    { title: t('contributions.col.totalCredited'), dataIndex: 'totalCredited', width: 88, align: 'right', render: (v: number | null) => (v === null ? '—' : fenToYuan(v)) },
    { title: t('contributions.col.paidOn'), dataIndex: 'paidOn', width: 92, render: (v: string | null) => v ?? '—' },
    ...(canCollect
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: w(76, 96),
            fixed: 'right' as const,
            render: (_: unknown, r: PlanRow) =>
              r.contributionId === null ? (
                <Button size="small" type="primary" ghost icon={<WalletOutlined />} onClick={() => setCollecting(r)} data-testid="plan-collect">
                  {t('contributions.collect')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  const rate = summary && summary.people > 0 ? Math.round((summary.paid / summary.people) * 1000) / 10 : 0;

  return (
    <>
      <FilterBar<FormValues>
        form={form}
        initialValues={{ year: thisYear, paid: 'all' }}
        onApply={(v) => list.setFilters({ year: v.year, regionCode: v.regionCode, paid: v.paid === 'all' ? undefined : v.paid, q: v.q?.trim() || undefined })}
        exportLink={{ href: exportHref('/api/contributions/plan.xlsx', list.filters), testId: 'plan-export', label: t('contributions.planExport') , fullIdNumbers: true }}
      >
        <Form.Item name="year" label={t('contributions.year')}>
          <Select options={yearOptions(thisYear, t)} style={{ width: 118 }} data-testid="plan-year" />
        </Form.Item>
        <RegionField />
        <Form.Item name="paid">
          <Radio.Group
            optionType="button"
            data-testid="plan-paid"
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'no', label: t('contributions.unpaid') },
              { value: 'yes', label: t('contributions.paid') },
            ]}
          />
        </Form.Item>
        <SearchField placeholder={t('contributions.qPlan')} testId="plan-q" />
      </FilterBar>
      <ListCard
        error={list.error}
        summary={
          <ListSummary testId="plan-summary" ready={!!summary}>
            {summary && (
              <>
                <span>
                  <Trans
                    i18nKey="contributions.summary"
                    values={{ year: list.filters.year, people: summary.people.toLocaleString(), paid: summary.paid.toLocaleString(), collected: fenToYuan(summary.collected) }}
                    components={{ b: <strong /> }}
                  />
                </span>
                <span className="xnb-plan-rate">
                  {t('contributions.rate')}
                  <Progress percent={rate} size="small" style={{ width: 160, margin: '0 0 0 8px' }} format={(p) => `${p}%`} />
                </span>
              </>
            )}
          </ListSummary>
        }
      >
        <PagedTable<PlanRow> list={list} rowKey="residentId" columns={columns} scrollX={w(1090, 1160)} />
      </ListCard>
      <CollectModal
        row={collecting}
        year={list.filters.year}
        onClose={() => setCollecting(null)}
        onRecorded={(c) => {
          setCollecting(null);
          message.success(recordedText(t, c));
          list.reload();
        }}
      />
      <ResidentDrawer id={openId} onClose={() => setOpenId(null)} onChanged={() => list.reload()} />
    </>
  );
}
