/**
 * Qualification certification (资格认证), DOMAIN.md §5: every pensioner is re-certified within a rolling
 * period (12 months by default). Not certified by the due date → payment suspended from the month after
 * the due date's month; certified later → payment resumes the month after certification and the
 * suspended months are paid back. Imprisonment stops payment from the month after imprisonment and the
 * stopped months are never paid back, whenever payment resumes.
 */
import { addMonths, addMonthsToDate, monthRange, parseIsoDate, yearMonthOf, type IsoDate, type YearMonth } from './dates.js';
import { RuleError } from './errors.js';
import { explain, type Explanation } from './explanation.js';
import { assertNonNegativeFen, formatYuan, multiplyFen, type Fen } from './money.js';
import { parameterAsOf, type ParameterSet } from './parameters/parameter-set.js';

export interface CertificationInput {
  readonly lastCertifiedOn: IsoDate;
  readonly asOf: IsoDate;
  readonly monthlyPension: Fen;
  /** The next certification, if it has happened (on or before `asOf`). */
  readonly certifiedAgainOn?: IsoDate;
  readonly imprisonment?: { readonly from: IsoDate; readonly releasedOn?: IsoDate };
}

export type CertificationStatus = 'current' | 'suspended' | 'resumed' | 'stoppedForImprisonment';

export interface CertificationOutcome {
  readonly status: CertificationStatus;
  /** Last day of the period that started with `lastCertifiedOn`. */
  readonly dueDate: IsoDate;
  /** Due date of the period now running (from the latest certification). */
  readonly nextDueDate: IsoDate;
  readonly stoppedFromMonth?: YearMonth;
  readonly resumeMonth?: YearMonth;
  readonly backPayMonths: readonly YearMonth[];
  readonly backPayAmount: Fen;
  /** Months never paid (imprisonment). */
  readonly forfeitedMonths: readonly YearMonth[];
  readonly explanation: Explanation;
}

const y = (fen: Fen): string => formatYuan(fen, 'zh-CN');

export function certificationOutcome(input: CertificationInput, params: ParameterSet): CertificationOutcome {
  const { lastCertifiedOn, asOf, certifiedAgainOn, imprisonment, monthlyPension } = input;
  parseIsoDate(lastCertifiedOn, 'lastCertifiedOn');
  parseIsoDate(asOf, 'asOf');
  assertNonNegativeFen(monthlyPension, 'monthlyPension');
  if (certifiedAgainOn !== undefined) {
    parseIsoDate(certifiedAgainOn, 'certifiedAgainOn');
    if (certifiedAgainOn < lastCertifiedOn || certifiedAgainOn > asOf) {
      throw new RuleError('DATE_ORDER', `certifiedAgainOn ${certifiedAgainOn} must fall between ${lastCertifiedOn} and ${asOf}`, {
        field: 'certifiedAgainOn',
        params: { certifiedAgainOn, lastCertifiedOn, asOf },
      });
    }
  }
  const period = parameterAsOf(params, 'certificationPeriodMonths', lastCertifiedOn);
  const dueDate = addMonthsToDate(lastCertifiedOn, period.value);
  const latest = certifiedAgainOn ?? lastCertifiedOn;
  const nextDueDate = addMonthsToDate(latest, period.value);
  const dueStep = explain('certification.due', `上次认证 ${lastCertifiedOn}，应在 ${dueDate} 前再次认证`, `last certified ${lastCertifiedOn}: due again by ${dueDate}`, {
    parameters: [period.citation],
  });

  if (imprisonment) {
    parseIsoDate(imprisonment.from, 'imprisonment.from');
    const stoppedFromMonth = addMonths(yearMonthOf(imprisonment.from), 1);
    const released = imprisonment.releasedOn;
    const resumed = released !== undefined && certifiedAgainOn !== undefined && certifiedAgainOn >= released;
    const resumeMonth = resumed ? addMonths(yearMonthOf(certifiedAgainOn), 1) : undefined;
    const forfeitedMonths = monthRange(stoppedFromMonth, resumeMonth === undefined ? yearMonthOf(asOf) : addMonths(resumeMonth, -1));
    return {
      status: resumed ? 'resumed' : 'stoppedForImprisonment',
      dueDate,
      nextDueDate,
      stoppedFromMonth,
      ...(resumeMonth === undefined ? {} : { resumeMonth }),
      backPayMonths: [],
      backPayAmount: 0,
      forfeitedMonths,
      explanation: [
        dueStep,
        explain(
          'certification.imprisonment',
          `${imprisonment.from} 服刑，自 ${stoppedFromMonth} 起停发，停发期间不予补发${resumeMonth ? `；${resumeMonth} 起恢复` : ''}`,
          `imprisoned from ${imprisonment.from}: stopped from ${stoppedFromMonth}, never paid back${resumeMonth ? `; resumes ${resumeMonth}` : ''}`,
          { amount: 0 },
        ),
      ],
    };
  }

  if ((certifiedAgainOn !== undefined && certifiedAgainOn <= dueDate) || (certifiedAgainOn === undefined && asOf <= dueDate)) {
    return {
      status: 'current',
      dueDate,
      nextDueDate,
      backPayMonths: [],
      backPayAmount: 0,
      forfeitedMonths: [],
      explanation: [dueStep, explain('certification.current', `认证有效，下次应在 ${nextDueDate} 前认证`, `certified; next due by ${nextDueDate}`)],
    };
  }

  const stoppedFromMonth = addMonths(yearMonthOf(dueDate), 1);
  const suspendStep = explain('certification.suspended', `逾期未认证，自 ${stoppedFromMonth} 起暂停发放`, `not certified in time: suspended from ${stoppedFromMonth}`);
  if (certifiedAgainOn === undefined) {
    return {
      status: 'suspended',
      dueDate,
      nextDueDate,
      stoppedFromMonth,
      backPayMonths: [],
      backPayAmount: 0,
      forfeitedMonths: [],
      explanation: [dueStep, suspendStep],
    };
  }
  const resumeMonth = addMonths(yearMonthOf(certifiedAgainOn), 1);
  const backPayMonths = monthRange(stoppedFromMonth, addMonths(resumeMonth, -1));
  const backPayAmount = multiplyFen(monthlyPension, backPayMonths.length, 'backPayAmount');
  return {
    status: 'resumed',
    dueDate,
    nextDueDate,
    stoppedFromMonth,
    resumeMonth,
    backPayMonths,
    backPayAmount,
    forfeitedMonths: [],
    explanation: [
      dueStep,
      suspendStep,
      explain(
        'certification.resumed',
        `${certifiedAgainOn} 重新认证，${resumeMonth} 起恢复发放，补发 ${backPayMonths.length} 个月 × ${y(monthlyPension)} = ${y(backPayAmount)} 元`,
        `certified again ${certifiedAgainOn}: resumes ${resumeMonth}, back pay ${backPayMonths.length} months × ${y(monthlyPension)} = ${y(backPayAmount)} yuan`,
        { amount: backPayAmount },
      ),
    ],
  };
}
