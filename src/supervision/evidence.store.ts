import { sql } from 'kysely';
import { STATUS_LABELS as APPLICATION_STATUS } from '../applications/application.rules.js';
import { SHARE_TYPE_LABELS, UPDATE_CYCLE_LABELS } from '../catalog/model.js';
import type { DbOrTx } from '../db/database.js';
import { OBJECTION_STATUS_LABELS } from '../objections/objection.rules.js';

/** A row behind a figure, as the drill-down screen lists it. */
export interface EvidenceRow { id: string; label: string; detail: string | null; date: string | null }

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const label = (labels: Record<string, string>, key: string) => labels[key] ?? key;

/** Resolves the ids of one evidence type to readable rows (the ids come from the evaluation, already in scope). */
export async function evidenceRows(db: DbOrTx, type: string, ids: string[]): Promise<EvidenceRow[]> {
  if (ids.length === 0) return [];
  switch (type) {
    case 'resource':
    case 'resource_code': {
      const col = type === 'resource' ? 'resource_id' : 'code';
      const rows = await db.selectFrom('catalog_versions').select(['resource_id', 'code', 'name', 'share_type', 'update_cycle', 'publish_date'])
        .where('status', '=', 'published').where(col, 'in', ids).orderBy('code').execute();
      return rows.map((r) => ({ id: type === 'resource' ? r.resource_id : r.code, label: `${r.name}（${r.code}）`, detail: `${label(SHARE_TYPE_LABELS, r.share_type)} · ${label(UPDATE_CYCLE_LABELS, r.update_cycle)}`, date: r.publish_date }));
    }
    case 'org_change': {
      const rows = await db.selectFrom('catalog_org_changes').select(['id', 'description', 'due_on', 'closed_at']).where('id', 'in', ids).orderBy('due_on').execute();
      return rows.map((r) => ({ id: r.id, label: r.description, detail: r.closed_at ? `已更新 ${iso(r.closed_at)}` : '未更新', date: r.due_on }));
    }
    case 'application': {
      const rows = await db.selectFrom('applications as a').innerJoin('departments as c', 'c.id', 'a.consumer_department_id')
        .select(['a.id', 'a.resource_name', 'a.status', 'a.filed_on', 'a.accept_by', 'a.decided_at', 'c.name as consumer']).where('a.id', 'in', ids).orderBy('a.filed_on').execute();
      return rows.map((r) => ({ id: r.id, label: `${r.resource_name} ← ${r.consumer}`, detail: `${label(APPLICATION_STATUS, r.status)} · 受理期限 ${r.accept_by}${r.decided_at ? ` · 办理于 ${iso(r.decided_at)}` : ''}`, date: r.filed_on }));
    }
    case 'objection': {
      const rows = await db.selectFrom('objections').select(['id', 'resource_name', 'description', 'status', 'filed_on', 'reply_by']).where('id', 'in', ids).orderBy('filed_on').execute();
      return rows.map((r) => ({ id: r.id, label: r.resource_name, detail: `${label(OBJECTION_STATUS_LABELS, r.status)} · 答复期限 ${r.reply_by} · ${r.description}`, date: r.filed_on }));
    }
    case 'node': {
      const rows = await db.selectFrom('nodes').select(['id', 'name', 'url', 'last_seen_at']).where('id', 'in', ids).execute();
      return rows.map((r) => ({ id: r.id, label: r.name, detail: r.url, date: iso(r.last_seen_at) }));
    }
    case 'node_probe': {
      const rows = await db.selectFrom('node_probes as p').innerJoin('nodes as n', 'n.id', 'p.node_id').select(['p.id', 'n.name', 'p.error', 'p.at'])
        .where('p.id', 'in', ids.map(Number).filter(Number.isSafeInteger)).orderBy('p.id').execute();
      return rows.map((r) => ({ id: String(r.id), label: r.name, detail: r.error, date: iso(r.at) }));
    }
    case 'alert': {
      const r = await sql<{ id: string; title: string; rule: string; raised_at: Date }>`
        SELECT id::text AS id, title, rule, raised_at FROM alerts WHERE id::text IN (${sql.join(ids)}) ORDER BY raised_at`.execute(db);
      return r.rows.map((x) => ({ id: x.id, label: x.title, detail: x.rule, date: iso(x.raised_at) }));
    }
    case 'audit_event': {
      const rows = await db.selectFrom('audit_events').select(['seq', 'action', 'actor_name', 'object_id', 'at'])
        .where('seq', 'in', ids.map(Number).filter(Number.isSafeInteger)).orderBy('seq').execute();
      return rows.map((r) => ({ id: String(r.seq), label: r.action, detail: `${r.actor_name ?? ''} · ${r.object_id ?? ''}`, date: iso(r.at) }));
    }
    default:
      return [];
  }
}
