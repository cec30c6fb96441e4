import { describe, expect, it } from 'vitest';
import { signCompact } from '../crypto/jws.js';
import { signingSuite } from '../crypto/suite.js';
import { signTicket, TICKET_TYP, type TicketClaims } from '../crypto/ticket-sign.js';
import { requireItems, TicketCache, TicketGate } from './ticket.js';

const NOW = 1_760_000_000_000;
const nowS = NOW / 1000;

describe.each(['intl', 'gm'] as const)('ticket gate (%s)', (name) => {
  const suite = signingSuite(name);
  const platform = suite.generateKeyPair();
  const signer = { suite, key: suite.privateKey(platform.privatePem) };
  const gate = () => new TicketGate({ suite, platformKey: suite.publicKey(platform.publicPem), nodeId: 'node-1' });
  let n = 0;
  const claims = (over: Partial<TicketClaims> = {}): TicketClaims => ({
    iss: 'p', aud: 'node-1', sub: 'd', res: 'R', items: ['姓名'], masks: {}, purpose: 'x', grant: 'g', act: 'u', method: 'query',
    jti: `j-${name}-${++n}`, iat: nowS, exp: nowS + 30, ...over,
  });
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return (err as { code: string; status: number }).code;
    }
    return 'ACCEPTED';
  };

  it('admits a good ticket once; the second use is a replay', () => {
    const g = gate();
    const t = signTicket(claims(), signer);
    expect(g.admit(t, 'query', NOW).items).toEqual(['姓名']);
    expect(code(() => g.admit(t, 'query', NOW))).toBe('TICKET_REPLAYED');
  });

  it('refuses a forged signature (another key), a tampered payload and a swapped alg', () => {
    const other = suite.generateKeyPair();
    const forged = signTicket(claims(), { suite, key: suite.privateKey(other.privatePem) });
    expect(code(() => gate().admit(forged, 'query', NOW))).toBe('TICKET_SIGNATURE_INVALID');
    const good = signTicket(claims(), signer);
    const [h, p, s] = good.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as TicketClaims;
    const widened = Buffer.from(JSON.stringify({ ...payload, items: ['姓名', '身份证号'], masks: {} })).toString('base64url');
    expect(code(() => gate().admit(`${h}.${widened}.${s}`, 'query', NOW))).toBe('TICKET_SIGNATURE_INVALID');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: TICKET_TYP })).toString('base64url');
    expect(code(() => gate().admit(`${none}.${p}.`, 'query', NOW))).toBe('TICKET_SIGNATURE_INVALID');
    const otherAlg = signingSuite(name === 'gm' ? 'intl' : 'gm');
    const cross = signCompact(otherAlg, otherAlg.privateKey(otherAlg.generateKeyPair().privatePem), { typ: TICKET_TYP }, payload);
    expect(code(() => gate().admit(cross, 'query', NOW))).toBe('TICKET_SIGNATURE_INVALID');
  });

  it('refuses the wrong audience, the wrong method and a wrong typ', () => {
    expect(code(() => gate().admit(signTicket(claims({ aud: 'node-2' }), signer), 'query', NOW))).toBe('TICKET_AUDIENCE_MISMATCH');
    expect(code(() => gate().admit(signTicket(claims({ method: 'compare' }), signer), 'export', NOW))).toBe('TICKET_METHOD_MISMATCH');
    const c = claims();
    const jws = signCompact(suite, signer.key, { typ: 'JWT' }, c);
    expect(code(() => gate().admit(jws, 'query', NOW))).toBe('TICKET_MALFORMED');
  });

  it('allows 5 s of clock skew and no more', () => {
    expect(code(() => gate().admit(signTicket(claims({ iat: nowS - 40, exp: nowS - 4 }), signer), 'query', NOW))).toBe('ACCEPTED');
    expect(code(() => gate().admit(signTicket(claims({ iat: nowS - 40, exp: nowS - 6 }), signer), 'query', NOW))).toBe('TICKET_EXPIRED');
    expect(code(() => gate().admit(signTicket(claims({ iat: nowS + 4, exp: nowS + 30 }), signer), 'query', NOW))).toBe('ACCEPTED');
    expect(code(() => gate().admit(signTicket(claims({ iat: nowS + 10, exp: nowS + 30 }), signer), 'query', NOW))).toBe('TICKET_NOT_YET_VALID');
  });

  it('refuses a lifetime over 60 s even when validly signed', () => {
    const jws = signCompact(suite, signer.key, { typ: TICKET_TYP }, claims({ exp: nowS + 61 }));
    expect(code(() => gate().admit(jws, 'query', NOW))).toBe('TICKET_LIFETIME_TOO_LONG');
  });

  it('refuses malformed tickets and claims', () => {
    expect(code(() => gate().admit(undefined, 'query', NOW))).toBe('TICKET_MISSING');
    expect(code(() => gate().admit('not.a.jws!', 'query', NOW))).toBe('TICKET_MALFORMED');
    const bad = signCompact(suite, signer.key, { typ: TICKET_TYP }, { ...claims(), items: 'all' });
    expect(code(() => gate().admit(bad, 'query', NOW))).toBe('TICKET_MALFORMED');
    const badMask = signCompact(suite, signer.key, { typ: TICKET_TYP }, { ...claims(), masks: { 姓名: 'reveal' } });
    expect(code(() => gate().admit(badMask, 'query', NOW))).toBe('TICKET_MALFORMED');
  });

  it('refuses a second validly signed ticket that reuses a jti', () => {
    const g = gate();
    g.admit(signTicket(claims({ jti: `dup-${name}` }), signer), 'query', NOW);
    expect(code(() => g.admit(signTicket(claims({ jti: `dup-${name}`, items: ['x'] }), signer), 'query', NOW))).toBe('TICKET_REPLAYED');
  });

  it('items outside the ticket are refused', () => {
    const c = gate().admit(signTicket(claims(), signer), 'query', NOW);
    expect(() => requireItems(c, ['姓名'])).not.toThrow();
    expect(() => requireItems(c, ['姓名', '身份证号'])).toThrow(expect.objectContaining({ code: 'ITEM_NOT_IN_TICKET', status: 403 }));
  });
});

