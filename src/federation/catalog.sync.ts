import { request } from 'undici';
import type { ResourceBody } from '../catalog/model.js';
import { DomainError } from '../errors.js';
import type { AppContext } from '../http/context.js';
import type { FederatedEntry } from './catalog.aggregate.js';
import { parentState } from './client.js';
import { readSetting, writeSetting } from './federation.store.js';
import { signCall, signedHeaders, verifyCall } from './signed-call.js';

/**
 * The city's side of catalog aggregation (Art. 9): compare what the province holds from this platform with this
 * platform's own published and retired entries, and push what is missing or newer, in signed batches. The same call
 * serves "push on publish" (run soon after a catalog change) and "reconcile" (run every minute): after an outage it
 * repairs every gap, and since the province applies (code, version) idempotently nothing is duplicated.
 */
const BATCH = 200;
const KEY = 'federation:catalog';

export interface CatalogSyncState { lastSyncAt: string; pushed: number; refused: Array<{ code: string; reason: string }>; lastError: string | null }

async function signedCall<T>(ctx: AppContext, method: 'GET' | 'POST', path: string, payload?: unknown): Promise<T> {
  const st = await parentState(ctx);
  if (!st?.publicKey || st.status !== 'active') throw new DomainError('FEDERATION_NOT_ACTIVE', 409, '尚未接入省级平台或接入已暂停', 'Not connected to the province platform (or suspended)');
  const body = payload === undefined ? '' : JSON.stringify(payload);
  const res = await request(new URL(path, st.url), {
    method, body: payload === undefined ? undefined : body, headersTimeout: 20_000, bodyTimeout: 60_000,
    headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...signCall(ctx.keys, ctx.config.region, method, path, body) },
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) {
    const err = (JSON.parse(text || '{}') as { error?: { code?: string; message?: string; messageEn?: string } }).error;
    throw new DomainError(err?.code ?? 'FEDERATION_CALL_FAILED', 502, err?.message ?? `省级平台返回 ${res.statusCode}`, err?.messageEn ?? `The province platform answered ${res.statusCode}`);
  }
  verifyCall(ctx.keys.suite, ctx.keys.suite.publicKey(st.publicKey), signedHeaders(res.headers), 'RESPONSE', path, text);
  return JSON.parse(text) as T;
}

/** This platform's own entries (not ones it received), each with its published version. */
async function localEntries(ctx: AppContext): Promise<FederatedEntry[]> {
  const rows = await ctx.db.selectFrom('catalog_resources as r')
    .innerJoin('catalog_versions as v', (j) => j.onRef('v.resource_id', '=', 'r.id').onRef('v.version', '=', 'r.published_version'))
    .innerJoin('departments as d', 'd.id', 'r.department_id')
    .select(['r.code', 'r.status', 'r.class_code', 'v.version', 'v.body', 'v.published_at', 'v.publish_date', 'd.code as dept_code', 'd.name as dept_name', 'd.region_code as dept_region'])
    .where('r.published_version', 'is not', null).where('r.origin_platform_id', 'is', null).execute();
  return rows.map((r) => ({
    code: r.code, version: r.version, status: r.status === 'retired' ? 'retired' : 'published', classCode: r.class_code,
    department: { code: r.dept_code, name: r.dept_name, regionCode: r.dept_region }, body: r.body as unknown as ResourceBody,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null, publishDate: r.publish_date,
  }));
}

export async function syncCatalog(ctx: AppContext): Promise<CatalogSyncState> {
  const state: CatalogSyncState = { lastSyncAt: new Date().toISOString(), pushed: 0, refused: [], lastError: null };
  try {
    const remote = await signedCall<{ items: Array<{ code: string; version: number; status: string }> }>(ctx, 'GET', '/api/v1/federation/catalog/state');
    const have = new Map(remote.items.map((r) => [r.code, r]));
    const todo = (await localEntries(ctx)).filter((e) => {
      const r = have.get(e.code);
      if (!r) return e.status === 'published';
      return r.version < e.version || (e.status === 'retired' && r.status !== 'retired');
    });
    for (let i = 0; i < todo.length; i += BATCH) {
      const r = await signedCall<{ applied: number; unchanged: number; refused: Array<{ code: string; reason: string }> }>(ctx, 'POST', '/api/v1/federation/catalog', { entries: todo.slice(i, i + BATCH) });
      state.pushed += r.applied;
      state.refused.push(...r.refused);
    }
  } catch (err) {
    state.lastError = err instanceof DomainError ? `${err.code}: ${err.message}` : (err as Error).message;
  }
  await writeSetting(ctx.db, KEY, state);
  return state;
}

export async function catalogSyncState(ctx: Pick<AppContext, 'db'>): Promise<CatalogSyncState | undefined> {
  return readSetting<CatalogSyncState>(ctx.db, KEY);
}
