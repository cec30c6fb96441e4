import { Alert, Button, Card, Result, Space, Spin, Tabs, Typography } from 'antd';
import { CodeOutlined, DiffOutlined, EditOutlined, ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/client';
import { useAllUsable } from '../../api/exchange';
import { useResource, type Resource } from '../../api/resources';
import { CATALOG_STAFF, EXCHANGE_USERS, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { usePageCrumbs } from '../../layout/crumbs';
import { FileObjectionButton } from '../workflow/FileObjectionButton';
import { ApplyButton } from './ApplyButton';
import { ItemsTable } from './ItemsTable';
import { ShareTypeTag, StatusTag } from './labels';
import { ResourceMeta, ShareInfo } from './ResourceMeta';
import { comparePath, exportPath, queryConsolePath, workingPath } from './paths';
import { VersionsPanel } from './VersionsPanel';
import { RetirementNotice } from './RetireButton';

/** A published resource, by its code: what anyone signed in may read (catalog.read). */
export default function ResourceDetailPage() {
  const { t } = useTranslation();
  const code = useParams()['*'] ?? '';
  const { data, error, loading } = useResource(code);
  usePageCrumbs([{ title: data?.name ?? code }]);

  if (loading && !data) {
    return (
      <div className="gs-page-loading">
        <Spin />
      </div>
    );
  }
  if (error || !data) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('catalog.notFoundTitle') : t('common.loadFailed')}
        subTitle={missing ? t('catalog.notFoundText', { code }) : errorMessage(error, t('common.unknownError'))}
        extra={
          <Link to="/catalog">
            <Button type="primary">{t('catalog.backToSearch')}</Button>
          </Link>
        }
      />
    );
  }
  return <ResourceView resource={data} />;
}

export function ResourceHeader({ resource: r, actions }: { resource: Resource; actions?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card className="gs-resource-head">
      <div className="gs-resource-head-row">
        <div className="gs-resource-head-main">
          <Space size={8} wrap align="center">
            <Typography.Title level={4} className="gs-flush">
              {r.name}
            </Typography.Title>
            <StatusTag value={r.status} />
            <ShareTypeTag value={r.shareType} />
          </Space>
          <Space size={16} wrap className="gs-resource-head-meta">
            <Typography.Text className="gs-mono">{r.code}</Typography.Text>
            <Typography.Text type="secondary">{r.departmentName}</Typography.Text>
            <Typography.Text type="secondary">v{r.version}</Typography.Text>
            {r.publishDate && <Typography.Text type="secondary">{t('catalog.publishedOn', { date: r.publishDate })}</Typography.Text>}
          </Space>
        </div>
        {actions && <Space wrap>{actions}</Space>}
      </div>
    </Card>
  );
}

function ResourceView({ resource: r }: { resource: Resource }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const roles = me?.roles ?? [];
  const isUser = hasAnyRole(roles, EXCHANGE_USERS);
  const usable = useAllUsable(isUser);
  // Usable only when a node serves it: without one the bus has nowhere to go.
  const found = usable.data?.find((u) => u.code === r.code);
  const entry = found?.nodeId ? found : undefined;
  const ownStaff = hasAnyRole(roles, CATALOG_STAFF) && me?.departmentId === r.departmentId;
  // Items a data user could still apply for: conditional ones the department holds no grant for (Art. 23).
  const usableItems = new Set(found?.items.map((i) => i.name) ?? []);
  const missing = r.items.filter((i) => i.effectiveShareType === 'conditional' && !usableItems.has(i.name)).map((i) => i.name);
  const mayApply = isUser && usable.data !== undefined && me?.departmentId !== r.departmentId && r.shareType !== 'none' && missing.length > 0;

  const actions = (
    <>
      {mayApply && <ApplyButton resource={r} missing={missing} />}
      {isUser && me?.departmentId !== r.departmentId && <FileObjectionButton resourceCode={r.code} items={r.items.map((i) => i.name)} />}
      {entry?.methods.includes('query') && (
        <Link to={queryConsolePath(r.code)}>
          <Button type="primary" icon={<CodeOutlined />}>
            {t('catalog.queryData')}
          </Button>
        </Link>
      )}
      {entry?.methods.includes('compare') && (
        <Link to={comparePath(r.code)}>
          <Button icon={<DiffOutlined />}>{t('catalog.compareData')}</Button>
        </Link>
      )}
      {entry?.methods.includes('export') && (
        <Link to={exportPath(r.code)}>
          <Button icon={<ExportOutlined />}>{t('catalog.exportData')}</Button>
        </Link>
      )}
      {ownStaff && (
        <Link to={workingPath(r.id)}>
          <Button icon={<EditOutlined />}>{t('catalog.openWorking')}</Button>
        </Link>
      )}
    </>
  );

  // Why a data user cannot use it (yet): said once, above the tabs.
  let notice: React.ReactNode = null;
  if (isUser && usable.data && me?.departmentId !== r.departmentId) {
    if (found && !found.nodeId) {
      notice = t('catalog.noticeNoNode');
    } else if (!entry) {
      notice =
        r.shareType === 'none'
          ? t('catalog.noticeNone')
          : r.shareType === 'conditional'
            ? t('catalog.noticeConditional')
            : t('catalog.noticeNoMethod');
    } else if (entry.access === 'base_items') {
      notice = t('catalog.noticeBaseItems', { count: entry.items.length });
    }
  }

  return (
    <>
      <ResourceHeader resource={r} actions={actions} />
      {r.status === 'retired' && r.retirement && <RetirementNotice retirement={r.retirement} />}
      {notice && <Alert type="info" showIcon title={notice} className="gs-block" />}
      <Card>
        <Tabs
          items={[
            {
              key: 'overview',
              label: t('catalog.tabOverview'),
              children: (
                <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                  <ResourceMeta resource={r} />
                  <Typography.Title level={5} className="gs-flush">
                    {t('catalog.shareSection')}
                  </Typography.Title>
                  <ShareInfo resource={r} />
                </Space>
              ),
            },
            { key: 'items', label: t('catalog.tabItems', { count: r.items.length }), children: <ItemsTable items={r.items} /> },
            { key: 'versions', label: t('catalog.tabVersions'), children: <VersionsPanel resourceRef={r.code} current={r.version} /> },
          ]}
        />
      </Card>
    </>
  );
}
