import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import { advisoryLock, type Tx } from '../db/database.js';
import { claimLease, releaseLease } from '../db/lease.js';
import { changeGrantStatus } from '../exchange/grant.service.js';
import type { AppContext } from '../http/context.js';
import { notify, type Recipient } from '../notifications/notify.js';
import type { WorkflowRuntime } from '../scheduler/runtime.js';
import * as store from './alert.store.js';
import { RULE_LABELS } from './alert.present.js';
import {
  compareAlerts, failedLoginAlerts, grantOf, hourOf, nodeItemAlerts, offHoursExportAlerts, purposeAlerts, refusalAlerts, volumeAlerts, volumeOf,
  type AlertDraft, type AuditEv,
} from './rules.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'calendar' | 'config' | 'changes'>;

const BATCH = 2000;
const MAX_BATCHES = 50;
const LEASE_SECONDS = 120;

/** The platform itself, acting on a rule's configured consequence (audited under this name). */
export const MONITOR_ACTOR: Actor = { kind: 'system', id: null, name: 'monitoring', roles: ['admin'], departmentId: null, regionCode: null, sessionId: null };

/**
 * Scheduler job (Art. 32): reads the audit events after its last sequence number and the events nodes shipped since
 * its last node sequence numbers, runs the rules, stores the alerts and notifies the departments' security officers
 * and the office — off the bus's hot path. One instance runs it at a time (a lease, plus the advisory lock in each
 * batch's transaction); each batch's counters, alerts, notices and cursor commit together, so a crash repeats nothing.
 */
export async function monitorJob(ctx: Ctx, rt: WorkflowRuntime): Promise<Record<string, number>> {
  if (!(await claimLease(ctx.db, 'monitoring', LEASE_SECONDS))) return { skipped: 1 };
  const counts = { events: 0, nodeEvents: 0, alerts: 0, suspended: 0 };
  const suspend: Array<{ alertId: string; grantId: string }> = [];
  try {
    await ctx.audit.flush();
    const cal = await ctx.calendar.get();
    for (let i = 0; i < MAX_BATCHES; i++) {
      const r = await ctx.tx((tx) => auditBatch(tx, ctx, rt, (d) => cal.isWorkday(d)));
      counts.events += r.events;
      counts.alerts += r.raised.length;
      suspend.push(...r.raised.filter((a) => a.grantId && ctx.config.monitoring.suspendRules.includes(a.rule)).map((a) => ({ alertId: a.id, grantId: a.grantId! })));
      if (r.events < BATCH) break;
    }
    const n = await ctx.tx((tx) => nodeBatch(tx, ctx, rt));
    counts.nodeEvents += n.events;
    counts.alerts += n.raised.length;
    for (const s of suspend) if (await autoSuspend(ctx, rt, s.alertId, s.grantId)) counts.suspended++;
  } finally {
    await releaseLease(ctx.db, 'monitoring');
  }
  return counts;
}

type Raised = AlertDraft & { id: string };

async function auditBatch(tx: Tx, ctx: Ctx, rt: WorkflowRuntime, isWorkday: (d: string) => boolean): Promise<{ events: number; raised: Raised[] }> {
  await advisoryLock(tx, 'job:monitoring');
  const cursor = await store.readCursor(tx);
  const events = await store.eventsAfter(tx, cursor.seq, BATCH);
  if (events.length === 0) return { events: 0, raised: [] };
  const cfg = ctx.config.monitoring;

  const hours = new Map<string, { grantId: string; hour: string; calls: number; rows: number }>();
  for (const e of events) {
    const g = grantOf(e);
    if (!g) continue;
    const hour = hourOf(e.at);
    const h = hours.get(`${g}|${hour}`) ?? hours.set(`${g}|${hour}`, { grantId: g, hour, calls: 0, rows: 0 }).get(`${g}|${hour}`)!;
    const v = volumeOf(e);
    h.calls += v.calls;
    h.rows += v.rows;
  }
  const touched = await store.addGrantHours(tx, hours, cfg.baselineDays);
  const last = events[events.length - 1]!;
  const window = await store.windowEvents(tx, new Date(events[0]!.at.getTime() - cfg.windowMinutes * 60_000), last.seq);
  const purposes = await store.grantPurposes(tx, [...new Set(events.map(grantOf).filter((g): g is string => !!g))]);
  const signals = await Promise.all(events.filter((e) => e.action.startsWith('alert.compare.')).map((e) => withExchange(tx, e)));

  const drafts = [
    ...volumeAlerts(touched, events, cfg),
    ...offHoursExportAlerts(events, isWorkday, cfg),
    ...purposeAlerts(events, purposes),
    ...refusalAlerts(window, cursor.seq, cfg),
    ...failedLoginAlerts(window, cursor.seq, cfg),
    ...compareAlerts(signals),
  ];
  const raised = await raise(tx, ctx, rt, drafts);
  await store.writeCursor(tx, { ...cursor, seq: last.seq });
  return { events: events.length, raised };
}

