import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { StdErrors, Strict, Uuid } from '../http/schemas.js';
import * as service from './node.service.js';
import { pullNodeEvents, pullNodeStats, reconcile } from './node-sync.js';
import { auditActor } from '../auth/actor.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NodeOut = Type.Object({
  id: Type.String(), departmentId: Type.String(), departmentName: Type.String(), name: Type.String(), url: Type.String(), publicKey: Type.String(),
  status: Type.String(), statusReason: Nullable(Type.String()), registeredAt: Type.String(), keyRotatedAt: Nullable(Type.String()), lastSeenAt: Nullable(Type.String()),
  lastLatencyMs: Nullable(Type.Integer()), lastError: Nullable(Type.String()), version: Nullable(Type.String()), health: Type.Unknown(),
});
type NodeRow = Awaited<ReturnType<typeof service.getNode>>;
const present = (n: NodeRow) => ({
  id: n.id, departmentId: n.department_id, departmentName: n.department_name, name: n.name, url: n.url, publicKey: n.public_key, status: n.status,
  statusReason: n.status_reason, registeredAt: n.registered_at.toISOString(), keyRotatedAt: n.key_rotated_at?.toISOString() ?? null,
  lastSeenAt: n.last_seen_at?.toISOString() ?? null, lastLatencyMs: n.last_latency_ms, lastError: n.last_error, version: n.version, health: n.health,
});
const Id = Strict({ id: Uuid });

export function nodeRoutes(app: App, ctx: AppContext): void {
  app.post('/nodes', {
    config: { permission: 'node.register' },
    schema: {
      tags: ['nodes'], summary: '注册数据服务节点 / Register a data-service node',
      body: Strict({ departmentId: Uuid, name: Type.String({ minLength: 1, maxLength: 128 }), url: Type.String({ minLength: 1, maxLength: 512 }), publicKey: Type.String({ minLength: 1, maxLength: 4096 }) }),
      response: { 201: Type.Object({ id: Type.String(), platformPublicKey: Type.String() }), ...StdErrors },
    },
  }, async (req, reply) => reply.status(201).send(await service.registerNode(ctx, req.actor, req.body, req.id)));

  app.get('/nodes', {
    config: { permission: 'node.read' },
    schema: { tags: ['nodes'], summary: '数据服务节点列表 / Nodes', querystring: Strict({ department: Type.Optional(Uuid) }), response: { 200: Type.Object({ items: Type.Array(NodeOut) }), ...StdErrors } },
  }, async (req) => ({ items: (await service.listNodes(ctx, req.actor, { departmentId: req.query.department })).map(present) }));

  app.get('/nodes/:id', {
    config: { permission: 'node.read' },
    schema: { tags: ['nodes'], summary: '节点详情 / A node', params: Id, response: { 200: NodeOut, ...StdErrors } },
  }, async (req) => present(await service.getNode(ctx, req.actor, req.params.id)));

  app.post('/nodes/:id/suspend', {
    config: { permission: 'node.manage' },
    schema: { tags: ['nodes'], summary: '暂停节点 / Suspend a node', params: Id, body: Strict({ reason: Type.String({ minLength: 1, maxLength: 500 }) }), response: { 204: Type.Null(), ...StdErrors } },
  }, async (req, reply) => {
    await service.setStatus(ctx, req.actor, req.params.id, 'suspended', req.body.reason, req.id);
    return reply.status(204).send(null);
  });

  app.post('/nodes/:id/resume', {
    config: { permission: 'node.manage' },
    schema: { tags: ['nodes'], summary: '恢复节点 / Resume a node', params: Id, response: { 204: Type.Null(), ...StdErrors } },
  }, async (req, reply) => {
    await service.setStatus(ctx, req.actor, req.params.id, 'active', undefined, req.id);
    return reply.status(204).send(null);
  });

  app.put('/nodes/:id/key', {
    config: { permission: 'node.manage' },
    schema: { tags: ['nodes'], summary: '更换节点公钥 / Rotate a node key', params: Id, body: Strict({ publicKey: Type.String({ minLength: 1, maxLength: 4096 }) }), response: { 204: Type.Null(), ...StdErrors } },
  }, async (req, reply) => {
    await service.rotateKey(ctx, req.actor, req.params.id, req.body.publicKey, req.id);
    return reply.status(204).send(null);
  });

  app.post('/nodes/:id/check', {
    config: { permission: 'node.read' },
    schema: { tags: ['nodes'], summary: '立即检测节点健康 / Probe a node now', params: Id, response: { 200: Type.Object({ ok: Type.Boolean(), latencyMs: Nullable(Type.Integer()), error: Type.Optional(Type.String()) }), ...StdErrors } },
  }, async (req) => service.probeNode(ctx, await service.getNode(ctx, req.actor, req.params.id)));

  app.post('/nodes/:id/sync', {
    config: { permission: 'node.manage' },
    schema: {
      tags: ['nodes'], summary: '拉取节点日志与数据统计（第二十一、三十三条）/ Pull the node\'s signed event log and data stats (Art. 21, 33)', params: Id,
      response: { 200: Type.Object({ events: Type.Integer(), lastSeq: Type.Integer(), resources: Type.Integer() }), ...StdErrors, 502: StdErrors[400], 503: StdErrors[400], 504: StdErrors[400] },
    },
  }, async (req) => {
    const node = await service.getNode(ctx, req.actor, req.params.id);
    const ev = await pullNodeEvents(ctx, node);
    const resources = await pullNodeStats(ctx, node);
    await ctx.audit.record({ action: 'node.sync', actor: auditActor(req.actor), objectType: 'node', objectId: node.id, requestId: req.id, detail: { events: ev.pulled, lastSeq: ev.lastSeq, resources } });
    return { events: ev.pulled, lastSeq: ev.lastSeq, resources };
  });

  app.get('/nodes/:id/reconcile', {
    config: { permission: 'node.read' },
    schema: {
      tags: ['nodes'], summary: '总线与节点日志按票据核对 / Reconcile bus and node logs by ticket id', params: Id,
      querystring: Strict({ since: Type.String({ format: 'date-time' }) }),
      response: { 200: Type.Object({ matched: Type.Integer(), onlyOnBus: Type.Array(Type.Unknown()), onlyOnNode: Type.Array(Type.Unknown()) }), ...StdErrors },
    },
  }, async (req) => {
    const node = await service.getNode(ctx, req.actor, req.params.id);
    return reconcile(ctx, node.id, req.query.since);
  });

  app.get('/platform/key', {
    config: { permission: 'session.self' },
    schema: { tags: ['nodes'], summary: '平台公钥（节点据此验证票据）/ The platform public key nodes pin', response: { 200: Type.Object({ publicKey: Type.String(), alg: Type.String(), keyId: Type.String(), issuer: Type.String() }), ...StdErrors } },
  }, async () => ({ publicKey: ctx.keys.publicPem, alg: ctx.keys.suite.alg, keyId: ctx.keys.keyId, issuer: ctx.keys.issuer }));
}
