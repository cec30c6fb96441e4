import { useState } from 'react';
import { Button, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FacetKey, FacetValue, Facets } from '../../api/resources';
import { chosenValues, toggleValue } from './facetSelection';

const SHOWN = 6;

interface FacetPanelProps {
  facets: Facets | undefined;
  selected: Partial<Record<FacetKey, string>>;
  onSelect: (key: FacetKey, value: string | undefined) => void;
  /** The label of a value in the UI language (vocabularies), or the server's (names of regions, departments). */
  labelOf: (key: FacetKey, v: FacetValue) => string;
  /** Facets whose counts the server estimated (a broad query): shown as ≈. */
  approximate?: readonly string[];
}

const ORDER: FacetKey[] = ['kind', 'shareType', 'region', 'department', 'format', 'updateCycle', 'open'];

/**
 * Facets with counts. Each facet is counted with the other facets' filters but not its own (the API's multi-select
 * faceting), so the alternatives to a chosen value keep their counts; click a value to add or remove it.
 */
export function FacetPanel({ facets, selected, onSelect, labelOf, approximate = [] }: FacetPanelProps) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState<Partial<Record<FacetKey, boolean>>>({});
  return (
    <div className="gs-facets">
      {ORDER.map((key) => {
        const all = facets?.[key] ?? [];
        const chosen = chosenValues(selected[key]);
        // A chosen value stays visible even when it is not among the first few.
        const values = expanded[key] ? all : all.filter((v, i) => i < SHOWN || chosen.includes(v.value));
        return (
          <section key={key} className="gs-facet" aria-label={t(`catalog.facets.${key}`)}>
            <Typography.Text strong className="gs-facet-title">
              {t(`catalog.facets.${key}`)}
            </Typography.Text>
            {all.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
            <ul>
              {values.map((v) => {
                const active = chosen.includes(v.value);
                const label = labelOf(key, v);
                return (
                  <li key={v.value}>
                    <button
                      type="button"
                      className={active ? 'gs-facet-value gs-facet-value-active' : 'gs-facet-value'}
                      aria-pressed={active}
                      title={label}
                      onClick={() => onSelect(key, toggleValue(key, selected[key], v.value))}
                    >
                      <span className="gs-facet-label">
                        {active && <CheckOutlined />} {label}
                      </span>
                      <span className="gs-facet-count">
                        {approximate.includes(key) ? '≈' : ''}
                        {v.count}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
            {all.length > SHOWN && (
              <Button type="link" size="small" onClick={() => setExpanded((e) => ({ ...e, [key]: !e[key] }))}>
                {expanded[key] ? t('catalog.facetLess') : t('catalog.facetMore', { count: all.length })}
              </Button>
            )}
          </section>
        );
      })}
    </div>
  );
}
