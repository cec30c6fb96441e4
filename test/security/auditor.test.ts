import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/actor.js';
import { POLICY, can, type Permission } from '../../src/auth/policy.js';
import { routeTable, type RouteEntry } from '../../src/http/route-table.js';
import { validSample, type Schema } from './schema-gen.js';
import { DEPT_A, startWorld, type World } from './world.js';

// Issue 8 item 7 (Art. 37): the auditor sees evaluations, statistics, logs and the audit proofs of every department,
// read-only. Generated like authz-matrix.test.ts from the route table and POLICY: a route added tomorrow is checked
// here without an edit (its permission decides whether the auditor must read it or be refused).
let w: World;
let routes: RouteEntry[];
const UUID0 = '00000000-0000-4000-8000-000000000000';
const AUDITOR: Actor = { kind: 'user', id: 'x', name: 'auditor', roles: ['auditor'], departmentId: 'dept', regionCode: '510000', sessionId: null };
const grants = (perm: string): Record<string, string> => (POLICY as Record<string, Record<string, string>>)[perm] ?? {};
/** Self-service permissions every signed-in user holds (own password, sessions, inbox): not platform data. */
const selfService = (perm: string) => grants(perm).admin === 'authenticated';
/** The read permissions Art. 37 names: evaluation and statistics, logs and proofs, the workflow, nodes, platforms. */
const ART37_READS: Permission[] = [
  'evaluation.read', 'supervision.project.read', 'notice.read', 'alert.read', 'incident.read', 'trace.read', 'audit.read', 'audit.verify',
  'application.read', 'grant.read', 'objection.read', 'dispute.read', 'node.read', 'platform.read', 'deadline.read', 'catalog.deadline.read', 'catalog.project.read',
];
/**
 * Non-GET routes the auditor may call, each with why it changes nothing of another department's. Keep it short:
 * anything added here must be reported.
 */
const NON_GET_ALLOWED: Record<string, string> = {
  'POST /api/v1/nodes/:id/check': 'probes the node\'s health now (node.read); only refreshes the node\'s last-seen figures',
};

