import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { SessionProvider } from './auth/session';
import { RequireMenuAccess, RequireSession } from './auth/guards';
import AppLayout from './layout/AppLayout';
import LoginPage from './pages/login/LoginPage';
import HomePage from './pages/home/HomePage';
import RegionsPage from './pages/orgs/RegionsPage';
import DepartmentsPage from './pages/orgs/DepartmentsPage';
import UsersPage from './pages/orgs/UsersPage';
import CredentialsPage from './pages/orgs/CredentialsPage';
import AuditPage from './pages/audit/AuditPage';
import NotFoundPage from './pages/NotFoundPage';
import { theme } from './theme';

export default function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                element={
                  <RequireSession>
                    <AppLayout />
                  </RequireSession>
                }
              >
                <Route index element={<HomePage />} />
                <Route element={<RequireMenuAccess />}>
                  <Route path="orgs" element={<Navigate to="/orgs/departments" replace />} />
                  <Route path="orgs/regions" element={<RegionsPage />} />
                  <Route path="orgs/departments" element={<DepartmentsPage />} />
                  <Route path="orgs/users" element={<UsersPage />} />
                  <Route path="orgs/credentials" element={<CredentialsPage />} />
                  <Route path="audit" element={<AuditPage />} />
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
