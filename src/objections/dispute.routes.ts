import { Type, type TSchema } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { Paging, StdErrors, Strict, Uuid } from '../http/schemas.js';
import { HistoryOut } from './objection.schema.js';
import { act, disputeDetail, listVisibleDisputes, openDispute } from './dispute.service.js';

const tags = ['disputes'];
const Id = Strict({ id: Uuid });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Status = Type.Union([
  Type.Literal('negotiation'), Type.Literal('office_coordination'), Type.Literal('office_decided'), Type.Literal('leading_group'), Type.Literal('resolved'), Type.Literal('ruled'),
]);
const Decision = Nullable(Type.Object({ text: Type.String(), at: Nullable(Type.String()), by: Nullable(Type.String()) }));
const Level = Type.Union([Type.Literal('normal'), Type.Literal('warning'), Type.Literal('overdue')]);
const DisputeOut = Type.Object({
  id: Type.String(), subjectType: Type.String(), subjectId: Type.String(), status: Status, statusLabel: Type.String(),
  region: Type.Object({ code: Type.String(), name: Type.String() }), consumer: Type.Object({ id: Type.String(), name: Type.String() }), provider: Type.Object({ id: Type.String(), name: Type.String() }),
  openedByDepartmentId: Type.String(), statement: Type.String(), stepStartedOn: Type.String(), stepDue: Nullable(Type.String()),
  deadline: Nullable(Type.Object({ date: Type.String(), workdaysLeft: Type.Integer(), level: Level, overdue: Type.Boolean(), provisional: Type.Boolean() })),
  officeDecision: Decision, ruling: Decision, closedAt: Nullable(Type.String()), createdAt: Type.String(),
});
const StepOut = Type.Object({ id: Type.String(), status: Status, stepDue: Nullable(Type.String()) });
const Text = (name: string, zh: string) => Strict({ [name]: Type.String({ minLength: 1, maxLength: 4000, description: zh }) });

/** 争议协调 (Art. 25): negotiation → management office → leading group (final); every step dated and audited. */
export function disputeRoutes(app: App, ctx: AppContext): void {
  app.post('/disputes', {
    config: { permission: 'dispute.participate' },
    schema: {
      tags, summary: '提出争议（不予共享的申请或被驳回的异议）/ Open a dispute',
      body: Strict({ subjectType: Type.Union([Type.Literal('application'), Type.Literal('objection')]), subjectId: Uuid, statement: Type.String({ minLength: 1, maxLength: 4000 }) }),
      response: { 201: StepOut, ...StdErrors },
    },
  }, async (req, reply) => reply.status(201).send(await openDispute(ctx, req.actor, req.body, req.id)));

  app.get('/disputes', {
    config: { permission: 'dispute.read' },
    schema: {
      tags, summary: '争议列表 / Disputes', querystring: Strict({ status: Type.Optional(Status), open: Type.Optional(Type.Boolean()), ...Paging }),
      response: { 200: Type.Object({ items: Type.Array(DisputeOut), total: Type.Integer() }), ...StdErrors },
    },
  }, async (req) => {
    const { page = 1, size = 20, status, open } = req.query;
    return listVisibleDisputes(ctx, req.actor, { status, open }, page, size);
  });

  app.get('/disputes/:id', {
    config: { permission: 'dispute.read' },
    schema: {
      tags, summary: '争议详情与时间线 / Dispute with its timeline', params: Id,
      response: { 200: Type.Object({ ...DisputeOut.properties, myRoles: Type.Array(Type.String()), timeline: HistoryOut }), ...StdErrors },
    },
  }, async (req) => disputeDetail(ctx, req.actor, req.params.id));

  const steps = [
    ['messages', 'message', 'text', '协商意见（带日期记录）/ A dated message', '发言内容'],
    ['escalate', 'escalate', 'reason', '提请管理机构协调或领导小组裁定 / Escalate', '提请理由'],
    ['decision', 'decide', 'decision', '管理机构协调意见或领导小组最终裁定 / Office decision or the leading group\'s final ruling', '决定内容'],
    ['settle', 'settle', 'note', '双方确认已解决 / The parties settle', '解决情况'],
  ] as const;
  for (const [path, action, field, summary, zh] of steps) {
    app.post(`/disputes/:id/${path}`, {
      config: { permission: 'dispute.act' },
      schema: { tags, summary, params: Id, body: Text(field, zh), response: { 200: StepOut, ...StdErrors } },
    }, async (req) => act(ctx, req.actor, req.params.id, action, (req.body as Record<string, string>)[field]!, req.id));
  }
}
