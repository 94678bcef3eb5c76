import { WarningOutlined } from '@ant-design/icons';
import { Checkbox, Form, Select, type TableColumnsType, Tooltip } from 'antd';
import { useEffect } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { idNumberColumn, money, moneyColumn } from '../../components/columns';
import { FilterBar, ListSummary, PagedTable, RegionField, SearchField } from '../../components/ListView';
import { fenToYuan } from '../../format';
import { usePaged } from '../../hooks/usePaged';
import { linesExportHref, PAYMENT_STATUSES, payrollApi, periodText, type LineFilters, type PaymentLine, type PaymentPage, type PaymentStatus } from './payrollApi';
import { KindTag, PaymentStatusTag } from './PayrollTags';

type FormValues = { regionCode?: string; status: PaymentStatus | 'all'; q?: string; withheld?: boolean };

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
    idNumberColumn(t('payroll.lineCol.idNumber'), 150),
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
    moneyColumn('basicPension', t('payroll.lineCol.basicPension'), w(84, 70)),
    moneyColumn('fromAccount', t('payroll.lineCol.fromAccount'), w(98, 76)),
    moneyColumn('fromPool', t('payroll.lineCol.fromPool'), w(72, 64)),
    moneyColumn('amount', t('payroll.lineCol.amount'), w(84, 76), (v) => money(v, true)),
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
  return (
    <div data-testid="payroll-lines">
      <FilterBar<FormValues>
        form={form}
        bare
        className="xnb-payroll-filter"
        initialValues={{ status: 'all' }}
        onApply={(v) => setFilters(toFilters(v))}
        exportLink={{ href: linesExportHref(month, list.filters), testId: 'payroll-export', label: t('payroll.export') , fullIdNumbers: true }}
      >
        <Form.Item name="status" label={t('payroll.statusFilter')}>
          <Select
            style={{ width: w(104, 110) }}
            data-testid="payroll-lines-status"
            options={[{ value: 'all', label: t('common.all') }, ...PAYMENT_STATUSES.map((s) => ({ value: s, label: t(`payroll.lineStatuses.${s}`) }))]}
          />
        </Form.Item>
        <RegionField width={190} />
        <Form.Item name="withheld" valuePropName="checked">
          <Checkbox data-testid="payroll-lines-withheld">{t('payroll.withheldOnly')}</Checkbox>
        </Form.Item>
        <SearchField width={w(230, 250)} placeholder={t('payroll.q')} testId="payroll-lines-q" />
      </FilterBar>
      <ListSummary testId="payroll-lines-summary" className="xnb-payroll-lines-summary" ready={!(list.loading && page.items.length === 0)}>
        <span>
          <Trans i18nKey="payroll.linesSummary" values={{ count: page.total.toLocaleString(), amount: fenToYuan(page.amount ?? 0) }} components={{ b: <strong /> }} />
        </span>
      </ListSummary>
      <ErrorAlert error={list.error} />
      <PagedTable<PaymentLine> list={list} rowKey="id" columns={columns} sticky={false} rowClassName={(r) => (r.status === 'failed' ? 'xnb-payroll-failed-row' : '')} />
    </div>
  );
}
