import { describe, expect, it } from 'vitest';
import { deadlineTone } from './deadline';

describe('deadlineTone', () => {
  it('is orange from 2 workdays left and red once overdue', () => {
    expect(deadlineTone(10)).toBe('normal');
    expect(deadlineTone(3)).toBe('normal');
    expect(deadlineTone(2)).toBe('warning');
    expect(deadlineTone(0)).toBe('warning');
    expect(deadlineTone(-1)).toBe('overdue');
    // The server says overdue (past the due date) even when the count is 0.
    expect(deadlineTone(0, true)).toBe('overdue');
    expect(deadlineTone(null)).toBe('done');
  });
});
