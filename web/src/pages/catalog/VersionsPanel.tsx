import { useEffect, useState } from 'react';
import { Alert, Card, Empty, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useVersionDiff, useVersions, type FieldChange, type Item, type VersionEntry } from '../../api/resources';
import { formatDateTime } from '../../lib/time';
import { fieldLabel, formatValue } from './diffFormat';
import { StatusTag } from './labels';

interface VersionsPanelProps {
  /** Code (published history) or id (the provider's staff also see working versions). */
  resourceRef: string;
  /** The version shown on the page: the diff starts from its predecessor. */
  current?: number;
}

/** Version history (each publish is a new version, Art. 10) and a field-level diff between any two of them. */
export function VersionsPanel({ resourceRef, current }: VersionsPanelProps) {
  const { t } = useTranslation();
  const versions = useVersions(resourceRef);
  const list = versions.data?.items ?? [];
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();

  // Default: the shown (or latest) version against the one before it.
  useEffect(() => {
    if (list.length < 2) return;
    const sorted = [...list].sort((a, b) => a.version - b.version);
    const target = sorted.find((v) => v.version === current) ?? sorted[sorted.length - 1]!;
    const before = sorted.filter((v) => v.version < target.version).pop() ?? sorted[0]!;
    setTo(target.version);
    setFrom(before.version === target.version ? sorted[0]!.version : before.version);
  }, [list, current]);

  const columns: TableColumnsType<VersionEntry> = [
    { title: t('catalog.version'), dataIndex: 'version', key: 'version', width: 80, render: (v: number) => `v${v}` },
    { title: t('catalog.status'), dataIndex: 'status', key: 'status', width: 110, render: (s: VersionEntry['status']) => <StatusTag value={s} /> },
    { title: t('catalog.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (at: string) => formatDateTime(at) },
    { title: t('catalog.publishedAt'), dataIndex: 'publishedAt', key: 'publishedAt', render: (at: string | null) => formatDateTime(at) || '—' },
    {
      title: t('catalog.versionNote'),
      key: 'note',
      render: (_, v) =>
        v.retirement ? t('catalog.retiredNote', { reason: v.retirement.reason, by: v.retirement.by, at: formatDateTime(v.retirement.at) }) : '',
    },
  ];
  const options = [...list]
    .sort((a, b) => b.version - a.version)
    .map((v) => ({ value: v.version, label: `v${v.version} · ${t(`catalog.statuses.${v.status}`)}` }));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Table<VersionEntry>
        rowKey="version"
        size="small"
        columns={columns}
        dataSource={[...list].sort((a, b) => b.version - a.version)}
        loading={versions.loading}
        pagination={false}
        locale={{ emptyText: <Empty description={versions.error ? errorMessage(versions.error, t('common.loadFailed')) : t('catalog.noVersions')} /> }}
      />
      <Card
        size="small"
        title={t('catalog.diffTitle')}
        extra={
          list.length >= 2 && (
            <Space size={8}>
              <Select aria-label={t('catalog.diffFrom')} value={from} onChange={setFrom} options={options} style={{ width: 150 }} />
              <ArrowRightOutlined />
              <Select aria-label={t('catalog.diffTo')} value={to} onChange={setTo} options={options} style={{ width: 150 }} />
            </Space>
          )
        }
      >
        {list.length < 2 ? (
          <Typography.Text type="secondary">{t('catalog.diffOnlyOne')}</Typography.Text>
        ) : (
          <DiffView resourceRef={resourceRef} from={from} to={to} />
        )}
      </Card>
    </Space>
  );
}

interface ChangeRow extends FieldChange {
  key: string;
  item?: string;
}

export function DiffView({ resourceRef, from, to }: { resourceRef: string; from?: number; to?: number }) {
  const { t } = useTranslation();
  const diff = useVersionDiff(resourceRef, from, to);
  if (from !== undefined && from === to) return <Typography.Text type="secondary">{t('catalog.diffSame')}</Typography.Text>;
  if (diff.loading) return <Spin />;
  if (diff.error) return <Alert type="error" showIcon title={errorMessage(diff.error, t('common.loadFailed'))} />;
  const d = diff.data;
  if (!d) return null;

  const rows: ChangeRow[] = [
    ...d.changes.map((c) => ({ ...c, key: `r:${c.field}` })),
    ...d.items.changed.flatMap((it) => it.changes.map((c) => ({ ...c, key: `i:${it.name}:${c.field}`, item: it.name }))),
  ];
  const nothing = rows.length === 0 && d.items.added.length === 0 && d.items.removed.length === 0;
  const columns: TableColumnsType<ChangeRow> = [
    {
      title: t('catalog.diffField'),
      key: 'field',
      width: 220,
      render: (_, c) =>
        c.item ? (
          <span>
            {t('catalog.diffItemPrefix', { name: c.item })} · {fieldLabel(t, c.field, true)}
          </span>
        ) : (
          fieldLabel(t, c.field)
        ),
    },
    { title: `v${d.from}`, key: 'from', render: (_, c) => <span className="gs-diff-old">{formatValue(t, c.field, c.from)}</span> },
    { title: `v${d.to}`, key: 'to', render: (_, c) => <span className="gs-diff-new">{formatValue(t, c.field, c.to)}</span> },
  ];
  const itemTags = (items: Item[], color: string) =>
    items.map((i) => (
      <Tag key={i.name} color={color}>
        {i.name}
      </Tag>
    ));

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {nothing && <Typography.Text type="secondary">{t('catalog.diffNone')}</Typography.Text>}
      {d.items.added.length > 0 && (
        <div>
          <Typography.Text strong>{t('catalog.itemsAdded')}：</Typography.Text>
          {itemTags(d.items.added, 'green')}
        </div>
      )}
      {d.items.removed.length > 0 && (
        <div>
          <Typography.Text strong>{t('catalog.itemsRemoved')}：</Typography.Text>
          {itemTags(d.items.removed, 'red')}
        </div>
      )}
      {rows.length > 0 && <Table<ChangeRow> rowKey="key" size="small" columns={columns} dataSource={rows} pagination={false} />}
    </Space>
  );
}
