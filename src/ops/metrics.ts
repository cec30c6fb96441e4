import { sql } from 'kysely';
import client from 'prom-client';
import type { AuditLog } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';

/**
 * The platform's Prometheus metrics (docs/operations.md lists them). One registry per platform (tests run several in
 * one process). Counters move as requests and exchanges happen; the gauges are read from the database at scrape
 * time with a handful of index-backed counts, so a scrape costs a few milliseconds and nothing runs between scrapes.
 */
export class Metrics {
  readonly registry = new client.Registry();
  readonly requests = new client.Counter({ name: 'govshare_http_requests_total', help: 'HTTP requests by method, route pattern and status', labelNames: ['method', 'route', 'status'] as const, registers: [this.registry] });
  readonly latency = new client.Histogram({
    name: 'govshare_http_request_duration_seconds', help: 'HTTP request duration by method and route pattern', labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry],
  });
  readonly exchanges = new client.Counter({ name: 'govshare_exchanges_total', help: 'Exchanges through the bus by resource, method and outcome (one per exchange audit event)', labelNames: ['resource', 'method', 'outcome'] as const, registers: [this.registry] });
  private readonly gauges = {
    auditPending: this.gauge('govshare_audit_pending_events', 'Audit events written in transactions and not yet chained'),
    auditHead: this.gauge('govshare_audit_head_seq', 'Sequence number of the last chained audit event'),
    auditUnsealed: this.gauge('govshare_audit_unsealed_events', 'Chained audit events after the last signed checkpoint'),
    checkpointAge: this.gauge('govshare_audit_checkpoint_age_seconds', 'Seconds since the last signed audit checkpoint (-1: none yet)'),
    nodeUp: this.gauge('govshare_node_up', 'Node answered its last health check (1) or not (0); suspended nodes are 0', ['node', 'name', 'status']),
    nodeLatency: this.gauge('govshare_node_latency_seconds', 'Latency of the node\'s last health check', ['node']),
    nodeSeenAge: this.gauge('govshare_node_last_seen_age_seconds', 'Seconds since the node last answered a health check', ['node']),
    backlog: this.gauge('govshare_deadline_backlog', 'Open items with a statutory deadline, and how many of them are overdue', ['kind', 'state']),
    scrapeError: this.gauge('govshare_metrics_database_error', '1 when the database could not be read for this scrape'),
  };

  constructor() {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'govshare_process_' });
  }

  private gauge(name: string, help: string, labelNames: string[] = []): client.Gauge {
    return new client.Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /** One request answered (the onResponse hook); `route` is the pattern, never the raw URL, to bound the label set. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }

  /** Reads the database-backed gauges, then renders the exposition text. */
  async render(db: Db): Promise<string> {
    try {
      await this.refresh(db);
      this.gauges.scrapeError.set(0);
    } catch {
      this.gauges.scrapeError.set(1); // the rest of the metrics still tell something; /readyz tells why
    }
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async refresh(db: Db): Promise<void> {
    const g = this.gauges;
    const audit = await sql<{ pending: number; head: number; cp_seq: number | null; cp_age: number | null }>`
      SELECT (SELECT count(*) FROM audit_pending)::int8 AS pending,
             (SELECT coalesce(max(seq), 0) FROM audit_events)::int8 AS head,
             c.seq AS cp_seq, extract(epoch FROM now() - c.at)::float8 AS cp_age
      FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT seq, at FROM audit_checkpoints ORDER BY idx DESC LIMIT 1) c ON true`.execute(db);
    const a = audit.rows[0]!;
    g.auditPending.set(Number(a.pending));
    g.auditHead.set(Number(a.head));
    g.auditUnsealed.set(Number(a.head) - Number(a.cp_seq ?? 0));
    g.checkpointAge.set(a.cp_age === null ? -1 : Number(a.cp_age));

    const nodes = await db.selectFrom('nodes')
      .select(['id', 'name', 'status', 'last_error', 'last_latency_ms', sql<number | null>`extract(epoch FROM now() - last_seen_at)::float8`.as('seen_age')])
      .execute();
    g.nodeUp.reset();
    g.nodeLatency.reset();
    g.nodeSeenAge.reset();
    for (const n of nodes) {
      g.nodeUp.set({ node: n.id, name: n.name, status: n.status }, n.status === 'active' && n.seen_age !== null && !n.last_error ? 1 : 0);
      if (n.last_latency_ms !== null) g.nodeLatency.set({ node: n.id }, n.last_latency_ms / 1000);
      if (n.seen_age !== null) g.nodeSeenAge.set({ node: n.id }, n.seen_age);
    }

    // Statutory deadlines (Art. 18, 26, 27): applications awaiting a decision, objections awaiting a reply, disputes in a step.
    const backlog = await sql<{ kind: string; open: number; overdue: number }>`
      SELECT 'application' AS kind, count(*)::int8 AS open, count(overdue_at)::int8 AS overdue FROM applications WHERE status = 'pending'
      UNION ALL
      SELECT 'objection', count(*)::int8, count(overdue_at)::int8 FROM objections WHERE status = 'open'
      UNION ALL
      SELECT 'dispute', count(*)::int8, count(*) FILTER (WHERE step_due < (now() AT TIME ZONE 'Asia/Shanghai')::date)::int8
        FROM disputes WHERE status NOT IN ('resolved', 'ruled')`.execute(db);
    for (const b of backlog.rows) {
      g.backlog.set({ kind: b.kind, state: 'open' }, Number(b.open));
      g.backlog.set({ kind: b.kind, state: 'overdue' }, Number(b.overdue));
    }
  }
}

const observed = new WeakSet<AuditLog>();

/**
 * Counts exchanges from the one place every exchange is recorded: the bus's `exchange.*` audit event (issue 5 item 9),
 * so the metric and the audit log cannot disagree and the bus needs no second call.
 */
export function countExchanges(audit: AuditLog, metrics: Metrics): void {
  if (observed.has(audit)) return;
  observed.add(audit);
  const record = audit.record.bind(audit);
  audit.record = (input) => {
    if (input.action.startsWith('exchange.')) {
      metrics.exchanges.inc({ resource: input.objectId ?? '', method: input.action.slice('exchange.'.length), outcome: input.outcome ?? 'success' });
    }
    return record(input);
  };
}
