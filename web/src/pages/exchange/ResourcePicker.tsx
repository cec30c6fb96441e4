import { Descriptions, Select, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Access, ExchangeMethod, UsableResource } from '../../api/exchange';
import { resourcePath } from '../catalog/paths';

interface ResourcePickerProps {
  usable: UsableResource[] | undefined;
  loading: boolean;
  method: ExchangeMethod;
  value: string | undefined;
  onChange: (code: string | undefined) => void;
}

/** The resources the department may use by this method; type a name, a code or the provider to find one. */
export function ResourcePicker({ usable, loading, method, value, onChange }: ResourcePickerProps) {
  const { t } = useTranslation();
  const list = (usable ?? []).filter((u) => u.methods.includes(method)).sort((a, b) => Number(!a.nodeId) - Number(!b.nodeId));
  return (
    <Select
      showSearch={{ optionFilterProp: 'search' }}
      allowClear
      loading={loading}
      value={value}
      onChange={(v: string | undefined) => onChange(v)}
      placeholder={t('exchange.pickResource')}
      aria-label={t('exchange.resource')}
      style={{ width: '100%', maxWidth: 640 }}
      notFoundContent={loading ? undefined : t('exchange.noneByMethod', { method: t(`exchange.methods.${method}`) })}
      options={list.map((u) => ({
        value: u.code,
        search: `${u.name} ${u.code} ${u.providerName}`,
        // Without a node the bus has nowhere to send the request: shown, but not chosen.
        disabled: !u.nodeId,
        label: (
          <span>
            {u.name}{' '}
            <Typography.Text type="secondary" className="gs-small">
              <span className="gs-mono">{u.code}</span> · {u.providerName}
              {!u.nodeId && ` · ${t('exchange.nodeMissing')}`}
            </Typography.Text>
          </span>
        ),
      }))}
    />
  );
}

/** What the department may do with the chosen resource and why (unconditional, base items, a grant). */
export function UsableSummary({ resource: u }: { resource: UsableResource }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 3 }}
      className="gs-block"
      items={[
        { key: 'name', label: t('exchange.resource'), children: <Link to={resourcePath(u.code)}>{u.name}</Link> },
        { key: 'provider', label: t('catalog.provider'), children: u.providerName },
        {
          key: 'access',
          label: t('exchange.access'),
          children: <AccessTag access={u.access} />,
        },
      ]}
    />
  );
}

const ACCESS_COLORS: Record<Access, string> = { unconditional: 'green', base_items: 'geekblue', grant: 'gold', none: 'default' };

/** Why the department may use it: unconditional sharing, base items (Art. 20) or a grant (Art. 23). */
export function AccessTag({ access }: { access: Access }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`exchange.accessHelp.${access}`)}>
      <Tag color={ACCESS_COLORS[access]}>{t(`exchange.accessKinds.${access}`)}</Tag>
    </Tooltip>
  );
}
