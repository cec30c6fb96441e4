import { Alert, Card, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useDisputes, type Dispute } from '../../api/workflow';
import { PageHead } from '../../components/PageHead';
import { WorkdayDeadline } from '../../components/WorkdayDeadline';
import { StatusTag } from './StatusTag';

/** 争议协调: disputes the user takes part in or oversees. */
export default function DisputesPage() {
  const { t } = useTranslation();
  const { data, error, loading } = useDisputes();
  const columns: TableColumnsType<Dispute> = [
    {
      title: t('disputes.subject'),
      key: 'subject',
      render: (_, d) => (
        <>
          <Link to={`/disputes/${d.id}`}>{t(`disputes.subjectTypes.${d.subjectType}`)}</Link>
          <div>
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 360 }}>
              {d.statement}
            </Typography.Text>
          </div>
        </>
      ),
    },
    { title: t('applications.consumer'), key: 'consumer', width: 160, render: (_, d) => d.consumer.name },
    { title: t('applications.provider'), key: 'provider', width: 160, render: (_, d) => d.provider.name },
    { title: t('applications.status'), key: 'status', width: 160, render: (_, d) => <StatusTag status={d.status} label={d.statusLabel} /> },
    {
      title: t('disputes.stepDue'),
      key: 'deadline',
      width: 250,
      render: (_, d) => (d.deadline ? <WorkdayDeadline date={d.deadline.date} workdaysLeft={d.deadline.workdaysLeft} level={d.deadline.level} provisional={d.deadline.provisional} /> : '—'),
    },
  ];
  return (
    <>
      <PageHead title={t('disputes.title')} description={t('disputes.description')} />
      <Card>
        {error !== undefined && <Alert type="error" showIcon title={errorMessage(error, t('common.loadFailed'))} style={{ marginBottom: 12 }} />}
        <Table<Dispute> rowKey="id" size="middle" columns={columns} dataSource={data?.items ?? []} loading={loading} pagination={{ showTotal: (total) => t('common.total', { total }) }} />
      </Card>
    </>
  );
}
