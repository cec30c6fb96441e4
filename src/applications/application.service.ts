import { randomUUID } from 'node:crypto';
import { auditActor, type Actor } from '../auth/actor.js';
import { can } from '../auth/policy.js';
import type { Tx } from '../db/database.js';
import type { ApplicationStatus } from '../db/schema.js';
import { DomainError, errors } from '../errors.js';
import { isIsoDate } from '../calendar/dates.js';
import { publishedResource } from '../exchange/resource-lookup.js';
import type { AppContext } from '../http/context.js';
import { notify } from '../notifications/notify.js';
import { todayOf, workflow } from '../scheduler/runtime.js';
import { notFound, visibleApplication } from './application.access.js';
import { applicationNeed, checkPeriod, methodsFor, transition, unknownItems, type ApplicationAction } from './application.rules.js';
import { credentialOf, insertApplication, lockApplication, pendingDuplicate, updateApplication, type ApplicationRow } from './application.store.js';
import { addEvent } from './history.store.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'calendar'>;

/** Art. 23: the provider accepts or refuses within 10 workdays of filing. */
export const ACCEPT_WORKDAYS = 10;

export interface FileInput {
  resourceCode: string;
  items: string[];
  purpose: string;
  legalBasis: string;
  validUntil: string;
  validFrom?: string | undefined;
  expectedVolume?: string | undefined;
  credentialId?: string | undefined;
  methods?: string[] | undefined;
}

type Link = { previous: ApplicationRow; kind: 'resubmit' | 'amend' };

const trimmed = (s: string, field: string, zh: string) => {
  const t = s.trim();
  if (!t) throw errors.validation(`${field} is empty`, `${zh}不能为空`);
  return t;
};

async function checkCredential(ctx: Ctx, id: string | undefined, departmentId: string): Promise<void> {
  if (!id) return;
  const c = await credentialOf(ctx.db, id);
  if (!c || c.department_id !== departmentId || c.revoked_at) {
    throw new DomainError('CREDENTIAL_INVALID', 400, '调用系统的凭证不存在、已吊销或不属于本部门', 'The calling system\'s credential does not exist, is revoked or belongs to another department');
  }
}

/** Files an application (POST /applications), or a resubmission / amendment linked to an earlier one. */
export async function fileApplication(ctx: Ctx, actor: Actor, input: FileInput, requestId: string, link?: Link) {
  if (actor.kind !== 'user' || !actor.departmentId) throw errors.forbidden('Applications are filed by a department\'s data user');
  const consumer = actor.departmentId;
  const resource = await publishedResource(ctx.db, input.resourceCode);
  if (!resource) throw errors.notFound('Resource', '信息资源');
  if (resource.departmentId === consumer) throw new DomainError('APPLICATION_OWN_RESOURCE', 400, '本部门的资源无需申请', 'A department does not apply for its own resource');
  if (resource.body.shareType === 'none') {
    const basis = resource.body.legalBasis ?? '（未填写）';
    throw new DomainError('SHARE_TYPE_NONE', 403, `该资源为不予共享类，不受理共享申请。依据：${basis}`, `This resource is not shared and takes no applications. Legal basis: ${basis}`, { legalBasis: resource.body.legalBasis });
  }
  const items = [...new Set(input.items)];
  const unknown = unknownItems(resource.body, items);
  if (unknown.length > 0) throw new DomainError('ITEM_UNKNOWN', 400, `信息项不存在：${unknown.join('、')}`, `No such items: ${unknown.join(', ')}`, { items: unknown });
  if (applicationNeed(resource.body, items) === 'not_needed') {
    throw new DomainError('APPLICATION_NOT_NEEDED', 400, '所选信息项为无条件共享，可直接通过共享平台获取，无需申请（第二十三条）', 'These items are shared unconditionally: use them directly through the platform, no application needed (Art. 23)');
  }
  const today = todayOf(ctx);
  const validFrom = input.validFrom ?? today;
  for (const d of [validFrom, input.validUntil]) if (!isIsoDate(d)) throw new DomainError('APPLICATION_PERIOD_INVALID', 400, `日期不存在：${d}`, `No such date: ${d}`);
  checkPeriod(validFrom, input.validUntil, today);
  const methods = methodsFor(resource.body.shareMethods, input.methods);
  await checkCredential(ctx, input.credentialId, consumer);
  const purpose = trimmed(input.purpose, 'purpose', '用途');
  const legalBasis = trimmed(input.legalBasis, 'legalBasis', '履职依据');
  const due = await ctx.calendar.compute((cal) => cal.addWorkdays(today, ACCEPT_WORKDAYS));
  const id = randomUUID();
  await ctx.tx(async (tx) => {
    if (link) await supersede(tx, link);
    const dup = await pendingDuplicate(tx, consumer, resource.code);
    if (dup && dup.id !== link?.previous.id) {
      throw new DomainError('APPLICATION_DUPLICATE', 409, '本部门对该资源已有待受理或待签署的申请', 'Your department already has a pending or approved application for this resource', { id: dup.id });
    }
    await insertApplication(tx, {
      id, resource_code: resource.code, resource_version: resource.version, resource_name: resource.body.name, provider_department_id: resource.departmentId,
      consumer_department_id: consumer, items: JSON.stringify(items), approved_items: null, masks: JSON.stringify({}), methods: JSON.stringify(methods),
      purpose, legal_basis: legalBasis, expected_volume: input.expectedVolume?.trim() || null, credential_id: input.credentialId ?? null,
      valid_from: validFrom, valid_until: input.validUntil, status: 'pending', filed_on: today, accept_by: due.date, accept_by_provisional: due.provisional,
      decided_at: null, decided_by: null, decision_reason: null, sign_by: null, previous_id: link?.previous.id ?? null, link_kind: link?.kind ?? null,
      grant_id: null, overdue_at: null, created_by: actor.id,
    });
    await addEvent(tx, 'application', id, { action: link ? `application.${link.kind}` : 'application.file', actor, detail: { items, acceptBy: due.date, ...(link ? { previousId: link.previous.id } : {}) } });
    if (link) await addEvent(tx, 'application', link.previous.id, { action: `application.${link.kind}ed`, actor, detail: { nextId: id } });
    await ctx.audit.inTx(tx, { action: link ? `application.${link.kind}` : 'application.file', actor: auditActor(actor), objectType: 'application', objectId: id, requestId, detail: { resourceCode: resource.code, items, previousId: link?.previous.id } });
    await notify(tx, workflow(ctx), {
      kind: 'application.filed', title: `新的共享申请待受理：${resource.body.name}`, body: `使用部门提出共享申请，请在 ${due.date} 前受理（第二十三条：10 个工作日内）。`,
      subject: { type: 'application', id }, to: [{ departmentId: resource.departmentId, role: 'share_approver' }],
    });
  });
  return { id, status: 'pending' as const, acceptBy: due.date };
}

