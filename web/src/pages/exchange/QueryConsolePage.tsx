import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Empty, Form, Input, InputNumber, Row, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { LeftOutlined, LockOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { queryData, useAllUsable, type Filter, type UsableItem } from '../../api/exchange';
import { PageHead } from '../../components/PageHead';
import { maskLabel } from '../catalog/labels';
import { FilterBuilder } from './FilterBuilder';
import { buildFilters, type FilterRow } from './filters';
import { ResourcePicker, UsableSummary } from './ResourcePicker';

type Row = Record<string, unknown> & { __n: number };

interface Run {
  code: string;
  items: string[];
  filter: Filter[];
  limit: number;
  purpose?: string;
  /** Cursors of the pages seen so far: [undefined, c1, c2 …]; the current page is the last one. */
  cursors: Array<string | undefined>;
}

/** 查询控制台: structured queries through the bus; rows come back masked by the node as the grant says. */
export default function QueryConsolePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? undefined;
  const usable = useAllUsable();
  const resource = usable.data?.find((u) => u.code === code);
  const [chosen, setChosen] = useState<string[]>([]);
  const [filters, setFilters] = useState<FilterRow[]>([]);
  const [limit, setLimit] = useState(20);
  const [purpose, setPurpose] = useState('');
  const [problem, setProblem] = useState<{ row: number; text: string } | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [next, setNext] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A new resource starts a new query with all its allowed items.
  useEffect(() => {
    setChosen(resource?.items.map((i) => i.name) ?? []);
    setFilters([]);
    setRun(null);
    setRows([]);
    setError(null);
  }, [resource]);

  const byName = useMemo(() => new Map((resource?.items ?? []).map((i) => [i.name, i])), [resource]);

  async function fetchPage(r: Run) {
    setLoading(true);
    setError(null);
    try {
      const cursor = r.cursors[r.cursors.length - 1];
      const res = await queryData(r.code, { items: r.items, filter: r.filter, limit: r.limit, ...(cursor ? { cursor } : {}), ...(r.purpose ? { purpose: r.purpose } : {}) });
      const offset = (r.cursors.length - 1) * r.limit;
      setRows(res.rows.map((row, i) => ({ ...row, __n: offset + i + 1 })));
      setNext(res.next);
      setRun(r);
    } catch (err) {
      setError(errorMessage(err, t('common.unknownError')));
    } finally {
      setLoading(false);
    }
  }

  function start() {
    if (!resource) return;
    const built = buildFilters(filters, (item) => byName.get(item)?.dataType);
    if ('problem' in built) {
      setProblem({ row: built.problem.row, text: t(`exchange.filterProblems.${built.problem.code}`, { n: built.problem.row + 1 }) });
      return;
    }
    setProblem(null);
    void fetchPage({ code: resource.code, items: chosen, filter: built.filters, limit, purpose: purpose.trim() || undefined, cursors: [undefined] });
  }

  const shown: UsableItem[] = (run?.items ?? []).map((n) => byName.get(n) ?? { name: n, dataType: 'C', mask: null });
  const masked = shown.filter((i) => i.mask);
  const columns: TableColumnsType<Row> = [
    { title: '#', dataIndex: '__n', key: '__n', width: 60, fixed: 'left', render: (n: number) => <span className="gs-muted">{n}</span> },
    ...shown.map((it) => ({
      title: it.mask ? (
        <Tooltip title={t('exchange.maskedColumn', { mask: maskLabel(t, it.mask) })}>
          <span className="gs-masked-col">
            <LockOutlined /> {it.name}
          </span>
        </Tooltip>
      ) : (
        it.name
      ),
      dataIndex: it.name,
      key: it.name,
      ellipsis: true,
      render: (v: unknown) => (v === null || v === undefined ? <span className="gs-muted">—</span> : <span className={it.mask ? 'gs-mono' : undefined}>{String(v)}</span>),
    })),
  ];
  const page = run ? run.cursors.length : 0;

  return (
    <>
      <PageHead title={t('menu.exchangeQuery')} description={t('exchange.queryDescription')} />
      <Card title={t('exchange.queryConditions')} className="gs-block">
        <Form layout="vertical">
          <Form.Item label={t('exchange.resource')} required>
            <ResourcePicker usable={usable.data} loading={usable.loading} method="query" value={code} onChange={(c) => setParams(c ? { code: c } : {})} />
          </Form.Item>
          {usable.error !== undefined && <Alert type="error" showIcon title={errorMessage(usable.error, t('common.loadFailed'))} />}
          {code && usable.data && !resource && <Alert type="warning" showIcon title={t('exchange.notUsable', { code })} />}
          {resource && !resource.methods.includes('query') && <Alert type="warning" showIcon className="gs-block" title={t('exchange.methodNotAllowed', { method: t('exchange.methods.query') })} />}
          {resource && (
            <>
              <UsableSummary resource={resource} />
              <Form.Item
                label={
                  <Space>
                    {t('exchange.items')}
                    <Button size="small" type="link" onClick={() => setChosen(resource.items.map((i) => i.name))}>
                      {t('exchange.selectAll')}
                    </Button>
                  </Space>
                }
                required
                help={chosen.length === 0 ? t('exchange.pickItems') : undefined}
                validateStatus={chosen.length === 0 ? 'error' : undefined}
              >
                <Checkbox.Group
                  value={chosen}
                  onChange={(v) => setChosen(v as string[])}
                  options={resource.items.map((i) => ({
                    value: i.name,
                    label: i.mask ? (
                      <Tooltip title={maskLabel(t, i.mask)}>
                        <span>
                          {i.name} <LockOutlined className="gs-muted" />
                        </span>
                      </Tooltip>
                    ) : (
                      i.name
                    ),
                  }))}
                />
              </Form.Item>
              <Form.Item label={t('exchange.filters')} help={problem?.text} validateStatus={problem ? 'error' : undefined}>
                <FilterBuilder items={resource.items} rows={filters} onChange={setFilters} problemRow={problem?.row} />
              </Form.Item>
              <Row gutter={16}>
                <Col xs={24} md={6}>
                  <Form.Item label={t('exchange.limit')} htmlFor="query-limit">
                    <InputNumber id="query-limit" min={1} max={1000} precision={0} value={limit} onChange={(v) => setLimit(v ?? 20)} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={18}>
                  <Form.Item label={t('exchange.purpose')} extra={t('exchange.purposeHelp')} htmlFor="query-purpose">
                    <Input id="query-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={500} />
                  </Form.Item>
                </Col>
              </Row>
              <Button type="primary" icon={<SearchOutlined />} loading={loading && page <= 1} disabled={chosen.length === 0} onClick={start}>
                {t('exchange.runQuery')}
              </Button>
            </>
          )}
        </Form>
      </Card>

      <Card
        title={t('exchange.results')}
        extra={
          run && (
            <Space>
              <Typography.Text type="secondary">{t('exchange.pageN', { page, count: rows.length })}</Typography.Text>
              <Button icon={<LeftOutlined />} disabled={loading || page <= 1} onClick={() => void fetchPage({ ...run, cursors: run.cursors.slice(0, -1) })}>
                {t('exchange.prevPage')}
              </Button>
              <Button disabled={loading || !next} onClick={() => void fetchPage({ ...run, cursors: [...run.cursors, next] })}>
                {t('exchange.nextPage')} <RightOutlined />
              </Button>
            </Space>
          )
        }
      >
        {error && <Alert type="error" showIcon className="gs-block" title={t('exchange.queryFailed')} description={error} />}
        {run && masked.length > 0 && (
          <Alert
            type="warning"
            showIcon
            icon={<LockOutlined />}
            className="gs-block"
            title={t('exchange.masksApplied')}
            description={masked.map((i) => `${i.name}：${maskLabel(t, i.mask!)}`).join('；')}
          />
        )}
        {!(error && !run) && (
        <Table<Row>
          rowKey="__n"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={loading}
          pagination={false}
          scroll={{ x: Math.max(800, shown.length * 160) }}
          locale={{
            emptyText: <Empty description={!resource ? t('exchange.pickFirst') : run ? t('exchange.noRows') : t('exchange.notRunYet')} />,
          }}
        />
        )}
      </Card>
    </>
  );
}
