import { randomUUID } from 'node:crypto';
import { auditActor, type Actor } from '../auth/actor.js';
import { can, visibility } from '../auth/policy.js';
import { DomainError, errors } from '../errors.js';
import type { ResourceInput } from './model.js';
import { createDraftInTx, prepareBody, type Ctx } from './resource.service.js';
import { findDepartment } from './resource.store.js';
import * as store from './projects.store.js';

/**
 * Art. 35: an IT project registers its pre-compiled catalog before approval; at acceptance (验收) its entries
 * enter the platform catalog as drafts of the provider, who then submits them for review as usual.
 */
export interface ProjectInput { name: string; departmentId: string; approvalNo?: string | undefined; resources: Array<Omit<ResourceInput, 'departmentId'> & { departmentId?: string | undefined }> }

export async function registerProject(ctx: Ctx, actor: Actor, input: ProjectInput, requestId: string) {
  return ctx.tx(async (tx) => {
    const dept = await findDepartment(tx, input.departmentId);
    if (!dept) throw errors.notFound('Department', '部门');
    if (!can(actor, 'catalog.project.write', { departmentId: dept.id, regionCode: dept.region_code })) throw errors.forbidden('Projects are registered by their own department or the office of its region');
    for (const [index, r] of input.resources.entries()) {
      if (r.departmentId && r.departmentId !== dept.id) throw new DomainError('PROJECT_PROVIDER_MISMATCH', 400, `第 ${index + 1} 个资源的提供方须为项目建设部门`, `Resource ${index + 1}: the provider must be the project's department`, { index });
      try {
        await prepareBody(tx, ctx, dept, r); // the catalog is checked now, not at acceptance
      } catch (err) {
        if (err instanceof DomainError) throw new DomainError(err.code, err.status, `第 ${index + 1} 个资源：${err.message}`, `Resource ${index + 1}: ${err.messageEn}`, { index, ...(err.details ?? {}) });
        throw err;
      }
    }
    const id = randomUUID();
    const resources = input.resources.map((r) => ({ ...r, departmentId: dept.id }));
    await store.insertProject(tx, { id, name: input.name.trim(), departmentId: dept.id, approvalNo: input.approvalNo?.trim() || null, resources, actorId: actor.id });
    await ctx.audit.inTx(tx, { action: 'catalog.project.register', actor: auditActor(actor), objectType: 'project', objectId: id, requestId, detail: { name: input.name, departmentId: dept.id, resources: resources.length } });
    return { id, name: input.name.trim(), departmentId: dept.id, departmentName: dept.name, approvalNo: input.approvalNo?.trim() || null, resourceCount: resources.length, status: 'registered' as const, acceptedCodes: null };
  });
}

export async function acceptProject(ctx: Ctx, actor: Actor, id: string, requestId: string) {
  return ctx.tx(async (tx) => {
    const p = await store.lockProject(tx, id);
    if (!p || !can(actor, 'catalog.project.read', { departmentId: p.department_id, regionCode: p.region_code })) throw errors.notFound('Project', '项目');
    if (!can(actor, 'catalog.project.accept', { departmentId: p.department_id, regionCode: p.region_code })) throw errors.forbidden('The office of the project\'s region accepts projects');
    if (p.status !== 'registered') throw new DomainError('PROJECT_ALREADY_ACCEPTED', 409, '项目已验收', 'The project has already been accepted');
    if (p.resource_count === 0) throw new DomainError('PROJECT_CATALOG_MISSING', 409, '项目未编制政务信息资源目录，不予验收（第三十五条）', 'The project has no pre-compiled catalog and cannot be accepted (Art. 35)');
    const codes: string[] = [];
    for (const r of p.resources as ResourceInput[]) {
      codes.push((await createDraftInTx(tx, ctx, actor, { ...r, departmentId: p.department_id }, requestId, { asSystem: true, via: `project:${p.id}` })).code);
    }
    await store.markAccepted(tx, p.id, codes, actor.id);
    await ctx.audit.inTx(tx, { action: 'catalog.project.accept', actor: auditActor(actor), objectType: 'project', objectId: p.id, requestId, detail: { codes } });
    return { id: p.id, name: p.name, departmentId: p.department_id, departmentName: p.department_name, approvalNo: p.approval_no, resourceCount: p.resource_count, status: 'accepted' as const, acceptedCodes: codes };
  });
}

export async function listProjects(ctx: Ctx, actor: Actor, f: { missingCatalog?: boolean | undefined; department?: string | undefined; status?: string | undefined }, page: number, size: number) {
  const { items, total } = await store.listProjects(ctx.db, visibility(actor, 'catalog.project.read'), f, page, size);
  return {
    total,
    items: items.map((p) => ({
      id: p.id, name: p.name, departmentId: p.department_id, departmentName: p.department_name, approvalNo: p.approval_no, resourceCount: p.resource_count,
      status: p.status, acceptedCodes: (p.accepted_codes as string[] | null) ?? null, createdAt: new Date(p.created_at).toISOString(), acceptedAt: p.accepted_at ? new Date(p.accepted_at).toISOString() : null,
    })),
  };
}
