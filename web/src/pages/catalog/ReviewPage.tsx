import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Input, Radio, Result, Space, Spin, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { reviewResource, useResource, type Item, type Resource } from '../../api/resources';
import { usePageCrumbs } from '../../layout/crumbs';
import { MaskTag, dataTypeLabel } from './labels';
import { ResourceHeader } from './ResourceDetailPage';
import { ResourceMeta, ShareInfo } from './ResourceMeta';
import { workingPath } from './paths';
import { reviewProblem, type Decision } from './reviewRules';
import { DiffView } from './VersionsPanel';

/** 逐条审核: the reviewer decides on every item (reject with a reason) and then on the entry as a whole. */
export default function ReviewPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { data, error, loading } = useResource(id);
  usePageCrumbs([{ title: data?.name ?? '…', path: workingPath(id) }, { title: t('review.crumb') }]);
  if (loading && !data) {
    return (
      <div className="gs-page-loading">
        <Spin />
      </div>
    );
  }
  if (!data) return <Result status="error" title={t('common.loadFailed')} subTitle={errorMessage(error, t('common.unknownError'))} />;
  if (data.status !== 'submitted') {
    return (
      <Result
        status="info"
        title={t('review.notSubmittedTitle')}
        subTitle={t('review.notSubmittedText', { status: t(`catalog.statuses.${data.status}`) })}
        extra={
          <Link to={workingPath(data.id)}>
            <Button type="primary">{t('review.backToResource')}</Button>
          </Link>
        }
      />
    );
  }
  return <ReviewForm resource={data} />;
}

