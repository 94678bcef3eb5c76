/**
 * Family binding (捆绑缴费). 国发〔2009〕32号 §七: a parent already 60 when the scheme starts draws the
 * basic pension, "but their eligible children should enrol and pay". The 2011 township work plan (seeds,
 * 第三篇) makes it concrete: collection runs to 31 March; a child who paid last year but not this year
 * stops the parent's basic pension, and a later payment does not restore the stopped months
 * ("后补的,其停发部分不补"); a parent drawing while an eligible child never enrolled must have the child
 * make up the payment or be stopped and repay. The rule is a dated parameter, off from 2014-02-21
 * (国发〔2014〕8号 §七 drops the condition).
 *
 * Stopped months run from the month after the deadline to the month a late payment is made (resuming the
 * month after), or to `asOf` while a child still has not paid.
 */
import { addMonths, maxYearMonth, monthDayIn, monthRange, parseIsoDate, yearMonthOf, type IsoDate, type YearMonth } from './dates.js';
import { RuleError } from './errors.js';
import { explain, type Explanation, type ExplanationStep } from './explanation.js';
import { assertNonNegativeFen, formatYuan, multiplyFen, type Fen } from './money.js';
import { parameterAsOf, type ParameterSet } from './parameters/parameter-set.js';

export interface BoundChild {
  readonly id: string;
  /** Eligible to enrol (16+, not a student, not in the urban scheme…); default true. */
  readonly eligible?: boolean;
  readonly paidLastYear: boolean;
  /** When this year's premium was paid, if it has been. */
  readonly paidThisYearOn?: IsoDate;
}

export interface FamilyBindingInput {
  readonly year: number;
  readonly asOf: IsoDate;
  readonly monthlyBasicPension: Fen;
  /** First month of the parent's pension, when it started during the year. */
  readonly pensionStartMonth?: YearMonth;
  readonly children: readonly BoundChild[];
}

export interface FamilyBindingOutcome {
  readonly inForce: boolean;
  readonly deadline: IsoDate;
  readonly childrenInDefault: readonly string[];
  /** Eligible children who neither paid last year nor this year: make up, or stop and recover. */
  readonly childrenNeverEnrolled: readonly string[];
  readonly stoppedMonths: readonly YearMonth[];
  /** Month payment resumes after the last late payment; absent while a child has still not paid. */
  readonly resumeMonth?: YearMonth;
  /** Basic pension lost for the stopped months (never restored). */
  readonly lostAmount: Fen;
  readonly explanation: Explanation;
}

export function familyBindingOutcome(input: FamilyBindingInput, params: ParameterSet): FamilyBindingOutcome {
  const { year, asOf, monthlyBasicPension, children } = input;
  parseIsoDate(asOf, 'asOf');
  assertNonNegativeFen(monthlyBasicPension, 'monthlyBasicPension');
  if (!Number.isInteger(year) || asOf < `${year}-01-01`) {
    throw new RuleError('DATE_ORDER', `asOf ${asOf} is before the year ${year}`, { field: 'asOf', params: { asOf, year } });
  }
  // The deadline comes from the rule at the start of the year; whether binding applies is decided on
  // the deadline itself, so a rule ended before the deadline (2014-02-21) stops nothing that year.
  const deadline = monthDayIn(year, parameterAsOf(params, 'familyBinding', `${year}-01-01`).value.paymentDeadline);
  const rule = parameterAsOf(params, 'familyBinding', deadline);
  const empty = { childrenInDefault: [], childrenNeverEnrolled: [], stoppedMonths: [], lostAmount: 0 };
  if (!rule.value.enabled) {
    return {
      inForce: false,
      deadline,
      ...empty,
      explanation: [explain('familyBinding.off', `${year} 年不实行子女捆绑缴费`, `family binding is not in force in ${year}`, { parameters: [rule.citation] })],
    };
  }
  const eligible = children.filter((c) => c.eligible ?? true);
  for (const c of eligible) {
    if (c.paidThisYearOn !== undefined) parseIsoDate(c.paidThisYearOn, `children.${c.id}.paidThisYearOn`);
  }
  const paidOnTime = (c: BoundChild): boolean => c.paidThisYearOn !== undefined && c.paidThisYearOn <= deadline;
  const paidBy = (c: BoundChild): boolean => c.paidThisYearOn !== undefined && c.paidThisYearOn <= asOf;
  const inDefault = eligible.filter((c) => c.paidLastYear && !paidOnTime(c));
  const neverEnrolled = eligible.filter((c) => !c.paidLastYear && !paidBy(c));
  const steps: ExplanationStep[] = [
    explain('familyBinding.rule', `${year} 年实行子女捆绑缴费，子女应在 ${deadline} 前缴费`, `family binding in force in ${year}: children pay by ${deadline}`, {
      parameters: [rule.citation],
    }),
  ];

  let stoppedMonths: YearMonth[] = [];
  let resumeMonth: YearMonth | undefined;
  if (inDefault.length > 0 && asOf > deadline) {
    const stopFrom = maxYearMonth(addMonths(yearMonthOf(deadline), 1), input.pensionStartMonth ?? `${year}-01`);
    const allPaid = inDefault.every(paidBy);
    const lastPayment = allPaid ? inDefault.map((c) => c.paidThisYearOn ?? '').reduce((a, b) => (a > b ? a : b)) : undefined;
    const yearEnd = `${year}-12`;
    const lastStopped = lastPayment === undefined ? yearMonthOf(asOf) : yearMonthOf(lastPayment);
    stoppedMonths = monthRange(stopFrom, lastStopped < yearEnd ? lastStopped : yearEnd);
    resumeMonth = lastPayment === undefined ? undefined : addMonths(yearMonthOf(lastPayment), 1);
    const ids = inDefault.map((c) => c.id).join(', ');
    steps.push(
      explain(
        'familyBinding.stopped',
        `子女 ${ids} 上年已缴费、本年未按期缴费：基础养老金自 ${stopFrom} 起停发${resumeMonth ? `，补缴后 ${resumeMonth} 起恢复，停发部分不补` : ''}`,
        `child ${ids} paid last year but not by the deadline: basic pension stopped from ${stopFrom}${resumeMonth ? `; resumes ${resumeMonth} after the late payment, stopped months not restored` : ''}`,
      ),
    );
  }
  const lostAmount = multiplyFen(monthlyBasicPension, stoppedMonths.length, 'lostAmount');
  if (stoppedMonths.length > 0) {
    steps.push(
      explain('familyBinding.lost', `停发 ${stoppedMonths.length} 个月，共 ${formatYuan(lostAmount, 'zh-CN')} 元，不予补发`, `${stoppedMonths.length} months stopped, ${formatYuan(lostAmount, 'en')} yuan, never paid back`, {
        amount: lostAmount,
      }),
    );
  }
  if (neverEnrolled.length > 0) {
    const ids = neverEnrolled.map((c) => c.id).join(', ');
    steps.push(
      explain(
        'familyBinding.neverEnrolled',
        `符合条件的子女 ${ids} 未参保缴费：须补缴，否则停发并追回已领金额`,
        `eligible child ${ids} never enrolled: must make up the payment, or the pension is stopped and what was drawn recovered`,
      ),
    );
  }
  return {
    inForce: true,
    deadline,
    childrenInDefault: inDefault.map((c) => c.id),
    childrenNeverEnrolled: neverEnrolled.map((c) => c.id),
    stoppedMonths,
    ...(resumeMonth === undefined ? {} : { resumeMonth }),
    lostAmount,
    explanation: steps,
  };
}
