import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Table, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { createDepartment, useDepartments, useRegions, type Department } from '../../api/orgs';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { RegionSelect } from '../../components/RegionSelect';
import { creditCodeProblem } from '../../lib/credit-code';
import { serverPagination } from '../../components/serverPagination';

interface DepartmentForm {
  code: string;
  name: string;
  regionCode: string;
}

const PAGE_SIZE = 20;

export default function DepartmentsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [region, setRegion] = useState<string>();
  const [keyword, setKeyword] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(PAGE_SIZE);
  const { data, error, loading, reload } = useDepartments({ region, q: q || undefined, page, size });
  const regions = useRegions();
  const regionList = regions.data?.items ?? [];
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<DepartmentForm>();
  const filtered = Boolean(region || q);

  const columns: TableColumnsType<Department> = [
    { title: t('departments.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('departments.code'),
      dataIndex: 'code',
      key: 'code',
      width: 240,
      render: (c: string) => <span className="gs-mono">{c}</span>,
    },
    {
      title: t('departments.region'),
      dataIndex: 'regionName',
      key: 'regionName',
      width: 220,
      render: (name: string, d) => `${name}（${d.regionCode}）`,
    },
  ];

  async function submit(values: DepartmentForm) {
    await createDepartment({ code: values.code, name: values.name.trim(), regionCode: values.regionCode });
    message.success(t('departments.created', { name: values.name.trim() }));
    setCreating(false);
    reload();
  }

  function search(value: string) {
    setQ(value.trim());
    setPage(1);
  }

  return (
    <>
      <PageHead title={t('menu.departments')} description={t('orgs.departmentsDescription')} />
      <Card>
        <div className="gs-toolbar">
          <div className="gs-toolbar-filters">
            <RegionSelect
              regions={regionList}
              loading={regions.loading}
              value={region}
              onChange={(v) => {
                setRegion(v);
                setPage(1);
              }}
              allowClear
              placeholder={t('departments.allRegions')}
              aria-label={t('departments.region')}
              style={{ width: 220 }}
            />
            <Input.Search
              allowClear
              value={keyword}
              onChange={(e) => {
                setKeyword(e.target.value);
                if (!e.target.value) search('');
              }}
              onSearch={search}
              placeholder={t('departments.keyword')}
              aria-label={t('departments.keyword')}
              enterButton={t('common.search')}
              style={{ width: 340 }}
            />
            {filtered && (
              <Button
                onClick={() => {
                  setRegion(undefined);
                  setKeyword('');
                  search('');
                }}
              >
                {t('common.reset')}
              </Button>
            )}
          </div>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('departments.create')}
          </Button>
        </div>
        <Table<Department>
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
                    : filtered
                      ? t('departments.emptyFiltered')
                      : t('departments.empty')
                }
              />
            ),
          }}
        />
      </Card>

      <FormModal<DepartmentForm>
        title={t('departments.createTitle')}
        open={creating}
        form={form}
        initialValues={{ regionCode: region }}
        onCancel={() => setCreating(false)}
        onSubmit={submit}
        fieldFor={(code) =>
          code.includes('REGION') ? 'regionCode' : code.includes('CODE') || code === 'DEPARTMENT_EXISTS' ? 'code' : undefined
        }
      >
        {!regions.loading && regionList.length === 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={<Link to="/orgs/regions">{t('departments.needRegions')}</Link>}
          />
        )}
        <Form.Item
          name="code"
          label={t('departments.code')}
          extra={t('departments.codeHelp')}
          normalize={(v: string | undefined) => v?.toUpperCase().replace(/\s+/g, '')}
          rules={[
            { required: true, message: t('common.required', { field: t('departments.code') }) },
            {
              validator: async (_, value: string | undefined) => {
                const problem = value ? creditCodeProblem(value) : null;
                if (problem === 'length') throw new Error(t('departments.codeLength'));
                if (problem === 'charset') throw new Error(t('departments.codeCharset'));
              },
            },
          ]}
        >
          <Input showCount className="gs-mono" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('departments.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('departments.name') }) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('departments.region')}
          rules={[{ required: true, message: t('common.requiredSelect', { field: t('departments.region') }) }]}
        >
          <RegionSelect regions={regionList} loading={regions.loading} placeholder={t('departments.regionPlaceholder')} />
        </Form.Item>
      </FormModal>
    </>
  );
}
