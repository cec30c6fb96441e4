import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { Paging, StdErrors, Strict, Uuid } from '../http/schemas.js';
import { todayOf, workflow } from '../scheduler/runtime.js';
import { proposeNotices } from './notices.detect.js';
import { ConfirmBody, DismissBody, IssueBody, NoticeDetailOut, NoticeList, NoticeStatus, ReplyBody, ReviewBody } from './notices.schema.js';
import { confirmProposal, dismissProposal, issueNotice, listVisibleCirculars, listVisibleNotices, noticeDetail, replyNotice, reviewReply } from './notices.service.js';

const tags = ['supervision'];
const Id = Strict({ id: Uuid });

/** 整改通知与书面通报 (Art. 39). */
export function noticeRoutes(app: App, ctx: AppContext): void {
  app.get('/notices', {
    config: { permission: 'notice.read' },
    schema: {
      tags, summary: '整改通知列表 / Rectification notices',
      querystring: Strict({ status: Type.Optional(NoticeStatus), department: Type.Optional(Type.String({ maxLength: 64 })), ground: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 })), region: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })), ...Paging }),
      response: { 200: NoticeList, ...StdErrors },
    },
  }, async (req) => {
    const { page = 1, size = 20, status, department, ground, region } = req.query;
    return listVisibleNotices(ctx, req.actor, { status, departmentId: department, ground, region }, page, size);
  });

  app.get('/notices/circulars', {
    config: { permission: 'notice.circular.read' },
    schema: { tags, summary: '书面通报 / Written circulars of the region', querystring: Strict({ ...Paging }), response: { 200: NoticeList, ...StdErrors } },
  }, async (req) => listVisibleCirculars(ctx, req.actor, req.query.page ?? 1, req.query.size ?? 20));

  app.get('/notices/:id', {
    config: { permission: 'notice.read' },
    schema: { tags, summary: '整改通知详情 / A notice with its history', params: Id, response: { 200: NoticeDetailOut, ...StdErrors } },
  }, async (req) => noticeDetail(ctx, req.actor, req.params.id));

  app.post('/notices', {
    config: { permission: 'notice.issue' },
    schema: { tags, summary: '下发整改通知 / Issue a notice', body: IssueBody, response: { 201: NoticeDetailOut, ...StdErrors } },
  }, async (req, reply) => reply.status(201).send(await issueNotice(ctx, req.actor, req.body, req.id)));

  app.post('/notices/detect', {
    config: { permission: 'notice.issue' },
    schema: { tags, summary: '立即检查并生成整改建议 / Detect now and propose notices', response: { 200: Type.Object({ proposed: Type.Record(Type.String(), Type.Number()) }), ...StdErrors } },
  }, async (req) => {
    const rt = workflow(ctx);
    const proposed = await ctx.tx((tx) => proposeNotices({ tx, ctx, rt, today: todayOf(ctx) }));
    await ctx.audit.record({ action: 'notice.detect', outcome: 'success', actor: { id: req.actor.id, name: req.actor.name, departmentId: req.actor.departmentId }, requestId: req.id, detail: proposed });
    return { proposed };
  });

  app.post('/notices/:id/confirm', {
    config: { permission: 'notice.issue' },
    schema: { tags, summary: '确认平台建议并下发 / Confirm a proposal', params: Id, body: ConfirmBody, response: { 200: NoticeDetailOut, ...StdErrors } },
  }, async (req) => confirmProposal(ctx, req.actor, req.params.id, req.body ?? {}, req.id));

  app.post('/notices/:id/dismiss', {
    config: { permission: 'notice.issue' },
    schema: { tags, summary: '驳回平台建议 / Dismiss a proposal', params: Id, body: DismissBody, response: { 200: NoticeDetailOut, ...StdErrors } },
  }, async (req) => dismissProposal(ctx, req.actor, req.params.id, req.body.reason, req.id));

  app.post('/notices/:id/reply', {
    config: { permission: 'notice.reply' },
    schema: { tags, summary: '反馈整改情况 / Report the rectification', params: Id, body: ReplyBody, response: { 200: NoticeDetailOut, ...StdErrors } },
  }, async (req) => replyNotice(ctx, req.actor, req.params.id, req.body.reply, req.id));

  app.post('/notices/:id/review', {
    config: { permission: 'notice.issue' },
    schema: { tags, summary: '确认或退回整改情况 / Accept or send back the rectification', params: Id, body: ReviewBody, response: { 200: NoticeDetailOut, ...StdErrors } },
  }, async (req) => reviewReply(ctx, req.actor, req.params.id, req.body, req.id));
}
