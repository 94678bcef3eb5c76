import { CheckOutlined } from '@ant-design/icons';
import { App as AntApp, Button, DatePicker, Form, Popconfirm, Radio, Tag, Tooltip, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import { idNumberColumn, money, moneyColumn, nameColumn } from '../../components/columns';
import { FilterBar, ListCard, ListSummary, PagedTable, RefusedList, RegionField, SearchField } from '../../components/ListView';
import { fenToYuan } from '../../format';
import { usePaged } from '../../hooks/usePaged';
import { useReloadOnReturn } from '../contributions/useReloadOnReturn';
import ResidentDrawer from '../residents/ResidentDrawer';
import { chinaMonth, dueExportHref, pensionApi, type AwardResult, type DueFilters, type DuePage, type DueRow } from './pensionApi';
import { EligibilityTag } from './PensionTags';

const PUBLICITY_COLOURS: Record<DueRow['publicity']['state'], string> = { none: 'default', posted: 'processing', ended: 'success', objection: 'warning', upheld: 'error' };

type FormValues = { month: Dayjs; regionCode?: string; eligible: 'all' | 'yes' | 'no'; q?: string };

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
    nameColumn(t('pensions.col.name'), w(60, 84), (r) => setOpenId(r.residentId), 'due-name'),
    idNumberColumn(t('pensions.col.idNumber'), 148),
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
    moneyColumn('accountBalance', t('pensions.col.accountBalance'), w(84, 84)),
    moneyColumn('basicPension', t('pensions.col.basicPension'), w(82, 70)),
    moneyColumn('accountPension', t('pensions.col.accountPension'), w(112, 110)),
    moneyColumn('monthlyPension', t('pensions.col.monthlyPension'), w(72, 80), (v) => money(v, true)),
    {
      title: t('publicity.dueCol'),
      key: 'publicity',
      width: w(80, 110),
      align: 'center',
      render: (_, r) => (
        <Tooltip title={r.publicity.postedFrom ? t('publicity.dueHint', { from: r.publicity.postedFrom, to: r.publicity.postedTo }) : undefined}>
          <Tag color={PUBLICITY_COLOURS[r.publicity.state]} data-testid="due-publicity">
            {t(`publicity.due.${r.publicity.state}`)}
          </Tag>
        </Tooltip>
      ),
    },
    { title: t('pensions.col.status'), key: 'status', width: w(88, 116), fixed: 'right', render: (_, r) => <EligibilityTag row={r} /> },
  ];

  return (
    <>
      <FilterBar<FormValues>
        form={form}
        initialValues={{ month: dayjs(firstMonth), eligible: 'all' }}
        onApply={(v) => apply(toFilters(v))}
        exportLink={{ href: dueExportHref(list.filters), testId: 'due-export', label: t('pensions.export') , fullIdNumbers: true }}
      >
        <Form.Item name="month" label={t('pensions.month')}>
          <DatePicker id="due-month" picker="month" format="YYYY-MM" allowClear={false} style={{ width: 112 }} />
        </Form.Item>
        <RegionField width={190} />
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
        <SearchField width={w(220, 250)} placeholder={t('pensions.q')} testId="due-q" />
      </FilterBar>
      <ListCard
        error={list.error ?? actionError}
        summary={
          <ListSummary
            testId="due-summary"
            ready={!!summary}
            actions={
              canAward && (
                <>
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
                </>
              )
            }
          >
            {summary && (
              <span>
                <Trans
                  i18nKey="pensions.dueSummary"
                  values={{ month: list.filters.month, people: summary.people.toLocaleString(), eligible: summary.eligible.toLocaleString(), total: fenToYuan(summary.monthlyTotal) }}
                  components={{ b: <strong /> }}
                />
              </span>
            )}
          </ListSummary>
        }
      >
        <RefusedList
          testId="due-refused"
          title={t('pensions.refused', { count: refused.length })}
          items={refused.map((r) => ({ key: r.residentId, name: r.name, message: r.message }))}
          onClose={() => setRefused([])}
        />
        <PagedTable<DueRow>
          list={list}
          rowKey="residentId"
          columns={columns}
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
                  onChange: (keys) => setSelected(keys as number[]),
                  getCheckboxProps: (r) => ({ disabled: !r.eligible }),
                }
              : undefined
          }
        />
      </ListCard>
      <ResidentDrawer id={openId} onClose={() => setOpenId(null)} onChanged={() => list.reload()} />
    </>
  );
}
