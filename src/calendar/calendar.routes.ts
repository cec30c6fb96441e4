import { Type } from 'typebox';
import { auditActor } from '../auth/actor.js';
import type { App, AppContext } from '../http/context.js';
import { IsoDate, StdErrors, Strict } from '../http/schemas.js';
import { addDays, diffDays, parseIsoDate } from './dates.js';
import { deleteOverride, listOverrides, upsertOverrides } from './calendar.store.js';
import { errors } from '../errors.js';

const Kind = Type.Union([Type.Literal('workday'), Type.Literal('holiday')]);
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });

export function calendarRoutes(app: App, ctx: AppContext): void {
  app.get('/calendar/add-workdays', {
    config: { permission: 'calendar.read' },
    schema: {
      tags: ['calendar'], summary: '工作日推算 / Add PRC workdays',
      querystring: Strict({ from: IsoDate, days: Type.Integer({ minimum: 0, maximum: 3660 }) }),
      response: { 200: Type.Object({ date: Type.String(), provisional: Type.Boolean() }), ...StdErrors },
    },
  }, async (req) => ctx.calendar.compute((cal) => cal.addWorkdays(req.query.from, req.query.days)));

  app.get('/calendar/workdays-between', {
    config: { permission: 'calendar.read' },
    schema: {
      tags: ['calendar'], summary: '两日期间工作日数 / Workdays in (from, to]',
      querystring: Strict({ from: IsoDate, to: IsoDate }),
      response: { 200: Type.Object({ days: Type.Integer(), provisional: Type.Boolean() }), ...StdErrors },
    },
  }, async (req) => ctx.calendar.compute((cal) => cal.workdaysBetween(req.query.from, req.query.to)));

  app.get('/calendar/days', {
    config: { permission: 'calendar.read' },
    schema: {
      tags: ['calendar'], summary: '日历（每日是否工作日）/ Days with workday flags (≤ 400 days)',
      querystring: Strict({ from: IsoDate, to: IsoDate }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ date: Type.String(), workday: Type.Boolean(), provisional: Type.Boolean(), name: Type.Optional(Type.String()) })) }), ...StdErrors },
    },
  }, async (req) => ctx.calendar.compute((cal) => {
    const span = diffDays(req.query.from, req.query.to);
    if (span < 0 || span > 400) throw new RangeError('from..to must be 0 to 400 days');
    return { items: Array.from({ length: span + 1 }, (_, i) => cal.day(addDays(req.query.from, i))) };
  }));

  app.get('/calendar/overrides', {
    config: { permission: 'calendar.read' },
    schema: {
      tags: ['calendar'], summary: '管理员调整的节假日/调休 / Administrator overrides of a year',
      querystring: Strict({ year: Year }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ date: Type.String(), kind: Type.String(), name: Type.Union([Type.String(), Type.Null()]) })) }), ...StdErrors },
    },
  }, async (req) => ({ items: (await listOverrides(ctx.db, req.query.year)).map((r) => ({ date: r.date, kind: r.kind, name: r.name })) }));

  app.put('/calendar/overrides', {
    config: { permission: 'calendar.write' },
    schema: {
      tags: ['calendar'],
      summary: '载入或调整节假日安排（如新一年的国务院通知）/ Load or adjust holidays and make-up workdays (e.g. a new year\'s notice)',
      body: Strict({ days: Type.Array(Strict({ date: IsoDate, kind: Kind, name: Type.Optional(Type.String({ maxLength: 32 })) }), { minItems: 1, maxItems: 400 }) }),
      response: { 200: Type.Object({ saved: Type.Integer() }), ...StdErrors },
    },
  }, async (req) => {
    const days = req.body.days;
    await ctx.calendar.compute(() => days.forEach((d) => parseIsoDate(d.date)));
    await ctx.tx(async (tx) => {
      await upsertOverrides(tx, days.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? null })), req.actor.id);
      await ctx.audit.inTx(tx, { action: 'calendar.override', actor: auditActor(req.actor), objectType: 'calendar', objectId: days[0]!.date.slice(0, 4), requestId: req.id, detail: { days } });
    });
    await ctx.calendar.reload();
    return { saved: days.length };
  });

  app.delete('/calendar/overrides/:date', {
    config: { permission: 'calendar.write' },
    schema: { tags: ['calendar'], summary: '删除一条调整 / Remove an override', params: Strict({ date: IsoDate }), response: { 204: Type.Null(), ...StdErrors } },
  }, async (req, reply) => {
    const removed = await ctx.tx(async (tx) => {
      const ok = await deleteOverride(tx, req.params.date);
      if (ok) await ctx.audit.inTx(tx, { action: 'calendar.override.delete', actor: auditActor(req.actor), objectType: 'calendar', objectId: req.params.date, requestId: req.id });
      return ok;
    });
    if (!removed) throw errors.notFound('Override', '该日期的调整');
    await ctx.calendar.reload();
    return reply.status(204).send(null);
  });
}
