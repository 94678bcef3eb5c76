import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { useModalForm } from '../../components/useModalForm';
import { fenToYuan } from '../../format';
import { AmountInput, amountRule, applyCalcFieldError, clearChangedErrors } from '../calculator/fields';
import { chinaMonth, chinaToday } from '../pensions/pensionApi';
import { fundApi, GOVERNMENT_LEVELS, type GovernmentLevel, type LevelOwed, type Period, type SubsidyRequest } from './fundApi';

type ReceiptValues = { level: GovernmentLevel; amount: string; on: Dayjs; document?: string };

/** 登记到账: money from one level of government arrived in the fiscal special account. */
export function ReceiptModal({ open, owed, onClose, onDone }: { open: boolean; owed: LevelOwed[]; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const { form, busy, error, setError, submit } = useModalForm<ReceiptValues>(open, applyCalcFieldError, async (v) => {
    const r = await fundApi.receipt({ level: v.level, amount: v.amount.trim(), on: v.on.format('YYYY-MM-DD'), ...(v.document?.trim() ? { document: v.document.trim() } : {}) });
    onDone(t('fund.subsidies.receiptDone', { level: t(`fund.levelFull.${v.level}`), amount: fenToYuan(r.amount), outstanding: fenToYuan(r.outstanding) }));
  });
  return (
    <Modal
      open={open}
      title={t('fund.subsidies.receiptTitle')}
      okText={t('fund.subsidies.receiptOk')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'fund-receipt-ok' } as Record<string, string>}
      afterOpenChange={(o) => !o && setError(null)}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form<ReceiptValues> form={form} layout="vertical" autoComplete="off" initialValues={{ on: dayjs(chinaToday()) }} onValuesChange={clearChangedErrors(form)} preserve={false}>
        <Form.Item name="level" label={t('fund.subsidies.receiptLevel')} rules={[{ required: true, message: t('fund.subsidies.levelRequired') }]}>
          <Select
            data-testid="fund-receipt-level"
            options={GOVERNMENT_LEVELS.map((l) => {
              const o = owed.find((x) => x.level === l);
              return { value: l, label: o && o.outstanding !== 0 ? t('fund.subsidies.levelOwes', { level: t(`fund.levelFull.${l}`), amount: fenToYuan(o.outstanding) }) : t(`fund.levelFull.${l}`) };
            })}
          />
        </Form.Item>
        <Form.Item name="amount" label={t('fund.subsidies.receiptAmount')} rules={[{ required: true, message: t('fund.subsidies.amountRequired') }, amountRule(t)]}>
          <AmountInput data-testid="fund-receipt-amount" />
        </Form.Item>
        <Form.Item name="on" label={t('fund.subsidies.receiptOn')} rules={[{ required: true, message: t('fund.subsidies.dateRequired') }]}>
          <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > chinaToday()} />
        </Form.Item>
        <Form.Item name="document" label={t('fund.subsidies.receiptDocument')}>
          <Input maxLength={60} placeholder={t('fund.subsidies.receiptDocumentPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type RequestValues = { level: GovernmentLevel; months: [Dayjs, Dayjs] };

/** 提交申请: a request to one level for a run of months (the page's period by default), from the ledger. */
export function RequestModal({ open, period, onClose, onDone }: { open: boolean; period: Period; onClose: () => void; onDone: (r: SubsidyRequest) => void }) {
  const { t } = useTranslation();
  const now = chinaMonth(0);
  const { form, busy, error, setError, submit } = useModalForm<RequestValues>(open, [], async (v) => {
    onDone(await fundApi.fileRequest({ level: v.level, fromMonth: v.months[0].format('YYYY-MM'), toMonth: v.months[1].format('YYYY-MM') }));
  });
  return (
    <Modal
      open={open}
      title={t('fund.subsidies.requestTitle')}
      okText={t('fund.subsidies.requestOk')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'fund-request-ok' } as Record<string, string>}
      afterOpenChange={(o) => !o && setError(null)}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('fund.subsidies.requestHint')} style={{ marginBottom: 12 }} />
      <ErrorAlert error={error} />
      <Form<RequestValues> form={form} layout="vertical" initialValues={{ months: [dayjs(`${period.from}-01`), dayjs(`${period.to}-01`)] }} preserve={false}>
        <Form.Item name="level" label={t('fund.subsidies.requestLevel')} rules={[{ required: true, message: t('fund.subsidies.levelRequired') }]}>
          <Select data-testid="fund-request-level" options={GOVERNMENT_LEVELS.map((l) => ({ value: l, label: t(`fund.levelFull.${l}`) }))} />
        </Form.Item>
        <Form.Item name="months" label={t('fund.subsidies.requestMonths')} rules={[{ required: true, message: t('fund.subsidies.monthsRequired') }]}>
          <DatePicker.RangePicker picker="month" format="YYYY-MM" allowClear={false} style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM') > now} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
