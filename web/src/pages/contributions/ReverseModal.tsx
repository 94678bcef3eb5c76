import { Alert, Descriptions, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { useModalForm } from '../../components/useModalForm';
import { fenToYuan } from '../../format';
import { contributionApi, type Contribution } from './contributionApi';

/** 冲正: a payment recorded in error is reversed with a reason; the account gets negative entries. */
export default function ReverseModal({ item, onClose, onReversed }: { item: Contribution | null; onClose: () => void; onReversed: (c: Contribution) => void }) {
  const { t } = useTranslation();
  const { form, busy, error, submit } = useModalForm<{ reason: string }>(item, ['reason'], async (v) => {
    if (item) onReversed(await contributionApi.reverse(item.id, v.reason.trim()));
  });

  return (
    <Modal
      open={item !== null}
      title={item ? t('contributions.reverseTitle', { id: item.id }) : ''}
      okText={t('contributions.reverseConfirm')}
      okButtonProps={{ danger: true, ...{ 'data-testid': 'reverse-confirm' } }}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      width={600}
      destroyOnHidden
    >
      {item && (
        <>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('contributions.col.name')}>{item.name}</Descriptions.Item>
            <Descriptions.Item label={t('contributions.col.year')}>
              {t(`contributions.kindLong.${item.kind}`, { year: item.year })}
            </Descriptions.Item>
            <Descriptions.Item label={t('contributions.col.tier')}>{fenToYuan(item.tier)}</Descriptions.Item>
            <Descriptions.Item label={t('contributions.split.totalCredited')}>{fenToYuan(item.totalCredited)}</Descriptions.Item>
            <Descriptions.Item label={t('contributions.col.paidOn')}>{item.paidOn}</Descriptions.Item>
            <Descriptions.Item label={t('contributions.col.receiptNo')}>{item.receiptNo ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Alert type="warning" showIcon title={t('contributions.reverseWarning', { name: item.name })} style={{ marginBottom: 12 }} />
          <ErrorAlert error={error} />
          <Form form={form} layout="vertical" autoComplete="off">
            <Form.Item name="reason" label={t('contributions.reverseReason')} rules={[{ required: true, whitespace: true, message: t('contributions.reverseReasonRequired') }]}>
              <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('contributions.reverseReasonPlaceholder')} data-testid="reverse-reason" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
