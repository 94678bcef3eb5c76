import { PrinterOutlined } from '@ant-design/icons';
import { Button, Collapse, Skeleton, Table, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { fenToYuan } from '../../format';
import { ACCOUNT_SOURCES } from '../calculator/calcApi';
import { residentApi, type ResidentAccount } from '../residents/residentApi';
import type { Contribution } from './contributionApi';
import './contributions.css';

/** Sources always shown; the others only when the account holds money from them. */
const MAIN_SOURCES = ['individual', 'governmentSubsidy', 'hardshipPayment'] as const;

const signed = (fen: number) => <span className={fen < 0 ? 'xnb-negative' : undefined}>{fenToYuan(fen)}</span>;

/** 个人账户 in the resident record: balances by source, the payments, the ledger entries and the printable statement. */
export default function AccountSection({ residentId, version = 0 }: { residentId: number; version?: number }) {
  const { t } = useTranslation();
  const [account, setAccount] = useState<ResidentAccount | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let alive = true;
    setAccount(null);
    setError(null);
    residentApi.account(residentId).then(
      (a) => alive && setAccount(a),
      (e: unknown) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [residentId, version]);

  // In the order they were posted (ids follow the order of insertion, which a bulk load need not keep).
  const entries = account ? [...account.entries].sort((a, b) => a.postedOn.localeCompare(b.postedOn) || a.id - b.id) : [];
  const sources = account ? ACCOUNT_SOURCES.filter((s) => (MAIN_SOURCES as readonly string[]).includes(s) || account.balances[s] !== 0) : [];
  const shows = (k: 'hardshipPayment' | 'collectiveSubsidy' | 'sponsorship') => !!account?.contributions.some((c) => c[k] !== 0);

  return (
    <section data-testid="resident-account" className="xnb-account">
      <div className="xnb-account-head">
        <h3>{t('account.title')}</h3>
        <Button size="small" icon={<PrinterOutlined />} href={residentApi.statementUrl(residentId)} target="_blank" rel="noopener" data-testid="account-print">
          {t('account.print')}
        </Button>
      </div>
      <ErrorAlert error={error} />
      {!account && !error && <Skeleton active paragraph={{ rows: 3 }} />}
      {account && (
        <>
          <div className="xnb-account-balances">
            <div className="xnb-account-total">
              <span className="xnb-account-label">{t('account.total')}</span>
              <span>
                <span className="xnb-account-amount" data-testid="account-total">
                  {fenToYuan(account.total)}
                </span>
                <span className="xnb-account-unit">{t('calc.yuan')}</span>
              </span>
            </div>
            <dl className="xnb-account-sources">
              {sources.map((s) => (
                <div key={s}>
                  <dt>{t(`account.source.${s}`)}</dt>
                  <dd>{signed(account.balances[s])}</dd>
                </div>
              ))}
            </dl>
          </div>
          <h4 className="xnb-account-sub">{t('account.contributions')}</h4>
          <Table<Contribution>
            size="small"
            bordered
            rowKey="id"
            pagination={account.contributions.length > 10 ? { pageSize: 10, size: 'small' } : false}
            dataSource={account.contributions}
            locale={{ emptyText: t('account.noContributions') }}
            rowClassName={(r) => (r.status === 'reversed' ? 'xnb-row-reversed' : '')}
            columns={[
              {
                title: t('contributions.col.year'),
                dataIndex: 'year',
                width: 70,
                render: (v: number, r) => (
                  <>
                    {v}
                    {r.kind === 'backPay' && <Tag color="purple" style={{ marginLeft: 4 }}>{t('contributions.kind.backPay')}</Tag>}
                  </>
                ),
              },
              { title: t('contributions.col.tier'), dataIndex: 'tier', align: 'right', render: fenToYuan },
              { title: t('contributions.split.individual'), dataIndex: 'individual', align: 'right', render: fenToYuan },
              ...(shows('hardshipPayment') ? [{ title: t('contributions.split.hardshipPayment'), dataIndex: 'hardshipPayment', align: 'right' as const, render: fenToYuan }] : []),
              { title: t('contributions.split.governmentSubsidy'), dataIndex: 'governmentSubsidy', align: 'right', render: fenToYuan },
              ...(shows('collectiveSubsidy') ? [{ title: t('contributions.split.collectiveSubsidy'), dataIndex: 'collectiveSubsidy', align: 'right' as const, render: fenToYuan }] : []),
              ...(shows('sponsorship') ? [{ title: t('contributions.split.sponsorship'), dataIndex: 'sponsorship', align: 'right' as const, render: fenToYuan }] : []),
              { title: t('account.credited'), dataIndex: 'totalCredited', align: 'right', render: fenToYuan },
              { title: t('contributions.col.paidOn'), dataIndex: 'paidOn', width: 96 },
              {
                title: t('contributions.col.status'),
                dataIndex: 'status',
                width: 76,
                render: (v: Contribution['status'], r) =>
                  v === 'posted' ? (
                    <Tag color="success">{t('contributions.statuses.posted')}</Tag>
                  ) : (
                    <Tooltip title={r.reversalReason ? t('contributions.reversalReason', { reason: r.reversalReason }) : undefined}>
                      <Tag color="error">{t('contributions.statuses.reversed')}</Tag>
                    </Tooltip>
                  ),
              },
            ]}
          />
          <Collapse
            size="small"
            className="xnb-account-entries"
            items={[
              {
                key: 'entries',
                label: t('account.entries', { count: account.entries.length }),
                children: (
                  <div data-testid="account-entries">
                    <Table
                      size="small"
                      rowKey="id"
                      pagination={account.entries.length > 20 ? { pageSize: 20, size: 'small' } : false}
                      dataSource={entries}
                      columns={[
                        { title: t('account.postedOn'), dataIndex: 'postedOn', width: 100 },
                        {
                          title: t('account.kind'),
                          dataIndex: 'kind',
                          width: 80,
                          render: (v: string) => (v === 'reversal' ? <Tag color="error">{t('account.kinds.reversal')}</Tag> : t(`account.kinds.${v}`, { defaultValue: v })),
                        },
                        { title: t('account.sourceColumn'), dataIndex: 'source', render: (v: string) => t(`account.source.${v}`, { defaultValue: v }) },
                        { title: t('contributions.col.year'), dataIndex: 'year', width: 64, render: (v: number | null) => v ?? '—' },
                        { title: t('account.amount'), dataIndex: 'amount', width: 110, align: 'right', render: signed },
                      ]}
                    />
                  </div>
                ),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
