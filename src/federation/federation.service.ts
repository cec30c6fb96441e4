import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { auditActor, type Actor } from '../auth/actor.js';
import { can, visibility } from '../auth/policy.js';
import { digestHex } from '../crypto/hash.js';
import { DomainError, errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { isWithin, regionPrefix } from '../orgs/region-code.js';
import * as store from './federation.store.js';
import { CLOCK_SKEW_SECONDS, signedHeaders, verifyCall } from './signed-call.js';

/**
 * The province side of federation (SPEC C8): city platforms ask to connect with their key; the province office
 * compares fingerprints out of band and approves; every later call is signed and checked against the pinned key.
 */
export interface ConnectRequest { regionCode: string; name: string; url: string; publicKey: string; version?: string | undefined }

export const fingerprintOf = (pem: string) => digestHex('sha256', pem.trim()).slice(0, 16);

function present(p: NonNullable<Awaited<ReturnType<typeof store.findPlatform>>>) {
  return {
    id: p.id, regionCode: p.region_code, name: p.name, url: p.url, status: p.status, statusReason: p.status_reason, fingerprint: p.fingerprint,
    requestedAt: new Date(p.requested_at).toISOString(), decidedAt: p.decided_at ? new Date(p.decided_at).toISOString() : null,
    lastSeenAt: p.last_seen_at ? new Date(p.last_seen_at).toISOString() : null, version: p.version,
  };
}
export type PlatformView = ReturnType<typeof present>;

const notProvince = () => new DomainError('NOT_A_PROVINCE_PLATFORM', 409, '本平台不是省级平台，不接受市级平台接入', 'This platform is not a province platform');

/** POST /federation/connect: a city platform's request (new, repeated until approved, or a heartbeat once active). */
export async function connect(ctx: AppContext, req: FastifyRequest, body: ConnectRequest, raw: string) {
  if (ctx.config.level !== 'province') throw notProvince();
  const h = signedHeaders(req.headers);
  if (h.region !== body.regionCode) throw new DomainError('PLATFORM_REGION_MISMATCH', 400, '签名方行政区划与请求不一致', 'The signing region differs from the requested region');
  if (body.regionCode === ctx.config.region || !isWithin(body.regionCode, ctx.config.region)) {
    throw new DomainError('PLATFORM_REGION_OUTSIDE', 400, '该行政区划不在本省级平台辖区内', "The region is not within this province platform's region");
  }
  const region = await ctx.db.selectFrom('regions').select('code').where('code', '=', body.regionCode).executeTakeFirst();
  if (!region) throw new DomainError('REGION_UNKNOWN', 400, `行政区划 ${body.regionCode} 未登记`, `Region ${body.regionCode} is not registered`);
  const existing = await store.findPlatformByRegion(ctx.db, body.regionCode);
  if (existing && existing.public_key.trim() !== body.publicKey.trim() && existing.status !== 'pending') {
    throw new DomainError('PLATFORM_KEY_MISMATCH', 409, '该市级平台已用另一把密钥接入；更换密钥须由省级管理机构处理', 'This city platform is connected with another key; a key change goes through the province office');
  }
  // Proof of possession: the request is signed by the key it presents (or the pinned one once approved).
  const key = ctx.keys.suite.publicKey(existing && existing.status !== 'pending' ? existing.public_key : body.publicKey);
  verifyCall(ctx.keys.suite, key, h, req.method, req.url, raw);
  if (!(await store.rememberNonce(ctx.db, h.nonce, 2 * CLOCK_SKEW_SECONDS))) throw new DomainError('PLATFORM_CALL_REPLAYED', 401, '平台间调用重放', 'A replayed platform call');
  let id = existing?.id;
  if (!existing) {
    id = randomUUID();
    await ctx.tx(async (tx) => {
      await store.insertPlatform(tx, { id: id!, regionCode: body.regionCode, name: body.name, url: body.url, publicKey: body.publicKey, fingerprint: fingerprintOf(body.publicKey), version: body.version ?? null });
      await ctx.audit.inTx(tx, { action: 'platform.connect_requested', actor: { id: null, name: `platform:${body.regionCode}`, departmentId: null }, objectType: 'platform', objectId: id, detail: { regionCode: body.regionCode, url: body.url, fingerprint: fingerprintOf(body.publicKey) } });
    });
  } else {
    // A pending platform may present a new key (a reinstall before approval); the office approves what it sees.
    await store.touchPlatform(ctx.db, existing.id, { url: body.url, name: body.name, version: body.version ?? null });
    if (existing.status === 'pending' && existing.public_key.trim() !== body.publicKey.trim()) {
      await ctx.db.updateTable('platforms').set({ public_key: body.publicKey, fingerprint: fingerprintOf(body.publicKey) }).where('id', '=', existing.id).execute();
    }
  }
  const p = (await store.findPlatform(ctx.db, id!))!;
  return { platform: present(p), province: { regionCode: ctx.config.region, publicKey: ctx.keys.publicPem, fingerprint: fingerprintOf(ctx.keys.publicPem) } };
}

/** A signed call from an approved city platform: the platform, or a coded refusal. */
export async function verifyPlatformCall(ctx: AppContext, req: FastifyRequest, raw: string) {
  const h = signedHeaders(req.headers);
  const p = await store.findPlatformByRegion(ctx.db, h.region);
  if (!p) throw new DomainError('PLATFORM_UNKNOWN', 401, '未接入的平台', 'Unknown platform');
  verifyCall(ctx.keys.suite, ctx.keys.suite.publicKey(p.public_key), h, req.method, req.url, raw);
  if (!(await store.rememberNonce(ctx.db, h.nonce, 2 * CLOCK_SKEW_SECONDS))) throw new DomainError('PLATFORM_CALL_REPLAYED', 401, '平台间调用重放', 'A replayed platform call');
  if (p.status === 'pending') throw new DomainError('PLATFORM_NOT_APPROVED', 403, '市级平台接入尚未获省级管理机构批准', 'The province office has not approved this platform yet');
  if (p.status === 'suspended') throw new DomainError('PLATFORM_SUSPENDED', 403, `市级平台接入已暂停：${p.status_reason ?? ''}`, `This platform is suspended: ${p.status_reason ?? ''}`);
  await store.touchPlatform(ctx.db, p.id);
  return p;
}

export async function listPlatforms(ctx: AppContext, actor: Actor) {
  const v = visibility(actor, 'platform.read');
  if (v.kind === 'none' || v.kind === 'department') return [];
  return (await store.listPlatforms(ctx.db, v.kind === 'region' ? regionPrefix(v.regionCode) : null)).map(present);
}

export async function decide(ctx: AppContext, actor: Actor, id: string, action: 'approve' | 'suspend' | 'resume', reason: string | undefined) {
  if (ctx.config.level !== 'province') throw notProvince();
  const p = await store.findPlatform(ctx.db, id);
  // The province's office decides (DESIGN.md): a city office may see its own platform but not approve it.
  const provinceOffice = actor.roles.includes('admin') || actor.regionCode === ctx.config.region;
  if (!p || !provinceOffice || !can(actor, 'platform.manage', { regionCode: p.region_code })) throw errors.notFound('Platform', '市级平台');
  const next = action === 'suspend' ? 'suspended' : 'active';
  const allowed = action === 'approve' ? p.status === 'pending' : action === 'suspend' ? p.status === 'active' : p.status === 'suspended';
  if (!allowed) throw errors.conflict('PLATFORM_STATUS', `当前状态（${p.status}）不能执行该操作`, `Cannot ${action} a platform that is ${p.status}`);
  if (action === 'suspend' && !reason?.trim()) throw new DomainError('REASON_REQUIRED', 400, '暂停接入须填写原因', 'Suspending needs a reason');
  await ctx.tx(async (tx) => {
    await store.setPlatformStatus(tx, id, next, actor.id ?? actor.name, reason?.trim() || null);
    await ctx.audit.inTx(tx, { action: `platform.${action}`, actor: auditActor(actor), objectType: 'platform', objectId: id, detail: { regionCode: p.region_code, fingerprint: p.fingerprint, ...(reason ? { reason } : {}) } });
  });
  return present((await store.findPlatform(ctx.db, id))!);
}
