/**
 * How digest figures read (counts, shares, durations, scores with their ▲▼ change, in both
 * languages), how `/report`'s words are read, and the CSAT buttons' values.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../commands/report.command.ts';
import { CodedError } from '../../src/core/errors.ts';
import { translator } from '../../src/core/i18n/index.ts';
import { change, compared, value } from '../../src/domain/digests/format.ts';
import { compare, parseRating } from '../../src/domain/digests/index.ts';

const en = translator('en');
const zh = translator('zh-CN');
const M = 60_000;

describe('digest figures in words', () => {
  it('counts and shares with their change; rates change in percentage points', () => {
    expect(compared(compare(12, 9), 'count', en)).toBe('12 ▲3');
    expect(compared(compare(1234, 1300), 'count', en)).toBe('1,234 ▼66');
    expect(compared(compare(4, 4), 'count', en)).toBe('4 =');
    expect(compared(compare(3, null), 'count', en)).toBe('3');
    expect(compared(compare(0.935, 0.9), 'rate', en)).toBe('93.5% ▲3.5');
    expect(compared(compare(0.5, 0.50001), 'rate', en)).toBe('50% =');
    expect(compared(compare(null, 0.5), 'rate', en)).toBe('—');
  });

  it('durations humanised in the reader’s language, with the change as a duration', () => {
    expect(compared(compare(80 * M, 95 * M), 'duration', en)).toBe('1h 20m ▼15m');
    expect(compared(compare(80 * M, 95 * M), 'duration', zh)).toBe('1小时20分钟 ▼15分钟');
    expect(compared(compare(26 * 60 * M, 2 * 60 * M), 'duration', en)).toBe('1d 2h ▲1d');
  });

  it('CSAT scores to two decimals', () => {
    expect(value(4.333333, 'score', en)).toBe('4.33');
    expect(change(compare(4.5, 4.25), 'score', en)).toBe('▲0.25');
  });
});

describe('/report arguments', () => {
  it('the kind first, then a team and/or here in either order, in English or Chinese', () => {
    expect(parseReport('weekly')).toEqual({ kind: 'weekly', team: undefined, here: false });
    expect(parseReport('Weekly support here')).toEqual({ kind: 'weekly', team: 'support', here: true });
    expect(parseReport('monthly here billing')).toEqual({ kind: 'monthly', team: 'billing', here: true });
    expect(parseReport('日报 这里')).toEqual({ kind: 'daily', team: undefined, here: true });
    expect(parseReport('周报 support')).toEqual({ kind: 'weekly', team: 'support', here: false });
    // The period it covers names the kind too: always the last full one.
    const kinds = (...texts: string[]) => texts.map((text) => parseReport(text).kind);
    expect(kinds('yesterday', '昨天', '每天', '日')).toEqual(['daily', 'daily', 'daily', 'daily']);
    expect(kinds('last-week', '上周', '每周', 'Week')).toEqual(['weekly', 'weekly', 'weekly', 'weekly']);
    expect(kinds('last-month', '上个月', '上月', '月')).toEqual(['monthly', 'monthly', 'monthly', 'monthly']);
  });

  it('refuses a missing or unknown kind and extra words, with coded errors', () => {
    const keyOf = (text: string) => {
      try {
        parseReport(text);
      } catch (err) {
        if (err instanceof CodedError) return [err.key, err.params];
      }
      return null;
    };
    expect(keyOf('')).toEqual(['digests.kind_required', {}]);
    expect(keyOf('yearly')).toEqual(['digests.bad_kind', { value: 'yearly' }]);
    // Names every object has are not kinds.
    for (const word of ['constructor', '__proto__', 'toString'])
      expect(keyOf(word)).toEqual(['digests.bad_kind', { value: word }]);
    expect(keyOf('weekly support billing')).toEqual(['digests.extra_words', { value: 'billing' }]);
  });
});

describe('CSAT button values', () => {
  it('are a ticket id and a rating 1–5', () => {
    expect(parseRating('42:5')).toEqual({ ticketId: 42, rating: 5 });
    expect(parseRating('42:0')).toBeNull();
    expect(parseRating('42:6')).toBeNull();
    expect(parseRating('x:3')).toBeNull();
  });
});
