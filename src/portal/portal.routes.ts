import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { Paging, StdErrors, Strict } from '../http/schemas.js';
import { requestLimit } from '../auth/rate-limit.js';
import { Bus } from '../exchange/bus.service.js';
import { PRIORITY_DOMAINS } from './open.rules.js';
import { listOpen, mostUsed, openDownload, openEntry, openQuery, priorityDomains, type DownloadFormat } from './portal.service.js';

const Code = Strict({ code: Type.String({ minLength: 3, maxLength: 64 }) });
const Domain = Type.Union(PRIORITY_DOMAINS.map((d) => Type.Literal(d.key)));
const Errors = { ...StdErrors, 429: StdErrors[400], 502: StdErrors[400], 503: StdErrors[400], 504: StdErrors[400] };
// JSON answers are described in docs/open-data.md; the schema here guards the inputs.
const Json = { 200: Type.Unknown(), ...Errors };
const tags = ['open'];

/**
 * The open-data portal's public API (Art. 26), no login: `/api/v1/open/…`. Every route is rate-limited per IP; data
 * comes from the provider's node through the bus with the catalog's masks, and every download or call is audited
 * with the actor "public".
 */
export function portalRoutes(app: App, ctx: AppContext): void {
  const bus = new Bus(ctx);
  void app.register(async (open) => {
    const o = open as App;
    // One limit per client address over every portal route (the same limiter as sign-in: src/auth/rate-limit.ts).
    o.addHook('preHandler', requestLimit(o, { name: 'open-portal', max: ctx.config.openRateLimitPerMinute }));
    const pub = { public: true } as const;

    o.get('/open/domains', { config: pub, schema: { tags, summary: '开放数据重点领域 / Priority domains (Art. 26)', response: Json } }, async () => ({ items: await priorityDomains(ctx) }));

    o.get('/open/resources', {
      config: pub,
      schema: { tags, summary: '开放资源检索 / Search open resources', querystring: Strict({ q: Type.Optional(Type.String({ maxLength: 100 })), domain: Type.Optional(Domain), ...Paging }), response: Json },
    }, async (req) => {
      const { q, domain, page = 1, size = 20 } = req.query;
      return { ...(await listOpen(ctx, { q, domain }, page, size)), page, size };
    });

    o.get('/open/stats', { config: pub, schema: { tags, summary: '近 30 天最常用的开放资源 / Most used open resources', response: Json } }, async () => ({ items: await mostUsed(ctx) }));

    o.get('/open/resources/:code', { config: pub, schema: { tags, summary: '开放资源详情 / An open resource', params: Code, response: Json } }, async (req) => openEntry(ctx, bus, req.params.code));

    o.get('/open/resources/:code/download', {
      config: pub,
      schema: { tags, summary: '下载开放数据（CSV/JSON/xlsx，流式）/ Download open data, streamed', params: Code, querystring: Strict({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json'), Type.Literal('xlsx')])) }), response: Errors },
    }, async (req, reply) => {
      const d = await openDownload(ctx, bus, req.actor, req.id, req.ip, req.params.code, (req.query.format ?? 'csv') as DownloadFormat);
      return (reply as FastifyReply).header('content-type', d.contentType).header('content-disposition', `attachment; filename="${d.filename}"`).send(d.stream);
    });

    o.get('/open/api/:code', {
      config: pub,
      schema: {
        tags, summary: '开放数据接口（分页，可按一个信息项等值过滤）/ Public data API, paged, one optional equality filter', params: Code,
        querystring: Strict({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })), cursor: Type.Optional(Type.String({ maxLength: 2000 })), item: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), value: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: Errors,
      },
    }, async (req, reply) => {
      const r = await openQuery(ctx, bus, req.actor, req.id, req.ip, req.params.code, req.query);
      return (reply as FastifyReply).status(r.status).header('content-type', r.contentType ?? 'application/json; charset=utf-8').send(r.body);
    });
  });
}
