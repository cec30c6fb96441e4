import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { groupDuplicates } from '../catalog/duplicates.js';
import { publishedItems } from '../catalog/projects.store.js';
import type { Tx } from '../db/database.js';
import type { AppContext } from '../http/context.js';
import { notify } from '../notifications/notify.js';
import type { WorkflowRuntime } from '../scheduler/runtime.js';
import { GROUNDS } from './notices.rules.js';
import { insertNotice, addNoticeEvent } from './notices.store.js';

/**
 * What the platform detects and proposes as a rectification notice for the office to confirm or dismiss (Art. 39).
 * One proposal per detected subject, keyed `kind:subject`: a dismissed proposal is never proposed again.
 */
export interface Finding { kind: string; ground: number; departmentId: string; regionCode: string; subject: { type: string; id: string }; facts: string }

const SYSTEM = { id: null, name: 'system', departmentId: null };

async function rows<T>(tx: Tx, q: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await q.execute(tx)).rows;
}

export async function detect(tx: Tx, today: string): Promise<Finding[]> {
  const out: Finding[] = [];
  // Art. 10 / 39(3): the catalog not updated within 15 workdays of an organisational change
  for (const r of await rows(tx, sql<{ id: string; department_id: string; region_code: string; description: string; due_on: string }>`
    SELECT c.id, c.department_id, d.region_code, c.description, c.due_on FROM catalog_org_changes c JOIN departments d ON d.id = c.department_id
     WHERE c.closed_at IS NULL AND c.due_on < ${today}`)) {
    out.push({ kind: 'catalog_overdue', ground: 3, departmentId: r.department_id, regionCode: r.region_code, subject: { type: 'org_change', id: r.id }, facts: `机构或职责调整（${r.description}）后未在 ${r.due_on} 前更新资源目录（第十条：15 个工作日内）。` });
  }
  // Art. 23 / 39(1): a refusal without its reason
  for (const r of await rows(tx, sql<{ id: string; department_id: string; region_code: string; resource_name: string; filed_on: string }>`
    SELECT a.id, a.provider_department_id AS department_id, d.region_code, a.resource_name, a.filed_on FROM applications a JOIN departments d ON d.id = a.provider_department_id
     WHERE a.status = 'refused' AND COALESCE(btrim(a.decision_reason), '') = ''`)) {
    out.push({ kind: 'refusal_unreasoned', ground: 1, departmentId: r.department_id, regionCode: r.region_code, subject: { type: 'application', id: r.id }, facts: `拒绝 ${r.filed_on} 提出的“${r.resource_name}”共享申请而未说明理由（第二十三条）。` });
  }
  // Art. 23 / 39(1): an application not answered within 10 workdays
  for (const r of await rows(tx, sql<{ id: string; department_id: string; region_code: string; resource_name: string; accept_by: string }>`
    SELECT a.id, a.provider_department_id AS department_id, d.region_code, a.resource_name, a.accept_by FROM applications a JOIN departments d ON d.id = a.provider_department_id
     WHERE a.status = 'pending' AND a.accept_by < ${today}`)) {
    out.push({ kind: 'application_overdue', ground: 1, departmentId: r.department_id, regionCode: r.region_code, subject: { type: 'application', id: r.id }, facts: `“${r.resource_name}”的共享申请超过受理期限 ${r.accept_by} 仍未答复（第二十三条：10 个工作日内）。` });
  }
  // Art. 24: an objection not answered in time. Ground (7): the deadline is Art. 24's own, not one of (1)–(6).
  for (const r of await rows(tx, sql<{ id: string; department_id: string; region_code: string; resource_name: string; reply_by: string }>`
    SELECT o.id, o.provider_department_id AS department_id, d.region_code, o.resource_name, o.reply_by FROM objections o JOIN departments d ON d.id = o.provider_department_id
     WHERE o.status = 'open' AND o.reply_by < ${today}`)) {
    out.push({ kind: 'objection_overdue', ground: 7, departmentId: r.department_id, regionCode: r.region_code, subject: { type: 'objection', id: r.id }, facts: `对“${r.resource_name}”的数据异议超过答复期限 ${r.reply_by} 仍未核实答复（第二十四条）。` });
  }
  // Art. 18 / 39(2): items another department already provides as the single source (src/catalog/duplicates.ts)
  const regions = new Map((await tx.selectFrom('departments').select(['id', 'region_code']).execute()).map((d) => [d.id, d.region_code]));
  for (const g of groupDuplicates(await publishedItems(tx))) {
    if (!g.singleSource) continue;
    for (const d of g.departments) {
      if (d.departmentId === g.singleSource.departmentId) continue;
      out.push({
        kind: 'duplicate_collection', ground: 2, departmentId: d.departmentId, regionCode: regions.get(d.departmentId)!, subject: { type: 'concept', id: `${g.concept}|${g.typeClass}` },
        facts: `自行采集“${g.concept}”（${d.items.map((i) => `${i.resourceName}·${i.itemName}`).join('、')}），而${g.singleSource.departmentName}的“${g.singleSource.resourceName}”已作为权威来源提供（第十八条：一数一源）。`,
      });
    }
  }
  // Art. 32 / 39(4): misuse alerts against a consumer — src/monitoring's alerts when present, else the bus's audit events
  out.push(...await alertFindings(tx, today));
  return out;
}

