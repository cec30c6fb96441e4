import { useState } from 'react';
import { Alert, Card, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useAlerts, type SecurityAlert } from '../../api/security';
import { PageHead } from '../../components/PageHead';
import { serverPagination } from '../../components/serverPagination';
import { formatDateTime } from '../../lib/time';
import { AlertStatusTag, SeverityTag } from './tags';

/** 安全告警: what the monitoring rules raised for the officer's department, or the office's region (Art. 32). */
export default function AlertsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | undefined>('open');
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(20);
  const { data, error, loading } = useAlerts({ status, page, size });

  const columns: TableColumnsType<SecurityAlert> = [
    { title: t('security.severity'), key: 'severity', width: 80, render: (_, a) => <SeverityTag severity={a.severity} /> },
    { title: t('security.rule'), key: 'rule', width: 170, render: (_, a) => <Link to={`/security/alerts/${a.id}`}>{a.ruleLabel}</Link> },
    {
      title: t('security.alertsTitle'),
      key: 'title',
      render: (_, a) => (
        <Space size={4} wrap>
          <span>{a.title}</span>
          {a.autoAction === 'grant.suspended' && <Tag color="red">{t('security.grantSuspended')}</Tag>}
        </Space>
      ),
    },
    { title: t('security.user'), dataIndex: 'userName', key: 'user', width: 130 },
    { title: t('security.raisedAt'), key: 'raisedAt', width: 170, render: (_, a) => formatDateTime(a.raisedAt) },
    { title: t('security.status'), key: 'status', width: 100, render: (_, a) => <AlertStatusTag status={a.status} /> },
  ];

  return (
    <>
      <PageHead title={t('security.alertsTitle')} description={t('security.alertsDescription')} />
      <Card
        extra={
          <Select
            allowClear
            aria-label={t('security.status')}
            placeholder={t('security.allStatuses')}
            value={status}
            style={{ width: 140 }}
            onChange={(v?: string) => {
              setStatus(v);
              setPage(1);
            }}
            options={(['open', 'acknowledged', 'closed'] as const).map((s) => ({ value: s, label: t(`security.alertStatuses.${s}`) }))}
          />
        }
      >
        {error !== undefined && <Alert type="error" showIcon title={errorMessage(error, t('common.loadFailed'))} style={{ marginBottom: 12 }} />}
        <Table<SecurityAlert>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          locale={{ emptyText: t('security.alertsEmpty') }}
          pagination={serverPagination(t, page, size, data?.total, setPage, setSize)}
        />
      </Card>
    </>
  );
}
