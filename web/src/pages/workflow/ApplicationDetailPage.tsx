import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Result, Row, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, DownloadOutlined, EditOutlined, FileTextOutlined, RollbackOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import {
  agreementPdf,
  decideApplication,
  signAgreement,
  useAgreement,
  useApplication,
  refileApplication,
  withdrawApplication,
  type ApplicationDetail,
  type HistoryEntry,
} from '../../api/workflow';
import { APPLICANTS, SHARE_APPROVERS, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { WorkdayDeadline } from '../../components/WorkdayDeadline';
import { usePageCrumbs } from '../../layout/crumbs';
import { saveResponse } from '../../lib/download';
import { formatDateTime } from '../../lib/time';
import { OpenDisputeButton } from './OpenDisputeButton';
import { StatusTag } from './StatusTag';
import { useStatusLabel } from './labels';

const MASKS = ['id_number', 'phone', 'name', 'hash', 'year_only', 'null'];

interface RefileForm {
  items: string[];
  purpose: string;
  legalBasis: string;
  validUntil: Dayjs;
}

interface ApproveForm {
  items: string[];
  masks: Record<string, string | undefined>;
  maxRecords?: number | null;
}

export function HistoryTimeline({ entries }: { entries: HistoryEntry[] }) {
  const { t, i18n } = useTranslation();
  const actionLabel = (action: string) => {
    const key = `wf.actions.${action.replace(/\./g, '_')}`;
    return i18n.exists(key) ? (t as (k: string) => string)(key) : action;
  };
  return (
    <Timeline
      items={entries.map((h) => ({
        content: (
          <>
            <Typography.Text strong>{actionLabel(h.action)}</Typography.Text>
            {h.text && <div>{h.text}</div>}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(h.at)}
                {h.actor ? ` · ${h.actor.name}${h.actor.departmentName ? `（${h.actor.departmentName}）` : ''}` : ''}
              </Typography.Text>
            </div>
          </>
        ),
      }))}
    />
  );
}

