import { describe, expect, it } from 'vitest';
import { compileRotation, shiftAt } from '../../src/domain/oncall/rotation.ts';

const WEEK = 7 * 86_400_000;
const DAY = 86_400_000;

describe('on-call rotations', () => {
  it('hands off weekly at the configured local day and time', () => {
    const rot = compileRotation(
      { members: ['ann', 'bob', 'cat'], every: WEEK, handoff: 'mon 09:00', start: '2026-01-01' },
      'Asia/Shanghai',
    );
    // 2026-01-05 is the first Monday on or after the start: ann's shift, 09:00 Shanghai = 01:00Z.
    expect(shiftAt(rot, new Date('2026-01-05T01:00:00Z'))).toMatchObject({
      index: 0,
      member: 'ann',
      startsAt: new Date('2026-01-05T01:00:00Z'),
      endsAt: new Date('2026-01-12T01:00:00Z'),
    });
    expect(shiftAt(rot, new Date('2026-01-12T00:59:59Z')).member).toBe('ann');
    expect(shiftAt(rot, new Date('2026-01-12T01:00:00Z')).member).toBe('bob');
    expect(shiftAt(rot, new Date('2026-01-19T01:00:00Z')).member).toBe('cat');
    expect(shiftAt(rot, new Date('2026-01-26T01:00:00Z')).member).toBe('ann');
    // Before the first shift the rotation runs backwards, so someone is always on.
    expect(shiftAt(rot, new Date('2026-01-04T12:00:00Z'))).toMatchObject({ index: -1, member: 'cat' });
  });

  it('keeps the local handoff time across daylight-saving changes', () => {
    const rot = compileRotation(
      {
        members: ['ann', 'bob'],
        every: WEEK,
        handoff: 'mon 09:00',
        timezone: 'America/Los_Angeles',
        start: '2026-03-02',
      },
      'UTC',
    );
    // 2026-03-02 09:00 PST = 17:00Z; DST starts 2026-03-08, so 2026-03-09 09:00 PDT = 16:00Z.
    const first = shiftAt(rot, new Date('2026-03-05T00:00:00Z'));
    expect(first).toMatchObject({ member: 'ann', startsAt: new Date('2026-03-02T17:00:00Z') });
    expect(first.endsAt).toEqual(new Date('2026-03-09T16:00:00Z'));
    expect(shiftAt(rot, new Date('2026-03-09T15:59:59Z')).member).toBe('ann');
    expect(shiftAt(rot, new Date('2026-03-09T16:00:00Z')).member).toBe('bob');
    // DST ends 2026-11-01: the Monday after, 09:00 PST = 17:00Z again.
    const nov = shiftAt(rot, new Date('2026-11-02T16:30:00Z'));
    expect(nov.endsAt).toEqual(new Date('2026-11-02T17:00:00Z'));
  });

  it('supports daily shifts anchored on the handoff weekday', () => {
    const rot = compileRotation(
      { members: ['ann', 'bob'], every: DAY, handoff: 'wed 08:30', start: '2026-06-01' },
      'UTC',
    );
    const s = shiftAt(rot, new Date('2026-06-03T08:30:00Z'));
    expect(s).toMatchObject({ index: 0, member: 'ann', endsAt: new Date('2026-06-04T08:30:00Z') });
    expect(shiftAt(rot, new Date('2026-06-04T09:00:00Z')).member).toBe('bob');
    expect(shiftAt(rot, new Date('2026-06-05T09:00:00Z')).member).toBe('ann');
  });

  it('agrees with a brute-force walk over shift boundaries', () => {
    const rot = compileRotation(
      {
        members: ['a', 'b', 'c', 'd'],
        every: 12 * 3_600_000,
        handoff: 'fri 18:00',
        timezone: 'Europe/Berlin',
      },
      'UTC',
    );
    let boundary = shiftAt(rot, new Date('2026-01-01T00:00:00Z'));
    for (let i = 0; i < 900; i++) {
      const next = shiftAt(rot, boundary.endsAt);
      expect(next.index).toBe(boundary.index + 1);
      expect(next.startsAt).toEqual(boundary.endsAt);
      expect(shiftAt(rot, new Date(boundary.endsAt.getTime() - 1)).index).toBe(boundary.index);
      boundary = next;
    }
  });
});
