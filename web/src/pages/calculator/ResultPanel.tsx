// The result of one calculation: key figures, the numbered explanation with its policy citations and,
// for print only, a title and the inputs as the server computed them.
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Spin, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuan } from '../../format';
import { ACCOUNT_SOURCES, type CalcResult, type CalcTab, type Citation, type ObligationResult } from './calcApi';
import { scopeLabel } from './fields';

type T = (key: string, options?: Record<string, unknown>) => string;
type Lang = 'zh-CN' | 'en';

interface Figure {
  key: string;
  label: string;
  value: string;
  unit?: string;
  primary?: boolean;
  /** The value is words, not a number: a smaller type that may wrap, in a wider first column. */
  text?: boolean;
  /** A short line under the value. */
  note?: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);
const sumOf = (v: unknown): number | undefined => {
  if (!v || typeof v !== 'object') return undefined;
  return Object.values(v as Record<string, unknown>).reduce<number>((s, x) => s + (num(x) ?? 0), 0);
};

/** The pension age the obligation was worked out with: cited in its explanation, else implied by the result. */
function pensionAgeOf(res: CalcResult, r: Partial<ObligationResult>): number | undefined {
  for (const step of res.explanation)
    for (const c of step.parameters ?? []) {
      const years = c.name === 'pensionAge' ? /^(\d+)/.exec(c.value.en) : null;
      if (years) return Number(years[1]);
    }
  const start = num(r.ageAtSchemeStart);
  const toGo = num(r.yearsToPensionAgeAtStart);
  return start !== undefined && toGo ? start + toGo : undefined;
}

/** Must the resident pay, for how many more years, and how many years may or must be back-paid now: counts of years, no money. */
function obligationFigures(res: CalcResult, t: T): Figure[] {
  const r = res.result as Partial<ObligationResult>;
  const years = (v: unknown): Pick<Figure, 'value' | 'unit'> => {
    const n = num(v);
    return n === undefined ? { value: '—' } : { value: String(n), unit: t('calc.yearsUnit', { count: n }) };
  };
  const category = typeof r.category === 'string' ? r.category : undefined;
  const age = pensionAgeOf(res, r);
  const total = num(r.maximumTotalYears) ?? num(r.minimumTotalYears);
  const label = category
    ? t(`calc.obligation.category.${category}`, { age: age ?? '—', years: total ?? '—', defaultValue: category })
    : '—';
  const start = num(r.ageAtSchemeStart);
  const toGo = num(r.yearsToPensionAgeAtStart);
  const note =
    start === undefined ? undefined : category === 'noContribution' || !toGo ? t('calc.obligation.ageAtStart', { age: start }) : t('calc.obligation.ageAndYearsToGo', { age: start, count: toGo });
  return [
    { key: 'obligation-category', label: t('calc.fig.obligationCategory'), value: label, primary: true, text: true, note },
    { key: 'yearly-remaining', label: t('calc.fig.yearlyRemaining'), ...years(r.yearlyPaymentsRemaining) },
    { key: 'back-pay-allowed', label: t('calc.fig.backPayAllowed'), ...years(r.backPayAllowedNow) },
    { key: 'back-pay-required', label: t('calc.fig.backPayRequired'), ...years(r.backPayRequiredNow) },
  ];
}

/** The main amounts of each kind, in yuan with two decimals (the server's `yuan`, else from fen). */
function figures(res: CalcResult, t: T): Figure[] {
  const r = res.result;
  const money = (field: string): string => res.yuan[field] ?? (num(r[field]) === undefined ? '—' : fenToYuan(num(r[field])!));
  const fromFen = (fen: number | undefined) => (fen === undefined ? '—' : fenToYuan(fen));
  const perMonth = t('calc.perMonth');
  const yuan = t('calc.yuan');
  switch (res.kind) {
    case 'benefit':
      return [
        { key: 'monthly-pension', label: t('calc.fig.monthlyPension'), value: money('monthlyPension'), unit: perMonth, primary: true },
        { key: 'basic-pension', label: t('calc.fig.basicPension'), value: money('basicPension'), unit: perMonth },
        { key: 'account-pension', label: t('calc.fig.accountPension'), value: money('accountPension'), unit: perMonth },
        { key: 'start-month', label: t('calc.fig.startMonth'), value: typeof r.startMonth === 'string' ? r.startMonth : '—' },
      ];
    case 'contribution':
      return [
        { key: 'total-credited', label: t('calc.fig.totalCredited'), value: money('totalCredited'), unit: yuan, primary: true },
        { key: 'individual', label: t('calc.fig.individual'), value: money('individual'), unit: yuan },
        { key: 'government-subsidy', label: t('calc.fig.governmentSubsidy'), value: money('governmentSubsidy'), unit: yuan },
        { key: 'hardship-payment', label: t('calc.fig.hardshipPayment'), value: money('hardshipPayment'), unit: yuan },
      ];
    case 'interest': {
      const bySource = (r.interestBySource ?? {}) as Record<string, unknown>;
      return [
        { key: 'total-interest', label: t('calc.fig.totalInterest'), value: money('totalInterest'), unit: yuan, primary: true },
        { key: 'closing-balance', label: t('calc.fig.closingBalance'), value: fromFen(sumOf(r.closingBalances)), unit: yuan },
        { key: 'interest-individual', label: t('calc.fig.interestIndividual'), value: fromFen(num(bySource.individual)), unit: yuan },
        { key: 'interest-subsidy', label: t('calc.fig.interestSubsidy'), value: fromFen(num(bySource.governmentSubsidy)), unit: yuan },
      ];
    }
    case 'obligation':
      return obligationFigures(res, t);
    case 'death':
      return [
        { key: 'amount-to-recover', label: t('calc.fig.amountToRecover'), value: money('amountToRecover'), unit: yuan, primary: true },
        { key: 'inheritable', label: t('calc.fig.inheritable'), value: money('inheritable'), unit: yuan },
        { key: 'returned-to-pool', label: t('calc.fig.returnedToPool'), value: money('returnedToPool'), unit: yuan },
        { key: 'funeral-grant', label: t('calc.fig.funeralGrant'), value: money('funeralGrant'), unit: yuan },
      ];
    default:
      return Object.entries(res.yuan).map(([k, v]) => ({ key: k, label: k, value: v, unit: yuan }));
  }
}

