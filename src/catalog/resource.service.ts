import { randomUUID } from 'node:crypto';
import { auditActor, type Actor } from '../auth/actor.js';
import { can } from '../auth/policy.js';
import type { Tx } from '../db/database.js';
import { DomainError, errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { composeCode, displayClassPath, inputClassPath, resolveClass, type ResolvedClass } from './classification.js';
import type { ResourceBody, ResourceInput } from './model.js';
import { assertValid, normalise } from './resource.rules.js';
import * as store from './resource.store.js';

export type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'config' | 'calendar'>;
type Department = NonNullable<Awaited<ReturnType<typeof store.findDepartment>>>;

export const invalidTransition = (status: string, action: string, actionZh: string) =>
  new DomainError('INVALID_TRANSITION', 409, `当前状态（${status}）不能${actionZh}`, `A resource in status "${status}" cannot be ${action}`, { status });

/** Resolves classification, normalises and checks every rule, including those that need the database. */
export async function prepareBody(tx: Tx, ctx: Ctx, dept: Department, input: Omit<ResourceInput, 'departmentId'>): Promise<{ body: ResourceBody; resolved: ResolvedClass }> {
  const resolved = resolveClass(input.kind, input.classPath, { id: dept.id, regionLevel: dept.region_level }, input.name.trim());
  const body = normalise(input, displayClassPath(input.kind, resolved, input.classPath, dept.name));
  assertValid(body, { network: ctx.config.network });
  const contributors = await store.departmentsByIds(tx, body.contributingDepartmentIds);
  const missing = body.contributingDepartmentIds.find((id) => !contributors.some((c) => c.id === id));
  if (missing) throw new DomainError('CONTRIBUTOR_NOT_FOUND', 400, `配合部门 ${missing} 不存在`, `Contributing department ${missing} does not exist`);
  if (body.contributingDepartmentIds.includes(dept.id)) throw new DomainError('CONTRIBUTOR_IS_PROVIDER', 400, '牵头部门不能同时是配合部门', 'The lead department cannot also be a contributor');
  const known = await store.existingCodes(tx, body.relatedCodes);
  const unknown = body.relatedCodes.find((c) => !known.has(c));
  if (unknown) throw new DomainError('RELATED_CODE_UNKNOWN', 400, `关联资源代码 ${unknown} 不存在`, `Related resource ${unknown} does not exist`);
  return { body, resolved };
}

/** The department an editor catalogs for: must exist, and be the actor's own (unless `asSystem`, e.g. project acceptance). */
export async function providerFor(tx: Tx, actor: Actor, departmentId: string, asSystem = false): Promise<Department> {
  const dept = await store.findDepartment(tx, departmentId);
  if (!dept) throw errors.notFound('Department', '部门');
  if (!asSystem && !can(actor, 'catalog.edit', { departmentId: dept.id, regionCode: dept.region_code })) {
    throw new DomainError('FORBIDDEN', 403, '编目员只能为本部门编目', 'A catalog editor catalogs for their own department only');
  }
  return dept;
}

/** Creates a draft inside the caller's transaction (used by POST /resources, the xlsx import and project acceptance). */
export async function createDraftInTx(tx: Tx, ctx: Ctx, actor: Actor, input: ResourceInput, requestId: string | undefined, opts: { asSystem?: boolean; via?: string } = {}) {
  const dept = await providerFor(tx, actor, input.departmentId, opts.asSystem);
  const { body, resolved } = await prepareBody(tx, ctx, dept, input);
  const classCode = await store.classCodeFor(tx, resolved);
  const seq = await store.nextCounter(tx, `seq:${classCode}`);
  if (seq > 999_999) throw new DomainError('CODE_SEQUENCE_EXHAUSTED', 409, `分类 ${classCode} 的顺序码已用完`, `Class ${classCode} has no sequence numbers left`);
  const id = randomUUID();
  const code = composeCode(classCode, seq);
  await store.insertResource(tx, { id, code, departmentId: dept.id, regionCode: dept.region_code, kind: body.kind, classCode, actorId: actor.id });
  await store.insertVersion(tx, store.versionRow(id, 1, 'draft', body, { code, departmentId: dept.id, regionCode: dept.region_code, departmentName: dept.name, actorId: actor.id }));
  await ctx.audit.inTx(tx, { action: 'catalog.create', actor: auditActor(actor), objectType: 'resource', objectId: code, requestId, detail: { id, name: body.name, departmentId: dept.id, ...(opts.via ? { via: opts.via } : {}) } });
  return { id, code, status: 'draft' as const, version: 1 };
}

export function createDraft(ctx: Ctx, actor: Actor, input: ResourceInput, requestId: string) {
  return ctx.tx((tx) => createDraftInTx(tx, ctx, actor, input, requestId));
}

type ResourceRow = NonNullable<Awaited<ReturnType<typeof store.lockResource>>>;

/** Locks the resource for a transition; another department's resource is "not found" unless the actor may see its drafts. */
export async function lockVisible(tx: Tx, actor: Actor, id: string, asSystem = false): Promise<ResourceRow> {
  const res = await store.lockResource(tx, id);
  if (!res || (!asSystem && !can(actor, 'catalog.drafts.read', { departmentId: res.department_id, regionCode: res.region_code }))) throw errors.notFound('Resource', '信息资源');
  return res;
}

export function assertMay(actor: Actor, permission: 'catalog.edit' | 'catalog.publish' | 'catalog.retire', res: ResourceRow): void {
  if (!can(actor, permission, { departmentId: res.department_id, regionCode: res.region_code })) throw errors.forbidden(`Your role may not do this (${permission}) for this resource`);
}

/** PUT: edits the working draft, or starts version n+1 from a published resource (a published version is immutable). */
export async function updateInTx(tx: Tx, ctx: Ctx, actor: Actor, id: string, input: ResourceInput, requestId: string | undefined, opts: { asSystem?: boolean; via?: string } = {}) {
  const res = await lockVisible(tx, actor, id, opts.asSystem);
  if (!opts.asSystem) assertMay(actor, 'catalog.edit', res);
  if (input.departmentId !== res.department_id) throw new DomainError('PROVIDER_IMMUTABLE', 409, '不能更改信息资源的提供方，请由新提供方重新编目', 'The provider of a resource cannot change; catalog it anew under the new provider');
  const dept = await providerFor(tx, actor, res.department_id, opts.asSystem);
  // classPath is optional: an edit that leaves it out keeps the class the resource has (its code derives from it).
  if (!input.classPath?.length && input.kind === res.kind) {
    const current = await store.findVersion(tx, res.id, res.head_version);
    input = { ...input, classPath: inputClassPath(res.kind, (current?.body as unknown as ResourceBody | undefined)?.classPath ?? []) };
  }
  const { body, resolved } = await prepareBody(tx, ctx, dept, input);
  if (await store.classCodeFor(tx, resolved) !== res.class_code) {
    throw new DomainError('CLASSIFICATION_IMMUTABLE', 409, '信息资源代码由分类生成，分类不能更改；如需改类请新建资源', 'The code derives from the classification, which cannot change; create a new resource instead');
  }
  const meta = { code: res.code, departmentId: res.department_id, regionCode: res.region_code, departmentName: dept.name, actorId: actor.id };
  let version = res.head_version;
  if (res.status === 'draft' || res.status === 'rejected') {
    await store.replaceWorkingBody(tx, res.id, version, store.versionRow(res.id, version, 'draft', body, meta));
  } else if (res.status === 'published') {
    version = res.head_version + 1;
    await store.insertVersion(tx, store.versionRow(res.id, version, 'draft', body, meta));
  } else {
    throw invalidTransition(res.status, 'edited', '修改');
  }
  await store.setResourceState(tx, res.id, { status: 'draft', head_version: version });
  await ctx.audit.inTx(tx, { action: 'catalog.update', actor: auditActor(actor), objectType: 'resource', objectId: res.code, requestId, detail: { id: res.id, version, ...(opts.via ? { via: opts.via } : {}) } });
  return { id: res.id, code: res.code, status: 'draft' as const, version };
}

export function updateResource(ctx: Ctx, actor: Actor, id: string, input: ResourceInput, requestId: string) {
  return ctx.tx((tx) => updateInTx(tx, ctx, actor, id, input, requestId));
}
