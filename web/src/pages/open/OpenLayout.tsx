import { Button, Layout, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Logo } from '../../layout/Logo';

/** The public portal's frame (Art. 26): no login, no platform menu — a header, the page, and a footer. */
export default function OpenLayout() {
  const { t } = useTranslation();
  return (
    <Layout className="gs-open">
      <Layout.Header className="gs-open-header" style={{ display: 'flex', alignItems: 'center', gap: 12, background: '#a61d24' }}>
        <Link to="/open" style={{ display: 'flex', alignItems: 'center', gap: 10, color: '#fff' }}>
          <Logo size={28} />
          <Typography.Text strong style={{ color: '#fff', fontSize: 17 }}>{t('open.title')}</Typography.Text>
        </Link>
        <span style={{ flex: 1 }} />
        <LanguageSwitch dark />
        <Link to="/login"><Button size="small" ghost>{t('open.login')}</Button></Link>
      </Layout.Header>
      <Layout.Content style={{ padding: '24px', maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#888' }}>{t('open.footer')}</Layout.Footer>
    </Layout>
  );
}
