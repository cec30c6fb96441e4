import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Select, Space, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { LockOutlined, PauseCircleOutlined, PlayCircleOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { changeGrant, refileApplication, useManagedGrants, type GrantAction, type GrantSide, type ManagedGrant } from '../../api/workflow';
import { APPLICANTS, GRANT_MANAGERS, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { formatDateTime } from '../../lib/time';
import { maskLabel } from '../catalog/labels';
import { StatusTag } from './StatusTag';

const STATUSES = ['active', 'suspended', 'revoked', 'expired'] as const;
/** Roles that see every grant of their region (or all), not one department's side. */
const WIDE = ['admin', 'office', 'leading_group', 'auditor'];

interface RenewForm {
  items: string[];
  purpose: string;
  validFrom: Dayjs;
  validUntil: Dayjs;
}

/** The status a person reads: a grant past its period is 已到期 whatever its stored status (the bus refuses it). */
const shownStatus = (g: ManagedGrant) => (g.expired ? 'expired' : g.status);

/**
 * 授权管理 (Art. 23, 30): the grants a department holds as consumer, those on its resources as provider, or every
 * grant of the office's region; the provider's approvers and the office suspend, revoke and resume them with a
 * reason, and the consumer's data users apply for a renewal (an amendment pre-filled from the grant).
 */
export default function GrantsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { me } = useSession();
  const roles = me?.roles ?? [];
  const wide = hasAnyRole(roles, WIDE);
  const [params, setParams] = useSearchParams();
  const role: GrantSide = wide ? 'all' : params.get('role') === 'provider' ? 'provider' : 'consumer';
  const status = params.get('status') ?? undefined;
  const { data, error, loading, reload } = useManagedGrants({ role, ...(status ? { status } : {}) });
  const [acting, setActing] = useState<{ grant: ManagedGrant; action: GrantAction } | null>(null);
  const [renewing, setRenewing] = useState<ManagedGrant | null>(null);
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const [renewForm] = Form.useForm<RenewForm>();

  const isProviderSide = (g: ManagedGrant) => g.providerDepartmentId !== null && g.providerDepartmentId === me?.departmentId;
  // The server decides (grant.manage): the office and admin for their scope, the provider's approvers for their grants.
  const mayManage = (g: ManagedGrant) => hasAnyRole(roles, GRANT_MANAGERS) && (hasAnyRole(roles, ['office', 'admin']) || isProviderSide(g));
  const mayRenew = (g: ManagedGrant) => g.consumerDepartmentId === me?.departmentId && hasAnyRole(roles, APPLICANTS) && g.status !== 'revoked' && !!g.applicationId;
  const name = (g: ManagedGrant) => g.resourceName ?? g.resourceCode;

  const columns: TableColumnsType<ManagedGrant> = [
    {
      title: t('grants.resource'),
      key: 'resource',
      render: (_, g) => (
        <>
          {g.applicationId ? <Link to={`/applications/${g.applicationId}`}>{name(g)}</Link> : name(g)}
          <div>
            <Typography.Text type="secondary" className="gs-mono" style={{ fontSize: 12 }}>
              {g.resourceCode}
            </Typography.Text>
          </div>
        </>
      ),
    },
    ...(role !== 'consumer' ? [{ title: t('grants.consumer'), key: 'consumer', width: 150, render: (_: unknown, g: ManagedGrant) => g.consumerName }] : []),
    ...(role !== 'provider' ? [{ title: t('grants.provider'), key: 'provider', width: 150, render: (_: unknown, g: ManagedGrant) => g.providerName ?? '—' }] : []),
    {
      title: t('grants.status'),
      key: 'status',
      width: 120,
      render: (_, g) => (
        <Tooltip title={g.statusReason ?? undefined}>
          <span>
            <StatusTag status={shownStatus(g)} label={t(`grants.statuses.${shownStatus(g)}`)} />
          </span>
        </Tooltip>
      ),
    },
    {
      title: t('grants.items'),
      key: 'items',
      render: (_, g) => (
        <Space size={[0, 4]} wrap>
          {g.items.map((i) =>
            g.masks[i] ? (
              <Tooltip key={i} title={maskLabel(t, g.masks[i])}>
                <Tag icon={<LockOutlined />}>{i}</Tag>
              </Tooltip>
            ) : (
              <Tag key={i}>{i}</Tag>
            ),
          )}
        </Space>
      ),
    },
    {
      title: t('grants.period'),
      key: 'period',
      width: 200,
      render: (_, g) => {
        const days = dayjs(g.validUntil).diff(dayjs().startOf('day'), 'day');
        return (
          <>
            {g.validFrom} ~ {g.validUntil}
            {!g.expired && g.status !== 'revoked' && days <= 30 && (
              <div>
                <Tag color="orange">{t('grants.expiresIn', { count: days })}</Tag>
              </div>
            )}
          </>
        );
      },
    },
    {
      title: t('grants.quota'),
      key: 'quota',
      width: 140,
      render: (_, g) =>
        g.maxRecords === null && g.dailyQuota === null ? (
          <span className="gs-muted">{t('grants.noQuota')}</span>
        ) : (
          <>
            {g.maxRecords !== null && <div>{t('grants.maxRecords', { count: g.maxRecords })}</div>}
            {g.dailyQuota !== null && <div>{t('grants.dailyQuota', { count: g.dailyQuota })}</div>}
          </>
        ),
    },
    {
      title: t('grants.usage'),
      key: 'usage',
      width: 170,
      render: (_, g) => (
        <>
          <div>{t('grants.usageText', { calls: g.usage.calls, rows: g.usage.rows })}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {g.usage.lastUsedAt ? t('grants.lastUsed', { at: formatDateTime(g.usage.lastUsedAt) }) : t('grants.neverUsed')}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('grants.actions'),
      key: 'actions',
      width: 200,
      render: (_, g) => (
        <Space size={0} wrap>
          {mayManage(g) && g.status === 'active' && !g.expired && (
            <Button size="small" type="link" icon={<PauseCircleOutlined />} onClick={() => setActing({ grant: g, action: 'suspend' })}>
              {t('grants.suspend')}
            </Button>
          )}
          {mayManage(g) && g.status === 'suspended' && (
            <Button size="small" type="link" icon={<PlayCircleOutlined />} onClick={() => setActing({ grant: g, action: 'resume' })}>
              {t('grants.resume')}
            </Button>
          )}
          {mayManage(g) && g.status !== 'revoked' && !g.expired && (
            <Button size="small" type="link" danger icon={<StopOutlined />} onClick={() => setActing({ grant: g, action: 'revoke' })}>
              {t('grants.revoke')}
            </Button>
          )}
          {mayRenew(g) && (
            <Button size="small" type="link" icon={<ReloadOutlined />} onClick={() => setRenewing(g)}>
              {t('grants.renew')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const statusSelect = (
    <Select
      allowClear
      aria-label={t('grants.status')}
      placeholder={t('grants.allStatuses')}
      value={status}
      style={{ width: 160 }}
      onChange={(v?: string) => setParams(v ? { ...(wide ? {} : { role }), status: v } : wide ? {} : { role })}
      options={STATUSES.map((s) => ({ value: s, label: t(`grants.statuses.${s}`) }))}
    />
  );
  const renewFrom = (g: ManagedGrant) => {
    const next = dayjs(g.validUntil).add(1, 'day');
    return next.isBefore(dayjs(), 'day') ? dayjs().startOf('day') : next;
  };

  return (
    <>
      <PageHead title={t('grants.title')} description={t('grants.description')} />
      <Card>
        <Tabs
          activeKey={role}
          onChange={(k) => setParams(status ? { role: k, status } : { role: k })}
          items={wide ? [{ key: 'all', label: t('grants.region') }] : [
            { key: 'consumer', label: t('grants.asConsumer') },
            { key: 'provider', label: t('grants.asProvider') },
          ]}
          tabBarExtraContent={statusSelect}
        />
        {error !== undefined && <Alert type="error" showIcon title={errorMessage(error, t('common.loadFailed'))} style={{ marginBottom: 12 }} />}
        <Table<ManagedGrant>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          scroll={{ x: 1200 }}
          pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { total }) }}
        />
      </Card>

      <FormModal<{ reason: string }>
        title={acting ? t(`grants.actionTitle.${acting.action}`, { name: name(acting.grant) }) : ''}
        open={acting !== null}
        form={reasonForm}
        danger={acting?.action !== 'resume'}
        okText={acting ? t(`grants.${acting.action}`) : undefined}
        onCancel={() => setActing(null)}
        fieldFor={(code) => (code === 'VALIDATION_FAILED' ? 'reason' : undefined)}
        onSubmit={async (v) => {
          if (!acting) return;
          await changeGrant(acting.grant, acting.action, v.reason.trim());
          message.success(`${t(`grants.done.${acting.action}`)}：${name(acting.grant)}`);
          setActing(null);
          reload();
        }}
      >
        {acting && <Typography.Paragraph type="secondary">{t(`grants.actionHint.${acting.action}`)}</Typography.Paragraph>}
        <Form.Item name="reason" label={t('grants.reason')} rules={[{ required: true, whitespace: true, message: t('grants.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </FormModal>

      <FormModal<RenewForm>
        title={renewing ? t('grants.renewTitle', { name: name(renewing) }) : ''}
        open={renewing !== null}
        form={renewForm}
        okText={t('grants.renewSubmit')}
        initialValues={
          renewing
            ? { items: renewing.items, purpose: renewing.purpose, validFrom: renewFrom(renewing), validUntil: renewFrom(renewing).add(1, 'year').subtract(1, 'day') }
            : undefined
        }
        onCancel={() => setRenewing(null)}
        fieldFor={(code) => (code.includes('ITEM') ? 'items' : code.includes('PERIOD') ? 'validUntil' : undefined)}
        onSubmit={async (v) => {
          if (!renewing?.applicationId) return;
          const res = await refileApplication(renewing.applicationId, 'amend', {
            items: v.items,
            purpose: v.purpose.trim(),
            validFrom: v.validFrom.format('YYYY-MM-DD'),
            validUntil: v.validUntil.format('YYYY-MM-DD'),
          });
          message.success(t('grants.renewed', { date: res.acceptBy }));
          setRenewing(null);
          navigate(`/applications/${res.id}`);
        }}
      >
        <Typography.Paragraph type="secondary">{t('grants.renewHint')}</Typography.Paragraph>
        {renewing && (
          <Form.Item name="items" label={t('grants.items')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('grants.items') }) }]}>
            <Checkbox.Group options={renewing.items.map((i) => ({ value: i, label: i }))} />
          </Form.Item>
        )}
        <Form.Item name="purpose" label={t('applications.purpose')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('applications.purpose') }) }]}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
        <Space size="large">
          <Form.Item name="validFrom" label={t('grants.renewFrom')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('grants.renewFrom') }) }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="validUntil" label={t('grants.renewUntil')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('grants.renewUntil') }) }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: 180 }} />
          </Form.Item>
        </Space>
      </FormModal>
    </>
  );
}
