import { Agent, request } from 'undici';
import { DomainError } from '../../errors.js';
import type { ResourceConfig, SourceConfig } from '../config.js';
import { nodeErrors } from '../errors.js';
import type { SqlTimeouts } from './postgres.js';
import { guarded } from './source-errors.js';

/**
 * The department's own HTTP API (share method `api`): the node passes a ticket holder's call through and gives back
 * only the ticket's items, masked (service.ts). Only JSON answers are passed, because only JSON can be projected
 * and masked. The consumer's Authorization (the ticket) is never forwarded; the source's configured headers are.
 */
export const MAX_UPSTREAM_BYTES = 32 * 1024 * 1024;

export interface UpstreamCall { method: string; rest: string; search: string; contentType?: string; body?: Buffer }
export interface UpstreamAnswer { status: number; body: unknown }

function pathError(): DomainError {
  return new DomainError('API_PATH_INVALID', 400, '接口路径不合法', 'The API path is not allowed');
}

/** `base` + `endpoint` + the consumer's path, segment by segment: no "..", no encoded slashes, no way out of the endpoint. */
export function upstreamUrl(base: string, endpoint: string, rest: string, search: string): URL {
  const segments = rest.split('/').filter((s, i, all) => s !== '' || i === all.length - 1);
  const clean = segments.map((s) => {
    let d: string;
    try {
      d = decodeURIComponent(s);
    } catch {
      throw pathError();
    }
    if (d === '.' || d === '..' || /[/\\\0?#]/.test(d)) throw pathError();
    return encodeURIComponent(d);
  });
  const url = new URL(base);
  const prefix = `${url.pathname.replace(/\/$/, '')}/${endpoint.replace(/^\/|\/$/g, '')}`;
  url.pathname = clean.length > 0 && !(clean.length === 1 && clean[0] === '') ? `${prefix}/${clean.join('/')}` : prefix;
  url.search = search;
  if (!url.pathname.startsWith(prefix)) throw pathError();
  return url;
}

export class HttpUpstream {
  readonly source: string;
  private readonly agent: Agent;

  constructor(private readonly cfg: SourceConfig, private readonly t: SqlTimeouts, private readonly log: (err: unknown) => void) {
    this.source = cfg.name;
    this.agent = new Agent({ connect: { timeout: t.connectTimeoutMs }, headersTimeout: t.timeoutMs, bodyTimeout: t.timeoutMs, connections: cfg.pool });
  }

  async forward(resource: ResourceConfig, call: UpstreamCall): Promise<UpstreamAnswer> {
    if (!resource.methods.includes(call.method)) {
      throw new DomainError('API_METHOD_NOT_ALLOWED', 403, `该接口不允许 ${call.method} 方法`, `Method ${call.method} is not allowed for this API`);
    }
    const url = upstreamUrl(this.cfg.url!, resource.endpoint!, call.rest, call.search);
    return guarded(this.source, this.log, async () => {
      const res = await request(url, {
        method: call.method as 'GET',
        dispatcher: this.agent,
        headers: { accept: 'application/json', ...(call.contentType ? { 'content-type': call.contentType } : {}), ...this.cfg.headers },
        body: call.body && call.body.length > 0 ? call.body : undefined,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_UPSTREAM_BYTES) {
          res.body.destroy();
          throw nodeErrors.tooMany('upstream answer', '上游接口返回', MAX_UPSTREAM_BYTES);
        }
        chunks.push(chunk);
      }
      if (res.statusCode >= 500) throw new Error(`upstream answered ${res.statusCode}`);
      const type = String(res.headers['content-type'] ?? '');
      const text = Buffer.concat(chunks).toString('utf8');
      if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
        if (text === '' && res.statusCode === 204) return { status: 204, body: null };
        throw new DomainError('UPSTREAM_NOT_JSON', 502, '上游接口返回的不是 JSON，无法按票据脱敏，已拒绝', 'The upstream API did not answer JSON, so it cannot be masked per the ticket; refused');
      }
      return { status: res.statusCode, body: JSON.parse(text) as unknown };
    });
  }

  /** Up when the upstream answers anything at its base URL (even 404): it is reachable. */
  async health(): Promise<void> {
    await guarded(this.source, this.log, async () => {
      const res = await request(this.cfg.url!, { method: 'HEAD', dispatcher: this.agent, headersTimeout: this.t.connectTimeoutMs + 1000, headers: this.cfg.headers });
      res.body.resume();
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
