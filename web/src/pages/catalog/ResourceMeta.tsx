import { Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRegions } from '../../api/orgs';
import type { Resource } from '../../api/resources';
import { NodeInfo } from './NodeInfo';
import { ShareTypeTag, StatusTag } from './labels';
import { resourcePath } from './paths';

const dash = <span className="gs-muted">—</span>;

/** The catalog metadata of one version (政务信息资源目录编制指南 core metadata), as descriptions. */
export function ResourceMeta({ resource: r }: { resource: Resource }) {
  const { t } = useTranslation();
  const regions = useRegions();
  const regionName = regions.data?.items.find((x) => x.code === r.regionCode)?.name;
  const yesNo = (b: boolean) => (b ? t('common.yes') : t('common.no'));

  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      styles={{ label: { width: 150 } }}
      items={[
        { key: 'name', label: t('catalog.name'), children: r.name },
        {
          key: 'code',
          label: t('catalog.code'),
          children: (
            <Typography.Text className="gs-mono" copyable={{ text: r.code, tooltips: [t('common.copy'), t('common.copied')] }}>
              {r.code}
            </Typography.Text>
          ),
        },
        { key: 'kind', label: t('catalog.kind'), children: t(`catalog.kinds.${r.kind}`) },
        { key: 'classPath', label: t('catalog.classPath'), children: r.classPath.join(' / ') || dash },
        {
          key: 'provider',
          label: r.kind === 'department' ? t('catalog.provider') : t('catalog.leadDepartment'),
          children: (
            <span>
              {r.departmentName}{' '}
              <Typography.Text type="secondary" className="gs-mono gs-small">
                {r.departmentCode}
              </Typography.Text>
            </span>
          ),
        },
        { key: 'region', label: t('catalog.region'), children: regionName ? `${regionName}（${r.regionCode}）` : r.regionCode },
        ...(r.kind !== 'department'
          ? [
              {
                key: 'contributors',
                label: t('catalog.contributors'),
                span: 'filled' as const,
                children:
                  r.contributingDepartments.length > 0 ? (
                    <Space size={[4, 4]} wrap>
                      {r.contributingDepartments.map((d) => (
                        <Tag key={d.id}>{d.name}</Tag>
                      ))}
                    </Space>
                  ) : (
                    dash
                  ),
              },
            ]
          : []),
        {
          key: 'format',
          label: t('catalog.format'),
          children: `${t(`catalog.formats.${r.format}`)}${r.formatDetail ? `（${r.formatDetail}）` : ''}`,
        },
        { key: 'updateCycle', label: t('catalog.updateCycle'), children: t(`catalog.updateCycles.${r.updateCycle}`) },
        {
          key: 'version',
          label: t('catalog.version'),
          children: (
            <Space size={8}>
              <span>v{r.version}</span>
              <StatusTag value={r.status} />
            </Space>
          ),
        },
        { key: 'publishDate', label: t('catalog.publishDate'), children: r.publishDate ?? dash },
        { key: 'classified', label: t('catalog.classified'), children: yesNo(r.classified) },
        {
          key: 'electronic',
          label: t('catalog.electronic'),
          children: r.electronic ? (
            t('common.yes')
          ) : (
            <span>
              {t('common.no')}
              {r.digitisation && <> · {t('catalog.digitisationSummary', { date: r.digitisation.date, plan: r.digitisation.plan })}</>}
            </span>
          ),
        },
        {
          key: 'related',
          label: t('catalog.relatedCodes'),
          span: 'filled' as const,
          children:
            r.relatedCodes.length > 0 ? (
              <Space size={[8, 4]} wrap>
                {r.relatedCodes.map((c) => (
                  <Link key={c} to={resourcePath(c)} className="gs-mono">
                    {c}
                  </Link>
                ))}
              </Space>
            ) : (
              dash
            ),
        },
        { key: 'abstract', label: t('catalog.abstract'), span: 'filled' as const, children: <span className="gs-pre">{r.abstract}</span> },
      ]}
    />
  );
}

/** Share and open attributes (共享属性, 开放属性) and the node that serves the data. */
export function ShareInfo({ resource: r }: { resource: Resource }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      styles={{ label: { width: 150 } }}
      items={[
        { key: 'shareType', label: t('catalog.shareType'), children: <ShareTypeTag value={r.shareType} /> },
        ...(r.shareType === 'conditional'
          ? [{ key: 'conditions', label: t('catalog.shareConditions'), children: <span className="gs-pre">{r.shareConditions ?? '—'}</span> }]
          : []),
        ...(r.shareType === 'none' || r.legalBasis
          ? [{ key: 'legalBasis', label: t('catalog.legalBasis'), children: <span className="gs-pre">{r.legalBasis ?? '—'}</span> }]
          : []),
        ...(r.kind === 'base' && r.shareType !== 'unconditional'
          ? [{ key: 'baseItems', label: t('catalog.baseItemsRule'), children: t('catalog.baseItemsRuleText') }]
          : []),
        {
          key: 'methods',
          label: t('catalog.shareMethods'),
          children:
            r.shareMethods.length > 0 ? (
              <Space size={[4, 4]} wrap>
                {r.shareMethods.map((m) => (
                  <Tag key={m} color="blue">
                    {t(`catalog.methods.${m}`)}
                  </Tag>
                ))}
              </Space>
            ) : (
              dash
            ),
        },
        {
          key: 'open',
          label: t('catalog.openToPublic'),
          children: r.open.toPublic
            ? `${t('common.yes')}${r.open.conditions ? ` · ${r.open.conditions}` : ''}`
            : t('common.no'),
        },
        { key: 'usage', label: t('catalog.usageRequirements'), children: r.usageRequirements ?? dash },
        { key: 'node', label: t('catalog.node'), children: <NodeInfo nodeId={r.nodeId} departmentId={r.departmentId} /> },
      ]}
    />
  );
}
