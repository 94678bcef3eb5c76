import { CheckCircleOutlined, CloseCircleOutlined, FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row as Grid, Skeleton, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { fenToYuan } from '../../format';
import { fundApi, statementPdfHref, statementXlsxHref, type FundStatement, type Period } from './fundApi';
import PeriodPicker from './PeriodPicker';
import PostingsDrawer from './PostingsDrawer';
import { accountRows, statementRows, type Drill, type Row } from './statementRows';

/** The lines of a statement as a two-column report; a line with postings behind it opens them. */
function ReportTable({ rows, amountTitle, itemTitle, onDrill, testId }: { rows: Row[]; amountTitle: string; itemTitle: string; onDrill: (d: Drill) => void; testId: string }) {
  const columns: TableColumnsType<Row> = [
    {
      title: itemTitle,
      dataIndex: 'label',
      render: (v: string, r) => (
        <span className={`xnb-fund-indent-${r.indent}`}>
          {r.drill ? (
            <a onClick={() => onDrill(r.drill!)} data-testid={`fund-line-${r.key}`}>
              {v}
            </a>
          ) : (
            v
          )}
        </span>
      ),
    },
    {
      title: amountTitle,
      dataIndex: 'amount',
      width: 170,
      align: 'right',
      render: (v: number | null) => (v === null ? null : <span className={v === 0 ? 'xnb-num xnb-fund-zero' : 'xnb-num'}>{fenToYuan(v)}</span>),
    },
  ];
  return (
    <Table<Row>
      size="small"
      bordered
      rowKey="key"
      pagination={false}
      columns={columns}
      dataSource={rows}
      data-testid={testId}
      className="xnb-fund-report"
      rowClassName={(r) => `xnb-fund-${r.emphasis}`}
      onRow={(r) => ({ onClick: (e) => r.drill && !(e.target as HTMLElement).closest('a') && onDrill(r.drill) })}
    />
  );
}

/**
 * 收支表: the fund statement of the period (a year or a run of months) as the ledger gives it, the account
 * balances at its end and whether they add up to the balance carried forward; every line opens the
 * postings behind it. Exports to Excel and prints as a PDF.
 */
export default function StatementTab({ active, period, onPeriod }: { active: boolean; period: Period; onPeriod: (p: Period) => void }) {
  const { t } = useTranslation();
  const [s, setS] = useState<FundStatement | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [drill, setDrill] = useState<Drill | null>(null);

  // Loaded again each time the tab is shown: a sweep or a receipt on another tab changes the balances.
  useEffect(() => {
    if (!active) return;
    let alive = true;
    setError(null);
    fundApi.statement(period).then(
      (r) => alive && setS(r),
      (e: unknown) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [active, period]);

  const diff = s ? s.accountsTotal - s.closingBalance : 0;
  return (
    <>
      <Card size="small" className="xnb-card xnb-filter">
        <div className="xnb-fund-toolbar">
          <PeriodPicker value={period} onChange={onPeriod} />
          <Space size={8}>
            <Button icon={<FileExcelOutlined />} href={statementXlsxHref(period)} data-testid="fund-export">
              {t('fund.statement.export')}
            </Button>
            <Button icon={<PrinterOutlined />} href={statementPdfHref(period)} target="_blank" data-testid="fund-print">
              {t('fund.statement.print')}
            </Button>
          </Space>
        </div>
      </Card>
      <ErrorAlert error={error} style={{ marginTop: 12 }} />
      {!s && !error && <Skeleton active paragraph={{ rows: 10 }} style={{ marginTop: 12 }} />}
      {s && (
        <Grid gutter={12} style={{ marginTop: 12 }} className={s.fromMonth === period.from && s.toMonth === period.to ? undefined : 'xnb-fund-stale'}>
          <Col xs={24} xl={14}>
            <Card size="small" className="xnb-card" title={`${t('fund.statement.title')} · ${s.fromMonth} — ${s.toMonth}`}>
              <ReportTable rows={statementRows(s, t)} itemTitle={t('fund.statement.item')} amountTitle={t('fund.statement.amount')} onDrill={setDrill} testId="fund-statement" />
              <p className="xnb-muted xnb-fund-note">{t('fund.statement.hint')}</p>
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card size="small" className="xnb-card" title={t('fund.statement.accounts', { month: s.toMonth })}>
              <ReportTable rows={accountRows(s, t)} itemTitle={t('fund.statement.account')} amountTitle={t('fund.statement.balance')} onDrill={setDrill} testId="fund-accounts" />
              <div className="xnb-fund-check" data-testid="fund-check">
                {diff === 0 ? (
                  <Tag color="success" icon={<CheckCircleOutlined />}>
                    {t('fund.statement.agree')}
                  </Tag>
                ) : (
                  <Tag color="error" icon={<CloseCircleOutlined />}>
                    {t('fund.statement.disagree', { amount: fenToYuan(diff) })}
                  </Tag>
                )}
              </div>
              <p className="xnb-muted xnb-fund-note">{t('fund.statement.accountsHint')}</p>
            </Card>
          </Col>
        </Grid>
      )}
      <PostingsDrawer drill={drill} period={period} onClose={() => setDrill(null)} />
    </>
  );
}
