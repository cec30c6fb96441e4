import { auditActor, type Actor } from '../auth/actor.js';
import { can } from '../auth/policy.js';
import { isAfter } from '../calendar/dates.js';
import type { ApplicationStatus } from '../db/schema.js';
import type { AppContext } from '../http/context.js';
import { notify } from '../notifications/notify.js';
import { todayOf, workflow } from '../scheduler/runtime.js';
import { generateAgreementInTx } from './agreement.service.js';
import { notFound } from './application.access.js';
import { checkDecision, transition, type DecisionInput } from './application.rules.js';
import { findApplication, lockApplication, updateApplication } from './application.store.js';
import { addEvent } from './history.store.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'calendar' | 'keys' | 'changes'>;

/** Both sides sign the agreement within this many workdays of the approval (a platform service target, not an article). */
export const SIGN_WORKDAYS = 10;

/**
 * Art. 23: the provider's share approver accepts (approves, possibly narrowing items or adding masks) or refuses with
 * a reason. An approver of any other department is told the application does not exist (404).
 */
export async function decide(ctx: Ctx, actor: Actor, id: string, input: DecisionInput, requestId: string): Promise<{ id: string; status: ApplicationStatus; signBy?: string }> {
  const found = await findApplication(ctx.db, id);
  if (!found || actor.kind !== 'user' || !can(actor, 'application.decide', { departmentId: found.provider_department_id })) throw notFound();
  const decision = checkDecision(input, found.items);
  const today = todayOf(ctx);
  const signBy = (await ctx.calendar.compute((cal) => cal.addWorkdays(today, SIGN_WORKDAYS))).date;
  const rt = workflow(ctx);
  return ctx.tx(async (tx) => {
    await lockApplication(tx, id);
    const app = (await findApplication(tx, id))!;
    const status = transition(app.status, input.decision);
    const late = isAfter(today, app.accept_by);
    const common = { status, decided_at: rt.now(), decided_by: actor.id, decision_reason: decision.reason };
    const to = [{ departmentId: app.consumer_department_id, role: 'data_user' as const }];
    if (input.decision === 'refuse') {
      await updateApplication(tx, id, common);
      await addEvent(tx, 'application', id, { action: 'application.refuse', actor, text: decision.reason, detail: { late } });
      await ctx.audit.inTx(tx, { action: 'application.refuse', actor: auditActor(actor), objectType: 'application', objectId: id, requestId, detail: { reason: decision.reason, late } });
      await notify(tx, rt, {
        kind: 'application.refused', title: `共享申请未获批准：${app.resource_name}`,
        body: `${app.provider_name}不予共享，理由：${decision.reason}。如有异议，可提出争议协调（第二十五条）或修改后重新申请。`, subject: { type: 'application', id }, to,
      });
      return { id, status };
    }
    await updateApplication(tx, id, { ...common, approved_items: JSON.stringify(decision.items), masks: JSON.stringify(decision.masks), max_records: decision.maxRecords, sign_by: signBy });
    await generateAgreementInTx(tx, ctx, app, decision, today);
    await addEvent(tx, 'application', id, { action: 'application.approve', actor, text: decision.reason, detail: { items: decision.items, masks: decision.masks, maxRecords: decision.maxRecords, signBy, late } });
    await ctx.audit.inTx(tx, { action: 'application.approve', actor: auditActor(actor), objectType: 'application', objectId: id, requestId, detail: { items: decision.items, masks: decision.masks, maxRecords: decision.maxRecords, late } });
    await notify(tx, rt, {
      kind: 'application.approved', title: `共享申请已批准，请签署安全协议：${app.resource_name}`,
      body: `${app.provider_name}已批准共享申请，请双方在 ${signBy} 前签署共享安全协议（第三十条），签署后授权生效。`, subject: { type: 'application', id },
      to: [...to, { departmentId: app.provider_department_id, role: 'share_approver' }],
    });
    return { id, status, signBy };
  });
}
