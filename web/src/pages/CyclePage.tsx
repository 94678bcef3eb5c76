import { App as AntApp, Alert, Button, DatePicker, Input, Modal, Popconfirm, Skeleton, Space } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth';
import ErrorAlert from '../components/ErrorAlert';
import ExportButton from '../components/ExportButton';
import PageHeader from '../components/PageHeader';
import { cycleApi, type CycleBoard, type CycleUnit } from './cycle/cycleApi';
import CycleSteps from './cycle/CycleSteps';
import CycleTable from './cycle/CycleTable';
import './cycle/cycle.css';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The unit of the board whose code is `code` (a township or one of its villages). */
function unitOf(board: CycleBoard, code: string): CycleUnit | undefined {
  for (const t of board.townships) {
    if (t.code === code) return t;
    const v = t.villages?.find((x) => x.code === code);
    if (v) return v;
  }
  return undefined;
}

/**
 * 月度经办: the month's board. The village coordinator submits the village's month (报送) and the township office
 * reviews and submits the township's, each confirming the counts handed on; the level above reopens a unit with
 * a reason (退回重报). Everyone with the page sees every unit of their region with its state and on time / late
 * (red) / missing, and the county, finance and bank steps; the Friday summary downloads as Excel. The month is
 * kept in the address (?month=2026-06); without one the page opens on this month (the server's date).
 */
export default function CyclePage() {
  const { t } = useTranslation();
  const { user, can } = useAuth();
  const { message } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  const asked = params.get('month');
  const month = asked && MONTH.test(asked) ? asked : null;
  const [board, setBoard] = useState<CycleBoard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [reopening, setReopening] = useState<CycleUnit | null>(null);
  const [reason, setReason] = useState('');

  const load = useCallback(() => {
    cycleApi.board(month).then(
      (b) => {
        setBoard(b);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }, [month]);
  useEffect(load, [load]);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      message.success(done);
      load();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (!board) return error ? <ErrorAlert error={error} /> : <Skeleton active />;
  const own = user ? unitOf(board, user.regionCode) : undefined;
  const mayReopen = (u: CycleUnit) =>
    can('cycle:reopen') && u.state === 'submitted' && !!user && (u.level === 'village' ? user.regionCode === `${u.code.slice(0, 9)}000` : user.regionLevel === 'county');
  const c = own?.counts;
  const confirmText =
    own && c
      ? t(own.level === 'village' ? 'cycle.submitConfirmVillage' : 'cycle.submitConfirmTownship', {
          month: board.month,
          ...c,
          submitted: own.villagesSubmitted ?? 0,
          total: own.villagesTotal ?? 0,
          missing: (own.villagesTotal ?? 0) - (own.villagesSubmitted ?? 0),
        })
      : '';
  const movedVillage = board.deadlines.village.movedFor;

  return (
    <div className="xnb-cycle">
      <PageHeader
        title={t('cycle.title')}
        extra={
          <Space wrap>
            <span data-testid="cycle-month">
              <DatePicker picker="month" allowClear={false} value={dayjs(`${board.month}-01`)} onChange={(d) => d && setParams({ month: d.format('YYYY-MM') })} />
            </span>
            <ExportButton href={cycleApi.summaryHref(board.month)} testId="cycle-summary" fileName={`月度经办周报-${board.month}.xlsx`}>
              {t('cycle.summary')}
            </ExportButton>
            {can('cycle:submit') && own && (
              <Popconfirm
                title={t(own.level === 'village' ? 'cycle.submitVillage' : 'cycle.submitTownship')}
                description={<div className="xnb-cycle-confirm">{confirmText}</div>}
                okText={t('cycle.submitOk')}
                cancelText={t('common.cancel')}
                onConfirm={() => act(() => cycleApi.submit(board.month), t('cycle.submitted', { month: board.month }))}
                disabled={own.state === 'submitted'}
              >
                <Button type="primary" loading={busy} disabled={own.state === 'submitted'} data-testid="cycle-submit">
                  {own.state === 'submitted' ? t('cycle.alreadySubmitted') : t(own.level === 'village' ? 'cycle.submitVillage' : 'cycle.submitTownship')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
      <Alert
        type="info"
        showIcon
        className="xnb-cycle-deadlines"
        title={t('cycle.deadlines', {
          village: board.deadlines.village.due,
          township: board.deadlines.township.due,
          county: board.deadlines.county.due,
          finance: board.deadlines.finance.due,
          days: board.deadlines.bankWorkingDays,
        })}
        description={movedVillage ? t('cycle.moved', { nominal: board.deadlines.village.nominal, why: movedVillage.name ?? t('cycle.weekend'), due: board.deadlines.village.due }) : t('cycle.closedHint')}
      />
      <CycleSteps board={board} />
      <CycleTable townships={board.townships} canReopen={mayReopen} onReopen={(u) => setReopening(u)} />
      <Modal
        open={reopening !== null}
        title={t('cycle.reopenTitle', { name: reopening?.name ?? '', month: board.month })}
        okText={t('cycle.reopen')}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: busy, ...{ 'data-testid': 'cycle-reopen-ok' } }}
        cancelText={t('common.cancel')}
        onCancel={() => setReopening(null)}
        onOk={async () => {
          if (!reopening) return;
          if (await act(() => cycleApi.reopen(board.month, reopening.code, reason.trim()), t('cycle.reopened', { name: reopening.name }))) {
            setReopening(null);
            setReason('');
          }
        }}
        destroyOnHidden
      >
        <p className="xnb-muted">{t('cycle.reopenHint')}</p>
        <Input.TextArea rows={3} maxLength={200} showCount value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('cycle.reopenPlaceholder')} data-testid="cycle-reopen-reason" />
      </Modal>
    </div>
  );
}
