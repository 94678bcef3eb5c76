import { Button, Popconfirm, type ButtonProps, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A form's submit button that checks the form, then asks to confirm with what is about to be recorded
 * ("将 1,234.00 元从收入户归集到财政专户？"). `onSubmit` shows its own errors and does not throw.
 */
export default function ConfirmSubmit<V>({
  form,
  label,
  okText,
  confirmTitle,
  onSubmit,
  testId,
  disabled,
  icon,
}: {
  form: FormInstance<V>;
  label: string;
  okText: string;
  confirmTitle: (values: V) => ReactNode;
  onSubmit: (values: V) => Promise<void>;
  testId: string;
  disabled?: boolean;
  icon?: ReactNode;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<V | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Popconfirm
      open={values !== null}
      title={values ? confirmTitle(values) : ''}
      okText={okText}
      cancelText={t('common.cancel')}
      onCancel={() => setValues(null)}
      onConfirm={async () => {
        setBusy(true);
        try {
          await onSubmit(values!);
        } finally {
          setBusy(false);
          setValues(null);
        }
      }}
      okButtonProps={{ loading: busy, 'data-testid': `${testId}-confirm` } as ButtonProps}
    >
      <Button
        type="primary"
        icon={icon}
        loading={busy}
        disabled={disabled}
        data-testid={testId}
        onClick={async () => {
          const v = await form.validateFields().catch(() => null);
          if (v) setValues(v);
        }}
      >
        {label}
      </Button>
    </Popconfirm>
  );
}
