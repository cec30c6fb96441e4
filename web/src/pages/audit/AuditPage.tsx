import { useState } from 'react';
import { Alert, Button, Card, Empty, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { NodeIndexOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useAuditEvents, verifyAuditChain, type AuditEvent, type AuditOutcome, type VerifyResult } from '../../api/audit';
import { AUDIT_VERIFIERS, TRACE_READERS, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { PageHead } from '../../components/PageHead';
import { formatDateTime } from '../../lib/time';
import { ACTION_LABELS, OBJECT_TYPE_LABELS } from './auditLabels';
import { serverPagination } from '../../components/serverPagination';

const OUTCOME_COLORS: Record<AuditOutcome, string> = { success: 'success', failure: 'error', denied: 'warning' };
const PAGE_SIZE = 20;

type Verification = { state: 'running' } | { state: 'done'; result: VerifyResult } | { state: 'failed'; message: string };

export default function AuditPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const mayVerify = hasAnyRole(me?.roles ?? [], AUDIT_VERIFIERS);
  const mayTrace = hasAnyRole(me?.roles ?? [], TRACE_READERS);
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(PAGE_SIZE);
  const [action, setAction] = useState<string>();
  const { data, error, loading } = useAuditEvents({ page, size, action });
  const [verification, setVerification] = useState<Verification | null>(null);

  const actionLabel = (code: string) => {
    const key = ACTION_LABELS[code];
    return key ? t(`audit.actions.${key}`) : code;
  };
  const objectLabel = (type: string) => {
    const key = OBJECT_TYPE_LABELS[type];
    return key ? t(`audit.objectTypes.${key}`) : type;
  };

  async function verify() {
    setVerification({ state: 'running' });
    try {
      setVerification({ state: 'done', result: await verifyAuditChain() });
    } catch (err) {
      setVerification({ state: 'failed', message: errorMessage(err, t('common.unknownError')) });
    }
  }

  const columns: TableColumnsType<AuditEvent> = [
    { title: t('audit.seq'), dataIndex: 'seq', key: 'seq', width: 80, render: (s: number) => <span className="gs-mono">{s}</span> },
    { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 180, render: (at: string) => formatDateTime(at) },
    { title: t('audit.actor'), dataIndex: 'actorName', key: 'actorName', width: 140, render: (a: string | null) => a ?? '—' },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      key: 'action',
      render: (a: string) => (
        <span>
          {actionLabel(a)}{' '}
          {ACTION_LABELS[a] && (
            <Typography.Text type="secondary" className="gs-mono" style={{ fontSize: 12 }}>
              {a}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: t('audit.object'),
      key: 'object',
      render: (_, e) =>
        e.objectType ? (
          <span>
            {objectLabel(e.objectType)}{' '}
            {e.objectId && (
              <Tooltip title={e.objectId}>
                <Typography.Text type="secondary" className="gs-mono" style={{ fontSize: 12 }}>
                  {e.objectId.length > 14 ? `${e.objectId.slice(0, 12)}…` : e.objectId}
                </Typography.Text>
              </Tooltip>
            )}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      key: 'outcome',
      width: 90,
      render: (o: AuditOutcome) => <Tag color={OUTCOME_COLORS[o]}>{t(`audit.outcomes.${o}`)}</Tag>,
    },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      key: 'requestId',
      width: 150,
      render: (id: string | null) =>
        id ? (
          <Typography.Text
            type="secondary"
            className="gs-mono"
            style={{ fontSize: 12 }}
            copyable={{ text: id, tooltips: [t('common.copy'), t('common.copied')] }}
          >
            {id.slice(0, 8)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <>
      <PageHead title={t('audit.title')} description={t('audit.description')} />
      {verification?.state === 'done' && (
        <Alert
          type={verification.result.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => setVerification(null) }}
          style={{ marginBottom: 16 }}
          title={
            verification.result.ok
              ? t('audit.verifyOk', { checked: verification.result.checked })
              : verification.result.firstBadSeq !== undefined
                ? t('audit.verifyBad', { seq: verification.result.firstBadSeq })
                : t('audit.verifyBadNoSeq')
          }
          description={verification.result.ok ? undefined : t('audit.verifyChecked', { checked: verification.result.checked })}
        />
      )}
      {verification?.state === 'failed' && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={verification.message} />
      )}
      <Card>
        <div className="gs-toolbar">
          <div className="gs-toolbar-filters">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'search' }}
              value={action}
              onChange={(v: string | undefined) => {
                setAction(v);
                setPage(1);
              }}
              placeholder={t('audit.actionFilter')}
              aria-label={t('audit.action')}
              options={Object.keys(ACTION_LABELS).map((code) => ({
                value: code,
                label: actionLabel(code),
                search: `${actionLabel(code)} ${code}`,
              }))}
              style={{ width: 260 }}
            />
          </div>
          {mayTrace && (
            <Link to="/audit/trace">
              <Button icon={<NodeIndexOutlined />}>{t('trace.open')}</Button>
            </Link>
          )}
          {mayVerify && (
            <Button
              icon={<SafetyCertificateOutlined />}
              loading={verification?.state === 'running'}
              onClick={() => void verify()}
            >
              {verification?.state === 'running' ? t('audit.verifying') : t('audit.verify')}
            </Button>
          )}
        </div>
        <Table<AuditEvent>
          rowKey="seq"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          pagination={serverPagination(t, page, size, data?.total, setPage, setSize)}
          locale={{
            emptyText: (
              <Empty
                description={
                  error ? errorMessage(error, t('common.loadFailed')) : action ? t('audit.emptyFiltered') : t('audit.empty')
                }
              />
            ),
          }}
        />
      </Card>
    </>
  );
}
