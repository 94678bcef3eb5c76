// The five calculator forms. Each turns its values into the request body of /api/calc/<kind>;
// amounts go as typed (yuan text) and the server checks them.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Form, InputNumber, Radio, Select, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { calcApi, IDENTITIES, tiersOf, type CalcScope } from './calcApi';
import { AmountInput, BalanceFields, ScopeSelect, amountRule, amounts, clearChangedErrors, compact, fmtDate, fmtMonth, requiredRule } from './fields';

export interface CalcFormProps {
  form: FormInstance;
  scopes: CalcScope[];
  onSubmit: (body: Record<string, unknown>) => void;
}

/** Used by the server when neither the request nor the scope gives a scheme start date. */
const DEFAULT_SCHEME_START = '2009-09-01';
const fullWidth = { width: '100%' } as const;
const formProps = { layout: 'vertical', autoComplete: 'off', requiredMark: true, scrollToFirstError: true } as const;

function ScopeItem({ scopes }: { scopes: CalcScope[] }) {
  const { t } = useTranslation();
  return (
    <Form.Item name="scope" label={t('calc.field.scope')} className="xnb-calc-span">
      <ScopeSelect scopes={scopes} />
    </Form.Item>
  );
}

type BalanceValues = Partial<Record<string, string>>;

/** A date field of the calculator (full width; required ones say so by name when left empty). */
function DateField({ name, label, required, placeholder = 'YYYY-MM-DD' }: { name: string; label: string; required?: boolean; placeholder?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label} rules={required ? [requiredRule(label, t)] : undefined}>
      <DatePicker style={fullWidth} placeholder={placeholder} />
    </Form.Item>
  );
}

/** A count of whole years (years of contribution, years credited): 0 to 80. */
function YearsField({ name, label }: { name: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label}>
      <InputNumber min={0} max={80} precision={0} style={fullWidth} placeholder="0" suffix={<span className="xnb-calc-unit">{t('calc.yearsUnit')}</span>} />
    </Form.Item>
  );
}

/** The scheme start date, empty by default: its placeholder is the chosen scope's own start (or the national one). */
function SchemeStartField({ form, scopes }: { form: FormInstance; scopes: CalcScope[] }) {
  const { t } = useTranslation();
  const scope = (Form.useWatch('scope', form) as string | undefined) ?? 'CN';
  const schemeStart = scopes.find((s) => s.code === scope)?.schemeStartDate ?? DEFAULT_SCHEME_START;
  return <DateField name="schemeStartDate" label={t('calc.field.schemeStartDate')} placeholder={t('calc.defaultIs', { value: schemeStart })} />;
}

// ---------------------------------------------------------------- contribution

interface ContributionValues {
  scope: string;
  year: number;
  paidOn: Dayjs;
  tier: string;
  identity: string;
  kind: 'yearly' | 'backPay';
  collectiveSubsidy?: string;
  sponsorship?: string;
}

export function ContributionForm({ form, scopes, onSubmit }: CalcFormProps) {
  const { t } = useTranslation();
  const scope = (Form.useWatch('scope', form) as string | undefined) ?? 'CN';
  const paidOn = Form.useWatch('paidOn', form) as Dayjs | undefined;
  const asOf = fmtDate(paidOn) ?? dayjs().format('YYYY-MM-DD');
  const [tiers, setTiers] = useState<string[]>([]);

  // The tiers a resident can choose depend on the scope and on the day of payment.
  useEffect(() => {
    let alive = true;
    calcApi
      .parameters(scope, asOf)
      .then((r) => {
        const found = r.items.find((p) => p.name === 'contributionTiers');
        if (alive) setTiers(found ? tiersOf(found) : []);
      })
      .catch(() => alive && setTiers([]));
    return () => {
      alive = false;
    };
  }, [scope, asOf]);

  const finish = (v: ContributionValues) =>
    onSubmit(
      compact({
        scope: v.scope,
        year: v.year,
        paidOn: fmtDate(v.paidOn),
        tier: v.tier,
        identity: v.identity,
        kind: v.kind,
        collectiveSubsidy: v.collectiveSubsidy?.trim(),
        sponsorship: v.sponsorship?.trim(),
      }),
    );

  return (
    <Form<ContributionValues>
      {...formProps}
      form={form}
      name="contribution"
      onValuesChange={clearChangedErrors(form)}
      onFinish={finish}
      initialValues={{ scope: 'CN', year: dayjs().year(), paidOn: dayjs(), tier: '500.00', identity: 'ordinary', kind: 'yearly' }}
    >
      <div className="xnb-calc-grid">
        <ScopeItem scopes={scopes} />
        <Form.Item name="year" label={t('calc.field.year')} rules={[requiredRule(t('calc.field.year'), t)]}>
          <InputNumber min={1990} max={2100} precision={0} style={fullWidth} />
        </Form.Item>
        <Form.Item name="paidOn" label={t('calc.field.paidOn')} rules={[requiredRule(t('calc.field.paidOn'), t)]}>
          <DatePicker style={fullWidth} />
        </Form.Item>
        <Form.Item name="tier" label={t('calc.field.tier')} rules={[requiredRule(t('calc.field.tier'), t)]}>
          <Select
            options={tiers.map((v) => ({ value: v, label: `${v} ${t('calc.perYear')}` }))}
            notFoundContent={t('calc.none')}
            showSearch
          />
        </Form.Item>
        <Form.Item name="identity" label={t('calc.field.identity')}>
          <Select options={IDENTITIES.map((i) => ({ value: i, label: t(`identity.${i}`) }))} />
        </Form.Item>
        <Form.Item name="kind" label={t('calc.field.kind')} className="xnb-calc-span">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'yearly', label: t('calc.payKind.yearly') },
              { value: 'backPay', label: t('calc.payKind.backPay') },
            ]}
          />
        </Form.Item>
        <Form.Item name="collectiveSubsidy" label={t('calc.field.collectiveSubsidy')} rules={[amountRule(t)]}>
          <AmountInput placeholder={t('calc.optional')} />
        </Form.Item>
        <Form.Item name="sponsorship" label={t('calc.field.sponsorship')} rules={[amountRule(t)]}>
          <AmountInput placeholder={t('calc.optional')} />
        </Form.Item>
      </div>
    </Form>
  );
}

