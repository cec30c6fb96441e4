import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Radio, Result, Row, Space, Spin, Tag } from 'antd';
import { MessageOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { replyObjection, useObjection } from '../../api/workflow';
import { OBJECTION_REPLIERS, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { WorkdayDeadline } from '../../components/WorkdayDeadline';
import { usePageCrumbs } from '../../layout/crumbs';
import { formatDateTime } from '../../lib/time';
import { HistoryTimeline } from './ApplicationDetailPage';
import { OpenDisputeButton } from './OpenDisputeButton';
import { StatusTag } from './StatusTag';
import { useStatusLabel } from './labels';

interface ReplyForm {
  decision: 'accept' | 'reject';
  reply: string;
  correction?: string;
}

export default function ObjectionDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const statusLabel = useStatusLabel();
  const { data: o, error, loading, reload } = useObjection(id);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ReplyForm>();
  const decision = Form.useWatch('decision', form);
  usePageCrumbs([{ title: o?.resourceName ?? '…' }]);

  if (loading && !o) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (error !== undefined || !o) return <Result status="warning" title={errorMessage(error, t('common.loadFailed'))} />;

  const mayReply = o.status === 'open' && me?.departmentId === o.provider.id && hasAnyRole(me?.roles ?? [], OBJECTION_REPLIERS);

  return (
    <>
      <PageHead title={t('objections.detail')} description={`${o.resourceName} · ${o.resourceCode}`} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card
            title={o.resourceName}
            extra={
              <Space>
                {mayReply && (
                  <Button type="primary" icon={<MessageOutlined />} onClick={() => setOpen(true)}>
                    {t('objections.reply')}
                  </Button>
                )}
                {o.status === 'rejected' && (me?.departmentId === o.consumer.id || me?.departmentId === o.provider.id) && (
                  <OpenDisputeButton subjectType="objection" subjectId={o.id} />
                )}
              </Space>
            }
          >
            {o.late && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('objections.lateWarning')} />}
            <Descriptions
              column={{ xs: 1, md: 2 }}
              size="small"
              items={[
                {
                  key: 'status',
                  label: t('objections.status'),
                  children: (
                    <Space size={4}>
                      <StatusTag status={o.status} label={statusLabel(o.status, o.statusLabel, 'objection')} />
                      {o.late && <Tag color="orange">{t('objections.late')}</Tag>}
                    </Space>
                  ),
                },
                {
                  key: 'deadline',
                  label: t('objections.replyBy'),
                  children: o.deadline ? <WorkdayDeadline date={o.deadline.date} workdaysLeft={o.deadline.workdaysLeft} level={o.deadline.level} provisional={o.deadline.provisional} /> : o.replyBy,
                },
                { key: 'consumer', label: t('applications.consumer'), children: o.consumer.name },
                { key: 'provider', label: t('applications.provider'), children: o.provider.name },
                { key: 'discoveredOn', label: t('objections.discoveredOn'), children: o.discoveredOn },
                { key: 'filedOn', label: t('applications.filedOn'), children: o.filedOn },
                { key: 'items', label: t('objections.items'), span: 2, children: o.items.length ? o.items.map((i) => <Tag key={i}>{i}</Tag>) : '—' },
                { key: 'description', label: t('objections.descriptionLabel'), span: 2, children: o.description },
                ...(o.reply ? [{ key: 'reply', label: t('objections.replyText'), span: 2, children: `${o.reply}（${formatDateTime(o.repliedAt)}）` }] : []),
                ...(o.correction ? [{ key: 'correction', label: t('objections.correction'), span: 2, children: o.correction.description }] : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('wf.history')}>
            <HistoryTimeline entries={o.history} />
          </Card>
        </Col>
      </Row>
      <FormModal<ReplyForm>
        title={t('objections.reply')}
        open={open}
        form={form}
        okText={t('common.submit')}
        initialValues={{ decision: 'accept' }}
        onCancel={() => setOpen(false)}
        fieldFor={(code) => (code === 'OBJECTION_CORRECTION_REQUIRED' ? 'correction' : undefined)}
        onSubmit={async (v) => {
          await replyObjection(o.id, {
            decision: v.decision,
            reply: v.reply.trim(),
            ...(v.decision === 'accept' ? { correction: { description: (v.correction ?? '').trim() } } : {}),
          });
          message.success(t('objections.replied'));
          setOpen(false);
          reload();
        }}
      >
        <Form.Item name="decision" label={t('objections.reply')}>
          <Radio.Group
            options={[
              { value: 'accept', label: t('objections.accept') },
              { value: 'reject', label: t('objections.reject') },
            ]}
          />
        </Form.Item>
        <Form.Item name="reply" label={t('objections.replyText')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('objections.replyText') }) }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        {decision !== 'reject' && (
          <Form.Item name="correction" label={t('objections.correction')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('objections.correction') }) }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        )}
      </FormModal>
    </>
  );
}
