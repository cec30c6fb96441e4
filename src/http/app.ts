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
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook('onRequest', authHook(ctx));
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
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
