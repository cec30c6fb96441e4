import { Type } from 'typebox';
import { visibility } from '../auth/policy.js';
import type { App, AppContext } from '../http/context.js';
import { Paging, StdErrors, Strict, Uuid } from '../http/schemas.js';
import { SEVERITIES, STATUSES, type IncidentStatus } from './incident.rules.js';
import { fileIncident, updateIncident, visibleIncident } from './incident.service.js';
import * as store from './incident.store.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const DateTime = Type.String({ format: 'date-time', maxLength: 40 });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const DataInvolved = Strict({
  resources: Type.Array(Strict({ code: Type.String({ minLength: 3, maxLength: 64 }), records: Type.Optional(Type.Integer({ minimum: 0 })) }), { maxItems: 100 }),
  records: Type.Optional(Type.Integer({ minimum: 0 })),
  personalInformation: Type.Optional(Type.Boolean()),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
});
const incidentProps = {
  id: Type.String(), departmentId: Type.String(), departmentName: Type.String(), regionCode: Type.String(), title: Type.String(), description: Type.String(),
  severity: Type.String(), status: Type.String(), occurredAt: Nullable(Type.String()), discoveredAt: Type.String(), dataInvolved: Type.Unknown(), measures: Type.String(),
  reportedBy: Type.String(), createdAt: Type.String(), updatedAt: Type.String(),
};
const IncidentOut = Type.Object(incidentProps);
const Detail = Type.Object({
  ...incidentProps,
  timeline: Type.Array(Type.Object({ kind: Type.String(), text: Type.String(), statusTo: Nullable(Type.String()), actorName: Type.String(), at: Type.String() })),
  deliveries: Type.Array(Type.Object({ channel: Type.String(), address: Type.String(), status: Type.String(), attempts: Type.Integer(), nextAttemptAt: Nullable(Type.String()), lastError: Nullable(Type.String()), sentAt: Nullable(Type.String()) })),
});
const tags = ['monitoring'];
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function present(i: store.IncidentRow) {
  return {
    id: i.id, departmentId: i.department_id, departmentName: i.department_name, regionCode: i.region_code, title: i.title, description: i.description,
    severity: i.severity, status: i.status, occurredAt: iso(i.occurred_at), discoveredAt: iso(i.discovered_at)!, dataInvolved: i.data_involved, measures: i.measures,
    reportedBy: i.reported_by_name, createdAt: iso(i.created_at)!, updatedAt: iso(i.updated_at)!,
  };
}

async function detail(ctx: AppContext, i: store.IncidentRow) {
  const [notes, deliveries] = [await store.notesOf(ctx.db, i.id), await store.deliveriesOf(ctx.db, i.id)];
  return {
    ...present(i),
    timeline: notes.map((n) => ({ kind: n.kind, text: n.text, statusTo: n.status_to, actorName: n.actor_name, at: iso(n.at)! })),
    deliveries: deliveries.map((d) => ({ channel: d.channel, address: d.address, status: d.status, attempts: d.attempts, nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null, lastError: d.last_error, sentAt: iso(d.sent_at) })),
  };
}

/** Security incidents of Art. 31: filed by a department's security officer, forwarded to the security authority, tracked. */
export function incidentRoutes(app: App, ctx: AppContext): void {
  app.post('/incidents', {
    config: { permission: 'incident.file' },
    schema: {
      tags, summary: '报告安全事件（第三十一条）/ Report a security incident (Art. 31)',
      body: Strict({
        title: Text(200), description: Text(5000), severity: lit(SEVERITIES), occurredAt: Type.Optional(DateTime), discoveredAt: DateTime,
        dataInvolved: DataInvolved, measures: Text(5000),
      }),
      response: { 201: Detail, ...StdErrors },
    },
  }, async (req, reply) => {
    const id = await fileIncident(ctx, req.actor, req.body, req.id);
    return reply.status(201).send(await detail(ctx, await visibleIncident(ctx, req.actor, id)));
  });

  app.get('/incidents', {
    config: { permission: 'incident.read' },
    schema: {
      tags, summary: '安全事件列表 / Security incidents',
      querystring: Strict({ status: Type.Optional(lit(STATUSES)), department: Type.Optional(Uuid), ...Paging }),
      response: { 200: Type.Object({ items: Type.Array(IncidentOut), total: Type.Integer() }), ...StdErrors },
    },
  }, async (req) => {
    const { page = 1, size = 20, status, department } = req.query;
    const r = await store.listIncidents(ctx.db, visibility(req.actor, 'incident.read'), { status: status as IncidentStatus | undefined, departmentId: department }, page, size);
    return { total: r.total, items: r.items.map(present) };
  });

  app.get('/incidents/:id', {
    config: { permission: 'incident.read' },
    schema: { tags, summary: '安全事件详情（进展和转报状态）/ An incident with its timeline and deliveries', params: Strict({ id: Uuid }), response: { 200: Detail, ...StdErrors } },
  }, async (req) => detail(ctx, await visibleIncident(ctx, req.actor, req.params.id)));

  app.post('/incidents/:id/notes', {
    config: { permission: 'incident.update' },
    schema: {
      tags, summary: '记录进展，可推进状态（已报告 → 调查处置中 → 已结案）/ Add a note, optionally moving the status on',
      params: Strict({ id: Uuid }), body: Strict({ note: Text(5000), status: Type.Optional(lit(['investigating', 'closed'])) }), response: { 200: Detail, ...StdErrors },
    },
  }, async (req) => {
    await updateIncident(ctx, req.actor, req.params.id, { note: req.body.note, status: req.body.status as IncidentStatus | undefined }, req.id);
    return detail(ctx, await visibleIncident(ctx, req.actor, req.params.id));
  });
}
