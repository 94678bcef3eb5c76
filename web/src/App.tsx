import { Result, Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from './auth';
import RequirePermission from './components/RequirePermission';
import AppLayout, { NAV } from './layout/AppLayout';
import LoginPage from './pages/LoginPage';

const HomePage = lazy(() => import('./pages/HomePage'));
const RegionsPage = lazy(() => import('./pages/RegionsPage'));
const ResidentsPage = lazy(() => import('./pages/ResidentsPage'));
const UsersPage = lazy(() => import('./pages/UsersPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const CalculatorPage = lazy(() => import('./pages/CalculatorPage'));
const EnrolmentPage = lazy(() => import('./pages/EnrolmentPage'));
const InterestPage = lazy(() => import('./pages/InterestPage'));
const ContributionsPage = lazy(() => import('./pages/ContributionsPage'));
const PensionsPage = lazy(() => import('./pages/PensionsPage'));
const PayrollPage = lazy(() => import('./pages/PayrollPage'));
const PublicityPage = lazy(() => import('./pages/PublicityPage'));
const ArchivesPage = lazy(() => import('./pages/ArchivesPage'));
const FundPage = lazy(() => import('./pages/FundPage'));
const CyclePage = lazy(() => import('./pages/CyclePage'));
const IndicatorsPage = lazy(() => import('./pages/IndicatorsPage'));
const CrossCheckPage = lazy(() => import('./pages/CrossCheckPage'));

const Loading = () => (
  <div className="xnb-loading">
    <Spin size="large" />
  </div>
);

function RequireSignIn({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (status === 'anonymous') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

/** "/" shows the dashboard, or the first page the user may open when they lack dashboard:view. */
function HomeOrFirst() {
  const { can } = useAuth();
  if (can('dashboard:view')) return <HomePage />;
  const first = NAV.find((n) => can(n.permission));
  return first ? <Navigate to={first.key} replace /> : <RequirePermission permission="dashboard:view">{null}</RequirePermission>;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('errors.notFound')} />;
}

const guarded = (permission: string, node: ReactNode) => <RequirePermission permission={permission}>{node}</RequirePermission>;

export default function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        {/* Public: the policy calculator needs no sign-in. */}
        <Route path="/calc" element={<CalculatorPage />} />
        <Route
          element={
            <RequireSignIn>
              <AppLayout />
            </RequireSignIn>
          }
        >
          <Route index element={<HomeOrFirst />} />
          <Route path="regions" element={guarded('regions:view', <RegionsPage />)} />
          <Route path="residents" element={guarded('residents:view', <ResidentsPage />)} />
          <Route path="enrolment" element={guarded('enrolment:view', <EnrolmentPage />)} />
          <Route path="contributions" element={guarded('contributions:view', <ContributionsPage />)} />
          <Route path="interest" element={guarded('accounts:interest', <InterestPage />)} />
          <Route path="pensions" element={guarded('pensions:view', <PensionsPage />)} />
          <Route path="publicity" element={guarded('publicity:view', <PublicityPage />)} />
          <Route path="archives" element={guarded('archives:view', <ArchivesPage />)} />
          <Route path="cycle" element={guarded('cycle:view', <CyclePage />)} />
          <Route path="indicators" element={guarded('indicators:view', <IndicatorsPage />)} />
          <Route path="payroll" element={guarded('payroll:view', <PayrollPage />)} />
          <Route path="fund" element={guarded('fund:view', <FundPage />)} />
          <Route path="cross-checks" element={guarded('crosscheck:view', <CrossCheckPage />)} />
          <Route path="users" element={guarded('users:admin', <UsersPage />)} />
          <Route path="audit" element={guarded('audit:view', <AuditPage />)} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
