import { WarningOutlined } from '@ant-design/icons';
import { Checkbox, Form, Input, Select, Table, type TableColumnsType, Tooltip } from 'antd';
import { useEffect } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { fenToYuan } from '../../format';
import { usePaged } from '../../hooks/usePaged';
import { linesExportHref, PAYMENT_STATUSES, payrollApi, periodText, type LineFilters, type PaymentLine, type PaymentPage, type PaymentStatus } from './payrollApi';
import { KindTag, PaymentStatusTag } from './PayrollTags';
import ExportButton from '../../components/ExportButton';

type FormValues = { regionCode?: string; status: PaymentStatus | 'all'; q?: string; withheld?: boolean };

const money = (v: number) => <span className="xnb-num">{fenToYuan(v)}</span>;

/**
 * 发放明细 of a month: one line per pension (and per failed payment paid again), filtered by status, region
 * and name / ID number, paged, with the Excel roll (发放花名册) of the same filters.
 * `region` (from a click on a township) sets the region filter; `version` reloads after a change.
 */
export default function PaymentLines({ month, version, region }: { month: string; version: number; region?: { code: string; seq: number } }) {
  const { t, i18n } = useTranslation();
  const w = (zh: number, en: number) => (i18n.language === 'en' ? en : zh);
  const [form] = Form.useForm<FormValues>();
  const list = usePaged<PaymentLine, LineFilters>((q) => payrollApi.lines(month, q), {});
  const page = list.data as PaymentPage;
  const { reload, setFilters } = list;

  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  useEffect(() => {
    if (!region) return;
    form.setFieldsValue({ regionCode: region.code });
    setFilters(toFilters(form.getFieldsValue()));
  }, [region?.seq]);

  function toFilters(v: FormValues): LineFilters {
    return { regionCode: v.regionCode, status: v.status === 'all' ? undefined : v.status, q: v.q?.trim() || undefined, ...(v.withheld ? { withheld: 'yes' as const } : {}) };
  }

  const columns: TableColumnsType<PaymentLine> = [
    { title: t('payroll.lineCol.id'), dataIndex: 'id', width: w(76, 84), align: 'right', render: (v: number) => <span className="xnb-mono">{v}</span> },
    { title: t('payroll.lineCol.name'), dataIndex: 'name', width: w(70, 84), ellipsis: true },
    { title: t('payroll.lineCol.idNumber'), dataIndex: 'idNumberMasked', width: 150, render: (v: string) => <span className="xnb-mono xnb-nowrap">{v}</span> },
    { title: t('payroll.lineCol.village'), dataIndex: 'villageName', width: w(84, 96), ellipsis: true },
    { title: t('payroll.lineCol.kind'), dataIndex: 'kind', width: w(52, 70), align: 'center', render: (v: PaymentLine['kind']) => <KindTag kind={v} /> },
    {
      title: t('payroll.lineCol.period'),
      key: 'period',
      width: w(124, 136),
      render: (_, r) => (
        <span className="xnb-num xnb-nowrap">
          {periodText(r, '～')}
          {r.months > 1 && <span className="xnb-payroll-months">×{r.months}</span>}
        </span>
      ),
    },
    { title: t('payroll.lineCol.basicPension'), dataIndex: 'basicPension', width: w(84, 70), align: 'right', render: money },
    { title: t('payroll.lineCol.fromAccount'), dataIndex: 'fromAccount', width: w(98, 76), align: 'right', render: money },
    { title: t('payroll.lineCol.fromPool'), dataIndex: 'fromPool', width: w(72, 64), align: 'right', render: money },
    { title: t('payroll.lineCol.amount'), dataIndex: 'amount', width: w(84, 76), align: 'right', render: (v: number) => <strong className="xnb-num">{fenToYuan(v)}</strong> },
    { title: t('payroll.lineCol.status'), key: 'status', width: w(82, 76), align: 'center', render: (_, r) => <PaymentStatusTag line={r} /> },
    {
      title: t('payroll.lineCol.note'),
      key: 'note',
      ellipsis: true,
      render: (_, r) => {
        const notes: string[] = [];
        if (r.failureReason) notes.push(r.failureReason);
        if (r.withdrawnReason) notes.push(r.withdrawnReason);
        if (r.withheldReason) notes.push(r.withheldReason);
        if (r.repaidIn) notes.push(t('payroll.repaidIn', { month: r.repaidIn }));
        const text = notes.join('；');
        return (
          <span className="xnb-payroll-note">
            {!r.hasBankAccount && (
              <Tooltip title={t('payroll.noBankAccount')}>
                <WarningOutlined className="xnb-payroll-warn" aria-label={t('payroll.noBankAccount')} />
              </Tooltip>
            )}
            {text && <Tooltip title={text}>{text}</Tooltip>}
          </span>
        );
      },
    },
  ];
  const scrollX = columns.reduce((s, c) => s + (typeof c.width === 'number' ? c.width : 110), 0);

  return (
    <div data-testid="payroll-lines">
      <Form<FormValues>
        form={form}
        layout="inline"
        className="xnb-payroll-filter"
        initialValues={{ status: 'all' }}
        onValuesChange={(changed: Partial<FormValues>) => {
          if ('q' in changed) return;
          setFilters(toFilters(form.getFieldsValue()));
        }}
        onFinish={(v) => setFilters(toFilters(v))}
      >
        <Form.Item name="status" label={t('payroll.statusFilter')}>
          <Select
            style={{ width: w(104, 110) }}
            data-testid="payroll-lines-status"
            options={[{ value: 'all', label: t('common.all') }, ...PAYMENT_STATUSES.map((s) => ({ value: s, label: t(`payroll.lineStatuses.${s}`) }))]}
          />
        </Form.Item>
        <Form.Item name="regionCode" label={t('residents.region')}>
          <RegionTreeSelect placeholder={t('common.all')} style={{ width: 190 }} />
        </Form.Item>
        <Form.Item name="withheld" valuePropName="checked">
          <Checkbox data-testid="payroll-lines-withheld">{t('payroll.withheldOnly')}</Checkbox>
        </Form.Item>
        <Form.Item name="q">
          <Input.Search allowClear style={{ width: w(230, 250) }} maxLength={40} placeholder={t('payroll.q')} onSearch={() => form.submit()} enterButton={t('common.search')} data-testid="payroll-lines-q" />
        </Form.Item>
        <Form.Item>
          <ExportButton href={linesExportHref(month, list.filters)} testId="payroll-export" fullIdNumbers>
            {t('payroll.export')}
          </ExportButton>
        </Form.Item>
      </Form>
      <div className="xnb-pension-summary xnb-payroll-lines-summary" data-testid="payroll-lines-summary">
        {list.loading && page.items.length === 0 ? (
          <span className="xnb-muted">{t('common.loading')}</span>
        ) : (
          <span>
            <Trans i18nKey="payroll.linesSummary" values={{ count: page.total.toLocaleString(), amount: fenToYuan(page.amount ?? 0) }} components={{ b: <strong /> }} />
          </span>
        )}
      </div>
      <ErrorAlert error={list.error} />
      <Table<PaymentLine>
        size="small"
        bordered
        rowKey="id"
        loading={list.loading}
        columns={columns}
        dataSource={list.data.items}
        scroll={{ x: scrollX }}
        rowClassName={(r) => (r.status === 'failed' ? 'xnb-payroll-failed-row' : '')}
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
    </div>
  );
}
