// The public policy calculator (/calc): no sign-in, nothing stored. Five calculations over the
// policy engine's API, each with its result, the steps and the documents they rest on, and a print view.
import { ArrowLeftOutlined, LoginOutlined } from '@ant-design/icons';
import { Button, Card, Form, Tabs } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth';
import ErrorAlert from '../components/ErrorAlert';
import LanguageSwitch from '../components/LanguageSwitch';
import { CALC_TABS, calcApi, type CalcResult, type CalcScope, type CalcTab } from './calculator/calcApi';
import { applyCalcFieldError, clearErrors } from './calculator/fields';
import { BenefitForm, ContributionForm, DeathForm, InterestForm, ObligationForm, type CalcFormProps } from './calculator/forms';
import ResultPanel from './calculator/ResultPanel';
import './calculator/calculator.css';

const FORMS: Record<CalcTab, (p: CalcFormProps) => React.ReactNode> = {
  contribution: ContributionForm,
  obligation: ObligationForm,
  benefit: BenefitForm,
  interest: InterestForm,
  death: DeathForm,
};

/** Until /api/calc/scopes answers, the national defaults are the only scope. */
const NATIONAL: CalcScope = { code: 'CN', level: 'national', name: '全国默认参数', files: [] };

interface Outcome {
  result?: CalcResult;
  at?: string;
  error?: unknown;
}

function isTab(v: string | null): v is CalcTab {
  return !!v && (CALC_TABS as readonly string[]).includes(v);
}

export default function CalculatorPage() {
  const { t, i18n } = useTranslation();
  const { status } = useAuth();
  const [search, setSearch] = useSearchParams();
  const tabParam = search.get('tab');
  const tab: CalcTab = isTab(tabParam) ? tabParam : 'contribution';

  const [contribution] = Form.useForm();
  const [obligation] = Form.useForm();
  const [benefit] = Form.useForm();
  const [interest] = Form.useForm();
  const [death] = Form.useForm();
  const forms = useMemo(() => ({ contribution, obligation, benefit, interest, death }), [contribution, obligation, benefit, interest, death]);

  const [scopes, setScopes] = useState<CalcScope[]>([NATIONAL]);
  const [outcomes, setOutcomes] = useState<Partial<Record<CalcTab, Outcome>>>({});
  const [busy, setBusy] = useState<CalcTab | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    let alive = true;
    calcApi
      .scopes()
      .then((r) => alive && r.items.length && setScopes(r.items))
      .catch((e: unknown) => alive && setLoadError(e));
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    // After the shell's own title effect, which runs after this one on a language change.
    const id = setTimeout(() => {
      document.title = `${t('calc.title')} · ${t('app.name')}`;
    }, 0);
    return () => clearTimeout(id);
  }, [t, i18n.language]);
  useEffect(
    () => () => {
      document.title = i18n.t('app.name');
    },
    [i18n],
  );

  const run = useCallback(
    async (kind: CalcTab, body: Record<string, unknown>) => {
      setBusy(kind);
      clearErrors(forms[kind]);
      // The previous result stays under the spinner until the answer comes.
      setOutcomes((o) => ({ ...o, [kind]: { ...o[kind], error: undefined } }));
      try {
        const result = await calcApi.run(kind, body);
        setOutcomes((o) => ({ ...o, [kind]: { result, at: dayjs().format('YYYY-MM-DD HH:mm') } }));
      } catch (error) {
        // The server names the field it could not accept: its message goes under that field.
        const shown = applyCalcFieldError(forms[kind], error);
        setOutcomes((o) => ({ ...o, [kind]: shown ? {} : { error } }));
      } finally {
        setBusy(null);
      }
    },
    [forms],
  );

  const reset = () => {
    forms[tab].resetFields();
    setOutcomes((o) => ({ ...o, [tab]: {} }));
  };

  const outcome = outcomes[tab] ?? {};

  return (
    <div className="xnb-calc">
      <header className="xnb-calc-header xnb-no-print">
        <Link to="/calc" className="xnb-brand" aria-label={t('calc.product')}>
          <span className="xnb-logo" aria-hidden>
            保
          </span>
          <span className="xnb-brand-text">
            <span className="xnb-brand-name">{t('calc.product')}</span>
            <span className="xnb-brand-sub">{t('app.subtitle')}</span>
          </span>
        </Link>
        <div className="xnb-calc-header-right">
          <LanguageSwitch dark />
          {status === 'signedIn' ? (
            <Link to="/" className="xnb-calc-header-link" data-testid="calc-back">
              <ArrowLeftOutlined /> {t('calc.backToSystem')}
            </Link>
          ) : (
            <Link to="/login" className="xnb-calc-header-link" data-testid="calc-sign-in">
              <LoginOutlined /> {t('calc.signIn')}
            </Link>
          )}
        </div>
      </header>

      <main className="xnb-calc-main">
        <div className="xnb-calc-intro xnb-no-print">
          <h1 className="xnb-page-title">{t('calc.title')}</h1>
          <p>{t('calc.intro')}</p>
        </div>
        <ErrorAlert error={loadError} />

        <div className="xnb-calc-tabs xnb-no-print">
          <Tabs
            activeKey={tab}
            onChange={(key) => setSearch(key === 'contribution' ? {} : { tab: key }, { replace: true })}
            items={CALC_TABS.map((k) => ({ key: k, label: <span data-testid={`calc-tab-${k}`}>{t(`calc.tabs.${k}`)}</span> }))}
          />
        </div>

        <div className="xnb-calc-body">
          <Card className="xnb-calc-formcard xnb-no-print" data-testid="calc-form">
            <p className="xnb-calc-hint">{t(`calc.hint.${tab}`)}</p>
            <ErrorAlert error={outcome.error} />
            {CALC_TABS.map((k) => {
              const FormOf = FORMS[k];
              return (
                <div key={k} hidden={k !== tab} data-testid={k === tab ? 'calc-active-form' : undefined}>
                  <FormOf form={forms[k]} scopes={scopes} onSubmit={(body) => void run(k, body)} />
                </div>
              );
            })}
            <div className="xnb-calc-actions">
              <Button onClick={reset} data-testid="calc-reset">
                {t('calc.reset')}
              </Button>
              <Button type="primary" loading={busy === tab} onClick={() => forms[tab].submit()} data-testid="calc-submit">
                {t('calc.submit')}
              </Button>
            </div>
          </Card>
          <ResultPanel tab={tab} result={outcome.result} at={outcome.at} busy={busy === tab} />
        </div>
      </main>
      <footer className="xnb-calc-footer xnb-no-print">{t('app.footer')}</footer>
    </div>
  );
}
