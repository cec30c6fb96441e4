import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { auditActor, type Actor } from '../auth/actor.js';
import { can, visibility } from '../auth/policy.js';
import { DomainError, errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { findDepartment } from '../orgs/orgs.store.js';
import * as store from './node.store.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'keys' | 'changes'>;

function checkUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DomainError('NODE_URL_INVALID', 400, `节点地址 ${url} 不是合法的 URL`, `${url} is not a valid URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new DomainError('NODE_URL_INVALID', 400, '节点地址须为 http(s)', 'A node URL must be http(s)');
}

function checkKey(ctx: Ctx, pem: string): string {
  try {
    return ctx.keys.suite.publicKey(pem).pem;
  } catch (err) {
    throw new DomainError('NODE_KEY_INVALID', 400, `节点公钥无效或不属于本平台配置的密码套件（${ctx.keys.suite.name}）`,
      `The node's public key is invalid or not of this platform's suite (${ctx.keys.suite.name}): ${(err as Error).message}`);
  }
}

export async function registerNode(ctx: Ctx, actor: Actor, input: { departmentId: string; name: string; url: string; publicKey: string }, requestId: string) {
  const dept = await findDepartment(ctx.db, input.departmentId);
  if (!dept || !can(actor, 'node.register', { departmentId: dept.id, regionCode: dept.region_code })) throw errors.notFound('Department', '部门');
  checkUrl(input.url);
  const publicKey = checkKey(ctx, input.publicKey);
  const id = randomUUID();
  await ctx.tx(async (tx) => {
    await store.insertNode(tx, { id, departmentId: dept.id, name: input.name.trim(), url: input.url.replace(/\/+$/, ''), publicKey });
    await ctx.audit.inTx(tx, { action: 'node.register', actor: auditActor(actor), objectType: 'node', objectId: id, requestId, detail: { departmentId: dept.id, url: input.url } });
  });
  return { id, platformPublicKey: ctx.keys.publicPem };
}

async function manageable(ctx: Ctx, actor: Actor, id: string) {
  const node = await store.findNode(ctx.db, id);
  if (!node || !can(actor, 'node.manage', { departmentId: node.department_id, regionCode: node.region_code })) throw errors.notFound('Node', '数据服务节点');
  return node;
}

export async function setStatus(ctx: Ctx, actor: Actor, id: string, status: 'active' | 'suspended', reason: string | undefined, requestId: string) {
  await manageable(ctx, actor, id);
  if (status === 'suspended' && !reason?.trim()) throw new DomainError('REASON_REQUIRED', 400, '暂停节点须说明理由', 'Suspending a node needs a reason');
  await ctx.tx(async (tx) => {
    await store.setNodeStatus(tx, id, status, reason?.trim() ?? null);
    await ctx.audit.inTx(tx, { action: status === 'suspended' ? 'node.suspend' : 'node.resume', actor: auditActor(actor), objectType: 'node', objectId: id, requestId, detail: { reason } });
  });
  ctx.changes.emit('nodes');
}

export async function rotateKey(ctx: Ctx, actor: Actor, id: string, publicKeyPem: string, requestId: string) {
  await manageable(ctx, actor, id);
  const publicKey = checkKey(ctx, publicKeyPem);
  await ctx.tx(async (tx) => {
    await store.setNodeKey(tx, id, publicKey);
    await ctx.audit.inTx(tx, { action: 'node.key.rotate', actor: auditActor(actor), objectType: 'node', objectId: id, requestId });
  });
}

export async function getNode(ctx: Ctx, actor: Actor, id: string) {
  const node = await store.findNode(ctx.db, id);
  if (!node || !can(actor, 'node.read', { departmentId: node.department_id, regionCode: node.region_code })) throw errors.notFound('Node', '数据服务节点');
  return node;
}

export function listNodes(ctx: Ctx, actor: Actor, f: { departmentId?: string | undefined }) {
  return store.listNodes(ctx.db, visibility(actor, 'node.read'), f);
}

/** One health probe: GET {url}/healthz within 3 s. A node that is down is recorded as such, never waited on. */
export async function probeNode(ctx: Pick<AppContext, 'db'>, node: { id: string; url: string }): Promise<{ ok: boolean; latencyMs: number | null; error?: string }> {
  const started = performance.now();
  try {
    const res = await request(`${node.url}/healthz`, { headersTimeout: 3000, bodyTimeout: 3000 });
    const body = (await res.body.json().catch(() => null)) as { version?: string } & Record<string, unknown> | null;
    const latencyMs = Math.round(performance.now() - started);
    const ok = res.statusCode === 200;
    await store.recordHealth(ctx.db, node.id, { ok, latencyMs, version: body?.version ?? null, health: body, error: ok ? null : `HTTP ${res.statusCode}` });
    return ok ? { ok, latencyMs } : { ok, latencyMs, error: `HTTP ${res.statusCode}` };
  } catch (err) {
    const error = (err as Error).message.slice(0, 200);
    await store.recordHealth(ctx.db, node.id, { ok: false, latencyMs: null, error });
    return { ok: false, latencyMs: null, error };
  }
}
