import type { FastifyInstance, RouteOptions } from 'fastify';

/** One registered route as the auth hook sees it: method, full URL and its declared `config` (permission or public). */
export interface RouteEntry {
  method: string;
  url: string;
  config: { permission?: string; public?: true };
  /** False for routes hidden from /openapi.json (`schema.hide`). */
  documented: boolean;
  /** The route's request schemas (JSON Schema), to build requests that pass validation. */
  schema: { body?: unknown; querystring?: unknown; params?: unknown };
}

const tables = new WeakMap<object, RouteOptions[]>();

/**
 * Keeps every route the app registers, so the authorization matrix (test/security, docs/security/authz-matrix.md)
 * is generated from the route table itself: a route added tomorrow is covered without editing the tests.
 * Must be called before any route is registered. The options object is kept by reference: hooks of inner scopes
 * that run later (markPublic) change its `config`, and the table reads the final one.
 */
export function recordRoutes(app: FastifyInstance): void {
  const list: RouteOptions[] = [];
  tables.set(app, list);
  app.addHook('onRoute', (route) => {
    list.push(route);
  });
}

/** The routes of an app built with `recordRoutes`, one entry per method (HEAD routes Fastify adds are left out). */
export function routeTable(app: FastifyInstance): RouteEntry[] {
  const list = tables.get(app);
  if (!list) throw new Error('routeTable: the app was not built with recordRoutes');
  const out: RouteEntry[] = [];
  for (const r of list) {
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      const schema = (r.schema ?? {}) as RouteEntry['schema'] & { hide?: boolean };
      out.push({ method, url: r.url, config: (r.config ?? {}) as RouteEntry['config'], documented: !schema.hide, schema });
    }
  }
  return out;
}
