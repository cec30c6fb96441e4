import { useState } from 'react';
import { Alert, App, Badge, Button, Card, Descriptions, Form, Input, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { federationApi, type PlatformRow } from '../../api/federation';
import { useRequest } from '../../api/useRequest';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { formatDateTime } from '../../lib/time';

const STATUS_BADGE = { pending: 'processing', active: 'success', suspended: 'error', unreachable: 'warning', refused: 'error' } as const;

/** 平台互联 (SPEC C8): this platform's key; on the province, the city platforms' requests; on a city, its connection. */
export default function PlatformsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const own = useRequest('federation-key', () => federationApi.key());
  const isProvince = own.data?.level === 'province';
  const list = useRequest(own.data ? (isProvince ? 'federation-platforms' : null) : null, () => federationApi.platforms());
  const parent = useRequest(own.data && !isProvince ? 'federation-parent' : null, () => federationApi.parent());
  const [suspending, setSuspending] = useState<PlatformRow | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const status = (s: string) => <Badge status={STATUS_BADGE[s as keyof typeof STATUS_BADGE] ?? 'default'} text={t(`federation.status.${s}` as 'federation.status.active')} />;

  async function act(p: PlatformRow, action: 'approve' | 'resume') {
    try {
      await federationApi.decide(p.id, action);
      message.success(t(`federation.done.${action}`, { name: p.name }));
      list.reload();
    } catch (err) {
      message.error(errorMessage(err, t('common.unknownError')));
    }
  }

  const columns: TableColumnsType<PlatformRow> = [
    { title: t('federation.platform'), key: 'name', render: (_, p) => <div className="gs-cell-stack"><span>{p.name}</span><Typography.Text type="secondary" className="gs-mono gs-small">{p.url}</Typography.Text></div> },
    { title: t('federation.region'), dataIndex: 'regionCode', width: 100 },
    { title: t('federation.fingerprint'), dataIndex: 'fingerprint', width: 170, render: (f: string) => <Typography.Text className="gs-mono" copyable>{f}</Typography.Text> },
    { title: t('federation.statusLabel'), key: 'status', width: 150, render: (_, p) => <div className="gs-cell-stack">{status(p.status)}{p.statusReason && <Typography.Text type="secondary" className="gs-small">{p.statusReason}</Typography.Text>}</div> },
    { title: t('federation.lastSeen'), dataIndex: 'lastSeenAt', width: 170, render: (v: string | null) => (v ? formatDateTime(v) : '—') },
    {
      title: t('common.actions'), key: 'actions', width: 170,
      render: (_, p) => (
        <Space>
          {p.status === 'pending' && <Button size="small" type="primary" onClick={() => void act(p, 'approve')}>{t('federation.approve')}</Button>}
          {p.status === 'active' && <Button size="small" danger onClick={() => setSuspending(p)}>{t('federation.suspend')}</Button>}
          {p.status === 'suspended' && <Button size="small" onClick={() => void act(p, 'resume')}>{t('federation.resume')}</Button>}
        </Space>
      ),
    },
  ];

  const st = parent.data?.state;
  return (
    <>
      <PageHead title={t('menu.platforms')} description={t('federation.description')} />
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={t('federation.self')} loading={own.loading}>
          {own.data && (
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t('federation.level')}>{t(`federation.levels.${own.data.level}`)}</Descriptions.Item>
              <Descriptions.Item label={t('federation.region')}>{own.data.regionCode}</Descriptions.Item>
              <Descriptions.Item label={t('federation.fingerprint')}><Typography.Text className="gs-mono" copyable>{own.data.fingerprint}</Typography.Text></Descriptions.Item>
            </Descriptions>
          )}
          <Typography.Text type="secondary">{t('federation.compareHint')}</Typography.Text>
        </Card>
        {isProvince && (
          <Card size="small" title={t('federation.cities')}>
            <Table<PlatformRow> rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} columns={columns} pagination={false} locale={{ emptyText: t('federation.none') }} />
          </Card>
        )}
        {own.data && !isProvince && (
          <Card size="small" title={t('federation.parent')} extra={<Button size="small" onClick={async () => { try { await federationApi.connectNow(); parent.reload(); } catch (err) { message.error(errorMessage(err, t('common.unknownError'))); } }}>{t('federation.connectNow')}</Button>}>
            {st ? (
              <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                <Descriptions.Item label={t('federation.parentUrl')}>{st.url}</Descriptions.Item>
                <Descriptions.Item label={t('federation.statusLabel')}>{status(st.status)}{st.statusReason ? `（${st.statusReason}）` : ''}</Descriptions.Item>
                <Descriptions.Item label={t('federation.parentFingerprint')}>{st.fingerprint ? <Typography.Text className="gs-mono" copyable>{st.fingerprint}</Typography.Text> : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('federation.lastContact')}>{st.lastContactAt ? formatDateTime(st.lastContactAt) : '—'}</Descriptions.Item>
              </Descriptions>
            ) : <Alert type="info" showIcon message={t('federation.notYet')} />}
            {st?.lastError && <Alert type="warning" showIcon style={{ marginTop: 8 }} message={st.lastError} />}
          </Card>
        )}
      </Space>
      <FormModal<{ reason: string }>
        title={t('federation.suspendTitle', { name: suspending?.name ?? '' })}
        open={suspending !== null}
        form={form}
        danger
        okText={t('federation.suspend')}
        onCancel={() => setSuspending(null)}
        onSubmit={async (v) => {
          await federationApi.decide(suspending!.id, 'suspend', v.reason);
          message.success(t('federation.done.suspend', { name: suspending!.name }));
          setSuspending(null);
          list.reload();
        }}
      >
        <Form.Item name="reason" label={t('federation.reason')} rules={[{ required: true, whitespace: true, message: t('federation.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </FormModal>
    </>
  );
}
