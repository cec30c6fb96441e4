import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import {
  DatabaseOutlined,
  LockOutlined,
  SafetyCertificateOutlined,
  SwapOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/client';
import { useSession } from '../../auth/session';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Logo } from '../../layout/Logo';

interface LoginForm {
  username: string;
  password: string;
  totp?: string;
}

interface LoginState {
  from?: string;
  expired?: boolean;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { status, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as LoginState;
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Set once the server answers TOTP_REQUIRED: the password was right, a one-time code is asked for.
  const [needTotp, setNeedTotp] = useState(false);

  useEffect(() => {
    document.title = `${t('auth.title')} - ${t('app.name')}`;
  }, [t]);

  if (status === 'signed-in' && !submitting) return <Navigate to={state.from ?? '/'} replace />;

  async function onFinish(values: LoginForm) {
    setSubmitting(true);
    setError(null);
    try {
      const r = await login(values.username.trim(), values.password, values.totp?.trim() || undefined);
      if (r.totpEnrollmentRequired) navigate('/account', { replace: true });
      else navigate(state.from && state.from !== '/login' ? state.from : '/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TOTP_REQUIRED') {
        setNeedTotp(true);
        setSubmitting(false);
        return;
      }
      // The server's message says why: wrong password, ACCOUNT_LOCKED (and until when), TOTP_INVALID, …
      setError(errorMessage(err, t('common.unknownError')));
      setSubmitting(false);
    }
  }

  return (
    <div className="gs-login">
      <section className="gs-login-hero">
        <div className="gs-login-hero-brand">
          <Logo size={36} />
          <span>{t('app.org')}</span>
        </div>
        <div>
          <h1 className="gs-login-hero-title">{t('app.name')}</h1>
          <div className="gs-login-hero-sub">{t('auth.subtitle')}</div>
          <ul className="gs-login-features">
            <li>
              <DatabaseOutlined />
              <div>
                <strong>{t('auth.feature1Title')}</strong>
                <span>{t('auth.feature1Text')}</span>
              </div>
            </li>
            <li>
              <SwapOutlined />
              <div>
                <strong>{t('auth.feature2Title')}</strong>
                <span>{t('auth.feature2Text')}</span>
              </div>
            </li>
            <li>
              <SafetyCertificateOutlined />
              <div>
                <strong>{t('auth.feature3Title')}</strong>
                <span>{t('auth.feature3Text')}</span>
              </div>
            </li>
          </ul>
        </div>
        <div className="gs-login-hero-foot">{t('app.footer')}</div>
      </section>

      <main className="gs-login-panel">
        <div className="gs-login-panel-top">
          <LanguageSwitch />
        </div>
        <div className="gs-login-form">
          <Typography.Text type="secondary">{t('app.name')}</Typography.Text>
          <Typography.Title level={3}>{t('auth.title')}</Typography.Title>
          <div style={{ height: 20 }} />
          {state.expired && !error && (
            <Alert type="warning" showIcon title={t('auth.sessionExpired')} style={{ marginBottom: 20 }} />
          )}
          {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 20 }} />}
          <Form<LoginForm> layout="vertical" size="large" requiredMark={false} onFinish={onFinish} disabled={submitting}>
            <Form.Item
              name="username"
              label={t('auth.username')}
              rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('auth.username') }) }]}
            >
              <Input prefix={<UserOutlined />} placeholder={t('auth.usernamePlaceholder')} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('auth.password')}
              rules={[{ required: true, message: t('common.required', { field: t('auth.password') }) }]}
            >
              <Input.Password prefix={<LockOutlined />} placeholder={t('auth.passwordPlaceholder')} autoComplete="current-password" />
            </Form.Item>
            {needTotp && (
              <Form.Item
                name="totp"
                label={t('account.loginTotp')}
                extra={t('account.loginTotpHint')}
                rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('account.loginTotp') }) }]}
              >
                <Input prefix={<SafetyCertificateOutlined />} placeholder={t('account.loginTotpPlaceholder')} autoComplete="one-time-code" inputMode="numeric" autoFocus maxLength={32} />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" block loading={submitting} style={{ marginTop: 8 }}>
              {t('auth.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
            {t('auth.forgot')}
          </Typography.Paragraph>
        </div>
        <Alert
          type="info"
          icon={<SafetyCertificateOutlined />}
          showIcon
          title={<span style={{ fontSize: 12 }}>{t('auth.notice')}</span>}
        />
      </main>
    </div>
  );
}
