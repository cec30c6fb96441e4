import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/actor.js';
import { POLICY, can, type Permission } from '../../src/auth/policy.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { routeTable, type RouteEntry } from '../../src/http/route-table.js';
import { badAnswer } from './responses.js';
import { bodyCases, paramValues, pick, randomStrings, validSample, type BodyCase, type Schema } from './schema-gen.js';
import { ROLE_USERS, startWorld, type World } from './world.js';

// Issue 7 item 9: schema fuzzing of every operation of /openapi.json. For each one, invalid and edge inputs made from its
// own schemas (wrong types, missing fields, huge strings, unicode, extreme numbers, extra properties, bad uuids and
// dates, traversal in path parameters), a fixed-seed sample of them, sent as a user the route admits (so validation
// runs, not the auth hook) and as an anonymous caller. Never a 5xx, never a stack trace or SQL, always a coded error.
const PER_OP = { path: 3, query: 4, body: 8, anonymous: 2 };

/**
 * Known findings in folders under work by others (left to their owners, listed in the report): operation pattern → the
 * bug. Their 5xx answers are waived; an it.todo below keeps each one visible. Remove a line once it is fixed.
 */
const KNOWN_5XX: Array<[RegExp, string]> = [
];

const ROUTER_CODES = ['ROUTE_NOT_FOUND', 'BAD_URL', 'URL_TOO_LONG'];

interface Operation { method: string; path: string; url: string; params: Schema[]; body?: Schema; route?: RouteEntry }
let w: World;
let ops: Operation[];

beforeAll(async () => {
  w = await startWorld();
  const spec = (await w.call(null, { method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Schema>> };
  const routes = new Map(routeTable(w.p.app).map((r) => [`${r.method} ${r.url}`, r]));
  ops = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [m, op] of Object.entries(item)) {
      const method = m.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const url = path.replace(/\{\*\}/g, '*').replace(/\{(\w+)\}/g, ':$1');
      const body = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
      ops.push({ method, path, url, params: (op.parameters ?? []) as Schema[], ...(body ? { body } : {}), route: routes.get(`${method} ${url}`) });
    }
  }
}, 120_000);
afterAll(async () => w?.p.close());

const actorOf = (role: Role): Actor => ({ kind: 'user', id: 'x', name: role, roles: [role], departmentId: 'd', regionCode: '510000', sessionId: null });

/** A signed-in user the route admits: the department roles first (they meet the service checks), admin last. */
function callerFor(op: Operation): string | null {
  const perm = op.route?.config.permission;
  if (op.route?.config.public || !perm || !Object.hasOwn(POLICY, perm)) return null;
  const order = [...ROLES.filter((r) => r !== 'admin'), 'admin' as Role];
  const role = order.find((r) => can(actorOf(r), perm as Permission));
  return role ? ROLE_USERS[role] : null;
}

function baseRequest(op: Operation): { path: Record<string, string>; query: Record<string, string>; body: unknown } {
  const path: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of op.params) {
    const v = validSample(p.schema as Schema);
    if (p.in === 'path') path[p.name] = String(v ?? 'x');
    else if (p.in === 'query' && p.required) query[p.name] = String(v ?? 'x');
  }
  return { path, query, body: op.body ? validSample(op.body) : undefined };
}

function inject(op: Operation, path: Record<string, string>, query: Record<string, string>, body: BodyCase | { body: unknown }): InjectOptions {
  // Path values are put in as given: the traversal cases carry their own percent-encoding.
  const url = op.url.replace(/:(\w+)/g, (_m, n: string) => path[n] ?? 'x').replace(/\*$/, path['*'] ?? 'x');
  const qs = new URLSearchParams(query).toString();
  const opts: InjectOptions = { method: op.method as InjectOptions['method'], url: qs ? `${url}?${qs}` : url };
  if (op.method === 'GET' || op.method === 'DELETE') return opts;
  const c = body as BodyCase;
  if (c.raw !== undefined) return { ...opts, payload: c.raw, headers: { 'content-type': c.contentType ?? 'application/json' } };
  if (c.body === undefined) return opts;
  return { ...opts, payload: JSON.stringify(c.body), headers: { 'content-type': 'application/json' } };
}

/** encodeURIComponent, with a lone surrogate (which it refuses) sent as the bytes a careless client would send. */
function encodeUnsafe(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return Buffer.from(v, 'latin1').toString('hex').replace(/../g, '%$&');
  }
}

