import { Alert, Card, Select, Space, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useRegions } from '../../api/orgs';
import { useEvaluation, type DepartmentResult, type RegionResult } from '../../api/supervision';
import { PageHead } from '../../components/PageHead';
import { RegionSelect } from '../../components/RegionSelect';
import { pct, useSupervisionLabels, yearOptions } from './labels';

const thisYear = () => Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));

/** 共享工作评估 (Art. 34): departments ranked with each criterion's share; regions with their mean score. */
export default function EvaluationPage() {
  const { t } = useTranslation();
  const L = useSupervisionLabels();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || thisYear();
  const region = params.get('region') ?? undefined;
  const regions = useRegions();
  const { data, error, loading } = useEvaluation({ year, region });
  const set = (patch: Record<string, string | undefined>) => {
    const next = { year: String(year), ...(region ? { region } : {}), ...patch };
    setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as Record<string, string>);
  };

  const keys = data?.departments[0]?.criteria.map((c) => c.key) ?? [];
  const columns: TableColumnsType<DepartmentResult> = [
    { title: t('supervision.rank'), dataIndex: 'rank', width: 64, sorter: (a, b) => a.rank - b.rank },
    { title: t('supervision.department'), key: 'name', render: (_, d) => <Link to={`/supervision/evaluation/${d.departmentId}?year=${year}`}>{d.departmentName}</Link> },
    { title: t('supervision.region'), dataIndex: 'regionName', width: 120 },
    { title: t('supervision.score'), dataIndex: 'score', width: 80, sorter: (a, b) => a.score - b.score },
    ...keys.map((k) => ({
      title: L.criterion(k),
      key: k,
      width: 110,
      render: (_: unknown, d: DepartmentResult) => pct(d.criteria.find((c) => c.key === k)!.share),
    })),
  ];
  const regionColumns: TableColumnsType<RegionResult> = [
    { title: t('supervision.region'), dataIndex: 'regionName' },
    { title: t('supervision.departments'), dataIndex: 'departments', width: 100 },
    { title: t('supervision.score'), dataIndex: 'score', width: 100, sorter: (a, b) => (a.score ?? 0) - (b.score ?? 0) },
  ];

  return (
    <>
      <PageHead title={t('supervision.evaluationTitle')} description={t('supervision.evaluationDescription')} />
      <Card>
        <Space style={{ marginBottom: 12 }} wrap>
          <Select aria-label={t('supervision.year')} value={year} onChange={(v: number) => set({ year: String(v) })} options={yearOptions(thisYear())} style={{ width: 110 }} />
          <RegionSelect regions={regions.data?.items ?? []} value={region} allowClear placeholder={t('supervision.region')} style={{ width: 220 }} onChange={(v) => set({ region: v })} />
          {data && <Typography.Text type="secondary">{t('supervision.asOf', { date: data.asOf })}</Typography.Text>}
        </Space>
        {error !== undefined && <Alert type="error" showIcon title={errorMessage(error, t('common.loadFailed'))} style={{ marginBottom: 12 }} />}
        <Tabs
          items={[
            {
              key: 'departments',
              label: t('supervision.ranking'),
              children: <Table<DepartmentResult> rowKey="departmentId" size="middle" scroll={{ x: 1300 }} loading={loading} columns={columns} dataSource={data?.departments ?? []} pagination={{ showTotal: (total) => t('common.total', { total }) }} />,
            },
            {
              key: 'regions',
              label: t('supervision.regions'),
              children: <Table<RegionResult> rowKey="regionCode" size="middle" loading={loading} columns={regionColumns} dataSource={data?.regions ?? []} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
