import { request } from 'undici';
import { parseCompact, verifyParsed } from '../crypto/jws.js';
import { issueTicket } from '../crypto/ticket-sign.js';
import { EVENTS_TYP, GENESIS, eventHash, type EventBatch, type NodeEvent } from '../node/events.js';
import type { AppContext } from '../http/context.js';
import { DomainError } from '../errors.js';
import { nodeError } from './forward.js';

type Ctx = Pick<AppContext, 'db' | 'keys' | 'audit'>;
interface NodeRef { id: string; url: string; public_key: string }

/** A ticket for the platform's own calls to a node (res "*", no items): pulling events and stats. */
function platformTicket(ctx: Ctx, nodeId: string, method: 'events' | 'stats'): string {
  return issueTicket({ iss: ctx.keys.issuer, aud: nodeId, sub: 'platform', res: '*', items: [], masks: {}, purpose: 'platform sync', grant: 'platform', act: 'platform', method }, { suite: ctx.keys.suite, key: ctx.keys.key }).ticket;
}

async function getJson<T>(url: string, ticket: string): Promise<T> {
  try {
    const res = await request(url, { headers: { authorization: `Bearer ${ticket}` }, headersTimeout: 10_000, bodyTimeout: 30_000 });
    const body = await res.body.json() as T & { error?: { code: string } };
    if (res.statusCode !== 200) throw new DomainError('NODE_SYNC_FAILED', 502, `节点拒绝同步请求：${body.error?.code ?? res.statusCode}`, `The node refused the sync call: ${body.error?.code ?? res.statusCode}`);
    return body;
  } catch (err) {
    throw err instanceof DomainError ? err : nodeError(err);
  }
}

/**
 * Verifies one signed batch against the node's registered key and the chain the platform already holds
 * (docs/node.md §7): signature, node id, continuity from our last hash, and every event's hash.
 */
export function verifyBatch(ctx: Pick<Ctx, 'keys'>, node: NodeRef, jws: string, last: { seq: number; hash: string }): EventBatch {
  const parsed = parseCompact(jws);
  const bad = (why: string) => new DomainError('NODE_EVENTS_INVALID', 502, `节点事件批次校验失败：${why}`, `The node's event batch failed verification: ${why}`);
  if (!parsed || parsed.header.typ !== EVENTS_TYP) throw bad('format');
  if (!verifyParsed(ctx.keys.suite, ctx.keys.suite.publicKey(node.public_key), parsed)) throw bad('signature');
  const batch = parsed.payload as EventBatch;
  if (batch.nodeId !== node.id || batch.after !== last.seq) throw bad('node or position');
  let prev = last.hash;
  let seq = last.seq;
  for (const e of batch.events) {
    const { prevHash, hash, ...rest } = e;
    if (e.seq !== seq + 1 || prevHash !== prev || eventHash(batch.hashAlg, prev, rest) !== hash) throw bad(`chain at seq ${e.seq}`);
    prev = hash;
    seq = e.seq;
  }
  return batch;
}

/** Pulls the node's new events into node_events until caught up (a few batches per call at most). */
export async function pullNodeEvents(ctx: Ctx, node: NodeRef): Promise<{ pulled: number; lastSeq: number }> {
  let pulled = 0;
  for (let round = 0; round < 20; round++) {
    const cur = await ctx.db.selectFrom('node_sync').select(['last_seq', 'last_hash']).where('node_id', '=', node.id).executeTakeFirst();
    const last = { seq: cur?.last_seq ?? 0, hash: cur?.last_hash ?? GENESIS };
    const { jws } = await getJson<{ jws: string }>(`${node.url}/v1/events?after=${last.seq}&limit=5000`, platformTicket(ctx, node.id, 'events'));
    const batch = verifyBatch(ctx, node, jws, last);
    await ctx.db.transaction().execute(async (tx) => {
      if (batch.events.length > 0) {
        await tx.insertInto('node_events').values(batch.events.map((e: NodeEvent) => ({
          node_id: node.id, seq: e.seq, at: e.at, jti: e.jti, consumer: e.consumer, resource: e.resource, method: e.method, outcome: e.outcome,
          code: e.code, rows: e.rows, bytes: e.bytes, event: JSON.stringify(e), hash: e.hash,
        }))).onConflict((oc) => oc.doNothing()).execute();
      }
      await tx.insertInto('node_sync').values({ node_id: node.id, last_seq: batch.lastSeq, last_hash: batch.lastHash, synced_at: new Date(), last_error: null })
        .onConflict((oc) => oc.column('node_id').doUpdateSet({ last_seq: batch.lastSeq, last_hash: batch.lastHash, synced_at: new Date(), last_error: null })).execute();
    });
    pulled += batch.events.length;
    if (batch.headSeq <= batch.lastSeq || batch.events.length === 0) return { pulled, lastSeq: batch.lastSeq };
  }
  const cur = await ctx.db.selectFrom('node_sync').select('last_seq').where('node_id', '=', node.id).executeTakeFirst();
  return { pulled, lastSeq: cur?.last_seq ?? 0 };
}

/** Art. 21: each resource's row count and last data change, as the node reports them. */
export async function pullNodeStats(ctx: Ctx, node: NodeRef): Promise<number> {
  const { resources } = await getJson<{ resources: Array<{ code: string; rows: number | null; lastChange: string | null; error?: string }> }>(`${node.url}/v1/stats`, platformTicket(ctx, node.id, 'stats'));
  for (const r of resources) {
    await ctx.db.insertInto('resource_stats').values({ resource_code: r.code, node_id: node.id, row_count: r.rows, last_change: r.lastChange, error: r.error ?? null })
      .onConflict((oc) => oc.columns(['resource_code', 'node_id']).doUpdateSet({ row_count: r.rows, last_change: r.lastChange, error: r.error ?? null, reported_at: new Date() })).execute();
  }
  return resources.length;
}

/** Bus exchanges (and tickets handed out for direct calls) and node events, matched by ticket id: what one side saw and the other did not (issue 5 item 9). */
export async function reconcile(ctx: Pick<AppContext, 'db'>, nodeId: string, sinceIso: string) {
  const bus = await ctx.db.selectFrom('audit_events').select(['seq', 'action', 'outcome', 'object_id', 'detail'])
    .where('action', 'like', 'exchange.%').where('at', '>=', new Date(sinceIso)).execute();
  const busTickets = new Map(bus.filter((e) => (e.detail as { node?: string } | null)?.node === nodeId && (e.detail as { ticket?: string }).ticket)
    .map((e) => [(e.detail as { ticket: string }).ticket, e]));
  const nodeRows = await ctx.db.selectFrom('node_events').select(['seq', 'jti', 'method', 'outcome', 'resource']).where('node_id', '=', nodeId).where('at', '>=', sinceIso).execute();
  const nodeTickets = new Map(nodeRows.filter((e) => e.jti).map((e) => [e.jti!, e]));
  return {
    matched: [...busTickets.keys()].filter((t) => nodeTickets.has(t)).length,
    onlyOnBus: [...busTickets.entries()].filter(([t]) => !nodeTickets.has(t)).map(([t, e]) => ({ ticket: t, auditSeq: e.seq, action: e.action, outcome: e.outcome })),
    onlyOnNode: [...nodeTickets.entries()].filter(([t]) => !busTickets.has(t) && !t.startsWith('platform')).map(([t, e]) => ({ ticket: t, nodeSeq: e.seq, method: e.method, outcome: e.outcome })),
  };
}