describe('ticket cache', () => {
  it('replays cost no signature check: a spent ticket is refused from the cache (SM2 verification is slow)', () => {
    const gm = signingSuite('gm');
    let verifications = 0;
    const counting = { ...gm, verify: (...a: Parameters<typeof gm.verify>) => { verifications++; return gm.verify(...a); } };
    const pair = gm.generateKeyPair();
    const g = new TicketGate({ suite: counting, platformKey: gm.publicKey(pair.publicPem), nodeId: 'n' });
    const t = signTicket({ iss: 'p', aud: 'n', sub: 'd', res: 'R', items: [], masks: {}, purpose: '', grant: 'g', act: 'u', method: 'query', jti: 'sm2-1', iat: nowS, exp: nowS + 30 }, { suite: gm, key: gm.privateKey(pair.privatePem) });
    g.admit(t, 'query', NOW);
    for (let i = 0; i < 20; i++) expect(() => g.admit(t, 'query', NOW)).toThrow(expect.objectContaining({ code: 'TICKET_REPLAYED' }));
    expect(verifications).toBe(1);
    // the same jti with other bytes is verified (and refused), never trusted from the cache
    const [h, p] = t.split('.') as [string, string];
    expect(() => g.admit(`${h}.${p}.AAAA`, 'query', NOW)).toThrow(expect.objectContaining({ code: 'TICKET_SIGNATURE_INVALID' }));
    expect(verifications).toBe(2);
  });

  it('is bounded: expired entries are swept, and when full of live ones the node says NODE_BUSY instead of forgetting', () => {
    const cache = new TicketCache(3);
    cache.remember('a', { exp: 100, digest: 'x', used: true }, 50);
    cache.remember('b', { exp: 100, digest: 'x', used: true }, 50);
    cache.remember('c', { exp: 200, digest: 'x', used: true }, 50);
    expect(() => cache.remember('d', { exp: 200, digest: 'x', used: true }, 50)).toThrow(expect.objectContaining({ code: 'NODE_BUSY' }));
    cache.remember('d', { exp: 200, digest: 'x', used: true }, 110); // a and b expired (100 + 5 s skew < 110)
    expect(cache.size).toBe(2);
    expect(cache.lookup('c')).toBeDefined();
  });
});
