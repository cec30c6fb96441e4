import { createHmac, timingSafeEqual } from 'node:crypto';

/** Webhook signature (SPEC C4): `x-govshare-signature: sha256=<hex HMAC-SHA256(secret, raw body)>`. */
export const SIGNATURE_HEADER = 'x-govshare-signature';

export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** What a receiver runs on the raw body before parsing it (docs/workflow-api.md shows the same in a few lines). */
export function verifySignature(secret: string, body: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Retry delays after failed attempts 1, 2, 3…: 30 s, 1 min, 2 min, 4 min, 8 min, then the delivery is failed. */
export const MAX_ATTEMPTS = 6;
export function backoffMs(attempt: number): number {
  return 30_000 * 2 ** Math.max(0, attempt - 1);
}

export interface WebhookResult { ok: boolean; error?: string }

export async function postWebhook(url: string, secret: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<WebhookResult> {
  try {
    const res = await fetch(url, {
      method: 'POST', body, redirect: 'error', signal: AbortSignal.timeout(timeoutMs),
      headers: { 'content-type': 'application/json; charset=utf-8', [SIGNATURE_HEADER]: signBody(secret, body), ...headers },
    });
    await res.arrayBuffer().catch(() => undefined); // drain, so the connection is reused
    return res.ok ? { ok: true } : { ok: false, error: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}