async function supersede(tx: Tx, link: Link): Promise<void> {
  await lockApplication(tx, link.previous.id);
  const current = await tx.selectFrom('applications').select('status').where('id', '=', link.previous.id).executeTakeFirstOrThrow();
  const next = transition(current.status, link.kind as ApplicationAction);
  if (next !== current.status) await updateApplication(tx, link.previous.id, { status: next });
}

/** The consumer's own application, for its data users; anyone else gets 404. */
async function ownApplication(ctx: Ctx, actor: Actor, id: string): Promise<ApplicationRow> {
  const app = await visibleApplication(ctx.db, actor, id);
  if (!can(actor, 'application.file', { departmentId: app.consumer_department_id })) throw notFound();
  return app;
}

export type Overrides = Partial<Omit<FileInput, 'resourceCode'>>;

function merged(prev: ApplicationRow, o: Overrides): FileInput {
  return {
    resourceCode: prev.resource_code, items: o.items ?? prev.items, purpose: o.purpose ?? prev.purpose, legalBasis: o.legalBasis ?? prev.legal_basis,
    validUntil: o.validUntil ?? prev.valid_until, validFrom: o.validFrom, expectedVolume: o.expectedVolume ?? prev.expected_volume ?? undefined,
    credentialId: o.credentialId ?? prev.credential_id ?? undefined, methods: o.methods ?? prev.methods,
  };
}

/** After a refusal the consumer may apply again; the new application is linked to the refused one. */
export async function resubmit(ctx: Ctx, actor: Actor, id: string, o: Overrides, requestId: string) {
  const prev = await ownApplication(ctx, actor, id);
  transition(prev.status, 'resubmit');
  return fileApplication(ctx, actor, merged(prev, o), requestId, { previous: prev, kind: 'resubmit' });
}

/** A change of a pending or approved application (which it supersedes), or a renewal/change of a granted one. */
export async function amend(ctx: Ctx, actor: Actor, id: string, o: Overrides, requestId: string) {
  const prev = await ownApplication(ctx, actor, id);
  transition(prev.status, 'amend');
  return fileApplication(ctx, actor, merged(prev, o), requestId, { previous: prev, kind: 'amend' });
}

export async function withdraw(ctx: Ctx, actor: Actor, id: string, reason: string | undefined, requestId: string): Promise<{ id: string; status: ApplicationStatus }> {
  await ownApplication(ctx, actor, id);
  return ctx.tx(async (tx) => {
    await lockApplication(tx, id);
    const app = (await visibleApplication(tx, actor, id));
    const status = transition(app.status, 'withdraw');
    await updateApplication(tx, id, { status });
    await addEvent(tx, 'application', id, { action: 'application.withdraw', actor, text: reason?.trim() || null });
    await ctx.audit.inTx(tx, { action: 'application.withdraw', actor: auditActor(actor), objectType: 'application', objectId: id, requestId, detail: { reason } });
    await notify(tx, workflow(ctx), {
      kind: 'application.withdrawn', title: `共享申请已撤回：${app.resource_name}`, body: `${app.consumer_name}撤回了共享申请${reason ? `，原因：${reason}` : ''}。`,
      subject: { type: 'application', id }, to: [{ departmentId: app.provider_department_id, role: 'share_approver' }],
    });
    return { id, status };
  });
}
