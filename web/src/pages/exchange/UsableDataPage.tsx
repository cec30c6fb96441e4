import { useState } from 'react';
import { Badge, Card, Empty, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useUsable, type UsableResource } from '../../api/exchange';
import { useDepartmentOptions } from '../../api/orgs';
import { useSession } from '../../auth/session';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { PageHead } from '../../components/PageHead';
import { MaskTag, dataTypeLabel } from '../catalog/labels';
import { AccessTag } from './ResourcePicker';
import { comparePath, exportPath, queryConsolePath, resourcePath } from '../catalog/paths';
import { serverPagination } from '../../components/serverPagination';

const PAGE_SIZE = 20;

/** 可用数据: what the department may read through the bus, and how (Art. 20, 22, 23). */
export default function UsableDataPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const provider = params.get('provider') ?? undefined;
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(PAGE_SIZE);
  const { data, error, loading } = useUsable({ provider, page, size });
  const departments = useDepartmentOptions();

  const columns: TableColumnsType<UsableResource> = [
    {
      title: t('exchange.resource'),
      key: 'name',
      render: (_, u) => (
        <div className="gs-cell-stack">
          <Link to={resourcePath(u.code)}>{u.name}</Link>
          <Typography.Text type="secondary" className="gs-mono gs-small">
            {u.code}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('catalog.provider'), dataIndex: 'providerName', key: 'providerName', width: 200 },
    {
      title: t('exchange.access'),
      key: 'access',
      width: 130,
      render: (_, u) => <AccessTag access={u.access} />,
    },
    {
      title: t('exchange.itemsAllowed'),
      key: 'items',
      width: 150,
      render: (_, u) => {
        const masked = u.items.filter((i) => i.mask).length;
        return masked > 0 ? t('exchange.itemCount', { count: u.items.length, masked }) : t('exchange.itemCountPlain', { count: u.items.length });
      },
    },
    {
      title: t('exchange.online'),
      key: 'node',
      width: 110,
      render: (_, u) => (u.nodeId ? <Badge status="success" text={t('exchange.nodeReady')} /> : <Badge status="default" text={t('exchange.nodeMissing')} />),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, u) => {
        const may = (m: string) => u.methods.includes(m as 'query') && Boolean(u.nodeId);
        return (
          <Space size={8}>
            {may('query') && <Link to={queryConsolePath(u.code)}>{t('exchange.methods.query')}</Link>}
            {may('compare') && <Link to={comparePath(u.code)}>{t('exchange.methods.compare')}</Link>}
            {may('export') && <Link to={exportPath(u.code)}>{t('exchange.methods.export')}</Link>}
            {!u.nodeId && <span className="gs-muted">—</span>}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <PageHead title={t('menu.exchangeUsable')} description={t('exchange.usableDescription', { department: me?.departmentName ?? '' })} />
      <Card>
        <div className="gs-toolbar">
          <div className="gs-toolbar-filters">
            <DepartmentSelect
              departments={departments.data?.items ?? []}
              loading={departments.loading}
              allowClear
              value={provider}
              onChange={(v) => {
                setParams(v ? { provider: v } : {});
                setPage(1);
              }}
              placeholder={t('exchange.allProviders')}
              aria-label={t('catalog.provider')}
              style={{ width: 280 }}
            />
          </div>
        </div>
        <Table<UsableResource>
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          expandable={{
            expandedRowRender: (u) => (
              <Table
                rowKey="name"
                size="small"
                pagination={false}
                dataSource={u.items}
                columns={[
                  { title: t('catalog.itemName'), dataIndex: 'name', key: 'name' },
                  { title: t('catalog.dataType'), dataIndex: 'dataType', key: 'dataType', render: (d: string) => dataTypeLabel(t, d) },
                  { title: t('catalog.mask'), dataIndex: 'mask', key: 'mask', render: (m: string | null) => <MaskTag mask={m} /> },
                ]}
              />
            ),
          }}
          pagination={serverPagination(t, page, size, data?.total, setPage, setSize)}
          locale={{
            emptyText: <Empty description={error ? errorMessage(error, t('common.loadFailed')) : provider ? t('exchange.usableEmptyFiltered') : t('exchange.usableEmpty')} />,
          }}
        />
      </Card>
    </>
  );
}
