import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import ErrorAlert from '../../components/ErrorAlert';
import { useModalForm } from '../../components/useModalForm';
import { CERTIFICATION_METHODS, certificationApi, chinaToday, type CertificationMethod, type CertificationRow, type CertifyResult } from './pensionApi';

interface Values {
  method?: CertificationMethod;
  certifiedOn: Dayjs;
  note?: string;
}

/** Who is certified: a ticked row of the 资格认证 list, or the pension open in its drawer. */
export type CertifyTarget = Pick<CertificationRow, 'pensionId' | 'name' | 'status'>;

/** Names shown in the dialog before "等 N 人". */
const NAMES_SHOWN = 8;

/**
 * 登记认证: records how and when the people ticked were certified (数据比对 / 人脸识别 / 入户核查 / 其他).
 * The date defaults to today in China and cannot be in the future; a suspended pension resumes.
 */
export default function CertifyModal({ rows, onClose, onDone }: { rows: CertifyTarget[] | null; onClose: () => void; onDone: (r: CertifyResult) => void }) {
  const { t } = useTranslation();
  // The people stay on screen while the dialog closes.
  const last = useRef(rows);
  if (rows) last.current = rows;
  const shown = rows ?? last.current ?? [];
  const today = chinaToday();
  const suspended = shown.filter((r) => r.status === 'suspended').length;

  const { form, busy, error, submit } = useModalForm<Values>(rows, ['certifiedOn', 'method', 'note'], async (v) => {
    if (!rows || rows.length === 0 || !v.method) return;
    const note = v.note?.trim();
    onDone(await certificationApi.certify({ pensionIds: rows.map((x) => x.pensionId), method: v.method, certifiedOn: v.certifiedOn.format('YYYY-MM-DD'), ...(note ? { note } : {}) }));
  });
  useEffect(() => {
    if (rows) form.setFieldsValue({ certifiedOn: dayjs(chinaToday()) });
  }, [rows, form]);

  const names = shown.slice(0, NAMES_SHOWN).map((r) => r.name).join('、');
  return (
    <Modal
      open={rows !== null}
      title={t('pensions.cert.modalTitle', { count: shown.length })}
      okText={t('pensions.cert.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ ...{ 'data-testid': 'certify-submit' } }}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      width={520}
      destroyOnHidden
    >
      <div className="xnb-cert-people" data-testid="certify-people">
        <span className="xnb-muted">{t('pensions.cert.people')}：</span>
        {names}
        {shown.length > NAMES_SHOWN && <span className="xnb-muted"> {t('pensions.cert.more', { count: shown.length })}</span>}
      </div>
      {suspended > 0 && <Alert type="info" showIcon title={t('pensions.cert.resumeNote', { count: suspended })} style={{ marginBottom: 12 }} data-testid="certify-resume-note" />}
      <ErrorAlert error={error} />
      <Form<Values> form={form} layout="vertical" autoComplete="off" initialValues={{ certifiedOn: dayjs(today) }}>
        <div className="xnb-cert-fields">
          <Form.Item name="method" label={t('pensions.cert.method')} rules={[{ required: true, message: t('pensions.cert.methodRequired') }]}>
            <Select
              id="certify-method"
              data-testid="certify-method"
              placeholder={t('pensions.cert.methodRequired')}
              options={CERTIFICATION_METHODS.map((m) => ({ value: m, label: t(`pensions.cert.methods.${m}`) }))}
            />
          </Form.Item>
          <Form.Item name="certifiedOn" label={t('pensions.cert.certifiedOn')} rules={[{ required: true, message: t('pensions.cert.certifiedOnRequired') }]}>
            <DatePicker
              id="certify-date"
              style={{ width: '100%' }}
              allowClear={false}
              disabledDate={(d) => d.format('YYYY-MM-DD') > today}
              data-testid="certify-date"
            />
          </Form.Item>
        </div>
        <Form.Item name="note" label={t('pensions.cert.note')}>
          <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('pensions.cert.notePlaceholder')} data-testid="certify-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
