/**
 * Which logged actions a trace covers (Art. 33: collection, share, query, comparison, download, access, update), and
 * how one logged event reads as a trace row. Pure: the indexer feeds it audit events and node events.
 */
export const CATEGORIES = ['collection', 'share', 'query', 'comparison', 'download', 'access', 'update'] as const;
export type Category = (typeof CATEGORIES)[number];

export function categoryOf(action: string): Category | undefined {
  if (action === 'exchange.query' || action === 'resource.query') return 'query';
  if (action === 'exchange.compare') return 'comparison';
  if (action === 'exchange.export' || action === 'watermark.issue' || action === 'trace.export') return 'download';
  if (action === 'exchange.api' || action.startsWith('node.access.')) return 'access';
  if (action.startsWith('exchange.ticket.') || action.startsWith('grant.') || action.startsWith('application.') || action === 'agreement.sign') return 'share';
  if (action === 'catalog.create' || action === 'catalog.import' || action.startsWith('catalog.project.')) return 'collection';
  if (action === 'catalog.update' || action === 'catalog.submit' || action.startsWith('catalog.review.') || action === 'catalog.publish' || action === 'catalog.retire') return 'update';
  return undefined;
}

/** A node's own log line (a direct call with a ticket, Art. 23) as an audit-like action; the platform's own sync calls are not traced. */
export function nodeAction(method: string, consumer: string | null): string | undefined {
  if (consumer === 'platform' || !['query', 'compare', 'export', 'api'].includes(method)) return undefined;
  return `node.access.${method}`;
}

export function nodeOutcome(o: string): 'success' | 'denied' | 'failure' {
  return o === 'ok' ? 'success' : o === 'refused' ? 'denied' : 'failure';
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null);

/** The fields of an audit event's detail that a trace row keeps (never data values; record keys only as keyed hashes). */
export function fromDetail(detail: Record<string, unknown> | null): {
  provider: string | null; grant: string | null; ticket: string | null; rows: number | null; bytes: number | null; purpose: string | null;
  exportId: string | null; resourceCode: string | null; recordKeys: string[];
} {
  const d = detail ?? {};
  const rk = Array.isArray(d.recordKeys) ? (d.recordKeys as unknown[]).filter((k): k is string => typeof k === 'string' && k.length <= 64) : [];
  return {
    provider: str(d.provider), grant: str(d.grant), ticket: str(d.ticket), rows: num(d.rows) ?? num(d.records), bytes: num(d.bytes),
    purpose: str(d.purpose)?.slice(0, 500) ?? null, exportId: str(d.watermark), resourceCode: str(d.resourceCode), recordKeys: rk,
  };
}
