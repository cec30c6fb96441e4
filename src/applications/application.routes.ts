import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { Paging, StdErrors, Strict, Uuid } from '../http/schemas.js';
import { agreementPdf, getAgreement, signAgreement } from './agreement.service.js';
import { decide } from './application.decision.js';
import { AgreementOut, ApplicationDetailOut, ApplicationOut, DecisionBody, FileBody, FiledOut, FollowUpBody, SignBody, SignOut, Status } from './application.schema.js';
import { amend, fileApplication, resubmit, withdraw } from './application.service.js';
import { applicationDetail, listVisible } from './application.view.js';
import { changeApplicationGrant } from './grant-lifecycle.service.js';

const tags = ['applications'];
const Id = Strict({ id: Uuid });
/** Bodies that may be left out entirely (a bare POST) are validated as `{}`. */
const optionalBody = { preValidation: async (req: { body: unknown }) => { if (req.body === undefined || req.body === null) req.body = {}; } };

/** 共享申请 (Art. 23), 共享安全协议 (Art. 30) and the grant they start. Fixed interfaces: DESIGN.md. */
export function applicationRoutes(app: App, ctx: AppContext): void {
  app.post('/applications', {
    config: { permission: 'application.file' },
    schema: { tags, summary: '提出共享申请 / File an application', body: FileBody, response: { 201: FiledOut, ...StdErrors } },
  }, async (req, reply) => reply.status(201).send(await fileApplication(ctx, req.actor, req.body, req.id)));

  app.get('/applications', {
    config: { permission: 'application.read' },
    schema: {
      tags, summary: '共享申请列表 / Applications (as consumer or provider)',
      querystring: Strict({ role: Type.Optional(Type.Union([Type.Literal('consumer'), Type.Literal('provider')])), status: Type.Optional(Status), resource: Type.Optional(Type.String({ maxLength: 64 })), ...Paging }),
      response: { 200: Type.Object({ items: Type.Array(ApplicationOut), total: Type.Integer() }), ...StdErrors },
    },
  }, async (req) => {
    const { page = 1, size = 20, role, status, resource } = req.query;
    return listVisible(ctx, req.actor, { role, status, resourceCode: resource }, page, size);
  });

  app.get('/applications/:id', {
    config: { permission: 'application.read' },
    schema: { tags, summary: '共享申请详情（含各步骤记录）/ Application with its history', params: Id, response: { 200: ApplicationDetailOut, ...StdErrors } },
  }, async (req) => applicationDetail(ctx, req.actor, req.params.id));

  app.post('/applications/:id/decision', {
    config: { permission: 'application.decide' },
    schema: {
      tags, summary: '受理：批准或不予共享（须说明理由）/ Approve or refuse (a refusal needs a reason)', params: Id, body: DecisionBody,
      response: { 200: Type.Object({ id: Type.String(), status: Status, signBy: Type.Optional(Type.String()) }), ...StdErrors },
    },
  }, async (req) => decide(ctx, req.actor, req.params.id, req.body, req.id));

  app.post('/applications/:id/withdraw', {
    ...optionalBody,
    config: { permission: 'application.file' },
    schema: { tags, summary: '撤回申请 / Withdraw', params: Id, body: Strict({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }), response: { 200: Type.Object({ id: Type.String(), status: Status }), ...StdErrors } },
  }, async (req) => withdraw(ctx, req.actor, req.params.id, req.body.reason, req.id));

  app.post('/applications/:id/resubmit', {
    ...optionalBody,
    config: { permission: 'application.file' },
    schema: { tags, summary: '被拒后重新申请（新申请关联原申请）/ Apply again after a refusal', params: Id, body: FollowUpBody, response: { 201: FiledOut, ...StdErrors } },
  }, async (req, reply) => reply.status(201).send(await resubmit(ctx, req.actor, req.params.id, req.body, req.id)));

  app.post('/applications/:id/amend', {
    ...optionalBody,
    config: { permission: 'application.file' },
    schema: { tags, summary: '变更或续期申请（新申请关联原申请）/ Amend or renew', params: Id, body: FollowUpBody, response: { 201: FiledOut, ...StdErrors } },
  }, async (req, reply) => reply.status(201).send(await amend(ctx, req.actor, req.params.id, req.body, req.id)));

  app.get('/applications/:id/agreement', {
    config: { permission: 'application.read' },
    schema: { tags, summary: '共享安全协议（内容、摘要、平台签章、签署情况）/ The security agreement', params: Id, response: { 200: AgreementOut, ...StdErrors } },
  }, async (req) => getAgreement(ctx, req.actor, req.params.id));

  app.get('/applications/:id/agreement.pdf', {
    config: { permission: 'application.read' },
    schema: { tags, summary: '共享安全协议 PDF / The agreement as PDF', params: Id, produces: ['application/pdf'], response: { ...StdErrors } },
  }, async (req, reply) => {
    const { pdf, number } = await agreementPdf(ctx, req.actor, req.params.id, req.id);
    return (reply as FastifyReply).type('application/pdf').header('content-disposition', `inline; filename="${number}.pdf"`).send(pdf);
  });

  app.post('/applications/:id/agreement', {
    config: { permission: 'application.sign' },
    schema: { tags, summary: '签署共享安全协议（双方签署后授权生效）/ Sign the agreement; the grant starts when both have signed', params: Id, body: SignBody, response: { 200: SignOut, ...StdErrors } },
  }, async (req) => signAgreement(ctx, req.actor, req.params.id, req.body, req.id));

  for (const action of ['suspend', 'revoke', 'resume'] as const) {
    app.post(`/applications/:id/grant/${action}`, {
      config: { permission: 'grant.manage' },
      schema: {
        tags, summary: `${{ suspend: '暂停', revoke: '撤销', resume: '恢复' }[action]}授权（须说明原因）/ ${action} the grant`, params: Id,
        body: Strict({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: { 200: Type.Object({ id: Type.String(), grantId: Type.String(), grantStatus: Type.String() }), ...StdErrors },
      },
    }, async (req) => changeApplicationGrant(ctx, req.actor, req.params.id, action, req.body.reason, req.id));
  }
}
