import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { StdErrors, Strict, Uuid } from '../http/schemas.js';
import { connectToParent, parentState } from './client.js';
import { aggregateEntries, aggregatedState, type FederatedEntry } from './catalog.aggregate.js';
import { catalogSyncState, syncCatalog } from './catalog.sync.js';
import { connect, decide, fingerprintOf, listPlatforms, verifyPlatformCall, type ConnectRequest } from './federation.service.js';
import { signCall } from './signed-call.js';

declare module 'fastify' {
  interface FastifyRequest { rawBody?: string }
}

const tags = ['federation'];
const Json = { 200: Type.Unknown(), ...StdErrors };
const Id = Strict({ id: Uuid });

/**
 * Federation (SPEC C8, DESIGN.md `GET /platforms` · `POST /platforms/{id}/approve`): the province's side (connection
 * requests, approval, suspension) and the city's view of its connection. Platform-to-platform calls carry signatures
 * over the raw body, so this scope keeps the body text as received.
 */
export function federationRoutes(app: App, ctx: AppContext): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (req, body, done) => {
      req.rawBody = body as string;
      try { done(null, body === '' ? {} : JSON.parse(body as string)); } catch { done(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 }), undefined); }
    });
    const f = scope as App;

    f.get('/federation/key', { config: { public: true }, schema: { tags, summary: '本平台的公钥与指纹（供线下核对）/ This platform\'s public key and fingerprint', response: Json } },
      async () => ({ level: ctx.config.level, regionCode: ctx.config.region, publicKey: ctx.keys.publicPem, fingerprint: fingerprintOf(ctx.keys.publicPem) }));

    f.post('/federation/connect', {
      config: { public: true }, // authenticated by the platform signature instead of a user token
      schema: {
        tags, summary: '市级平台接入请求与心跳（平台签名）/ A city platform connects (signed)',
        body: Strict({ regionCode: Type.String({ pattern: '^\\d{6}$' }), name: Type.String({ minLength: 1, maxLength: 200 }), url: Type.String({ minLength: 8, maxLength: 500 }), publicKey: Type.String({ minLength: 40, maxLength: 4000 }), version: Type.Optional(Type.String({ maxLength: 40 })) }),
        response: Json,
      },
    }, async (req: FastifyRequest, reply: FastifyReply) => {
      const out = await connect(ctx, req, req.body as ConnectRequest, req.rawBody ?? '');
      const text = JSON.stringify(out);
      // Mutual: the answer is signed by the province key that the city pins.
      return reply.headers(signCall(ctx.keys, ctx.config.region, 'RESPONSE', '/api/v1/federation/connect', text)).type('application/json; charset=utf-8').send(text);
    });

    /** Mutual: answers to platform calls are signed by this platform's key, which the caller pinned. */
    const signed = (reply: FastifyReply, path: string, out: unknown) => {
      const text = JSON.stringify(out);
      return reply.headers(signCall(ctx.keys, ctx.config.region, 'RESPONSE', path, text)).type('application/json; charset=utf-8').send(text);
    };

    f.post('/federation/catalog', {
      config: { public: true }, // a platform signature, not a user token
      schema: { tags, summary: '市级平台推送目录（汇聚，第九条；平台签名）/ A city platform pushes its catalog (signed)', body: Strict({ entries: Type.Array(Type.Unknown(), { maxItems: 500 }) }), response: Json },
    }, async (req: FastifyRequest, reply: FastifyReply) => {
      const platform = await verifyPlatformCall(ctx, req, req.rawBody ?? '');
      const entries = (req.body as { entries: FederatedEntry[] }).entries;
      const result = await ctx.tx(async (tx) => {
        const r = await aggregateEntries(tx, platform, entries, ctx.config.network);
        await ctx.audit.inTx(tx, { action: 'federation.catalog_received', actor: { id: null, name: `platform:${platform.region_code}`, departmentId: null }, objectType: 'platform', objectId: platform.id, detail: { entries: entries.length, applied: r.applied, unchanged: r.unchanged, refused: r.refused.slice(0, 50) } });
        return r;
      });
      return signed(reply, '/api/v1/federation/catalog', result);
    });

    f.get('/federation/catalog/state', { config: { public: true }, schema: { tags, summary: '省级平台已汇聚的本市目录（平台签名）/ What the province holds from the calling city (signed)', response: Json } },
      async (req: FastifyRequest, reply: FastifyReply) => {
        const platform = await verifyPlatformCall(ctx, req, '');
        return signed(reply, '/api/v1/federation/catalog/state', { items: await aggregatedState(ctx.db, platform.id) });
      });

    f.post('/federation/parent/sync', { config: { permission: 'platform.manage' }, schema: { tags, summary: '立即向省级平台同步目录 / Push the catalog to the province now', response: Json } },
      async () => ({ catalog: await syncCatalog(ctx) }));

    f.get('/platforms', { config: { permission: 'platform.read' }, schema: { tags, summary: '接入的市级平台 / Connected city platforms', response: Json } },
      async (req) => ({ items: await listPlatforms(ctx, req.actor) }));

    for (const action of ['approve', 'suspend', 'resume'] as const) {
      f.post(`/platforms/:id/${action}`, {
        config: { permission: 'platform.manage' },
        schema: { tags, summary: `${{ approve: '批准接入', suspend: '暂停接入', resume: '恢复接入' }[action]} / ${action} a city platform`, params: Id, body: Type.Optional(Strict({ reason: Type.Optional(Type.String({ maxLength: 500 })) })), response: Json },
      }, async (req) => decide(ctx, req.actor, (req.params as { id: string }).id, action, (req.body as { reason?: string } | undefined)?.reason));
    }

    f.get('/federation/parent', { config: { permission: 'platform.read' }, schema: { tags, summary: '本市级平台与省级平台的连接状态 / This city platform\'s connection', response: Json } },
      async () => ({ level: ctx.config.level, parentUrl: ctx.config.parentUrl ?? null, ownFingerprint: fingerprintOf(ctx.keys.publicPem), state: (await parentState(ctx)) ?? null, catalog: (await catalogSyncState(ctx)) ?? null }));

    f.post('/federation/parent/connect', { config: { permission: 'platform.manage' }, schema: { tags, summary: '立即向省级平台发起接入 / Connect to the province now', response: Json } },
      async () => ({ state: await connectToParent(ctx) }));
  });
}
