// The numbered steps of an award with the policy parameters each rests on, drawn like the calculator's
// result (same classes, calculator.css): text in the current language, amount on the right, citations under it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuan } from '../../format';
import { calcApi, type LocalizedText } from '../calculator/calcApi';
import '../calculator/calculator.css';
import type { Step } from './pensionApi';

// Parameter titles (to name the parameters cited), asked once a session.
let titlesPromise: Promise<Record<string, LocalizedText>> | null = null;
function loadTitles(): Promise<Record<string, LocalizedText>> {
  if (!titlesPromise) {
    const d = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    titlesPromise = calcApi.parameters('CN', d).then((r) => Object.fromEntries(r.items.map((p) => [p.name, p.title])));
    titlesPromise.catch(() => {
      titlesPromise = null;
    });
  }
  return titlesPromise;
}

export default function ExplanationSteps({ steps }: { steps: Step[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [titles, setTitles] = useState<Record<string, LocalizedText>>({});
  useEffect(() => {
    let alive = true;
    loadTitles().then(
      (v) => alive && setTitles(v),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, []);

  return (
    <ol className="xnb-calc-steps" data-testid="pension-explanation">
      {steps.map((step, i) => (
        <li key={`${step.key}-${i}`} className="xnb-calc-step" data-key={step.key}>
          <span className="xnb-calc-step-no">{i + 1}</span>
          <div className="xnb-calc-step-body">
            <div className="xnb-calc-step-line">
              <span className="xnb-calc-step-text">{lang === 'en' ? step.en : step.zh}</span>
              {step.amount !== undefined && (
                <span className="xnb-calc-step-amount">
                  {fenToYuan(step.amount)} {t('calc.yuan')}
                </span>
              )}
            </div>
            {step.parameters.length > 0 && (
              <ul className="xnb-calc-cites">
                {step.parameters.map((c, j) => (
                  <li key={`${c.name}-${j}`} className="xnb-calc-cite" data-testid="pension-citation">
                    <span className="xnb-calc-cite-name" title={c.name}>
                      {titles[c.name]?.[lang] ?? c.name}
                    </span>
                    {' = '}
                    <span className="xnb-calc-cite-value">{c.value}</span>
                    {c.level && <span className={`xnb-calc-cite-level xnb-calc-level-${c.level}`}>{t(`calc.paramLevel.${c.level}`, { defaultValue: c.level })}</span>}
                    <span className="xnb-calc-cite-date">{c.to ? t('calc.citation.range', { from: c.from, to: c.to }) : t('calc.citation.from', { from: c.from })}</span>
                    <span className="xnb-calc-cite-source">{c.source}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
