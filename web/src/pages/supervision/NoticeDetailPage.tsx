import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Result, Row, Space, Spin, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { confirmNotice, dismissNotice, replyNotice, reviewNotice, useNotice } from '../../api/supervision';
import { NOTICE_ISSUERS, NOTICE_REPLIERS, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { WorkdayDeadline } from '../../components/WorkdayDeadline';
import { usePageCrumbs } from '../../layout/crumbs';
import { formatDateTime } from '../../lib/time';
import { useGroundLabel } from './grounds';
import { useSupervisionLabels } from './labels';
import { NoticeStatusTag } from './NoticesPage';

type Dialog = null | 'reply' | 'confirm' | 'dismiss' | 'reject';
interface TextForm {
  text: string;
  deadlineWorkdays?: number;
}

/** One notice: facts, deadline, reply and circular, its history; the actions of whoever may act now. */
export default function NoticeDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const groundLabel = useGroundLabel();
  const L = useSupervisionLabels();
  const { data: n, error, loading, reload } = useNotice(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<TextForm>();
  usePageCrumbs([{ title: n?.department.name ?? '…' }]);

  if (loading && !n) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (error !== undefined || !n) return <Result status="warning" title={errorMessage(error, t('common.loadFailed'))} />;

  const roles = me?.roles ?? [];
  const office = hasAnyRole(roles, NOTICE_ISSUERS);
  const mayReply = hasAnyRole(roles, NOTICE_REPLIERS) && me?.departmentId === n.department.id && (n.status === 'issued' || (n.status === 'circulated' && !n.closedAt));
  const mayReview = office && n.repliedAt !== null && (n.status === 'replied' || n.status === 'circulated');
  const done = (msg: string) => {
    message.success(msg);
    setDialog(null);
    reload();
  };
  const titles: Record<Exclude<Dialog, null>, string> = {
    reply: t('supervision.notices.reply'),
    confirm: t('supervision.notices.confirm'),
    dismiss: t('supervision.notices.dismiss'),
    reject: t('supervision.notices.reject'),
  };
  const textLabel = dialog === 'reply' ? t('supervision.notices.replyText') : dialog === 'confirm' ? t('supervision.notices.facts') : t('supervision.notices.dismissReason');

  return (
    <>
      <PageHead title={t('supervision.notices.detail')} description={`${n.department.name} · ${n.region.name}`} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card
            title={n.department.name}
            extra={
              <Space>
                {mayReply && (
                  <Button type="primary" onClick={() => setDialog('reply')}>
                    {t('supervision.notices.reply')}
                  </Button>
                )}
                {office && n.status === 'proposed' && (
                  <>
                    <Button type="primary" onClick={() => setDialog('confirm')}>
                      {t('supervision.notices.confirm')}
                    </Button>
                    <Button onClick={() => setDialog('dismiss')}>{t('supervision.notices.dismiss')}</Button>
                  </>
                )}
                {mayReview && (
                  <>
                    <Button
                      type="primary"
                      onClick={() => reviewNotice(n.id, 'accept').then(() => done(t('supervision.notices.reviewed')), (err: unknown) => message.error(errorMessage(err, t('common.unknownError'))))}
                    >
                      {t('supervision.notices.accept')}
                    </Button>
                    {n.status === 'replied' && <Button onClick={() => setDialog('reject')}>{t('supervision.notices.reject')}</Button>}
                  </>
                )}
              </Space>
            }
          >
            {n.circular && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('supervision.notices.circular')} description={n.circular} />}
            <Descriptions
              column={{ xs: 1, md: 2 }}
              size="small"
              items={[
                { key: 'status', label: t('supervision.notices.status'), children: <NoticeStatusTag n={n} /> },
                {
                  key: 'due',
                  label: t('supervision.notices.due'),
                  children: n.deadline ? <WorkdayDeadline date={n.deadline.date} workdaysLeft={n.deadline.workdaysLeft} level={n.deadline.level} provisional={n.deadline.provisional} /> : (n.dueOn ?? '—'),
                },
                { key: 'ground', label: t('supervision.notices.ground'), span: 2, children: groundLabel(n.ground) },
                { key: 'facts', label: t('supervision.notices.facts'), span: 2, children: n.facts },
                { key: 'source', label: t('supervision.notices.source'), children: t(`supervision.notices.sources.${n.source}`) },
                { key: 'issued', label: t('supervision.notices.deadlineWorkdays'), children: n.deadlineWorkdays ?? '—' },
                ...(n.reply ? [{ key: 'reply', label: t('supervision.notices.replyText'), span: 2, children: `${n.reply}（${formatDateTime(n.repliedAt)}）` }] : []),
                ...(n.dismissReason ? [{ key: 'dismiss', label: t('supervision.notices.dismissReason'), span: 2, children: n.dismissReason }] : []),
                ...(n.evidence.length ? [{ key: 'evidence', label: t('supervision.notices.evidence'), span: 2, children: n.evidence.map((e) => `${e.type}:${e.id}`).join('，') }] : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('supervision.notices.history')}>
            <Timeline
              items={n.history.map((h) => ({
                content: (
                  <>
                    <Typography.Text strong>{L.action(h.action)}</Typography.Text>
                    {h.text && <div>{h.text}</div>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${formatDateTime(h.at)} · ${h.actorName ?? ''}`}</Typography.Text>
                  </>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <FormModal<TextForm>
        title={dialog ? titles[dialog] : ''}
        open={dialog !== null}
        form={form}
        danger={dialog === 'dismiss' || dialog === 'reject'}
        okText={t('common.submit')}
        initialValues={dialog === 'confirm' ? { text: n.facts, deadlineWorkdays: 15 } : {}}
        onCancel={() => setDialog(null)}
        fieldFor={() => 'text'}
        onSubmit={async (v) => {
          const text = v.text.trim();
          if (dialog === 'reply') await replyNotice(n.id, text).then(() => done(t('supervision.notices.replied')));
          if (dialog === 'confirm') await confirmNotice(n.id, { facts: text, deadlineWorkdays: v.deadlineWorkdays }).then(() => done(t('supervision.notices.confirmed')));
          if (dialog === 'dismiss') await dismissNotice(n.id, text).then(() => done(t('supervision.notices.dismissed')));
          if (dialog === 'reject') await reviewNotice(n.id, 'reject', text).then(() => done(t('supervision.notices.reviewed')));
        }}
      >
        <Form.Item name="text" label={dialog === 'reject' ? t('supervision.notices.rejectReason') : textLabel} rules={[{ required: true, whitespace: true, message: t('common.required', { field: textLabel }) }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        {dialog === 'confirm' && (
          <Form.Item name="deadlineWorkdays" label={t('supervision.notices.deadlineWorkdays')} rules={[{ required: true, type: 'integer', min: 1, max: 120 }]}>
            <InputNumber min={1} max={120} />
          </Form.Item>
        )}
      </FormModal>
    </>
  );
}
