import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import { fenToYuan } from '../../format';
import type { CycleBoard, CycleStep, Timeliness } from './cycleApi';
import { TimelinessTag } from './CycleTags';

type StepStatus = 'wait' | 'process' | 'finish' | 'error';
const statusOf = (t: Timeliness, done: boolean): StepStatus => (t === 'late' || t === 'missing' ? 'error' : done ? 'finish' : 'process');

/**
 * The five steps of the month (村 → 乡镇 → 县级 → 财政 → 银行), each with its deadline, what happened and
 * whether it was on time; the county, finance and bank steps come from the payroll and the ledger.
 */
export default function CycleSteps({ board }: { board: CycleBoard }) {
  const { t } = useTranslation();
  const tally = (x: Record<Timeliness, number>) => t('cycle.tally', x);
  const unitsStatus = (x: Record<Timeliness, number>): StepStatus => (x.late + x.missing > 0 ? 'error' : x.pending === 0 ? 'finish' : 'process');
  const step = (s: CycleStep, what: string) => (
    <span className="xnb-cycle-step">
      <span>{s.due ? t('cycle.dueOn', { due: s.due }) : t('cycle.bankDue', { days: board.deadlines.bankWorkingDays })}</span>
      {s.doneOn && <span>{t('cycle.doneOn', { on: s.doneOn })}</span>}
      {what && <span>{what}</span>}
      <TimelinessTag value={s.timeliness} />
    </span>
  );
  const p = board.county.payroll;
  return (
    <Steps
      className="xnb-cycle-steps"
      size="small"
      data-testid="cycle-steps"
      items={[
        { title: t('cycle.steps.village'), status: unitsStatus(board.tally.villages), description: <span className="xnb-cycle-step">{t('cycle.dueOn', { due: board.deadlines.village.due })}<span>{tally(board.tally.villages)}</span></span> },
        { title: t('cycle.steps.township'), status: unitsStatus(board.tally.townships), description: <span className="xnb-cycle-step">{t('cycle.dueOn', { due: board.deadlines.township.due })}<span>{tally(board.tally.townships)}</span></span> },
        {
          title: t('cycle.steps.county'),
          status: statusOf(board.county.timeliness, !!board.county.doneOn),
          description: step(board.county, p ? t('cycle.payrollFacts', { status: t(`payroll.statuses.${p.status}`, { defaultValue: p.status }), lines: p.lines, amount: fenToYuan(p.amount), newPensioners: p.newPensioners }) : t('cycle.noPayroll')),
        },
        { title: t('cycle.steps.finance'), status: statusOf(board.finance.timeliness, !!board.finance.doneOn), description: step(board.finance, board.finance.doneOn ? t('cycle.allocated', { amount: fenToYuan(board.finance.amount) }) : '') },
        {
          title: t('cycle.steps.bank'),
          status: board.finance.doneOn ? statusOf(board.bank.timeliness, !!board.bank.doneOn) : 'wait',
          description: step(board.bank, board.bank.doneOn ? t('cycle.bankReturned', { failed: board.bank.failed, amount: fenToYuan(board.bank.failedAmount) }) : ''),
        },
      ]}
    />
  );
}
