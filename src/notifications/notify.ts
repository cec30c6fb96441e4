import { randomUUID } from 'node:crypto';
import type { Role } from '../auth/roles.js';
import type { Tx } from '../db/database.js';
import type { WorkflowRuntime } from '../scheduler/runtime.js';
import { insertDeliveries, insertNotification, settingsFor, userDepartment } from './notify.store.js';

/**
 * Who a notice is for: one user, or everyone holding a role in a department (the provider's approvers), or the
 * office of a region, or a platform-wide role (the leading group). SPEC C4: in-app always; e-mail and webhook when set.
 */
export type Recipient =
  | { userId: string }
  | { departmentId: string; role: Role }
  | { regionCode: string; role: Role }
  | { role: Role };

export interface Notice {
  kind: string;
  title: string;
  body: string;
  subject?: { type: string; id: string } | undefined;
  to: Recipient[];
}

/**
 * Writes the notice into the inbox inside the caller's transaction (atomic with the change it reports) and queues its
 * e-mail/webhook deliveries; the scheduler's delivery job sends them after commit, with retries.
 */
export async function notify(tx: Tx, rt: WorkflowRuntime, n: Notice): Promise<string[]> {
  const ids: string[] = [];
  for (const r of n.to) {
    const id = randomUUID();
    ids.push(id);
    await insertNotification(tx, {
      id, kind: n.kind, title: n.title, body: n.body, subject_type: n.subject?.type ?? null, subject_id: n.subject?.id ?? null,
      user_id: 'userId' in r ? r.userId : null,
      department_id: 'departmentId' in r ? r.departmentId : null,
      region_code: 'regionCode' in r ? r.regionCode : null,
      role: 'role' in r ? r.role : null,
    });
    const departmentId = 'departmentId' in r ? r.departmentId : 'userId' in r ? await userDepartment(tx, r.userId) : null;
    const deliveries: Array<{ channel: 'webhook' | 'email'; target: string; address: string }> = [];
    if (rt.config.webhookUrl) deliveries.push({ channel: 'webhook', target: 'global', address: rt.config.webhookUrl });
    const s = departmentId ? await settingsFor(tx, departmentId) : undefined;
    if (s?.webhook_url) deliveries.push({ channel: 'webhook', target: s.department_id, address: s.webhook_url });
    // E-mail only when SMTP is configured; otherwise skipped (the scheduler logs that once at start).
    if (s?.email && rt.config.smtpUrl) deliveries.push({ channel: 'email', target: s.department_id, address: s.email });
    await insertDeliveries(tx, deliveries.map((d) => ({ id: randomUUID(), notification_id: id, ...d })));
  }
  return ids;
}
