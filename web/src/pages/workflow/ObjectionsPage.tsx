import { Alert, Card, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useObjections, type Objection } from '../../api/workflow';
import { APPLICANTS, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { PageHead } from '../../components/PageHead';
import { WorkdayDeadline } from '../../components/WorkdayDeadline';
import { FileObjectionButton } from './FileObjectionButton';
import { StatusTag } from './StatusTag';
import { useStatusLabel } from './labels';

/** 数据异议: objections the department filed, and those about its data. */
export default function ObjectionsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const statusLabel = useStatusLabel();
  const [params, setParams] = useSearchParams();
  const role = params.get('role') === 'provider' ? 'provider' : 'consumer';
  const status = params.get('status') ?? undefined;
  const { data, error, loading } = useObjections({ role, status });

  const columns: TableColumnsType<Objection> = [
    {
      title: t('applications.resource'),
      key: 'resource',
      render: (_, o) => (
        <>
          <Link to={`/objections/${o.id}`}>{o.resourceName}</Link>
          <div>
            <Typography.Text type="secondary" className="gs-mono" style={{ fontSize: 12 }}>
              {o.resourceCode}
            </Typography.Text>
          </div>
        </>
      ),
    },
    { title: t('objections.descriptionLabel'), dataIndex: 'description', key: 'description', ellipsis: true },
    { title: role === 'consumer' ? t('applications.provider') : t('applications.consumer'), key: 'other', width: 160, render: (_, o) => (role === 'consumer' ? o.provider.name : o.consumer.name) },
    {
      title: t('objections.status'),
      key: 'status',
      width: 160,
      render: (_, o) => (
        <Space size={4}>
          <StatusTag status={o.status} label={statusLabel(o.status, o.statusLabel, 'objection')} />
          {o.late && <Tag color="orange">{t('objections.late')}</Tag>}
        </Space>
      ),
    },
    { title: t('objections.discoveredOn'), dataIndex: 'discoveredOn', key: 'discoveredOn', width: 120 },
    {
      title: t('objections.replyBy'),
      key: 'deadline',
      width: 250,
      render: (_, o) => (o.deadline ? <WorkdayDeadline date={o.deadline.date} workdaysLeft={o.deadline.workdaysLeft} level={o.deadline.level} provisional={o.deadline.provisional} /> : o.replyBy),
    },
  ];

  return (
    <>
      <PageHead title={t('objections.title')} description={t('objections.description')} />
      <Card>
        <Tabs
          activeKey={role}
          onChange={(k) => setParams({ role: k })}
          items={[
            { key: 'consumer', label: t('objections.asConsumer') },
            { key: 'provider', label: t('objections.asProvider') },
          ]}
          tabBarExtraContent={
            <Space>
              <Select
                allowClear
                aria-label={t('objections.status')}
                placeholder={t('applications.allStatuses')}
                value={status}
                style={{ width: 160 }}
                onChange={(v?: string) => setParams(v ? { role, status: v } : { role })}
                options={(['open', 'accepted', 'rejected'] as const).map((s) => ({ value: s, label: t(`objections.statuses.${s}`) }))}
              />
              {hasAnyRole(me?.roles ?? [], APPLICANTS) && <FileObjectionButton />}
            </Space>
          }
        />
        {error !== undefined && <Alert type="error" showIcon title={errorMessage(error, t('common.loadFailed'))} style={{ marginBottom: 12 }} />}
        <Table<Objection> rowKey="id" size="middle" columns={columns} dataSource={data?.items ?? []} loading={loading} pagination={{ showTotal: (total) => t('common.total', { total }) }} />
      </Card>
    </>
  );
}
