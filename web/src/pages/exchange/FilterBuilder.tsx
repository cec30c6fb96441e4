import { Button, Input, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FILTER_OPS, type UsableItem } from '../../api/exchange';
import { MAX_FILTERS, type FilterRow } from './filters';

interface FilterBuilderProps {
  items: UsableItem[];
  rows: FilterRow[];
  onChange: (rows: FilterRow[]) => void;
  /** Index of the row to point at (incomplete). */
  problemRow?: number;
}

let nextId = 1;
export const newFilterRow = (): FilterRow => ({ id: nextId++, op: 'eq', value: '', value2: '', values: [] });

/** Conditions as rows: item, operator, value — compiled to parameters at the node, never to SQL text here. */
export function FilterBuilder({ items, rows, onChange, problemRow }: FilterBuilderProps) {
  const { t } = useTranslation();
  const set = (id: number, change: Partial<FilterRow>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...change } : r)));
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {rows.map((r, i) => {
        const bad = problemRow === i ? 'error' : undefined;
        return (
          <Space key={r.id} wrap size={8} className="gs-filter-row">
            <Select
              aria-label={t('exchange.filterItemN', { n: i + 1 })}
              status={bad && !r.item ? 'error' : undefined}
              placeholder={t('exchange.filterItem')}
              value={r.item}
              onChange={(v: string) => set(r.id, { item: v })}
              options={items.map((it) => ({ value: it.name, label: it.name }))}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 200 }}
            />
            <Select
              aria-label={t('exchange.filterOpN', { n: i + 1 })}
              value={r.op}
              onChange={(v: FilterRow['op']) => set(r.id, { op: v })}
              options={FILTER_OPS.map((op) => ({ value: op, label: t(`exchange.ops.${op}`) }))}
              style={{ width: 130 }}
            />
            {r.op === 'in' ? (
              <Select
                mode="tags"
                aria-label={t('exchange.filterValueN', { n: i + 1 })}
                status={bad}
                value={r.values}
                onChange={(v: string[]) => set(r.id, { values: v })}
                tokenSeparators={[',', '，', '\n', ' ']}
                placeholder={t('exchange.inPlaceholder')}
                open={false}
                suffixIcon={null}
                style={{ width: 340 }}
              />
            ) : r.op === 'between' ? (
              <Space.Compact>
                <Input aria-label={t('exchange.filterLowN', { n: i + 1 })} status={bad} value={r.value} onChange={(e) => set(r.id, { value: e.target.value })} placeholder={t('exchange.low')} style={{ width: 160 }} />
                <Input aria-label={t('exchange.filterHighN', { n: i + 1 })} status={bad} value={r.value2} onChange={(e) => set(r.id, { value2: e.target.value })} placeholder={t('exchange.high')} style={{ width: 160 }} />
              </Space.Compact>
            ) : (
              <Input
                aria-label={t('exchange.filterValueN', { n: i + 1 })}
                status={bad}
                value={r.value}
                onChange={(e) => set(r.id, { value: e.target.value })}
                placeholder={t('exchange.value')}
                maxLength={1000}
                style={{ width: 340 }}
              />
            )}
            <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('exchange.removeFilterN', { n: i + 1 })} onClick={() => onChange(rows.filter((x) => x.id !== r.id))} />
          </Space>
        );
      })}
      <Button type="dashed" icon={<PlusOutlined />} disabled={rows.length >= MAX_FILTERS} onClick={() => onChange([...rows, newFilterRow()])}>
        {t('exchange.addFilter')}
      </Button>
    </Space>
  );
}
