import { randomUUID } from 'node:crypto';
import { auditActor, type Actor } from '../auth/actor.js';
import { can } from '../auth/policy.js';
import { DomainError, errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import type { Tx } from '../db/database.js';
import { findDepartment } from '../orgs/orgs.store.js';
import { findResource } from '../catalog/resource.store.js';
import { findGrant, insertGrant, setGrantStatus, type NewGrant } from './grant.store.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'changes'>;

/**
 * Creates a grant inside the caller's transaction: the applications workflow calls this when both sides have
 * signed the agreement (Art. 30); the admin endpoint calls it directly (operations, tests).
 */
export async function createGrantInTx(tx: Tx, ctx: Ctx, actor: Actor, g: Omit<NewGrant, 'id' | 'createdBy'>, requestId: string | undefined): Promise<string> {
  if (g.validUntil < g.validFrom) throw new DomainError('GRANT_PERIOD_INVALID', 400, '授权有效期结束日期早于开始日期', 'The grant ends before it starts');
  if (g.items.length === 0) throw new DomainError('ITEMS_REQUIRED', 400, '授权须至少包含一个信息项', 'A grant names at least one item');
  if (!(await findDepartment(tx, g.consumerDepartmentId))) throw errors.notFound('Department', '使用部门');
  if (!(await findResource(tx, { code: g.resourceCode }))) throw errors.notFound('Resource', '资源');
  const id = randomUUID();
  await insertGrant(tx, { ...g, id, createdBy: actor.id });
  await ctx.audit.inTx(tx, { action: 'grant.create', actor: auditActor(actor), objectType: 'grant', objectId: id, requestId, detail: { resourceCode: g.resourceCode, consumer: g.consumerDepartmentId, items: g.items, validUntil: g.validUntil, applicationId: g.applicationId } });
  return id;
}

export async function createGrant(ctx: Ctx, actor: Actor, g: Omit<NewGrant, 'id' | 'createdBy'>, requestId: string): Promise<string> {
  const id = await ctx.tx((tx) => createGrantInTx(tx, ctx, actor, g, requestId));
  ctx.changes.emit('grants');
  return id;
}

/** Suspends, revokes or reactivates a grant: the provider's approver, the office, or an administrator, with a reason. */
export async function changeGrantStatus(ctx: Ctx, actor: Actor, id: string, status: 'active' | 'suspended' | 'revoked', reason: string, requestId: string): Promise<void> {
  const grant = await findGrant(ctx.db, id);
  const resource = grant ? await findResource(ctx.db, { code: grant.resource_code }) : undefined;
  if (!grant || !resource || !can(actor, 'grant.manage', { departmentId: resource.department_id, regionCode: resource.region_code })) throw errors.notFound('Grant', '授权');
  if (grant.status === 'revoked') throw new DomainError('GRANT_REVOKED', 409, '授权已撤销，不能再变更', 'The grant is revoked and cannot change');
  // Suspend what is active, resume what is suspended; a second click by another approver gets a clear answer.
  if (status === 'suspended' && grant.status !== 'active') throw new DomainError('GRANT_NOT_ACTIVE', 409, '授权不在生效状态，不能暂停', 'Only an active grant can be suspended');
  if (status === 'active' && grant.status !== 'suspended') throw new DomainError('GRANT_NOT_SUSPENDED', 409, '授权未被暂停，无需恢复', 'The grant is not suspended');
  await ctx.tx(async (tx) => {
    await setGrantStatus(tx, id, status, reason);
    await ctx.audit.inTx(tx, { action: `grant.${status === 'active' ? 'resume' : status === 'suspended' ? 'suspend' : 'revoke'}`, actor: auditActor(actor), objectType: 'grant', objectId: id, requestId, detail: { reason } });
  });
  ctx.changes.emit('grants');
}
