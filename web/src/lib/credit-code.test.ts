import { describe, expect, it } from 'vitest';
import { creditCodeProblem } from './credit-code';

describe('creditCodeProblem', () => {
  it('accepts 18 characters of the GB 32100 charset', () => {
    expect(creditCodeProblem('11510000MB0424242R')).toBeNull();
  });

  it('reports a wrong length', () => {
    expect(creditCodeProblem('11510000MB042424')).toBe('length');
    expect(creditCodeProblem('11510000MB0424242RR')).toBe('length');
  });

  it('reports characters GB 32100 does not use', () => {
    for (const bad of ['I', 'O', 'Z', 'S', 'V', 'a', '-', ' ']) {
      expect(creditCodeProblem(`11510000MB042424${bad}R`)).toBe('charset');
    }
  });
});
