import { Alert, Checkbox, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ImportRowError } from '../../api';
import { useAuth } from '../../auth';
import ErrorAlert from '../../components/ErrorAlert';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import { enrolmentApi, IDENTITIES, implausibleAgeOf, peekIdNumber, RELATIONS, type ApplicationInput } from './enrolmentApi';

const FIELDS = ['idNumber', 'name', 'sex', 'birthDate', 'ethnicity', 'villageCode', 'householdNo', 'relation', 'phone', 'address', 'identity', 'bankAccount', 'firstMonth', 'notFullTimeStudent', 'noOtherStatePension'];

/** The paper form (参保登记表) on screen; every problem the server finds is put on its field. */
export default function ApplicationFormModal({ open, onClose, onSubmitted }: { open: boolean; onClose: () => void; onSubmitted: (name: string) => void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [form] = Form.useForm<ApplicationInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const idNumber = Form.useWatch('idNumber', form) ?? '';
  const peek = peekIdNumber(idNumber);
  // Born before 1900 or older than 120: a warning and a confirmation box appear (the server refuses without it).
  const [serverAgeWarning, setServerAgeWarning] = useState<{ idNumber: string; message: string } | null>(null);
  const clientAge = peek ? implausibleAgeOf(peek.birthDate, new Date().toISOString().slice(0, 10)) : null;
  const ageWarning =
    serverAgeWarning?.idNumber === idNumber ? serverAgeWarning.message : peek && clientAge !== null ? t('enrolment.ageImplausible', { birthDate: peek.birthDate, age: clientAge }) : null;

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const clean = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as unknown as ApplicationInput;
      await enrolmentApi.submit({
        ...clean,
        notFullTimeStudent: Boolean(values.notFullTimeStudent),
        noOtherStatePension: Boolean(values.noOtherStatePension),
        ...(ageWarning && values.confirmImplausibleAge ? { confirmImplausibleAge: true } : {}),
      });
      onSubmitted(values.name);
      form.resetFields();
      setServerAgeWarning(null);
    } catch (e) {
      const all = e instanceof ApiError && Array.isArray(e.body?.errors) ? (e.body.errors as ImportRowError[]) : [];
      const age = all.find((x) => x.code === 'ENROL_AGE_IMPLAUSIBLE');
      if (age) setServerAgeWarning({ idNumber: values.idNumber, message: age.message });
      // The form reads the birth date from the ID number: other birth-date problems are shown on it.
      const list = all.filter((x) => x !== age).map((x) => (x.field === 'birthDate' ? { ...x, field: 'idNumber' } : x));
      const onFields = list.filter((x) => x.field && FIELDS.includes(x.field));
      if (onFields.length > 0) {
        const byField = new Map<string, string[]>();
        for (const x of onFields) byField.set(x.field!, [...(byField.get(x.field!) ?? []), x.message]);
        form.setFields([...byField].map(([name, errors]) => ({ name: name as keyof ApplicationInput, errors })));
        form.scrollToField(onFields[0]!.field!);
      } else if (!age || list.length > 0) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('enrolment.newTitle')}
      width={760}
      okText={t('enrolment.submit')}
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'enrolment-form-submit' } as Record<string, string>}
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" requiredMark initialValues={{ villageCode: user?.regionLevel === 'village' ? user.regionCode : undefined, identity: 'ordinary', ethnicity: '汉族' }}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="idNumber" label={t('enrolment.idNumber')} rules={[{ required: true, message: t('enrolment.required') }]} extra={peek ? t('enrolment.peek', { birthDate: peek.birthDate, sex: t(peek.sex === 'M' ? 'residents.male' : 'residents.female') }) : t('enrolment.idHint')}>
              <Input maxLength={18} className="xnb-mono" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label={t('enrolment.name')} rules={[{ required: true, message: t('enrolment.required') }]}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="villageCode" label={t('enrolment.village')} rules={[{ required: true, message: t('enrolment.required') }]}>
              <RegionTreeSelect onlyLevel="village" allowClear={false} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="householdNo" label={t('enrolment.householdNo')} tooltip={t('enrolment.householdHint')}>
              <Input maxLength={30} className="xnb-mono" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="relation" label={t('enrolment.relation')} rules={[{ required: true, message: t('enrolment.required') }]}>
              <Select options={RELATIONS.map((r) => ({ value: r, label: t(`relation.${r}`, { defaultValue: r }) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="identity" label={t('enrolment.identity')}>
              <Select options={IDENTITIES.map((i) => ({ value: i, label: t(`identity.${i}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="ethnicity" label={t('enrolment.ethnicity')}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="phone" label={t('enrolment.phone')}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="address" label={t('enrolment.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="firstMonth" label={t('enrolment.firstMonth')} tooltip={t('enrolment.firstMonthHint')}>
              <Input maxLength={7} placeholder="YYYY-MM" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="bankAccount" label={t('enrolment.bankAccount')}>
              <Input maxLength={30} className="xnb-mono" />
            </Form.Item>
          </Col>
        </Row>
        <Alert type="info" showIcon title={t('enrolment.declarationTitle')} style={{ marginBottom: 8 }} />
        <Form.Item name="notFullTimeStudent" valuePropName="checked" style={{ marginBottom: 4 }}>
          <Checkbox>{t('enrolment.notFullTimeStudent')}</Checkbox>
        </Form.Item>
        <Form.Item name="noOtherStatePension" valuePropName="checked">
          <Checkbox>{t('enrolment.noOtherStatePension')}</Checkbox>
        </Form.Item>
        {ageWarning && (
          <>
            <Alert type="warning" showIcon title={ageWarning} style={{ marginBottom: 8 }} data-testid="enrolment-age-warning" />
            <Form.Item name="confirmImplausibleAge" valuePropName="checked">
              <Checkbox data-testid="enrolment-confirm-age">{t('enrolment.confirmImplausibleAge')}</Checkbox>
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
