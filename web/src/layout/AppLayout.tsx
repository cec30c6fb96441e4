import { Suspense, useEffect, useMemo, useState } from 'react';
import { Breadcrumb, Layout, Menu, Spin, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/session';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { MENU_ICONS } from './icons';
import { ExportNotifier } from '../pages/exchange/ExportNotifier';
import { CrumbContext, type Crumb } from './crumbs';
import { Logo } from './Logo';
import { isGroup, menuFor, selectedKeyFor, type MenuEntry } from './menu';
import { InboxBell } from './InboxBell';
import { UserMenu } from './UserMenu';

const { Header, Sider, Content, Footer } = Layout;

type Translate = (key: string) => string;

function toItems(entries: MenuEntry[], t: Translate): MenuProps['items'] {
  return entries.map((e) =>
    isGroup(e)
      ? {
          key: e.key,
          icon: MENU_ICONS[e.icon],
          label: t(e.label),
          children: e.children.map((c) => ({ key: c.key, label: t(c.label) })),
        }
      : { key: e.key, icon: MENU_ICONS[e.icon], label: t(e.label) },
  );
}

/** While a lazily loaded page arrives: the shell stays, the content area waits. */
function PageLoading() {
  return (
    <div className="gs-page-loading">
      <Spin />
    </div>
  );
}

export default function AppLayout() {
  const { t: translate } = useTranslation();
  const t = translate as unknown as Translate;
  const { me } = useSession();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const roles = useMemo(() => me?.roles ?? [], [me]);
  const entries = useMemo(() => menuFor(roles), [roles]);
  const selected = selectedKeyFor(pathname, roles);
  const group = entries.find((e) => isGroup(e) && e.children.some((c) => c.key === selected));
  const leaf = entries.flatMap((e) => (isGroup(e) ? e.children : [e])).find((l) => l.key === selected);

  const [collapsed, setCollapsed] = useState(false);
  const [openKeys, setOpenKeys] = useState<string[]>(group ? [group.key] : []);
  useEffect(() => {
    if (group) setOpenKeys((keys) => (keys.includes(group.key) ? keys : [...keys, group.key]));
  }, [group]);

  const [extra, setExtra] = useState<Crumb[]>([]);
  const last = extra[extra.length - 1];
  const pageTitle = last?.title ?? (leaf ? t(leaf.label) : '');
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} - ${t('app.name')}` : t('app.name');
  }, [pageTitle, t]);

  function onMenuClick({ key }: { key: string }) {
    const target = entries.flatMap((e) => (isGroup(e) ? e.children : [e])).find((l) => l.key === key);
    if (target) navigate(target.path);
  }

  const crumbs = [
    { key: 'home', title: selected === 'home' ? t('menu.home') : <Link to="/">{t('menu.home')}</Link> },
    ...(group ? [{ key: group.key, title: t(group.label) }] : []),
    ...(leaf && leaf.key !== 'home'
      ? [{ key: leaf.key, title: extra.length > 0 ? <Link to={leaf.path}>{t(leaf.label)}</Link> : t(leaf.label) }]
      : []),
    ...extra.map((c, i) => ({ key: `extra-${i}`, title: c.path ? <Link to={c.path}>{c.title}</Link> : c.title })),
  ];

  return (
    <Layout className="gs-shell">
      <ExportNotifier />
      <Header className="gs-header">
        <Link to="/" className="gs-brand">
          <Logo />
          <span className="gs-brand-text">
            <span className="gs-brand-name">{t('app.name')}</span>
            <span className="gs-brand-org">{t('app.org')}</span>
          </span>
        </Link>
        <div className="gs-header-actions">
          <InboxBell />
          <LanguageSwitch dark />
          <UserMenu />
        </div>
      </Header>
      <Layout>
        <Sider
          width={220}
          collapsedWidth={64}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          className="gs-sider"
        >
          <Menu
            mode="inline"
            items={toItems(entries, t)}
            selectedKeys={selected ? [selected] : []}
            openKeys={openKeys}
            onOpenChange={setOpenKeys}
            onClick={onMenuClick}
            style={{ borderInlineEnd: 0 }}
          />
        </Sider>
        <Layout className="gs-main">
          <Breadcrumb className="gs-breadcrumb" items={crumbs} />
          <Content className="gs-content">
            <CrumbContext.Provider value={setExtra}>
              <Suspense fallback={<PageLoading />}>
                <Outlet />
              </Suspense>
            </CrumbContext.Provider>
          </Content>
          <Footer className="gs-footer">{t('app.footer')}</Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
