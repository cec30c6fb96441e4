import { describe, expect, it } from 'vitest';
import { GrantRateLimiter } from './bus.service.js';

describe('per-grant rate limit', () => {
  it('allows the rate, refuses the next call with the wait, and refills with time; grants are counted apart', () => {
    const r = new GrantRateLimiter(60);
    const t0 = 1_000_000;
    for (let i = 0; i < 60; i++) expect(r.take('g1', t0)).toBe(0);
    expect(r.take('g1', t0)).toBe(1); // one token a second at 60 a minute
    expect(r.take('g2', t0)).toBe(0);
    expect(r.take('g1', t0 + 1_000)).toBe(0);
    expect(r.take('g1', t0 + 1_000)).toBeGreaterThan(0);
    for (let i = 0; i < 60; i++) expect(r.take('g1', t0 + 120_000)).toBe(0); // refilled, never above the rate
    expect(r.take('g1', t0 + 120_000)).toBeGreaterThan(0);
  });
});
