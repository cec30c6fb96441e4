import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, makeCreditCode, orgCodeCheckChar, validateCreditCode } from './credit-code.js';

// Published, checksum-valid codes (widely used as GB 32100 samples / public registrations).
const REAL = [
  '91350100M000100Y43', // common GB 32100 sample (福州)
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '91510000779827684C', // enterprise registered at 四川省 level
  '11610923MB2900168E', // a county-level 机关 (authority 1, category 1)
  '51100000500019541K', // a national social organisation (民政, central 100000)
  '92510100MA61WJ3204', // 个体工商户 registered in 成都
];

describe('validateCreditCode', () => {
  it.each(REAL)('accepts real code %s', (code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true });
  });

  it('computes the published check characters', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('91440300708461136')).toBe('T');
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
    expect(orgCodeCheckChar('MA2N0ABG')).toBe('X'); // 10 → X
  });

  it('rejects wrong length', () => {
    expect(validateCreditCode('91350100M000100Y4')).toEqual({ ok: false, reason: 'length' });
    expect(validateCreditCode('91350100M000100Y433')).toEqual({ ok: false, reason: 'length' });
    expect(validateCreditCode('')).toEqual({ ok: false, reason: 'length' });
  });

  it('rejects characters outside the GB 32100 set (I O Z S V, lower case)', () => {
    for (const bad of ['I', 'O', 'Z', 'S', 'V', 'a', '-']) {
      expect(validateCreditCode(`91350100M000100Y4${bad}`)).toEqual({ ok: false, reason: 'charset' });
    }
  });

  it('rejects an unknown registration authority', () => {
    expect(validateCreditCode('01350100M000100Y43')).toEqual({ ok: false, reason: 'registration_authority' });
    expect(validateCreditCode('H1350100M000100Y43')).toEqual({ ok: false, reason: 'registration_authority' });
  });

  it('rejects a non-numeric region', () => {
    expect(validateCreditCode('913501A0M000100Y43')).toEqual({ ok: false, reason: 'region' });
  });

  it('rejects a broken organisation-code check digit', () => {
    // Recompute the final char so only the GB 11714 digit (pos 17) is wrong.
    const first17 = '91350100M000100Y5';
    expect(validateCreditCode(first17 + creditCodeCheckChar(first17))).toEqual({ ok: false, reason: 'check_digit' });
  });

  it('rejects a broken final check char and single-char typos', () => {
    expect(validateCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'check_digit' });
    expect(validateCreditCode('91440300708461137T')).toEqual({ ok: false, reason: 'check_digit' });
    expect(validateCreditCode('91440300708461136U')).toEqual({ ok: false, reason: 'check_digit' });
  });
});

describe('makeCreditCode', () => {
  it('is deterministic and valid', () => {
    const a = makeCreditCode({ authority: '1', category: '1', regionCode: '510000', orgSeq: 42 });
    expect(a).toBe(makeCreditCode({ authority: '1', category: '1', regionCode: '510000', orgSeq: 42 }));
    expect(a).toMatch(/^11510000000000422/);
    expect(validateCreditCode(a)).toEqual({ ok: true });
  });

  it('produces valid codes across many sequences, including X org check digits', () => {
    let sawX = false;
    for (let seq = 0; seq < 500; seq++) {
      const code = makeCreditCode({ authority: '1', category: '1', regionCode: '510107', orgSeq: seq });
      expect(validateCreditCode(code)).toEqual({ ok: true });
      if (code[16] === 'X') sawX = true;
    }
    expect(sawX).toBe(true);
  });

  it('rejects bad inputs', () => {
    expect(() => makeCreditCode({ authority: '1', category: '1', regionCode: '510000', orgSeq: -1 })).toThrow(RangeError);
    expect(() => makeCreditCode({ authority: '1', category: '1', regionCode: '510000', orgSeq: 1e8 })).toThrow(RangeError);
    expect(() => makeCreditCode({ authority: '1', category: '1', regionCode: '990000', orgSeq: 1 })).toThrow(RangeError);
    expect(() => makeCreditCode({ authority: 'Z', category: '1', regionCode: '510000', orgSeq: 1 })).toThrow(RangeError);
  });
});
