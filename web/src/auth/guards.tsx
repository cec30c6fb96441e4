import type { ReactNode } from 'react';
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { mayOpen } from '../layout/menu';
import { useSession } from './session';

export function RequireSession({ children }: { children: ReactNode }) {
  const { status, signedOutReason } = useSession();
  const location = useLocation();
  if (status === 'checking') {
    return (
      <div className="gs-fullpage-center">
        <Spin size="large" />
      </div>
    );
  }
  if (status === 'anonymous') {
    // After an explicit logout the next user starts at home; after an expiry the same user comes back here.
    const state =
      signedOutReason === 'logout'
        ? undefined
        : { from: location.pathname + location.search, expired: signedOutReason === 'expired' };
    return <Navigate to="/login" replace state={state} />;
  }
  return children;
}

/** Pages are offered by role (menu.ts); opening one by URL without the role shows 403 instead of a broken page. */
export function RequireMenuAccess() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { pathname } = useLocation();
  if (mayOpen(pathname, me?.roles ?? [])) return <Outlet />;
  return (
    <Result
      status="403"
      title={t('forbidden.title')}
      subTitle={t('forbidden.text')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
