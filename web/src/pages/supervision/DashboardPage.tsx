import { useState } from 'react';
import { Alert, Badge, Card, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useDashboard, type Dashboard } from '../../api/supervision';
import { PageHead } from '../../components/PageHead';
import { Chart } from './Chart';
import { pct, useSupervisionLabels, yearOptions } from './labels';

const thisYear = () => Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));

/**
 * 监督看板: the office's region overview (ranking, regions, share-type mix, monthly trend, overdue backlog) and, for a
 * department's staff, the same call scoped to their department (its score breakdown). One API call feeds every chart.
 */
export default function DashboardPage() {
  const { t } = useTranslation();
  const [year, setYear] = useState(thisYear());
  const { data, error, loading } = useDashboard({ year });
  const mine = data?.scope === 'department';
  return (
    <>
      <PageHead
        title={mine ? t('supervision.myDashboardTitle') : t('supervision.dashboardTitle')}
        description={mine ? t('supervision.myDashboardDescription') : t('supervision.dashboardDescription')}
      />
      <Space style={{ marginBottom: 16 }}>
        <Typography.Text>{t('supervision.year')}</Typography.Text>
        <Select aria-label={t('supervision.year')} value={year} onChange={setYear} options={yearOptions(thisYear())} style={{ width: 120 }} />
        {data && <Typography.Text type="secondary">{t('supervision.asOf', { date: data.asOf })}</Typography.Text>}
      </Space>
      {error !== undefined && <Alert type="error" showIcon title={errorMessage(error, t('common.loadFailed'))} style={{ marginBottom: 12 }} />}
      {data && (mine ? <DepartmentView d={data} year={year} /> : <OfficeView d={data} year={year} loading={loading} />)}
    </>
  );
}

