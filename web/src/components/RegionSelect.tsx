import { useMemo, type CSSProperties } from 'react';
import { TreeSelect } from 'antd';
import type { Region } from '../api/orgs';
import { regionTree, type RegionNode } from '../pages/orgs/regionTree';

interface TreeOption {
  value: string;
  title: string;
  children?: TreeOption[];
}

function toOptions(nodes: RegionNode[]): TreeOption[] {
  return nodes.map((n) => ({
    value: n.code,
    title: `${n.name}（${n.code}）`,
    children: n.children && toOptions(n.children),
  }));
}

interface RegionSelectProps {
  regions: readonly Region[];
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  loading?: boolean;
  style?: CSSProperties;
  id?: string;
  'aria-label'?: string;
}

/** Regions as the hierarchy they are; type a name or a code to search. */
export function RegionSelect({ regions, onChange, ...rest }: RegionSelectProps) {
  const treeData = useMemo(() => toOptions(regionTree(regions)), [regions]);
  const firstLevel = useMemo(() => treeData.map((n) => n.value), [treeData]);
  return (
    <TreeSelect
      {...rest}
      treeData={treeData}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={firstLevel}
      onChange={(v: string | undefined) => onChange?.(v)}
      popupMatchSelectWidth={false}
    />
  );
}
