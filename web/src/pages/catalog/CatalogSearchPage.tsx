import { useEffect, useState } from 'react';
import { Button, Card, Col, Empty, Input, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import {
  FACETS,
  SORTS,
  useCatalogSearch,
  type SortKey,
  type FacetKey,
  type FacetValue,
  type ResourceSummary,
  type SearchQuery,
} from '../../api/resources';
import { CATALOG_STAFF, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { PageHead } from '../../components/PageHead';
import { CatalogExportButtons } from './CatalogExportButtons';
import { FacetPanel } from './FacetPanel';
import { chosenValues, toggleValue } from './facetSelection';
import { ShareTypeTag } from './labels';
import { resourcePath } from './paths';

const PAGE_SIZE = 20;
/** Facets whose values are the catalog's vocabularies: labelled in the UI language, not by the server. */
const VOCABULARY: Partial<Record<FacetKey, string>> = {
  kind: 'kinds',
  shareType: 'shareTypes',
  format: 'formats',
  updateCycle: 'updateCycles',
  open: 'openValues',
};

function readQuery(params: URLSearchParams): SearchQuery {
  const query: SearchQuery = {
    q: params.get('q') ?? undefined,
    page: Number(params.get('page')) || 1,
    size: Number(params.get('size')) || PAGE_SIZE,
  };
  const sort = params.get('sort');
  if (sort && (SORTS as readonly string[]).includes(sort)) query.sort = sort as SortKey;
  const order = params.get('order');
  if (order === 'asc' || order === 'desc') query.order = order;
  for (const f of FACETS) query[f] = params.get(f) ?? undefined;
  return query;
}

export default function CatalogSearchPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  // The query lives in the URL: the back button from a resource returns to the same results.
  const [params, setParams] = useSearchParams();
  const query = readQuery(params);
  const { data, error, loading } = useCatalogSearch(query);
  const [keyword, setKeyword] = useState(query.q ?? '');
  useEffect(() => setKeyword(query.q ?? ''), [query.q]);

  const filters = FACETS.filter((f) => query[f]);
  const filtered = Boolean(query.q) || filters.length > 0;

  function update(changes: Partial<SearchQuery>, resetPage = true) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '' || v === null) next.delete(k);
      else next.set(k, String(v));
    }
    if (resetPage) next.delete('page');
    setParams(next);
  }

  const labelOf = (key: FacetKey, v: FacetValue): string => {
    const vocab = VOCABULARY[key];
    return vocab ? t(`catalog.${vocab}.${v.value}` as 'catalog.kinds.base', { defaultValue: v.label }) : v.label;
  };
  const selectedLabel = (key: FacetKey, value: string): string => {
    const v = data?.facets[key].find((x) => x.value === value);
    return labelOf(key, v ?? { value, label: value, count: 0 });
  };

  const columns: TableColumnsType<ResourceSummary> = [
    {
      title: t('catalog.name'),
      key: 'name',
      render: (_, r) => (
        <div className="gs-cell-stack">
          <Link to={resourcePath(r.code)}>{r.name}</Link>
          <Typography.Text type="secondary" className="gs-mono gs-small">
            {r.code}
          </Typography.Text>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 1, tooltip: r.abstract }} className="gs-small gs-flush">
            {r.abstract}
          </Typography.Paragraph>
        </div>
      ),
    },
    { title: t('catalog.provider'), dataIndex: 'departmentName', key: 'departmentName', width: 150, ellipsis: { showTitle: true } },
    {
      title: t('catalog.kindShort'),
      dataIndex: 'kind',
      key: 'kind',
      width: 96,
      render: (k: ResourceSummary['kind']) => t(`catalog.kinds.${k}`),
    },
    {
      title: t('catalog.shareType'),
      dataIndex: 'shareType',
      key: 'shareType',
      width: 108,
      render: (s: ResourceSummary['shareType']) => <ShareTypeTag value={s} />,
    },
    {
      title: t('catalog.formatShort'),
      dataIndex: 'format',
      key: 'format',
      width: 108,
      render: (f: ResourceSummary['format']) => t(`catalog.formats.${f}`),
    },
    {
      title: t('catalog.updateCycle'),
      dataIndex: 'updateCycle',
      key: 'updateCycle',
      width: 92,
      render: (c: ResourceSummary['updateCycle']) => t(`catalog.updateCycles.${c}`),
    },
    { title: t('catalog.publishDate'), dataIndex: 'publishDate', key: 'publishDate', width: 104 },
  ];

  const emptyText = error
    ? errorMessage(error, t('common.loadFailed'))
    : filtered
      ? t('catalog.searchEmptyFiltered')
      : hasAnyRole(me?.roles ?? [], CATALOG_STAFF)
        ? t('catalog.searchEmptyStaff')
        : t('catalog.searchEmpty');

  return (
    <>
      <PageHead title={t('menu.catalogSearch')} description={t('catalog.searchDescription')} />
      <Card className="gs-search-card">
        <Input.Search
          size="large"
          allowClear
          value={keyword}
          onChange={(e) => {
            setKeyword(e.target.value);
            if (!e.target.value) update({ q: undefined });
          }}
          onSearch={(v) => update({ q: v.trim() || undefined })}
          placeholder={t('catalog.searchPlaceholder')}
          aria-label={t('catalog.searchLabel')}
          enterButton={t('common.search')}
          maxLength={100}
        />
        <Typography.Text type="secondary" className="gs-small">
          {t('catalog.searchHint')}
        </Typography.Text>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={6} xl={5}>
          <Card title={t('catalog.facetsTitle')} size="small" className="gs-facet-card">
            <FacetPanel
              facets={data?.facets}
              selected={query}
              onSelect={(key, value) => update({ [key]: value })}
              labelOf={labelOf}
              approximate={data?.approximateFacets}
            />
          </Card>
        </Col>
        <Col xs={24} lg={18} xl={19}>
          <Card>
            <div className="gs-toolbar">
              <Space wrap size={[8, 8]}>
                <Typography.Text>{t('catalog.resultCount', { total: data?.total ?? 0 })}</Typography.Text>
                <Select<SortKey>
                  size="small"
                  aria-label={t('catalog.sortLabel')}
                  value={query.sort ?? 'relevance'}
                  onChange={(v) => update({ sort: v === 'relevance' ? undefined : v, order: undefined })}
                  options={SORTS.map((k) => ({
                    value: k,
                    label: k === 'relevance' && !query.q ? t('catalog.rankedByDate') : t(`catalog.sorts.${k}`),
                  }))}
                  style={{ width: 150 }}
                />
                {query.sort && query.sort !== 'relevance' && (
                  <Select<'asc' | 'desc'>
                    size="small"
                    aria-label={t('catalog.orderLabel')}
                    value={query.order ?? (query.sort === 'name' ? 'asc' : 'desc')}
                    onChange={(v) => update({ order: v })}
                    options={(['asc', 'desc'] as const).map((o) => ({ value: o, label: t(`catalog.orders.${o}`) }))}
                    style={{ width: 96 }}
                  />
                )}
                {filters.flatMap((f) =>
                  chosenValues(query[f]).map((value) => (
                    <Tag key={`${f}:${value}`} closable onClose={() => update({ [f]: toggleValue(f, query[f], value) })} color="blue">
                      {t(`catalog.facets.${f}`)}：{selectedLabel(f, value)}
                    </Tag>
                  )),
                )}
              </Space>
              <Space>
                {filtered && (
                  <Button
                    onClick={() => {
                      setKeyword('');
                      setParams(new URLSearchParams());
                    }}
                  >
                    {t('common.reset')}
                  </Button>
                )}
                <CatalogExportButtons />
              </Space>
            </div>
            <Table<ResourceSummary>
              rowKey="id"
              size="middle"
              tableLayout="fixed"
              columns={columns}
              dataSource={data?.items ?? []}
              loading={loading}
              pagination={{
                current: query.page,
                pageSize: query.size,
                total: data?.total ?? 0,
                showSizeChanger: true,
                showTotal: (total) => t('common.total', { total }),
                onChange: (p, s) => update({ page: s === query.size ? p : 1, size: s }, false),
              }}
              locale={{ emptyText: <Empty description={emptyText} /> }}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
