import { createHash, randomUUID } from 'node:crypto';
import { advisoryLock, type Tx } from '../db/database.js';
import { signCompact } from '../crypto/jws.js';
import type { AppContext } from '../http/context.js';
import type { MonitoringConfig } from '../monitoring/monitoring.config.js';
import { sendEmail } from '../notifications/email.js';
import { backoffMs, MAX_ATTEMPTS, postWebhook } from '../notifications/webhook.js';
import type { WorkflowRuntime } from '../scheduler/runtime.js';
import { SEVERITY_LABELS, type Severity } from './incident.rules.js';
import * as store from './incident.store.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'config' | 'keys'>;

const LEASE_MS = 120_000;

/** One delivery per configured channel of the security authority, queued with the incident (same transaction). */
export async function queueDeliveries(tx: Tx, cfg: MonitoringConfig, smtpUrl: string | undefined, incidentId: string): Promise<string[]> {
  const rows: Array<{ id: string; incidentId: string; channel: 'webhook' | 'email'; address: string }> = [];
  if (cfg.incidentWebhookUrl) rows.push({ id: randomUUID(), incidentId, channel: 'webhook', address: cfg.incidentWebhookUrl });
  // Without SMTP an e-mail could never leave: not queued, and the incident's timeline says why.
  if (cfg.incidentEmail && smtpUrl) rows.push({ id: randomUUID(), incidentId, channel: 'email', address: cfg.incidentEmail });
  await store.insertDeliveries(tx, rows);
  return rows.map((r) => r.channel);
}

/** What the security authority receives (docs/security-monitoring.md "Incident report"). */
export function incidentReport(i: store.IncidentRow, platform: { region: string; issuer: string }) {
  return {
    type: 'govshare.security_incident', version: 1, id: i.id, platform,
    department: { id: i.department_id, name: i.department_name, regionCode: i.region_code },
    title: i.title, description: i.description, severity: i.severity, severityLabel: SEVERITY_LABELS[i.severity as Severity],
    occurredAt: i.occurred_at ? new Date(i.occurred_at).toISOString() : null, discoveredAt: new Date(i.discovered_at).toISOString(),
    dataInvolved: i.data_involved, measures: i.measures, reportedBy: i.reported_by_name, reportedAt: new Date(i.created_at).toISOString(),
  };
}

function emailText(r: ReturnType<typeof incidentReport>): string {
  return [
    `报告部门：${r.department.name}（${r.department.regionCode}）`, `事件：${r.title}`, `级别：${r.severityLabel}`,
    `发生时间：${r.occurredAt ?? '不详'}`, `发现时间：${r.discoveredAt}`, `事件经过：${r.description}`,
    `涉及数据：${JSON.stringify(r.dataInvolved)}`, `已采取措施：${r.measures}`, `报告人：${r.reportedBy}`, `平台事件编号：${r.id}`,
  ].join('\n');
}

/**
 * Scheduler job: sends the due deliveries. The webhook body carries two signatures: the HMAC-SHA256 of the shared
 * secret (x-govshare-signature, as every govshare webhook) and a JWS by the platform key over the body's SHA-256
 * (x-govshare-jws), which the authority checks with the platform's published public key. Retried with backoff.
 */
export async function deliverIncidents(ctx: Ctx, rt: WorkflowRuntime, now: Date = new Date()): Promise<{ sent: number; retried: number; failed: number }> {
  const claimed = await ctx.tx(async (tx) => {
    await advisoryLock(tx, 'incident-deliveries');
    return store.claimDue(tx, now, LEASE_MS, 20);
  });
  const out = { sent: 0, retried: 0, failed: 0 };
  const m = ctx.config.monitoring;
  for (const d of claimed) {
    const incident = await store.findIncident(ctx.db, d.incident_id);
    if (!incident) continue;
    const report = incidentReport(incident, { region: ctx.config.region, issuer: ctx.keys.issuer });
    let r: { ok: boolean; error?: string };
    if (d.channel === 'webhook') {
      const body = JSON.stringify({ ...report, delivery: d.id, attempt: d.attempts, sentAt: now.toISOString() });
      const digest = createHash('sha256').update(body).digest('hex');
      const jws = signCompact(ctx.keys.suite, ctx.keys.key, { typ: 'govshare-incident+jws', kid: ctx.keys.keyId }, { iss: ctx.keys.issuer, incident: report.id, delivery: d.id, sha256: digest, iat: Math.floor(now.getTime() / 1000) });
      r = m.incidentWebhookSecret
        ? await postWebhook(d.address, m.incidentWebhookSecret, body, { 'x-govshare-event': 'security_incident', 'x-govshare-delivery': d.id, 'x-govshare-jws': jws }, rt.config.webhookTimeoutMs)
        : { ok: false, error: 'no GOVSHARE_INCIDENT_WEBHOOK_SECRET' };
    } else {
      const smtp = rt.config.smtpUrl ? { url: rt.config.smtpUrl, from: rt.config.smtpFrom, user: rt.config.smtpUser, password: rt.config.smtpPassword } : undefined;
      r = smtp ? await sendEmail(smtp, d.address, `[安全事件报告] ${report.severityLabel}：${report.title}`, emailText(report)) : { ok: false, error: 'SMTP not configured' };
    }
    const last = d.attempts >= MAX_ATTEMPTS;
    if (r.ok) {
      await store.markDelivery(ctx.db, d.id, { status: 'sent', sentAt: new Date() });
      await store.addNote(ctx.db, { id: randomUUID(), incidentId: d.incident_id, kind: 'delivery', text: `已转报安全主管部门（${d.channel === 'webhook' ? '接口' : '邮件'}，第 ${d.attempts} 次尝试）`, actorId: null, actorName: 'platform' });
      out.sent++;
    } else {
      await store.markDelivery(ctx.db, d.id, { status: last ? 'failed' : 'pending', error: (r.error ?? 'failed').slice(0, 500), next: last ? null : new Date(now.getTime() + backoffMs(d.attempts)) });
      if (last) {
        await store.addNote(ctx.db, { id: randomUUID(), incidentId: d.incident_id, kind: 'delivery', text: `转报失败（${d.channel === 'webhook' ? '接口' : '邮件'}，已尝试 ${d.attempts} 次）：${(r.error ?? '').slice(0, 200)}`, actorId: null, actorName: 'platform' });
        rt.log.warn({ incident: d.incident_id, channel: d.channel, error: r.error }, 'incident delivery failed for good');
        out.failed++;
      } else {
        out.retried++;
      }
    }
  }
  return out;
}
