import {
  FileSearchOutlined,
  AccountBookOutlined,
  AuditOutlined,
  CalculatorOutlined,
  CalendarOutlined,
  ClusterOutlined,
  FileDoneOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  LogoutOutlined,
  NotificationOutlined,
  PayCircleOutlined,
  PercentageOutlined,
  SafetyCertificateOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
  UsergroupAddOutlined,
  WalletOutlined, FolderOpenOutlined, LineChartOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth';
import ChangePasswordModal from '../components/ChangePasswordModal';
import ErrorBoundary from '../components/ErrorBoundary';
import LanguageSwitch from '../components/LanguageSwitch';

const { Header, Sider, Content, Footer } = Layout;

export const NAV = [
  { key: '/', permission: 'dashboard:view', label: 'menu.home', icon: <HomeOutlined /> },
  { key: '/regions', permission: 'regions:view', label: 'menu.regions', icon: <ClusterOutlined /> },
  { key: '/enrolment', permission: 'enrolment:view', label: 'menu.enrolment', icon: <SolutionOutlined /> },
  { key: '/contributions', permission: 'contributions:view', label: 'menu.contributions', icon: <WalletOutlined /> },
  { key: '/interest', permission: 'accounts:interest', label: 'menu.interest', icon: <PercentageOutlined /> },
  { key: '/pensions', permission: 'pensions:view', label: 'menu.pensions', icon: <SafetyCertificateOutlined /> },
  // Daily work kept in tabs of 待遇核定, reachable in one click.
  { key: '/pensions?tab=certification', permission: 'pensions:certify', label: 'menu.certification', icon: <IdcardOutlined /> },
  { key: '/pensions?tab=deaths', permission: 'pensions:view', label: 'menu.deaths', icon: <FileDoneOutlined /> },
  { key: '/publicity', permission: 'publicity:view', label: 'menu.publicity', icon: <NotificationOutlined /> },
  { key: '/cycle', permission: 'cycle:view', label: 'menu.cycle', icon: <CalendarOutlined /> },
  { key: '/indicators', permission: 'indicators:view', label: 'menu.indicators', icon: <LineChartOutlined /> },
  { key: '/payroll', permission: 'payroll:view', label: 'menu.payroll', icon: <PayCircleOutlined /> },
  { key: '/fund', permission: 'fund:view', label: 'menu.fund', icon: <AccountBookOutlined /> },
  { key: '/cross-checks', permission: 'crosscheck:view', label: 'menu.crossChecks', icon: <FileSearchOutlined /> },
  { key: '/residents', permission: 'residents:view', label: 'menu.residents', icon: <TeamOutlined /> },
  { key: '/archives', permission: 'archives:view', label: 'menu.archives', icon: <FolderOpenOutlined /> },
  { key: '/users', permission: 'users:admin', label: 'menu.users', icon: <UsergroupAddOutlined /> },
  { key: '/audit', permission: 'audit:view', label: 'menu.audit', icon: <AuditOutlined /> },
] as const;

export default function AppLayout() {
  const { t } = useTranslation();
  const { user, can, logout } = useAuth();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const [changingPassword, setChangingPassword] = useState(false);
  const items = NAV.filter((n) => can(n.permission)).map((n) => ({ key: n.key, icon: n.icon, label: t(n.label) }));
  // An entry with a query (a tab) is selected on that tab only; the others by their path.
  const selected =
    NAV.find((n) => n.key.includes('?') && `${pathname}${search}` === n.key)?.key ??
    NAV.find((n) => n.key !== '/' && !n.key.includes('?') && pathname.startsWith(n.key))?.key ??
    '/';

  return (
    <Layout className="xnb-shell">
      <Header className="xnb-header">
        <div className="xnb-brand" onClick={() => navigate('/')} role="link" tabIndex={0}>
          <span className="xnb-logo" aria-hidden>
            保
          </span>
          <span className="xnb-brand-text">
            <span className="xnb-brand-name">{t('app.name')}</span>
            <span className="xnb-brand-sub">{t('app.subtitle')}</span>
          </span>
        </div>
        <Space size={16} className="xnb-header-right">
          {user && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: [{ key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-change-password">{t('layout.changePassword')}</span> }],
                onClick: ({ key }) => key === 'password' && setChangingPassword(true),
              }}
            >
              <span className="xnb-user" data-testid="current-user" role="button" tabIndex={0}>
                <UserOutlined />
                <span className="xnb-user-name">{user.displayName}</span>
                <span className="xnb-user-role">{t(`roles.${user.role}`, { defaultValue: user.role })}</span>
                <span className="xnb-user-region">{user.regionName}</span>
              </span>
            </Dropdown>
          )}
          {/* The public calculator needs no permission, so it sits here rather than in the permission-filtered menu. */}
          <Button type="text" className="xnb-header-btn" icon={<CalculatorOutlined />} onClick={() => navigate('/calc')} data-testid="nav-calc">
            {t('menu.calculator')}
          </Button>
          <LanguageSwitch dark />
          <Popconfirm title={t('layout.logoutConfirm')} onConfirm={() => void logout().then(() => navigate('/login'))} okText={t('common.ok')} cancelText={t('common.cancel')}>
            <Button type="text" className="xnb-header-btn" icon={<LogoutOutlined />} data-testid="logout">
              {t('layout.logout')}
            </Button>
          </Popconfirm>
        </Space>
      </Header>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
      <Layout>
        <Sider width={200} className="xnb-sider" breakpoint="lg" collapsedWidth={56} theme="light">
          <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={(e) => navigate(e.key)} className="xnb-menu" />
        </Sider>
        <Layout className="xnb-main">
          <Content className="xnb-content">
            <ErrorBoundary resetKey={pathname}>
              <Outlet />
            </ErrorBoundary>
          </Content>
          <Footer className="xnb-footer">{t('app.footer')}</Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
