import { useState } from 'react';
import { App, Badge, Button, Card, Descriptions, Empty, Form, Input, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PauseCircleOutlined, PlayCircleOutlined, ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { checkNode, resumeNode, suspendNode, useNodes, type DataNode } from '../../api/nodes';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { formatDateTime } from '../../lib/time';

/** Past this, the last good answer says little about now: "check now" asks again. */
const STALE_MS = 5 * 60 * 1000;

type Health = 'ok' | 'degraded' | 'down' | 'stale' | 'unknown';

/** The last probe's verdict: a failed probe leaves an error; a good one, the time and the node's own health. */
function health(n: DataNode): Health {
  if (n.lastError) return 'down';
  if (!n.lastSeenAt) return 'unknown';
  if (Date.now() - new Date(n.lastSeenAt).getTime() > STALE_MS) return 'stale';
  return n.health?.status === 'degraded' ? 'degraded' : 'ok';
}

const HEALTH_BADGE = { ok: 'success', degraded: 'warning', down: 'error', stale: 'default', unknown: 'default' } as const;

/** 数据服务节点: the providers' nodes as the platform sees them; suspend (with a reason), resume, probe now. */
export default function NodesPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { data, error, loading, reload } = useNodes();
  const [checking, setChecking] = useState<string | null>(null);
  const [suspending, setSuspending] = useState<DataNode | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  async function check(n: DataNode) {
    setChecking(n.id);
    try {
      const r = await checkNode(n.id);
      if (r.ok) message.success(t('nodes.checkOk', { name: n.name, ms: r.latencyMs ?? '—' }));
      else message.error(t('nodes.checkFailed', { name: n.name, error: r.error ?? '' }));
      reload();
    } catch (err) {
      message.error(errorMessage(err, t('common.unknownError')));
    } finally {
      setChecking(null);
    }
  }

  function resume(n: DataNode) {
    modal.confirm({
      title: t('nodes.resumeTitle', { name: n.name }),
      content: t('nodes.resumeText'),
      okText: t('nodes.resume'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await resumeNode(n.id);
          message.success(t('nodes.resumed', { name: n.name }));
          reload();
        } catch (err) {
          message.error(errorMessage(err, t('common.unknownError')));
        }
      },
    });
  }

  const columns: TableColumnsType<DataNode> = [
    {
      title: t('nodes.name'),
      key: 'name',
      render: (_, n) => (
        <div className="gs-cell-stack">
          <span>{n.name}</span>
          <Typography.Text type="secondary" className="gs-mono gs-small" ellipsis={{ tooltip: n.url }}>
            {n.url}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('nodes.department'), dataIndex: 'departmentName', key: 'departmentName', width: 160, ellipsis: true },
    {
      title: t('nodes.status'),
      key: 'status',
      width: 100,
      render: (_, n) =>
        n.status === 'active' ? (
          <Badge status="success" text={t('nodes.active')} />
        ) : (
          <Tooltip title={n.statusReason}>
            <Badge status="warning" text={t('nodes.suspended')} />
          </Tooltip>
        ),
    },
    {
      title: t('nodes.health'),
      key: 'health',
      width: 150,
      render: (_, n) => {
        const h = health(n);
        return (
          <Tooltip title={n.lastError}>
            <Badge status={HEALTH_BADGE[h]} text={t(`nodes.healthStates.${h}`)} />
          </Tooltip>
        );
      },
    },
    {
      title: t('nodes.latency'),
      dataIndex: 'lastLatencyMs',
      key: 'lastLatencyMs',
      width: 90,
      sorter: (a, b) => (a.lastLatencyMs ?? Infinity) - (b.lastLatencyMs ?? Infinity),
      render: (ms: number | null) => (ms === null ? '—' : `${ms} ms`),
    },
    {
      title: t('nodes.lastSeen'),
      dataIndex: 'lastSeenAt',
      key: 'lastSeenAt',
      width: 170,
      sorter: (a, b) => (a.lastSeenAt ?? '').localeCompare(b.lastSeenAt ?? ''),
      render: (at: string | null) => (at ? formatDateTime(at) : <span className="gs-muted">{t('nodes.neverSeen')}</span>),
    },
    { title: t('nodes.version'), dataIndex: 'version', key: 'version', width: 80, render: (v: string | null) => v ?? '—' },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_, n) => (
        <Space size={4}>
          <Button size="small" icon={<ThunderboltOutlined />} loading={checking === n.id} onClick={() => void check(n)}>
            {t('nodes.check')}
          </Button>
          {n.status === 'active' ? (
            <Button size="small" danger icon={<PauseCircleOutlined />} onClick={() => setSuspending(n)}>
              {t('nodes.suspend')}
            </Button>
          ) : (
            <Button size="small" icon={<PlayCircleOutlined />} onClick={() => resume(n)}>
              {t('nodes.resume')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHead title={t('menu.exchangeNodes')} description={t('nodes.description')} />
      <Card>
        <div className="gs-toolbar">
          <Typography.Text type="secondary">{t('nodes.count', { count: data?.items.length ?? 0 })}</Typography.Text>
          <Button icon={<ReloadOutlined />} onClick={reload} loading={loading}>
            {t('common.refresh')}
          </Button>
        </div>
        <Table<DataNode>
          rowKey="id"
          size="middle"
          tableLayout="fixed"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          pagination={false}
          expandable={{ expandedRowRender: (n) => <NodeDetail node={n} /> }}
          locale={{ emptyText: <Empty description={error ? errorMessage(error, t('common.loadFailed')) : t('nodes.empty')} /> }}
        />
      </Card>
      <FormModal<{ reason: string }>
        title={t('nodes.suspendTitle', { name: suspending?.name ?? '' })}
        open={suspending !== null}
        form={form}
        okText={t('nodes.suspend')}
        danger
        onCancel={() => setSuspending(null)}
        onSubmit={async ({ reason }) => {
          await suspendNode(suspending!.id, reason.trim());
          message.success(t('nodes.suspended_done', { name: suspending!.name }));
          setSuspending(null);
          reload();
        }}
        fieldFor={(code) => (code === 'REASON_REQUIRED' ? 'reason' : undefined)}
      >
        <Typography.Paragraph type="warning">{t('nodes.suspendWarning')}</Typography.Paragraph>
        <Form.Item
          name="reason"
          label={t('nodes.reason')}
          rules={[{ required: true, whitespace: true, message: t('nodes.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('nodes.reasonPlaceholder')} />
        </Form.Item>
      </FormModal>
    </>
  );
}

function NodeDetail({ node: n }: { node: DataNode }) {
  const { t } = useTranslation();
  const sources = n.health?.sources ?? [];
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, lg: 2 }}
      items={[
        { key: 'url', label: t('nodes.url'), children: <span className="gs-mono">{n.url}</span> },
        { key: 'id', label: t('nodes.id'), children: <Typography.Text className="gs-mono" copyable>{n.id}</Typography.Text> },
        { key: 'registeredAt', label: t('nodes.registeredAt'), children: formatDateTime(n.registeredAt) },
        ...(n.statusReason ? [{ key: 'reason', label: t('nodes.reason'), children: n.statusReason }] : []),
        { key: 'keyRotatedAt', label: t('nodes.keyRotatedAt'), children: formatDateTime(n.keyRotatedAt) || '—' },
        ...(n.lastError ? [{ key: 'lastError', label: t('nodes.lastError'), children: <Typography.Text type="danger">{n.lastError}</Typography.Text> }] : []),
        {
          key: 'sources',
          label: t('nodes.sources'),
          span: 'filled' as const,
          children:
            sources.length === 0 ? (
              '—'
            ) : (
              <Space size={[4, 4]} wrap>
                {sources.map((s) => (
                  <Tag key={s.name} color={s.status === 'up' ? 'green' : 'red'}>
                    {s.name}（{s.type}）{s.status === 'up' ? `${s.latencyMs ?? '—'} ms` : s.code}
                  </Tag>
                ))}
              </Space>
            ),
        },
        {
          key: 'publicKey',
          label: t('nodes.publicKey'),
          span: 'filled' as const,
          children: (
            <Typography.Text className="gs-mono gs-small" copyable={{ text: n.publicKey }}>
              {n.publicKey.replace(/-----[^-]+-----|\s+/g, '').slice(0, 48)}…
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}
