import { CalculatorOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api';
import { useAuth } from '../auth';
import LanguageSwitch from '../components/LanguageSwitch';

interface Values {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { status, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (status === 'signedIn') return <Navigate to={from} replace />;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
      navigate(from, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError && e.status === 0 ? t('errors.network') : e instanceof Error ? e.message : String(e));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="xnb-login">
      <div className="xnb-login-top">
        <LanguageSwitch dark />
      </div>
      <div className="xnb-login-banner">
        <span className="xnb-logo xnb-logo-lg" aria-hidden>
          保
        </span>
        <div>
          <div className="xnb-login-name">{t('app.name')}</div>
          <div className="xnb-login-sub">{t('app.subtitle')}</div>
        </div>
      </div>
      <Card className="xnb-login-card" title={t('login.title')}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} autoComplete="off">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={64} />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={128} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        <div className="xnb-login-hint">{t('login.hint')}</div>
      </Card>
      <Link to="/calc" className="xnb-login-calc" data-testid="login-calc">
        <CalculatorOutlined /> {t('login.calculator')}
      </Link>
    </div>
  );
}
