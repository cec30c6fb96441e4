import { Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Item } from '../../api/resources';
import { MaskTag, ShareTypeTag, dataTypeLabel } from './labels';

interface ItemsTableProps {
  items: Item[];
  /** Shows the reviewer's decision per item (working copies). */
  showReview?: boolean;
}

/** 信息项: each with its kind (基础/业务, Art. 20), the share type that really applies to it, and its mask. */
export function ItemsTable({ items, showReview }: ItemsTableProps) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Item> = [
    { title: '#', key: 'index', width: 48, render: (_, __, i) => <span className="gs-muted">{i + 1}</span> },
    {
      title: t('catalog.itemName'),
      key: 'name',
      render: (_, it) => (
        <div className="gs-cell-stack">
          <span>
            {it.name}
            {it.sensitive && (
              <Tooltip title={t('catalog.sensitive')}>
                <LockOutlined className="gs-sensitive" aria-label={t('catalog.sensitive')} />
              </Tooltip>
            )}
          </span>
          {it.nameEn && (
            <Typography.Text type="secondary" className="gs-mono gs-small">
              {it.nameEn}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: t('catalog.dataType'), dataIndex: 'dataType', key: 'dataType', width: 120, render: (d: string) => dataTypeLabel(t, d) },
    { title: t('catalog.length'), dataIndex: 'length', key: 'length', width: 80, render: (l: number | null) => l ?? '—' },
    {
      title: t('catalog.itemKind'),
      dataIndex: 'base',
      key: 'base',
      width: 110,
      render: (b: boolean) => (b ? <Tag color="geekblue">{t('catalog.baseItem')}</Tag> : <Tag>{t('catalog.businessItem')}</Tag>),
    },
    {
      title: t('catalog.effectiveShareType'),
      dataIndex: 'effectiveShareType',
      key: 'effectiveShareType',
      width: 130,
      render: (s: Item['effectiveShareType']) => <ShareTypeTag value={s} />,
    },
    { title: t('catalog.mask'), dataIndex: 'mask', key: 'mask', width: 190, render: (m: string | null) => <MaskTag mask={m} /> },
    {
      title: t('catalog.itemDescription'),
      dataIndex: 'description',
      key: 'description',
      render: (d: string | null) => d ?? <span className="gs-muted">—</span>,
    },
  ];
  if (showReview) {
    columns.push({
      title: t('review.itemResult'),
      key: 'review',
      width: 220,
      render: (_, it) =>
        !it.review ? (
          <span className="gs-muted">—</span>
        ) : it.review.decision === 'approve' ? (
          <span className="gs-ok">
            <CheckCircleFilled /> {t('review.approved')}
          </span>
        ) : (
          <div className="gs-cell-stack">
            <span className="gs-bad">
              <CloseCircleFilled /> {t('review.rejected')}
            </span>
            {it.review.comment && <span className="gs-small">{it.review.comment}</span>}
          </div>
        ),
    });
  }
  return (
    <Table<Item>
      rowKey="name"
      size="small"
      columns={columns}
      dataSource={items}
      pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      rowClassName={(it) => (it.review?.decision === 'reject' ? 'gs-row-rejected' : '')}
    />
  );
}
