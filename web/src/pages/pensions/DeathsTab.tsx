import { Button, Card, Form, Input, Segmented, Table, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import ExportButton, { exportHref } from '../../components/ExportButton';
import RegionTreeSelect from '../../components/RegionTreeSelect';
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

  const money = (v: number) => <span className="xnb-num">{fenToYuan(v)}</span>;
  const moneyCol = (key: keyof DeathSettlement, title: ReactNode, width: number, render = money) => ({ title, dataIndex: key, key, width, align: 'right' as const, render });
  const columns: TableColumnsType<DeathSettlement> = [
    {
      title: t('pensions.col.name'),
      dataIndex: 'name',
      width: 62,
      fixed: 'left',
      render: (v: string, r) => (
        <a onClick={() => setOpenId(r.id)} data-testid="death-name">
          {v}
        </a>
      ),
    },
    { title: t('pensions.col.idNumber'), dataIndex: 'idNumberMasked', width: 146, render: (v: string) => <span className="xnb-mono xnb-nowrap">{v}</span> },
    { title: t('pensions.col.village'), dataIndex: 'villageName', width: w(76, 64), ellipsis: true },
    { title: t('pensions.death.col.deathDate'), dataIndex: 'deathDate', width: 82, align: 'center', render: (v: string) => <span className="xnb-num xnb-nowrap">{v}</span> },
    {
      title: t('pensions.death.col.overpaid'),
      key: 'overpaid',
      children: [
        { title: t('pensions.death.col.overpaidMonths'), dataIndex: 'overpaidMonths', key: 'overpaidMonths', width: w(44, 66), align: 'right', render: (v: number) => <span className="xnb-num">{v}</span> },
        moneyCol('amountToRecover', t('pensions.death.col.amountToRecover'), 70),
        moneyCol(
          'recovered',
          <span className="xnb-death-th">
            {t('pensions.death.col.recovered')}
            <span className="xnb-death-th-note">{t('pensions.death.col.recoveredNote')}</span>
          </span>,
          w(70, 80),
        ),
        moneyCol('outstanding', t('pensions.death.col.outstanding'), 70, (v: number) => <span className={`xnb-num${v > 0 ? ' xnb-death-open' : ''}`}>{fenToYuan(v)}</span>),
      ],
    },
    {
      title: t('pensions.death.col.account'),
      key: 'account',
      children: [
        moneyCol('balance', t('pensions.death.col.balance'), 76),
        moneyCol('inheritable', t('pensions.death.col.inheritable'), w(76, 84)),
        moneyCol('returnedToPool', t('pensions.death.col.returnedToPool'), 70),
      ],
    },
    moneyCol('payableToHeirs', t('pensions.death.col.payableToHeirs'), w(82, 70), (v: number) => <strong className="xnb-num">{fenToYuan(v)}</strong>),
    { title: t('pensions.col.status'), dataIndex: 'recoveryStatus', width: w(68, 84), align: 'center', render: (_: RecoveryStatus, r) => <RecoveryTag row={r} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: w(56, 72),
      fixed: 'right',
      render: (_, r) => (
        <Button size="small" type="link" onClick={() => setOpenId(r.id)} data-testid="death-detail">
          {t('pensions.detail')}
        </Button>
      ),
    },
  ];
  const widthOf = (cols: TableColumnsType<DeathSettlement>): number =>
    cols.reduce((s, c) => s + ('children' in c && c.children ? widthOf(c.children) : typeof c.width === 'number' ? c.width : 80), 0);
  const scrollX = widthOf(columns);

  const statusOptions = (['all', ...RECOVERY_STATUSES] as const).map((s) => ({
    value: s,
    label: <span data-testid={`death-status-${s}`}>{t(`pensions.death.statuses.${s}`)}</span>,
  }));

  return (
    <>
      <Card size="small" className="xnb-card xnb-filter xnb-death-filter">
        <Form<FormValues>
          form={form}
          layout="inline"
          initialValues={{ status: 'all' }}
          onValuesChange={(changed: Partial<FormValues>) => {
            // The status and region apply at once; the search text on 查询 / Enter.
            if ('q' in changed) return;
            list.setFilters(toFilters(form.getFieldsValue()));
          }}
          onFinish={(v) => list.setFilters(toFilters(v))}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="status">
            <Segmented className="xnb-death-statuses" data-testid="death-status-filter" options={statusOptions} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('residents.region')}>
            <RegionTreeSelect placeholder={t('common.all')} style={{ width: 190 }} />
          </Form.Item>
          <Form.Item name="q">
            <Input.Search allowClear style={{ width: w(230, 250) }} maxLength={40} placeholder={t('pensions.q')} onSearch={() => form.submit()} enterButton={t('common.search')} data-testid="death-q" />
          </Form.Item>
          <Form.Item>
            <ExportButton href={exportHref('/api/deaths/export.xlsx', list.filters)} testId="death-export" fullIdNumbers>
              {t('pensions.export')}
            </ExportButton>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" className="xnb-card" style={{ marginTop: 12 }}>
        <div className="xnb-pension-summary" data-testid="death-summary">
          {summary ? (
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
          ) : (
            <span className="xnb-muted">{t('common.loading')}</span>
          )}
        </div>
        <ErrorAlert error={list.error} />
        <Table<DeathSettlement>
          size="small"
          bordered
          rowKey="id"
          className="xnb-death-table"
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
      <DeathDrawer id={openId} onClose={() => setOpenId(null)} onChanged={list.reload} />
    </>
  );
}
