import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Popconfirm, QRCode, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  changePassword, confirmTotp, disableTotp, listSessions, revokeSession, startTotp, totpStatus, type SessionRow,
} from '../../api/account';
import { errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { PageHead } from '../../components/PageHead';
import { formatDateTime } from '../../lib/time';

/** The signed-in user's own account (user menu → 账户与安全): password, sessions, one-time code. */
export default function AccountPage() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('account.title')} - ${t('app.name')}`;
  }, [t]);
  return (
    <>
      <PageHead title={t('account.title')} description={t('account.description')} />
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <TotpCard />
        <SessionsCard />
        <PasswordCard />
      </Space>
    </>
  );
}

interface PasswordForm { currentPassword: string; newPassword: string; confirm: string }

function PasswordCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [busy, setBusy] = useState(false);
  async function onFinish(v: PasswordForm) {
    setBusy(true);
    try {
      const r = await changePassword(v.currentPassword, v.newPassword);
      message.success(t('account.passwordChanged', { count: r.otherSessionsRevoked }));
      form.resetFields();
    } catch (err) {
      message.error(errorMessage(err, t('common.unknownError')));
    } finally {
      setBusy(false);
    }
  }
  const required = (field: string) => ({ required: true, message: t('common.required', { field }) });
  return (
    <Card title={t('account.passwordTitle')}>
      <Typography.Paragraph type="secondary">{t('account.passwordHint')}</Typography.Paragraph>
      <Form<PasswordForm> form={form} layout="vertical" style={{ maxWidth: 420 }} onFinish={onFinish} disabled={busy}>
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[required(t('account.currentPassword'))]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('account.newPassword')} rules={[required(t('account.newPassword'))]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            required(t('account.confirmPassword')),
            ({ getFieldValue }) => ({
              validator: (_, value) => (value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('account.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>{t('account.changePassword')}</Button>
      </Form>
    </Card>
  );
}

function SessionsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useRequest('sessions', listSessions);
  async function revoke(id: string) {
    try {
      await revokeSession(id);
      message.success(t('account.revoked'));
      reload();
    } catch (err) {
      message.error(errorMessage(err, t('common.unknownError')));
    }
  }
  const columns: TableColumnsType<SessionRow> = [
    { title: t('account.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => formatDateTime(v) },
    { title: t('account.lastSeenAt'), dataIndex: 'lastSeenAt', key: 'lastSeenAt', render: (v: string | null) => formatDateTime(v) },
    { title: t('account.ip'), dataIndex: 'ip', key: 'ip', render: (v: string | null) => v ?? '—' },
    { title: t('account.userAgent'), dataIndex: 'userAgent', key: 'ua', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('account.expiresAt'), dataIndex: 'expiresAt', key: 'expiresAt', render: (v: string) => formatDateTime(v) },
    {
      key: 'action',
      render: (_: unknown, s: SessionRow) => (s.current
        ? <Tag color="blue">{t('account.current')}</Tag>
        : (
          <Popconfirm title={t('account.revokeConfirm')} onConfirm={() => void revoke(s.id)}>
            <Button size="small" danger>{t('account.revoke')}</Button>
          </Popconfirm>
        )),
    },
  ];
  return (
    <Card title={t('account.sessionsTitle')}>
      <Typography.Paragraph type="secondary">{t('account.sessionsHint')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={errorMessage(error, t('common.unknownError'))} /> : null}
      <Table<SessionRow> rowKey="id" size="small" loading={loading} columns={columns} dataSource={data?.items ?? []} pagination={false} />
    </Card>
  );
}

function TotpCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, reload } = useRequest('totp', totpStatus);
  const [pending, setPending] = useState<{ secret: string; uri: string } | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);

  async function run(fn: () => Promise<void>) {
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      message.error(errorMessage(err, t('common.unknownError')));
    } finally {
      setBusy(false);
    }
  }
  const start = () => run(async () => setPending(await startTotp()));
  const confirm = () => run(async () => {
    const r = await confirmTotp(code.trim());
    setPending(null);
    setCode('');
    setRecovery(r.recoveryCodes);
    message.success(t('account.enrolled'));
    reload();
  });
  const disable = () => run(async () => {
    await disableTotp(code.trim());
    setCode('');
    message.success(t('account.disabled'));
    reload();
  });

  const codeInput = (
    <Input
      value={code}
      onChange={(e) => setCode(e.target.value)}
      placeholder={t('account.code')}
      aria-label={t('account.code')}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      style={{ width: 160 }}
    />
  );

  return (
    <Card
      title={t('account.totpTitle')}
      extra={data && <Tag color={data.enrolled ? 'green' : 'default'}>{data.enrolled ? t('account.totpEnabled') : t('account.totpDisabled')}</Tag>}
    >
      <Typography.Paragraph type="secondary">{t('account.totpHint')}</Typography.Paragraph>
      {data?.mandatory && !data.enrolled && <Alert type="warning" showIcon title={t('account.totpMandatory')} style={{ marginBottom: 16 }} />}
      {recovery && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('account.recoveryTitle')}
          description={(
            <>
              <Typography.Paragraph>{t('account.recoveryHint')}</Typography.Paragraph>
              <pre className="gs-recovery-codes" data-testid="recovery-codes">{recovery.join('\n')}</pre>
              <Button onClick={() => setRecovery(null)}>{t('account.done')}</Button>
            </>
          )}
        />
      )}
      {data?.enrolled && (
        <Space orientation="vertical">
          <Typography.Text>{t('account.recoveryLeft', { count: data.recoveryCodesLeft })}</Typography.Text>
          {!data.mandatory && (
            <Space wrap>
              <Typography.Text>{t('account.disableHint')}</Typography.Text>
              {codeInput}
              <Button danger loading={busy} onClick={() => void disable()} disabled={code.trim().length !== 6}>{t('account.disable')}</Button>
            </Space>
          )}
        </Space>
      )}
      {data && !data.enrolled && !pending && (
        <Button type="primary" loading={busy} onClick={() => void start()}>{t('account.enroll')}</Button>
      )}
      {pending && (
        <Space align="start" size="large" wrap>
          <QRCode value={pending.uri} size={180} />
          <Space orientation="vertical">
            <Typography.Text>{t('account.scan')}</Typography.Text>
            <Typography.Text code copyable data-testid="totp-secret">{pending.secret}</Typography.Text>
            <Space>
              {codeInput}
              <Button type="primary" loading={busy} onClick={() => void confirm()} disabled={code.trim().length !== 6}>{t('account.confirm')}</Button>
            </Space>
          </Space>
        </Space>
      )}
    </Card>
  );
}
