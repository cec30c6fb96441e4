import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authHook } from './auth-hook.js';
import type { App, AppContext } from './context.js';
import { errorHandler } from './error-handler.js';
import { validatorCompiler } from './validation.js';
import rateLimit from '@fastify/rate-limit';
import helmet from '@fastify/helmet';
import { securityHeaders } from '../auth/security-headers.js';
import { recordRoutes } from './route-table.js';
import { authRoutes } from '../auth/auth.routes.js';
import { orgRoutes } from '../orgs/orgs.routes.js';
import { auditRoutes } from '../audit/audit.routes.js';
import { calendarRoutes } from '../calendar/calendar.routes.js';
import { catalogRoutes } from '../catalog/catalog.routes.js';
import { nodeRoutes } from '../exchange/node.routes.js';
import { busRoutes } from '../exchange/bus.routes.js';
import { grantRoutes } from '../exchange/grant.routes.js';
import { applicationRoutes } from '../applications/application.routes.js';
import { objectionRoutes } from '../objections/objection.routes.js';
import { inboxRoutes } from '../notifications/inbox.routes.js';
import { schedulerRoutes } from '../scheduler/scheduler.routes.js';
import { usableRoutes } from '../exchange/usable.js';
import { portalRoutes } from '../portal/portal.routes.js';
import { federationRoutes } from '../federation/federation.routes.js';
import { traceRoutes } from '../trace/trace.routes.js';
import { alertRoutes } from '../monitoring/alert.routes.js';
import { incidentRoutes } from '../incidents/incident.routes.js';
import { supervisionRoutes } from '../supervision/supervision.routes.js';
import { reportRoutes } from '../reports/annual.routes.js';
import { opsRoutes } from '../ops/ops.routes.js';

export interface BuildOptions {
  logger?: boolean | object;
}

/** Builds the platform's HTTP app; the CLI listens on it, tests `inject` into it. */
export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? { level: ctx.config.logLevel },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: true,
    ajv: { customOptions: { removeAdditional: false } },
    frameworkErrors: errorHandler, // a URL the router cannot decode gets the same coded body as every other error
  }).withTypeProvider<TypeBoxTypeProvider>();

  recordRoutes(app); // before any route: the authorization matrix is generated from this table
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  await app.register(helmet, securityHeaders); // before the auth hook, so refusals carry the headers too
  app.addHook('onRequest', authHook(ctx));
  opsRoutes(app as App, ctx); // /readyz, /metrics and their hooks, before every other route (docs/operations.md)
  await app.register(rateLimit, { global: false }); // limits are per route: src/auth/rate-limit.ts
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // HSTS only when the request came over TLS (directly or via the proxy's X-Forwarded-Proto): docs/security.md.
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'govshare API · 政务信息资源共享平台接口', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(async (docs) => {
    markPublic(docs as App);
    await docs.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { docExpansion: 'none' } });
  });

  app.get('/healthz', { config: { public: true }, schema: { hide: true, response: { 200: Type.Object({ status: Type.String() }) } } }, async () => ({ status: 'ok' }));
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await app.register(async (api) => {
    authRoutes(api as App, ctx);
    orgRoutes(api as App, ctx);
    auditRoutes(api as App, ctx);
    calendarRoutes(api as App, ctx);
    catalogRoutes(api as App, ctx);
    nodeRoutes(api as App, ctx);
    busRoutes(api as App, ctx);
    grantRoutes(api as App, ctx);
    applicationRoutes(api as App, ctx);
    objectionRoutes(api as App, ctx);
    inboxRoutes(api as App, ctx);
    schedulerRoutes(api as App, ctx);
    portalRoutes(api as App, ctx);
    federationRoutes(api as App, ctx);
    usableRoutes(api as App, ctx);
    traceRoutes(api as App, ctx);
    alertRoutes(api as App, ctx);
    incidentRoutes(api as App, ctx);
    supervisionRoutes(api as App, ctx);
    reportRoutes(api as App, ctx);
  }, { prefix: '/api/v1' });

  await serveWeb(app as App, ctx.config.webDir);
  return app as App;
}

/** The built web app at `/`, with index.html for client-side routes; API paths keep their JSON 404. */
async function serveWeb(app: App, webDir: string): Promise<void> {
  const indexFile = path.join(webDir, 'index.html');
  const indexHtml = fs.existsSync(indexFile) ? fs.readFileSync(indexFile) : undefined;
  if (indexHtml) {
    await app.register(async (web) => {
      markPublic(web as App);
      await web.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'], maxAge: '1h' });
    });
  }
  app.setNotFoundHandler({}, (req, reply) => {
    const apiPath = req.url.startsWith('/api/') || req.url === '/api';
    if (req.method === 'GET' && !apiPath && indexHtml) return reply.type('text/html; charset=utf-8').send(indexHtml);
    return reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: `接口不存在：${req.method} ${req.url.split('?')[0]}`, messageEn: `No such endpoint: ${req.method} ${req.url.split('?')[0]}` } });
  });
}

/** Routes registered by a third-party plugin in this context (docs, static files) are public. */
function markPublic(scope: App): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), public: true };
  });
}
