import type { Actor } from '../auth/actor.js';
import type { Tx } from '../db/database.js';
import { DomainError } from '../errors.js';
import { changeGrantStatus } from '../exchange/grant.service.js';
import type { AppContext } from '../http/context.js';
import { notify } from '../notifications/notify.js';
import { workflow, type WorkflowRuntime } from '../scheduler/runtime.js';
import { visibleApplication } from './application.access.js';
import { canTransition, transition } from './application.rules.js';
import { findApplication, lockApplication, updateApplication, type ApplicationRow } from './application.store.js';
import { addEvent, SYSTEM_ACTOR } from './history.store.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'changes'>;
export type GrantAction = 'suspend' | 'revoke' | 'resume';
const STATUS = { suspend: 'suspended', revoke: 'revoked', resume: 'active' } as const;
const ZH = { suspend: '暂停', revoke: '撤销', resume: '恢复' } as const;

/**
 * Suspends, revokes or resumes the grant of an application (the provider's approver or the office, with a reason),
 * through the exchange's changeGrantStatus (which checks the permission on the provider and audits), then records
 * the step on the application and tells the consumer.
 */
export async function changeApplicationGrant(ctx: Ctx, actor: Actor, id: string, action: GrantAction, reason: string, requestId: string) {
  const app = await visibleApplication(ctx.db, actor, id);
  if (!app.grant_id) throw new DomainError('APPLICATION_NO_GRANT', 409, '该申请尚未生成授权', 'This application has no grant yet');
  await changeGrantStatus(ctx, actor, app.grant_id, STATUS[action], reason, requestId);
  await ctx.tx(async (tx) => {
    await lockApplication(tx, id);
    const current = (await findApplication(tx, id))!;
    if (action === 'revoke' && canTransition(current.status, 'revoke')) await updateApplication(tx, id, { status: transition(current.status, 'revoke') });
    await addEvent(tx, 'application', id, { action: `grant.${action}`, actor, text: reason });
    await notify(tx, workflow(ctx), {
      kind: `grant.${action}`, title: `共享授权已${ZH[action]}：${app.resource_name}`, body: `${actor.name}${ZH[action]}了授权，原因：${reason}`,
      subject: { type: 'application', id }, to: [{ departmentId: app.consumer_department_id, role: 'data_user' }, { departmentId: app.provider_department_id, role: 'share_approver' }],
    });
  });
  return { id, grantId: app.grant_id, grantStatus: STATUS[action] };
}

/** The scheduler marks an application whose grant period has ended (the bus already ignores the grant from that day). */
export async function expireApplication(tx: Tx, rt: WorkflowRuntime, app: ApplicationRow): Promise<void> {
  await updateApplication(tx, app.id, { status: transition(app.status, 'expire') });
  await addEvent(tx, 'application', app.id, { action: 'grant.expire', actor: SYSTEM_ACTOR, detail: { validUntil: app.valid_until, grantId: app.grant_id } });
  await notify(tx, rt, {
    kind: 'grant.expired', title: `共享授权已到期：${app.resource_name}`, body: `授权已于 ${app.valid_until} 到期，如需继续使用请提出续期（变更）申请。`,
    subject: { type: 'application', id: app.id }, to: [{ departmentId: app.consumer_department_id, role: 'data_user' }, { departmentId: app.provider_department_id, role: 'share_approver' }],
  });
}
