import { useEffect, useState } from 'react';
import { Badge, Button, Card, Empty, Input, Space, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useMine, type ResourceSummary, type Status } from '../../api/resources';
import { CATALOG_EDITORS, CATALOG_REVIEWERS, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { PageHead } from '../../components/PageHead';
import { formatDateTime } from '../../lib/time';
import { DeadlinesBanner } from './DeadlinesBanner';
import { ShareTypeTag, StatusTag } from './labels';
import { editPath, reviewPath, workingPath } from './paths';
import { serverPagination } from '../../components/serverPagination';

const TABS: Status[] = ['draft', 'submitted', 'rejected', 'approved', 'published', 'retired'];
const PAGE_SIZE = 20;

/** 我的目录: the department's working copies by lifecycle status, the editor's and the reviewer's daily work. */
export default function MyCatalogPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const roles = me?.roles ?? [];
  const isEditor = hasAnyRole(roles, CATALOG_EDITORS);
  const isReviewer = hasAnyRole(roles, CATALOG_REVIEWERS);
  const [params, setParams] = useSearchParams();
  // A reviewer's work starts at what waits for review; an editor's at the drafts.
  const status = (params.get('status') as Status | null) ?? (isReviewer && !isEditor ? 'submitted' : 'draft');
  const [keyword, setKeyword] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(PAGE_SIZE);
  const { data, error, loading } = useMine({ status, q: q || undefined, page, size });
  // The list answers with the count per status (for the current search), shown on the tabs.
  const counts = data?.counts;
  useEffect(() => setPage(1), [status, q]);

  const columns: TableColumnsType<ResourceSummary> = [
    {
      title: t('catalog.name'),
      key: 'name',
      render: (_, r) => (
        <div className="gs-cell-stack">
          <Link to={workingPath(r.id)}>{r.name}</Link>
          <Typography.Text type="secondary" className="gs-mono gs-small">
            {r.code}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('catalog.status'), dataIndex: 'status', key: 'status', width: 100, render: (s: Status) => <StatusTag value={s} /> },
    { title: t('catalog.version'), dataIndex: 'version', key: 'version', width: 70, render: (v: number) => `v${v}` },
    { title: t('catalog.kind'), dataIndex: 'kind', key: 'kind', width: 80, render: (k: ResourceSummary['kind']) => t(`catalog.kinds.${k}`) },
    {
      title: t('catalog.shareType'),
      dataIndex: 'shareType',
      key: 'shareType',
      width: 120,
      render: (s: ResourceSummary['shareType']) => <ShareTypeTag value={s} />,
    },
    { title: t('catalog.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', width: 170, render: (at: string) => formatDateTime(at) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, r) => (
        <Space size={4}>
          {isEditor && ['draft', 'rejected', 'published'].includes(r.status) && (
            <Link to={editPath(r.id)}>{r.status === 'published' ? t('catalog.newVersion') : t('catalog.edit')}</Link>
          )}
          {isReviewer && r.status === 'submitted' && <Link to={reviewPath(r.id)}>{t('catalog.review')}</Link>}
          <Link to={workingPath(r.id)}>{t('catalog.view')}</Link>
        </Space>
      ),
    },
  ];

  const empty = error
    ? errorMessage(error, t('common.loadFailed'))
    : q
      ? t('mine.emptyFiltered')
      : status === 'draft' && isEditor
        ? t('mine.emptyDraft')
        : t(`mine.empty.${status}`);

  return (
    <>
      <PageHead title={t('menu.catalogMine')} description={me?.departmentName ? t('mine.description', { department: me.departmentName }) : undefined} />
      <DeadlinesBanner />
      <Card>
        <div className="gs-toolbar">
          <Input.Search
            allowClear
            value={keyword}
            onChange={(e) => {
              setKeyword(e.target.value);
              if (!e.target.value) setQ('');
            }}
            onSearch={(v) => setQ(v.trim())}
            placeholder={t('mine.searchPlaceholder')}
            aria-label={t('mine.searchPlaceholder')}
            enterButton={t('common.search')}
            style={{ width: 360 }}
          />
          {isEditor && (
            <Space>
              <Button icon={<ImportOutlined />} onClick={() => navigate('/catalog/import')}>
                {t('mine.import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/catalog/mine/new')}>
                {t('mine.create')}
              </Button>
            </Space>
          )}
        </div>
        <Tabs
          activeKey={status}
          onChange={(k) => setParams({ status: k })}
          items={TABS.map((s) => ({
            key: s,
            label: (
              <span>
                {t(`mine.tabs.${s}`)}{' '}
                {counts && counts[s] > 0 && (
                  <Badge count={counts[s]} overflowCount={999} color={s === 'submitted' || s === 'rejected' ? undefined : '#bfbfbf'} />
                )}
              </span>
            ),
          }))}
        />
        <Table<ResourceSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          pagination={serverPagination(t, page, size, data?.total, setPage, setSize)}
          locale={{ emptyText: <Empty description={empty} /> }}
        />
      </Card>
    </>
  );
}
