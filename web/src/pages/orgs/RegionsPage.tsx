import { useMemo, useState } from 'react';
import { App, Button, Card, Empty, Form, Input, Select, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { createRegion, useRegions, type RegionLevel } from '../../api/orgs';
import { errorMessage } from '../../api/client';
import { FormModal } from '../../components/FormModal';
import { PageHead } from '../../components/PageHead';
import { RegionSelect } from '../../components/RegionSelect';
import { inferFromCode, regionTree, type RegionNode } from './regionTree';

interface RegionForm {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode?: string;
}

const LEVELS: RegionLevel[] = ['province', 'city', 'county'];
const LEVEL_COLORS: Record<RegionLevel, string> = { national: 'red', province: 'blue', city: 'cyan', county: 'default' };
const PARENT_LEVEL: Partial<Record<RegionLevel, RegionLevel>> = { city: 'province', county: 'city' };

export default function RegionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useRegions();
  const [filter, setFilter] = useState('');
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<RegionForm>();
  const level = Form.useWatch('level', form);

  const regions = useMemo(() => data?.items ?? [], [data]);
  const names = useMemo(() => new Map(regions.map((r) => [r.code, r.name])), [regions]);
  const rows: RegionNode[] = useMemo(() => {
    const q = filter.trim();
    if (!q) return regionTree(regions);
    return regions.filter((r) => r.code.includes(q) || r.name.includes(q)).sort((a, b) => a.code.localeCompare(b.code));
  }, [regions, filter]);
  const parentLevel = level ? PARENT_LEVEL[level] : undefined;
  const parentChoices = useMemo(
    () => (parentLevel ? regions.filter((r) => r.level === parentLevel) : []),
    [regions, parentLevel],
  );

  const columns: TableColumnsType<RegionNode> = [
    { title: t('regions.name'), dataIndex: 'name', key: 'name' },
    { title: t('regions.code'), dataIndex: 'code', key: 'code', width: 140, render: (c: string) => <span className="gs-mono">{c}</span> },
    {
      title: t('regions.level'),
      dataIndex: 'level',
      key: 'level',
      width: 160,
      render: (l: RegionLevel) => <Tag color={LEVEL_COLORS[l]}>{t(`regions.levels.${l}`)}</Tag>,
    },
    {
      title: t('regions.parent'),
      dataIndex: 'parentCode',
      key: 'parentCode',
      render: (p: string | null) => (p ? `${names.get(p) ?? ''}（${p}）` : '—'),
    },
  ];

  function onCodeChange(code: string) {
    const inferred = inferFromCode(code);
    if (!inferred) return;
    form.setFieldsValue({
      level: inferred.level,
      parentCode: inferred.parentCode && names.has(inferred.parentCode) ? inferred.parentCode : undefined,
    });
  }

  async function submit(values: RegionForm) {
    await createRegion({
      code: values.code,
      name: values.name.trim(),
      level: values.level,
      ...(values.level !== 'province' && values.parentCode ? { parentCode: values.parentCode } : {}),
    });
    message.success(t('regions.created', { name: values.name.trim() }));
    setCreating(false);
    reload();
  }

  return (
    <>
      <PageHead title={t('menu.regions')} description={t('orgs.regionsDescription')} />
      <Card>
        <div className="gs-toolbar">
          <div className="gs-toolbar-filters">
            <Input.Search
              allowClear
              placeholder={`${t('regions.name')} / ${t('regions.code')}`}
              aria-label={t('common.search')}
              onSearch={setFilter}
              onChange={(e) => !e.target.value && setFilter('')}
              style={{ width: 280 }}
            />
          </div>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('regions.create')}
          </Button>
        </div>
        <Table<RegionNode>
          key={data ? 'loaded' : 'loading'}
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={loading}
          expandable={{ defaultExpandedRowKeys: regions.filter((r) => r.level === 'province').map((r) => r.code) }}
          pagination={filter ? { pageSize: 20, showTotal: (total) => t('common.total', { total }) } : false}
          locale={{
            emptyText: error ? (
              <Empty description={errorMessage(error, t('common.loadFailed'))} />
            ) : (
              <Empty description={t('regions.empty')} />
            ),
          }}
        />
      </Card>

      <FormModal<RegionForm>
        title={t('regions.createTitle')}
        open={creating}
        form={form}
        onCancel={() => setCreating(false)}
        onSubmit={submit}
        fieldFor={(code) => (code.includes('PARENT') ? 'parentCode' : code.includes('REGION') ? 'code' : undefined)}
      >
        <Form.Item
          name="code"
          label={t('regions.code')}
          extra={t('regions.codeHelp')}
          rules={[
            { required: true, message: t('common.required', { field: t('regions.code') }) },
            { pattern: /^\d{6}$/, message: t('regions.codeInvalid') },
          ]}
        >
          <Input maxLength={6} inputMode="numeric" className="gs-mono" onChange={(e) => onCodeChange(e.target.value)} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('regions.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('regions.name') }) }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="level"
          label={t('regions.level')}
          rules={[{ required: true, message: t('common.requiredSelect', { field: t('regions.level') }) }]}
        >
          <Select options={LEVELS.map((l) => ({ value: l, label: t(`regions.levels.${l}`) }))} />
        </Form.Item>
        {parentLevel && (
          <Form.Item
            name="parentCode"
            label={t('regions.parent')}
            rules={[{ required: true, message: t('regions.parentRequired') }]}
          >
            <RegionSelect regions={parentChoices} placeholder={t('regions.parentPlaceholder')} />
          </Form.Item>
        )}
      </FormModal>
    </>
  );
}
