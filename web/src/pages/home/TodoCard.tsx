import { Alert, Card, Empty, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useTodos, type Todo } from '../../api/workflow';
import { WorkdayDeadline } from '../../components/WorkdayDeadline';
import { subjectPath } from '../workflow/paths';

const TYPE_KEYS = [
  'application.decide',
  'agreement.sign',
  'objection.reply',
  'dispute.negotiate',
  'dispute.respond',
  'dispute.coordinate',
  'dispute.rule',
] as const;

/** 我的待办 (GET /todos): what waits for the user, by due date, each linking to its page. */
export function TodoCard() {
  const { t } = useTranslation();
  const { data, error, loading } = useTodos();
  const typeLabel = (type: string) => ((TYPE_KEYS as readonly string[]).includes(type) ? t(`todo.types.${type as (typeof TYPE_KEYS)[number]}`) : type);

  const columns: TableColumnsType<Todo> = [
    { title: t('todo.type'), dataIndex: 'type', key: 'type', width: 160, render: (type: string) => <Tag>{typeLabel(type)}</Tag> },
    {
      title: t('todo.subject'),
      key: 'title',
      render: (_, td) => {
        const path = subjectPath(td.subjectType, td.subjectId);
        return path ? <Link to={path}>{td.title}</Link> : td.title;
      },
    },
    { title: t('todo.counterpart'), key: 'counterpart', width: 160, render: (_, td) => td.counterpart?.name ?? '—' },
    {
      title: t('todo.due'),
      key: 'due',
      width: 250,
      render: (_, td) => <WorkdayDeadline date={td.dueDate} workdaysLeft={td.workdaysLeft} level={td.level} provisional={td.provisional} />,
    },
  ];

  const counts = data?.counts;
  const byType = counts ? TYPE_KEYS.filter((k) => (counts[k] ?? 0) > 0) : [];

  return (
    <Card
      title={t('todo.title')}
      extra={
        counts && counts.total > 0 ? (
          <Space size={4} wrap>
            <Tag>{t('todo.countsTotal', { count: counts.total })}</Tag>
            {counts.warning > 0 && <Tag color="orange">{t('todo.countsWarning', { count: counts.warning })}</Tag>}
            {counts.overdue > 0 && <Tag color="red">{t('todo.countsOverdue', { count: counts.overdue })}</Tag>}
          </Space>
        ) : undefined
      }
    >
      {error !== undefined && <Alert type="error" showIcon title={errorMessage(error, t('common.loadFailed'))} style={{ marginBottom: 12 }} />}
      {byType.length > 0 && (
        <Space size={8} wrap style={{ marginBottom: 12 }}>
          {byType.map((k) => (
            <Typography.Text key={k}>
              {typeLabel(k)} <Typography.Text strong>{counts?.[k]}</Typography.Text>
            </Typography.Text>
          ))}
        </Space>
      )}
      <Table<Todo>
        rowKey={(td) => `${td.type}:${td.subjectId}:${td.party ?? ''}`}
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('todo.empty')} /> }}
      />
    </Card>
  );
}
