import { Drawer, Table, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { fenToYuan } from '../../format';
import { fundApi, LEDGER_BEGINNING, type Period, type Posting } from './fundApi';
import type { Drill } from './statementRows';

/** The entry's account, kind and level in words: "应收财政补助 · 政府缴费补贴 · 县级". */
function itemText(p: Posting, t: (k: string, o?: Record<string, unknown>) => string): string {
  const parts = [t(`fund.accounts.${p.account}`, { defaultValue: p.account })];
  if (p.kind) parts.push(p.account === 'spending' ? t(`fund.spendingKinds.${p.kind}`, { defaultValue: p.kind }) : t(`fund.incomeKinds.${p.kind}`, { defaultValue: p.kind }));
  if (p.level) parts.push(t(`fund.levels.${p.level}`, { defaultValue: p.level }));
  return parts.join(' · ');
}

/**
 * 记账明细: the postings behind one line of the statement, newest first, paged by the server, with their
 * count and sum (equal to the line). Amounts in the line's sign: income as positive, spending as positive.
 */
export default function PostingsDrawer({ drill, period, onClose }: { drill: Drill | null; period: Period; onClose: () => void }) {
  const { t } = useTranslation();
  const [page, setPage] = useState({ current: 1, size: 20 });
  const [data, setData] = useState<{ items: Posting[]; total: number; amount: number } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const from = drill?.cumulative ? LEDGER_BEGINNING : period.from;

  // Another line starts at its first page (state adjusted while rendering, so it is fetched once).
  const [shown, setShown] = useState(drill);
  if (drill !== shown) {
    setShown(drill);
    setData(null);
    setPage((p) => ({ ...p, current: 1 }));
  }
  useEffect(() => {
    if (!drill) return;
    let alive = true;
    setLoading(true);
    setError(null);
    fundApi
      .postings({ from, to: period.to, account: drill.account, kind: drill.kind, level: drill.level, page: page.current, pageSize: page.size })
      .then(
        (d) => alive && setData(d),
        (e: unknown) => alive && setError(e),
      )
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [drill, from, period.to, page]);

  const sign = drill?.sign ?? 1;
  const columns: TableColumnsType<Posting> = [
    { title: t('fund.postings.date'), dataIndex: 'postedOn', width: 100, render: (v: string) => <span className="xnb-num">{v}</span> },
    { title: t('fund.postings.journal'), dataIndex: 'journalKind', width: 120, render: (v: string) => t(`fund.journalKinds.${v}`, { defaultValue: v }) },
    { title: t('fund.postings.memo'), dataIndex: 'memo', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('fund.postings.item'), key: 'item', width: 200, ellipsis: true, render: (_, p) => itemText(p, t) },
    { title: t('fund.postings.reference'), dataIndex: 'reference', width: 150, ellipsis: true, render: (v: string | null) => (v ? <span className="xnb-mono">{v}</span> : '—') },
    { title: t('fund.postings.by'), dataIndex: 'recordedBy', width: 90, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('fund.postings.amount'), dataIndex: 'amount', width: 130, align: 'right', render: (v: number) => <span className="xnb-num">{fenToYuan(sign * v)}</span> },
  ];

  return (
    <Drawer
      open={drill !== null}
      onClose={onClose}
      size={1000}
      title={drill ? t('fund.postings.title', { line: drill.title }) : ''}
      extra={drill && <span className="xnb-muted-inline">{drill.cumulative ? t('fund.postings.cumulative', { to: period.to }) : t('fund.postings.period', { from: period.from, to: period.to })}</span>}
      destroyOnHidden
    >
      <div data-testid="fund-postings">
        <ErrorAlert error={error} />
        {data && (
          <div className="xnb-fund-postings-summary" data-testid="fund-postings-summary">
            {t('fund.postings.summary', { count: data.total.toLocaleString(), amount: fenToYuan(sign * data.amount) })}
          </div>
        )}
        <Table<Posting>
          size="small"
          bordered
          rowKey={(p) => `${p.journalId}:${p.account}:${p.kind}:${p.level}`}
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{
            current: page.current,
            pageSize: page.size,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            onChange: (current, size) => setPage({ current, size }),
          }}
        />
      </div>
    </Drawer>
  );
}
