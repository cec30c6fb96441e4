import { auditActor, type Actor } from '../auth/actor.js';
import { can, type Permission } from '../auth/policy.js';
import { DomainError, errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { findAlert, type AlertRow } from './alert.store.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit'>;

/** An alert is the business of the departments it names (consumer and provider) and of the office of its region. */
export function canSeeAlert(actor: Actor, a: Pick<AlertRow, 'department_id' | 'provider_department_id' | 'region_code'>, permission: Permission): boolean {
  return [a.department_id, a.provider_department_id].some((d) => d && can(actor, permission, { departmentId: d, regionCode: a.region_code }))
    || can(actor, permission, { departmentId: null, regionCode: a.region_code });
}

export async function visibleAlert(ctx: Pick<Ctx, 'db'>, actor: Actor, id: string, permission: Permission = 'alert.read'): Promise<AlertRow> {
  const a = await findAlert(ctx.db, id);
  if (!a || !canSeeAlert(actor, a, permission)) throw errors.notFound('Alert', '告警');
  return a;
}

/** open → acknowledged → closed; a closed alert stays closed (a new burst raises a new alert). The note is required. */
export async function handleAlert(ctx: Ctx, actor: Actor, id: string, step: 'acknowledge' | 'close', note: string, requestId: string): Promise<AlertRow> {
  if (!note.trim()) throw new DomainError('NOTE_REQUIRED', 400, '处理告警须填写说明', 'Handling an alert needs a note');
  const a = await visibleAlert(ctx, actor, id, 'alert.handle');
  if (a.status === 'closed') throw new DomainError('ALERT_CLOSED', 409, '告警已关闭', 'The alert is already closed');
  if (step === 'acknowledge' && a.status !== 'open') throw new DomainError('ALERT_ACKNOWLEDGED', 409, '告警已确认', 'The alert is already acknowledged');
  return ctx.tx(async (tx) => {
    const now = new Date();
    const set = step === 'acknowledge'
      ? { status: 'acknowledged' as const, acknowledged_at: now, acknowledged_by: actor.name, acknowledge_note: note.trim() }
      : { status: 'closed' as const, closed_at: now, closed_by: actor.name, close_note: note.trim() };
    const row = await tx.updateTable('alerts').set(set).where('id', '=', id).where('status', '=', a.status).returningAll().executeTakeFirst();
    if (!row) throw new DomainError('ALERT_CHANGED', 409, '告警已被他人处理，请刷新', 'Someone else handled the alert meanwhile; reload it');
    await ctx.audit.inTx(tx, { action: `monitoring.alert.${step}`, actor: auditActor(actor), objectType: 'alert', objectId: id, requestId, detail: { rule: a.rule, note: note.trim() } });
    return row;
  });
}
