import { describe, expect, it } from 'vitest';
import { validateCreditCode } from '../orgs/credit-code.js';
import { enterprises, idCheckChar, isValidIdNumber, people } from './synthetic.js';

describe('synthetic demo data', () => {
  it('computes the GB 11643 check character of a published example', () => {
    expect(idCheckChar('11010519491231002')).toBe('X'); // GB 11643-1999 appendix example
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });

  it('makes valid, deterministic people and enterprises', () => {
    const a = [...people(1000)];
    expect(a.every((p) => isValidIdNumber(p.idNumber))).toBe(true);
    expect(new Set(a.map((p) => p.idNumber)).size).toBeGreaterThan(990);
    expect([...people(3)]).toEqual(a.slice(0, 3));
    const e = [...enterprises(200)];
    expect(e.every((x) => validateCreditCode(x.creditCode).ok)).toBe(true);
    expect(new Set(e.map((x) => x.creditCode)).size).toBe(200);
  });
});
