import { Form, Segmented, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { dateColumn, detailColumn, idNumberColumn, money, moneyColumn, nameColumn } from '../../components/columns';
import { exportHref } from '../../components/ExportButton';
import { FilterBar, ListCard, ListSummary, PagedTable, RegionField, SearchField } from '../../components/ListView';
import { fenToYuan } from '../../format';
import { usePaged } from '../../hooks/usePaged';
import { useReloadOnReturn } from '../contributions/useReloadOnReturn';
import DeathDrawer, { RecoveryTag } from './DeathDrawer';
import { RECOVERY_STATUSES, deathApi, type DeathFilters, type DeathPage, type DeathSettlement, type RecoveryStatus } from './pensionApi';
import './deaths.css';

type FormValues = { status: RecoveryStatus | 'all'; regionCode?: string; q?: string };

/**
 * 死亡结算: everyone whose enrolment ended by death, newest first — the pension paid for months after death
 * (应追回, what was set off or paid back, what is still open), the account settled to zero (可继承 to the heirs,
 * the rest back to the pool) and what the heirs are paid. 详情 shows the steps; the finance officer and the
 * benefit reviewer record money recovered from the heirs there.
 */
export default function DeathsTab({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const w = (zh: number, en: number) => (i18n.language === 'en' ? en : zh);
  const [form] = Form.useForm<FormValues>();
  const list = usePaged<DeathSettlement, DeathFilters>((q) => deathApi.list(q), {});
  useReloadOnReturn(active, list.reload);
  const summary = (list.data as DeathPage).summary;
  const [openId, setOpenId] = useState<number | null>(null);

  const toFilters = (v: FormValues): DeathFilters => ({
    status: v.status === 'all' || !v.status ? undefined : v.status,
    regionCode: v.regionCode,
    q: v.q?.trim() || undefined,
  });

  const open = (r: DeathSettlement) => setOpenId(r.id);
  const columns: TableColumnsType<DeathSettlement> = [
    nameColumn(t('pensions.col.name'), 62, open, 'death-name'),
    idNumberColumn(t('pensions.col.idNumber'), 146),
    { title: t('pensions.col.village'), dataIndex: 'villageName', width: w(76, 64), ellipsis: true },
    dateColumn('deathDate', t('pensions.death.col.deathDate'), 82),
    {
      title: t('pensions.death.col.overpaid'),
      key: 'overpaid',
      children: [
        { title: t('pensions.death.col.overpaidMonths'), dataIndex: 'overpaidMonths', key: 'overpaidMonths', width: w(44, 66), align: 'right', render: (v: number) => <span className="xnb-num">{v}</span> },
        moneyColumn('amountToRecover', t('pensions.death.col.amountToRecover'), 70),
        moneyColumn(
          'recovered',
          <span className="xnb-death-th">
            {t('pensions.death.col.recovered')}
            <span className="xnb-death-th-note">{t('pensions.death.col.recoveredNote')}</span>
          </span>,
          w(70, 80),
        ),
        moneyColumn('outstanding', t('pensions.death.col.outstanding'), 70, (v) => <span className={`xnb-num${v > 0 ? ' xnb-death-open' : ''}`}>{fenToYuan(v)}</span>),
      ],
    },
    {
      title: t('pensions.death.col.account'),
      key: 'account',
      children: [
        moneyColumn('balance', t('pensions.death.col.balance'), 76),
        moneyColumn('inheritable', t('pensions.death.col.inheritable'), w(76, 84)),
        moneyColumn('returnedToPool', t('pensions.death.col.returnedToPool'), 70),
      ],
    },
    moneyColumn('payableToHeirs', t('pensions.death.col.payableToHeirs'), w(82, 70), (v) => money(v, true)),
    { title: t('pensions.col.status'), dataIndex: 'recoveryStatus', width: w(68, 84), align: 'center', render: (_: RecoveryStatus, r) => <RecoveryTag row={r} /> },
    detailColumn(t('common.actions'), t('pensions.detail'), w(56, 72), open, 'death-detail'),
  ];

  const statusOptions = (['all', ...RECOVERY_STATUSES] as const).map((s) => ({
    value: s,
    label: <span data-testid={`death-status-${s}`}>{t(`pensions.death.statuses.${s}`)}</span>,
  }));

  return (
    <>
      <FilterBar<FormValues>
        form={form}
        className="xnb-death-filter"
        initialValues={{ status: 'all' }}
        onApply={(v) => list.setFilters(toFilters(v))}
        exportLink={{ href: exportHref('/api/deaths/export.xlsx', list.filters), testId: 'death-export', label: t('pensions.export') , fullIdNumbers: true }}
      >
        <Form.Item name="status">
          <Segmented className="xnb-death-statuses" data-testid="death-status-filter" options={statusOptions} />
        </Form.Item>
        <RegionField width={190} />
        <SearchField width={w(230, 250)} placeholder={t('pensions.q')} testId="death-q" />
      </FilterBar>
      <ListCard
        error={list.error}
        summary={
          <ListSummary testId="death-summary" ready={!!summary}>
            {summary && (
              <span data-testid="death-summary-text">
                <Trans
                  i18nKey="pensions.death.summary"
                  values={{
                    count: summary.count.toLocaleString(),
                    outstanding: fenToYuan(summary.outstanding),
                    inheritable: fenToYuan(summary.inheritable),
                    pool: fenToYuan(summary.returnedToPool),
                  }}
                  components={{ b: <strong /> }}
                />
              </span>
            )}
          </ListSummary>
        }
      >
        <PagedTable<DeathSettlement> list={list} rowKey="id" className="xnb-death-table" columns={columns} />
      </ListCard>
      <DeathDrawer id={openId} onClose={() => setOpenId(null)} onChanged={list.reload} />
    </>
  );
}
