import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffMs, MAX_ATTEMPTS, signBody, verifySignature } from './webhook.js';

describe('webhook signature', () => {
  it('is HMAC-SHA256 over the raw body, as sha256=<hex>', () => {
    const body = '{"kind":"application.filed","title":"新的共享申请"}';
    const expected = createHmac('sha256', 'k').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(signBody('k', body)).toBe(`sha256=${expected}`);
    expect(verifySignature('k', body, `sha256=${expected}`)).toBe(true);
    expect(verifySignature('k', `${body} `, `sha256=${expected}`)).toBe(false);
    expect(verifySignature('k', body, undefined)).toBe(false);
    expect(verifySignature('k', body, 'sha256=00')).toBe(false);
  });

  it('backs off exponentially and gives up after a bounded number of attempts', () => {
    expect([1, 2, 3, 4, 5].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(MAX_ATTEMPTS).toBe(6);
  });
});
