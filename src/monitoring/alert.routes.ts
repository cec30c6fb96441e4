import { Type } from 'typebox';
import { visibility } from '../auth/policy.js';
import type { App, AppContext } from '../http/context.js';
import { Paging, StdErrors, Strict, Uuid } from '../http/schemas.js';
import { presentAlert } from './alert.present.js';
import { handleAlert, visibleAlert } from './alert.service.js';
import { evidenceEvents, listAlerts } from './alert.store.js';
import { RULES } from './monitoring.config.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const AlertOut = Type.Object({
  id: Type.String(), rule: Type.String(), ruleLabel: Type.String(), severity: Type.String(), status: Type.String(), title: Type.String(),
  departmentId: Nullable(Type.String()), providerDepartmentId: Nullable(Type.String()), regionCode: Nullable(Type.String()), grantId: Nullable(Type.String()),
  userId: Nullable(Type.String()), userName: Nullable(Type.String()), evidence: Type.Record(Type.String(), Type.Unknown()), autoAction: Nullable(Type.String()), raisedAt: Type.String(),
  acknowledgedAt: Nullable(Type.String()), acknowledgedBy: Nullable(Type.String()), acknowledgeNote: Nullable(Type.String()),
  closedAt: Nullable(Type.String()), closedBy: Nullable(Type.String()), closeNote: Nullable(Type.String()),
});
const AlertDetail = Type.Object({
  ...AlertOut.properties,
  events: Type.Array(Type.Object({ seq: Type.Integer(), at: Type.String(), action: Type.String(), actorName: Nullable(Type.String()), outcome: Type.String(), objectId: Nullable(Type.String()) })),
});
const tags = ['monitoring'];

/** Security alerts of Art. 32 (raised by the monitoring job): the departments' security officers and the office. */
export function alertRoutes(app: App, ctx: AppContext): void {
  app.get('/alerts', {
    config: { permission: 'alert.read' },
    schema: {
      tags, summary: '安全告警列表 / Security alerts',
      querystring: Strict({
        status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('acknowledged'), Type.Literal('closed')])),
        rule: Type.Optional(Type.Union(RULES.map((r) => Type.Literal(r)))), department: Type.Optional(Uuid), grant: Type.Optional(Uuid), ...Paging,
      }),
      response: { 200: Type.Object({ items: Type.Array(AlertOut), total: Type.Integer() }), ...StdErrors },
    },
  }, async (req) => {
    const { page = 1, size = 20, status, rule, department, grant } = req.query;
    const r = await listAlerts(ctx.db, visibility(req.actor, 'alert.read'), { status, rule, departmentId: department, grantId: grant }, page, size);
    return { total: r.total, items: r.items.map(presentAlert) };
  });

  app.get('/alerts/:id', {
    config: { permission: 'alert.read' },
    schema: { tags, summary: '告警详情（含证据的审计事件）/ An alert with its evidence events', params: Strict({ id: Uuid }), response: { 200: AlertDetail, ...StdErrors } },
  }, async (req) => {
    const a = await visibleAlert(ctx, req.actor, req.params.id);
    const seqs = ((a.evidence as { auditSeqs?: number[] }).auditSeqs ?? []).slice(0, 100);
    const events = await evidenceEvents(ctx.db, seqs);
    return { ...presentAlert(a), events: events.map((e) => ({ seq: Number(e.seq), at: new Date(e.at).toISOString(), action: e.action, actorName: e.actor_name, outcome: e.outcome, objectId: e.object_id })) };
  });

  for (const step of ['acknowledge', 'close'] as const) {
    app.post(`/alerts/:id/${step}`, {
      config: { permission: 'alert.handle' },
      schema: {
        tags, summary: step === 'acknowledge' ? '确认告警（须填写说明）/ Acknowledge with a note' : '关闭告警（须填写处理结果）/ Close with a note',
        params: Strict({ id: Uuid }), body: Strict({ note: Type.String({ minLength: 1, maxLength: 2000 }) }), response: { 200: AlertOut, ...StdErrors },
      },
    }, async (req) => presentAlert(await handleAlert(ctx, req.actor, req.params.id, step, req.body.note, req.id)));
  }
}