function BacklogCard({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const L = useSupervisionLabels();
  return (
    <Card title={t('supervision.backlog')}>
      <Row gutter={16}>
        {d.backlog.map((b) => (
          <Col key={b.kind} span={6}>
            <Statistic title={L.backlog(b.kind)} value={b.count} styles={{ content: { color: b.count > 0 ? '#cf1322' : undefined } }} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function TrendChart({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  return (
    <Chart
      label={t('supervision.trend')}
      option={{
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [t('supervision.exchanges'), t('supervision.applicationsFiled'), t('supervision.refused')] },
        grid: { left: 48, right: 48, top: 56, bottom: 32 },
        xAxis: { type: 'category', data: d.monthly.map((m) => m.month.slice(5)) },
        yAxis: [{ type: 'value', name: t('supervision.exchanges') }, { type: 'value', name: t('supervision.applicationsFiled') }],
        series: [
          { name: t('supervision.exchanges'), type: 'line', smooth: true, data: d.monthly.map((m) => m.exchanges) },
          { name: t('supervision.applicationsFiled'), type: 'bar', yAxisIndex: 1, data: d.monthly.map((m) => m.applications) },
          { name: t('supervision.refused'), type: 'bar', yAxisIndex: 1, data: d.monthly.map((m) => m.refused) },
        ],
      }}
    />
  );
}

function ShareMixChart({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const L = useSupervisionLabels();
  return (
    <Chart
      label={t('supervision.shareTypes')}
      option={{
        tooltip: { trigger: 'item' },
        legend: { bottom: 0 },
        series: [{ type: 'pie', radius: ['40%', '70%'], data: d.shareTypes.map((s) => ({ name: L.shareType(s.shareType), value: s.count })) }],
      }}
    />
  );
}

function OfficeView({ d, year, loading }: { d: Dashboard; year: number; loading: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const top = d.ranking.slice(0, 15);
  // the regions one level below the top of the scope (cities of the province, counties of a city)
  const root = d.regions.reduce<string | null>((best, r) => (best === null || r.regionCode.replace(/0+$/, '').length < best.replace(/0+$/, '').length ? r.regionCode : best), null);
  const subRegions = d.regions.filter((r) => r.parentCode === root && r.score !== null);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <BacklogCard d={d} />
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('supervision.ranking')}>
          <Chart
            label={t('supervision.ranking')}
            height={Math.max(240, top.length * 26)}
            onClick={(p) => navigate(`/supervision/evaluation/${top[top.length - 1 - p.dataIndex]!.departmentId}?year=${year}`)}
            option={{
              tooltip: { trigger: 'axis' },
              grid: { left: 160, right: 32, top: 8, bottom: 24 },
              xAxis: { type: 'value', max: 100 },
              yAxis: { type: 'category', data: [...top].reverse().map((r) => r.departmentName) },
              series: [{ type: 'bar', data: [...top].reverse().map((r) => r.score), label: { show: true, position: 'right' } }],
            }}
          />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title={t('supervision.shareTypes')}>
          <ShareMixChart d={d} />
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('supervision.trend')}>
          <TrendChart d={d} />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title={t('supervision.regions')}>
          {subRegions.length > 0 ? (
            <Chart
              label={t('supervision.regions')}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 48, right: 16, bottom: 48 },
                xAxis: { type: 'category', data: subRegions.map((r) => r.regionName), axisLabel: { rotate: 30 } },
                yAxis: { type: 'value', max: 100 },
                series: [{ type: 'bar', data: subRegions.map((r) => r.score) }],
              }}
            />
          ) : (
            <Table
              size="small"
              rowKey="regionCode"
              pagination={false}
              dataSource={d.regions}
              columns={[
                { title: t('supervision.region'), dataIndex: 'regionName' },
                { title: t('supervision.departments'), dataIndex: 'departments', width: 90 },
                { title: t('supervision.score'), dataIndex: 'score', width: 90 },
              ]}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('supervision.regionTree')}>
          <RegionTree d={d} />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title={t('supervision.topResources')}>
          <TopResources d={d} />
        </Card>
      </Col>
      <Col xs={24}>
        <NodeHealthCard d={d} />
      </Col>
      <Col xs={24}>
        <Card title={t('supervision.ranking')}>
          <Table
            size="small"
            rowKey="departmentId"
            loading={loading}
            dataSource={d.ranking}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: t('supervision.rank'), dataIndex: 'rank', width: 70 },
              { title: t('supervision.department'), key: 'name', render: (_, r) => <Link to={`/supervision/evaluation/${r.departmentId}?year=${year}`}>{r.departmentName}</Link> },
              { title: t('supervision.region'), dataIndex: 'regionName', width: 160 },
              { title: t('supervision.score'), dataIndex: 'score', width: 90 },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

function DepartmentView({ d, year }: { d: Dashboard; year: number }) {
  const { t } = useTranslation();
  const L = useSupervisionLabels();
  const me = d.ranking[0];
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <Card title={me?.departmentName}>
          <Statistic title={t('supervision.score')} value={me?.score ?? 0} suffix="/ 100" />
          {me && <Link to={`/supervision/evaluation/${me.departmentId}?year=${year}`}>{t('supervision.drill')}</Link>}
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        <Card title={t('supervision.detailTitle')}>
          <Chart
            label={t('supervision.detailTitle')}
            option={{
              tooltip: { trigger: 'axis' },
              grid: { left: 150, right: 48, top: 8, bottom: 24 },
              xAxis: { type: 'value' },
              yAxis: { type: 'category', data: d.criteria.map((c) => L.criterion(c.key)) },
              series: [
                { name: t('supervision.points'), type: 'bar', stack: 'p', data: d.criteria.map((c) => c.points), label: { show: true, formatter: (p: { dataIndex: number }) => pct(d.criteria[p.dataIndex]!.share) } },
                { type: 'bar', stack: 'p', itemStyle: { color: '#eee' }, data: d.criteria.map((c) => Math.round((c.maxPoints - c.points) * 10) / 10) },
              ],
            }}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <BacklogCard d={d} />
      </Col>
      <Col xs={24} lg={14}>
        <Card title={t('supervision.trend')}>
          <TrendChart d={d} />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title={t('supervision.noticeCounts')} extra={<Link to="/supervision/notices">{t('supervision.notices.title')}</Link>}>
          {d.notices.length === 0 && <Typography.Text type="secondary">{t('supervision.notices.empty')}</Typography.Text>}
          <Row gutter={16}>
            {d.notices.map((n) => (
              <Col key={n.status} span={8}>
                <Statistic title={L.status(n.status)} value={n.count} />
              </Col>
            ))}
          </Row>
        </Card>
      </Col>
    </Row>
  );
}

/** Regions as a tree (province → cities → counties), each box sized by its departments and coloured by its score. */
function RegionTree({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  type Node = { name: string; value: number; score: number | null; children?: Node[] };
  const byParent = new Map<string | null, typeof d.regions>();
  for (const r of d.regions) byParent.set(r.parentCode, [...(byParent.get(r.parentCode) ?? []), r]);
  const codes = new Set(d.regions.map((r) => r.regionCode));
  const build = (r: (typeof d.regions)[number]): Node => {
    const kids = (byParent.get(r.regionCode) ?? []).map(build);
    return { name: `${r.regionName} ${r.score ?? '—'}`, value: Math.max(1, r.departments), score: r.score, ...(kids.length ? { children: kids } : {}) };
  };
  const roots = d.regions.filter((r) => !r.parentCode || !codes.has(r.parentCode)).map(build);
  return (
    <Chart
      label={t('supervision.regionTree')}
      height={320}
      option={{
        tooltip: { formatter: (p: { name: string }) => p.name },
        visualMap: { type: 'continuous', min: 0, max: 100, dimension: 1, inRange: { color: ['#cf1322', '#faad14', '#389e0d'] }, orient: 'horizontal', left: 'center', bottom: 0, text: ['100', '0'], calculable: false },
        series: [{ type: 'treemap', roam: false, nodeClick: 'zoomToNode', breadcrumb: { show: true, bottom: 28 }, leafDepth: 2,
          data: roots.map(function withScore(n: Node): unknown { return { name: n.name, value: [n.value, n.score ?? 0], ...(n.children ? { children: n.children.map(withScore) } : {}) }; }),
          label: { show: true, formatter: '{b}' }, upperLabel: { show: true, height: 22 }, bottom: 56 }],
      }}
    />
  );
}

function TopResources({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const top = [...d.topResources].reverse();
  if (top.length === 0) return <Typography.Text type="secondary">{t('supervision.noExchanges')}</Typography.Text>;
  return (
    <Chart
      label={t('supervision.topResources')}
      height={Math.max(200, top.length * 28)}
      option={{
        tooltip: { trigger: 'axis' },
        grid: { left: 180, right: 40, top: 8, bottom: 24 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: top.map((r) => r.name), axisLabel: { width: 170, overflow: 'truncate' } },
        series: [{ type: 'bar', data: top.map((r) => r.exchanges), label: { show: true, position: 'right' } }],
      }}
    />
  );
}

function NodeHealthCard({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const color = { up: 'success', down: 'error', suspended: 'default', unknown: 'default' } as const;
  return (
    <Card title={t('supervision.nodeHealth')}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={d.nodes}
        columns={[
          { title: t('supervision.node'), dataIndex: 'name' },
          { title: t('supervision.department'), dataIndex: 'departmentName', width: 200 },
          { title: t('supervision.health'), key: 'health', width: 120, render: (_, n) => <Badge status={color[n.health]} text={t(`supervision.healthStates.${n.health}`)} /> },
          { title: t('supervision.latency'), dataIndex: 'lastLatencyMs', width: 110, render: (v: number | null) => (v === null ? '—' : `${v} ms`) },
          { title: t('supervision.lastSeen'), dataIndex: 'lastSeenAt', width: 180, render: (v: string | null) => v?.replace('T', ' ').slice(0, 19) ?? '—' },
        ]}
      />
    </Card>
  );
}
