import { CheckOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, DatePicker, Form, Input, Popconfirm, Radio, Table, Tooltip, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { fenToYuan } from '../../format';
import { usePaged } from '../../hooks/usePaged';
import { useReloadOnReturn } from '../contributions/useReloadOnReturn';
import ResidentDrawer from '../residents/ResidentDrawer';
import { chinaMonth, dueExportHref, pensionApi, type AwardResult, type DueFilters, type DuePage, type DueRow } from './pensionApi';
import { EligibilityTag } from './PensionTags';
import ExportButton from '../../components/ExportButton';

type FormValues = { month: Dayjs; regionCode?: string; eligible: 'all' | 'yes' | 'no'; q?: string };

const money = (v: number) => <span className="xnb-num">{fenToYuan(v)}</span>;

/**
 * 到龄待核定: enrolled people whose pension starts in or before the month and who have none yet, with what
 * they would be paid; the benefit reviewer awards the eligible ones ticked, in one go.
 */
export default function DueTab({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  // Column widths that fit 1366 pixels in Chinese; English words need more (the table then scrolls).
  const w = (zh: number, en: number) => (i18n.language === 'en' ? en : zh);
  const canAward = can('pensions:award');
  const firstMonth = chinaMonth(1);
  const [form] = Form.useForm<FormValues>();
  const list = usePaged<DueRow, DueFilters>((q) => pensionApi.due(q), { month: firstMonth });
  useReloadOnReturn(active, list.reload);
  const summary = (list.data as DuePage).summary;
  const [selected, setSelected] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [refused, setRefused] = useState<AwardResult['refused']>([]);
  const [openId, setOpenId] = useState<number | null>(null);

  const toFilters = (v: FormValues): DueFilters => ({
    month: v.month ? v.month.format('YYYY-MM') : list.filters.month,
    regionCode: v.regionCode,
    eligible: v.eligible === 'all' ? undefined : v.eligible,
    q: v.q?.trim() || undefined,
  });
  const apply = (f: DueFilters) => {
    setSelected([]);
    list.setFilters(f);
  };

  const award = async () => {
    if (selected.length === 0) return;
    setBusy(true);
    setActionError(null);
    setRefused([]);
    try {
      const r = await pensionApi.award(list.filters.month, selected);
      if (r.awarded > 0) message.success(t('pensions.awarded', { count: r.awarded, total: fenToYuan(r.monthlyTotal) }));
      else message.warning(t('pensions.awardedNone'));
      setRefused(r.refused ?? []);
      setSelected([]);
      list.reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<DueRow> = [
    {
      title: t('pensions.col.name'),
      dataIndex: 'name',
      width: w(60, 84),
      fixed: 'left',
      render: (v: string, r) => (
        <a onClick={() => setOpenId(r.residentId)} data-testid="due-name">
          {v}
        </a>
      ),
    },
    { title: t('pensions.col.idNumber'), dataIndex: 'idNumberMasked', width: 148, render: (v: string) => <span className="xnb-mono xnb-nowrap">{v}</span> },
    { title: t('pensions.col.sex'), dataIndex: 'sex', width: w(44, 64), align: 'center', render: (v: string) => t(v === 'M' ? 'residents.male' : 'residents.female') },
    { title: t('pensions.col.birthDate'), dataIndex: 'birthDate', width: 84 },
    { title: t('pensions.col.village'), dataIndex: 'villageName', width: w(70, 96), ellipsis: true },
    { title: t('pensions.col.pensionAgeDate'), dataIndex: 'pensionAgeDate', width: 84 },
    {
      title: t('pensions.col.startMonth'),
      dataIndex: 'startMonth',
      width: w(70, 80),
      align: 'center',
      render: (v: string, r) =>
        r.backPayRequired > 0 ? (
          <Tooltip title={t('pensions.afterBackPayHint')}>
            <span className="xnb-muted">{t('pensions.afterBackPay')}</span>
          </Tooltip>
        ) : (
          v
        ),
    },
    {
      title: t('pensions.col.contributionYears'),
      dataIndex: 'contributionYears',
      width: w(70, 84),
      align: 'right',
      render: (v: number, r) => (
        <Tooltip title={t(`pensions.category.${r.category}`, { defaultValue: r.category })}>
          <span className="xnb-num">{t('pensions.years', { count: v })}</span>
        </Tooltip>
      ),
    },
    { title: t('pensions.col.accountBalance'), dataIndex: 'accountBalance', width: w(84, 84), align: 'right', render: money },
    { title: t('pensions.col.basicPension'), dataIndex: 'basicPension', width: w(82, 70), align: 'right', render: money },
    { title: t('pensions.col.accountPension'), dataIndex: 'accountPension', width: w(112, 110), align: 'right', render: money },
    { title: t('pensions.col.monthlyPension'), dataIndex: 'monthlyPension', width: w(72, 80), align: 'right', render: (v: number) => <strong className="xnb-num">{fenToYuan(v)}</strong> },
    { title: t('pensions.col.status'), key: 'status', width: w(88, 116), fixed: 'right', render: (_, r) => <EligibilityTag row={r} /> },
  ];
  const scrollX = columns.reduce((s, c) => s + (typeof c.width === 'number' ? c.width : 80), 0) + (canAward ? 32 : 0);

  return (
    <>
      <Card size="small" className="xnb-card xnb-filter">
        <Form<FormValues>
          form={form}
          layout="inline"
          initialValues={{ month: dayjs(firstMonth), eligible: 'all' }}
          onValuesChange={(changed: Partial<FormValues>) => {
            // The month, region and eligibility apply at once; the search text on 查询 / Enter.
            if ('q' in changed) return;
            apply(toFilters(form.getFieldsValue()));
          }}
          onFinish={(v) => apply(toFilters(v))}
        >
          <Form.Item name="month" label={t('pensions.month')}>
            <DatePicker id="due-month" picker="month" format="YYYY-MM" allowClear={false} style={{ width: 112 }} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('residents.region')}>
            <RegionTreeSelect placeholder={t('common.all')} style={{ width: 190 }} />
          </Form.Item>
          <Form.Item name="eligible">
            <Radio.Group
              optionType="button"
              data-testid="due-eligible-filter"
              options={[
                { value: 'all', label: t('pensions.eligibility.all') },
                { value: 'yes', label: t('pensions.eligibility.yes') },
                { value: 'no', label: t('pensions.eligibility.no') },
              ]}
            />
          </Form.Item>
          <Form.Item name="q">
            <Input.Search allowClear style={{ width: w(220, 250) }} maxLength={40} placeholder={t('pensions.q')} onSearch={() => form.submit()} enterButton={t('common.search')} data-testid="due-q" />
          </Form.Item>
          <Form.Item>
            <ExportButton href={dueExportHref(list.filters)} testId="due-export" fullIdNumbers>
              {t('pensions.export')}
            </ExportButton>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" className="xnb-card" style={{ marginTop: 12 }}>
        <div className="xnb-pension-summary" data-testid="due-summary">
          {summary ? (
            <span>
              <Trans
                i18nKey="pensions.dueSummary"
                values={{ month: list.filters.month, people: summary.people.toLocaleString(), eligible: summary.eligible.toLocaleString(), total: fenToYuan(summary.monthlyTotal) }}
                components={{ b: <strong /> }}
              />
            </span>
          ) : (
            <span className="xnb-muted">{t('common.loading')}</span>
          )}
          {canAward && (
            <span className="xnb-pension-actions">
              <span className="xnb-muted">{t('pensions.selected', { count: selected.length })}</span>
              <Popconfirm
                title={t('pensions.awardConfirm', { count: selected.length, month: list.filters.month })}
                description={t('pensions.awardEffect')}
                okText={t('pensions.award')}
                cancelText={t('common.cancel')}
                disabled={selected.length === 0}
                onConfirm={() => award()}
                okButtonProps={{ ...{ 'data-testid': 'pension-award-ok' } }}
              >
                <Tooltip title={t('pensions.awardHint')}>
                  <Button type="primary" icon={<CheckOutlined />} disabled={selected.length === 0} loading={busy} data-testid="pension-award">
                    {t('pensions.award')}
                  </Button>
                </Tooltip>
              </Popconfirm>
            </span>
          )}
        </div>
        <ErrorAlert error={list.error ?? actionError} />
        {refused.length > 0 && (
          <div data-testid="due-refused">
            <Alert
              type="warning"
              showIcon
              closable={{ onClose: () => setRefused([]) }}
              className="xnb-pension-refused"
              title={t('pensions.refused', { count: refused.length })}
              description={
                <ul>
                  {refused.map((r) => (
                    <li key={r.residentId}>
                      <strong>{r.name}</strong>：{r.message}
                    </li>
                  ))}
                </ul>
              }
            />
          </div>
        )}
        <Table<DueRow>
          size="small"
          bordered
          rowKey="residentId"
          loading={list.loading}
          columns={columns}
          dataSource={list.data.items}
          scroll={{ x: scrollX }}
          sticky={{ offsetHeader: 55 }}
          expandable={{
            expandedRowRender: (r) => (
              <div data-testid="due-reason" style={{ whiteSpace: 'normal' }}>
                <strong>{t('pensions.reason')}：</strong>
                {r.reason[i18n.language === 'en' ? 'en' : 'zh-CN']}
                {r.conditionsMetOn ? ` （${t('pensions.conditionsMetOn')} ${r.conditionsMetOn}）` : ''}
              </div>
            ),
          }}
          rowSelection={
            canAward
              ? {
                  selectedRowKeys: selected,
                  preserveSelectedRowKeys: true,
                  columnWidth: 32,
                  fixed: 'left',
                  onChange: (keys) => setSelected(keys as number[]),
                  getCheckboxProps: (r) => ({ disabled: !r.eligible }),
                }
              : undefined
          }
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
      <ResidentDrawer id={openId} onClose={() => setOpenId(null)} onChanged={() => list.reload()} />
    </>
  );
}
