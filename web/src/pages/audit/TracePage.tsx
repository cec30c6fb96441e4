import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Tooltip, Typography, message, type TableColumnsType } from 'antd';
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useDepartmentOptions } from '../../api/orgs';
import { downloadTrace, TRACE_CATEGORIES, useTrace, type TraceCategory, type TraceCriteria, type TraceRow } from '../../api/trace';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { PageHead } from '../../components/PageHead';
import { serverPagination } from '../../components/serverPagination';
import { saveResponse } from '../../lib/download';
import { formatDateTime } from '../../lib/time';

const OUTCOME_COLORS = { success: 'success', failure: 'error', denied: 'warning' } as const;

interface FormValues {
  resource?: string;
  department?: string;
  user?: string;
  recordKey?: string;
  category?: TraceCategory;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** 溯源查询 (Art. 33): an auditor's, an office's or a department security officer's investigation screen. */
export default function TracePage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [criteria, setCriteria] = useState<TraceCriteria | null>(null);
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(20);
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const departments = useDepartmentOptions();
  const { data, error, loading } = useTrace(criteria, page, size);

  function search(v: FormValues) {
    const c: TraceCriteria = {
      resource: v.resource?.trim() || undefined,
      department: v.department || undefined,
      user: v.user?.trim() || undefined,
      recordKey: v.recordKey?.trim() || undefined,
      category: v.category || undefined,
      from: v.range?.[0]?.format('YYYY-MM-DD') || undefined,
      to: v.range?.[1]?.format('YYYY-MM-DD') || undefined,
    };
    if (!c.resource && !c.department && !c.user && !c.recordKey) {
      void message.warning(t('trace.needCriteria'));
      return;
    }
    setPage(1);
    setCriteria(c);
  }

  async function exportAs(format: 'csv' | 'xlsx') {
    if (!criteria) return;
    setExporting(format);
    try {
      await saveResponse(await downloadTrace(criteria, format), `trace.${format}`);
    } catch (err) {
      void message.error(errorMessage(err, t('common.unknownError')));
    } finally {
      setExporting(null);
    }
  }

  const mono = (s: string | null, n = 12) =>
    s ? (
      <Tooltip title={s}>
        <Typography.Text className="gs-mono" style={{ fontSize: 12 }}>{s.length > n + 2 ? `${s.slice(0, n)}…` : s}</Typography.Text>
      </Tooltip>
    ) : (
      '—'
    );

  const columns: TableColumnsType<TraceRow> = [
    { title: t('trace.at'), dataIndex: 'at', key: 'at', width: 170, render: (at: string) => formatDateTime(at) },
    { title: t('trace.category'), dataIndex: 'category', key: 'category', width: 80, render: (c: TraceCategory) => <Tag>{t(`trace.categories.${c}`)}</Tag> },
    { title: t('trace.action'), dataIndex: 'action', key: 'action', render: (a: string) => <span className="gs-mono" style={{ fontSize: 12 }}>{a}</span> },
    { title: t('trace.resource'), dataIndex: 'resource', key: 'resource', render: (r: string | null) => mono(r, 20) },
    { title: t('trace.provider'), dataIndex: 'providerDepartmentName', key: 'provider', render: (n: string | null) => n ?? '—' },
    { title: t('trace.actorDepartment'), dataIndex: 'departmentName', key: 'dept', render: (n: string | null) => n ?? '—' },
    { title: t('trace.actor'), key: 'actor', render: (_, r) => r.userName ?? mono(r.userId) },
    { title: t('trace.outcome'), dataIndex: 'outcome', key: 'outcome', width: 80, render: (o: TraceRow['outcome']) => <Tag color={OUTCOME_COLORS[o]}>{t(`trace.outcomes.${o}`)}</Tag> },
    { title: t('trace.rows'), dataIndex: 'rows', key: 'rows', width: 70, render: (n: number | null) => n ?? '—' },
    { title: t('trace.grant'), dataIndex: 'grantId', key: 'grant', render: (g: string | null) => mono(g) },
    ...(criteria?.recordKey
      ? [{ title: t('trace.match'), dataIndex: 'match', key: 'match', render: (m: TraceRow['match']) => (m === 'key' ? <Tag color="red">{t('trace.matchKey')}</Tag> : <Tag>{t('trace.matchBulk')}</Tag>) }]
      : []),
    { title: t('trace.seq'), key: 'seq', width: 90, render: (_, r) => <span className="gs-mono" style={{ fontSize: 12 }}>{r.source === 'audit' ? r.sourceSeq : `${r.source.slice(0, 10)}#${r.sourceSeq}`}</span> },
  ];

  return (
    <>
      <PageHead title={t('trace.title')} description={t('trace.description')} />
      <Card style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline" onFinish={search} style={{ rowGap: 12 }}>
          <Form.Item name="recordKey" label={t('trace.recordKey')}>
            <Input allowClear style={{ width: 220 }} autoComplete="off" />
          </Form.Item>
          <Form.Item name="resource" label={t('trace.resource')}>
            <Input allowClear style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="department" label={t('trace.department')}>
            <DepartmentSelect departments={departments.data?.items ?? []} loading={departments.loading} allowClear style={{ width: 220 }} aria-label={t('trace.department')} />
          </Form.Item>
          <Form.Item name="user" label={t('trace.user')}>
            <Input allowClear style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="category" label={t('trace.category')}>
            <Select allowClear style={{ width: 120 }} options={TRACE_CATEGORIES.map((c) => ({ value: c, label: t(`trace.categories.${c}`) }))} />
          </Form.Item>
          <Form.Item name="range" label={t('trace.range')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>{t('trace.search')}</Button>
              <Button onClick={() => { form.resetFields(); setCriteria(null); }}>{t('trace.reset')}</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={errorMessage(error, t('common.unknownError'))} />}
      <Card
        title={criteria ? undefined : t('trace.needCriteria')}
        extra={
          <Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('trace.exportNote')}</Typography.Text>
            <Button icon={<DownloadOutlined />} disabled={!criteria} loading={exporting === 'csv'} onClick={() => void exportAs('csv')}>{t('trace.exportCsv')}</Button>
            <Button icon={<DownloadOutlined />} disabled={!criteria} loading={exporting === 'xlsx'} onClick={() => void exportAs('xlsx')}>{t('trace.exportXlsx')}</Button>
          </Space>
        }
      >
        <Table<TraceRow>
          rowKey="id"
          size="small"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('trace.empty') }}
          pagination={serverPagination(t, page, size, data?.total, setPage, setSize)}
          scroll={{ x: 1200 }}
        />
      </Card>
    </>
  );
}
