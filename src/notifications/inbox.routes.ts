import { Type } from 'typebox';
import type { Actor } from '../auth/actor.js';
import { errors } from '../errors.js';
import type { App, AppContext } from '../http/context.js';
import { Paging, StdErrors, Strict, Uuid } from '../http/schemas.js';
import * as store from './inbox.store.js';
import { notificationSettingsRoutes } from './settings.routes.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NoticeOut = Type.Object({
  id: Type.String(), kind: Type.String(), title: Type.String(), body: Type.String(),
  subject: Nullable(Type.Object({ type: Type.String(), id: Type.String() })), createdAt: Type.String(), read: Type.Boolean(),
});

const readerOf = (a: Actor) => a.id ?? a.name;

/** 站内消息 (SPEC C4 notifications, in-app): per user, per department role, per office region, per platform role. */
export function inboxRoutes(app: App, ctx: AppContext): void {
  app.get('/inbox', {
    config: { permission: 'inbox.read' },
    schema: {
      tags: ['notifications'], summary: '站内消息 / Inbox',
      querystring: Strict({ unread: Type.Optional(Type.Boolean()), ...Paging }),
      response: { 200: Type.Object({ items: Type.Array(NoticeOut), total: Type.Integer() }), ...StdErrors },
    },
  }, async (req) => {
    const { page = 1, size = 20, unread } = req.query;
    const r = await store.listInbox(ctx.db, req.actor, readerOf(req.actor), { unread }, page, size);
    return {
      total: r.total,
      items: r.items.map((n) => ({
        id: n.id, kind: n.kind, title: n.title, body: n.body, subject: n.subject_type && n.subject_id ? { type: n.subject_type, id: n.subject_id } : null,
        createdAt: new Date(n.created_at).toISOString(), read: n.read_at !== null,
      })),
    };
  });

  app.get('/inbox/unread-count', {
    config: { permission: 'inbox.read' },
    schema: { tags: ['notifications'], summary: '未读消息数 / Unread count', response: { 200: Type.Object({ count: Type.Integer() }), ...StdErrors } },
  }, async (req) => ({ count: await store.unreadCount(ctx.db, req.actor, readerOf(req.actor)) }));

  app.post('/inbox/:id/read', {
    config: { permission: 'inbox.read' },
    schema: { tags: ['notifications'], summary: '标记已读 / Mark read', params: Strict({ id: Uuid }), response: { 204: Type.Null(), ...StdErrors } },
  }, async (req, reply) => {
    if (!(await store.isVisible(ctx.db, req.actor, req.params.id))) throw errors.notFound('Notification', '消息');
    await store.markRead(ctx.db, [req.params.id], readerOf(req.actor));
    return reply.status(204).send(null);
  });

  app.post('/inbox/read-all', {
    config: { permission: 'inbox.read' },
    schema: { tags: ['notifications'], summary: '全部标记已读 / Mark all read', response: { 200: Type.Object({ marked: Type.Integer() }), ...StdErrors } },
  }, async (req) => {
    const ids = await store.unreadIds(ctx.db, req.actor, readerOf(req.actor));
    await store.markRead(ctx.db, ids, readerOf(req.actor));
    return { marked: ids.length };
  });

  notificationSettingsRoutes(app, ctx);
}
