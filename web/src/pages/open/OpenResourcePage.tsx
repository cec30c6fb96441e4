import { Alert, Button, Card, Descriptions, Result, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { openApi, type OpenEntry } from '../../api/open';
import { useRequest } from '../../api/useRequest';

/** One open resource (Art. 26): what it holds, under which licence, and how to download or call it. */
export default function OpenResourcePage() {
  const { t } = useTranslation();
  const code = useParams()['*'] ?? '';
  const entry = useRequest(`open-entry:${code}`, (signal) => openApi.entry(code, signal));
  if (entry.error) {
    return <Result status="404" title={entry.error instanceof ApiError ? entry.error.localized() : String(entry.error)} extra={<Link to="/open">{t('open.back')}</Link>} />;
  }
  const e = entry.data;
  if (!e) return <Card loading />;
  const origin = window.location.origin;
  const first = e.items[0]?.name ?? '';
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Link to="/open">← {t('open.back')}</Link>
      <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{e.name}</Typography.Title>}>
        <Typography.Paragraph>{e.abstract}</Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered>
          <Descriptions.Item label={t('open.provider')}>{e.departmentName}</Descriptions.Item>
          <Descriptions.Item label={t('open.format')}>{t(`catalog.formats.${e.format}` as 'catalog.formats.database')}</Descriptions.Item>
          <Descriptions.Item label={t('open.updateCycle')}>{t(`catalog.updateCycles.${e.updateCycle}` as 'catalog.updateCycles.daily')}</Descriptions.Item>
          <Descriptions.Item label={t('open.publishDate')}>{e.publishDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('open.usage')} span={2}>
            {t('open.views', { n: e.usage.view })} · {t('open.downloads', { n: e.usage.download })} · {t('open.apiCalls', { n: e.usage.api })}
          </Descriptions.Item>
          <Descriptions.Item label={t('open.licence')} span={3}>{e.licence}</Descriptions.Item>
          {e.openConditions && <Descriptions.Item label={t('open.conditions')} span={3}>{e.openConditions}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card title={t('open.download')} size="small">
        {e.downloadable ? (
          <Space wrap>
            {(['csv', 'xlsx', 'json'] as const).map((f) => (
              <Button key={f} icon={<DownloadOutlined />} href={openApi.downloadUrl(e.code, f)} download>
                {t('open.downloadAs', { format: f.toUpperCase() })}
              </Button>
            ))}
          </Space>
        ) : <Alert type="info" showIcon message={t('open.notDownloadable')} />}
      </Card>
      <Card title={t('open.items')} size="small">
        <Table<OpenEntry['items'][number]>
          rowKey="name"
          size="small"
          pagination={false}
          dataSource={e.items}
          columns={[
            { title: t('open.itemName'), dataIndex: 'name', render: (n: string, i) => (i.nameEn ? `${n}（${i.nameEn}）` : n) },
            { title: t('open.itemType'), dataIndex: 'dataType', width: 90 },
            { title: t('open.itemNote'), key: 'note', render: (_: unknown, i) => [i.description, i.masked ? t('open.masked', { mask: i.masked }) : null].filter(Boolean).join('；') },
          ]}
        />
      </Card>
      {e.downloadable && (
        <Card title={t('open.api')} size="small">
          <Typography.Paragraph type="secondary">{t('open.apiHelp')}</Typography.Paragraph>
          <Typography.Paragraph copyable code style={{ whiteSpace: 'pre-wrap' }}>
            {`curl '${origin}${openApi.apiUrl(e.code)}?limit=20'\ncurl '${origin}${openApi.apiUrl(e.code)}?item=${encodeURIComponent(first)}&value=…'`}
          </Typography.Paragraph>
        </Card>
      )}
    </Space>
  );
}
