import { useState } from 'react';
import { Alert, Card, Empty, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useOverdue, type OverdueStep } from '../../api/workflow';
import { PageHead } from '../../components/PageHead';
import { subjectPath } from './paths';

/**
 * 超期督办 (Art. 23–25, 39): what is past its deadline — applications not decided, agreements not signed,
 * objections not answered, dispute steps — with who is responsible and by how many workdays; the office sees its
 * region, a department head the department's own (the server decides: GET /deadlines/overdue).
 */
export default function OverduePage() {
  const { t } = useTranslation();
  const { data, error, loading } = useOverdue();
  const [type, setType] = useState<string>();
  const items = (data?.items ?? []).filter((s) => !type || s.type === type);
  const types = [...new Set((data?.items ?? []).map((s) => s.type))];

  const responsible = (s: OverdueStep) => {
    if (s.responsible === 'leading_group') return t('overdue.responsibles.leading_group');
    if (s.responsible === 'office') return t('overdue.responsibles.office', { region: s.regionName ?? s.regionCode ?? '' });
    return `${s.departmentName ?? s.departmentId ?? '—'}${s.party ? t(`overdue.parties.${s.party}`) : ''}`;
  };

  const columns: TableColumnsType<OverdueStep> = [
    { title: t('overdue.type'), key: 'type', width: 170, render: (_, s) => <Tag>{t(`todo.types.${s.type}`, { defaultValue: s.type })}</Tag> },
    {
      title: t('overdue.subject'),
      key: 'subject',
      render: (_, s) => {
        const path = subjectPath(s.subjectType, s.subjectId);
        return path ? <Link to={path}>{s.title}</Link> : s.title;
      },
    },
    { title: t('overdue.responsible'), key: 'responsible', width: 260, render: (_, s) => responsible(s) },
    { title: t('overdue.dueDate'), dataIndex: 'dueDate', key: 'dueDate', width: 120 },
    {
      title: t('overdue.daysOverdue'),
      key: 'days',
      width: 130,
      render: (_, s) => (
        <Tag color="red" data-level="overdue">
          {t('overdue.daysOverdueN', { count: s.workdaysOverdue })}
        </Tag>
      ),
    },
  ];

  return (
    <>
      <PageHead title={t('overdue.title')} description={t('overdue.description')} />
      <Card
        title={data ? <Typography.Text>{t('overdue.total', { count: items.length })}</Typography.Text> : undefined}
        extra={
          <Select
            allowClear
            aria-label={t('overdue.type')}
            placeholder={t('overdue.filterType')}
            value={type}
            style={{ width: 200 }}
            onChange={(v?: string) => setType(v)}
            options={types.map((k) => ({ value: k, label: t(`todo.types.${k}`, { defaultValue: k }) }))}
          />
        }
      >
        {error !== undefined && <Alert type="error" showIcon title={errorMessage(error, t('common.loadFailed'))} style={{ marginBottom: 12 }} />}
        <Table<OverdueStep>
          rowKey={(s) => `${s.type}:${s.subjectId}:${s.party ?? ''}`}
          size="middle"
          columns={columns}
          dataSource={items}
          loading={loading}
          locale={{ emptyText: <Empty description={t('overdue.empty')} /> }}
          pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { total }) }}
        />
      </Card>
    </>
  );
}
