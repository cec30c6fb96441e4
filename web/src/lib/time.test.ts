import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './time';

describe('formatDateTime', () => {
  it('shows Beijing time', () => {
    expect(formatDateTime('2025-01-31T16:30:05Z')).toBe('2025-02-01 00:30:05');
    expect(formatDate('2025-01-31T16:30:05Z')).toBe('2025-02-01');
  });

  it('passes through what is not a date', () => {
    expect(formatDateTime('')).toBe('');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('n/a')).toBe('n/a');
  });
});
