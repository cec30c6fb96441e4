import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Result, Space, Spin, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { handleAlert, useAlert } from '../../api/security';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { usePageCrumbs } from '../../layout/crumbs';
import { formatDateTime } from '../../lib/time';
import { AlertStatusTag, SeverityTag } from './tags';

/** One alert: its evidence (audit sequence numbers, opened in the audit log) and its handling with a note. */
export default function AlertDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: a, error, loading, reload } = useAlert(id);
  const [step, setStep] = useState<'acknowledge' | 'close' | null>(null);
  const [form] = Form.useForm<{ note: string }>();
  usePageCrumbs([{ title: a?.ruleLabel ?? '…' }]);

  if (loading && !a) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (error !== undefined || !a) return <Result status="warning" title={errorMessage(error, t('common.loadFailed'))} />;
  const seqs = a.evidence.auditSeqs ?? [];
  const { auditSeqs: _seqs, ...rest } = a.evidence;

  return (
    <>
      <PageHead title={a.ruleLabel} description={a.title} />
      <Card
        extra={
          <Space>
            {a.status === 'open' && <Button onClick={() => setStep('acknowledge')}>{t('security.acknowledge')}</Button>}
            {a.status !== 'closed' && (
              <Button type="primary" onClick={() => setStep('close')}>
                {t('security.close')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions column={2} bordered size="small">
          <Descriptions.Item label={t('security.severity')}>
            <SeverityTag severity={a.severity} />
          </Descriptions.Item>
          <Descriptions.Item label={t('security.status')}>
            <AlertStatusTag status={a.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('security.raisedAt')}>{formatDateTime(a.raisedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('security.user')}>{a.userName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('security.grant')}>
            <span className="gs-mono">{a.grantId ?? '—'}</span>
            {a.autoAction === 'grant.suspended' && (
              <Tag color="red" style={{ marginLeft: 8 }}>
                {t('security.grantSuspended')}
              </Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('security.evidence')}>
            <Space size={4} wrap>
              {seqs.map((s) => (
                <span key={s} className="gs-mono">
                  #{s}
                </span>
              ))}
              {seqs.length === 0 && '—'}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('security.details')} span={2}>
            <pre className="gs-mono" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {JSON.stringify(rest, null, 2)}
            </pre>
          </Descriptions.Item>
          {a.acknowledgedAt && (
            <Descriptions.Item label={t('security.alertStatuses.acknowledged')} span={2}>
              {t('security.handledBy', { name: a.acknowledgedBy, at: formatDateTime(a.acknowledgedAt), note: a.acknowledgeNote })}
            </Descriptions.Item>
          )}
          {a.closedAt && (
            <Descriptions.Item label={t('security.alertStatuses.closed')} span={2}>
              {t('security.handledBy', { name: a.closedBy, at: formatDateTime(a.closedAt), note: a.closeNote })}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {(a.events ?? []).length > 0 && (
        <Card title={t('security.evidence')} style={{ marginTop: 16 }}>
          <Table
            rowKey="seq"
            size="small"
            pagination={false}
            dataSource={a.events}
            columns={[
              { title: '#', dataIndex: 'seq', key: 'seq', width: 80, render: (s: number) => <span className="gs-mono">{s}</span> },
              { title: t('security.eventAt'), dataIndex: 'at', key: 'at', width: 170, render: (v: string) => formatDateTime(v) },
              { title: t('security.user'), dataIndex: 'actorName', key: 'actor', width: 130 },
              { title: t('security.action'), dataIndex: 'action', key: 'action', render: (v: string) => <span className="gs-mono">{v}</span> },
              { title: t('security.outcome'), dataIndex: 'outcome', key: 'outcome', width: 100 },
            ]}
          />
        </Card>
      )}
      <FormModal<{ note: string }>
        title={step === 'close' ? t('security.close') : t('security.acknowledge')}
        open={step !== null}
        form={form}
        onCancel={() => setStep(null)}
        onSubmit={async ({ note }) => {
          await handleAlert(a.id, step!, note);
          setStep(null);
          void message.success(t('security.saved'));
          reload();
        }}
      >
        <Form.Item name="note" label={t('security.note')} rules={[{ required: true, whitespace: true, message: t('security.noteRequired') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </FormModal>
    </>
  );
}
