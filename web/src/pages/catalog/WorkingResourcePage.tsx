import { Alert, App, Button, Card, Result, Space, Spin, Tabs, Typography } from 'antd';
import { AuditOutlined, CloudUploadOutlined, EditOutlined, EyeOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { publishResource, submitResource, useResource, type Resource } from '../../api/resources';
import { CATALOG_EDITORS, CATALOG_PUBLISHERS, CATALOG_RETIRERS, CATALOG_REVIEWERS, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { usePageCrumbs } from '../../layout/crumbs';
import { formatDateTime } from '../../lib/time';
import { ItemsTable } from './ItemsTable';
import { ResourceHeader } from './ResourceDetailPage';
import { ResourceMeta, ShareInfo } from './ResourceMeta';
import { editPath, resourcePath, reviewPath } from './paths';
import { RetireButton, RetirementNotice } from './RetireButton';
import { VersionsPanel } from './VersionsPanel';

/** A working copy in the department's catalog (by id): its review outcome and the next step of its lifecycle. */
export default function WorkingResourcePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { data, error, loading, reload } = useResource(id);
  usePageCrumbs([{ title: data?.name ?? t('common.loading') }]);

  if (loading && !data) {
    return (
      <div className="gs-page-loading">
        <Spin />
      </div>
    );
  }
  if (error || !data) {
    return (
      <Result
        status="error"
        title={t('common.loadFailed')}
        subTitle={errorMessage(error, t('common.unknownError'))}
        extra={
          <Link to="/catalog/mine">
            <Button type="primary">{t('mine.back')}</Button>
          </Link>
        }
      />
    );
  }
  return <WorkingView resource={data} reload={reload} />;
}

function WorkingView({ resource: r, reload }: { resource: Resource; reload: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const roles = me?.roles ?? [];
  const rejectedItems = r.items.filter((i) => i.review?.decision === 'reject');

  function confirmThen(opts: { title: string; content: string; okText: string; danger?: boolean; run: () => Promise<unknown>; done: string }) {
    modal.confirm({
      title: opts.title,
      content: opts.content,
      okText: opts.okText,
      okButtonProps: { danger: opts.danger },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await opts.run();
          message.success(opts.done);
          reload();
        } catch (err) {
          message.error(errorMessage(err, t('common.unknownError')));
        }
      },
    });
  }

  const editable = ['draft', 'rejected'].includes(r.status);
  const actions = (
    <>
      {hasAnyRole(roles, CATALOG_EDITORS) && (editable || r.status === 'published') && (
        <Button icon={<EditOutlined />} onClick={() => navigate(editPath(r.id))}>
          {r.status === 'published' ? t('catalog.newVersion') : t('catalog.edit')}
        </Button>
      )}
      {hasAnyRole(roles, CATALOG_EDITORS) && editable && (
        <Button
          type="primary"
          icon={<SendOutlined />}
          onClick={() =>
            confirmThen({
              title: t('lifecycle.submitTitle', { name: r.name }),
              content: t('lifecycle.submitText'),
              okText: t('lifecycle.submit'),
              run: () => submitResource(r.id),
              done: t('lifecycle.submitted', { name: r.name }),
            })
          }
        >
          {t('lifecycle.submit')}
        </Button>
      )}
      {hasAnyRole(roles, CATALOG_REVIEWERS) && r.status === 'submitted' && (
        <Button type="primary" icon={<AuditOutlined />} onClick={() => navigate(reviewPath(r.id))}>
          {t('catalog.review')}
        </Button>
      )}
      {hasAnyRole(roles, CATALOG_PUBLISHERS) && r.status === 'approved' && (
        <Button
          type="primary"
          icon={<CloudUploadOutlined />}
          onClick={() =>
            confirmThen({
              title: t('lifecycle.publishTitle', { name: r.name, version: r.version }),
              content: t('lifecycle.publishText'),
              okText: t('lifecycle.publish'),
              run: () => publishResource(r.id),
              done: t('lifecycle.published', { name: r.name }),
            })
          }
        >
          {t('lifecycle.publish')}
        </Button>
      )}
      {r.status === 'published' && (
        <Link to={resourcePath(r.code)}>
          <Button icon={<EyeOutlined />}>{t('lifecycle.viewPublished')}</Button>
        </Link>
      )}
      {hasAnyRole(roles, CATALOG_RETIRERS) && r.status === 'published' && <RetireButton resource={r} onDone={reload} />}
    </>
  );

  return (
    <>
      <ResourceHeader resource={r} actions={actions} />
      <LifecycleNotice resource={r} rejectedCount={rejectedItems.length} />
      <Card>
        <Tabs
          defaultActiveKey={rejectedItems.length > 0 ? 'items' : 'overview'}
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
            {
              key: 'items',
              label: t('catalog.tabItems', { count: r.items.length }),
              children: <ItemsTable items={r.items} showReview={Boolean(r.review)} />,
            },
            { key: 'versions', label: t('catalog.tabVersions'), children: <VersionsPanel resourceRef={r.id} current={r.version} /> },
          ]}
        />
      </Card>
    </>
  );
}

/** What the status means for the people working on it, and the reviewer's verdict when there is one. */
function LifecycleNotice({ resource: r, rejectedCount }: { resource: Resource; rejectedCount: number }) {
  const { t } = useTranslation();
  if (r.status === 'rejected' && r.review) {
    return (
      <Alert
        type="error"
        showIcon
        className="gs-block"
        title={t('lifecycle.rejectedTitle', { reviewer: r.review.reviewer, at: formatDateTime(r.review.at) })}
        description={
          <Space orientation="vertical" size={2}>
            {r.review.comments && <span>{t('lifecycle.reviewComments', { comments: r.review.comments })}</span>}
            {rejectedCount > 0 && <span>{t('lifecycle.rejectedItems', { count: rejectedCount })}</span>}
            <span>{t('lifecycle.rejectedHint')}</span>
          </Space>
        }
      />
    );
  }
  if (r.status === 'retired' && r.retirement) {
    return <RetirementNotice retirement={r.retirement} />;
  }
  const info: Partial<Record<Resource['status'], string>> = {
    draft: t('lifecycle.draftHint'),
    submitted: t('lifecycle.submittedHint'),
    approved: t('lifecycle.approvedHint'),
    retired: t('lifecycle.retiredHint'),
  };
  const text = info[r.status];
  if (!text) return null;
  return <Alert type={r.status === 'approved' ? 'success' : 'info'} showIcon className="gs-block" title={text} />;
}
