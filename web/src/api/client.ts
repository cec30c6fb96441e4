import i18n, { currentLang } from '../i18n';

const TOKEN_KEY = 'govshare.token';
const BASE = '/api/v1';

/** An error answered by the platform: `{"error":{"code","message","messageEn"}}`, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** Chinese message from the server. */
    message: string,
    readonly messageEn: string,
    /** What the server adds to some errors: rule issues of a catalog entry, the rows of a refused import, … */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message in the current UI language. */
  localized(): string {
    return currentLang() === 'en' ? this.messageEn || this.message : this.message || this.messageEn;
  }
}

/** Status 0: the request never got an answer. */
const NETWORK_ERROR = 'NETWORK_ERROR';

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

type Unauthorized = () => void;
let onUnauthorized: Unauthorized = () => {
  window.location.assign('/login');
};

/** The router registers a soft navigation here so a 401 does not reload the app. */
export function setUnauthorizedHandler(handler: Unauthorized): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const e = (body as { error?: { code?: unknown; message?: unknown; messageEn?: unknown; details?: unknown } } | undefined)?.error;
  if (e && typeof e.code === 'string') {
    return new ApiError(res.status, e.code, String(e.message ?? ''), String(e.messageEn ?? e.message ?? ''), e.details);
  }
  const both = (lng: string) => i18n.t('common.httpError', { status: res.status, lng });
  return new ApiError(res.status, `HTTP_${res.status}`, both('zh-CN'), both('en'));
}

interface SendOptions extends RequestOptions {
  /** Sent as is (a file upload); `body` is sent as JSON. */
  raw?: Blob;
  accept?: string;
}

/** Sends one request and answers the response when it is 2xx; errors become ApiError, a 401 ends the session. */
async function send(path: string, opts: SendOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.raw) headers['Content-Type'] = opts.raw.type || 'application/octet-stream';
  else if (opts.body !== undefined) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(BASE + withQuery(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    const both = (lng: string) => i18n.t('common.networkError', { lng });
    throw new ApiError(0, NETWORK_ERROR, both('zh-CN'), both('en'));
  }

  if (!res.ok) {
    const error = await errorFrom(res);
    // A wrong password at login is also a 401, but there is no session to end then.
    if (res.status === 401 && token) {
      setToken(null);
      onUnauthorized();
    }
    throw error;
  }
  return res;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Uploads a file as the request body (the catalog import). */
export async function upload<T>(path: string, file: Blob, opts: Omit<RequestOptions, 'body'> = {}): Promise<T> {
  const res = await send(path, { method: 'POST', ...opts, raw: file });
  return (await res.json()) as T;
}

/** The file name a download's Content-Disposition gives, if any. */
export function filenameOf(res: Response): string | undefined {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) return decodeURIComponent(star[1]);
  return /filename="?([^";]+)"?/i.exec(cd)?.[1];
}

/**
 * A response whose body the caller reads itself: a streamed export, or a file to save.
 * Authenticated like every request, which a plain `<a href>` could not be.
 */
export function openDownload(path: string, opts: RequestOptions & { accept?: string } = {}): Promise<Response> {
  return send(path, { ...opts, accept: opts.accept ?? '*/*' });
}

/** Message for any error caught in the UI, in the current language. */
export function errorMessage(err: unknown, fallback: string): string {
  if (err instanceof ApiError) return err.localized() || fallback;
  return fallback;
}
