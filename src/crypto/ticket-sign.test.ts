import { compactVerify, importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { parseCompact, verifyParsed } from './jws.js';
import { signingSuite } from './suite.js';
import { issueTicket, signTicket, TICKET_TYP, type TicketClaims } from './ticket-sign.js';

const base = {
  iss: 'platform-510000', aud: 'node-1', sub: 'dept-1', res: '101001001/000123', items: ['姓名', '身份证号'],
  masks: { 身份证号: 'id_number' }, purpose: '社保资格核验', grant: 'unconditional', act: 'user-1', method: 'query' as const,
};

describe('ticket signing', () => {
  it('intl: an EdDSA ticket verifies with jose and the platform SPKI public key', async () => {
    const suite = signingSuite('intl');
    const pair = suite.generateKeyPair();
    const { ticket, claims } = issueTicket(base, { suite, key: suite.privateKey(pair.privatePem) });
    const key = await importSPKI(pair.publicPem, 'EdDSA');
    const { payload, protectedHeader } = await jwtVerify(ticket, key, { audience: 'node-1', typ: TICKET_TYP });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({ ...base, jti: claims.jti });
    expect(claims.exp - claims.iat).toBe(30);
    const sig = ticket.split('.')[2]!;
    const flipped = `${ticket.slice(0, ticket.length - sig.length)}${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    await expect(compactVerify(flipped, key)).rejects.toThrow();
  });

  it('gm: an SM2 ticket carries alg "SM2" and verifies with the gm suite only', () => {
    const suite = signingSuite('gm');
    const pair = suite.generateKeyPair();
    const { ticket } = issueTicket(base, { suite, key: suite.privateKey(pair.privatePem) });
    const jws = parseCompact(ticket)!;
    expect(jws.header).toEqual({ typ: TICKET_TYP, alg: 'SM2' });
    expect(verifyParsed(suite, suite.publicKey(pair.publicPem), jws)).toBe(true);
    // the same bytes with alg rewritten are refused: no algorithm negotiation
    expect(verifyParsed(suite, suite.publicKey(pair.publicPem), { ...jws, header: { alg: 'EdDSA' } })).toBe(false);
  });

  it('refuses to sign a lifetime over 60 s or a non-positive one', () => {
    const suite = signingSuite('intl');
    const signer = { suite, key: suite.privateKey(suite.generateKeyPair().privatePem) };
    const claims: TicketClaims = { ...base, jti: 'x', iat: 1000, exp: 1061 };
    expect(() => signTicket(claims, signer)).toThrow(/lifetime/);
    expect(() => signTicket({ ...claims, exp: 1000 }, signer)).toThrow(/lifetime/);
    expect(signTicket({ ...claims, exp: 1060 }, signer)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('parseCompact refuses what is not a compact JWS', () => {
    expect(parseCompact('a.b')).toBeUndefined();
    expect(parseCompact('a.b.c.d')).toBeUndefined();
    expect(parseCompact('e30.e30.!!')).toBeUndefined();
    expect(parseCompact(`${Buffer.from('[1]').toString('base64url')}.e30.AA`)).toBeUndefined();
    expect(parseCompact('x'.repeat(20000))).toBeUndefined();
  });
});
