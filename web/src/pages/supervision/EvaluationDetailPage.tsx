import { useState } from 'react';
import { Alert, App, Button, Card, Drawer, Form, Input, InputNumber, List, Progress, Result, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { fetchEvidence, issueNotice, useDepartmentEvaluation, type CriterionKey, type CriterionResult, type EvidenceRow, type Figure } from '../../api/supervision';
import { NOTICE_ISSUERS, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { usePageCrumbs } from '../../layout/crumbs';
import { GROUND_NUMBERS, useGroundLabel } from './grounds';
import { pct, useSupervisionLabels } from './labels';

interface IssueForm {
  ground: number;
  facts: string;
  deadlineWorkdays: number;
}

/** One department's evaluation: each criterion's points and figures; a figure opens the rows behind it. */
export default function EvaluationDetailPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const year = Number(params.get('year')) || new Date().getFullYear();
  const { t } = useTranslation();
  const L = useSupervisionLabels();
  const groundLabel = useGroundLabel();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { me } = useSession();
  const { data, error, loading } = useDepartmentEvaluation(id, { year });
  const [drill, setDrill] = useState<{ criterion: CriterionKey; figure: Figure } | null>(null);
  const [rows, setRows] = useState<{ total: number; items: EvidenceRow[] } | null>(null);
  const [issuing, setIssuing] = useState(false);
  const [form] = Form.useForm<IssueForm>();
  usePageCrumbs([{ title: data?.department.departmentName ?? '…' }]);

  if (loading && !data) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (error !== undefined || !data) return <Result status="warning" title={errorMessage(error, t('common.loadFailed'))} />;
  const d = data.department;

  const open = (criterion: CriterionKey, figure: Figure) => {
    setDrill({ criterion, figure });
    setRows(null);
    fetchEvidence(d.departmentId, year, criterion, figure.key).then(setRows, (err: unknown) => message.error(errorMessage(err, t('common.loadFailed'))));
  };

  return (
    <>
      <PageHead title={`${t('supervision.detailTitle')} · ${d.departmentName}`} description={`${data.from} — ${data.to} · ${t('supervision.asOf', { date: data.asOf })}`} />
      <Card
        title={
          <Space>
            <span>{t('supervision.score')}</span>
            <Typography.Text strong style={{ fontSize: 24 }} data-testid="score">
              {d.score}
            </Typography.Text>
            <Tag>{`${t('supervision.rank')} ${d.rank}`}</Tag>
          </Space>
        }
        extra={
          hasAnyRole(me?.roles ?? [], NOTICE_ISSUERS) && (
            <Button type="primary" onClick={() => setIssuing(true)}>
              {t('supervision.notices.issue')}
            </Button>
          )
        }
      >
        <Table<CriterionResult>
          rowKey="key"
          pagination={false}
          size="middle"
          dataSource={d.criteria}
          columns={[
            { title: t('supervision.evaluationTitle'), key: 'key', width: 200, render: (_, c) => L.criterion(c.key) },
            { title: t('supervision.weight'), dataIndex: 'weight', width: 70 },
            { title: t('supervision.share'), key: 'share', width: 180, render: (_, c) => <Progress percent={Math.round(c.share * 1000) / 10} size="small" format={() => pct(c.share)} /> },
            { title: t('supervision.points'), key: 'points', width: 110, render: (_, c) => `${c.points} / ${c.maxPoints}` },
            {
              title: t('supervision.evidence'),
              key: 'figures',
              render: (_, c) => (
                <Space wrap size={[4, 4]}>
                  {c.figures.map((f) =>
                    f.evidence ? (
                      <Button key={f.key} size="small" type={f.value ? 'default' : 'text'} disabled={!f.value} onClick={() => open(c.key, f)}>
                        {`${L.figure(f.key)} ${f.value ?? '—'}`}
                      </Button>
                    ) : (
                      <Tag key={f.key}>{`${L.figure(f.key)} ${f.value ?? '—'}`}</Tag>
                    ),
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Drawer
        open={drill !== null}
        onClose={() => setDrill(null)}
        size={560}
        title={drill ? t('supervision.evidenceTitle', { criterion: L.criterion(drill.criterion), figure: L.figure(drill.figure.key) }) : ''}
      >
        {rows === null ? (
          <Spin />
        ) : (
          <>
            {rows.total > rows.items.length && <Alert type="info" title={t('supervision.shownOf', { shown: rows.items.length, total: rows.total })} style={{ marginBottom: 8 }} />}
            <List
              aria-label={t('supervision.evidence')}
              dataSource={rows.items}
              locale={{ emptyText: t('supervision.noEvidence') }}
              renderItem={(r) => (
                <List.Item>
                  <List.Item.Meta title={r.label} description={[r.date, r.detail].filter(Boolean).join(' · ')} />
                </List.Item>
              )}
            />
          </>
        )}
      </Drawer>
      <FormModal<IssueForm>
        title={`${t('supervision.notices.issue')} · ${d.departmentName}`}
        open={issuing}
        form={form}
        okText={t('supervision.notices.issue')}
        initialValues={{ deadlineWorkdays: 15 }}
        onCancel={() => setIssuing(false)}
        fieldFor={(code) => (code === 'NOTICE_FACTS_REQUIRED' ? 'facts' : undefined)}
        onSubmit={async (v) => {
          const n = await issueNotice({ departmentId: d.departmentId, ground: v.ground, facts: v.facts.trim(), deadlineWorkdays: v.deadlineWorkdays });
          message.success(t('supervision.notices.issuedOk'));
          setIssuing(false);
          navigate(`/supervision/notices/${n.id}`);
        }}
      >
        <Form.Item name="ground" label={t('supervision.notices.ground')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('supervision.notices.ground') }) }]}>
          <Select aria-label={t('supervision.notices.ground')} options={GROUND_NUMBERS.map((g) => ({ value: g, label: groundLabel(g) }))} />
        </Form.Item>
        <Form.Item name="facts" label={t('supervision.notices.facts')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('supervision.notices.facts') }) }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item name="deadlineWorkdays" label={t('supervision.notices.deadlineWorkdays')} rules={[{ required: true, type: 'integer', min: 1, max: 120 }]}>
          <InputNumber min={1} max={120} />
        </Form.Item>
      </FormModal>
    </>
  );
}
