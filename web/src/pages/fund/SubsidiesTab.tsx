import { FileExcelOutlined, FilePdfOutlined, FileAddOutlined, MoneyCollectOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Space, Table, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import { fenToYuan, formatDateTime } from '../../format';
import { fundApi, requestFileHref, type LevelOwed, type Period, type SubsidyRequest } from './fundApi';
import PeriodPicker from './PeriodPicker';
import { ReceiptModal, RequestModal } from './SubsidyModals';

const money = (v: number) => <span className="xnb-num">{fenToYuan(v)}</span>;
const SUMMED = ['contributionSubsidy', 'hardshipPayment', 'basicPensionFunding', 'accrued', 'received', 'outstanding'] as const;

/**
 * 财政补助: what each level of government owes for the period (accrued by kind, received, outstanding at its
 * end), the forms to record money that arrived and to file a request (finance officer), and the requests
 * filed, each with its letter as PDF and Excel.
 */
export default function SubsidiesTab({ active, period, onPeriod }: { active: boolean; period: Period; onPeriod: (p: Period) => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const canRecord = can('fund:record');
  const [levels, setLevels] = useState<LevelOwed[] | null>(null);
  const [requests, setRequests] = useState<SubsidyRequest[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [dialog, setDialog] = useState<'receipt' | 'request' | null>(null);
  const reload = useCallback(() => setTick((x) => x + 1), []);

  useEffect(() => {
    if (!active) return;
    let alive = true;
    setError(null);
    Promise.all([fundApi.subsidies(period), fundApi.requests()]).then(
      ([s, r]) => {
        if (!alive) return;
        setLevels(s.levels);
        setRequests(r.items);
      },
      (e: unknown) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [active, period, tick]);

  const levelColumns: TableColumnsType<LevelOwed> = [
    { title: t('fund.subsidies.level'), dataIndex: 'level', width: 120, render: (v: string) => t(`fund.levelFull.${v}`) },
    { title: t('fund.subsidies.contributionSubsidy'), dataIndex: 'contributionSubsidy', align: 'right', render: money },
    { title: t('fund.subsidies.hardshipPayment'), dataIndex: 'hardshipPayment', align: 'right', render: money },
    { title: t('fund.subsidies.basicPensionFunding'), dataIndex: 'basicPensionFunding', align: 'right', render: money },
    { title: t('fund.subsidies.accrued'), dataIndex: 'accrued', align: 'right', render: (v: number) => <strong className="xnb-num">{fenToYuan(v)}</strong> },
    { title: t('fund.subsidies.received'), dataIndex: 'received', align: 'right', render: money },
    { title: t('fund.subsidies.outstanding'), dataIndex: 'outstanding', align: 'right', render: (v: number) => <strong className={v > 0 ? 'xnb-num xnb-fund-owed' : 'xnb-num'}>{fenToYuan(v)}</strong> },
  ];
  const totals = Object.fromEntries(SUMMED.map((k) => [k, (levels ?? []).reduce((s, l) => s + l[k], 0)])) as Record<(typeof SUMMED)[number], number>;

  const requestColumns: TableColumnsType<SubsidyRequest> = [
    { title: t('fund.subsidies.id'), dataIndex: 'id', width: 64, align: 'center' },
    { title: t('fund.subsidies.level'), dataIndex: 'level', width: 100, render: (v: string) => t(`fund.levelFull.${v}`) },
    { title: t('fund.subsidies.periodCol'), key: 'period', width: 190, render: (_, r) => <span className="xnb-num">{`${r.periodFrom} — ${r.periodTo}`}</span> },
    { title: t('fund.subsidies.contributionSubsidy'), dataIndex: 'contributionSubsidy', align: 'right', render: money },
    { title: t('fund.subsidies.hardshipPayment'), dataIndex: 'hardshipPayment', align: 'right', render: money },
    { title: t('fund.subsidies.basicPensionFunding'), dataIndex: 'basicPensionFunding', align: 'right', render: money },
    { title: t('fund.subsidies.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => <strong className="xnb-num">{fenToYuan(v)}</strong> },
    { title: t('fund.subsidies.outstandingBefore'), dataIndex: 'outstandingBefore', align: 'right', render: money },
    {
      title: t('fund.subsidies.createdBy'),
      key: 'createdBy',
      width: 150,
      render: (_, r) => (
        <span className="xnb-fund-who">
          <span>{r.createdBy ?? '—'}</span>
          <span className="xnb-num">{formatDateTime(r.createdAt)}</span>
        </span>
      ),
    },
    {
      title: t('fund.subsidies.files'),
      key: 'files',
      width: 150,
      align: 'center',
      render: (_, r) => (
        <Space size={4}>
          <Button size="small" type="link" icon={<FilePdfOutlined />} href={requestFileHref(r.id, 'pdf')} target="_blank" data-testid="fund-request-pdf">
            PDF
          </Button>
          <Button size="small" type="link" icon={<FileExcelOutlined />} href={requestFileHref(r.id, 'xlsx')} data-testid="fund-request-xlsx">
            Excel
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Card size="small" className="xnb-card xnb-filter">
        <div className="xnb-fund-toolbar">
          <PeriodPicker value={period} onChange={onPeriod} />
          {canRecord && (
            <Space size={8}>
              <Button icon={<MoneyCollectOutlined />} onClick={() => setDialog('receipt')} data-testid="fund-receipt">
                {t('fund.subsidies.receipt')}
              </Button>
              <Button type="primary" icon={<FileAddOutlined />} onClick={() => setDialog('request')} data-testid="fund-request">
                {t('fund.subsidies.request')}
              </Button>
            </Space>
          )}
        </div>
      </Card>
      <Card size="small" className="xnb-card" style={{ marginTop: 12 }} title={`${t('fund.subsidies.title')} · ${period.from} — ${period.to}`}>
        <p className="xnb-muted">{t('fund.subsidies.hint')}</p>
        <ErrorAlert error={error} />
        <Table<LevelOwed>
          size="small"
          bordered
          rowKey="level"
          loading={levels === null && !error}
          pagination={false}
          columns={levelColumns}
          dataSource={levels ?? []}
          data-testid="fund-subsidies"
          scroll={{ x: 900 }}
          summary={() =>
            levels && levels.length > 0 ? (
              <Table.Summary.Row className="xnb-pension-total">
                <Table.Summary.Cell index={0}>{t('fund.subsidies.total')}</Table.Summary.Cell>
                {SUMMED.map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 1} align="right">
                    <span className="xnb-num">{fenToYuan(totals[k])}</span>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
      <Card size="small" className="xnb-card" style={{ marginTop: 12 }} title={t('fund.subsidies.requests')}>
        <Table<SubsidyRequest>
          size="small"
          bordered
          rowKey="id"
          loading={requests === null && !error}
          columns={requestColumns}
          dataSource={requests ?? []}
          data-testid="fund-requests"
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('fund.subsidies.none') }}
          pagination={(requests?.length ?? 0) > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        />
      </Card>
      <ReceiptModal
        open={dialog === 'receipt'}
        owed={levels ?? []}
        onClose={() => setDialog(null)}
        onDone={(text) => {
          setDialog(null);
          message.success(text);
          reload();
        }}
      />
      <RequestModal
        open={dialog === 'request'}
        period={period}
        onClose={() => setDialog(null)}
        onDone={(r) => {
          setDialog(null);
          message.success(t('fund.subsidies.requestDone', { level: t(`fund.levelFull.${r.level}`), amount: fenToYuan(r.amount) }));
          reload();
        }}
      />
    </>
  );
}