// ---------------------------------------------------------------- obligation

interface ObligationValues {
  scope: string;
  birthDate: Dayjs;
  schemeStartDate?: Dayjs | null;
  asOf: Dayjs;
  yearsCredited?: number | null;
  currentYearPaid?: boolean;
}

export function ObligationForm({ form, scopes, onSubmit }: CalcFormProps) {
  const { t } = useTranslation();
  const finish = (v: ObligationValues) =>
    onSubmit(
      compact({
        scope: v.scope,
        birthDate: fmtDate(v.birthDate),
        schemeStartDate: fmtDate(v.schemeStartDate),
        asOf: fmtDate(v.asOf),
        yearsCredited: v.yearsCredited ?? undefined,
        currentYearPaid: v.currentYearPaid ?? false,
      }),
    );

  return (
    <Form<ObligationValues>
      {...formProps}
      form={form}
      name="obligation"
      onValuesChange={clearChangedErrors(form)}
      onFinish={finish}
      initialValues={{ scope: 'CN', asOf: dayjs(), yearsCredited: 0, currentYearPaid: false }}
    >
      <div className="xnb-calc-grid">
        <ScopeItem scopes={scopes} />
        <DateField name="birthDate" label={t('calc.field.birthDate')} required />
        <SchemeStartField form={form} scopes={scopes} />
        <DateField name="asOf" label={t('calc.field.asOf')} required />
        <YearsField name="yearsCredited" label={t('calc.field.yearsCredited')} />
        <Form.Item name="currentYearPaid" valuePropName="checked" className="xnb-calc-span" extra={t('calc.currentYearPaidNote')}>
          <Checkbox>{t('calc.field.currentYearPaid')}</Checkbox>
        </Form.Item>
      </div>
    </Form>
  );
}

// ---------------------------------------------------------------- benefit

interface BenefitValues {
  scope: string;
  birthDate: Dayjs;
  schemeStartDate?: Dayjs | null;
  conditionsMetOn?: Dayjs | null;
  contributionYears?: number | null;
  balances?: BalanceValues;
}

export function BenefitForm({ form, scopes, onSubmit }: CalcFormProps) {
  const { t } = useTranslation();
  const finish = (v: BenefitValues) =>
    onSubmit(
      compact({
        scope: v.scope,
        birthDate: fmtDate(v.birthDate),
        schemeStartDate: fmtDate(v.schemeStartDate),
        conditionsMetOn: fmtDate(v.conditionsMetOn),
        contributionYears: v.contributionYears ?? undefined,
        balances: amounts(v.balances),
      }),
    );

  return (
    <Form<BenefitValues> {...formProps} form={form} name="benefit" onValuesChange={clearChangedErrors(form)} onFinish={finish} initialValues={{ scope: 'CN' }}>
      <div className="xnb-calc-grid">
        <ScopeItem scopes={scopes} />
        <DateField name="birthDate" label={t('calc.field.birthDate')} required />
        <YearsField name="contributionYears" label={t('calc.field.contributionYears')} />
        <SchemeStartField form={form} scopes={scopes} />
        <DateField name="conditionsMetOn" label={t('calc.field.conditionsMetOn')} placeholder={t('calc.optional')} />
      </div>
      <BalanceFields
        prefix="balances"
        title={t('calc.balancesTitle')}
        sources={['individual', 'governmentSubsidy', 'hardshipPayment', 'collectiveSubsidy', 'sponsorship']}
        more={['oldScheme', 'other']}
      />
    </Form>
  );
}

// ---------------------------------------------------------------- interest

interface InterestValues {
  scope: string;
  year: number;
  openingBalances?: BalanceValues;
  credits?: { on?: Dayjs; bySource?: BalanceValues }[];
}

