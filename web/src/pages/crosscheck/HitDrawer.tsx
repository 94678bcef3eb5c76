import { Alert, App as AntApp, Button, Descriptions, Form, Input, Popconfirm, Space, Tag, type ButtonProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import DetailDrawer, { useDetail } from '../../components/DetailDrawer';
import { formatDateTime } from '../../format';
import DeathDrawer from '../pensions/DeathDrawer';
import { ACTION_OF, RESOLVERS, crossCheckApi, type Hit, type HitDetail, type ResolveAction } from './crossCheckApi';

const KIND_COLOR = { dual_benefit: 'red', death: 'volcano', bank_mismatch: 'gold', recheck: 'blue' } as const;
const STATE_COLOR = { open: 'orange', resolved: 'green', dismissed: 'default' } as const;

export function KindTag({ hit }: { hit: Pick<Hit, 'kind'> }) {
  const { t } = useTranslation();
  return <Tag color={KIND_COLOR[hit.kind]}>{t(`crossCheck.kinds.${hit.kind}`)}</Tag>;
}

export function StateTag({ hit }: { hit: Pick<Hit, 'state' | 'resolution'> }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOR[hit.state]} data-testid="cc-state" data-state={hit.state}>
      {hit.resolution ? t(`crossCheck.resolutions.${hit.resolution}`) : t(`crossCheck.states.${hit.state}`)}
    </Tag>
  );
}

type FormValues = { note: string; bankAccount?: string; otherBenefitFrom?: string };

/**
 * One hit (比对疑点): our record of the person beside what the registry says, how it was dealt with, and — for the
 * role responsible for its kind while it is open — the action that deals with it (停发并追回, 按死亡终止, 更正银行账号,
 * 复核确认) or 排除, each with a reason and a confirmation that names the consequence.
 */
