import { CheckCircleFilled, WalletOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Form, Input, Progress, Radio, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import ExportButton, { exportHref } from '../../components/ExportButton';
import RegionTreeSelect from '../../components/RegionTreeSelect';
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

  const apply = (v: Partial<Filters>) => list.setFilters({ ...list.filters, ...v });

  const columns: TableColumnsType<PlanRow> = [
    { title: t('contributions.col.village'), dataIndex: 'villageName', width: 90, ellipsis: true },
    { title: t('contributions.col.householdNo'), dataIndex: 'householdNo', width: 136, render: (v: string) => <span className="xnb-mono">{v}</span> },
    {
      title: t('contributions.col.name'),
      dataIndex: 'name',
      width: 76,
      render: (v: string, r) => (
        <a onClick={() => setOpenId(r.residentId)} data-testid="plan-name">
          {v}
        </a>
      ),
    },
    { title: t('contributions.col.idNumber'), dataIndex: 'idNumberMasked', width: 160, render: (v: string) => <span className="xnb-mono">{v}</span> },
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
      <Card size="small" className="xnb-card xnb-filter">
        <Form<FormValues>
          form={form}
          layout="inline"
          initialValues={{ year: thisYear, paid: 'all' }}
          onValuesChange={(changed: Partial<FormValues>) => {
            // The year, region and paid filters apply at once; the search text on 查询 / Enter.
            if ('q' in changed) return;
            const v = form.getFieldsValue();
            apply({ year: v.year, regionCode: v.regionCode, paid: v.paid === 'all' ? undefined : v.paid });
          }}
          onFinish={(v) => apply({ q: v.q?.trim() || undefined })}
        >
          <Form.Item name="year" label={t('contributions.year')}>
            <Select options={yearOptions(thisYear, t)} style={{ width: 118 }} data-testid="plan-year" />
          </Form.Item>
          <Form.Item name="regionCode" label={t('residents.region')}>
            <RegionTreeSelect placeholder={t('common.all')} style={{ width: 200 }} />
          </Form.Item>
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
          <Form.Item name="q">
            <Input.Search allowClear style={{ width: 240 }} maxLength={40} placeholder={t('contributions.qPlan')} onSearch={() => form.submit()} enterButton={t('common.search')} data-testid="plan-q" />
          </Form.Item>
          <Form.Item>
            <ExportButton href={exportHref('/api/contributions/plan.xlsx', list.filters)} testId="plan-export" fullIdNumbers>
              {t('contributions.planExport')}
            </ExportButton>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" className="xnb-card" style={{ marginTop: 12 }}>
        <div className="xnb-plan-summary" data-testid="plan-summary">
          {summary ? (
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
          ) : (
            <span className="xnb-muted">{t('common.loading')}</span>
          )}
        </div>
        <ErrorAlert error={list.error} />
        <Table<PlanRow>
          size="small"
          bordered
          rowKey="residentId"
          loading={list.loading}
          columns={columns}
          dataSource={list.data.items}
          scroll={{ x: w(1090, 1160) }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: list.data.total,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            onChange: list.onPageChange,
          }}
        />
      </Card>
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
