import type { TicketClaims } from '../crypto/ticket-sign.js';
import type { NodeConfig, ResourceConfig } from './config.js';
import type { Connector } from './connectors/types.js';
import type { HttpUpstream } from './connectors/http.js';
import { nodeErrors } from './errors.js';
import { masker, parseMask, stricterMask, type Masker } from './mask.js';
import { requireItems } from './ticket.js';

/** What every handler needs: the configured resources, their sources, and the node-held keyed hash for masks. */
export interface NodeContext {
  config: NodeConfig;
  resources: Map<string, ResourceConfig>;
  sources: Map<string, Connector | HttpUpstream>;
  /** Keyed hash (HMAC with a node-held key) for the `hash` mask. */
  maskHmac(text: string): string;
}

export function servedResource(ctx: NodeContext, claims: TicketClaims): ResourceConfig {
  const r = ctx.resources.get(claims.res);
  if (!r) throw nodeErrors.resourceNotServed(claims.res);
  return r;
}

export function tableSource(ctx: NodeContext, resource: ResourceConfig): Connector {
  const s = ctx.sources.get(resource.source);
  if (!s || !('query' in s)) throw nodeErrors.resourceNotServed(resource.code);
  return s;
}

/** The requested items (default: all of the ticket's), each in the ticket and served by the resource; no repeats. */
export function checkItems(resource: ResourceConfig, claims: TicketClaims, requested: unknown): string[] {
  if (requested !== undefined && (!Array.isArray(requested) || !requested.every((i) => typeof i === 'string'))) {
    throw nodeErrors.filterInvalid('items must be a list of item names', 'items 应为信息项名称数组');
  }
  const items = [...new Set((requested as string[] | undefined) ?? claims.items)];
  requireItems(claims, items);
  for (const i of items) if (!Object.hasOwn(resource.items, i)) throw nodeErrors.itemNotServed(i);
  if (items.length === 0) throw nodeErrors.filterInvalid('no items requested', '未请求任何信息项');
  return items;
}

/** Columns to read (the items' and the key's, once each) and where each item and key part sits among them. */
export interface ColumnPlan { columns: string[]; itemPos: number[]; keyPos: number[] }

export function columnPlan(resource: ResourceConfig, items: string[], keyColumns: string[] = resource.keyColumns): ColumnPlan {
  const columns: string[] = [];
  const at = (col: string) => {
    let i = columns.indexOf(col);
    if (i < 0) i = columns.push(col) - 1;
    return i;
  };
  const itemPos = items.map((i) => at(resource.items[i]!));
  const keyPos = keyColumns.map((k) => at(k));
  return { columns, itemPos, keyPos };
}

/**
 * Art. 22 masked items, enforced here: the ticket's mask (the platform's decision for this consumer and grant),
 * never looser than the node's own configured mask for the item.
 */
export function maskersFor(ctx: NodeContext, resource: ResourceConfig, claims: TicketClaims, items: string[]): Array<Masker | undefined> {
  return items.map((i) => {
    const t = claims.masks[i] === undefined ? undefined : parseMask(claims.masks[i]!);
    const n = resource.masks[i] === undefined ? undefined : parseMask(resource.masks[i]!);
    return masker(stricterMask(t, n), ctx.maskHmac);
  });
}

export function maskRow(row: unknown[], items: string[], pos: number[], masks: Array<Masker | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < items.length; i++) {
    const v = row[pos[i]!];
    const m = masks[i];
    out[items[i]!] = m ? m(v) : v;
  }
  return out;
}
