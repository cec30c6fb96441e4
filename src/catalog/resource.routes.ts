import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { Paging, StdErrors, Strict, Uuid } from '../http/schemas.js';
import { publish, retire, review, submit } from './resource.lifecycle.js';
import { getResource, versionDiff, versionHistory } from './resource.read.js';
import { ListQuery, ResourceIn, ResourceOut, ResourceRef, ResourceSummary, ReviewIn, Facets, Transition, RetireIn, RetirementOut, splitList } from './resource.schema.js';
import { createDraft, updateResource } from './resource.service.js';
import { searchCatalog } from './search.service.js';

const tags = ['catalog'];
const IdParam = Strict({ id: Uuid });
const RefParam = Strict({ ref: ResourceRef });
const Version = Type.Integer({ minimum: 1, maximum: 100_000 });

/** The fixed catalog interface of DESIGN.md: /resources … (published catalog, drafts, lifecycle, history). */
export function resourceRoutes(app: App, ctx: AppContext): void {
  app.post('/resources', {
    config: { permission: 'catalog.edit' },
    schema: { tags, summary: '新建信息资源（草稿）/ Create a draft resource', body: ResourceIn, response: { 201: Transition, ...StdErrors } },
  }, async (req, reply) => reply.status(201).send(await createDraft(ctx, req.actor, req.body, req.id)));

  app.put('/resources/:id', {
    config: { permission: 'catalog.edit' },
    schema: { tags, summary: '修改草稿，或由已发布资源开始新版本 / Edit a draft or start a new version', params: IdParam, body: ResourceIn, response: { 200: Transition, ...StdErrors } },
  }, async (req) => updateResource(ctx, req.actor, req.params.id, req.body, req.id));

  app.post('/resources/:id/submit', {
    config: { permission: 'catalog.edit' },
    schema: { tags, summary: '提交审核 / Submit for review', params: IdParam, response: { 200: Transition, ...StdErrors } },
  }, async (req) => submit(ctx, req.actor, req.params.id, req.id));

  app.post('/resources/:id/review', {
    config: { permission: 'catalog.review' },
    schema: { tags, summary: '逐条审核 / Review (item by item)', params: IdParam, body: ReviewIn, response: { 200: Transition, ...StdErrors } },
  }, async (req) => review(ctx, req.actor, req.params.id, req.body, req.id));

  app.post('/resources/:id/publish', {
    config: { permission: 'catalog.publish' },
    schema: { tags, summary: '发布已注册（审核通过）的版本 / Publish the approved version', params: IdParam, response: { 200: Transition, ...StdErrors } },
  }, async (req) => publish(ctx, req.actor, req.params.id, req.id));

  app.post('/resources/:id/retire', {
    config: { permission: 'catalog.retire' },
    // An empty request still reaches the service, which answers RETIRE_REASON_REQUIRED rather than a schema error.
    preValidation: async (req) => {
      req.body ??= {};
    },
    schema: { tags, summary: '下线（须说明理由）/ Retire (with a reason)', params: IdParam, body: RetireIn, response: { 200: Transition, ...StdErrors } },
  }, async (req) => retire(ctx, req.actor, req.params.id, req.body ?? {}, req.id));

  app.get('/resources', {
    config: { permission: 'catalog.read' },
    schema: {
      tags, summary: '目录检索（已发布）/ Search the published catalog', querystring: Strict({ ...ListQuery, ...Paging }),
      response: { 200: Type.Object({ items: Type.Array(ResourceSummary), total: Type.Integer(), facets: Facets, approximateFacets: Type.Optional(Type.Array(Type.String(), { description: 'facets whose counts are estimated from a sample of a broad query\'s matches' })) }), ...StdErrors },
    },
  }, async (req) => {
    const { page = 1, size = 20, department, kind, shareType, format, updateCycle, ...f } = req.query;
    return searchCatalog(ctx.db, { ...f, department: splitList(department), kind: splitList(kind), shareType: splitList(shareType), format: splitList(format), updateCycle: splitList(updateCycle) }, page, size);
  });

  app.get('/resources/:ref', {
    config: { permission: 'catalog.read' },
    schema: { tags, summary: '信息资源详情（代码或 id）/ A resource by code or id', params: RefParam, querystring: Strict({ version: Type.Optional(Version) }), response: { 200: ResourceOut, ...StdErrors } },
  }, async (req) => getResource(ctx.db, req.actor, req.params.ref, req.query.version));

  app.get('/resources/:ref/versions', {
    config: { permission: 'catalog.read' },
    schema: {
      tags, summary: '版本历史 / Version history', params: RefParam,
      response: { 200: Type.Object({ id: Type.String(), code: Type.String(), status: Type.String(), publishedVersion: Type.Union([Type.Integer(), Type.Null()]), items: Type.Array(Type.Object({ version: Type.Integer(), status: Type.String(), createdAt: Type.String(), updatedAt: Type.String(), publishedAt: Type.Union([Type.String(), Type.Null()]), publishDate: Type.Union([Type.String(), Type.Null()]), retirement: Type.Union([RetirementOut, Type.Null()]) })) }), ...StdErrors },
    },
  }, async (req) => versionHistory(ctx.db, req.actor, req.params.ref));

  app.get('/resources/:ref/diff', {
    config: { permission: 'catalog.read' },
    schema: {
      tags, summary: '两个版本的字段级差异 / Field-level diff of two versions', params: RefParam, querystring: Strict({ from: Version, to: Version }),
      response: { 200: Type.Object({ code: Type.String(), from: Type.Integer(), to: Type.Integer(), changes: Type.Array(Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() })), items: Type.Object({ added: Type.Array(Type.Unknown()), removed: Type.Array(Type.Unknown()), changed: Type.Array(Type.Object({ name: Type.String(), changes: Type.Array(Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() })) })) }) }), ...StdErrors },
    },
  }, async (req) => versionDiff(ctx.db, req.actor, req.params.ref, req.query.from, req.query.to));
}
