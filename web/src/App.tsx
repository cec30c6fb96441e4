import { lazy, Suspense } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { SessionProvider } from './auth/session';
import { RequireMenuAccess, RequireSession } from './auth/guards';
import LoginPage from './pages/login/LoginPage';
import { theme } from './theme';

// Everything behind the login is loaded when first needed, so the login page stays light (a page is one chunk).
const AppLayout = lazy(() => import('./layout/AppLayout'));
const HomePage = lazy(() => import('./pages/home/HomePage'));
const RegionsPage = lazy(() => import('./pages/orgs/RegionsPage'));
const DepartmentsPage = lazy(() => import('./pages/orgs/DepartmentsPage'));
const UsersPage = lazy(() => import('./pages/orgs/UsersPage'));
const CredentialsPage = lazy(() => import('./pages/orgs/CredentialsPage'));
const PlatformsPage = lazy(() => import('./pages/federation/PlatformsPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const TracePage = lazy(() => import('./pages/audit/TracePage'));
const CatalogSearchPage = lazy(() => import('./pages/catalog/CatalogSearchPage'));
const ResourceDetailPage = lazy(() => import('./pages/catalog/ResourceDetailPage'));
const MyCatalogPage = lazy(() => import('./pages/catalog/MyCatalogPage'));
const WorkingResourcePage = lazy(() => import('./pages/catalog/WorkingResourcePage'));
const ResourceEditPage = lazy(() => import('./pages/catalog/ResourceEditPage'));
const ReviewPage = lazy(() => import('./pages/catalog/ReviewPage'));
const ImportPage = lazy(() => import('./pages/catalog/ImportPage'));
const UsableDataPage = lazy(() => import('./pages/exchange/UsableDataPage'));
const QueryConsolePage = lazy(() => import('./pages/exchange/QueryConsolePage'));
const ComparePage = lazy(() => import('./pages/exchange/ComparePage'));
const ExportPage = lazy(() => import('./pages/exchange/ExportPage'));
const NodesPage = lazy(() => import('./pages/exchange/NodesPage'));
const ApplicationsPage = lazy(() => import('./pages/workflow/ApplicationsPage'));
const ApplicationDetailPage = lazy(() => import('./pages/workflow/ApplicationDetailPage'));
const ObjectionsPage = lazy(() => import('./pages/workflow/ObjectionsPage'));
const ObjectionDetailPage = lazy(() => import('./pages/workflow/ObjectionDetailPage'));
const DisputesPage = lazy(() => import('./pages/workflow/DisputesPage'));
const DisputeDetailPage = lazy(() => import('./pages/workflow/DisputeDetailPage'));
const GrantsPage = lazy(() => import('./pages/workflow/GrantsPage'));
const OverduePage = lazy(() => import('./pages/workflow/OverduePage'));
const AlertsPage = lazy(() => import('./pages/security/AlertsPage'));
const AccountPage = lazy(() => import('./pages/profile/AccountPage'));
const AlertDetailPage = lazy(() => import('./pages/security/AlertDetailPage'));
const IncidentsPage = lazy(() => import('./pages/security/IncidentsPage'));
const IncidentDetailPage = lazy(() => import('./pages/security/IncidentDetailPage'));
const SupervisionDashboardPage = lazy(() => import('./pages/supervision/DashboardPage'));
const EvaluationPage = lazy(() => import('./pages/supervision/EvaluationPage'));
const EvaluationDetailPage = lazy(() => import('./pages/supervision/EvaluationDetailPage'));
const NoticesPage = lazy(() => import('./pages/supervision/NoticesPage'));
const NoticeDetailPage = lazy(() => import('./pages/supervision/NoticeDetailPage'));
const ProjectGatePage = lazy(() => import('./pages/supervision/ProjectGatePage'));
const AnnualReportPage = lazy(() => import('./pages/supervision/AnnualReportPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));
// The open-data portal (Art. 26): public, outside the login.
const OpenLayout = lazy(() => import('./pages/open/OpenLayout'));
const OpenHomePage = lazy(() => import('./pages/open/OpenHomePage'));
const OpenResourcePage = lazy(() => import('./pages/open/OpenResourcePage'));

function FullPageLoading() {
  return (
    <div className="gs-fullpage-center">
      <Spin size="large" />
    </div>
  );
}

export default function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/open" element={<Suspense fallback={<FullPageLoading />}><OpenLayout /></Suspense>}>
                <Route index element={<OpenHomePage />} />
                {/* A resource code contains one "/": the rest of the path is the code. */}
                <Route path="resources/*" element={<OpenResourcePage />} />
              </Route>
              <Route
                element={
                  <RequireSession>
                    <Suspense fallback={<FullPageLoading />}>
                      <AppLayout />
                    </Suspense>
                  </RequireSession>
                }
              >
                <Route index element={<HomePage />} />
                {/* Every signed-in user's own account, outside the menu (user menu → 账户与安全). */}
                <Route path="account" element={<AccountPage />} />
                <Route element={<RequireMenuAccess />}>
                  <Route path="catalog" element={<CatalogSearchPage />} />
                  {/* A resource code contains one "/": the rest of the path is the code. */}
                  <Route path="catalog/resources/*" element={<ResourceDetailPage />} />
                  <Route path="catalog/mine" element={<MyCatalogPage />} />
                  <Route path="catalog/mine/new" element={<ResourceEditPage />} />
                  <Route path="catalog/mine/:id" element={<WorkingResourcePage />} />
                  <Route path="catalog/mine/:id/edit" element={<ResourceEditPage />} />
                  <Route path="catalog/mine/:id/review" element={<ReviewPage />} />
                  <Route path="catalog/import" element={<ImportPage />} />
                  <Route path="applications" element={<ApplicationsPage />} />
                  <Route path="applications/:id" element={<ApplicationDetailPage />} />
                  <Route path="objections" element={<ObjectionsPage />} />
                  <Route path="objections/:id" element={<ObjectionDetailPage />} />
                  <Route path="disputes" element={<DisputesPage />} />
                  <Route path="disputes/:id" element={<DisputeDetailPage />} />
                  <Route path="grants" element={<GrantsPage />} />
                  <Route path="overdue" element={<OverduePage />} />
                  <Route path="exchange/usable" element={<UsableDataPage />} />
                  <Route path="exchange/query" element={<QueryConsolePage />} />
                  <Route path="exchange/compare" element={<ComparePage />} />
                  <Route path="exchange/export" element={<ExportPage />} />
                  <Route path="exchange/nodes" element={<NodesPage />} />
                  <Route path="orgs" element={<Navigate to="/orgs/departments" replace />} />
                  <Route path="orgs/regions" element={<RegionsPage />} />
                  <Route path="orgs/departments" element={<DepartmentsPage />} />
                  <Route path="orgs/users" element={<UsersPage />} />
                  <Route path="orgs/credentials" element={<CredentialsPage />} />
                  <Route path="orgs/platforms" element={<PlatformsPage />} />
                  <Route path="audit" element={<AuditPage />} />
                  <Route path="audit/trace" element={<TracePage />} />
                  <Route path="security/alerts" element={<AlertsPage />} />
                  <Route path="security/alerts/:id" element={<AlertDetailPage />} />
                  <Route path="security/incidents" element={<IncidentsPage />} />
                  <Route path="security/incidents/:id" element={<IncidentDetailPage />} />
                  <Route path="supervision" element={<SupervisionDashboardPage />} />
                  <Route path="supervision/evaluation" element={<EvaluationPage />} />
                  <Route path="supervision/evaluation/:id" element={<EvaluationDetailPage />} />
                  <Route path="supervision/notices" element={<NoticesPage />} />
                  <Route path="supervision/notices/:id" element={<NoticeDetailPage />} />
                  <Route path="supervision/projects" element={<ProjectGatePage />} />
                  <Route path="supervision/report" element={<AnnualReportPage />} />
                </Route>
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