const MONEY_INPUTS = new Set(['tier', 'collectiveSubsidy', 'sponsorship', 'monthlyBasicPension', 'monthlyAccountPension']);
const BALANCE_INPUTS = new Set(['balances', 'openingBalances']);

function sourcesText(value: unknown, t: T, lang: Lang): string {
  const amounts = (value ?? {}) as Record<string, unknown>;
  const parts = ACCOUNT_SOURCES.filter((s) => num(amounts[s])).map((s) => `${t(`calc.source.${s}`)} ${fenToYuan(num(amounts[s])!)}`);
  return parts.length ? parts.join(lang === 'en' ? '; ' : '；') : t('calc.none');
}

/** The inputs as the server computed them (amounts in fen, defaults filled in), as label/value rows. */
function inputRows(res: CalcResult, t: T, lang: Lang): { key: string; label: string; value: string; wide?: boolean }[] {
  const rows: { key: string; label: string; value: string; wide?: boolean }[] = [];
  for (const [key, value] of Object.entries(res.input)) {
    const label = res.kind === 'interest' && key === 'year' ? t('calc.field.interestYear') : t(`calc.field.${key}`, { defaultValue: key });
    if (key === 'credits' || key === 'debits') {
      const list = Array.isArray(value) ? (value as { on?: string; bySource?: unknown }[]) : [];
      if (list.length === 0) {
        if (key === 'credits') rows.push({ key, label: t('calc.creditsTitle'), value: t('calc.none'), wide: true });
        continue;
      }
      list.forEach((m, i) => rows.push({ key: `${key}.${i}`, label: `${label} ${i + 1}`, value: `${m.on ?? ''}  ${sourcesText(m.bySource, t, lang)}`, wide: true }));
    } else if (BALANCE_INPUTS.has(key)) rows.push({ key, label, value: `${sourcesText(value, t, lang)}`, wide: true });
    else if (MONEY_INPUTS.has(key) && num(value) !== undefined) rows.push({ key, label, value: `${fenToYuan(num(value)!)} ${t('calc.yuan')}` });
    else if (key === 'identity') rows.push({ key, label, value: t(`identity.${String(value)}`, { defaultValue: String(value) }) });
    else if (key === 'kind') rows.push({ key, label, value: t(`calc.payKind.${String(value)}`, { defaultValue: String(value) }) });
    else if (key === 'contributionYears' || key === 'yearsCredited') rows.push({ key, label, value: t('calc.years', { count: num(value) ?? 0 }) });
    else if (typeof value === 'boolean') rows.push({ key, label, value: value ? t('common.yes') : t('common.no') });
    else rows.push({ key, label, value: typeof value === 'object' ? JSON.stringify(value) : String(value) });
  }
  return rows;
}

/** Short inputs go two to a table row; a wide one (balances, movements) takes a row of its own. */
function pairUp<R extends { wide?: boolean }>(rows: R[]): R[][] {
  const out: R[][] = [];
  let open: R[] = [];
  for (const r of rows) {
    if (r.wide) {
      if (open.length) out.push(open);
      open = [];
      out.push([r]);
    } else {
      open.push(r);
      if (open.length === 2) {
        out.push(open);
        open = [];
      }
    }
  }
  if (open.length) out.push(open);
  return out;
}

/** A parameter as labelled prose (领取年龄 60 周岁), its layer and dates, and the documents it comes from. */
export function CitationLine({ c, lang, testId }: { c: Citation; lang: Lang; testId: string }) {
  const { t } = useTranslation();
  return (
    <li className="xnb-calc-cite" data-testid={testId}>
      <span className="xnb-calc-cite-name">{c.label[lang]}</span>
      {lang === 'en' ? ': ' : ' '}
      <span className="xnb-calc-cite-value">{c.value[lang]}</span>
      <span className={`xnb-calc-cite-level xnb-calc-level-${c.level}`}>{t(`calc.paramLevel.${c.level}`)}</span>
      <span className="xnb-calc-cite-date">{c.to ? t('calc.citation.range', { from: c.from, to: c.to }) : t('calc.citation.from', { from: c.from })}</span>
      <span className="xnb-calc-cite-source">{c.source[lang]}</span>
    </li>
  );
}

