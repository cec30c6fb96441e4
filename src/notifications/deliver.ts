import { advisoryLock } from '../db/database.js';
import { webhookSecretContext } from '../keys/at-rest.js';
import type { AppContext } from '../http/context.js';
import type { WorkflowRuntime } from '../scheduler/runtime.js';
import { sendEmail } from './email.js';
import { claimDue, markFailedAttempt, markSent, settingsFor, type ClaimedDelivery } from './notify.store.js';
import { backoffMs, MAX_ATTEMPTS, postWebhook } from './webhook.js';

const LEASE_MS = 120_000;
const BATCH = 50;

type Ctx = Pick<AppContext, 'db' | 'tx' | 'secrets'>;

/** The JSON a webhook receives (docs/workflow-api.md "Webhooks"). */
export function webhookPayload(d: ClaimedDelivery, sentAt: Date): string {
  return JSON.stringify({
    id: d.notification_id, delivery: d.id, kind: d.kind, title: d.title, body: d.body,
    subject: d.subject_type ? { type: d.subject_type, id: d.subject_id } : null,
    recipient: { userId: d.user_id, departmentId: d.department_id, regionCode: d.region_code, role: d.role },
    createdAt: new Date(d.created_at).toISOString(), sentAt: sentAt.toISOString(), attempt: d.attempts,
  });
}

async function send(ctx: Ctx, rt: WorkflowRuntime, d: ClaimedDelivery, now: Date): Promise<{ ok: boolean; error?: string }> {
  if (d.channel === 'email') {
    if (!rt.config.smtpUrl) return { ok: false, error: 'SMTP not configured' };
    const smtp = { url: rt.config.smtpUrl, from: rt.config.smtpFrom, user: rt.config.smtpUser, password: rt.config.smtpPassword };
    return sendEmail(smtp, d.address, `[政务信息资源共享平台] ${d.title}`, d.body);
  }
  // The secret is read at send time: a department that rotates its secret is not sent the old one's signatures.
  // A department's secret is stored sealed with the master key (src/keys/at-rest.ts).
  const stored = d.target === 'global' ? undefined : (await settingsFor(ctx.db, d.target))?.webhook_secret;
  const secret = d.target === 'global' ? rt.config.webhookSecret : stored && ctx.secrets.reveal(stored, webhookSecretContext(d.target));
  if (!secret) return { ok: false, error: 'no webhook secret configured' };
  return postWebhook(d.address, secret, webhookPayload(d, now), { 'x-govshare-event': d.kind, 'x-govshare-delivery': d.id }, rt.config.webhookTimeoutMs);
}

/**
 * Sends the e-mails and webhooks that are due. Claiming is a short transaction under an advisory lock (one sender at
 * a time across instances); the HTTP/SMTP work runs outside any transaction, so a slow receiver never holds the
 * database. A failure is retried with exponential backoff up to MAX_ATTEMPTS, then marked failed.
 */
export async function deliverDue(ctx: Ctx, rt: WorkflowRuntime, now: Date = rt.now()): Promise<{ sent: number; retried: number; failed: number }> {
  const claimed = await ctx.tx(async (tx) => {
    await advisoryLock(tx, 'notification-deliveries');
    return claimDue(tx, now, LEASE_MS, BATCH);
  });
  const out = { sent: 0, retried: 0, failed: 0 };
  await Promise.all(claimed.map(async (d) => {
    const r = await send(ctx, rt, d, now);
    if (r.ok) {
      await markSent(ctx.db, d.id, new Date());
      out.sent++;
      return;
    }
    const last = d.attempts >= MAX_ATTEMPTS;
    await markFailedAttempt(ctx.db, d.id, (r.error ?? 'failed').slice(0, 500), last ? null : new Date(now.getTime() + backoffMs(d.attempts)));
    if (last) {
      out.failed++;
      rt.log.warn({ delivery: d.id, channel: d.channel, address: d.address, error: r.error }, 'notification delivery failed for good');
    } else {
      out.retried++;
    }
  }));
  return out;
}
