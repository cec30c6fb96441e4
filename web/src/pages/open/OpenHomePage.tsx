import { Card, Col, Empty, Input, List, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { openApi } from '../../api/open';
import { useRequest } from '../../api/useRequest';
import { currentLang } from '../../i18n';

const SIZE = 10;

/** The portal's home: search, Art. 26's priority domains first, then the open resources. */
export default function OpenHomePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const domain = params.get('domain') ?? '';
  const page = Number(params.get('page') ?? 1);
  const domains = useRequest('open-domains', (signal) => openApi.domains(signal));
  const list = useRequest(`open-list:${q}:${domain}:${page}`, (signal) => openApi.search({ ...(q ? { q } : {}), ...(domain ? { domain } : {}), page, size: SIZE }, signal));
  const set = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) if (v) p.set(k, v); else p.delete(k);
    setParams(p);
  };
  const en = currentLang() === 'en';
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div style={{ textAlign: 'center', padding: '16px 0' }}>
        <Typography.Title level={2} style={{ marginBottom: 4 }}>{t('open.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('open.subtitle')}</Typography.Text>
        <Input.Search
          aria-label={t('open.searchPlaceholder')}
          placeholder={t('open.searchPlaceholder')}
          defaultValue={q}
          enterButton
          size="large"
          allowClear
          style={{ maxWidth: 640, marginTop: 16 }}
          onSearch={(v) => set({ q: v.trim() || undefined, page: undefined })}
        />
      </div>
      <Card title={t('open.domains')} size="small">
        <Row gutter={[12, 12]}>
          {(domains.data?.items ?? []).map((d) => (
            <Col key={d.key} xs={12} sm={8} md={6} lg={4}>
              <Card
                hoverable
                size="small"
                onClick={() => set({ domain: domain === d.key ? undefined : d.key, page: undefined })}
                style={{ borderColor: domain === d.key ? '#c8242b' : undefined, textAlign: 'center' }}
                data-testid={`domain-${d.key}`}
              >
                <Typography.Text strong>{en ? d.en : d.zh}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{t('open.domainCount', { count: d.count })}</Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
      </Card>
      <Card title={list.data ? t('open.results', { total: list.data.total }) : t('open.all')} size="small">
        <List
          loading={list.loading}
          locale={{ emptyText: <Empty description={t('open.empty')} /> }}
          dataSource={list.data?.items ?? []}
          pagination={list.data && list.data.total > SIZE ? { current: page, pageSize: SIZE, total: list.data.total, showSizeChanger: false, onChange: (p) => set({ page: String(p) }) } : false}
          renderItem={(r) => (
            <List.Item>
              <List.Item.Meta
                title={<Link to={`/open/resources/${r.code}`}>{r.name}</Link>}
                description={
                  <Space wrap size={4}>
                    <Tag>{r.departmentName}</Tag>
                    <Tag color="blue">{t(`catalog.formats.${r.format}` as 'catalog.formats.database')}</Tag>
                    <Tag>{t(`catalog.updateCycles.${r.updateCycle}` as 'catalog.updateCycles.daily')}</Tag>
                    <Typography.Text type="secondary">{r.code}</Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
