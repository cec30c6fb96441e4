import type { Region, RegionLevel } from '../../api/orgs';

export interface RegionNode extends Region {
  children?: RegionNode[];
}

/** Province → cities → counties, each level sorted by code. A region whose parent is unknown is a root. */
export function regionTree(regions: readonly Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>(regions.map((r) => [r.code, { ...r }]));
  const roots: RegionNode[] = [];
  for (const node of [...nodes.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    const parent = node.parentCode ? nodes.get(node.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/**
 * What a GB/T 2260 code says about itself: xx0000 is a province, xxyy00 a city, anything else a
 * county whose parent is xxyy00 (the server checks the details).
 */
export function inferFromCode(code: string): { level: RegionLevel; parentCode?: string } | null {
  if (!/^\d{6}$/.test(code)) return null;
  if (code.endsWith('0000')) return { level: 'province' };
  if (code.endsWith('00')) return { level: 'city', parentCode: `${code.slice(0, 2)}0000` };
  return { level: 'county', parentCode: `${code.slice(0, 4)}00` };
}
