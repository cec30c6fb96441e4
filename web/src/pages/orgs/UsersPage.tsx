import { useState } from 'react';
import { App, Badge, Button, Card, Empty, Form, Input, Popconfirm, Select, Table, type TableColumnsType } from 'antd';
import { PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { createUser, unlockUser, useDepartmentOptions, useUsers, type UserRow } from '../../api/orgs';
import { ROLES_NEEDING_DEPARTMENT, hasAnyRole } from '../../auth/permissions';
import { ROLES } from '../../auth/roles';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { RoleTags } from '../../components/RoleTags';
import { formatDateTime } from '../../lib/time';
import { serverPagination } from '../../components/serverPagination';

interface UserForm {
  username: string;
  password: string;
  departmentId?: string;
  roles: string[];
}

const PAGE_SIZE = 20;

/** The server's password policy (PASSWORD_TOO_WEAK): 10+ characters from 3 of 4 classes. */
function weakPassword(p: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(p)).length;
  return p.length < 10 || classes < 3;
}

function fieldForCode(code: string): keyof UserForm | undefined {
  if (code.includes('USERNAME')) return 'username';
  if (code.includes('PASSWORD')) return 'password';
  if (code.includes('ROLE')) return 'roles';
  if (code.includes('DEPARTMENT')) return 'departmentId';
  return undefined;
}

export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [department, setDepartment] = useState<string>();
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(PAGE_SIZE);
  const { data, error, loading, reload } = useUsers({ department, page, size });
  const departments = useDepartmentOptions();
  const departmentList = departments.data?.items ?? [];
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<UserForm>();

  async function unlock(user: UserRow) {
    try {
      await unlockUser(user.id);
      message.success(t('users.unlocked', { name: user.username }));
      reload();
    } catch (err) {
      message.error(errorMessage(err, t('common.unknownError')));
    }
  }

  const columns: TableColumnsType<UserRow> = [
    { title: t('users.username'), dataIndex: 'username', key: 'username', width: 180 },
    {
      title: t('users.department'),
      dataIndex: 'departmentName',
      key: 'departmentName',
      render: (name: string | null) => name ?? '—',
    },
    { title: t('users.roles'), dataIndex: 'roles', key: 'roles', render: (roles: string[]) => <RoleTags roles={roles} /> },
    {
      title: t('users.status'),
      dataIndex: 'locked',
      key: 'locked',
      width: 110,
      render: (locked: boolean) =>
        locked ? <Badge status="error" text={t('users.locked')} /> : <Badge status="success" text={t('users.active')} />,
    },
    {
      title: t('users.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 180,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, user) =>
        user.locked ? (
          <Popconfirm
            title={t('users.unlock')}
            description={t('users.unlockConfirm', { name: user.username })}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => unlock(user)}
          >
            <Button type="link" size="small" icon={<UnlockOutlined />}>
              {t('users.unlock')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  async function submit(values: UserForm) {
    await createUser({
      username: values.username.trim(),
      password: values.password,
      roles: values.roles,
      ...(values.departmentId ? { departmentId: values.departmentId } : {}),
    });
    message.success(t('users.created', { name: values.username.trim() }));
    setCreating(false);
    reload();
  }

  return (
    <>
      <PageHead title={t('menu.users')} description={t('orgs.usersDescription')} />
      <Card>
        <div className="gs-toolbar">
          <div className="gs-toolbar-filters">
            <DepartmentSelect
              departments={departmentList}
              loading={departments.loading}
              value={department}
              onChange={(v) => {
                setDepartment(v);
                setPage(1);
              }}
              allowClear
              placeholder={t('users.allDepartments')}
              aria-label={t('users.department')}
              style={{ width: 300 }}
            />
          </div>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('users.create')}
          </Button>
        </div>
        <Table<UserRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          pagination={serverPagination(t, page, size, data?.total, setPage, setSize)}
          locale={{
            emptyText: (
              <Empty
                description={
                  error
                    ? errorMessage(error, t('common.loadFailed'))
                    : department
                      ? t('users.emptyFiltered')
                      : t('users.empty')
                }
              />
            ),
          }}
        />
      </Card>

      <FormModal<UserForm>
        title={t('users.createTitle')}
        open={creating}
        form={form}
        initialValues={{ departmentId: department, roles: [] }}
        onCancel={() => setCreating(false)}
        onSubmit={submit}
        fieldFor={fieldForCode}
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[
            { required: true, message: t('common.required', { field: t('users.username') }) },
            { pattern: /^[A-Za-z0-9_.-]{3,64}$/, message: t('users.usernameRule') },
          ]}
        >
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.password')}
          extra={t('users.passwordHelp')}
          rules={[
            { required: true, message: t('common.required', { field: t('users.password') }) },
            {
              validator: async (_, v: string | undefined) => {
                if (v && weakPassword(v)) throw new Error(t('users.passwordRule'));
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="departmentId"
          label={t('users.department')}
          dependencies={['roles']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_, v: string | undefined) => {
                const roles = (getFieldValue('roles') as string[] | undefined) ?? [];
                if (!v && hasAnyRole(roles, ROLES_NEEDING_DEPARTMENT)) throw new Error(t('users.departmentRequired'));
              },
            }),
          ]}
        >
          <DepartmentSelect
            departments={departmentList}
            loading={departments.loading}
            allowClear
            placeholder={t('users.departmentPlaceholder')}
          />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('users.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}
        >
          <Select
            mode="multiple"
            placeholder={t('users.rolesPlaceholder')}
            options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
      </FormModal>
    </>
  );
}
