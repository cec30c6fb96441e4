import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { IsoDate, Paging, RegionCode, StdErrors, Strict, Uuid } from '../http/schemas.js';
import { CLASS_ITEMS } from './classification.js';
import { listDeadlines, recordOrgChange } from './deadlines.service.js';
import { groupDuplicates } from './duplicates.js';
import { DATA_TYPE_LABELS, FORMAT_LABELS, KIND_LABELS, SHARE_METHOD_LABELS, SHARE_TYPE_LABELS, STATUSES, STATUS_LABELS, UPDATE_CYCLE_LABELS } from './model.js';
import { acceptProject, listProjects, registerProject } from './projects.service.js';
import { publishedItems } from './projects.store.js';
import { ProjectResourceIn, ResourceSummary, Status } from './resource.schema.js';
import { listMine } from './search.service.js';
import { officeReviews, setOfficeReviews } from './settings.js';

const tags = ['catalog'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DeadlineOut = Type.Object({
  id: Type.String(), departmentId: Type.String(), departmentName: Type.String(), kind: Type.String(), description: Type.String(), effectiveOn: Type.String(),
  dueOn: Type.String(), provisional: Type.Boolean(), status: Type.String(), workdaysLeft: Nullable(Type.Integer()), closedAt: Nullable(Type.String()), closedByCode: Nullable(Type.String()),
});
const ProjectOut = Type.Object({
  id: Type.String(), name: Type.String(), departmentId: Type.String(), departmentName: Type.String(), approvalNo: Nullable(Type.String()), resourceCount: Type.Integer(),
  status: Type.String(), acceptedCodes: Nullable(Type.Array(Type.String())), createdAt: Type.Optional(Type.String()), acceptedAt: Type.Optional(Nullable(Type.String())),
});

/** Working copies per lifecycle status (ignoring the status filter): the tabs of "my catalog". */
const StatusCounts = Type.Object(Object.fromEntries(STATUSES.map((st) => [st, Type.Integer()])) as Record<(typeof STATUSES)[number], ReturnType<typeof Type.Integer>>);

/** The catalog's work lists: my drafts, Art. 10 deadlines, Art. 35 projects, duplicates, reference data, settings. */
export function workRoutes(app: App, ctx: AppContext): void {
  app.get('/catalog/mine', {
    config: { permission: 'catalog.drafts.read' },
    schema: { tags, summary: '本部门（本区域）目录工作副本 / Working copies I may see', querystring: Strict({ status: Type.Optional(Status), q: Type.Optional(Type.String({ maxLength: 100 })), department: Type.Optional(Uuid), ...Paging }), response: { 200: Type.Object({ items: Type.Array(ResourceSummary), total: Type.Integer(), counts: StatusCounts }), ...StdErrors } },
  }, async (req) => {
    const { page = 1, size = 20, ...f } = req.query;
    return listMine(ctx.db, req.actor, f, page, size);
  });

  app.post('/catalog/org-changes', {
    config: { permission: 'catalog.orgchange.write' },
    schema: { tags, summary: '登记机构改革或职责调整（开启 15 个工作日更新期限）/ Record an organisational or legal-duty change', body: Strict({ departmentId: Uuid, kind: Type.Union([Type.Literal('reorganisation'), Type.Literal('legal_duty')]), description: Type.String({ minLength: 1, maxLength: 2000 }), effectiveOn: IsoDate }), response: { 201: DeadlineOut, ...StdErrors } },
  }, async (req, reply) => reply.status(201).send(await recordOrgChange(ctx, req.actor, req.body, req.id)));

  app.get('/catalog/deadlines', {
    config: { permission: 'catalog.deadline.read' },
    schema: { tags, summary: '目录更新期限（第十条）/ Catalog-update deadlines (Art. 10)', querystring: Strict({ department: Type.Optional(Uuid), region: Type.Optional(RegionCode), status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('overdue'), Type.Literal('closed')])), ...Paging }), response: { 200: Type.Object({ items: Type.Array(DeadlineOut), total: Type.Integer() }), ...StdErrors } },
  }, async (req) => {
    const { page = 1, size = 20, department, region, status } = req.query;
    return listDeadlines(ctx, req.actor, { departmentId: department, region, status }, page, size);
  });

  app.post('/catalog/projects', {
    config: { permission: 'catalog.project.write' },
    schema: { tags, summary: '登记信息化项目及其预编目录（第三十五条）/ Register an IT project with its catalog', body: Strict({ name: Type.String({ minLength: 1, maxLength: 200 }), departmentId: Uuid, approvalNo: Type.Optional(Type.String({ maxLength: 100 })), resources: Type.Array(ProjectResourceIn, { maxItems: 200 }) }), response: { 201: ProjectOut, ...StdErrors } },
  }, async (req, reply) => reply.status(201).send(await registerProject(ctx, req.actor, req.body, req.id)));

  app.get('/catalog/projects', {
    config: { permission: 'catalog.project.read' },
    schema: { tags, summary: '信息化项目（可筛选未编目录的项目）/ IT projects', querystring: Strict({ missingCatalog: Type.Optional(Type.Boolean()), department: Type.Optional(Uuid), status: Type.Optional(Type.Union([Type.Literal('registered'), Type.Literal('accepted')])), ...Paging }), response: { 200: Type.Object({ items: Type.Array(ProjectOut), total: Type.Integer() }), ...StdErrors } },
  }, async (req) => {
    const { page = 1, size = 20, ...f } = req.query;
    return listProjects(ctx, req.actor, f, page, size);
  });

  app.post('/catalog/projects/:id/accept', {
    config: { permission: 'catalog.project.accept' },
    schema: { tags, summary: '项目验收：预编目录转为提供方草稿 / Accept a project: its catalog becomes drafts', params: Strict({ id: Uuid }), response: { 200: ProjectOut, ...StdErrors } },
  }, async (req) => acceptProject(ctx, req.actor, req.params.id, req.id));

  app.get('/catalog/duplicates', {
    config: { permission: 'catalog.duplicates.read' },
    schema: { tags, summary: '重复采集的信息项（一数一源）/ Items collected by several departments', querystring: Strict({ minDepartments: Type.Optional(Type.Integer({ minimum: 2, maximum: 100, default: 2 })) }), response: { 200: Type.Object({ items: Type.Array(Type.Unknown()), total: Type.Integer() }), ...StdErrors } },
  }, async (req) => {
    const items = groupDuplicates(await publishedItems(ctx.db), req.query.minDepartments ?? 2);
    return { items, total: items.length };
  });

  app.get('/catalog/reference', {
    config: { permission: 'catalog.read' },
    schema: { tags, summary: '目录代码表（分类、格式、类型等及中文名）/ Reference values with Chinese labels' },
  }, async () => ({
    kinds: KIND_LABELS, classItems: CLASS_ITEMS, formats: FORMAT_LABELS, dataTypes: DATA_TYPE_LABELS, shareTypes: SHARE_TYPE_LABELS,
    shareMethods: SHARE_METHOD_LABELS, updateCycles: UPDATE_CYCLE_LABELS, statuses: STATUS_LABELS, network: ctx.config.network,
  }));

  app.get('/catalog/settings', {
    config: { permission: 'catalog.read' },
    schema: { tags, summary: '目录设置 / Catalog settings', response: { 200: Type.Object({ officeReview: Type.Boolean() }), ...StdErrors } },
  }, async () => ({ officeReview: await officeReviews(ctx.db) }));

  app.put('/catalog/settings', {
    config: { permission: 'catalog.settings' },
    schema: { tags, summary: '目录设置：管理机构是否审核 / Whether the office reviews', body: Strict({ officeReview: Type.Boolean() }), response: { 200: Type.Object({ officeReview: Type.Boolean() }), ...StdErrors } },
  }, async (req) => {
    await ctx.tx(async (tx) => {
      await setOfficeReviews(tx, req.body.officeReview);
      await ctx.audit.inTx(tx, { action: 'catalog.settings', actor: { id: req.actor.id, name: req.actor.name, departmentId: req.actor.departmentId }, objectType: 'settings', objectId: 'catalog.officeReview', requestId: req.id, detail: req.body });
    });
    return { officeReview: req.body.officeReview };
  });
}
