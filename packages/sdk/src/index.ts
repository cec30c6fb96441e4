import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { paths } from './schema.js';

/** The platform's error body (DESIGN.md): a stable code and the message in Chinese and English. */
export interface ErrorBody { error: { code: string; message: string; messageEn: string; details?: unknown } }

/** A refused call: `code` is the platform's stable error code (GRANT_REQUIRED, PURPOSE_REQUIRED, …). */
export class GovshareError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly messageZh: string, readonly details?: unknown) {
    super(`${code}: ${message}`);
    this.name = 'GovshareError';
  }

  static from(status: number, body: unknown): GovshareError {
    const e = (body as Partial<ErrorBody> | undefined)?.error;
    return new GovshareError(status, e?.code ?? `HTTP_${status}`, e?.messageEn ?? `HTTP ${status}`, e?.message ?? '', e?.details);
  }
}

// The bus passes the node's answers through as bytes, so the OpenAPI document does not describe them; their shapes
// are fixed by DESIGN.md ("Exchange").
export type Row = Record<string, unknown>;
export interface QueryPage { rows: Row[]; next?: string }
export type FilterOp = 'eq' | 'in' | 'gt' | 'lt' | 'between' | 'prefix';
export interface Filter { item: string; op: FilterOp; value: string | number | boolean | null | Array<string | number | boolean | null> }
export interface QueryRequest { items: string[]; filter?: Filter[]; limit?: number; purpose?: string }
export interface CompareRequest { keys: string[]; records: Array<Record<string, string | number | boolean | null>>; purpose: string }
export interface CompareResult { index: number; status: 'match' | 'mismatch' | 'not_found'; items: Record<string, 'match' | 'mismatch'> }

export interface GovshareClientOptions {
  /** The platform's address, e.g. https://share.example.gov.cn */
  baseUrl: string;
  /** A bearer token: a user's from `login`, or a department system's credential token. */
  token?: string;
  /** Another fetch (proxies, tests). */
  fetch?: typeof globalThis.fetch;
}

/**
 * A typed client for department systems. `api` is the whole platform API, typed from /openapi.json
 * (`api.GET('/api/v1/resources', { params: { query: { q: '人口' } } })`); the methods below cover the exchange calls
 * whose answers the bus streams through untyped, with paging and errors handled.
 */
export class GovshareClient {
  readonly api: Client<paths>;
  private token: string | undefined;
  private readonly baseUrl: string;
  private readonly fetchFn: typeof globalThis.fetch;

  constructor(opts: GovshareClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.token = opts.token;
    this.fetchFn = opts.fetch ?? globalThis.fetch;
    this.api = createClient<paths>({ baseUrl: this.baseUrl, fetch: this.fetchFn });
    this.api.use({
      onRequest: ({ request }) => {
        if (this.token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${this.token}`);
        return request;
      },
    });
  }

  /** Signs in with a user's password (and TOTP code when the account has one); later calls carry the token. */
  async login(username: string, password: string, totp?: string): Promise<{ token: string; user: { id: string; username: string; departmentId: string | null; roles: string[] } }> {
    const { data, error, response } = await this.api.POST('/api/v1/auth/login', { body: { username, password, ...(totp ? { totp } : {}) } });
    if (!data) throw GovshareError.from(response.status, error);
    this.token = data.token;
    return data;
  }

  /** Uses a token obtained elsewhere (a department system's credential). */
  useToken(token: string): void {
    this.token = token;
  }

  /** One page of a query (Art. 23: the items granted, masked at the node). */
  async query(code: string, req: QueryRequest & { cursor?: string }): Promise<QueryPage> {
    return this.json<QueryPage>('POST', `/api/v1/exchange/${encodeURIComponent(code)}/query`, req);
  }

  /** Every row of a query, page by page (keyset paging with the `next` cursor). */
  async *queryAll(code: string, req: QueryRequest): AsyncGenerator<Row> {
    let cursor: string | undefined;
    do {
      const page = await this.query(code, { ...req, ...(cursor ? { cursor } : {}) });
      yield* page.rows;
      cursor = page.next;
    } while (cursor);
  }

  /** Comparison (比对): match / mismatch / not_found per record and item, never a provider value. */
  async compare(code: string, req: CompareRequest): Promise<CompareResult[]> {
    return (await this.json<{ results: CompareResult[] }>('POST', `/api/v1/exchange/${encodeURIComponent(code)}/compare`, req)).results;
  }

  /** A bulk export as a stream of NDJSON rows, parsed as they arrive (nothing is held in memory). */
  async *exportRows(code: string, opts: { items?: string[]; since?: string; purpose?: string } = {}): AsyncGenerator<Row> {
    const res = await this.raw('GET', `/api/v1/exchange/${encodeURIComponent(code)}/export?${exportQuery('ndjson', opts)}`);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line) yield JSON.parse(line) as Row;
      }
    }
    if (buffered.trim()) yield JSON.parse(buffered) as Row;
  }

  /** A bulk export as the raw byte stream (NDJSON or CSV), e.g. to write straight to a file. */
  async exportStream(code: string, opts: { format?: 'ndjson' | 'csv'; items?: string[]; since?: string; purpose?: string } = {}): Promise<ReadableStream<Uint8Array>> {
    const res = await this.raw('GET', `/api/v1/exchange/${encodeURIComponent(code)}/export?${exportQuery(opts.format ?? 'ndjson', opts)}`);
    return res.body!;
  }

  private async raw(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await this.fetchFn(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw GovshareError.from(res.status, await res.json().catch(() => undefined));
    return res;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await (await this.raw(method, path, body)).json()) as T;
  }
}

function exportQuery(format: string, o: { items?: string[]; since?: string; purpose?: string }): string {
  return new URLSearchParams({
    format, ...(o.items ? { items: o.items.join(',') } : {}), ...(o.since ? { since: o.since } : {}), ...(o.purpose ? { purpose: o.purpose } : {}),
  }).toString();
}
