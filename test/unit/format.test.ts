import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/core/format.ts';

describe('formatDateTime', () => {
  it('prints wall-clock time in the configured zone', () => {
    const at = new Date('2026-03-08T09:59:00Z');
    expect(formatDateTime(at, 'Asia/Shanghai')).toBe('2026-03-08 17:59');
    expect(formatDateTime(at, 'America/Los_Angeles')).toBe('2026-03-08 01:59');
    expect(formatDateTime(new Date('2026-03-08T10:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-08 03:00');
    expect(formatDateTime(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2027-01-01 00:00');
  });
});
