import { DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { useModalForm } from '../../components/useModalForm';
import { fenToYuan } from '../../format';
import { chinaToday, deathApi, fenToPlainYuan, type DeathDetail } from './pensionApi';

interface Values {
  amount: string;
  receivedOn: Dayjs;
  receiptNo?: string;
}

/** Yuan with at most two decimals, thousands separators allowed ("1,234.50"). */
const AMOUNT = /^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/;

/** "123.4" → 12340 fen (the amount is checked against AMOUNT first). */
function yuanToFen(text: string): number {
  const [whole, cents = ''] = text.replace(/,/g, '').split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}

/**
 * 登记追回: money paid back by the heirs for the pension paid after death. The amount defaults to what is still
 * outstanding (the server refuses more), the date to today in China (not in the future), the receipt number is
 * optional. The server's objections are shown on the field they concern.
 */
export default function RecoverModal({ detail, onClose, onDone }: { detail: DeathDetail | null; onClose: () => void; onDone: (d: DeathDetail, amountFen: number) => void }) {
  const { t } = useTranslation();
  // The settlement stays on screen while the dialog closes.
  const last = useRef(detail);
  if (detail) last.current = detail;
  const shown = detail ?? last.current;
  const today = chinaToday();

  // Filled in each time the dialog opens (not when the settlement changes while it is open).
  const openFor = detail ? detail.id : null;
  const outstanding = detail?.outstanding ?? 0;
  const { form, busy, error, submit } = useModalForm<Values>(openFor, ['amount', 'receivedOn', 'receiptNo'], async (v) => {
    if (!detail) return;
    const amount = v.amount.trim();
    const receiptNo = v.receiptNo?.trim();
    const next = await deathApi.recover(detail.id, { amount, receivedOn: v.receivedOn.format('YYYY-MM-DD'), ...(receiptNo ? { receiptNo } : {}) });
    onDone(next, yuanToFen(amount));
  });
  useEffect(() => {
    if (openFor !== null) form.setFieldsValue({ amount: fenToPlainYuan(outstanding), receivedOn: dayjs(chinaToday()) });
  }, [openFor, form]); // `outstanding` is read once, when the dialog opens

  return (
    <Modal
      open={detail !== null}
      title={t('pensions.death.recoverTitle', { name: shown?.name ?? '' })}
      okText={t('pensions.death.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ ...{ 'data-testid': 'death-recover-submit' } }}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      width={480}
      destroyOnHidden
    >
      {shown && (
        <div className="xnb-death-recover-info" data-testid="death-recover-info">
          <Trans
            i18nKey="pensions.death.recoverInfo"
            values={{ total: fenToYuan(shown.amountToRecover), recovered: fenToYuan(shown.recovered), outstanding: fenToYuan(shown.outstanding) }}
            components={{ b: <strong /> }}
          />
        </div>
      )}
      <ErrorAlert error={error} />
      <Form<Values> form={form} layout="vertical" autoComplete="off" initialValues={{ amount: shown ? fenToPlainYuan(shown.outstanding) : undefined, receivedOn: dayjs(today) }}>
        <div className="xnb-cert-fields">
          <Form.Item
            name="amount"
            label={t('pensions.death.amount')}
            rules={[
              { required: true, whitespace: true, message: t('pensions.death.amountRequired') },
              { pattern: AMOUNT, message: t('pensions.death.amountFormat') },
            ]}
          >
            <Input id="death-recover-amount" inputMode="decimal" maxLength={20} suffix={t('pensions.yuan')} data-testid="death-recover-amount" />
          </Form.Item>
          <Form.Item name="receivedOn" label={t('pensions.death.receivedOn')} rules={[{ required: true, message: t('pensions.death.receivedOnRequired') }]}>
            <DatePicker id="death-recover-date" style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > today} data-testid="death-recover-date" />
          </Form.Item>
        </div>
        <Form.Item name="receiptNo" label={t('pensions.death.receiptNo')}>
          <Input id="death-recover-receipt" maxLength={30} placeholder={t('pensions.death.receiptNoPlaceholder')} data-testid="death-recover-receipt" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