function ReviewForm({ resource: r }: { resource: Resource }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [decisions, setDecisions] = useState<Record<string, Decision>>(() => Object.fromEntries(r.items.map((i) => [i.name, { decision: 'approve', comment: '' }])));
  const [comments, setComments] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const rejected = useMemo(() => Object.values(decisions).filter((d) => d.decision === 'reject').length, [decisions]);

  const set = (name: string, d: Partial<Decision>) => setDecisions((all) => ({ ...all, [name]: { ...all[name]!, ...d } }));

  async function send(decision: 'approve' | 'reject') {
    setTried(true);
    const problem = reviewProblem(decision, decisions, comments);
    if (problem) {
      setError(t(`review.problems.${problem.code}`, { name: problem.name ?? '' }));
      return;
    }
    setError(null);
    modal.confirm({
      title: decision === 'approve' ? t('review.approveTitle', { name: r.name }) : t('review.rejectTitle', { name: r.name }),
      content: decision === 'approve' ? t('review.approveText') : t('review.rejectText', { count: rejected }),
      okText: decision === 'approve' ? t('review.approve') : t('review.reject'),
      okButtonProps: { danger: decision === 'reject' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy(true);
        try {
          await reviewResource(r.id, {
            decision,
            ...(comments.trim() ? { comments: comments.trim() } : {}),
            items: Object.entries(decisions).map(([name, d]) => ({ name, decision: d.decision, ...(d.comment.trim() ? { comment: d.comment.trim() } : {}) })),
          });
          message.success(decision === 'approve' ? t('review.approvedDone', { name: r.name }) : t('review.rejectedDone', { name: r.name }));
          navigate(workingPath(r.id));
        } catch (err) {
          setError(errorMessage(err, t('common.unknownError')));
        } finally {
          setBusy(false);
        }
      },
    });
  }

  const columns: TableColumnsType<Item> = [
    { title: '#', key: 'n', width: 44, render: (_, __, i) => <span className="gs-muted">{i + 1}</span> },
    {
      title: t('catalog.itemName'),
      key: 'name',
      render: (_, it) => (
        <div className="gs-cell-stack">
          <span>
            {it.name} {it.base && <Tag color="geekblue">{t('catalog.baseItem')}</Tag>}
          </span>
          {it.description && <span className="gs-small gs-muted">{it.description}</span>}
        </div>
      ),
    },
    { title: t('catalog.dataType'), key: 'dataType', width: 120, render: (_, it) => dataTypeLabel(t, it.dataType) },
    { title: t('catalog.length'), dataIndex: 'length', key: 'length', width: 70, render: (l: number | null) => l ?? '—' },
    { title: t('catalog.mask'), key: 'mask', width: 170, render: (_, it) => <MaskTag mask={it.mask} /> },
    {
      title: t('review.decision'),
      key: 'decision',
      width: 170,
      render: (_, it) => (
        <Radio.Group
          size="small"
          optionType="button"
          buttonStyle="solid"
          aria-label={t('review.decisionFor', { name: it.name })}
          value={decisions[it.name]?.decision}
          onChange={(e) => set(it.name, { decision: e.target.value as Decision['decision'] })}
          options={[
            { value: 'approve', label: t('review.itemApprove') },
            { value: 'reject', label: t('review.itemReject') },
          ]}
        />
      ),
    },
    {
      title: t('review.comment'),
      key: 'comment',
      width: 280,
      render: (_, it) => {
        const d = decisions[it.name]!;
        const missing = tried && d.decision === 'reject' && !d.comment.trim();
        return (
          <Input
            size="small"
            aria-label={t('review.commentFor', { name: it.name })}
            status={missing ? 'error' : undefined}
            disabled={d.decision !== 'reject'}
            placeholder={d.decision === 'reject' ? t('review.commentPlaceholder') : ''}
            value={d.comment}
            maxLength={1000}
            onChange={(e) => set(it.name, { comment: e.target.value })}
          />
        );
      },
    },
  ];

  return (
    <>
      <ResourceHeader resource={r} />
      <Alert type="info" showIcon className="gs-block" title={t('review.instructions')} />
      <Card className="gs-block">
        <Tabs
          items={[
            {
              key: 'items',
              label: t('review.tabItems', { count: r.items.length, rejected }),
              children: (
                <>
                  <div className="gs-toolbar">
                    <Typography.Text type="secondary">{t('review.itemsHint')}</Typography.Text>
                    <Button
                      size="small"
                      onClick={() => setDecisions(Object.fromEntries(r.items.map((i) => [i.name, { decision: 'approve', comment: '' }])))}
                    >
                      {t('review.allApprove')}
                    </Button>
                  </div>
                  <Table<Item>
                    rowKey="name"
                    size="small"
                    columns={columns}
                    dataSource={r.items}
                    pagination={false}
                    rowClassName={(it) => (decisions[it.name]?.decision === 'reject' ? 'gs-row-rejected' : '')}
                    scroll={{ x: 1000 }}
                  />
                </>
              ),
            },
            {
              key: 'meta',
              label: t('catalog.tabOverview'),
              children: (
                <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                  <ResourceMeta resource={r} />
                  <ShareInfo resource={r} />
                </Space>
              ),
            },
            ...(r.publishedVersion !== null && r.publishedVersion !== r.version
              ? [
                  {
                    key: 'diff',
                    label: t('review.tabDiff', { version: r.publishedVersion }),
                    children: <DiffView resourceRef={r.id} from={r.publishedVersion} to={r.version} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card title={t('review.overall')}>
        {error && <Alert type="error" showIcon className="gs-block" title={error} />}
        <Input.TextArea
          rows={3}
          maxLength={2000}
          showCount
          aria-label={t('review.comments')}
          placeholder={t('review.commentsPlaceholder')}
          value={comments}
          onChange={(e) => setComments(e.target.value)}
        />
        <div className="gs-form-actions gs-form-actions-inline">
          <Typography.Text type={rejected > 0 ? 'danger' : 'secondary'}>
            {rejected > 0 ? t('review.summaryRejected', { count: rejected }) : t('review.summaryAllApproved')}
          </Typography.Text>
          <Space>
            <Button danger icon={<RollbackOutlined />} loading={busy} onClick={() => void send('reject')}>
              {t('review.reject')}
            </Button>
            <Button type="primary" icon={<CheckOutlined />} loading={busy} disabled={rejected > 0} onClick={() => void send('approve')}>
              {t('review.approve')}
            </Button>
          </Space>
        </div>
      </Card>
    </>
  );
}
