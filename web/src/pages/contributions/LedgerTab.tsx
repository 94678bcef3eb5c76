import { RollbackOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, Select, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import { FilterBar, ListCard, ListSummary, PagedTable, RegionField, SearchField } from '../../components/ListView';
import { fenToYuan } from '../../format';
import { usePaged } from '../../hooks/usePaged';
import { contributionApi, ledgerExportHref, SPLIT_FIELDS, type Contribution, type ContributionStatus, type LedgerFilters, type LedgerPage } from './contributionApi';
import ReverseModal from './ReverseModal';
import { useReloadOnReturn } from './useReloadOnReturn';
import { yearOptions } from './years';

type FormValues = { year: number | 'all'; regionCode?: string; status: ContributionStatus | 'all'; q?: string };

const money = (v: number) => fenToYuan(v);

/** 征缴台账: the payments recorded in the region, with totals by source, the Excel export and 冲正. */
export default function LedgerTab({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  // Column widths that fit 1366 pixels in Chinese; English words need more (the table then scrolls).
  const w = (zh: number, en: number) => (i18n.language === 'en' ? en : zh);
  const { message } = AntApp.useApp();
  const canReverse = can('contributions:reverse');
  const thisYear = new Date().getFullYear();
  const [form] = Form.useForm<FormValues>();
  const list = usePaged<Contribution, LedgerFilters>((q) => contributionApi.ledger(q), { year: thisYear });
  useReloadOnReturn(active, list.reload);
  const totals = (list.data as LedgerPage).totals;
  const [reversing, setReversing] = useState<Contribution | null>(null);

  const toFilters = (v: FormValues): LedgerFilters => ({
    year: v.year === 'all' ? undefined : v.year,
    regionCode: v.regionCode,
    status: v.status === 'all' ? undefined : v.status,
    q: v.q?.trim() || undefined,
  });

  // Collective subsidy and sponsorship are rare: their columns show only when the filtered ledger has any
  // (the totals above always list every source), so the rest fits on a 1366-pixel screen.
  const shownSources = SPLIT_FIELDS.filter(
    (k) => (k !== 'collectiveSubsidy' && k !== 'sponsorship') || (totals?.[k] ?? 0) !== 0 || list.data.items.some((c) => c[k] !== 0),
  );

  const columns: TableColumnsType<Contribution> = [
    {
      title: t('contributions.col.name'),
      dataIndex: 'name',
      width: w(68, 80),
      fixed: 'left',
      render: (v: string, r) => (
        <Tooltip title={<span className="xnb-mono">{r.idNumberMasked}</span>} placement="right">
          <span>{v}</span>
        </Tooltip>
      ),
    },
    { title: t('contributions.col.village'), dataIndex: 'villageName', width: w(76, 84), ellipsis: true },
    { title: t('contributions.col.year'), dataIndex: 'year', width: w(50, 56), align: 'center' },
    {
      title: t('contributions.col.kind'),
      dataIndex: 'kind',
      width: w(50, 76),
      align: 'center',
      render: (v: Contribution['kind']) => (v === 'backPay' ? <Tag color="purple">{t('contributions.kind.backPay')}</Tag> : t('contributions.kind.yearly')),
    },
    { title: t('contributions.col.tier'), dataIndex: 'tier', width: w(78, 84), align: 'right', render: money },
    ...shownSources.map((k) => ({ title: t(`contributions.split.${k}`), dataIndex: k, width: w(76, 92), align: 'right' as const, render: money })),
    { title: t('contributions.col.totalCredited'), dataIndex: 'totalCredited', width: w(86, 92), align: 'right', render: (v: number) => <strong>{money(v)}</strong> },
    { title: t('contributions.col.paidOn'), dataIndex: 'paidOn', width: w(88, 92) },
    { title: t('contributions.col.channel'), dataIndex: 'channel', width: w(76, 96), render: (v: Contribution['channel']) => t(`contributions.channels.${v}`) },
    { title: t('contributions.col.receiptNo'), dataIndex: 'receiptNo', width: w(90, 100), render: (v: string | null) => (v ? <span className="xnb-mono">{v}</span> : '—') },
    { title: t('contributions.col.recordedBy'), dataIndex: 'recordedBy', width: w(76, 100), ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: t('contributions.col.status'),
      dataIndex: 'status',
      width: w(68, 80),
      fixed: 'right',
      render: (v: ContributionStatus, r) =>
        v === 'posted' ? (
          <Tag color="success">{t('contributions.statuses.posted')}</Tag>
        ) : (
          <Tooltip title={r.reversalReason ? t('contributions.reversalReason', { reason: r.reversalReason }) : undefined}>
            <Tag color="error">{t('contributions.statuses.reversed')}</Tag>
          </Tooltip>
        ),
    },
    ...(canReverse
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: w(66, 96),
            fixed: 'right' as const,
            render: (_: unknown, r: Contribution) =>
              r.status === 'posted' ? (
                <Button size="small" danger type="link" icon={<RollbackOutlined />} onClick={() => setReversing(r)} data-testid="ledger-reverse">
                  {t('contributions.reverse')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <FilterBar<FormValues>
        form={form}
        initialValues={{ year: thisYear, status: 'all' }}
        onApply={(v) => list.setFilters(toFilters(v))}
        exportLink={{ href: ledgerExportHref(list.filters), testId: 'ledger-export', label: t('contributions.export') , fullIdNumbers: true }}
      >
        <Form.Item name="year" label={t('contributions.year')}>
          <Select options={[{ value: 'all', label: t('contributions.allYears') }, ...yearOptions(thisYear, t)]} style={{ width: 118 }} data-testid="ledger-year" />
        </Form.Item>
        <RegionField />
        <Form.Item name="status" label={t('contributions.col.status')}>
          <Select
            style={{ width: 100 }}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'posted', label: t('contributions.statuses.posted') },
              { value: 'reversed', label: t('contributions.statuses.reversed') },
            ]}
          />
        </Form.Item>
        <SearchField width={w(250, 280)} placeholder={t('contributions.qLedger')} testId="ledger-q" />
      </FilterBar>
      <ListCard
        error={list.error}
        summary={
          // Totals of the posted payments under the filters, by source (any magnitude fits, unlike a column).
          <ListSummary testId="ledger-totals" className="xnb-ledger-totals" ready={!!totals}>
            {totals && (
              <>
                <span>
                  <Trans i18nKey="contributions.totalsRow" values={{ count: totals.count.toLocaleString() }} components={{ b: <strong /> }} />
                </span>
                <span className="xnb-ledger-sums">
                  {SPLIT_FIELDS.map((k) => (
                    <span key={k} className={totals[k] === 0 ? 'xnb-ledger-zero' : undefined}>
                      {t(`contributions.split.${k}`)} <b>{money(totals[k])}</b>
                    </span>
                  ))}
                  <span className="xnb-ledger-grand">
                    {t('account.credited')} <strong>{money(totals.totalCredited)}</strong> {t('calc.yuan')}
                  </span>
                </span>
              </>
            )}
          </ListSummary>
        }
      >
        <PagedTable<Contribution> list={list} rowKey="id" columns={columns} rowClassName={(r) => (r.status === 'reversed' ? 'xnb-row-reversed' : '')} />
      </ListCard>
      <ReverseModal
        item={reversing}
        onClose={() => setReversing(null)}
        onReversed={(c) => {
          setReversing(null);
          message.success(t('contributions.reversed', { id: c.id, name: c.name }));
          list.reload();
        }}
      />
    </>
  );
}