async function alertFindings(tx: Tx, today: string): Promise<Finding[]> {
  const has = (await sql<{ ok: boolean }>`SELECT to_regclass('alerts') IS NOT NULL AS ok`.execute(tx)).rows[0]?.ok;
  const q = has
    ? sql<{ id: string; department_id: string; region_code: string; title: string }>`
      SELECT a.id::text AS id, d.id AS department_id, d.region_code, a.title FROM alerts a JOIN departments d ON d.id = a.department_id::text
       WHERE a.status <> 'closed' AND a.severity IN ('medium', 'high')`
    : sql<{ id: string; department_id: string; region_code: string; title: string }>`
      SELECT e.seq::text AS id, d.id AS department_id, d.region_code, e.action AS title FROM audit_events e JOIN departments d ON d.id = e.department_id
       WHERE e.action LIKE 'alert.%' AND e.at >= ${`${today}T00:00:00+08:00`}::timestamptz - interval '30 days'`;
  return (await rows(tx, q)).map((r) => ({
    kind: 'grant_misuse', ground: 4, departmentId: r.department_id, regionCode: r.region_code, subject: { type: has ? 'alert' : 'audit_event', id: r.id },
    facts: `使用共享数据出现异常告警（${r.title}），疑似滥用或超出授权范围使用（第三十二条）。`,
  }));
}

/** Writes new findings as proposals and tells each region's office how many new ones wait for it. */
export async function proposeNotices(env: { tx: Tx; ctx: Pick<AppContext, 'audit'>; rt: WorkflowRuntime; today: string }): Promise<Record<string, number>> {
  const perRegion = new Map<string, number>();
  const counts: Record<string, number> = {};
  for (const f of await detect(env.tx, env.today)) {
    const id = randomUUID();
    const inserted = await insertNotice(env.tx, {
      id, department_id: f.departmentId, region_code: f.regionCode, ground: f.ground, facts: f.facts, status: 'proposed', source: 'detected',
      detection_kind: f.kind, detection_key: `${f.kind}:${f.departmentId}:${f.subject.type}:${f.subject.id}`, evidence: JSON.stringify([f.subject]),
      deadline_workdays: null, issued_on: null, due_on: null, issued_by: null, reply: null, replied_at: null, replied_by: null, closed_at: null,
      circular: null, circulated_at: null, dismiss_reason: null, created_by: null,
    });
    if (!inserted) continue;
    await addNoticeEvent(env.tx, id, { action: 'notice.propose', actor: SYSTEM, text: f.facts, detail: { kind: f.kind, subject: f.subject } });
    await env.ctx.audit.inTx(env.tx, { action: 'notice.propose', actor: SYSTEM, objectType: 'notice', objectId: id, detail: { departmentId: f.departmentId, kind: f.kind, ground: f.ground, subject: f.subject } });
    perRegion.set(f.regionCode, (perRegion.get(f.regionCode) ?? 0) + 1);
    counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  }
  for (const [regionCode, n] of perRegion) {
    await notify(env.tx, env.rt, {
      kind: 'notice.proposed', title: `平台发现 ${n} 项需整改的问题`, body: `请在“整改通知”中确认下发或驳回（第三十九条：${Object.values(GROUNDS).length} 种情形）。`,
      to: [{ regionCode, role: 'office' }],
    });
  }
  return counts;
}

/** The scheduler's form: once a Shanghai day (detection reads the whole catalog for duplicates); the office may run it any time. */
export async function proposeDaily(env: Parameters<typeof proposeNotices>[0]): Promise<Record<string, number>> {
  const claimed = await sql<{ key: string }>`
    INSERT INTO settings (key, value) VALUES ('supervision:proposals-day', ${JSON.stringify({ day: env.today })}::jsonb)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now() WHERE settings.value->>'day' <> ${env.today}
    RETURNING key`.execute(env.tx);
  return claimed.rows.length > 0 ? proposeNotices(env) : { skipped: 1 };
}
