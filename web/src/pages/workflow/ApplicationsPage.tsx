import { useState } from 'react';
import { Alert, Card, Select, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useApplications, type Application } from '../../api/workflow';
import { PageHead } from '../../components/PageHead';
import { WorkdayDeadline } from '../../components/WorkdayDeadline';
import { StatusTag } from './StatusTag';
import { useStatusLabel } from './labels';

const STATUSES = ['pending', 'approved', 'refused', 'active', 'withdrawn', 'superseded', 'revoked', 'expired'] as const;

/** 共享申请: the department's applications as consumer and as provider. */
export default function ApplicationsPage() {
  const { t } = useTranslation();
  const statusLabel = useStatusLabel();
  const [params, setParams] = useSearchParams();
  const role = params.get('role') === 'provider' ? 'provider' : 'consumer';
  const status = params.get('status') ?? undefined;
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(20);
  const { data, error, loading } = useApplications({ role, status, page, size });

  const columns: TableColumnsType<Application> = [
    {
      title: t('applications.resource'),
      key: 'resource',
      render: (_, a) => (
        <>
          <Link to={`/applications/${a.id}`}>{a.resourceName}</Link>
          <div>
            <Typography.Text type="secondary" className="gs-mono" style={{ fontSize: 12 }}>
              {a.resourceCode}
            </Typography.Text>
          </div>
        </>
      ),
    },
    { title: role === 'consumer' ? t('applications.provider') : t('applications.consumer'), key: 'other', width: 180, render: (_, a) => (role === 'consumer' ? a.provider.name : a.consumer.name) },
    { title: t('applications.status'), key: 'status', width: 170, render: (_, a) => <StatusTag status={a.status} label={statusLabel(a.status, a.statusLabel)} /> },
    { title: t('applications.filedOn'), dataIndex: 'filedOn', key: 'filedOn', width: 120 },
    {
      title: t('applications.deadline'),
      key: 'deadline',
      width: 250,
      render: (_, a) => (a.deadline ? <WorkdayDeadline date={a.deadline.date} workdaysLeft={a.deadline.workdaysLeft} level={a.deadline.level} provisional={a.deadline.provisional} /> : '—'),
    },
  ];

  return (
    <>
      <PageHead title={t('applications.title')} description={t('applications.description')} />
      <Card>
        <Tabs
          activeKey={role}
          onChange={(k) => {
            setPage(1);
            setParams({ role: k });
          }}
          items={[
            { key: 'consumer', label: t('applications.asConsumer') },
            { key: 'provider', label: t('applications.asProvider') },
          ]}
          tabBarExtraContent={
            <Select
              allowClear
              aria-label={t('applications.status')}
              placeholder={t('applications.allStatuses')}
              value={status}
              style={{ width: 200 }}
              onChange={(v?: string) => {
                setPage(1);
                setParams(v ? { role, status: v } : { role });
              }}
              options={STATUSES.map((s) => ({ value: s, label: t(`applications.statuses.${s}`) }))}
            />
          }
        />
        {error !== undefined && <Alert type="error" showIcon title={errorMessage(error, t('common.loadFailed'))} style={{ marginBottom: 12 }} />}
        {role === 'consumer' && <Typography.Paragraph type="secondary">{t('applications.applyHere')}</Typography.Paragraph>}
        <Table<Application>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          pagination={{
            current: page,
            pageSize: size,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, s) => {
              setPage(p);
              setSize(s);
            },
          }}
        />
      </Card>
    </>
  );
}