export default function ResultPanel({
  tab,
  result,
  at,
  busy,
  extra,
}: {
  tab: CalcTab;
  result: CalcResult | undefined;
  /** When the result was computed ("YYYY-MM-DD HH:mm"). */
  at: string | undefined;
  busy: boolean;
  extra?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const scopeText = result ? scopeLabel(result.scope, t) : '';
  return (
    <Card
      className="xnb-calc-result"
      title={
        <span className="xnb-calc-result-title">
          {t('calc.result')}
          <span className="xnb-calc-result-kind">{t(`calc.tabs.${tab}`)}</span>
        </span>
      }
      extra={
        result ? (
          <span className="xnb-calc-result-extra">
            <Tag color="blue" data-testid="calc-scope-used" title={t('calc.scope')}>
              {scopeText}
            </Tag>
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="calc-print-button">
              {t('calc.print')}
            </Button>
            {extra}
          </span>
        ) : (
          extra
        )
      }
    >
      <Spin spinning={busy}>
        {!result ? (
          <Empty className="xnb-calc-empty" image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calc.empty')} />
        ) : (
          <div className="xnb-calc-print" data-testid="calc-print">
            <div data-testid="calc-result" data-kind={result.kind}>
              <header className="xnb-print-only xnb-calc-print-head">
                <h1>{t('calc.printTitle')}</h1>
                <div className="xnb-calc-print-meta">
                  <span>{t(`calc.tabs.${tab}`)}</span>
                  <span>
                    {t('calc.scope')}：{scopeText}
                  </span>
                  <span>
                    {t('calc.calcDate')}：{at}
                  </span>
                </div>
              </header>
              <section className="xnb-print-only xnb-calc-section">
                <h2>{t('calc.inputs')}</h2>
                <table className="xnb-calc-inputs" data-testid="calc-inputs">
                  <tbody>
                    {pairUp(inputRows(result, t, lang)).map((row) => (
                      <tr key={row.map((r) => r.key).join('+')}>
                        {row.map((r) => [
                          <th key={`${r.key}-l`}>{r.label}</th>,
                          <td key={`${r.key}-v`} colSpan={row.length === 1 ? 3 : 1}>
                            {r.value}
                          </td>,
                        ])}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section className="xnb-calc-section">
                <h2 className="xnb-print-only">{t('calc.keyFigures')}</h2>
                {(() => {
                  const figs = figures(result, t);
                  return (
                    <div className={figs.some((f) => f.text) ? 'xnb-calc-figs xnb-calc-figs-lead' : 'xnb-calc-figs'}>
                      {figs.map((f) => (
                        <div
                          key={f.key}
                          className={['xnb-calc-fig', f.primary && 'xnb-calc-fig-primary', f.text && 'xnb-calc-fig-text'].filter(Boolean).join(' ')}
                          data-testid={`calc-${f.key}`}
                        >
                          <div className="xnb-calc-fig-label" title={f.label}>
                            {f.label}
                          </div>
                          <div className="xnb-calc-fig-value">
                            <span className="xnb-calc-fig-number">{f.value}</span>
                            {f.unit && <span className="xnb-calc-fig-unit">{f.unit}</span>}
                          </div>
                          {f.note && <div className="xnb-calc-fig-note">{f.note}</div>}
                        </div>
                      ))}
                    </div>
                  );
                })()}
              </section>
              <section className="xnb-calc-section">
                <h2>{t('calc.steps')}</h2>
                <ol className="xnb-calc-steps" data-testid="calc-explanation">
                  {result.explanation.map((step, i) => (
                    <li key={`${step.key}-${i}`} className="xnb-calc-step" data-key={step.key}>
                      <span className="xnb-calc-step-no">{i + 1}</span>
                      <div className="xnb-calc-step-body">
                        <div className="xnb-calc-step-line">
                          <span className="xnb-calc-step-text">{step.text[lang]}</span>
                          {step.amount !== undefined && (
                            <span className="xnb-calc-step-amount">
                              {fenToYuan(step.amount)} {t('calc.yuan')}
                            </span>
                          )}
                        </div>
                        {step.parameters && step.parameters.length > 0 && (
                          <ul className="xnb-calc-cites">
                            {step.parameters.map((c, j) => (
                              <CitationLine key={`${c.name}-${j}`} c={c} lang={lang} testId="calc-citation" />
                            ))}
                          </ul>
                        )}
                      </div>
                    </li>
                  ))}
                </ol>
              </section>
              <p className="xnb-calc-disclaimer">{t('calc.disclaimer')}</p>
            </div>
          </div>
        )}
      </Spin>
    </Card>
  );
}
