import { describe, expect, it } from 'vitest';
import { translator } from '../../src/core/i18n/index.ts';
import '../../src/domain/daily/catalog.ts';
import {
  completionRate,
  describeTarget,
  formatRate,
  meetsTarget,
  parseTarget,
  scaleTarget,
  type Target,
  withUnit,
} from '../../src/domain/daily/target.ts';

const en = translator('en');
const zh = translator('zh-CN');

/** A target the test knows is valid. */
function tg(text: string): Target {
  const target = parseTarget(text);
  if (!target) throw new Error(`not a target: ${text}`);
  return target;
}

describe('parseTarget', () => {
  it('reads bounds, with ASCII and typographic signs', () => {
    expect(parseTarget('>=100')).toEqual({ op: '>=', value: 100 });
    expect(parseTarget('≥ 100')).toEqual({ op: '>=', value: 100 });
    expect(parseTarget('>100')).toEqual({ op: '>', value: 100 });
    expect(parseTarget('<=5')).toEqual({ op: '<=', value: 5 });
    expect(parseTarget('≤5')).toEqual({ op: '<=', value: 5 });
    expect(parseTarget('<5')).toEqual({ op: '<', value: 5 });
    expect(parseTarget('=100')).toEqual({ op: '=', value: 100 });
    expect(parseTarget('>=60%')).toEqual({ op: '>=', value: 60 });
    expect(parseTarget('>= 2,000')).toEqual({ op: '>=', value: 2000 });
  });

  it('reads a bare number as "at least", from text or a YAML number', () => {
    expect(parseTarget('100')).toEqual({ op: '>=', value: 100 });
    expect(parseTarget(100)).toEqual({ op: '>=', value: 100 });
  });

  it('reads ranges', () => {
    expect(parseTarget('80..120')).toEqual({ op: 'range', value: 80, max: 120 });
    expect(parseTarget('80 ~ 120')).toEqual({ op: 'range', value: 80, max: 120 });
  });

  it('refuses what is not a target', () => {
    for (const bad of ['', 'many', '>=', '>=100人', '120..80', '=>100', '1.2.3']) {
      expect(parseTarget(bad), bad).toBeNull();
    }
    expect(parseTarget(Number.NaN)).toBeNull();
  });
});

describe('meetsTarget', () => {
  it('compares each kind of target', () => {
    const atLeast = tg('>=100');
    expect([99, 100, 101].map((v) => meetsTarget(v, atLeast))).toEqual([false, true, true]);
    const above = tg('>100');
    expect([100, 101].map((v) => meetsTarget(v, above))).toEqual([false, true]);
    const atMost = tg('<=5');
    expect([4, 5, 6].map((v) => meetsTarget(v, atMost))).toEqual([true, true, false]);
    const below = tg('<5');
    expect([4, 5].map((v) => meetsTarget(v, below))).toEqual([true, false]);
    const exactly = tg('=100');
    expect([99, 100].map((v) => meetsTarget(v, exactly))).toEqual([false, true]);
    const bare = tg('100');
    expect([99, 100, 250].map((v) => meetsTarget(v, bare))).toEqual([false, true, true]);
    const range = tg('80..120');
    expect([79, 80, 120, 121].map((v) => meetsTarget(v, range))).toEqual([false, true, true, false]);
  });

  it('never counts a missing value as met', () => {
    expect(meetsTarget(null, tg('<=5'))).toBe(false);
    expect(meetsTarget(undefined, tg('>=0'))).toBe(false);
  });
});

describe('completionRate', () => {
  it('is actual / target for lower bounds and may pass 100%', () => {
    expect(completionRate(120, tg('>=100'))).toBe(1.2);
    expect(completionRate(50, tg('100'))).toBe(0.5);
  });

  it('is 100% within an upper bound, limit / actual over it', () => {
    expect(completionRate(3, tg('<=5'))).toBe(1);
    expect(completionRate(0, tg('<=5'))).toBe(1);
    expect(completionRate(10, tg('<=5'))).toBe(0.5);
  });

  it('is 100% inside a range and proportional outside', () => {
    const range = tg('80..120');
    expect(completionRate(100, range)).toBe(1);
    expect(completionRate(40, range)).toBe(0.5);
    expect(completionRate(240, range)).toBe(0.5);
  });

  it('has no rate without a value, and no division by a zero target', () => {
    expect(completionRate(null, tg('>=100'))).toBeNull();
    expect(completionRate(3, tg('>=0'))).toBe(1);
    expect(completionRate(3, tg('<=0'))).toBe(0);
  });
});

describe('describing targets', () => {
  it('puts the unit next to the number: CJK units glued, words spaced', () => {
    expect(withUnit(120, '人')).toBe('120人');
    expect(withUnit(1234, 'calls')).toBe('1,234 calls');
    expect(withUnit(60, '%')).toBe('60%');
    expect(withUnit(12.5)).toBe('12.5');
  });

  it('describes each kind in both languages', () => {
    expect(describeTarget(tg('>=100'), '人', zh)).toBe('≥ 100人');
    expect(describeTarget(tg('<=5'), 'bugs', en)).toBe('≤ 5 bugs');
    expect(describeTarget(tg('<5'), undefined, en)).toBe('< 5');
    expect(describeTarget(tg('=3'), undefined, en)).toBe('= 3');
    expect(describeTarget(tg('80..120'), '条', zh)).toBe('80–120条');
  });

  it('formats rates as percentages', () => {
    expect(formatRate(1.04)).toBe('104%');
    expect(formatRate(0.875)).toBe('87.5%');
    expect(formatRate(null)).toBe('—');
  });

  it('scales a daily target to a week', () => {
    expect(scaleTarget(tg('>=100'), 5)).toEqual({ op: '>=', value: 500 });
    expect(scaleTarget(tg('80..120'), 2)).toEqual({ op: 'range', value: 160, max: 240 });
  });
});
