import { MoneyCollectOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Descriptions, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import DetailDrawer, { useDetail } from '../../components/DetailDrawer';
import { fenToYuan, formatDateTime } from '../../format';
import { AmountBlock, SourceTable, yuanOrDash, type AmountPart } from './AmountBlocks';
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

/**
 * 死亡结算 of one person: the pension paid after death and how it was recovered (set off against what the heirs
 * receive, paid back, still open), the account settled by source (inheritable / back to the pool), what the
 * heirs are paid, the steps with their policy basis, and — for the finance officer and the benefit reviewer
 * while something is open — 登记追回.
 */
export default function DeathDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged?: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const { detail, setDetail, error } = useDetail<DeathDetail>(id, deathApi.get);
  const [recovering, setRecovering] = useState(false);
  const [pensionOpen, setPensionOpen] = useState<number | null>(null);
  useEffect(() => setRecovering(false), [id]);

  const recovered = (next: DeathDetail, amountFen: number) => {
    setRecovering(false);
    setDetail(next);
    const amount = fenToYuan(amountFen);
    message.success(next.outstanding === 0 ? t('pensions.death.recordedAll', { amount }) : t('pensions.death.recorded', { amount }));
    onChanged?.();
  };

  const d = detail;
  const yuan = yuanOrDash;
  const canRecover = can('pensions:recover') && !!d && d.outstanding > 0;
  const setOff = d ? deathSetOff(d) : 0;

  const recoveryParts: AmountPart[] = d
    ? [
        { key: 'months', label: t('pensions.death.overpaidMonths'), value: t('pensions.death.months', { count: d.overpaidMonths }) },
        { key: 'basic', label: t('pensions.death.basicToRecover'), value: yuan(d.basicToRecover) },
        { key: 'account', label: t('pensions.death.accountToRecover'), value: yuan(d.accountToRecover) },
        { key: 'total', label: t('pensions.death.amountToRecover'), value: yuan(d.amountToRecover), strong: true },
        { key: 'setOff', label: t('pensions.death.setOff'), value: yuan(setOff) },
        { key: 'collected', label: t('pensions.death.collected'), value: yuan(d.recovered - setOff) },
      ]
    : [];
  const heirParts: AmountPart[] = d
    ? [
        { key: 'balance', label: t('pensions.death.balance'), value: yuan(d.balance) },
        { key: 'inheritable', label: t('pensions.death.inheritable'), value: yuan(d.inheritable), strong: true },
        { key: 'pool', label: t('pensions.death.returnedToPool'), value: yuan(d.returnedToPool) },
        { key: 'funeral', label: t('pensions.death.funeralGrant'), value: yuan(d.funeralGrant) },
        ...((d.arrearsToHeirs ?? 0) > 0 ? [{ key: 'arrears', label: t('pensions.death.arrears', { count: d.arrearsMonths ?? 0 }), value: yuan(d.arrearsToHeirs) }] : []),
        { key: 'setOff', label: t('pensions.death.setOff'), value: setOff > 0 ? `−${yuan(setOff)}` : yuan(0) },
      ]
    : [];
  return (
    <DetailDrawer
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
      error={error}
      loading={!d}
    >
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
          <AmountBlock
            testId="death-outstanding"
            partsTestId="death-recovery-parts"
            className="xnb-death-key"
            label={t('pensions.death.outstanding')}
            amount={yuan(d.outstanding)}
            open={d.outstanding > 0}
            unit={t('pensions.yuan')}
            sum={`${yuan(d.amountToRecover)} − ${yuan(d.recovered)}`}
            parts={recoveryParts}
          />

          <h3 className="xnb-pension-h">{t('pensions.death.heirsSection')}</h3>
          <AmountBlock
            testId="death-heirs"
            partsTestId="death-heir-parts"
            className="xnb-death-key"
            label={t('pensions.death.payableToHeirs')}
            amount={yuan(d.payableToHeirs)}
            unit={t('pensions.yuan')}
            sum={`${yuan(d.inheritable)} + ${yuan(d.funeralGrant)}${(d.arrearsToHeirs ?? 0) > 0 ? ` + ${yuan(d.arrearsToHeirs)}` : ''} − ${yuan(setOff)}`}
            parts={heirParts}
          />

          <h3 className="xnb-pension-h">{t('pensions.death.bySource')}</h3>
          <SourceTable
            testId="death-sources"
            columns={[
              { title: t('pensions.death.inheritable'), bySource: d.inheritableBySource ?? {}, total: d.inheritable },
              { title: t('pensions.death.returnedToPool'), bySource: d.returnedBySource ?? {}, total: d.returnedToPool },
            ]}
            rowTotal={{ title: t('pensions.death.sourceTotal'), total: d.balance }}
          />

          <h3 className="xnb-pension-h">{t('pensions.explanation')}</h3>
          <ExplanationSteps steps={normalizeSteps(d.explanation)} />
        </div>
      )}
      <RecoverModal detail={recovering ? d : null} onClose={() => setRecovering(false)} onDone={recovered} />
      <PensionDrawer id={pensionOpen} onClose={() => setPensionOpen(null)} />
    </DetailDrawer>
  );
}
