import { randomUUID } from 'node:crypto';
import { auditActor, type Actor } from '../auth/actor.js';
import { can } from '../auth/policy.js';
import { findResource } from '../catalog/resource.store.js';
import { DomainError, errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { notify } from '../notifications/notify.js';
import { findDepartment } from '../orgs/orgs.store.js';
import { workflow } from '../scheduler/runtime.js';
import { queueDeliveries } from './incident.delivery.js';
import { checkTimes, nextStatusAllowed, SEVERITY_LABELS, STATUS_LABELS, type IncidentStatus, type Severity } from './incident.rules.js';
import * as store from './incident.store.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'config'>;

export interface IncidentInput {
  title: string;
  description: string;
  severity: Severity;
  occurredAt?: string | undefined;
  discoveredAt: string;
  dataInvolved: { resources: Array<{ code: string; records?: number | undefined }>; records?: number | undefined; personalInformation?: boolean | undefined; description?: string | undefined };
  measures: string;
}

/** Art. 31: a department's security officer reports an incident; the platform forwards it to the security authority. */
export async function fileIncident(ctx: Ctx, actor: Actor, input: IncidentInput, requestId: string): Promise<string> {
  if (!actor.departmentId || !can(actor, 'incident.file', { departmentId: actor.departmentId, regionCode: actor.regionCode })) throw errors.forbidden('Only a department\'s security officer files an incident');
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : null;
  const discoveredAt = new Date(input.discoveredAt);
  checkTimes(occurredAt, discoveredAt, new Date());
  for (const r of input.dataInvolved.resources) {
    if (!(await findResource(ctx.db, { code: r.code }))) {
      throw new DomainError('UNKNOWN_RESOURCE', 400, `涉及的资源编码不存在：${r.code}`, `No resource with code ${r.code}`, { code: r.code });
    }
  }
  const dept = await findDepartment(ctx.db, actor.departmentId);
  if (!dept) throw errors.notFound('Department', '部门');
  const id = randomUUID();
  await ctx.tx(async (tx) => {
    await store.insertIncident(tx, {
      id, departmentId: dept.id, regionCode: dept.region_code, title: input.title.trim(), description: input.description.trim(), severity: input.severity,
      occurredAt, discoveredAt, dataInvolved: input.dataInvolved, measures: input.measures.trim(), reportedBy: actor.id, reportedByName: actor.name,
    });
    await store.addNote(tx, { id: randomUUID(), incidentId: id, kind: 'status', text: '事件已报告', statusTo: 'reported', actorId: actor.id, actorName: actor.name });
    const channels = await queueDeliveries(tx, ctx.config.monitoring, workflow(ctx).config.smtpUrl, id);
    if (channels.length === 0) {
      await store.addNote(tx, { id: randomUUID(), incidentId: id, kind: 'delivery', text: '未配置安全主管部门的接收地址（GOVSHARE_INCIDENT_WEBHOOK_URL / GOVSHARE_INCIDENT_EMAIL），事件未转报', actorId: null, actorName: 'platform' });
    }
    await ctx.audit.inTx(tx, { action: 'incident.file', actor: auditActor(actor), objectType: 'incident', objectId: id, requestId, detail: { severity: input.severity, resources: input.dataInvolved.resources.map((r) => r.code), forwardedTo: channels } });
    await notify(tx, workflow(ctx), {
      kind: 'incident.filed', title: `【安全事件】${SEVERITY_LABELS[input.severity]}：${input.title.trim()}`, subject: { type: 'incident', id },
      body: `${dept.name}报告了安全事件（第三十一条），请关注处置进展。`, to: [{ regionCode: dept.region_code, role: 'office' }],
    });
  });
  return id;
}

export async function visibleIncident(ctx: Pick<Ctx, 'db'>, actor: Actor, id: string, permission: 'incident.read' | 'incident.update' = 'incident.read'): Promise<store.IncidentRow> {
  const i = await store.findIncident(ctx.db, id);
  if (!i || !can(actor, permission, { departmentId: i.department_id, regionCode: i.region_code })) throw errors.notFound('Incident', '安全事件');
  return i;
}

/** A note on the timeline, optionally moving the status one step on (closing needs the note: what was found and done). */
export async function updateIncident(ctx: Ctx, actor: Actor, id: string, u: { note: string; status?: IncidentStatus | undefined }, requestId: string): Promise<void> {
  const i = await visibleIncident(ctx, actor, id, 'incident.update');
  const note = u.note.trim();
  if (!note) throw new DomainError('NOTE_REQUIRED', 400, '请填写进展说明', 'A note is required');
  if (i.status === 'closed') throw new DomainError('INCIDENT_CLOSED', 409, '事件已结案，不能再更新', 'The incident is closed');
  if (u.status && !nextStatusAllowed(i.status, u.status)) {
    throw new DomainError('INCIDENT_STATUS_INVALID', 409, `事件状态不能从“${STATUS_LABELS[i.status]}”改为“${STATUS_LABELS[u.status]}”`, `An incident cannot go from ${i.status} to ${u.status}`);
  }
  await ctx.tx(async (tx) => {
    if (u.status && !(await store.setStatus(tx, id, i.status, u.status))) throw new DomainError('INCIDENT_CHANGED', 409, '事件已被他人更新，请刷新', 'Someone else updated the incident; reload it');
    if (!u.status) await tx.updateTable('incidents').set({ updated_at: new Date() }).where('id', '=', id).execute();
    await store.addNote(tx, { id: randomUUID(), incidentId: id, kind: u.status ? 'status' : 'note', text: note, statusTo: u.status ?? null, actorId: actor.id, actorName: actor.name });
    await ctx.audit.inTx(tx, { action: u.status ? `incident.${u.status === 'closed' ? 'close' : 'investigate'}` : 'incident.note', actor: auditActor(actor), objectType: 'incident', objectId: id, requestId, detail: { status: u.status } });
  });
}
