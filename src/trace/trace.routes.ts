import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { App, AppContext } from '../http/context.js';
import { Paging, StdErrors, Strict } from '../http/schemas.js';
import { catchUpTrace } from './trace.indexer.js';
import { CATEGORIES } from './trace.rules.js';
import { exportTrace, trace } from './trace.service.js';

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const S = Type.String();
const N = Type.Union([Type.Number(), Type.Null()]);
const TraceOut = Type.Object({
  id: Type.Integer(), source: S, sourceSeq: Type.Integer(), at: S, category: S, action: S, outcome: S,
  resource: Nullable(S), providerDepartmentId: Nullable(S), providerDepartmentName: Nullable(S), departmentId: Nullable(S), departmentName: Nullable(S),
  userId: Nullable(S), userName: Nullable(S), grantId: Nullable(S), ticket: Nullable(S), rows: N, bytes: N, purpose: Nullable(S), exportId: Nullable(S),
  match: Type.Union([Type.Literal('key'), Type.Literal('bulk'), Type.Null()]),
});
const Time = Type.String({ maxLength: 40 });

/** Trace (溯源, Art. 33): who touched a resource, a department's data, a record key, or what a user did (ADR 007). */
export function traceRoutes(app: App, ctx: AppContext): void {
  app.get('/trace', {
    config: { permission: 'trace.read' },
    schema: {
      tags: ['audit'], summary: '溯源查询（资源、部门、用户、记录键）/ Trace by resource, department, user or record key',
      querystring: Strict({
        resource: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), department: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        user: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), recordKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        category: Type.Optional(Type.Union(CATEGORIES.map((c) => Type.Literal(c)))), from: Type.Optional(Time), to: Type.Optional(Time),
        format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')])), ...Paging,
      }),
      response: { 200: Type.Object({ items: Type.Array(TraceOut), total: Type.Integer() }), ...StdErrors },
    },
  }, async (req, reply) => {
    const { page = 1, size = 20, format = 'json', ...q } = req.query;
    if (format === 'json') return trace(ctx, req.actor, req.id, q, page, size);
    const file = await exportTrace(ctx, req.actor, req.id, q, format);
    return (reply as FastifyReply).type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
  });

  // The projection follows the log on its own too, so events are indexed long before their month is archived.
  const timer = setInterval(() => void catchUpTrace(ctx.db).catch((err: unknown) => app.log.warn({ err }, 'trace index catch-up failed')), 60_000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
