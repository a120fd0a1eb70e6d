import { describe, expect, it } from 'vitest';
import { DEFAULT_DAILY } from '../../src/domain/daily/fields.ts';
import {
  addDays,
  cutDaysOff,
  daysBetween,
  isDaysText,
  isReportDay,
  localDayOf,
  nextPromptSlot,
  parseDaysOff,
  promptInstant,
  startsWithDay,
  weekdayOf,
} from '../../src/domain/daily/schedule.ts';

const LA = 'America/Los_Angeles';
const SH = 'Asia/Shanghai';
const weekdays = DEFAULT_DAILY.days;

const iso = (d: Date | null | undefined) => d?.toISOString();

describe('promptInstant across DST', () => {
  it('09:00 in Los Angeles is 17:00Z in PST and 16:00Z in PDT', () => {
    expect(iso(promptInstant('2026-03-06', '09:00', LA))).toBe('2026-03-06T17:00:00.000Z');
    expect(iso(promptInstant('2026-03-09', '09:00', LA))).toBe('2026-03-09T16:00:00.000Z');
    expect(iso(promptInstant('2026-10-30', '09:00', LA))).toBe('2026-10-30T16:00:00.000Z');
    expect(iso(promptInstant('2026-11-01', '09:00', LA))).toBe('2026-11-01T17:00:00.000Z');
    expect(iso(promptInstant('2026-11-02', '09:00', LA))).toBe('2026-11-02T17:00:00.000Z');
  });

  it('09:00 in Shanghai is 01:00Z all year', () => {
    expect(iso(promptInstant('2026-03-06', '09:00', SH))).toBe('2026-03-06T01:00:00.000Z');
    expect(iso(promptInstant('2026-03-09', '09:00', SH))).toBe('2026-03-09T01:00:00.000Z');
    expect(iso(promptInstant('2026-11-02', '09:00', SH))).toBe('2026-11-02T01:00:00.000Z');
  });

  it('a time inside the spring-forward gap resolves to the end of the gap (02:30 → 03:00 PDT)', () => {
    expect(iso(promptInstant('2026-03-08', '02:30', LA))).toBe('2026-03-08T10:00:00.000Z');
    expect(iso(promptInstant('2026-03-08', '02:00', LA))).toBe('2026-03-08T10:00:00.000Z');
    expect(iso(promptInstant('2026-03-08', '03:00', LA))).toBe('2026-03-08T10:00:00.000Z');
    expect(iso(promptInstant('2026-03-08', '01:59', LA))).toBe('2026-03-08T09:59:00.000Z');
  });

  it('a time that happens twice resolves to its first occurrence (01:30 PDT)', () => {
    expect(iso(promptInstant('2026-11-01', '01:30', LA))).toBe('2026-11-01T08:30:00.000Z');
  });
});

describe('nextPromptSlot', () => {
  it('skips the weekend across the spring-forward change', () => {
    const slot = nextPromptSlot(new Date('2026-03-06T17:00:00Z'), LA, '09:00', weekdays);
    expect(slot?.date).toBe('2026-03-09');
    expect(iso(slot?.at)).toBe('2026-03-09T16:00:00.000Z');
  });

  it('skips the weekend across the fall-back change', () => {
    const slot = nextPromptSlot(new Date('2026-10-30T16:00:00Z'), LA, '09:00', weekdays);
    expect(slot?.date).toBe('2026-11-02');
    expect(iso(slot?.at)).toBe('2026-11-02T17:00:00.000Z');
  });

  it("gives today when the prompt is still ahead, in the member's own date", () => {
    // 2026-03-08T20:00Z is Monday 04:00 in Shanghai and Sunday 13:00 in Los Angeles.
    const after = new Date('2026-03-08T20:00:00Z');
    expect(nextPromptSlot(after, SH, '09:00', weekdays)).toEqual({
      date: '2026-03-09',
      at: new Date('2026-03-09T01:00:00Z'),
    });
    expect(nextPromptSlot(after, LA, '09:00', weekdays)?.date).toBe('2026-03-09');
  });

  it('skips holidays and days off', () => {
    const after = new Date('2026-03-06T17:00:00Z');
    const slot = nextPromptSlot(
      after,
      LA,
      '09:00',
      weekdays,
      ['2026-03-09'],
      [{ from: '2026-03-10', to: '2026-03-11' }],
    );
    expect(slot?.date).toBe('2026-03-12');
    expect(iso(slot?.at)).toBe('2026-03-12T16:00:00.000Z');
  });

  it('gives null when no day ever qualifies', () => {
    const off = [{ from: '2026-01-01', to: '2027-12-31' }];
    expect(nextPromptSlot(new Date('2026-03-06T00:00:00Z'), SH, '09:00', weekdays, [], off)).toBeNull();
  });
});

