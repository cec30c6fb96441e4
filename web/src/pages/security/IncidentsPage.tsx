import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Switch, Table, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { fileIncident, useIncidents, type Incident, type IncidentSeverity } from '../../api/security';
import { INCIDENT_FILERS, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { serverPagination } from '../../components/serverPagination';
import { formatDateTime } from '../../lib/time';
import { IncidentStatusTag } from './tags';

interface FileForm {
  title: string;
  description: string;
  severity: IncidentSeverity;
  occurredAt?: Dayjs;
  discoveredAt: Dayjs;
  resources?: string;
  records?: number;
  personalInformation?: boolean;
  measures: string;
}

const SEVERITIES: IncidentSeverity[] = ['general', 'major', 'serious', 'critical'];

/** 安全事件 (Art. 31): the department's own incidents, or the region's for the office. */
export default function IncidentsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { me } = useSession();
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(20);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<FileForm>();
  const { data, error, loading } = useIncidents({ page, size });
  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];

  const columns: TableColumnsType<Incident> = [
    { title: t('security.incidentTitle'), key: 'title', render: (_, i) => <Link to={`/security/incidents/${i.id}`}>{i.title}</Link> },
    { title: t('security.severity'), key: 'severity', width: 100, render: (_, i) => t(`security.incidentSeverities.${i.severity}`) },
    { title: t('security.department'), dataIndex: 'departmentName', key: 'department', width: 180 },
    { title: t('security.discoveredAt'), key: 'discoveredAt', width: 170, render: (_, i) => formatDateTime(i.discoveredAt) },
    { title: t('security.status'), key: 'status', width: 120, render: (_, i) => <IncidentStatusTag status={i.status} /> },
  ];

  return (
    <>
      <PageHead title={t('security.incidentsTitle')} description={t('security.incidentsDescription')} />
      <Card
        extra={
          hasAnyRole(me?.roles ?? [], INCIDENT_FILERS) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
              {t('security.fileIncident')}
            </Button>
          )
        }
      >
        {error !== undefined && <Alert type="error" showIcon title={errorMessage(error, t('common.loadFailed'))} style={{ marginBottom: 12 }} />}
        <Table<Incident>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          locale={{ emptyText: t('security.incidentsEmpty') }}
          pagination={serverPagination(t, page, size, data?.total, setPage, setSize)}
        />
      </Card>
      <FormModal<FileForm>
        title={t('security.fileIncident')}
        open={open}
        form={form}
        danger
        initialValues={{ severity: 'general', personalInformation: false }}
        onCancel={() => setOpen(false)}
        fieldFor={(code) => (code === 'UNKNOWN_RESOURCE' ? 'resources' : code.startsWith('INCIDENT_TIME') ? 'discoveredAt' : undefined)}
        onSubmit={async (v) => {
          const codes = (v.resources ?? '').split(/[,，\s]+/).filter(Boolean);
          const created = await fileIncident({
            title: v.title, description: v.description, severity: v.severity, measures: v.measures,
            discoveredAt: v.discoveredAt.toISOString(), ...(v.occurredAt ? { occurredAt: v.occurredAt.toISOString() } : {}),
            dataInvolved: { resources: codes.map((code) => ({ code })), ...(v.records !== undefined && v.records !== null ? { records: v.records } : {}), personalInformation: !!v.personalInformation },
          });
          setOpen(false);
          void message.success(t('security.filed'));
          navigate(`/security/incidents/${created.id}`);
        }}
      >
        <Form.Item name="title" label={t('security.incidentTitle')} rules={required(t('security.incidentTitle'))}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="severity" label={t('security.severity')} rules={[{ required: true }]}>
          <Select options={SEVERITIES.map((s) => ({ value: s, label: t(`security.incidentSeverities.${s}`) }))} />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('security.occurredAt')}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="discoveredAt" label={t('security.discoveredAt')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('security.discoveredAt') }) }]}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="description" label={t('security.incidentDescription')} rules={required(t('security.incidentDescription'))}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="resources" label={t('security.resources')}>
          <Input />
        </Form.Item>
        <Form.Item name="records" label={t('security.records')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="personalInformation" label={t('security.personalInformation')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="measures" label={t('security.measures')} rules={required(t('security.measures'))}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </FormModal>
    </>
  );
}
