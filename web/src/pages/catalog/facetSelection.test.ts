import { describe, expect, it } from 'vitest';
import { chosenValues, toggleValue } from './facetSelection';

describe('facet selection (comma-separated values, as GET /resources takes them)', () => {
  it('adds and removes values of a multi-select facet', () => {
    expect(toggleValue('shareType', undefined, 'conditional')).toBe('conditional');
    expect(toggleValue('shareType', 'conditional', 'none')).toBe('conditional,none');
    expect(toggleValue('shareType', 'conditional,none', 'conditional')).toBe('none');
    expect(toggleValue('shareType', 'none', 'none')).toBeUndefined();
  });

  it('replaces or clears the single value of region and open', () => {
    expect(toggleValue('region', '510107', '510100')).toBe('510100');
    expect(toggleValue('region', '510107', '510107')).toBeUndefined();
    expect(toggleValue('open', 'true', 'false')).toBe('false');
  });

  it('reads the chosen values', () => {
    expect(chosenValues(undefined)).toEqual([]);
    expect(chosenValues('a,b,')).toEqual(['a', 'b']);
  });
});
