import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Form, Input, Result, Row, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { disputeAction, useDispute } from '../../api/workflow';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { WorkdayDeadline } from '../../components/WorkdayDeadline';
import { usePageCrumbs } from '../../layout/crumbs';
import { formatDateTime } from '../../lib/time';
import { HistoryTimeline } from './ApplicationDetailPage';
import { StatusTag } from './StatusTag';

type Action = 'messages' | 'escalate' | 'decision' | 'settle';
const BODY_FIELD: Record<Action, string> = { messages: 'text', escalate: 'reason', decision: 'decision', settle: 'note' };
const LABEL: Record<Action, 'disputes.message' | 'disputes.escalate' | 'disputes.decide' | 'disputes.settle'> = {
  messages: 'disputes.message',
  escalate: 'disputes.escalate',
  decision: 'disputes.decide',
  settle: 'disputes.settle',
};

/** The actions a step offers to each of the user's roles in the dispute (docs/workflow-api.md, Disputes). */
function actionsFor(status: string, myRoles: string[]): Action[] {
  const party = myRoles.includes('party');
  const office = myRoles.includes('office');
  const lg = myRoles.includes('leading_group');
  const out = new Set<Action>();
  const closed = status === 'ruled' || status === 'resolved';
  if (closed) return [];
  if (party || office || (lg && status === 'leading_group')) out.add('messages');
  if (party && (status === 'negotiation' || status === 'office_decided')) out.add('escalate');
  if (office && (status === 'office_coordination' || status === 'office_decided')) out.add('escalate');
  if ((office && status === 'office_coordination') || (lg && status === 'leading_group')) out.add('decision');
  if (party && status !== 'leading_group') out.add('settle');
  return [...out];
}

export default function DisputeDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: d, error, loading, reload } = useDispute(id);
  const [action, setAction] = useState<Action | null>(null);
  const [form] = Form.useForm<{ text: string }>();
  usePageCrumbs([{ title: d ? t(`disputes.subjectTypes.${d.subjectType}`) : '…' }]);

  if (loading && !d) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (error !== undefined || !d) return <Result status="warning" title={errorMessage(error, t('common.loadFailed'))} />;
  const actions = actionsFor(d.status, d.myRoles);
  const subjectPath = d.subjectType === 'application' ? `/applications/${d.subjectId}` : `/objections/${d.subjectId}`;

  return (
    <>
      <PageHead title={t('disputes.title')} description={d.statement} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card
            title={<StatusTag status={d.status} label={d.statusLabel} />}
            extra={
              <Space wrap>
                {actions.map((a) => (
                  <Button key={a} type={a === 'decision' ? 'primary' : 'default'} onClick={() => setAction(a)}>
                    {t(LABEL[a])}
                  </Button>
                ))}
              </Space>
            }
          >
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'subject', label: t('disputes.subject'), children: <Link to={subjectPath}>{t(`disputes.subjectTypes.${d.subjectType}`)}</Link> },
                { key: 'consumer', label: t('applications.consumer'), children: d.consumer.name },
                { key: 'provider', label: t('applications.provider'), children: d.provider.name },
                { key: 'region', label: t('disputes.region'), children: d.region.name },
                { key: 'statement', label: t('disputes.statement'), children: d.statement },
                {
                  key: 'due',
                  label: t('disputes.stepDue'),
                  children: d.deadline ? <WorkdayDeadline date={d.deadline.date} workdaysLeft={d.deadline.workdaysLeft} level={d.deadline.level} provisional={d.deadline.provisional} /> : '—',
                },
                ...(d.officeDecision ? [{ key: 'office', label: t('disputes.officeDecision'), children: `${d.officeDecision.text}（${formatDateTime(d.officeDecision.at)}）` }] : []),
                ...(d.ruling ? [{ key: 'ruling', label: t('disputes.ruling'), children: `${d.ruling.text}（${formatDateTime(d.ruling.at)}）` }] : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('disputes.timeline')}>
            <HistoryTimeline entries={d.timeline} />
          </Card>
        </Col>
      </Row>
      <FormModal<{ text: string }>
        title={action ? t(LABEL[action]) : ''}
        open={action !== null}
        form={form}
        danger={action === 'decision' || action === 'escalate'}
        okText={t('common.submit')}
        onCancel={() => setAction(null)}
        onSubmit={async (v) => {
          if (!action) return;
          await disputeAction(d.id, action, { [BODY_FIELD[action]]: v.text.trim() });
          message.success(t('disputes.done'));
          setAction(null);
          reload();
        }}
      >
        <Form.Item name="text" label={t('disputes.text')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('disputes.text') }) }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </FormModal>
    </>
  );
}
