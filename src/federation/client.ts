import { request } from 'undici';
import { claimLease } from '../db/lease.js';
import { DomainError } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { fingerprintOf, type PlatformView } from './federation.service.js';
import { readSetting, writeSetting } from './federation.store.js';
import { signCall, signedHeaders, verifyCall } from './signed-call.js';
import { syncCatalog } from './catalog.sync.js';

/**
 * The city side of federation (DESIGN.md: "sends its request at start and retries until approved"): one instance at
 * a time (a lease) calls the province's /federation/connect, signed with the platform key; the first answer pins the
 * province's key (its fingerprint is shown on both sides for the offices to compare); every later answer must be
 * signed by that key. Once approved the same call, every minute, is the heartbeat.
 */
export interface ParentState {
  url: string;
  status: 'unreachable' | 'pending' | 'active' | 'suspended' | 'refused';
  statusReason: string | null;
  platformId: string | null;
  publicKey: string | null;
  fingerprint: string | null;
  lastAttemptAt: string;
  lastContactAt: string | null;
  lastError: string | null;
}
const KEY = 'federation:parent';

export async function parentState(ctx: Pick<AppContext, 'db'>): Promise<ParentState | undefined> {
  return readSetting<ParentState>(ctx.db, KEY);
}

function version(): string {
  return process.env.npm_package_version ?? '0.1.0';
}

/** One connect/heartbeat round trip; the state is stored whatever happens. */
export async function connectToParent(ctx: AppContext): Promise<ParentState> {
  const parentUrl = ctx.config.parentUrl;
  if (ctx.config.level !== 'city' || !parentUrl) throw new DomainError('NOT_A_CITY_PLATFORM', 409, '本平台不是市级平台', 'This platform is not a city platform');
  const before = await parentState(ctx);
  const state: ParentState = before && before.url === parentUrl ? { ...before } : { url: parentUrl, status: 'unreachable', statusReason: null, platformId: null, publicKey: null, fingerprint: null, lastAttemptAt: '', lastContactAt: null, lastError: null };
  state.lastAttemptAt = new Date().toISOString();
  const path = '/api/v1/federation/connect';
  const body = JSON.stringify({ regionCode: ctx.config.region, name: ctx.config.platformName, url: ctx.config.publicUrl, publicKey: ctx.keys.publicPem, version: version() });
  try {
    const res = await request(new URL(path, parentUrl), {
      method: 'POST', body, headersTimeout: 10_000, bodyTimeout: 10_000,
      headers: { 'content-type': 'application/json', ...signCall(ctx.keys, ctx.config.region, 'POST', path, body) },
    });
    const text = await res.body.text();
    const json = JSON.parse(text || '{}') as { platform?: PlatformView; province?: { publicKey: string }; error?: { code: string; message: string } };
    if (res.statusCode >= 300 || !json.platform || !json.province) {
      state.status = 'refused';
      state.lastError = json.error ? `${json.error.code}: ${json.error.message}` : `HTTP ${res.statusCode}`;
    } else {
      // Pin on first contact; afterwards the province must keep its key and sign its answer with it.
      if (state.publicKey && state.publicKey.trim() !== json.province.publicKey.trim()) {
        throw new DomainError('PARENT_KEY_CHANGED', 502, '省级平台的密钥与首次接入时不一致，已拒绝', "The province platform's key differs from the pinned one; refused");
      }
      const key = ctx.keys.suite.publicKey(json.province.publicKey);
      verifyCall(ctx.keys.suite, key, signedHeaders(res.headers), 'RESPONSE', path, text);
      state.publicKey = json.province.publicKey;
      state.fingerprint = fingerprintOf(json.province.publicKey);
      state.platformId = json.platform.id;
      state.status = json.platform.status;
      state.statusReason = json.platform.statusReason;
      state.lastContactAt = new Date().toISOString();
      state.lastError = null;
    }
  } catch (err) {
    if (err instanceof DomainError) { state.status = 'refused'; state.lastError = `${err.code}: ${err.message}`; }
    else { state.status = before?.status === 'active' ? 'unreachable' : state.status === 'refused' ? 'refused' : 'unreachable'; state.lastError = (err as Error).message; }
  }
  await writeSetting(ctx.db, KEY, state);
  return state;
}

/** Starts the retry/heartbeat loop on a city platform (every 15 s until approved, then every 60 s). */
export function startFederationClient(ctx: AppContext, onError: (err: unknown) => void): () => void {
  if (ctx.config.level !== 'city' || !ctx.config.parentUrl) return () => undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    let next = 15_000;
    try {
      if (await claimLease(ctx.db, 'federation-connect', 10)) {
        const s = await connectToParent(ctx);
        if (s.status === 'active') {
          next = 60_000;
          await syncCatalog(ctx); // push what is new and repair any gap (Art. 9)
        }
      }
    } catch (err) {
      onError(err);
    }
    if (!stopped) { timer = setTimeout(() => void tick(), next); timer.unref(); }
  };
  timer = setTimeout(() => void tick(), 0);
  timer.unref();
  // Push on publish: a catalog change brings the next round forward (debounced; the lease keeps it to one instance).
  ctx.changes.on((topic) => {
    if (topic !== 'resources' || stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void tick(), 1_000);
    timer.unref();
  });
  return () => { stopped = true; if (timer) clearTimeout(timer); };
}
