import type { Insertable } from 'kysely';
import { advisoryLock, type Db, type Tx } from '../db/database.js';
import type { TraceEventTable } from '../db/schema.js';
import { eventsAfter } from '../audit/audit.store.js';
import type { StoredEvent } from '../audit/chain.js';
import { categoryOf, fromDetail, nodeAction, nodeOutcome } from './trace.rules.js';

const PAGE = 2_000;
const KEY_CHUNK = 10_000;
type Row = Insertable<TraceEventTable>;

/**
 * Brings the trace projection up to the logs (ADR 007): reads audit events and nodes' shipped events after the
 * last position indexed, writes their trace rows and record-key hashes, and moves the position — one transaction a
 * page, under one lock across instances, so a crash repeats a page rather than losing or doubling it. Called before
 * every trace answer and on a timer; it can be dropped and rebuilt from the logs at any time.
 */
export async function catchUpTrace(db: Db): Promise<number> {
  let indexed = 0;
  for (;;) {
    const n = await db.transaction().execute((tx) => auditPage(tx));
    indexed += n.read;
    if (n.read < PAGE) break;
  }
  const nodes = await db.selectFrom('node_sync').select('node_id').execute();
  for (const { node_id } of nodes) {
    for (;;) {
      const n = await db.transaction().execute((tx) => nodePage(tx, node_id));
      indexed += n.read;
      if (n.read < PAGE) break;
    }
  }
  return indexed;
}

async function cursor(tx: Tx, source: string): Promise<number> {
  await advisoryLock(tx, `trace-index:${source}`);
  const r = await tx.selectFrom('trace_cursor').select('last_seq').where('source', '=', source).executeTakeFirst();
  return Number(r?.last_seq ?? 0);
}

async function moveCursor(tx: Tx, source: string, seq: number): Promise<void> {
  await tx.insertInto('trace_cursor').values({ source, last_seq: seq }).onConflict((oc) => oc.column('source').doUpdateSet({ last_seq: seq })).execute();
}

/** Resource code → provider department, and grant/application id → resource and provider, for rows that lack them. */
async function resolver(tx: Tx, events: Array<{ objectType: string | null; objectId: string | null; resource: string | null }>) {
  const codes = new Set<string>();
  const grants = new Set<string>();
  const apps = new Set<string>();
  for (const e of events) {
    if (e.resource) codes.add(e.resource);
    if (e.objectType === 'grant' && e.objectId) grants.add(e.objectId);
    if (e.objectType === 'application' && e.objectId) apps.add(e.objectId);
  }
  const viaGrant = new Map<string, string>();
  const viaApp = new Map<string, string>();
  if (grants.size > 0) for (const g of await tx.selectFrom('grants').select(['id', 'resource_code']).where('id', 'in', [...grants]).execute()) { viaGrant.set(g.id, g.resource_code); codes.add(g.resource_code); }
  if (apps.size > 0) for (const a of await tx.selectFrom('applications').select(['id', 'resource_code']).where('id', 'in', [...apps]).execute()) { viaApp.set(a.id, a.resource_code); codes.add(a.resource_code); }
  const provider = new Map<string, string>();
  if (codes.size > 0) for (const r of await tx.selectFrom('catalog_resources').select(['code', 'department_id']).where('code', 'in', [...codes]).execute()) provider.set(r.code, r.department_id);
  return {
    resource: (objectType: string | null, objectId: string | null, fallback: string | null) =>
      fallback ?? (objectType === 'resource' ? objectId : objectType === 'grant' && objectId ? viaGrant.get(objectId) ?? null : objectType === 'application' && objectId ? viaApp.get(objectId) ?? null : null),
    provider: (code: string | null) => (code ? provider.get(code) ?? null : null),
  };
}

async function auditPage(tx: Tx): Promise<{ read: number }> {
  const after = await cursor(tx, 'audit');
  const events: StoredEvent[] = await eventsAfter(tx, after, PAGE);
  if (events.length === 0) return { read: 0 };
  const traced = events.map((e) => ({ e, category: categoryOf(e.action), d: fromDetail(e.detail) })).filter((x) => x.category);
  const resolve = await resolver(tx, traced.map(({ e, d }) => ({ objectType: e.objectType, objectId: e.objectId, resource: d.resourceCode ?? (e.objectType === 'resource' ? e.objectId : null) })));
  const rows: Row[] = traced.map(({ e, category, d }) => {
    const resource = resolve.resource(e.objectType, e.objectId, d.resourceCode);
    return {
      source: 'audit', source_seq: e.seq, at: e.at, category: category!, action: e.action, outcome: e.outcome, resource_code: resource,
      provider_department_id: d.provider ?? resolve.provider(resource), actor_department_id: e.departmentId, actor_id: e.actorId, actor_name: e.actorName,
      grant_id: d.grant ?? (e.objectType === 'grant' ? e.objectId : null), ticket: d.ticket, row_count: d.rows, byte_count: d.bytes, purpose: d.purpose, export_id: d.exportId,
    };
  });
  const keysBySeq = new Map(traced.filter((x) => x.d.recordKeys.length > 0).map((x) => [x.e.seq, x.d.recordKeys]));
  await insertRows(tx, rows, keysBySeq);
  await moveCursor(tx, 'audit', events[events.length - 1]!.seq);
  return { read: events.length };
}

async function nodePage(tx: Tx, nodeId: string): Promise<{ read: number }> {
  const source = `node:${nodeId}`;
  const after = await cursor(tx, source);
  const events = await tx.selectFrom('node_events').select(['seq', 'at', 'jti', 'consumer', 'resource', 'method', 'outcome', 'rows', 'bytes', 'event'])
    .where('node_id', '=', nodeId).where('seq', '>', after).orderBy('seq').limit(PAGE).execute();
  if (events.length === 0) return { read: 0 };
  const traced = events.map((e) => ({ e, action: nodeAction(e.method, e.consumer) })).filter((x) => x.action);
  const resolve = await resolver(tx, traced.map(({ e }) => ({ objectType: 'resource', objectId: e.resource, resource: e.resource })));
  const rows: Row[] = traced.map(({ e, action }) => {
    const ev = (e.event ?? {}) as { actor?: string | null; grant?: string | null };
    return {
      source, source_seq: e.seq, at: e.at, category: 'access', action: action!, outcome: nodeOutcome(e.outcome), resource_code: e.resource,
      provider_department_id: resolve.provider(e.resource), actor_department_id: e.consumer, actor_id: ev.actor ?? null, actor_name: null,
      grant_id: ev.grant ?? null, ticket: e.jti, row_count: e.rows, byte_count: e.bytes, purpose: null, export_id: null,
    };
  });
  await insertRows(tx, rows, new Map());
  await moveCursor(tx, source, events[events.length - 1]!.seq);
  return { read: events.length };
}

async function insertRows(tx: Tx, rows: Row[], keysBySeq: Map<number, string[]>): Promise<void> {
  if (rows.length === 0) return;
  const ids = await tx.insertInto('trace_events').values(rows).onConflict((oc) => oc.columns(['source', 'source_seq']).doNothing())
    .returning(['id', 'source_seq']).execute();
  const keys: Array<{ key_hash: string; event_id: number }> = [];
  for (const { id, source_seq } of ids) for (const k of keysBySeq.get(Number(source_seq)) ?? []) keys.push({ key_hash: k, event_id: Number(id) });
  for (let i = 0; i < keys.length; i += KEY_CHUNK) {
    await tx.insertInto('trace_keys').values(keys.slice(i, i + KEY_CHUNK)).onConflict((oc) => oc.doNothing()).execute();
  }
}
