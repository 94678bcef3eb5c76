import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../auth';

export default function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { can } = useAuth();
  const { t } = useTranslation();
  if (can(permission)) return <>{children}</>;
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('errors.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('errors.back')}</Button>
        </Link>
      }
    />
  );
}