const key = (r: RouteEntry) => `${r.method} ${r.url}`;
const code = (res: LightMyRequestResponse) => {
  try {
    return (res.json() as { error?: { code?: string } }).error?.code ?? '';
  } catch {
    return '';
  }
};
const listed = (res: LightMyRequestResponse): unknown[] | undefined => {
  try {
    const j = JSON.parse(res.body) as unknown;
    if (Array.isArray(j)) return j;
    for (const k of ['items', 'departments', 'events']) {
      const v = (j as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v;
    }
  } catch { /* not JSON (a PDF, an xlsx) */ }
  return undefined;
};

/** Path parameters filled with objects of the world (another department's than the auditor's 省审计厅). */
let paramValue: (url: string, name: string) => string | undefined;
function get(url: string, r: RouteEntry): InjectOptions {
  const opts: InjectOptions = { method: 'GET', url };
  const q = validSample(r.schema.querystring as Schema) as Record<string, unknown> | undefined;
  if (q && Object.keys(q).length) opts.query = Object.fromEntries(Object.entries(q).map(([k, v]) => [k, String(v)]));
  return opts;
}

beforeAll(async () => {
  w = await startWorld();
  routes = routeTable(w.p.app).filter((r) => r.url.startsWith('/api/') && !r.config.public && !!r.config.permission);
  const seq = await w.p.ctx.db.selectFrom('audit_events').select('seq').orderBy('seq', 'desc').executeTakeFirstOrThrow();
  const published = await w.p.ctx.db.selectFrom('catalog_versions').select('code').where('status', '=', 'published').where('department_id', '=', DEPT_A).executeTakeFirstOrThrow();
  const o = w.objects;
  const byPrefix: Array<[RegExp, string | undefined]> = [
    [/^\/api\/v1\/applications\/:id/, o.application?.id], [/^\/api\/v1\/objections\/:id/, o.objection?.id], [/^\/api\/v1\/disputes\/:id/, o.dispute?.id],
    [/^\/api\/v1\/grants\/:id/, o.grant?.id], [/^\/api\/v1\/nodes\/:id/, o.node?.id], [/^\/api\/v1\/incidents\/:id/, o.incident?.id],
    [/^\/api\/v1\/notices\/:id/, o.notice?.id], [/^\/api\/v1\/evaluation\/departments\/:id/, o.department?.id], [/^\/api\/v1\/audit\/events\/:seq/, String(seq.seq)],
    [/^\/api\/v1\/resources\/:(ref|code)/, published.code],
  ];
  paramValue = (url) => byPrefix.find(([re]) => re.test(url))?.[1];
}, 120_000);
afterAll(async () => w?.p.close());

describe('auditor access (Art. 37): read everything, change nothing', () => {
  it('POLICY: every Art. 37 read permission grants the auditor global scope; no write permission grants the auditor anything', () => {
    expect(ART37_READS.filter((p) => grants(p).auditor !== 'global')).toEqual([]);
    const writes = Object.keys(POLICY).filter((p) => !/\.(read|verify)$/.test(p) && !selfService(p));
    expect(writes.length).toBeGreaterThan(20);
    expect(writes.filter((p) => grants(p).auditor !== undefined)).toEqual([]);
  });

  it('every GET route whose permission the auditor holds answers 2xx, and lists show what the administrator sees', async () => {
    const wrong: string[] = [];
    let compared = 0;
    const skipped: string[] = [];
    for (const r of routes.filter((x) => x.method === 'GET' && can(AUDITOR, x.config.permission as Permission))) {
      const needsObject = /:\w+/.test(r.url);
      const value = needsObject ? paramValue(r.url, '') : undefined;
      const url = r.url.replace(/:(\w+)/g, () => encodeURIComponent(value ?? UUID0));
      const [res, admin] = await Promise.all([w.call('auditor', get(url, r)), w.call('admin', get(url, r))]);
      // (The administrator is not the reference where POLICY does not grant it the route, e.g. trace.read.)
      const adminRefused = admin.statusCode === 403 && code(admin) === 'FORBIDDEN';
      if ((admin.statusCode >= 300 && !adminRefused) || (needsObject && value === undefined)) {
        // nothing to read with this request (no such object or checkpoint in the world, a figure without rows): the
        // auditor must still be admitted and answered like the administrator, never refused
        if (res.statusCode === 403 || res.statusCode >= 500 || res.statusCode !== admin.statusCode) wrong.push(`${key(r)}: ${res.statusCode} ${code(res)} where the administrator got ${admin.statusCode}`);
        else skipped.push(`${key(r)} (${admin.statusCode} ${code(admin)})`);
        continue;
      }
      if (res.statusCode >= 300) {
        wrong.push(`${key(r)}: ${res.statusCode} ${code(res)}`);
        continue;
      }
      if (needsObject || selfService(r.config.permission!)) continue;
      const mine = listed(res);
      if (!mine) continue;
      const theirs = adminRefused ? undefined : listed(admin);
      if (theirs && mine.length !== theirs.length) wrong.push(`${key(r)}: the auditor sees ${mine.length} rows, the administrator ${theirs.length}`);
      if (theirs && theirs.length > 0) compared++;
    }
    expect(wrong).toEqual([]);
    expect(skipped.length, skipped.join('\n')).toBeLessThan(8); // most reads are exercised with data, not only admitted
    expect(compared, 'lists with seeded rows compared with the administrator\'s').toBeGreaterThan(8);
  }, 180_000);

  it('lists across departments: applications, grants, objections, audit events and nodes of 省公安厅 and its consumers', async () => {
    const o = w.objects;
    for (const [url, id] of [['/api/v1/applications', o.application!.id], ['/api/v1/objections', o.objection!.id], ['/api/v1/grants', o.grant!.id], ['/api/v1/nodes', o.node!.id]] as const) {
      const res = await w.call('auditor', { method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, `${url} shows another department's object`).toContain(id);
    }
    const ev = await w.call('auditor', { method: 'GET', url: '/api/v1/evaluation' });
    expect(ev.statusCode).toBe(200);
    expect(new Set(ev.json<{ departments: Array<{ departmentId: string }> }>().departments.map((d) => d.departmentId)).size).toBeGreaterThan(2);
    const audit = await w.call('auditor', { method: 'GET', url: '/api/v1/audit/events' });
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain(o.draft!.id); // gat_editor's draft was audited: 省公安厅's log, read by 省审计厅
  });

  it('every non-GET route answers the auditor 403 FORBIDDEN (self-service routes aside), and nothing changes', async () => {
    const before = await w.snapshot();
    const wrong: string[] = [];
    let refused = 0;
    for (const r of routes.filter((x) => x.method !== 'GET' && !selfService(x.config.permission!))) {
      if (NON_GET_ALLOWED[key(r)]) continue;
      const res = await w.call('auditor', { method: r.method as InjectOptions['method'], url: r.url.replace(/:(\w+)/g, () => encodeURIComponent(paramValue(r.url, '') ?? UUID0)), payload: (validSample(r.schema.body as Schema) as object | undefined) ?? {} });
      if (res.statusCode === 403 && code(res) === 'FORBIDDEN') refused++;
      else wrong.push(`${key(r)}: ${res.statusCode} ${code(res)}`);
    }
    expect(wrong).toEqual([]);
    expect(refused).toBeGreaterThan(40);
    expect(await w.snapshot()).toBe(before);
  }, 180_000);

  it('the allowed non-GET routes are still there and still need only a read permission (the list does not rot)', () => {
    for (const k of Object.keys(NON_GET_ALLOWED)) {
      const r = routes.find((x) => key(x) === k);
      expect(r, k).toBeDefined();
      expect(r!.config.permission).toMatch(/\.read$/);
    }
  });
});
