import { FileSearchOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Select, Table, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { fenToYuan, formatDateTime } from '../../format';
import { usePaged } from '../../hooks/usePaged';
import { useReloadOnReturn } from '../contributions/useReloadOnReturn';
import PensionDrawer from './PensionDrawer';
import { PENSION_STATUSES, pensionApi, pensionsExportHref, type PensionFilters, type PensionPage, type PensionRecord, type PensionStatus } from './pensionApi';
import { PensionStatusTag } from './PensionTags';
import ExportButton from '../../components/ExportButton';

type FormValues = { regionCode?: string; status: PensionStatus | 'all'; q?: string };

const money = (v: number) => <span className="xnb-num">{fenToYuan(v)}</span>;

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

  const columns: TableColumnsType<PensionRecord> = [
    {
      title: t('pensions.col.name'),
      dataIndex: 'name',
      width: w(72, 84),
      fixed: 'left',
      render: (v: string, r) => (
        <a onClick={() => setOpenId(r.id)} data-testid="pensioner-name">
          {v}
        </a>
      ),
    },
    { title: t('pensions.col.idNumber'), dataIndex: 'idNumberMasked', width: 158, render: (v: string) => <span className="xnb-mono xnb-nowrap">{v}</span> },
    { title: t('pensions.col.village'), dataIndex: 'villageName', width: w(90, 100), ellipsis: true },
    { title: t('pensions.col.startMonth'), dataIndex: 'startMonth', width: w(72, 80), align: 'center' },
    { title: t('pensions.col.contributionYears'), dataIndex: 'contributionYears', width: w(70, 84), align: 'right', render: (v: number) => <span className="xnb-num">{t('pensions.years', { count: v })}</span> },
    { title: t('pensions.col.basicPension'), dataIndex: 'basicPension', width: w(84, 76), align: 'right', render: money },
    { title: t('pensions.col.accountPensionShort'), dataIndex: 'accountPension', width: w(84, 76), align: 'right', render: money },
    {
      title: <Tooltip title={t('pensions.currentHint')}>{t('pensions.col.currentMonthly')}</Tooltip>,
      dataIndex: 'currentMonthlyPension',
      width: w(96, 96),
      align: 'right',
      render: (v: number, r: PensionRecord) => (
        <Tooltip title={v !== r.monthlyPension ? t('pensions.awardedAmount', { amount: fenToYuan(r.monthlyPension), month: r.startMonth }) : undefined}>
          <strong className="xnb-num">{fenToYuan(v)}</strong>
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
    {
      title: t('common.actions'),
      key: 'actions',
      width: w(70, 90),
      fixed: 'right',
      render: (_, r) => (
        <Button size="small" type="link" icon={<FileSearchOutlined />} onClick={() => setOpenId(r.id)} data-testid="pensioner-detail">
          {t('pensions.detail')}
        </Button>
      ),
    },
  ];
  const scrollX = columns.reduce((s, c) => s + (typeof c.width === 'number' ? c.width : 80), 0);

  return (
    <>
      <Card size="small" className="xnb-card xnb-filter">
        <Form<FormValues>
          form={form}
          layout="inline"
          initialValues={{ status: 'all' }}
          onValuesChange={(changed: Partial<FormValues>) => {
            if ('q' in changed) return;
            list.setFilters(toFilters(form.getFieldsValue()));
          }}
          onFinish={(v) => list.setFilters(toFilters(v))}
        >
          <Form.Item name="regionCode" label={t('residents.region')}>
            <RegionTreeSelect placeholder={t('common.all')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="status" label={t('pensions.statusFilter')}>
            <Select
              style={{ width: 96 }}
              data-testid="pensioners-status"
              options={[{ value: 'all', label: t('common.all') }, ...PENSION_STATUSES.map((s) => ({ value: s, label: t(`pensions.statuses.${s}`) }))]}
            />
          </Form.Item>
          <Form.Item name="q">
            <Input.Search allowClear style={{ width: w(240, 260) }} maxLength={40} placeholder={t('pensions.q')} onSearch={() => form.submit()} enterButton={t('common.search')} data-testid="pensioners-q" />
          </Form.Item>
          <Form.Item>
            <ExportButton href={pensionsExportHref(list.filters)} testId="pensioners-export" fullIdNumbers>
              {t('pensions.export')}
            </ExportButton>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" className="xnb-card" style={{ marginTop: 12 }}>
        <div className="xnb-pension-summary" data-testid="pensioners-summary">
          {summary ? (
            <span>
              <Trans i18nKey="pensions.pensionersSummary" values={{ count: summary.count.toLocaleString(), total: fenToYuan(summary.monthlyTotal) }} components={{ b: <strong /> }} />
            </span>
          ) : (
            <span className="xnb-muted">{t('common.loading')}</span>
          )}
        </div>
        <ErrorAlert error={list.error} />
        <Table<PensionRecord>
          size="small"
          bordered
          rowKey="id"
          loading={list.loading}
          columns={columns}
          dataSource={list.data.items}
          scroll={{ x: scrollX }}
          sticky={{ offsetHeader: 55 }}
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
      <PensionDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