describe('report days', () => {
  it('are the configured weekdays that are neither holidays nor days off', () => {
    expect(weekdayOf('2026-03-06')).toBe('fri');
    expect(weekdayOf('2026-03-08')).toBe('sun');
    expect(isReportDay('2026-03-06', { days: weekdays })).toBe(true);
    expect(isReportDay('2026-03-07', { days: weekdays })).toBe(false);
    expect(isReportDay('2026-10-01', { days: weekdays, holidays: ['2026-10-01'] })).toBe(false);
    const daysOff = [{ from: '2026-12-24', to: '2026-12-31' }];
    expect(isReportDay('2026-12-24', { days: weekdays, daysOff })).toBe(false);
    expect(isReportDay('2026-12-31', { days: weekdays, daysOff })).toBe(false);
    expect(isReportDay('2027-01-01', { days: weekdays, daysOff })).toBe(true);
  });

  it("belong to the zone's local date", () => {
    const t = new Date('2026-03-09T01:00:00Z');
    expect(localDayOf(t, SH)).toBe('2026-03-09');
    expect(localDayOf(t, LA)).toBe('2026-03-08');
  });

  it('date arithmetic crosses months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-12-24', '2026-12-31')).toBe(7);
  });
});

describe('parseDaysOff', () => {
  const now = new Date('2026-12-20T02:00:00Z'); // 10:00 on the 20th in Shanghai, 18:00 on the 19th in LA

  it("reads a date, a range with a reason, and day words in the member's zone", () => {
    expect(parseDaysOff('2026-12-24', SH, now)).toEqual({ from: '2026-12-24', to: '2026-12-24', days: 1 });
    expect(parseDaysOff('2026-12-24..2026-12-31 年假', SH, now)).toEqual({
      from: '2026-12-24',
      to: '2026-12-31',
      days: 8,
      reason: '年假',
    });
    expect(parseDaysOff('today', SH, now)).toMatchObject({ from: '2026-12-20', to: '2026-12-20' });
    expect(parseDaysOff('today', LA, now)).toMatchObject({ from: '2026-12-19', to: '2026-12-19' });
    expect(parseDaysOff('明天 看病', SH, now)).toEqual({
      from: '2026-12-21',
      to: '2026-12-21',
      days: 1,
      reason: '看病',
    });
    expect(parseDaysOff('tomorrow..2026-12-23', SH, now)).toMatchObject({
      from: '2026-12-21',
      to: '2026-12-23',
      days: 3,
    });
  });

  it('reads weekdays (周五, 下周一, friday) and month-days (12月24日, 1/3) the way people write them', () => {
    // The 20th is a Sunday in Shanghai, and still Saturday the 19th in Los Angeles.
    const from = (text: string, zone = SH) => {
      const r = parseDaysOff(text, zone, now);
      return 'error' in r ? r.error.key : `${r.from}..${r.to}${r.reason ? ` ${r.reason}` : ''}`;
    };
    expect(from('周五')).toBe('2026-12-25..2026-12-25');
    expect(from('星期五 看病')).toBe('2026-12-25..2026-12-25 看病');
    expect(from('friday')).toBe('2026-12-25..2026-12-25');
    expect(from('Fri')).toBe('2026-12-25..2026-12-25');
    expect(from('周日')).toBe('2026-12-20..2026-12-20'); // today is one
    expect(from('周天')).toBe('2026-12-20..2026-12-20');
    expect(from('周六')).toBe('2026-12-26..2026-12-26');
    expect(from('周六', LA)).toBe('2026-12-19..2026-12-19');
    // Weeks start on Monday: on a Sunday next week's Monday is tomorrow, this week's Friday is past.
    expect(from('下周一')).toBe('2026-12-21..2026-12-21');
    expect(from('next-monday')).toBe('2026-12-21..2026-12-21');
    expect(from('本周五')).toBe('2026-12-18..2026-12-18');
    expect(from('这周五')).toBe('2026-12-18..2026-12-18');
    expect(from('下周一..下周三 出差')).toBe('2026-12-21..2026-12-23 出差');
    expect(from('下周一到下周五')).toBe('2026-12-21..2026-12-25');
    expect(from('12月24日')).toBe('2026-12-24..2026-12-24');
    expect(from('12月24号 年假')).toBe('2026-12-24..2026-12-24 年假');
    expect(from('12月24日到12月26日')).toBe('2026-12-24..2026-12-26');
    expect(from('12-31')).toBe('2026-12-31..2026-12-31');
    expect(from('11月25日')).toBe('2026-11-25..2026-11-25'); // 25 days back: this year's
    expect(from('1月3日')).toBe('2027-01-03..2027-01-03'); // typed in December: the next one
    expect(from('1/3..1/5')).toBe('2027-01-03..2027-01-05');
    for (const bad of ['2月30日', '13月1日', '周八', '下周', 'next-week', '下午'])
      expect(from(bad), bad).toBe('daily.off.bad_date');
    // Written with no space before the reason, as Chinese is.
    expect(from('周五看病')).toBe('2026-12-25..2026-12-25 看病');
    expect(from('明天出差')).toBe('2026-12-21..2026-12-21 出差');
    expect(from('12月24日年假')).toBe('2026-12-24..2026-12-24 年假');
    expect(from('周五到上海出差')).toBe('2026-12-25..2026-12-25 到上海出差');
  });

  it('reads the end of a range from its start, and a month-day as the nearest one', () => {
    const from = (text: string, at: string) => {
      const r = parseDaysOff(text, SH, new Date(at));
      return 'error' in r ? r.error.key : `${r.from}..${r.to}`;
    };
    const wednesday = '2026-12-16T02:00:00Z';
    expect(from('下周一到周五', wednesday)).toBe('2026-12-21..2026-12-25');
    expect(from('mon..fri', wednesday)).toBe('2026-12-21..2026-12-25');
    expect(from('周五..周一', wednesday)).toBe('2026-12-18..2026-12-21');
    expect(from('12/31', '2027-01-02T02:00:00Z')).toBe('2026-12-31..2026-12-31');
    expect(from('12/20..1/2', '2027-01-10T02:00:00Z')).toBe('2026-12-20..2027-01-02');
    expect(from('12/28..1/3', '2026-12-20T02:00:00Z')).toBe('2026-12-28..2027-01-03');
  });

  it('reads Chinese range words, and tells a reason from a range', () => {
    expect(parseDaysOff('2026-12-24 到 2026-12-26', SH, now)).toMatchObject({
      from: '2026-12-24',
      to: '2026-12-26',
    });
    expect(parseDaysOff('2026-12-24 到上海出差', SH, now)).toEqual({
      from: '2026-12-24',
      to: '2026-12-24',
      days: 1,
      reason: '到上海出差',
    });
  });

  it('refuses bad input with coded errors', () => {
    expect(parseDaysOff('', SH, now)).toEqual({ error: { key: 'daily.off.missing', params: {} } });
    expect(parseDaysOff('2026-13-01', SH, now)).toEqual({
      error: { key: 'daily.off.bad_date', params: { value: '2026-13-01' } },
    });
    expect(parseDaysOff('2026-02-30', SH, now)).toMatchObject({ error: { key: 'daily.off.bad_date' } });
    // Names on every object's prototype are not day words.
    for (const word of ['constructor', 'toString', '__proto__'])
      expect(parseDaysOff(word, SH, now), word).toEqual({
        error: { key: 'daily.off.bad_date', params: { value: word } },
      });
    expect(parseDaysOff('2026-12-24..2026-13-01', SH, now)).toEqual({
      error: { key: 'daily.off.bad_date', params: { value: '2026-13-01' } },
    });
    expect(parseDaysOff('many', SH, now)).toMatchObject({ error: { key: 'daily.off.bad_date' } });
    expect(parseDaysOff('2026-12-31..2026-12-24', SH, now)).toEqual({
      error: { key: 'daily.off.end_before_start', params: { from: '2026-12-31', to: '2026-12-24' } },
    });
    expect(parseDaysOff('2026-12-21..2027-03-01', SH, now)).toEqual({
      error: { key: 'daily.off.too_long', params: { days: 71, max: 60 } },
    });
    expect(parseDaysOff('2028-01-03', SH, now)).toMatchObject({ error: { key: 'daily.off.too_far' } });
    expect(parseDaysOff('2026-10-01', SH, now)).toMatchObject({ error: { key: 'daily.off.too_old' } });
    expect(parseDaysOff(`2026-12-24 ${'x'.repeat(201)}`, SH, now)).toMatchObject({
      error: { key: 'daily.off.reason_too_long' },
    });
  });
});

