import { auditActor, type Actor } from '../auth/actor.js';
import { can } from '../auth/policy.js';
import { todayInShanghai } from '../calendar/dates.js';
import { DomainError, errors } from '../errors.js';
import type { ResourceBody } from './model.js';
import { closeDeadlinesOnPublish } from './deadlines.store.js';
import type { ReviewRecord } from './resource.present.js';
import { assertMay, invalidTransition, lockVisible, type Ctx } from './resource.service.js';
import { indexPublished, unindexResource } from './search.index.js';
import * as store from './resource.store.js';
import { officeReviews } from './settings.js';

/**
 * The lifecycle (SPEC C1, Art. 10): draft → submitted → reviewed item by item → approved (registered) → published
 * → (edit starts version n+1) → retired. Each transition is one function, in one transaction, audited with it.
 */
export async function submit(ctx: Ctx, actor: Actor, id: string, requestId: string) {
  return ctx.tx(async (tx) => {
    const res = await lockVisible(tx, actor, id);
    assertMay(actor, 'catalog.edit', res);
    if (res.status !== 'draft' && res.status !== 'rejected') throw invalidTransition(res.status, 'submitted', '提交审核');
    await store.setVersionStatus(tx, res.id, res.head_version, 'submitted', { submitted_by: actor.id, submitted_at: new Date() });
    await store.setResourceState(tx, res.id, { status: 'submitted' });
    await ctx.audit.inTx(tx, { action: 'catalog.submit', actor: auditActor(actor), objectType: 'resource', objectId: res.code, requestId, detail: { id: res.id, version: res.head_version } });
    return { id: res.id, code: res.code, status: 'submitted' as const, version: res.head_version };
  });
}

export interface ReviewInput {
  decision: 'approve' | 'reject';
  comments?: string | undefined;
  items?: Array<{ name: string; decision: 'approve' | 'reject'; comment?: string | undefined }> | undefined;
}

/** Checks a review against the version's items (逐条审核): pure, so the rules are unit-tested without a database. */
export function checkReview(input: ReviewInput, body: ResourceBody): ReviewRecord['items'] {
  const names = new Set(body.items.map((i) => i.name));
  const items = (input.items ?? []).map((i) => ({ name: i.name.trim(), decision: i.decision, comment: i.comment?.trim() || null }));
  const unknown = items.find((i) => !names.has(i.name));
  if (unknown) throw new DomainError('REVIEW_ITEM_UNKNOWN', 400, `信息项“${unknown.name}”不在该版本中`, `Item "${unknown.name}" is not in this version`);
  const twice = items.find((i, n) => items.findIndex((j) => j.name === i.name) !== n);
  if (twice) throw new DomainError('REVIEW_ITEM_DUPLICATE', 400, `信息项“${twice.name}”重复审核`, `Item "${twice.name}" is reviewed twice`);
  const rejected = items.filter((i) => i.decision === 'reject');
  const bare = rejected.find((i) => !i.comment);
  if (bare) throw new DomainError('REVIEW_ITEM_COMMENT_REQUIRED', 400, `退回信息项“${bare.name}”须说明理由`, `Rejecting item "${bare.name}" needs a comment`);
  if (input.decision === 'approve' && rejected.length > 0) throw new DomainError('REVIEW_INCONSISTENT', 400, '存在被退回的信息项，不能审核通过', 'Some items are rejected; the resource cannot be approved');
  if (input.decision === 'reject' && rejected.length === 0 && !input.comments?.trim()) throw new DomainError('REVIEW_REASON_REQUIRED', 400, '退回须填写审核意见或逐项说明', 'A rejection needs comments or at least one rejected item with a comment');
  return items;
}

