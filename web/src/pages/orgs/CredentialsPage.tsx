import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { createCredential, revokeCredential, useCredentials, useDepartmentOptions, type Credential } from '../../api/orgs';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { formatDateTime } from '../../lib/time';

interface CredentialForm {
  departmentId: string;
  name: string;
}

interface Issued {
  clientId: string;
  clientSecret: string;
  name: string;
}

export default function CredentialsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [department, setDepartment] = useState<string>();
  const { data, error, loading, reload } = useCredentials(department);
  const departments = useDepartmentOptions();
  const departmentList = departments.data?.items ?? [];
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [form] = Form.useForm<CredentialForm>();

  async function revoke(c: Credential) {
    try {
      await revokeCredential(c.clientId);
      message.success(t('credentials.revokedDone', { name: c.name }));
      reload();
    } catch (err) {
      message.error(errorMessage(err, t('common.unknownError')));
    }
  }

  const columns: TableColumnsType<Credential> = [
    { title: t('credentials.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('credentials.clientId'),
      dataIndex: 'clientId',
      key: 'clientId',
      render: (id: string) => (
        <Typography.Text className="gs-mono" copyable={{ tooltips: [t('common.copy'), t('common.copied')] }}>
          {id}
        </Typography.Text>
      ),
    },
    { title: t('credentials.department'), dataIndex: 'departmentName', key: 'departmentName' },
    {
      title: t('credentials.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 180,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('credentials.status'),
      dataIndex: 'revokedAt',
      key: 'status',
      width: 220,
      render: (at: string | null) =>
        at ? (
          <Tag>{t('credentials.revoked', { at: formatDateTime(at) })}</Tag>
        ) : (
          <Tag color="success">{t('credentials.active')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, c) =>
        c.revokedAt ? null : (
          <Popconfirm
            title={t('credentials.revokeTitle', { name: c.name })}
            description={t('credentials.revokeConfirm')}
            okText={t('credentials.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke(c)}
          >
            <Button type="link" danger size="small" icon={<StopOutlined />}>
              {t('credentials.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  async function submit(values: CredentialForm) {
    const name = values.name.trim();
    const res = await createCredential({ departmentId: values.departmentId, name });
    setCreating(false);
    setIssued({ ...res, name });
    if (values.departmentId !== department) setDepartment(values.departmentId);
    else reload();
  }

  return (
    <>
      <PageHead title={t('menu.credentials')} description={t('orgs.credentialsDescription')} />
      <Card>
        <div className="gs-toolbar">
          <div className="gs-toolbar-filters">
            <DepartmentSelect
              departments={departmentList}
              loading={departments.loading}
              value={department}
              onChange={setDepartment}
              allowClear
              placeholder={t('credentials.allDepartments')}
              aria-label={t('credentials.department')}
              style={{ width: 320 }}
            />
          </div>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('credentials.create')}
          </Button>
        </div>
        <Table<Credential>
          rowKey="clientId"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          locale={{
            emptyText: (
              <Empty
                description={
                  error
                    ? errorMessage(error, t('common.loadFailed'))
                    : department
                      ? t('credentials.emptyDepartment')
                      : t('credentials.empty')
                }
              />
            ),
          }}
        />
      </Card>

      <FormModal<CredentialForm>
        title={t('credentials.createTitle')}
        open={creating}
        form={form}
        initialValues={{ departmentId: department }}
        onCancel={() => setCreating(false)}
        onSubmit={submit}
        fieldFor={(code) => (code.includes('DEPARTMENT') ? 'departmentId' : code.includes('NAME') ? 'name' : undefined)}
      >
        <Form.Item
          name="departmentId"
          label={t('credentials.department')}
          rules={[{ required: true, message: t('common.requiredSelect', { field: t('credentials.department') }) }]}
        >
          <DepartmentSelect departments={departmentList} loading={departments.loading} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('credentials.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('credentials.name') }) }]}
        >
          <Input maxLength={100} placeholder={t('credentials.namePlaceholder')} />
        </Form.Item>
      </FormModal>

      {/* The secret exists only in this answer: the platform stores a hash. Closing needs a deliberate click. */}
      <Modal
        open={issued !== null}
        title={t('credentials.secretTitle')}
        closable={false}
        mask={{ closable: false }}
        keyboard={false}
        footer={
          <Button type="primary" onClick={() => setIssued(null)}>
            {t('credentials.secretSaved')}
          </Button>
        }
        width={560}
      >
        {issued && (
          <>
            <Alert type="warning" showIcon title={t('credentials.secretWarning')} style={{ marginBottom: 16 }} />
            <Descriptions
              column={1}
              size="small"
              bordered
              items={[
                { key: 'name', label: t('credentials.name'), children: issued.name },
                {
                  key: 'clientId',
                  label: t('credentials.clientId'),
                  children: (
                    <Typography.Text className="gs-mono" copyable={{ tooltips: [t('common.copy'), t('common.copied')] }}>
                      {issued.clientId}
                    </Typography.Text>
                  ),
                },
              ]}
            />
            <Typography.Paragraph strong style={{ margin: '16px 0 8px' }}>
              {t('credentials.secretLabel')}
            </Typography.Paragraph>
            <Typography.Paragraph
              className="gs-mono gs-secret"
              copyable={{ text: issued.clientSecret, tooltips: [t('common.copy'), t('common.copied')] }}
            >
              {issued.clientSecret}
            </Typography.Paragraph>
          </>
        )}
      </Modal>
    </>
  );
}
