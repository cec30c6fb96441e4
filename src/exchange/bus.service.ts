import { issueTicket, type TicketClaims } from '../crypto/ticket-sign.js';
import { auditActor, type Actor } from '../auth/actor.js';
import { todayInShanghai } from '../calendar/dates.js';
import { DomainError, errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { decideAccess, type AccessDecision, type ExchangeMethod, type GrantView } from './access.rules.js';
import { grantsFor } from './grant.store.js';
import { findNode } from './node.store.js';
import { publishedResource, TtlCache, type PublishedResource } from './resource-lookup.js';

/**
 * Calls per minute under one grant (SECURITY-NOTES: per-caller quotas against enumeration): a token bucket per grant,
 * refilled continuously. Kept per instance, so N instances allow up to N times the rate — the daily comparison quota
 * (compare-guard.ts) is the one counted in the database across instances.
 */
export class GrantRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly perMinute: number) {}

  /** Takes one call; answers how many seconds to wait when none is left (0 = go ahead). */
  take(grantId: string, now = Date.now()): number {
    const b = this.buckets.get(grantId) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + ((now - b.at) / 60_000) * this.perMinute);
    b.at = now;
    if (this.buckets.size > 100_000) this.buckets.clear(); // bounded memory: a full reset only forgives, never blocks
    this.buckets.set(grantId, b);
    if (b.tokens < 1) return Math.ceil(((1 - b.tokens) / this.perMinute) * 60);
    b.tokens -= 1;
    return 0;
  }
}

/** Default caps on what one ticket allows (Art. 23 guards against enumeration and bulk abuse). */
export const LIMITS = { maxRows: 1000, maxRecords: 10_000 };
const TICKET_TTL_SECONDS = 30;

export interface Prepared {
  resource: PublishedResource;
  decision: AccessDecision;
  node: { id: string; url: string };
  ticket: string;
  claims: TicketClaims;
}

type NodeInfo = { id: string; url: string; status: string } | undefined;

/**
 * The bus's decision for one call: who is asking, for which resource, items and method; whether a grant covers
 * it; which node serves it; and the signed ticket that carries the decision to the node. Hot lookups are cached
 * (SPEC §4: the bus's own work must stay small next to the node's).
 */
export class Bus {
  readonly resources = new TtlCache<PublishedResource | undefined>(2_000);
  readonly grants = new TtlCache<GrantView[]>(2_000);
  readonly nodes = new TtlCache<NodeInfo>(2_000);
  private readonly rate: GrantRateLimiter;

  constructor(private readonly ctx: AppContext) {
    this.rate = new GrantRateLimiter(ctx.config.grantCallsPerMinute);
    ctx.changes.on((topic) => (topic === 'grants' ? this.grants : topic === 'nodes' ? this.nodes : this.resources).invalidate());
  }

  async prepare(actor: Actor, code: string, method: ExchangeMethod, items: string[], purpose: string | undefined): Promise<Prepared> {
    if (!actor.departmentId) throw errors.forbidden('Only a department user or system calls the bus');
    const resource = await this.resources.get(code, () => publishedResource(this.ctx.db, code));
    if (!resource) throw errors.notFound('Resource', '资源');
    const consumer = actor.departmentId;
    const grants = await this.grants.get(`${consumer}|${code}`, () => grantsFor(this.ctx.db, consumer, code));
    const decision = decideAccess({
      resource, consumerDepartmentId: consumer, credentialId: actor.kind === 'system' ? actor.id : null,
      method, items, grants, today: todayInShanghai(),
    });
    if (!['unconditional', 'own'].includes(decision.grantId)) {
      const wait = this.rate.take(decision.grantId);
      if (wait > 0) throw new DomainError('GRANT_RATE_LIMITED', 429, `该授权调用过于频繁（每分钟至多 ${this.ctx.config.grantCallsPerMinute} 次），请 ${wait} 秒后再试`, `Too many calls under this grant (at most ${this.ctx.config.grantCallsPerMinute} a minute); retry in ${wait} s`, { retryAfterSeconds: wait });
    }
    const finalPurpose = purpose?.trim() || decision.purpose;
    // SECURITY-NOTES: a comparison needs a stated purpose or case number, logged with it.
    if (method === 'compare' && !finalPurpose) throw new DomainError('PURPOSE_REQUIRED', 400, '比对须填写用途或案件编号（purpose）', 'A comparison needs a purpose or case number');
    return this.ticketed(resource, decision, {
      sub: consumer, act: actor.id ?? actor.name, method, purpose: finalPurpose ?? '',
      limits: { maxRows: LIMITS.maxRows, maxRecords: decision.maxRecords ?? LIMITS.maxRecords },
    });
  }

  /**
   * The open-data portal's call (Art. 26): no department and no grant — `decide` is the portal's rule for what the
   * public may read of an open entry — but the same node, ticket, masks at the node, and audit as any exchange.
   */
  async preparePublic(code: string, method: ExchangeMethod, decide: (r: PublishedResource) => AccessDecision, limits: TicketClaims['limits']): Promise<Prepared> {
    const resource = await this.resources.get(code, () => publishedResource(this.ctx.db, code));
    if (!resource) throw errors.notFound('Resource', '资源');
    return this.ticketed(resource, decide(resource), { sub: 'public', act: 'public', method, purpose: '社会公众开放数据下载（第二十六条）', limits });
  }

  /** The node serving the resource, and one signed ticket carrying the decision to it. */
  private async ticketed(resource: PublishedResource, decision: AccessDecision, t: { sub: string; act: string; method: ExchangeMethod; purpose: string; limits: TicketClaims['limits'] }): Promise<Prepared> {
    const nodeId = resource.body.nodeId;
    const node = nodeId ? await this.nodes.get(nodeId, async () => {
      const n = await findNode(this.ctx.db, nodeId);
      return n ? { id: n.id, url: n.url, status: n.status } : undefined;
    }) : undefined;
    if (!node) throw new DomainError('RESOURCE_HAS_NO_NODE', 409, '该资源尚未配置数据服务节点', 'No data-service node serves this resource yet');
    if (node.status !== 'active') throw new DomainError('NODE_SUSPENDED', 503, '提供该资源的数据服务节点已暂停', 'The node serving this resource is suspended');
    const { ticket, claims } = issueTicket({
      iss: this.ctx.keys.issuer, aud: node.id, sub: t.sub, res: resource.code, items: decision.items, masks: decision.masks,
      purpose: t.purpose, grant: decision.grantId, act: t.act, method: t.method, limits: t.limits, ttlSeconds: TICKET_TTL_SECONDS,
    }, { suite: this.ctx.keys.suite, key: this.ctx.keys.key });
    return { resource, decision, node: { id: node.id, url: node.url }, ticket, claims };
  }

  /** One audit event per exchange (issue 5 item 9): consumer, resource, items, rows, bytes, ticket, duration, outcome. */
  async audit(actor: Actor, requestId: string, code: string, method: string, p: Prepared | undefined, outcome: 'success' | 'failure' | 'denied', extra: Record<string, unknown>): Promise<void> {
    // Appended in the next batch without holding the answer (ADR 004 amendment 1); waits only under back-pressure.
    await this.ctx.audit.enqueue({
      action: `exchange.${method}`, outcome, actor: auditActor(actor), objectType: 'resource', objectId: code, requestId,
      detail: {
        ...(p ? { provider: p.resource.departmentId, node: p.node.id, ticket: p.claims.jti, grant: p.decision.grantId, items: p.decision.items, purpose: p.claims.purpose || undefined } : {}),
        ...extra,
      },
    });
  }
}
