import { Type, type TSchema } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { StdErrors, Strict } from '../http/schemas.js';
import { listRuns } from './reminders.store.js';
import { workflow } from './runtime.js';
import { JOBS, Scheduler } from './scheduler.js';
import { overdueFor, todosFor } from './todos.service.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Level = Type.Union([Type.Literal('normal'), Type.Literal('warning'), Type.Literal('overdue')]);
const TodoOut = Type.Object({
  type: Type.String(), subjectType: Type.String(), subjectId: Type.String(), title: Type.String(), party: Type.Optional(Type.String()),
  counterpart: Nullable(Type.Object({ id: Type.String(), name: Type.String() })), dueDate: Type.String(), workdaysLeft: Type.Integer(), provisional: Type.Boolean(), level: Level,
});
const OverdueOut = Type.Object({
  type: Type.String(), subjectType: Type.String(), subjectId: Type.String(), title: Type.String(), party: Nullable(Type.String()), responsible: Type.String(),
  departmentId: Nullable(Type.String()), departmentName: Nullable(Type.String()), regionCode: Nullable(Type.String()), regionName: Nullable(Type.String()),
  dueDate: Type.String(), workdaysOverdue: Type.Integer(),
});

/** 我的待办, the overdue list for supervision, and the scheduler's status and manual run. */
export function schedulerRoutes(app: App, ctx: AppContext): void {
  workflow(ctx); // validates the GOVSHARE_* workflow settings when the app is built (fail fast)

  app.get('/todos', {
    config: { permission: 'todo.read' },
    schema: { tags: ['workflow'], summary: '我的待办（含期限和剩余工作日）/ My to-dos with deadlines', response: { 200: Type.Object({ items: Type.Array(TodoOut), counts: Type.Record(Type.String(), Type.Integer()) }), ...StdErrors } },
  }, async (req) => {
    const items = await todosFor(ctx, req.actor);
    const counts: Record<string, number> = { total: items.length, warning: 0, overdue: 0 };
    for (const t of items) {
      counts[t.type] = (counts[t.type] ?? 0) + 1;
      if (t.level !== 'normal') counts[t.level] = (counts[t.level] ?? 0) + 1;
    }
    return { items, counts };
  });

  app.get('/deadlines/overdue', {
    config: { permission: 'deadline.read' },
    schema: { tags: ['workflow'], summary: '超期事项（督查）/ Overdue steps, for supervision', response: { 200: Type.Object({ items: Type.Array(OverdueOut) }), ...StdErrors } },
  }, async (req) => ({ items: await overdueFor(ctx, req.actor) }));

  app.get('/scheduler/status', {
    config: { permission: 'scheduler.run' },
    schema: {
      tags: ['workflow'], summary: '定时任务状态 / Scheduler status',
      response: { 200: Type.Object({ intervalSeconds: Type.Integer(), jobs: Type.Array(Type.Object({ job: Type.String(), lastStartedAt: Nullable(Type.String()), lastFinishedAt: Nullable(Type.String()), lastError: Nullable(Type.String()), lastResult: Type.Unknown() })) }), ...StdErrors },
    },
  }, async () => {
    const runs = new Map((await listRuns(ctx.db)).map((r) => [r.job, r]));
    const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
    return {
      intervalSeconds: workflow(ctx).config.schedulerIntervalSeconds,
      jobs: JOBS.map((j) => ({ job: j.name, lastStartedAt: iso(runs.get(j.name)?.last_started_at), lastFinishedAt: iso(runs.get(j.name)?.last_finished_at), lastError: runs.get(j.name)?.last_error ?? null, lastResult: runs.get(j.name)?.last_result ?? null })),
    };
  });

  app.post('/scheduler/run', {
    preValidation: async (req: { body: unknown }) => { if (req.body === undefined || req.body === null) req.body = {}; },
    config: { permission: 'scheduler.run' },
    schema: { tags: ['workflow'], summary: '立即运行全部定时任务 / Run every job now', body: Strict({}), response: { 200: Type.Object({ results: Type.Record(Type.String(), Type.Unknown()) }), ...StdErrors } },
  }, async () => ({ results: await new Scheduler(ctx, workflow(ctx)).runOnce() }));
}