export async function review(ctx: Ctx, actor: Actor, id: string, input: ReviewInput, requestId: string) {
  const officeMay = await officeReviews(ctx.db);
  return ctx.tx(async (tx) => {
    const res = await lockVisible(tx, actor, id);
    const target = { departmentId: res.department_id, regionCode: res.region_code };
    const asReviewer = actor.roles.includes('catalog_reviewer') && actor.departmentId === res.department_id;
    const asOffice = officeMay && actor.roles.includes('office') && can(actor, 'catalog.review', target);
    if (!asReviewer && !asOffice) throw errors.forbidden('Only the provider\'s catalog reviewer (or the office, when configured) reviews');
    if (res.status !== 'submitted') throw invalidTransition(res.status, 'reviewed', '审核');
    const ver = (await store.findVersion(tx, res.id, res.head_version))!;
    if (ver.submitted_by && ver.submitted_by === actor.id) throw new DomainError('REVIEW_OWN_SUBMISSION', 403, '不能审核自己提交的资源', 'You cannot review your own submission');
    const items = checkReview(input, ver.body as unknown as ResourceBody);
    const record: ReviewRecord = { decision: input.decision, comments: input.comments?.trim() || null, reviewer: actor.name, reviewerId: actor.id, at: new Date().toISOString(), items };
    const status = input.decision === 'approve' ? 'approved' as const : 'rejected' as const;
    await store.setVersionStatus(tx, res.id, res.head_version, status, { review: JSON.stringify(record) });
    await store.setResourceState(tx, res.id, { status });
    await ctx.audit.inTx(tx, { action: `catalog.review.${input.decision}`, actor: auditActor(actor), objectType: 'resource', objectId: res.code, requestId, detail: { id: res.id, version: res.head_version, rejectedItems: items.filter((i) => i.decision === 'reject').map((i) => i.name) } });
    return { id: res.id, code: res.code, status, version: res.head_version };
  });
}

/** Publishing an approved version makes it the published one; the previous one is kept as history (superseded). */
export async function publish(ctx: Ctx, actor: Actor, id: string, requestId: string) {
  return ctx.tx(async (tx) => {
    const res = await lockVisible(tx, actor, id);
    assertMay(actor, 'catalog.publish', res);
    if (res.status !== 'approved') throw invalidTransition(res.status, 'published (it must be approved first)', '发布（须先审核通过）');
    const today = todayInShanghai();
    if (res.published_version !== null) await store.setVersionStatus(tx, res.id, res.published_version, 'superseded');
    await store.setVersionStatus(tx, res.id, res.head_version, 'published', { published_at: new Date(), publish_date: today });
    await store.setResourceState(tx, res.id, { status: 'published', published_version: res.head_version });
    await indexPublished(tx, [res.id]);
    // Art. 10: publishing a version updates the department's catalog, closing open update deadlines.
    const closed = await closeDeadlinesOnPublish(tx, res.department_id, today, res.code, res.head_version);
    await ctx.audit.inTx(tx, { action: 'catalog.publish', actor: auditActor(actor), objectType: 'resource', objectId: res.code, requestId, detail: { id: res.id, version: res.head_version, closedDeadlines: closed } });
    return { id: res.id, code: res.code, status: 'published' as const, version: res.head_version };
  });
}

export interface RetirementRecord { reason: string; by: string; byId: string | null; at: string }

/** Retiring needs a reason (kept with the retired version and shown in its history): pure, so it is unit-tested. */
export function retirementReason(reason: string | undefined): string {
  const r = reason?.trim() ?? '';
  if (r.length === 0) throw new DomainError('RETIRE_REASON_REQUIRED', 400, '下线须说明理由', 'Retiring a resource needs a reason');
  if (r.length > 1000) throw new DomainError('RETIRE_REASON_TOO_LONG', 400, '下线理由不能超过 1000 个字', 'The reason has at most 1000 characters');
  return r;
}

/** Retires the published resource; refused while a newer version is in the works (finish or publish it first). */
export async function retire(ctx: Ctx, actor: Actor, id: string, input: { reason?: string | undefined }, requestId: string) {
  const reason = retirementReason(input.reason);
  return ctx.tx(async (tx) => {
    const res = await lockVisible(tx, actor, id);
    assertMay(actor, 'catalog.retire', res);
    if (res.status !== 'published' || res.published_version === null) throw invalidTransition(res.status, 'retired (only a published resource without a pending version)', '下线（仅限已发布且无在编版本的资源）');
    const record: RetirementRecord = { reason, by: actor.name, byId: actor.id, at: new Date().toISOString() };
    await store.setVersionStatus(tx, res.id, res.published_version, 'retired', { retirement: JSON.stringify(record) });
    await store.setResourceState(tx, res.id, { status: 'retired', retired_at: new Date() });
    await unindexResource(tx, res.id);
    await ctx.audit.inTx(tx, { action: 'catalog.retire', actor: auditActor(actor), objectType: 'resource', objectId: res.code, requestId, detail: { id: res.id, version: res.published_version, reason } });
    return { id: res.id, code: res.code, status: 'retired' as const, version: res.published_version };
  });
}