export default function HitDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const { message } = AntApp.useApp();
  const { detail: d, setDetail, error, setError } = useDetail<HitDetail>(id, crossCheckApi.hit);
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState<ResolveAction | null>(null);
  const [deathOpen, setDeathOpen] = useState<number | null>(null);
  useEffect(() => form.resetFields(), [id, form]);

  const mine = !!d && !!user && RESOLVERS[d.kind].includes(user.role);
  const none = t('crossCheck.none');
  const act = async (action: ResolveAction) => {
    const values = await form.validateFields();
    setBusy(action);
    try {
      const next = await crossCheckApi.resolve(d!.id, {
        action,
        note: values.note,
        ...(values.bankAccount?.trim() ? { bankAccount: values.bankAccount.trim() } : {}),
        ...(values.otherBenefitFrom?.trim() ? { otherBenefitFrom: values.otherBenefitFrom.trim() } : {}),
      });
      setDetail(next);
      form.resetFields();
      message.success(t(`crossCheck.done.${action}`));
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const action = d ? ACTION_OF[d.kind] : 'dismiss';
  const consequence = d
    ? t(`crossCheck.confirm.${action}`, {
        name: d.name,
        month: form.getFieldValue('otherBenefitFrom') || d.registryDate || none,
        date: d.registryDate ?? none,
        kind: d.proposedKind ? t(`crossCheck.kinds.${d.proposedKind}`) : '',
      })
    : '';
  const status = (v: string | null) => (v ? t(`crossCheck.statusWords.${v}`, { defaultValue: v }) : none);

  return (
    <DetailDrawer open={id !== null} onClose={onClose} size={720} title={d ? t('crossCheck.drawerTitle', { name: d.name }) : t('crossCheck.title')} error={error} loading={!d}>
      {d && (
        <div data-testid="cc-detail">
          <Space style={{ marginBottom: 12 }}>
            <KindTag hit={d} />
            <span>{t(`crossCheck.reasons.${d.reason}`, { defaultValue: d.reason })}</span>
            <StateTag hit={d} />
          </Space>
          <Descriptions size="small" column={2} bordered title={t('crossCheck.person')}>
            <Descriptions.Item label={t('crossCheck.col.name')}>{d.name}</Descriptions.Item>
            <Descriptions.Item label={t('crossCheck.col.idNumber')}>
              <span className="xnb-mono">{d.idNumberMasked}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('crossCheck.col.village')}>{d.villageName}</Descriptions.Item>
            <Descriptions.Item label={t('crossCheck.birthDate')}>{d.birthDate}</Descriptions.Item>
            <Descriptions.Item label={t('crossCheck.enrolment')}>{status(d.enrolmentStatus)}</Descriptions.Item>
            <Descriptions.Item label={t('crossCheck.pension')}>
              {status(d.pensionStatus)}
              {d.pensionStartMonth ? ` · ${t('crossCheck.startMonth')} ${d.pensionStartMonth}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('crossCheck.accountNow')}>
              <span className="xnb-mono">{d.accountNowMasked ?? none}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('crossCheck.accountAtMatch')}>
              <span className="xnb-mono">{d.accountAtMatchMasked ?? none}</span>
            </Descriptions.Item>
          </Descriptions>
          <Descriptions size="small" column={2} bordered title={t('crossCheck.registrySays')} style={{ marginTop: 16 }} data-testid="cc-registry">
            <Descriptions.Item label={t('crossCheck.col.registry')}>{t(`crossCheck.registries.${d.registry}`)}</Descriptions.Item>
            <Descriptions.Item label={t('crossCheck.file')}>
              {d.fileName}
              {d.registryRow !== null ? ` · ${t('crossCheck.registryRow')} ${d.registryRow}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('crossCheck.col.registryName')}>{d.registryName ?? none}</Descriptions.Item>
            <Descriptions.Item label={t('crossCheck.col.idNumber')}>
              <span className="xnb-mono">{d.registryIdNumberMasked ?? none}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('crossCheck.col.registryDate')}>{d.registryDate ?? none}</Descriptions.Item>
            <Descriptions.Item label={d.registry === 'bank_card' ? t('crossCheck.registryCard') : t('crossCheck.registryNote')}>
              {d.registry === 'bank_card' ? <span className="xnb-mono">{d.registryCardMasked ?? none}</span> : (d.registryNote ?? none)}
            </Descriptions.Item>
          </Descriptions>
          {(d.recheckedAt || d.resolvedAt) && (
            <Descriptions size="small" column={1} bordered title={t('crossCheck.handling')} style={{ marginTop: 16 }} data-testid="cc-handling">
              {d.recheckedAt && <Descriptions.Item label={t('crossCheck.actions.confirm')}>{t('crossCheck.rechecked', { who: d.recheckedBy, at: formatDateTime(d.recheckedAt), note: d.recheckNote })}</Descriptions.Item>}
              {d.resolvedAt && (
                <Descriptions.Item label={d.resolution ? t(`crossCheck.resolutions.${d.resolution}`) : ''}>
                  {t('crossCheck.resolved', { who: d.resolvedBy, at: formatDateTime(d.resolvedAt), note: d.resolutionNote })}
                  {d.settlementId !== null && (
                    <a style={{ marginLeft: 12 }} onClick={() => setDeathOpen(d.settlementId)} data-testid="cc-settlement">
                      {t('crossCheck.settlement')}
                    </a>
                  )}
                </Descriptions.Item>
              )}
            </Descriptions>
          )}
          {d.state === 'open' && !mine && (
            <Alert style={{ marginTop: 16 }} type="info" showIcon title={t('crossCheck.notYours', { roles: RESOLVERS[d.kind].map((r) => t(`crossCheck.roles.${r}`)).join(i18n.language === 'en' ? ', ' : '、') })} />
          )}
          {d.state === 'open' && mine && (
            <Form<FormValues> form={form} layout="vertical" style={{ marginTop: 16 }} data-testid="cc-resolve-form">
              {action === 'stop' && (
                <Form.Item name="otherBenefitFrom" label={t('crossCheck.otherBenefitFrom')} initialValue={d.registryDate ?? undefined} rules={[{ pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: 'YYYY-MM' }]}>
                  <Input style={{ width: 160 }} placeholder="2024-03" />
                </Form.Item>
              )}
              {action === 'correct' && (
                <Form.Item name="bankAccount" label={t('crossCheck.bankAccount')} extra={d.registryCardMasked ? t('crossCheck.bankAccountHint', { card: d.registryCardMasked }) : undefined} rules={[{ pattern: /^\d{12,25}$/, message: '12–25' }, { required: !d.registryCardMasked }]}>
                  <Input style={{ width: 280 }} inputMode="numeric" data-testid="cc-bank-account" />
                </Form.Item>
              )}
              <Form.Item name="note" label={t('crossCheck.note')} rules={[{ required: true, min: 2, max: 200 }]}>
                <Input.TextArea rows={2} maxLength={200} placeholder={t('crossCheck.notePlaceholder')} data-testid="cc-note" />
              </Form.Item>
              <Space>
                <Popconfirm title={consequence} onConfirm={() => act(action)} okButtonProps={{ danger: action === 'stop' || action === 'death', 'data-testid': 'cc-confirm-ok' } as ButtonProps}>
                  <Button type="primary" danger={action === 'stop' || action === 'death'} loading={busy === action} data-testid={`cc-action-${action}`}>
                    {t(`crossCheck.actions.${action}`)}
                  </Button>
                </Popconfirm>
                <Popconfirm title={t('crossCheck.confirm.dismiss')} onConfirm={() => act('dismiss')} okButtonProps={{ 'data-testid': 'cc-dismiss-ok' } as ButtonProps}>
                  <Button loading={busy === 'dismiss'} data-testid="cc-action-dismiss">
                    {t('crossCheck.actions.dismiss')}
                  </Button>
                </Popconfirm>
              </Space>
            </Form>
          )}
        </div>
      )}
      <DeathDrawer id={deathOpen} onClose={() => setDeathOpen(null)} />
    </DetailDrawer>
  );
}