/** The sampled attack requests of one operation, with a label each. */
function cases(op: Operation): Array<{ label: string; req: InjectOptions }> {
  const base = baseRequest(op);
  const out: Array<{ label: string; req: InjectOptions }> = [];
  const salt = `${op.method} ${op.path}`;
  const pathCases = op.params.filter((p) => p.in === 'path').flatMap((p) => paramValues(p.schema as Schema).map((v) => ({ name: p.name as string, v })));
  for (const { name, v } of pick(pathCases, PER_OP.path, `${salt} path`)) {
    // Raw values with characters a URL may not carry are percent-encoded; ones already encoded go in as they are.
    const enc = /%[0-9A-F]{2}/i.test(v) ? v : encodeUnsafe(v);
    out.push({ label: `path ${name}=${v.slice(0, 30)}`, req: inject(op, { ...base.path, [name]: enc }, base.query, { body: base.body }) });
  }
  const queryParams = op.params.filter((p) => p.in === 'query');
  const queryCases = [
    ...queryParams.flatMap((p) => [...paramValues(p.schema as Schema), ...randomStrings(3, p.name.length)].map((v) => ({ name: p.name as string, v }))),
    { name: 'zzUnknownParam', v: '1' }, { name: '__proto__', v: 'x' },
  ];
  for (const { name, v } of pick(queryCases, PER_OP.query, `${salt} query`)) {
    out.push({ label: `query ${name}=${v.slice(0, 30)}`, req: inject(op, base.path, { ...base.query, [name]: v }, { body: base.body }) });
  }
  if (op.method !== 'GET' && op.method !== 'DELETE') {
    for (const c of pick(bodyCases(op.body), PER_OP.body, `${salt} body`)) out.push({ label: `body ${c.label}`, req: inject(op, base.path, base.query, c) });
  }
  return out;
}

describe('schema fuzzing of every operation in /openapi.json', () => {
  it('lists the API in /openapi.json, each operation backed by a route', () => {
    expect(ops.length).toBeGreaterThan(50);
    expect(ops.filter((o) => !o.route).map((o) => `${o.method} ${o.path}`)).toEqual([]);
  });

  it('as a user the route admits: no 5xx, no stack trace or SQL, always the coded error body', async () => {
    const wrong: string[] = [];
    let sent = 0;
    for (const op of ops) {
      const who = callerFor(op);
      for (const c of cases(op)) {
        const res = await w.call(who, c.req);
        sent++;
        const bad = badAnswer(res);
        if (bad && !(res.statusCode >= 500 && KNOWN_5XX.some(([re]) => re.test(`${op.method} ${op.path}`)))) wrong.push(`${op.method} ${op.path} [${c.label}] as ${who ?? 'anonymous'}: ${bad}`);
      }
    }
    expect(sent).toBeGreaterThan(ops.length * 3);
    expect(wrong).toEqual([]);
  }, 300_000);

  it('as an anonymous caller: 401 with a code on every protected operation, whatever the input', async () => {
    const wrong: string[] = [];
    for (const op of ops) {
      const open = op.route?.config.public === true;
      for (const c of pick(cases(op), PER_OP.anonymous, `${op.method} ${op.path} anon`)) {
        const res = await w.call(null, c.req);
        const bad = badAnswer(res);
        if (bad && !(res.statusCode >= 500 && KNOWN_5XX.some(([re]) => re.test(`${op.method} ${op.path}`)))) wrong.push(`${op.method} ${op.path} [${c.label}] anonymous: ${bad}`);
        // The router answers before the auth hook when the URL matches no route or cannot be decoded.
        else if (!bad && !open && res.statusCode !== 401 && !ROUTER_CODES.includes(res.json().error.code)) wrong.push(`${op.method} ${op.path} [${c.label}] anonymous: ${res.statusCode}, expected 401`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('the fixes it found stay fixed: NUL in text, an undecodable URL and an over-long parameter give coded 4xx', async () => {
    const code = (res: { statusCode: number; json(): { error: { code: string } } }) => `${res.statusCode} ${res.json().error.code}`;
    expect(code(await w.call('admin', { method: 'GET', url: '/api/v1/departments', query: { q: 'a\u0000b' } }))).toBe('400 VALIDATION_FAILED');
    expect(code(await w.call('admin', { method: 'POST', url: '/api/v1/credentials', payload: { departmentId: '00000000-0000-4000-8000-000000000000', name: 'x\u0000' } }))).toBe('400 VALIDATION_FAILED');
    expect(code(await w.call('admin', { method: 'GET', url: '/api/v1/nodes/%E4%B8' }))).toBe('400 BAD_URL');
    expect(code(await w.call('admin', { method: 'GET', url: `/api/v1/nodes/${'x'.repeat(200)}` }))).toBe('414 URL_TOO_LONG');
  });

  for (const [op, bug] of KNOWN_5XX) it.todo(`${op.source}: ${bug}`);
});
