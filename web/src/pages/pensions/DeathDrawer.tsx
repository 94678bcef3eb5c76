import { MoneyCollectOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Descriptions, Drawer, Skeleton, Table, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import { fenToYuan, formatDateTime } from '../../format';
import { ACCOUNT_SOURCES } from '../calculator/calcApi';
import ExplanationSteps from './ExplanationSteps';
import PensionDrawer from './PensionDrawer';
import RecoverModal from './RecoverModal';
import { deathApi, deathSetOff, normalizeSteps, type DeathDetail, type DeathSettlement } from './pensionApi';
import './deaths.css';
import './pensions.css';

const TAG_COLOR = { open: 'orange', recovered: 'green', setOff: 'cyan', none: 'default' } as const;

/** 待追回 (orange), 已追回 (green), 已抵扣 (set off in full against the heirs' amount, cyan), 无多发 (grey). */
export function RecoveryTag({ row }: { row: Pick<DeathSettlement, 'recoveryStatus' | 'amountToRecover' | 'inheritable' | 'funeralGrant' | 'payableToHeirs' | 'arrearsToHeirs'> }) {
  const { t } = useTranslation();
  const kind = row.recoveryStatus === 'recovered' && row.amountToRecover > 0 && deathSetOff(row) >= row.amountToRecover ? 'setOff' : row.recoveryStatus;
  return (
    <Tooltip title={t(`pensions.death.tagHint.${kind}`)}>
      <Tag color={TAG_COLOR[kind]} data-testid="death-status" data-status={row.recoveryStatus}>
        {t(`pensions.death.tags.${kind}`)}
      </Tag>
    </Tooltip>
  );
}

/** Sources always listed; the others only when the account held money from them. */
const MAIN_SOURCES: readonly string[] = ['individual', 'governmentSubsidy', 'hardshipPayment'];

interface SourceRow {
  source: string;
  inheritable: number;
  returned: number;
}

/**
 * 死亡结算 of one person: the pension paid after death and how it was recovered (set off against what the heirs
 * receive, paid back, still open), the account settled by source (inheritable / back to the pool), what the
 * heirs are paid, the steps with their policy basis, and — for the finance officer and the benefit reviewer
 * while something is open — 登记追回.
 */
export default function DeathDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged?: () => void }) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  // The rules engine describes the inheritance rule it cites in English ("whole balance inheritable",
  // "not inheritable: governmentSubsidy"); shown in the language of the page.
  const [detail, setDetail] = useState<DeathDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [recovering, setRecovering] = useState(false);
  const [pensionOpen, setPensionOpen] = useState<number | null>(null);

  useEffect(() => {
    let alive = true;
    setDetail(null);
    setError(null);
    setRecovering(false);
    if (id !== null)
      deathApi.get(id).then(
        (d) => alive && setDetail(d),
        (e: unknown) => alive && setError(e),
      );
    return () => {
      alive = false;
    };
  }, [id]);

  const recovered = (next: DeathDetail, amountFen: number) => {
    setRecovering(false);
    setDetail(next);
    const amount = fenToYuan(amountFen);
    message.success(next.outstanding === 0 ? t('pensions.death.recordedAll', { amount }) : t('pensions.death.recorded', { amount }));
    onChanged?.();
  };

  const d = detail;
  const yuan = (fen: number | undefined) => (typeof fen === 'number' ? fenToYuan(fen) : '—');
  const inYuan = (label: string) => (i18n.language === 'en' ? `${label} (${t('pensions.yuan')})` : `${label}（${t('pensions.yuan')}）`);
  const canRecover = can('pensions:recover') && !!d && d.outstanding > 0;
  const setOff = d ? deathSetOff(d) : 0;

  const inheritableBy = d?.inheritableBySource ?? {};
  const returnedBy = d?.returnedBySource ?? {};
  const known = new Set<string>(ACCOUNT_SOURCES);
  const extra = [...Object.keys(inheritableBy), ...Object.keys(returnedBy)].filter((s) => !known.has(s));
  const rows: SourceRow[] = [...ACCOUNT_SOURCES, ...new Set(extra)]
    .filter((s) => MAIN_SOURCES.includes(s) || (inheritableBy[s] ?? 0) !== 0 || (returnedBy[s] ?? 0) !== 0)
    .map((s) => ({ source: s, inheritable: inheritableBy[s] ?? 0, returned: returnedBy[s] ?? 0 }));

  const recoveryParts: { key: string; label: string; value: string; strong?: boolean }[] = d
    ? [
        { key: 'months', label: t('pensions.death.overpaidMonths'), value: t('pensions.death.months', { count: d.overpaidMonths }) },
        { key: 'basic', label: t('pensions.death.basicToRecover'), value: yuan(d.basicToRecover) },
        { key: 'account', label: t('pensions.death.accountToRecover'), value: yuan(d.accountToRecover) },
        { key: 'total', label: t('pensions.death.amountToRecover'), value: yuan(d.amountToRecover), strong: true },
        { key: 'setOff', label: t('pensions.death.setOff'), value: yuan(setOff) },
        { key: 'collected', label: t('pensions.death.collected'), value: yuan(d.recovered - setOff) },
      ]
    : [];
  const heirParts: { key: string; label: string; value: string; strong?: boolean }[] = d
    ? [
        { key: 'balance', label: t('pensions.death.balance'), value: yuan(d.balance) },
        { key: 'inheritable', label: t('pensions.death.inheritable'), value: yuan(d.inheritable), strong: true },
        { key: 'pool', label: t('pensions.death.returnedToPool'), value: yuan(d.returnedToPool) },
        { key: 'funeral', label: t('pensions.death.funeralGrant'), value: yuan(d.funeralGrant) },
        ...((d.arrearsToHeirs ?? 0) > 0 ? [{ key: 'arrears', label: t('pensions.death.arrears', { count: d.arrearsMonths ?? 0 }), value: yuan(d.arrearsToHeirs) }] : []),
        { key: 'setOff', label: t('pensions.death.setOff'), value: setOff > 0 ? `−${yuan(setOff)}` : yuan(0) },
      ]
    : [];
  const parts = (list: typeof recoveryParts, testId: string) => (
    <dl className="xnb-pension-parts" data-testid={testId}>
      {list.map((p) => (
        <div key={p.key} className={p.strong ? 'xnb-pension-part-strong' : undefined}>
          <dt>{p.label}</dt>
          <dd>{p.value}</dd>
        </div>
      ))}
    </dl>
  );

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={700}
      title={d ? t('pensions.death.drawerTitle', { name: d.name }) : t('pensions.tabs.deaths')}
      extra={
        canRecover && (
          <Tooltip title={t('pensions.death.recoverHint')}>
            <Button type="primary" icon={<MoneyCollectOutlined />} onClick={() => setRecovering(true)} data-testid="death-recover">
              {t('pensions.death.recover')}
            </Button>
          </Tooltip>
        )
      }
    >
      <ErrorAlert error={error} />
      {!d && !error && <Skeleton active paragraph={{ rows: 8 }} />}
      {d && (
        <div data-testid="death-detail-panel" className="xnb-pension-detail">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('pensions.col.name')}>{d.name}</Descriptions.Item>
            <Descriptions.Item label={t('pensions.col.idNumber')}>
              <span className="xnb-mono">{d.idNumberMasked}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('pensions.col.village')}>{d.villageName}</Descriptions.Item>
            <Descriptions.Item label={t('pensions.death.col.deathDate')}>{d.deathDate}</Descriptions.Item>
            <Descriptions.Item label={t('pensions.death.lastPayableMonth')}>
              {d.pensionId !== null ? (
                <>
                  {d.lastPayableMonth}
                  <a style={{ marginLeft: 12 }} onClick={() => setPensionOpen(d.pensionId)} data-testid="death-pension">
                    {t('residentRecord.pensionDetail')}
                  </a>
                </>
              ) : (
                <span className="xnb-muted">{t('pensions.death.noPension')}</span>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('pensions.col.status')}>
              <RecoveryTag row={d} />
            </Descriptions.Item>
            <Descriptions.Item label={t('pensions.death.settledBy')} span={2}>
              {d.settledBy ?? '—'}
              <span className="xnb-muted" style={{ marginLeft: 12 }}>
                {formatDateTime(d.settledAt)}
              </span>
            </Descriptions.Item>
          </Descriptions>

          <h3 className="xnb-pension-h">{t('pensions.death.recoverySection')}</h3>
          <div className="xnb-pension-amounts">
            <div className="xnb-pension-monthly xnb-death-key" data-testid="death-outstanding">
              <span className="xnb-pension-label">{t('pensions.death.outstanding')}</span>
              <span>
                <span className={`xnb-pension-amount${d.outstanding > 0 ? ' xnb-death-open' : ''}`}>{yuan(d.outstanding)}</span>
                <span className="xnb-pension-unit">{t('pensions.yuan')}</span>
              </span>
              <span className="xnb-pension-sum">
                {yuan(d.amountToRecover)} − {yuan(d.recovered)}
              </span>
            </div>
            {parts(recoveryParts, 'death-recovery-parts')}
          </div>

          <h3 className="xnb-pension-h">{t('pensions.death.heirsSection')}</h3>
          <div className="xnb-pension-amounts">
            <div className="xnb-pension-monthly xnb-death-key" data-testid="death-heirs">
              <span className="xnb-pension-label">{t('pensions.death.payableToHeirs')}</span>
              <span>
                <span className="xnb-pension-amount">{yuan(d.payableToHeirs)}</span>
                <span className="xnb-pension-unit">{t('pensions.yuan')}</span>
              </span>
              <span className="xnb-pension-sum">
                {yuan(d.inheritable)} + {yuan(d.funeralGrant)}
                {(d.arrearsToHeirs ?? 0) > 0 ? ` + ${yuan(d.arrearsToHeirs)}` : ''} − {yuan(setOff)}
              </span>
            </div>
            {parts(heirParts, 'death-heir-parts')}
          </div>

          <h3 className="xnb-pension-h">{t('pensions.death.bySource')}</h3>
          <Table<SourceRow>
            size="small"
            bordered
            rowKey="source"
            pagination={false}
            dataSource={rows}
            data-testid="death-sources"
            columns={[
              { title: t('pensions.source'), dataIndex: 'source', render: (v: string) => t(`account.source.${v}`, { defaultValue: v }) },
              { title: inYuan(t('pensions.death.inheritable')), dataIndex: 'inheritable', align: 'right', width: 150, render: (v: number) => <span className="xnb-num">{yuan(v)}</span> },
              { title: inYuan(t('pensions.death.returnedToPool')), dataIndex: 'returned', align: 'right', width: 150, render: (v: number) => <span className="xnb-num">{yuan(v)}</span> },
              { title: inYuan(t('pensions.death.sourceTotal')), key: 'total', align: 'right', width: 150, render: (_, r) => <span className="xnb-num">{yuan(r.inheritable + r.returned)}</span> },
            ]}
            summary={() => (
              <Table.Summary.Row className="xnb-pension-total">
                <Table.Summary.Cell index={0}>{t('pensions.total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {yuan(d.inheritable)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {yuan(d.returnedToPool)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {yuan(d.balance)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />

          <h3 className="xnb-pension-h">{t('pensions.explanation')}</h3>
          <ExplanationSteps steps={normalizeSteps(d.explanation)} />
        </div>
      )}
      <RecoverModal detail={recovering ? d : null} onClose={() => setRecovering(false)} onDone={recovered} />
      <PensionDrawer id={pensionOpen} onClose={() => setPensionOpen(null)} />
    </Drawer>
  );
}
