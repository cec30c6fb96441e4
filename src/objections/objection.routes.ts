import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { Paging, StdErrors, Strict, Uuid } from '../http/schemas.js';
import { HistoryOut, ObjectionBody, ObjectionOut, ObjectionStatus, ReplyBody, ResourceObjectionsOut } from './objection.schema.js';
import { fileObjection, listVisibleObjections, objectionDetail, replyObjection, resourceObjections } from './objection.service.js';
import { disputeRoutes } from './dispute.routes.js';

const tags = ['objections'];
const Id = Strict({ id: Uuid });

/** 数据异议/校核 (Art. 24) and, through disputeRoutes, 争议协调 (Art. 25). */
export function objectionRoutes(app: App, ctx: AppContext): void {
  app.post('/objections', {
    config: { permission: 'objection.file' },
    schema: { tags, summary: '提出数据异议 / Report wrong data', body: ObjectionBody, response: { 201: Type.Object({ id: Type.String(), replyBy: Type.String() }), ...StdErrors } },
  }, async (req, reply) => reply.status(201).send(await fileObjection(ctx, req.actor, req.body, req.id)));

  app.get('/objections', {
    config: { permission: 'objection.read' },
    schema: {
      tags, summary: '数据异议列表 / Objections (as consumer or provider)',
      querystring: Strict({ role: Type.Optional(Type.Union([Type.Literal('consumer'), Type.Literal('provider')])), status: Type.Optional(ObjectionStatus), resource: Type.Optional(Type.String({ maxLength: 64 })), ...Paging }),
      response: { 200: Type.Object({ items: Type.Array(ObjectionOut), total: Type.Integer() }), ...StdErrors },
    },
  }, async (req) => {
    const { page = 1, size = 20, role, status, resource } = req.query;
    return listVisibleObjections(ctx, req.actor, { role, status, resourceCode: resource }, page, size);
  });

  app.get('/objections/:id', {
    config: { permission: 'objection.read' },
    schema: { tags, summary: '数据异议详情 / Objection with its history', params: Id, response: { 200: Type.Object({ ...ObjectionOut.properties, history: HistoryOut }), ...StdErrors } },
  }, async (req) => objectionDetail(ctx, req.actor, req.params.id));

  app.post('/objections/:id/reply', {
    config: { permission: 'objection.reply' },
    schema: { tags, summary: '答复数据异议（确认须附更正记录）/ Answer an objection', params: Id, body: ReplyBody, response: { 200: Type.Object({ id: Type.String(), status: ObjectionStatus }), ...StdErrors } },
  }, async (req) => replyObjection(ctx, req.actor, req.params.id, req.body, req.id));

  app.get('/resources/:code/objections', {
    config: { permission: 'catalog.read' },
    schema: {
      tags, summary: '资源的未结异议与更正记录 / Open objections and corrections of a resource', params: Strict({ code: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: ResourceObjectionsOut, ...StdErrors },
    },
  }, async (req) => resourceObjections(ctx, req.params.code));

  disputeRoutes(app, ctx);
}
