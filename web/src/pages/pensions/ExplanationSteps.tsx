// The numbered steps of an award with the policy parameters each rests on, drawn like the calculator's
// result (same classes, calculator.css): text in the current language, amount on the right, and under it each
// parameter as labelled prose with its documents.
import { useTranslation } from 'react-i18next';
import { fenToYuan } from '../../format';
import { CitationLine } from '../calculator/ResultPanel';
import '../calculator/calculator.css';
import type { Step } from './pensionApi';

export default function ExplanationSteps({ steps }: { steps: Step[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
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
                  <CitationLine key={`${c.name}-${j}`} c={c} lang={lang} testId="pension-citation" />
                ))}
              </ul>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