export default function ApplicationDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { me } = useSession();
  const navigate = useNavigate();
  const statusLabel = useStatusLabel();
  const { data: a, error, loading, reload } = useApplication(id);
  const [deciding, setDeciding] = useState<'approve' | 'refuse' | null>(null);
  const [signing, setSigning] = useState<'consumer' | 'provider' | null>(null);
  const [showAgreement, setShowAgreement] = useState(false);
  const [refiling, setRefiling] = useState<'resubmit' | 'amend' | null>(null);
  const [refileForm] = Form.useForm<RefileForm>();
  const [approveForm] = Form.useForm<ApproveForm>();
  const [refuseForm] = Form.useForm<{ reason: string }>();
  const [signForm] = Form.useForm<{ signedBy: string }>();
  const agreement = useAgreement(showAgreement && a?.agreement ? (id ?? null) : null, 0);
  usePageCrumbs([{ title: a?.resourceName ?? '…' }]);

  if (loading && !a) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (error !== undefined || !a) return <Result status="warning" title={errorMessage(error, t('common.loadFailed'))} />;

  const roles = me?.roles ?? [];
  const isConsumer = me?.departmentId === a.consumer.id;
  const isProvider = me?.departmentId === a.provider.id;
  const mayDecide = isProvider && hasAnyRole(roles, SHARE_APPROVERS) && a.status === 'pending';
  const isParty = (isConsumer && hasAnyRole(roles, ['data_user', 'dept_head'])) || (isProvider && hasAnyRole(roles, ['share_approver', 'catalog_editor', 'dept_head']));
  const mayDispute = isParty && a.status === 'refused';
  const mayResubmit = isConsumer && hasAnyRole(roles, APPLICANTS) && a.status === 'refused';
  const mayAmend = isConsumer && hasAnyRole(roles, APPLICANTS) && ['pending', 'approved', 'active', 'expired'].includes(a.status);
  const mayWithdraw = isConsumer && hasAnyRole(roles, APPLICANTS) && (a.status === 'pending' || a.status === 'approved');
  const signRoles = (side: 'consumer' | 'provider') => (side === 'consumer' ? ['data_user', 'dept_head'] : ['share_approver', 'dept_head']);
  const maySign = (side: 'consumer' | 'provider') =>
    a.status === 'approved' && !!a.agreement && !a.agreement[side] && (side === 'consumer' ? isConsumer : isProvider) && hasAnyRole(roles, signRoles(side));

  async function download(app: ApplicationDetail) {
    try {
      await saveResponse(await agreementPdf(app.id), `${app.agreement?.number ?? app.id}.pdf`);
    } catch (err) {
      message.error(errorMessage(err, t('common.unknownError')));
    }
  }

  function withdraw() {
    modal.confirm({
      title: t('applications.withdraw'),
      content: t('applications.withdrawConfirm'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await withdrawApplication(a!.id);
          message.success(t('applications.withdrawn'));
          reload();
        } catch (err) {
          message.error(errorMessage(err, t('common.unknownError')));
        }
      },
    });
  }

  const signature = (side: 'consumer' | 'provider') => {
    const s = a.agreement?.[side];
    return s ? (
      <Tag color="success" icon={<CheckOutlined />}>
        {t('applications.signedBy', { name: s.signedBy, at: formatDateTime(s.signedAt) })}
      </Tag>
    ) : (
      <Tag>{t('applications.notSigned')}</Tag>
    );
  };

  return (
    <>
      <PageHead title={a.resourceName} description={<span className="gs-mono">{a.resourceCode}</span>} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card
              title={t('applications.detail')}
              extra={
                <Space wrap>
                  {mayDecide && (
                    <>
                      <Button type="primary" icon={<CheckOutlined />} onClick={() => setDeciding('approve')}>
                        {t('applications.approve')}
                      </Button>
                      <Button danger icon={<CloseOutlined />} onClick={() => setDeciding('refuse')}>
                        {t('applications.refuse')}
                      </Button>
                    </>
                  )}
                  {mayResubmit && (
                    <Button icon={<EditOutlined />} onClick={() => setRefiling('resubmit')}>
                      {t('applications.resubmit')}
                    </Button>
                  )}
                  {mayAmend && (
                    <Button icon={<EditOutlined />} onClick={() => setRefiling('amend')}>
                      {t('applications.amend')}
                    </Button>
                  )}
                  {mayDispute && <OpenDisputeButton subjectType="application" subjectId={a.id} />}
                  {mayWithdraw && (
                    <Button icon={<RollbackOutlined />} onClick={withdraw}>
                      {t('applications.withdraw')}
                    </Button>
                  )}
                </Space>
              }
            >
              <Descriptions
                column={{ xs: 1, md: 2 }}
                size="small"
                items={[
                  { key: 'status', label: t('applications.status'), children: <StatusTag status={a.status} label={statusLabel(a.status, a.statusLabel)} /> },
                  {
                    key: 'deadline',
                    label: t('applications.deadline'),
                    children: a.deadline ? <WorkdayDeadline date={a.deadline.date} workdaysLeft={a.deadline.workdaysLeft} level={a.deadline.level} provisional={a.deadline.provisional} /> : '—',
                  },
                  { key: 'consumer', label: t('applications.consumer'), children: a.consumer.name },
                  { key: 'provider', label: t('applications.provider'), children: a.provider.name },
                  { key: 'filedOn', label: t('applications.filedOn'), children: a.filedOn },
                  { key: 'period', label: t('applications.period'), children: `${a.validFrom} ~ ${a.validUntil}` },
                  { key: 'items', label: t('applications.items'), span: 2, children: a.items.map((i) => <Tag key={i}>{i}</Tag>) },
                  ...(a.approvedItems
                    ? [
                        {
                          key: 'approved',
                          label: t('applications.approvedItems'),
                          span: 2,
                          children: a.approvedItems.map((i) => (
                            <Tag key={i} color="blue">
                              {i}
                              {a.masks[i] ? `（${a.masks[i]}）` : ''}
                            </Tag>
                          )),
                        },
                      ]
                    : []),
                  ...(a.maxRecords ? [{ key: 'maxRecords', label: t('applications.maxRecords'), children: a.maxRecords }] : []),
                  { key: 'purpose', label: t('applications.purpose'), span: 2, children: a.purpose },
                  { key: 'legalBasis', label: t('applications.legalBasis'), span: 2, children: a.legalBasis },
                  ...(a.decisionReason ? [{ key: 'reason', label: t('applications.decisionReason'), span: 2, children: a.decisionReason }] : []),
                ]}
              />
              {a.grant && a.grant.status === 'active' && (
                <Alert
                  type="success"
                  showIcon
                  style={{ marginTop: 12 }}
                  title={t('applications.grantActive', { from: a.grant.validFrom, until: a.grant.validUntil })}
                />
              )}
            </Card>

            <Card title={t('applications.agreement')}>
              {a.agreement ? (
                <>
                  <Descriptions
                    column={1}
                    size="small"
                    items={[
                      { key: 'number', label: t('applications.agreementNumber'), children: <span className="gs-mono">{a.agreement.number}</span> },
                      {
                        key: 'digest',
                        label: t('applications.digest'),
                        children: (
                          <Typography.Text className="gs-mono" style={{ fontSize: 12 }} copyable={{ text: a.agreement.digest }}>
                            {a.agreement.digestAlg}:{a.agreement.digest.slice(0, 24)}…
                          </Typography.Text>
                        ),
                      },
                      { key: 'consumer', label: t('applications.consumerSign'), children: signature('consumer') },
                      { key: 'provider', label: t('applications.providerSign'), children: signature('provider') },
                    ]}
                  />
                  {a.status === 'approved' && <Alert type="info" showIcon style={{ margin: '12px 0' }} title={t('applications.grantStarts')} />}
                  <Space wrap style={{ marginTop: 8 }}>
                    <Button icon={<FileTextOutlined />} onClick={() => setShowAgreement(true)}>
                      {t('applications.viewAgreement')}
                    </Button>
                    <Button icon={<DownloadOutlined />} onClick={() => void download(a)}>
                      {t('applications.downloadPdf')}
                    </Button>
                    {(['consumer', 'provider'] as const).filter(maySign).map((side) => (
                      <Button key={side} type="primary" icon={<EditOutlined />} onClick={() => setSigning(side)}>
                        {t('applications.signAs', { party: t(`applications.parties.${side}`) })}
                      </Button>
                    ))}
                  </Space>
                </>
              ) : (
                <Typography.Text type="secondary">{t('applications.noAgreement')}</Typography.Text>
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('wf.history')}>
            <HistoryTimeline entries={a.history} />
          </Card>
        </Col>
      </Row>

      <FormModal<ApproveForm>
        title={t('applications.approveTitle')}
        open={deciding === 'approve'}
        form={approveForm}
        okText={t('applications.confirmApprove')}
        initialValues={{ items: a.items, masks: {} }}
        onCancel={() => setDeciding(null)}
        fieldFor={(code) => (code.includes('ITEMS') ? 'items' : undefined)}
        onSubmit={async (v) => {
          const masks = Object.fromEntries(Object.entries(v.masks ?? {}).filter(([k, m]) => m && v.items.includes(k))) as Record<string, string>;
          await decideApplication(a.id, { decision: 'approve', items: v.items, ...(Object.keys(masks).length ? { masks } : {}), ...(v.maxRecords ? { maxRecords: v.maxRecords } : {}) });
          message.success(t('applications.approved'));
          setDeciding(null);
          reload();
        }}
      >
        <Typography.Paragraph type="secondary">{t('applications.approveHint')}</Typography.Paragraph>
        <Form.Item name="items" label={t('applications.approvedItems')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('applications.approvedItems') }) }]}>
          <Checkbox.Group options={a.items.map((i) => ({ value: i, label: i }))} />
        </Form.Item>
        {a.items.map((i) => (
          <Form.Item key={i} name={['masks', i]} label={`${t('applications.masks')}：${i}`}>
            <Select allowClear style={{ width: 200 }} options={MASKS.map((m) => ({ value: m, label: m }))} />
          </Form.Item>
        ))}
        <Form.Item name="maxRecords" label={t('applications.maxRecords')} extra={t('applications.maxRecordsHelp')}>
          <InputNumber min={1} max={100000} precision={0} style={{ width: 200 }} />
        </Form.Item>
      </FormModal>

      <FormModal<{ reason: string }>
        title={t('applications.refuseTitle')}
        open={deciding === 'refuse'}
        form={refuseForm}
        danger
        okText={t('applications.confirmRefuse')}
        onCancel={() => setDeciding(null)}
        fieldFor={(code) => (code === 'APPLICATION_REASON_REQUIRED' ? 'reason' : undefined)}
        onSubmit={async (v) => {
          await decideApplication(a.id, { decision: 'refuse', reason: v.reason.trim() });
          message.success(t('applications.refused'));
          setDeciding(null);
          reload();
        }}
      >
        <Form.Item name="reason" label={t('applications.reason')} rules={[{ required: true, whitespace: true, message: t('applications.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </FormModal>

      <FormModal<{ signedBy: string }>
        title={signing ? t('applications.signAs', { party: t(`applications.parties.${signing}`) }) : ''}
        open={signing !== null}
        form={signForm}
        okText={t('applications.signNow')}
        initialValues={{ signedBy: me?.username ?? '' }}
        onCancel={() => setSigning(null)}
        onSubmit={async (v) => {
          if (!signing) return;
          const party = signing;
          await signAgreement(a.id, party, v.signedBy.trim());
          message.success(t('applications.signed'));
          setSigning(null);
          reload();
        }}
      >
        <Typography.Paragraph>{t('applications.grantStarts')}</Typography.Paragraph>
        <Form.Item name="signedBy" label={t('applications.signer')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('applications.signer') }) }]}>
          <Input maxLength={64} />
        </Form.Item>
      </FormModal>

      <FormModal<RefileForm>
        title={refiling ? t(`applications.${refiling}`) : ''}
        open={refiling !== null}
        form={refileForm}
        okText={t('common.submit')}
        initialValues={{ items: a.items, purpose: a.purpose, legalBasis: a.legalBasis, validUntil: dayjs(a.validUntil) }}
        onCancel={() => setRefiling(null)}
        fieldFor={(code) => (code.includes('ITEM') ? 'items' : code.includes('PERIOD') ? 'validUntil' : undefined)}
        onSubmit={async (v) => {
          if (!refiling) return;
          const res = await refileApplication(a.id, refiling, {
            items: v.items,
            purpose: v.purpose.trim(),
            legalBasis: v.legalBasis.trim(),
            validUntil: v.validUntil.format('YYYY-MM-DD'),
          });
          message.success(t('applications.refiled', { date: res.acceptBy }));
          setRefiling(null);
          navigate(`/applications/${res.id}`);
        }}
      >
        <Form.Item name="items" label={t('applications.items')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('applications.items') }) }]}>
          <Checkbox.Group options={a.items.map((i) => ({ value: i, label: i }))} />
        </Form.Item>
        <Form.Item name="purpose" label={t('applications.purpose')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('applications.purpose') }) }]}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('applications.legalBasis')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('applications.legalBasis') }) }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item
          name="validUntil"
          label={t('applications.period')}
          rules={[{ required: true, message: t('common.requiredSelect', { field: t('applications.period') }) }]}
        >
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: 200 }} />
        </Form.Item>
      </FormModal>

      <Modal title={t('applications.agreement')} open={showAgreement} onCancel={() => setShowAgreement(false)} footer={null} width={760}>
        {agreement.loading && <Spin />}
        {agreement.data && (
          <>
            <pre className="gs-mono" style={{ maxHeight: 240, overflow: 'auto', fontSize: 12, background: '#fafafa', padding: 8 }}>
              {JSON.stringify({ ...agreement.data.content, clauses: undefined }, null, 2)}
            </pre>
            <Typography.Title level={5}>{t('applications.clauses')}</Typography.Title>
            {(agreement.data.content.clauses ?? []).map((c) => (
              <Typography.Paragraph key={c.title}>
                <Typography.Text strong>{c.title}</Typography.Text>（{c.basis}）{c.text}
              </Typography.Paragraph>
            ))}
          </>
        )}
      </Modal>
    </>
  );
}
