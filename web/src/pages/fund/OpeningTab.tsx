import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Card, DatePicker, Form, Skeleton, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { fenToYuan } from '../../format';
import { AmountInput, amountRule, applyCalcFieldError, clearChangedErrors } from '../calculator/fields';
import { chinaMonth, chinaToday } from '../pensions/pensionApi';
import ConfirmSubmit from './ConfirmSubmit';
import { fundApi, GOVERNMENT_LEVELS, LEDGER_BEGINNING, yuanToFen, type GovernmentLevel, type Posting } from './fundApi';

type Values = {
  on: Dayjs;
  incomeBank?: string;
  special?: string;
  expenditureBank?: string;
  receivable?: Partial<Record<GovernmentLevel, string>>;
  declaredTotal: string;
};

const ACCOUNT_FIELDS = ['incomeBank', 'special', 'expenditureBank'] as const;

/** The accounts' sum as typed, in fen; null while a field is not an amount yet. */
function sumOf(v: Partial<Values> | undefined): number | null {
  const texts = [...ACCOUNT_FIELDS.map((k) => v?.[k]), ...GOVERNMENT_LEVELS.map((l) => v?.receivable?.[l])];
  let sum = 0;
  for (const text of texts) {
    const fen = yuanToFen(text);
    if (fen === null) return null;
    sum += fen;
  }
  return sum;
}

/**
 * 期初余额: a county taken over from another system enters its accounts' balances once, checked against the
 * fund balance of the old system's report (the server refuses a sum that differs, with both figures). Once
 * entered, the page says when, how much and by whom.
 */
export default function OpeningTab({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [entered, setEntered] = useState<Posting | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  const values = Form.useWatch([], form) as Partial<Values> | undefined;

  useEffect(() => {
    if (!active) return;
    let alive = true;
    fundApi.postings({ from: LEDGER_BEGINNING, to: chinaMonth(0), account: 'opening', page: 1, pageSize: 1 }).then(
      (r) => alive && setEntered(r.items[0] ?? null),
      (e: unknown) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [active, tick]);

  const submit = async (v: Values) => {
    setError(null);
    try {
      const receivable = Object.fromEntries(GOVERNMENT_LEVELS.flatMap((l) => (v.receivable?.[l]?.trim() ? [[l, v.receivable[l]!.trim()]] : [])));
      const r = await fundApi.opening({
        on: v.on.format('YYYY-MM-DD'),
        incomeBank: v.incomeBank?.trim() ?? '',
        special: v.special?.trim() ?? '',
        expenditureBank: v.expenditureBank?.trim() ?? '',
        receivable,
        declaredTotal: v.declaredTotal.trim(),
      });
      message.success(t('fund.opening.done', { amount: fenToYuan(r.total) }));
      reload();
    } catch (e) {
      if (!applyCalcFieldError(form, e)) setError(e);
    }
  };

  const sum = sumOf(values);
  const declared = yuanToFen(values?.declaredTotal);
  const typedDeclared = !!values?.declaredTotal?.trim();

  return (
    <Card size="small" className="xnb-card" title={t('fund.opening.title')}>
      <p className="xnb-muted">{t('fund.opening.hint')}</p>
      {entered === undefined && !error && <Skeleton active paragraph={{ rows: 4 }} />}
      {entered && (
        <Alert
          type="success"
          showIcon
          data-testid="fund-opening-entered"
          title={t('fund.opening.entered', { date: entered.postedOn, amount: fenToYuan(-entered.amount) })}
          description={entered.recordedBy ? t('fund.opening.enteredBy', { by: entered.recordedBy }) : undefined}
        />
      )}
      <ErrorAlert error={error} />
      {entered === null && (
        <Form<Values> form={form} layout="vertical" autoComplete="off" initialValues={{ on: dayjs(chinaToday()) }} onValuesChange={clearChangedErrors(form)} data-testid="fund-opening-form" className="xnb-fund-opening">
          <Form.Item name="on" label={t('fund.opening.on')} rules={[{ required: true, message: t('fund.subsidies.dateRequired') }]} className="xnb-fund-opening-date">
            <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > chinaToday()} />
          </Form.Item>
          <fieldset className="xnb-fund-group">
            <legend>{t('fund.opening.accounts')}</legend>
            <div className="xnb-fund-form-grid xnb-fund-form-grid-3">
              {ACCOUNT_FIELDS.map((k) => (
                <Form.Item key={k} name={k} label={t(`fund.opening.${k}`)} rules={[amountRule(t)]}>
                  <AmountInput data-testid={`fund-opening-${k}`} />
                </Form.Item>
              ))}
            </div>
            <div className="xnb-fund-form-grid xnb-fund-form-grid-4">
              {GOVERNMENT_LEVELS.map((l) => (
                <Form.Item key={l} name={['receivable', l]} label={t('fund.opening.receivable', { level: t(`fund.levelFull.${l}`) })} rules={[amountRule(t)]}>
                  <AmountInput />
                </Form.Item>
              ))}
            </div>
          </fieldset>
          <div className="xnb-fund-form-grid">
            <Form.Item name="declaredTotal" label={t('fund.opening.declaredTotal')} rules={[{ required: true, message: t('fund.subsidies.amountRequired') }, amountRule(t)]}>
              <AmountInput data-testid="fund-opening-declared" />
            </Form.Item>
            <div className="xnb-fund-opening-sum" data-testid="fund-opening-sum">
              {sum !== null && <span className="xnb-num">{t('fund.opening.sum', { sum: fenToYuan(sum) })}</span>}
              {sum !== null && typedDeclared && declared !== null && (
                <Tag color={sum === declared ? 'success' : 'error'} icon={sum === declared ? <CheckCircleOutlined /> : <CloseCircleOutlined />}>
                  {sum === declared ? t('fund.opening.matches') : t('fund.opening.differs', { diff: fenToYuan(Math.abs(sum - declared)) })}
                </Tag>
              )}
            </div>
          </div>
          <ConfirmSubmit<Values>
            form={form}
            label={t('fund.opening.submit')}
            okText={t('fund.confirm')}
            confirmTitle={(v) => t('fund.opening.confirm', { amount: fenToYuan(sumOf(v) ?? 0) })}
            onSubmit={submit}
            testId="fund-opening-submit"
          />
        </Form>
      )}
    </Card>
  );
}