/** A compare signal names its grant and provider through the bus's own event of the same request. */
async function withExchange(tx: Tx, e: AuditEv): Promise<AuditEv> {
  const x = e.requestId ? await store.exchangeOfRequest(tx, e.requestId) : undefined;
  return x ? { ...e, detail: { ...e.detail, grant: x.detail?.grant, provider: x.detail?.provider, exchangeSeq: x.seq } } : e;
}

async function nodeBatch(tx: Tx, ctx: Ctx, rt: WorkflowRuntime): Promise<{ events: number; raised: Raised[] }> {
  await advisoryLock(tx, 'job:monitoring');
  const cursor = await store.readCursor(tx);
  let total = 0;
  const drafts: AlertDraft[] = [];
  for (const nodeId of await store.syncedNodes(tx)) {
    const events = await store.nodeEventsAfter(tx, nodeId, cursor.nodes[nodeId] ?? 0, BATCH * 5);
    if (events.length === 0) continue;
    total += events.length;
    const catalog = await store.catalogItems(tx, [...new Set(events.map((e) => e.resource).filter((r): r is string => !!r && r !== '*'))]);
    drafts.push(...nodeItemAlerts(events, catalog));
    cursor.nodes[nodeId] = events[events.length - 1]!.seq;
  }
  const raised = await raise(tx, ctx, rt, drafts);
  if (total > 0) await store.writeCursor(tx, cursor);
  return { events: total, raised };
}

/** Stores the new alerts (a key already raised is skipped) and tells the security officers and the office. */
async function raise(tx: Tx, ctx: Ctx, rt: WorkflowRuntime, drafts: AlertDraft[]): Promise<Raised[]> {
  const out: Raised[] = [];
  for (const d of drafts) {
    const id = randomUUID();
    const region = (await store.regionOf(tx, d.departmentId)) ?? ctx.config.region;
    if (!(await store.insertAlert(tx, id, d, region))) continue;
    out.push({ ...d, id });
    await ctx.audit.inTx(tx, { action: 'monitoring.alert', actor: { id: null, name: MONITOR_ACTOR.name, departmentId: null }, objectType: 'alert', objectId: id, detail: { rule: d.rule, severity: d.severity, grant: d.grantId ?? undefined, auditSeqs: d.evidence.auditSeqs.slice(0, 20) } });
    await notify(tx, rt, { kind: `alert.${d.rule}`, title: `【安全告警】${RULE_LABELS[d.rule].zh}`, body: d.title, subject: { type: 'alert', id }, to: recipients(d, region) });
  }
  return out;
}

function recipients(d: AlertDraft, region: string): Recipient[] {
  const to: Recipient[] = [];
  for (const dept of new Set([d.departmentId, d.providerDepartmentId].filter((x): x is string => !!x))) to.push({ departmentId: dept, role: 'security_officer' });
  to.push({ regionCode: region, role: 'office' });
  return to;
}

/** A rule configured to suspend (GOVSHARE_ALERT_SUSPEND_RULES) suspends the grant through the grant service, audited there. */
async function autoSuspend(ctx: Ctx, rt: WorkflowRuntime, alertId: string, grantId: string): Promise<boolean> {
  const grant = await ctx.db.selectFrom('grants').select(['status', 'consumer_department_id']).where('id', '=', grantId).executeTakeFirst();
  if (grant?.status !== 'active') return false;
  await changeGrantStatus(ctx, MONITOR_ACTOR, grantId, 'suspended', `安全监控告警自动暂停（告警 ${alertId}）/ suspended by monitoring alert ${alertId}`, `monitoring:${alertId}`);
  await ctx.tx(async (tx) => {
    await store.setAlertAction(tx, alertId, 'grant.suspended');
    await notify(tx, rt, {
      kind: 'grant.suspend', title: '共享授权已被安全监控自动暂停', subject: { type: 'alert', id: alertId },
      body: `因安全告警，授权 ${grantId} 已自动暂停；请安全管理员核查后由提供部门恢复或撤销（第三十二条）。`,
      to: [{ departmentId: grant.consumer_department_id, role: 'data_user' }, { departmentId: grant.consumer_department_id, role: 'security_officer' }],
    });
  });
  return true;
}
