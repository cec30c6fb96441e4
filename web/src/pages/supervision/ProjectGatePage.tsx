import { Alert, Card, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { errorMessage, request } from '../../api/client';
import { useRegions } from '../../api/orgs';
import { useRequest } from '../../api/useRequest';
import { PageHead } from '../../components/PageHead';
import { RegionSelect } from '../../components/RegionSelect';

/** GET /supervision/projects (src/supervision/projects.routes.ts). */
type GateStatus = 'blocked_approval' | 'blocked_acceptance' | 'ok';
interface GateProject {
  id: string;
  name: string;
  departmentName: string;
  approvalNo: string | null;
  projectStatus: 'registered' | 'accepted';
  status: GateStatus;
  reason: { code: string; message: string; messageEn: string } | null;
  plannedCount: number;
  publishedCount: number;
  missing: Array<{ index: number; name: string; code: string | null; state: string }>;
}
interface GateList {
  items: GateProject[];
  total: number;
  counts: Record<GateStatus, number>;
}

const COLORS: Record<GateStatus, string> = { blocked_approval: 'red', blocked_acceptance: 'orange', ok: 'green' };

/** 信息化项目目录关口 (Art. 35): projects held at approval (no catalog) or acceptance (catalog not in the platform). */
export default function ProjectGatePage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as GateStatus | null) ?? undefined;
  const region = params.get('region') ?? undefined;
  const page = Number(params.get('page')) || 1;
  const regions = useRegions();
  const { data, error, loading } = useRequest(`project-gate:${status ?? ''}:${region ?? ''}:${page}`, (signal) =>
    request<GateList>('/supervision/projects', { signal, query: { status, region, page, size: 20 } }),
  );
  const set = (patch: Record<string, string | undefined>) => {
    const next = { ...(status ? { status } : {}), ...(region ? { region } : {}), ...patch };
    setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as Record<string, string>);
  };
  const en = i18n.language.startsWith('en');

  const columns: TableColumnsType<GateProject> = [
    { title: t('projectGate.project'), dataIndex: 'name' },
    { title: t('projectGate.department'), dataIndex: 'departmentName', width: 160 },
    { title: t('projectGate.approvalNo'), dataIndex: 'approvalNo', width: 140, render: (v: string | null) => v ?? '—' },
    { title: t('projectGate.projectStatus'), dataIndex: 'projectStatus', width: 110, render: (v: GateProject['projectStatus']) => t(`projectGate.${v}`) },
    { title: t('projectGate.status'), dataIndex: 'status', width: 120, render: (v: GateStatus) => <Tag color={COLORS[v]}>{t(`projectGate.${v}`)}</Tag> },
    { title: t('projectGate.progress'), key: 'progress', width: 110, render: (_, p) => `${p.publishedCount} / ${p.plannedCount}` },
    { title: t('projectGate.reason'), key: 'reason', render: (_, p) => (p.reason ? (en ? p.reason.messageEn : p.reason.message) : '—') },
  ];

  return (
    <>
      <PageHead title={t('projectGate.title')} description={t('projectGate.description')} />
      <Card>
        <Space style={{ marginBottom: 12 }} wrap>
          <Segmented<string>
            value={status ?? 'all'}
            onChange={(v) => set({ status: v === 'all' ? undefined : v, page: undefined })}
            options={(['all', 'blocked_approval', 'blocked_acceptance', 'ok'] as const).map((s) => ({
              value: s,
              label: s === 'all' ? t('projectGate.all') : `${t(`projectGate.${s}`)}${data ? ` (${data.counts[s]})` : ''}`,
            }))}
          />
          <RegionSelect regions={regions.data?.items ?? []} value={region} allowClear placeholder={t('supervision.region')} style={{ width: 220 }} onChange={(v) => set({ region: v, page: undefined })} />
        </Space>
        {error !== undefined && <Alert type="error" showIcon title={errorMessage(error, t('common.loadFailed'))} style={{ marginBottom: 12 }} />}
        <Table<GateProject>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          expandable={{
            rowExpandable: (p) => p.missing.length > 0,
            expandedRowRender: (p) => (
              <div>
                <Typography.Text strong>{t('projectGate.missing')}</Typography.Text>
                <ul style={{ margin: '4px 0 0' }}>
                  {p.missing.map((m) => (
                    <li key={m.index}>
                      {m.name} {m.code && <Typography.Text code>{m.code}</Typography.Text>} <Tag>{t(`projectGate.state_${m.state}`, { defaultValue: m.state })}</Tag>
                    </li>
                  ))}
                </ul>
              </div>
            ),
          }}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: (n) => set({ page: String(n) }), showTotal: (total) => t('common.total', { total }) }}
        />
      </Card>
    </>
  );
}