describe('cutDaysOff', () => {
  const leave = (id: number, from: string, to: string, reason: string | null = null) => ({
    id,
    from,
    to,
    reason,
  });

  it('removes a range inside the cancelled days, shortens one over an end, splits one around them', () => {
    const ranges = [
      leave(1, '2026-12-21', '2026-12-22'),
      leave(2, '2026-12-19', '2026-12-21', 'flu'),
      leave(3, '2026-12-22', '2026-12-24'),
      leave(4, '2026-12-10', '2026-12-31', '年假'),
      leave(5, '2026-11-01', '2026-11-03'),
    ];
    expect(cutDaysOff(ranges, '2026-12-21', '2026-12-22')).toEqual({
      remove: [1],
      shorten: [
        { id: 2, from: '2026-12-19', to: '2026-12-20' },
        { id: 3, from: '2026-12-23', to: '2026-12-24' },
        { id: 4, from: '2026-12-10', to: '2026-12-20' },
      ],
      add: [{ from: '2026-12-23', to: '2026-12-31', reason: '年假' }],
      cancelled: ['2026-12-21', '2026-12-22'],
    });
  });

  it('counts each cancelled date once across overlapping ranges, across a month end, and nothing outside', () => {
    const ranges = [leave(1, '2026-12-30', '2027-01-02'), leave(2, '2027-01-01', '2027-01-01')];
    expect(cutDaysOff(ranges, '2026-12-31', '2027-01-05').cancelled).toEqual([
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
    expect(cutDaysOff(ranges, '2027-01-03', '2027-01-09')).toEqual({
      remove: [],
      shorten: [],
      add: [],
      cancelled: [],
    });
  });
});

describe('isDaysText', () => {
  it('is true for a date, a day word or a range of them alone, false with any other word', () => {
    for (const yes of [
      '2026-12-24',
      'today',
      '明天',
      '2026-12-24..2026-12-31',
      'today..2026-12-31',
      '昨天 至 今天',
    ])
      expect(isDaysText(yes), yes).toBe(true);
    for (const no of [
      'today after PTO',
      '2 back meetings',
      '2026-12-24 trip',
      '2026-02-30',
      'soon',
      'toString',
      '',
    ])
      expect(isDaysText(no), no).toBe(false);
  });
});

describe('startsWithDay', () => {
  it('is true when a date or a day word comes first, whatever follows', () => {
    for (const yes of [
      '2026-12-24 trip',
      'yesterday sick',
      'Yesterday',
      'today..2026-12-31',
      'tomorrow doctor',
      '昨天 发烧',
      '明天到后天 年假',
      '今天看病',
    ])
      expect(startsWithDay(yes), yes).toBe(true);
    for (const no of ['to the client', 'todays plan', 'yesterdays notes', 'soon', 'constructor x', ''])
      expect(startsWithDay(no), no).toBe(false);
  });
});
