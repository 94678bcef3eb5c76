// Form pieces shared by the calculator forms.
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, type FormInstance, type InputProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import type { AccountSource, CalcScope } from './calcApi';

/**
 * A light check of an amount as typed: digits and separators only. The server parses it exactly and
 * names the field when it cannot ("12.345" has too many decimals). Having a rule also makes the form
 * re-check the field on each change, which clears a message the server put there.
 */
export const amountRule = (t: (k: string) => string) => ({ pattern: /^[\s\d,，.．+\-元¥￥]*$/, message: t('calc.amountFormat') });

/** Amount in yuan as typed ("1,390.00"); parsed by the server, which names the field on error. */
export function AmountInput(props: InputProps) {
  const { t } = useTranslation();
  return <Input inputMode="decimal" placeholder="0.00" maxLength={40} suffix={<span className="xnb-calc-unit">{t('calc.yuan')}</span>} {...props} />;
}

export function scopeLabel(scope: { code: string; name: string }, t: (k: string, o?: Record<string, unknown>) => string): string {
  // The national scope is named in words; a province or county also by its region code (digits).
  if (scope.code === 'CN') return t('calc.nationalDefaults');
  return t('calc.scopeOption', { name: scope.name, code: scope.code });
}

export function ScopeSelect({ scopes, ...rest }: { scopes: CalcScope[]; value?: string; onChange?: (v: string) => void; id?: string }) {
  const { t } = useTranslation();
  return (
    <Select
      {...rest}
      data-testid="calc-scope"
      options={scopes.map((s) => ({
        value: s.code,
        label: (
          <span className="xnb-calc-scope-opt">
            <span>{scopeLabel(s, t)}</span>
            <span className="xnb-calc-scope-level">{t(`calc.paramLevel.${s.level}`)}</span>
          </span>
        ),
        title: s.name,
      }))}
    />
  );
}

/** The sub-balances by source under `prefix` (e.g. "balances"); `more` sources are folded away until opened. */
export function BalanceFields({
  prefix,
  sources,
  more = [],
  title,
}: {
  prefix: string;
  sources: readonly AccountSource[];
  more?: readonly AccountSource[];
  title: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <fieldset className="xnb-calc-group">
      <legend>{title}</legend>
      <Form.Item noStyle shouldUpdate>
        {(form) => {
          // Opened by the user, or because a folded field has a value or the server named it in an error.
          const forced = more.some((s) => form.getFieldError([prefix, s]).length > 0 || !!form.getFieldValue([prefix, s]));
          const shown = open || forced;
          return (
            <div className="xnb-calc-grid">
              {sources.map((s) => (
                <Form.Item key={s} name={[prefix, s]} label={t(`calc.source.${s}`)} rules={[amountRule(t)]}>
                  <AmountInput />
                </Form.Item>
              ))}
              {more.map((s) => (
                <Form.Item key={s} name={[prefix, s]} label={t(`calc.source.${s}`)} hidden={!shown} rules={[amountRule(t)]}>
                  <AmountInput />
                </Form.Item>
              ))}
              {more.length > 0 && !forced && (
                <div className="xnb-calc-more">
                  <Button type="link" size="small" icon={shown ? <UpOutlined /> : <DownOutlined />} iconPlacement="end" onClick={() => setOpen(!shown)}>
                    {shown ? t('calc.fewerSources') : t('calc.moreSources')}
                  </Button>
                </div>
              )}
            </div>
          );
        }}
      </Form.Item>
    </fieldset>
  );
}

export const fmtDate = (d: Dayjs | null | undefined): string | undefined => (d ? d.format('YYYY-MM-DD') : undefined);
export const fmtMonth = (d: Dayjs | null | undefined): string | undefined => (d ? d.format('YYYY-MM') : undefined);

/** Amounts left blank are not sent; the rest go as typed. */
export function amounts(values: Partial<Record<string, string | undefined>> | undefined): Record<string, string> | undefined {
  if (!values) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
  return Object.keys(out).length ? out : undefined;
}

/** Drops undefined entries so the request carries only what the user gave. */
export function compact(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

/**
 * Puts the server's message on the form item its `field` names ("balances.individual",
 * "credits.0.bySource.individual"). Returns false when the form has no such item.
 */
export function applyCalcFieldError(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError) || !error.field) return false;
  const path = error.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const key = path.join('.');
  const known = form.getFieldsError().some((f) => f.name.join('.') === key);
  if (!known) return false;
  // Under the field itself the "balances.individual：" the message starts with says nothing more.
  const prefix = new RegExp(`^${error.field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[:：]\\s*`);
  form.setFields([{ name: path, errors: [error.message.replace(prefix, '')] }]);
  form.scrollToField(path, { block: 'center' });
  return true;
}

export const requiredRule = (label: string, t: (k: string, o?: Record<string, unknown>) => string) => ({
  required: true,
  message: t('calc.required', { label }),
});

/** Removes every message from the form (the server's included) before a new request. */
export function clearErrors(form: FormInstance): void {
  const withErrors = form.getFieldsError().filter((f) => f.errors.length > 0);
  if (withErrors.length) form.setFields(withErrors.map((f) => ({ name: f.name, errors: [] })));
}

/** Paths of the leaves in an antd `changedValues` object (dates are leaves). */
function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value && typeof value === 'object' && !dayjs.isDayjs(value)) {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    return entries.flatMap(([k, v]) => (v === undefined && Array.isArray(value) ? [] : leafPaths(v, [...path, k])));
  }
  return [path];
}

/** For Form's onValuesChange: a field the user changes loses the message the server put on it. */
export function clearChangedErrors(form: FormInstance) {
  return (changed: unknown) => {
    const stale = leafPaths(changed).filter((p) => p.length && form.getFieldError(p).length > 0);
    if (stale.length) form.setFields(stale.map((name) => ({ name, errors: [] })));
  };
}
