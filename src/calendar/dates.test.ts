import { describe, it, expect } from 'vitest';
import { addDays, compareIsoDates, diffDays, parseIsoDate, todayInShanghai, weekday } from './dates.js';

describe('ISO civil dates', () => {
  it('validates real calendar days', () => {
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    for (const bad of ['2026-02-30', '2027-02-29', '2026-13-01', '2026-00-10', '2026-1-1', 'abc', '', '2026-01-01T00:00']) {
      expect(() => parseIsoDate(bad), bad).toThrow(RangeError);
    }
  });

  it('does arithmetic on the civil date', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(diffDays('2026-02-12', '2026-03-04')).toBe(20);
    expect(weekday('2026-02-14')).toBe(6); // Saturday
    expect(weekday('1969-12-28')).toBe(0); // Sunday, before the epoch
    expect(['2026-10-01', '2026-02-14', '2026-09-30'].sort(compareIsoDates)).toEqual(['2026-02-14', '2026-09-30', '2026-10-01']);
  });

  it('today is the Shanghai date whatever the host zone', () => {
    expect(todayInShanghai(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01'); // 00:30 in Shanghai
    expect(todayInShanghai(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
  });
});
