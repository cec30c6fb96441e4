import { Alert, App, Button, Card, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { detectNotices, useCirculars, useNotices, type Notice } from '../../api/supervision';
import { NOTICE_ISSUERS, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { PageHead } from '../../components/PageHead';
import { WorkdayDeadline } from '../../components/WorkdayDeadline';
import { useSupervisionLabels } from './labels';

const TABS = ['all', 'proposed', 'issued', 'replied', 'circulated', 'closed', 'circulars'] as const;
const STATUS_COLORS: Record<string, string> = { proposed: 'purple', issued: 'blue', replied: 'gold', closed: 'green', circulated: 'red', dismissed: 'default' };

export function NoticeStatusTag({ n }: { n: Pick<Notice, 'status' | 'statusLabel'> }) {
  const L = useSupervisionLabels();
  return <Tag color={STATUS_COLORS[n.status]}>{L.status(n.status) === n.status ? n.statusLabel : L.status(n.status)}</Tag>;
}

/** 整改通知 (Art. 39): the office's notices and the platform's proposals; a department's own notices; the region's circulars. */
export default function NoticesPage() {
  const { t } = useTranslation();
  const L = useSupervisionLabels();
  const { message } = App.useApp();
  const { me } = useSession();
  const office = hasAnyRole(me?.roles ?? [], NOTICE_ISSUERS);
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as (typeof TABS)[number]) : 'all';
  const page = Number(params.get('page')) || 1;
  const list = useNotices({ status: tab === 'all' || tab === 'circulars' ? undefined : tab, page });
  const circulars = useCirculars(page);
  const current = tab === 'circulars' ? circulars : list;

  const columns: TableColumnsType<Notice> = [
    { title: t('supervision.department'), key: 'dept', width: 180, render: (_, n) => <Link to={`/supervision/notices/${n.id}`}>{n.department.name}</Link> },
    { title: t('supervision.notices.ground'), key: 'ground', width: 90, render: (_, n) => `（${'一二三四五六七'[n.ground - 1]}）` },
    { title: t('supervision.notices.facts'), dataIndex: tab === 'circulars' ? 'circular' : 'facts', key: 'facts', ellipsis: true },
    { title: t('supervision.notices.status'), key: 'status', width: 110, render: (_, n) => <NoticeStatusTag n={n} /> },
    { title: t('supervision.notices.source'), key: 'source', width: 100, render: (_, n) => t(`supervision.notices.sources.${n.source}`) },
    {
      title: t('supervision.notices.due'),
      key: 'due',
      width: 240,
      render: (_, n) => (n.deadline ? <WorkdayDeadline date={n.deadline.date} workdaysLeft={n.deadline.workdaysLeft} level={n.deadline.level} provisional={n.deadline.provisional} /> : (n.dueOn ?? '—')),
    },
  ];
  const visibleTabs = TABS.filter((k) => office || k !== 'proposed');

  return (
    <>
      <PageHead title={t('supervision.notices.title')} description={t('supervision.notices.description')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k })}
          items={visibleTabs.map((k) => ({ key: k, label: L.tab(k) }))}
          tabBarExtraContent={
            office && (
              <Space>
                <Button
                  onClick={async () => {
                    try {
                      const r = await detectNotices();
                      message.success(t('supervision.notices.detected', { count: Object.values(r.proposed).reduce((a, b) => a + b, 0) }));
                      list.reload();
                    } catch (err) {
                      message.error(errorMessage(err, t('common.unknownError')));
                    }
                  }}
                >
                  {t('supervision.notices.detect')}
                </Button>
                <Link to="/supervision/evaluation">
                  <Typography.Link>{t('supervision.notices.issue')}</Typography.Link>
                </Link>
              </Space>
            )
          }
        />
        {current.error !== undefined && <Alert type="error" showIcon title={errorMessage(current.error, t('common.loadFailed'))} style={{ marginBottom: 12 }} />}
        <Table<Notice>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={current.data?.items ?? []}
          loading={current.loading}
          locale={{ emptyText: t('supervision.notices.empty') }}
          pagination={{ current: page, pageSize: 20, total: current.data?.total ?? 0, onChange: (p) => setParams({ tab, page: String(p) }), showTotal: (total) => t('common.total', { total }) }}
        />
      </Card>
    </>
  );
}
