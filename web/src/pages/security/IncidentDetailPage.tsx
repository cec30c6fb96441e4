import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Result, Space, Spin, Table, Tag, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { addIncidentNote, useIncident, type IncidentDetail } from '../../api/security';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { usePageCrumbs } from '../../layout/crumbs';
import { formatDateTime } from '../../lib/time';
import { IncidentStatusTag } from './tags';

type Step = { status?: 'investigating' | 'closed'; label: string };
const DELIVERY_COLORS = { pending: 'gold', sent: 'green', failed: 'red' } as const;

/** One incident: what was reported, where it was forwarded, and the timeline to closure. */
export default function IncidentDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: i, error, loading, reload } = useIncident(id);
  const [step, setStep] = useState<Step | null>(null);
  const [form] = Form.useForm<{ note: string }>();
  usePageCrumbs([{ title: i?.title ?? '…' }]);

  if (loading && !i) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (error !== undefined || !i) return <Result status="warning" title={errorMessage(error, t('common.loadFailed'))} />;
  const next: Step | undefined =
    i.status === 'reported' ? { status: 'investigating', label: t('security.startInvestigation') } : i.status === 'investigating' ? { status: 'closed', label: t('security.closeIncident') } : undefined;

  return (
    <>
      <PageHead title={i.title} description={i.departmentName} />
      <Card
        extra={
          i.status !== 'closed' && (
            <Space>
              <Button onClick={() => setStep({ label: t('security.addNote') })}>{t('security.addNote')}</Button>
              {next && (
                <Button type="primary" onClick={() => setStep(next)}>
                  {next.label}
                </Button>
              )}
            </Space>
          )
        }
      >
        <Descriptions column={2} bordered size="small">
          <Descriptions.Item label={t('security.status')}>
            <IncidentStatusTag status={i.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('security.severity')}>{t(`security.incidentSeverities.${i.severity}`)}</Descriptions.Item>
          <Descriptions.Item label={t('security.occurredAt')}>{formatDateTime(i.occurredAt) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('security.discoveredAt')}>{formatDateTime(i.discoveredAt)}</Descriptions.Item>
          <Descriptions.Item label={t('security.reportedBy')}>{i.reportedBy}</Descriptions.Item>
          <Descriptions.Item label={t('security.records')}>{i.dataInvolved.records ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('security.resources')} span={2}>
            {i.dataInvolved.resources.map((r) => (
              <Tag key={r.code} className="gs-mono">
                {r.code}
                {r.records !== undefined ? ` × ${r.records}` : ''}
              </Tag>
            ))}
            {i.dataInvolved.personalInformation && <Tag color="red">{t('security.personalInformation')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('security.incidentDescription')} span={2}>
            {i.description}
          </Descriptions.Item>
          <Descriptions.Item label={t('security.measures')} span={2}>
            {i.measures}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('security.deliveries')} style={{ marginTop: 16 }}>
        {i.deliveries.length === 0 ? (
          t('security.noDelivery')
        ) : (
          <Table<IncidentDetail['deliveries'][number]>
            rowKey="channel"
            size="small"
            pagination={false}
            dataSource={i.deliveries}
            columns={[
              { title: 'Channel', dataIndex: 'channel', key: 'channel', width: 100 },
              { title: 'Address', dataIndex: 'address', key: 'address', ellipsis: true },
              { title: t('security.status'), key: 'status', width: 150, render: (_, d) => <Tag color={DELIVERY_COLORS[d.status]}>{t(`security.deliveryStatuses.${d.status}`)}</Tag> },
              { title: '', key: 'attempts', width: 300, render: (_, d) => `${t('security.attempts', { n: d.attempts })}${d.sentAt ? ` · ${formatDateTime(d.sentAt)}` : ''}${d.lastError ? ` · ${d.lastError}` : ''}` },
            ]}
          />
        )}
      </Card>
      <Card title={t('security.timeline')} style={{ marginTop: 16 }}>
        <Timeline
          items={i.timeline.map((n) => ({
            color: n.kind === 'status' ? 'blue' : n.kind === 'delivery' ? 'green' : 'gray',
            content: (
              <>
                <div>
                  {n.statusTo && <IncidentStatusTag status={n.statusTo as IncidentDetail['status']} />} {n.text}
                </div>
                <div style={{ fontSize: 12, opacity: 0.65 }}>
                  {n.actorName} · {formatDateTime(n.at)}
                </div>
              </>
            ),
          }))}
        />
      </Card>
      <FormModal<{ note: string }>
        title={step?.label ?? ''}
        open={step !== null}
        form={form}
        onCancel={() => setStep(null)}
        onSubmit={async ({ note }) => {
          await addIncidentNote(i.id, note, step?.status);
          setStep(null);
          void message.success(t('security.saved'));
          reload();
        }}
      >
        <Form.Item name="note" label={t('security.note')} rules={[{ required: true, whitespace: true, message: t('security.noteRequired') }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
      </FormModal>
    </>
  );
}