export function InterestForm({ form, scopes, onSubmit }: CalcFormProps) {
  const { t } = useTranslation();

  const finish = (v: InterestValues) =>
    onSubmit(
      compact({
        scope: v.scope,
        year: v.year,
        openingBalances: amounts(v.openingBalances),
        credits: (v.credits ?? []).map((c) => ({ on: fmtDate(c.on), bySource: amounts(c.bySource) ?? {} })),
      }),
    );

  return (
    <Form<InterestValues> {...formProps} form={form} name="interest" onValuesChange={clearChangedErrors(form)} onFinish={finish} initialValues={{ scope: 'CN', year: dayjs().year() - 1, credits: [] }}>
      <div className="xnb-calc-grid">
        <ScopeItem scopes={scopes} />
        <Form.Item name="year" label={t('calc.field.interestYear')} rules={[requiredRule(t('calc.field.interestYear'), t)]}>
          <InputNumber min={1990} max={2100} precision={0} style={fullWidth} />
        </Form.Item>
      </div>
      <BalanceFields
        prefix="openingBalances"
        title={t('calc.openingTitle')}
        sources={['individual', 'governmentSubsidy']}
        more={['hardshipPayment', 'collectiveSubsidy', 'sponsorship', 'oldScheme', 'other']}
      />
      <fieldset className="xnb-calc-group">
        <legend>{t('calc.creditsTitle')}</legend>
        <Form.List name="credits">
          {(fields, { add, remove }) => (
            <div className="xnb-calc-credits" data-testid="calc-credits">
              {fields.length === 0 ? (
                <div className="xnb-calc-note">{t('calc.noCredits')}</div>
              ) : (
                <div className="xnb-calc-credit xnb-calc-credit-head" aria-hidden>
                  <span>{t('calc.field.on')}</span>
                  <span>{t('calc.source.individual')}</span>
                  <span>{t('calc.source.governmentSubsidy')}</span>
                  <span />
                </div>
              )}
              {fields.map((field) => (
                <div className="xnb-calc-credit" key={field.key}>
                  <Form.Item name={[field.name, 'on']} rules={[requiredRule(t('calc.field.on'), t)]}>
                    <DatePicker style={fullWidth} aria-label={t('calc.field.on')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'bySource', 'individual']} rules={[amountRule(t)]}>
                    <AmountInput aria-label={t('calc.source.individual')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'bySource', 'governmentSubsidy']} rules={[amountRule(t)]}>
                    <AmountInput aria-label={t('calc.source.governmentSubsidy')} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} aria-label={t('calc.removeCredit')} title={t('calc.removeCredit')} onClick={() => remove(field.name)} />
                </div>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                data-testid="calc-add-credit"
                disabled={fields.length >= 100}
                onClick={() => {
                  const year = form.getFieldValue('year') as number | undefined;
                  add({ on: dayjs(`${year ?? dayjs().year()}-03-10`), bySource: {} });
                }}
              >
                {t('calc.addCredit')}
              </Button>
            </div>
          )}
        </Form.List>
      </fieldset>
    </Form>
  );
}

// ---------------------------------------------------------------- death

interface DeathValues {
  scope: string;
  deathDate: Dayjs;
  lastPaidMonth?: Dayjs | null;
  monthlyBasicPension?: string;
  monthlyAccountPension?: string;
  balances?: BalanceValues;
}

export function DeathForm({ form, scopes, onSubmit }: CalcFormProps) {
  const { t } = useTranslation();

  const finish = (v: DeathValues) =>
    onSubmit(
      compact({
        scope: v.scope,
        deathDate: fmtDate(v.deathDate),
        lastPaidMonth: fmtMonth(v.lastPaidMonth),
        monthlyBasicPension: v.monthlyBasicPension?.trim(),
        monthlyAccountPension: v.monthlyAccountPension?.trim(),
        balances: amounts(v.balances),
      }),
    );

  return (
    <Form<DeathValues> {...formProps} form={form} name="death" onValuesChange={clearChangedErrors(form)} onFinish={finish} initialValues={{ scope: 'CN' }}>
      <div className="xnb-calc-grid">
        <ScopeItem scopes={scopes} />
        <DateField name="deathDate" label={t('calc.field.deathDate')} required />
        <Form.Item name="lastPaidMonth" label={t('calc.field.lastPaidMonth')}>
          <DatePicker picker="month" style={fullWidth} placeholder={t('calc.optional')} />
        </Form.Item>
      </div>
      <fieldset className="xnb-calc-group">
        <legend>{t('calc.pensionTitle')}</legend>
        <div className="xnb-calc-grid">
          <Form.Item name="monthlyBasicPension" label={t('calc.field.monthlyBasicPension')} rules={[amountRule(t)]}>
            <AmountInput />
          </Form.Item>
          <Form.Item name="monthlyAccountPension" label={t('calc.field.monthlyAccountPension')} rules={[amountRule(t)]}>
            <AmountInput />
          </Form.Item>
        </div>
      </fieldset>
      <BalanceFields
        prefix="balances"
        title={t('calc.balancesTitle')}
        sources={['individual', 'governmentSubsidy', 'hardshipPayment', 'collectiveSubsidy', 'sponsorship']}
        more={['oldScheme', 'other']}
      />
    </Form>
  );
}
