import { createHash } from 'node:crypto';

/** A stable UUID-shaped id per demo object name, so re-seeding and cross-references agree. */
function stableId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const demoDepartmentId = (slug: string): string => stableId(`govshare-demo-dept:${slug}`);
export const demoNodeId = (slug: string): string => stableId(`govshare-demo-dept:node:${slug}`);

/** The demo resources served by the demo nodes (src/demo/nodes.ts): resource name → provider slug. */
export const DEMO_NODE_RESOURCES: Record<string, string> = { 人口基础信息: 'gat', 法人单位基础信息: 'scjgj', 重要商品价格监测信息: 'fgw' };
