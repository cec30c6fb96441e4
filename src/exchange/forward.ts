import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import { DomainError } from '../errors.js';

/**
 * HTTP from the bus to the nodes: one keep-alive pool per node origin, bytes passed through untouched
 * (PERF-NOTES.md: parsing and re-serialising in the gateway halves its throughput).
 */
const pools = new Map<string, Pool>();

function poolFor(origin: string): Pool {
  let p = pools.get(origin);
  if (!p) {
    p = new Pool(origin, { connections: 64, keepAliveTimeout: 30_000, connect: { timeout: 3_000 } });
    pools.set(origin, p);
  }
  return p;
}

export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close().catch(() => undefined)));
}

export interface NodeCall {
  nodeUrl: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string; // e.g. /v1/query?x=y
  ticket: string;
  body?: string | Buffer | undefined;
  /** Longest wait for the node's response headers. */
  headersTimeoutMs: number;
  /** Longest silence between body chunks (an export may stream for minutes, but never stall this long). */
  bodyTimeoutMs: number;
}

/** A node that is down or silent becomes a coded 503/504 at once, never a hang (SPEC C2). */
export function nodeError(err: unknown): DomainError {
  const e = err as { code?: string; message?: string };
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) {
    return new DomainError('NODE_TIMEOUT', 504, '数据服务节点响应超时', 'The data-service node did not answer in time');
  }
  return new DomainError('NODE_UNAVAILABLE', 503, '数据服务节点不可用，请稍后重试或联系提供部门', `The data-service node is unavailable (${e.code ?? e.message ?? 'error'})`);
}

export async function callNode(c: NodeCall): Promise<Dispatcher.ResponseData> {
  const url = new URL(c.nodeUrl);
  const base = url.pathname.replace(/\/+$/, '');
  try {
    return await poolFor(url.origin).request({
      method: c.method,
      path: `${base}${c.path}`,
      headers: { authorization: `Bearer ${c.ticket}`, ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: c.body,
      headersTimeout: c.headersTimeoutMs,
      bodyTimeout: c.bodyTimeoutMs,
    });
  } catch (err) {
    throw nodeError(err);
  }
}
