import { Alert, Button, DatePicker, Descriptions, Form, Input, Modal, Radio, Select, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import { fenToYuan } from '../../format';
import type { CalcResult } from '../calculator/calcApi';
import { AmountInput, amountRule, applyCalcFieldError, clearChangedErrors } from '../calculator/fields';
import IdentityTag from './IdentityTag';
import { CHANNELS, contributionApi, parameterScopeFor, tiersOn, type Channel, type Contribution, type PlanRow } from './contributionApi';

interface Values {
  tier?: string;
  channel: Channel;
  receiptNo?: string;
  bankReference?: string;
  collectiveSubsidy?: string;
  sponsorship?: string;
  paidOn: Dayjs;
}

const PREVIEW_ROWS = ['individual', 'hardshipPayment', 'governmentSubsidy', 'collectiveSubsidy', 'sponsorship'] as const;

/** Only amounts as typed ("1,000.00") reach the preview; anything else waits for the field's own check. */
const looksLikeYuan = (v: string | undefined) => !v || /^[\s\d,，.．]*$/.test(v);

/**
 * 收款: one person's premium for the plan's year — tier, channel (cash needs its receipt number), optional
 * collective subsidy and sponsorship, the payment date — with a live preview of what each source credits
 * to the account. The server re-computes the split when it records it, and names the field of any error.
 */
export default function CollectModal({ row, year, onClose, onRecorded }: { row: PlanRow | null; year: number; onClose: () => void; onRecorded: (c: Contribution) => void }) {
  const { t } = useTranslation();
  // The last person stays on screen while the dialog closes.
  const last = useRef(row);
  if (row) last.current = row;
  const shown = row ?? last.current;
  return (
    <Modal open={row !== null} title={shown ? t('contributions.collectTitle', { name: shown.name }) : ''} onCancel={onClose} width={720} destroyOnHidden footer={null}>
      {/* A fresh form, tiers and preview for each person. */}
      {shown && <CollectBody key={`${shown.residentId}-${year}`} row={shown} year={year} onClose={onClose} onRecorded={onRecorded} />}
    </Modal>
  );
}

function CollectBody({ row, year, onClose, onRecorded }: { row: PlanRow; year: number; onClose: () => void; onRecorded: (c: Contribution) => void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [form] = Form.useForm<Values>();
  const today = dayjs();
  const kind = year < today.year() ? 'backPay' : 'yearly';
  const paidOn = Form.useWatch('paidOn', form);
  const tier = Form.useWatch('tier', form);
  const channel = Form.useWatch('channel', form) ?? 'cash';
  const collectiveSubsidy = Form.useWatch('collectiveSubsidy', form);
  const sponsorship = Form.useWatch('sponsorship', form);
  const paidOnText = paidOn ? paidOn.format('YYYY-MM-DD') : undefined;
  const [scope, setScope] = useState<string | null>(null);
  const [tiers, setTiers] = useState<string[] | null>(null);
  const [preview, setPreview] = useState<CalcResult | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let alive = true;
    void parameterScopeFor(user?.regionCode).then((s) => alive && setScope(s));
    return () => {
      alive = false;
    };
  }, [user?.regionCode]);

  // The tiers of the payment date; a chosen tier that no longer exists is cleared.
  useEffect(() => {
    if (!scope || !paidOnText) return;
    let alive = true;
    tiersOn(scope, paidOnText)
      .then((list) => {
        if (!alive) return;
        setTiers(list);
        const current = form.getFieldValue('tier') as string | undefined;
        if (current && !list.includes(current)) form.setFieldValue('tier', undefined);
      })
      .catch(() => alive && setTiers([]));
    return () => {
      alive = false;
    };
  }, [scope, paidOnText, form]);

  // The live preview, a moment after the last change (the calculator is rate-limited per address).
  useEffect(() => {
    setPreviewError(null);
    if (!scope || !paidOnText || !tier || !looksLikeYuan(collectiveSubsidy) || !looksLikeYuan(sponsorship)) {
      setPreview(null);
      setPreviewing(false);
      return;
    }
    let alive = true;
    setPreviewing(true);
    const timer = setTimeout(() => {
      contributionApi
        .preview({
          scope,
          year,
          paidOn: paidOnText,
          tier,
          identity: row.identity,
          kind,
          ...(collectiveSubsidy?.trim() ? { collectiveSubsidy: collectiveSubsidy.trim() } : {}),
          ...(sponsorship?.trim() ? { sponsorship: sponsorship.trim() } : {}),
        })
        .then((r) => alive && setPreview(r))
        .catch((e: unknown) => {
          if (!alive) return;
          setPreview(null);
          setPreviewError(e instanceof Error ? e.message : String(e));
        })
        .finally(() => alive && setPreviewing(false));
    }, 250);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [row.identity, scope, year, kind, paidOnText, tier, collectiveSubsidy, sponsorship]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the form shows what is missing
    setBusy(true);
    setError(null);
    try {
      const r = await contributionApi.record({
        residentId: row.residentId,
        year,
        kind,
        tier: v.tier ?? '',
        paidOn: v.paidOn.format('YYYY-MM-DD'),
        channel: v.channel,
        ...(v.receiptNo?.trim() ? { receiptNo: v.receiptNo.trim() } : {}),
        ...(v.channel === 'bank' && v.bankReference?.trim() ? { bankReference: v.bankReference.trim() } : {}),
        ...(v.collectiveSubsidy?.trim() ? { collectiveSubsidy: v.collectiveSubsidy.trim() } : {}),
        ...(v.sponsorship?.trim() ? { sponsorship: v.sponsorship.trim() } : {}),
      });
      onRecorded(r.contribution);
    } catch (e) {
      // The server names the field of its error (票据号 used, tier not offered on that date …); others go on top.
      if (!applyCalcFieldError(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };

  // A yearly payment falls in its year; a back-payment is made later. Never after today.
  const disabledDate = (d: Dayjs) => d.isAfter(today, 'day') || (kind === 'yearly' ? d.year() !== year : d.year() <= year);
  const y = preview?.yuan;

  return (
    <div data-testid="collect-modal">
      <Descriptions size="small" column={3} className="xnb-collect-person">
        <Descriptions.Item label={t('contributions.col.idNumber')}>
          <span className="xnb-mono">{row.idNumberMasked}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('contributions.col.village')}>{row.villageName}</Descriptions.Item>
        <Descriptions.Item label={t('contributions.col.identity')}>
          <IdentityTag identity={row.identity} />
        </Descriptions.Item>
        <Descriptions.Item label={t('contributions.col.year')}>
          {t(`contributions.kindLong.${kind}`, { year })}
        </Descriptions.Item>
      </Descriptions>
      <ErrorAlert error={error} />
      <div className="xnb-collect">
        <Form<Values> form={form} layout="vertical" autoComplete="off" initialValues={{ channel: 'cash', paidOn: dayjs() }} className="xnb-collect-form" onValuesChange={clearChangedErrors(form)} requiredMark>
          <div className="xnb-collect-grid">
            <Form.Item name="tier" label={t('contributions.tier')} rules={[{ required: true, message: t('contributions.tierRequired') }]}>
              <Select
                data-testid="collect-tier"
                placeholder={t('contributions.tierPlaceholder')}
                // Every tier at once (a dozen at most): nothing to scroll, nothing virtual.
                virtual={false}
                listHeight={420}
                loading={tiers === null}
                disabled={tiers === null}
                options={(tiers ?? []).map((v) => ({ value: v, label: t('contributions.tierOption', { tier: v }) }))}
                notFoundContent={t('common.noData')}
              />
            </Form.Item>
            <Form.Item name="paidOn" label={t('contributions.col.paidOn')} rules={[{ required: true, message: t('contributions.paidOnRequired') }]}>
              <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={disabledDate} />
            </Form.Item>
            <Form.Item name="channel" label={t('contributions.channel')} className="xnb-collect-span">
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                data-testid="collect-channel"
                options={CHANNELS.map((c) => ({ value: c, label: t(`contributions.channels.${c}`) }))}
                onChange={() => form.setFields([{ name: 'receiptNo', errors: [] }])}
              />
            </Form.Item>
            <Form.Item
              name="receiptNo"
              label={t('contributions.col.receiptNo')}
              rules={[{ required: channel === 'cash', whitespace: true, message: t('contributions.receiptRequired') }]}
            >
              <Input maxLength={30} placeholder={channel === 'cash' ? t('contributions.receiptPlaceholder') : t('calc.optional')} />
            </Form.Item>
            {channel === 'bank' ? (
              <Form.Item name="bankReference" label={t('contributions.bankReference')}>
                <Input maxLength={40} placeholder={t('calc.optional')} />
              </Form.Item>
            ) : (
              <div />
            )}
            <Form.Item name="collectiveSubsidy" label={t('contributions.split.collectiveSubsidy')} rules={[amountRule(t)]}>
              <AmountInput placeholder={t('calc.optional')} />
            </Form.Item>
            <Form.Item name="sponsorship" label={t('contributions.split.sponsorship')} rules={[amountRule(t)]}>
              <AmountInput placeholder={t('calc.optional')} />
            </Form.Item>
          </div>
        </Form>
        <div className="xnb-collect-preview" data-testid="collect-preview">
          <div className="xnb-collect-preview-title">
            {t('contributions.preview')}
            {previewing && <Spin size="small" style={{ marginLeft: 8 }} />}
          </div>
          {previewError ? (
            <Alert type="warning" showIcon title={previewError} />
          ) : (
            <table className="xnb-collect-split">
              <tbody>
                {PREVIEW_ROWS.map((k) => (
                  <tr key={k} className={y && y[k] !== '0.00' ? '' : 'xnb-collect-zero'}>
                    <th>{t(`contributions.split.${k}`)}</th>
                    <td>{y?.[k] ?? '—'}</td>
                  </tr>
                ))}
                <tr className="xnb-collect-total">
                  <th>{t('contributions.split.totalCredited')}</th>
                  <td data-testid="collect-total">{y?.totalCredited ?? '—'}</td>
                </tr>
              </tbody>
            </table>
          )}
          <p className="xnb-collect-note">{preview ? t('contributions.previewNote', { scope: preview.scope.name }) : t('contributions.previewEmpty')}</p>
        </div>
      </div>
      <div className="ant-modal-footer">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="collect-confirm">
          {t('contributions.confirmCollect')}
        </Button>
      </div>
    </div>
  );
}

/** "已收款：…" after recording. */
export function recordedText(t: (k: string, o?: Record<string, unknown>) => string, c: Contribution): string {
  return t('contributions.recorded', { name: c.name, what: t(`contributions.kindLong.${c.kind}`, { year: c.year }), tier: fenToYuan(c.tier), total: fenToYuan(c.totalCredited) });
}
