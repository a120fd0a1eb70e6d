import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  countdownDeadline,
  nextRepeat,
  parseStartAt,
  repeatTimes,
  resolveDueTimes,
  resolveStepDue,
  type StepDue,
  templateZone,
} from '../../src/domain/releases/due.ts';
import {
  BUILTIN_TEMPLATES_DIR,
  findStep,
  loadTemplates,
  parseTemplate,
  type ReleaseTemplate,
  type TemplateStep,
} from '../../src/domain/releases/template.ts';
import { parseTemplateDuration } from '../../src/domain/releases/template-fields.ts';

// Every expected instant below is worked out by hand: Shanghai is UTC+8 all year; Los Angeles is
// PST (UTC-8) until 2026-03-08 02:00, when clocks jump to 03:00 PDT (UTC-7), and back to PST at
// 2026-11-01 02:00 PDT (the wall clock shows 01:00-01:59 twice that night).
const SH = 'Asia/Shanghai';
const LA = 'America/Los_Angeles';
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

function template(steps: string, extra = ''): ReleaseTemplate {
  const yaml = `name: t\ntitle: T\n${extra}sections:\n  - title: S\n    steps:\n${steps}`;
  const r = parseTemplate(parseYaml(yaml), { file: 't.yaml', builtin: false });
  if (!r.template) throw new Error(JSON.stringify(r.problems));
  return r.template;
}

const builtins = loadTemplates({ builtinDir: BUILTIN_TEMPLATES_DIR, locale: 'en' });
const builtin = (name: string) => builtins.get(name) as ReleaseTemplate;
const step = (t: ReleaseTemplate, id: string) => findStep(t, id) as TemplateStep;

/** Each step's due (and window end) as ISO strings, plus its flags. */
function table(due: Map<string, StepDue>) {
  return Object.fromEntries(
    [...due.values()].map((d) => [
      d.id,
      [iso(d.at), ...(d.endsAt ? [iso(d.endsAt)] : []), ...(d.flags.length ? [d.flags.join(',')] : [])].join(
        ' ',
      ),
    ]),
  );
}

describe('due times in a zone without DST', () => {
  const t = template(`
      - { id: early, title: a, due: "09:00" }
      - { id: late, title: b, due: "18:00" }
      - { id: minus, title: c, due: T-2h }
      - { id: plus, title: d, due: T+30m }
      - { id: zero, title: e, due: T0 }
      - { id: day3, title: f, due: D+3 10:00 }
      - { id: day-back, title: g, due: D-1 18:00 }
      - { id: same-time, title: h, due: D+2 }
      - { id: next, title: i, after: plus, in: 30m }
      - { id: both, title: j, after: [plus, zero] }
      - { id: watch, title: k, kind: monitor, window: 2h, after: plus }
      - { id: undated, title: l }
      - { id: nag, title: m, kind: repeat, every: 15m }
`);
  const t0 = new Date('2026-06-10T02:00:00Z'); // 10:00 in Shanghai

  it('resolves absolute, T±, D±n, after:, monitor windows and undated steps', () => {
    expect(table(resolveDueTimes({ template: t, t0, zone: SH }))).toEqual({
      early: '2026-06-10T01:00:00.000Z before_t0',
      late: '2026-06-10T10:00:00.000Z',
      minus: '2026-06-10T00:00:00.000Z before_t0',
      plus: '2026-06-10T02:30:00.000Z',
      zero: '2026-06-10T02:00:00.000Z',
      day3: '2026-06-13T02:00:00.000Z',
      'day-back': '2026-06-09T10:00:00.000Z before_t0',
      'same-time': '2026-06-12T02:00:00.000Z',
      next: '',
      both: '',
      watch: '',
      undated: '',
      nag: '2026-06-10T02:00:00.000Z',
    });
  });

  it('waits on after: steps, then counts from the last completion', () => {
    const waiting = resolveStepDue(step(t, 'both'), t0, SH, { zero: new Date('2026-06-10T02:05:00Z') });
    expect(waiting).toEqual({ id: 'both', at: null, endsAt: null, waitingOn: ['plus'], flags: [] });
    const completed = new Map([
      ['plus', new Date('2026-06-10T03:10:00Z')],
      ['zero', new Date('2026-06-10T02:05:00Z')],
    ]);
    const due = table(resolveDueTimes({ template: t, t0, zone: SH, completed }));
    expect(due.next).toBe('2026-06-10T03:40:00.000Z');
    expect(due.both).toBe('2026-06-10T03:10:00.000Z');
    expect(due.watch).toBe('2026-06-10T03:10:00.000Z 2026-06-10T05:10:00.000Z');
  });

  it('rolls day offsets over month and year ends on the local calendar', () => {
    const d1 = template('      - { id: d1, title: a, due: D+1 09:00 }\n');
    // 2026-06-30 04:00 and 2026-12-31 20:00 in Shanghai.
    expect(iso(resolveStepDue(step(d1, 'd1'), new Date('2026-06-29T20:00:00Z'), SH).at)).toBe(
      '2026-07-01T01:00:00.000Z',
    );
    expect(iso(resolveStepDue(step(d1, 'd1'), new Date('2026-12-31T12:00:00Z'), SH).at)).toBe(
      '2027-01-01T01:00:00.000Z',
    );
  });
});

describe('due times across DST in America/Los_Angeles', () => {
  const launch = builtin('launch-day');
  const zone = templateZone(launch, SH);

  it('launch-day keeps its own zone whatever the team’s', () => {
    expect(zone).toBe(LA);
    expect(templateZone(builtin('refund'), SH)).toBe(SH);
  });

  it('spring forward 2026-03-08: 02:00 does not exist and becomes 03:00 PDT', () => {
    const t0 = new Date('2026-03-08T08:00:00Z'); // 00:00 PST
    expect(table(resolveDueTimes({ template: launch, t0, zone }))).toEqual({
      'final-check': '2026-03-08T10:00:00.000Z shifted',
      'ph-post': '2026-03-08T09:30:00.000Z',
      'monitor-systems': '2026-03-08T09:00:00.000Z 2026-03-08T21:00:00.000Z',
      'reply-comments': '2026-03-08T10:00:00.000Z 2026-03-08T20:00:00.000Z shifted',
      'reddit-post': '2026-03-08T16:30:00.000Z',
      'twitter-promo': '2026-03-08T17:30:00.000Z',
      'data-collection': '2026-03-08T19:00:00.000Z 2026-03-09T07:00:00.000Z',
      launch: '2026-03-08T08:01:00.000Z',
      'team-upvotes': '2026-03-08T08:05:00.000Z',
      'notify-early-users': '2026-03-08T08:30:00.000Z',
      'reddit-twitter': '2026-03-08T13:00:00.000Z',
      'email-push': '2026-03-08T16:00:00.000Z',
      community: '2026-03-08T19:00:00.000Z',
      'data-analysis': '2026-03-09T01:00:00.000Z',
      'wrap-up': '2026-03-09T06:00:00.000Z',
    });
  });

  it('fall back 2026-11-01: 01:00-01:59 happen twice and take the first (PDT)', () => {
    const t0 = new Date('2026-11-01T07:00:00Z'); // 00:00 PDT
    const due = table(resolveDueTimes({ template: launch, t0, zone }));
    expect(due.launch).toBe('2026-11-01T07:01:00.000Z');
    expect(due['monitor-systems']).toBe('2026-11-01T08:00:00.000Z 2026-11-01T20:00:00.000Z');
    expect(due['ph-post']).toBe('2026-11-01T08:30:00.000Z');
    expect(due['final-check']).toBe('2026-11-01T10:00:00.000Z');
    expect(due['email-push']).toBe('2026-11-01T17:00:00.000Z');
    expect(due['wrap-up']).toBe('2026-11-02T07:00:00.000Z');
  });

  it('T± counts real hours, D+n counts calendar days at the same wall time', () => {
    const t = template(`
      - { id: t24, title: a, due: T+24h }
      - { id: t26, title: b, due: T+26h }
      - { id: d1, title: c, due: D+1 }
      - { id: d2, title: d, due: D+2 }
      - { id: gap, title: e, due: D+1 02:30 }
      - { id: three, title: f, due: D+1 03:00 }
      - { id: d1-9, title: g, due: D+1 09:00 }
      - { id: twice, title: h, due: D+1 01:30 }
      - { id: later, title: i, after: t24, in: 1h }
`);
    const spring = new Date('2026-03-07T08:00:00Z'); // 2026-03-07 00:00 PST
    const completed = { t24: new Date('2026-03-08T09:30:00Z') }; // 01:30 PST, just before the jump
    expect(table(resolveDueTimes({ template: t, t0: spring, zone: LA, completed }))).toMatchObject({
      t24: '2026-03-08T08:00:00.000Z',
      t26: '2026-03-08T10:00:00.000Z',
      d1: '2026-03-08T08:00:00.000Z',
      d2: '2026-03-09T07:00:00.000Z',
      gap: '2026-03-08T10:00:00.000Z shifted',
      three: '2026-03-08T10:00:00.000Z',
      later: '2026-03-08T10:30:00.000Z',
    });
    const fall = new Date('2026-10-31T16:00:00Z'); // 2026-10-31 09:00 PDT
    expect(table(resolveDueTimes({ template: t, t0: fall, zone: LA }))).toMatchObject({
      t24: '2026-11-01T16:00:00.000Z',
      d1: '2026-11-01T17:00:00.000Z',
      'd1-9': '2026-11-01T17:00:00.000Z',
      twice: '2026-11-01T08:30:00.000Z',
    });
  });
});

describe('runs of the built-ins', () => {
  it('staged rollout: each stage waits on the one before; the report repeats while it runs', () => {
    const rollout = builtin('staged-rollout');
    const released = new Date('2026-06-10T03:00:00Z');
    const due = resolveDueTimes({
      template: rollout,
      t0: new Date('2026-06-10T02:00:00Z'),
      zone: SH,
      completed: { 'release-1': released },
    });
    expect(due.get('monitor-1')).toMatchObject({ at: released, endsAt: new Date('2026-06-10T05:00:00Z') });
    expect(due.get('go-5')).toMatchObject({ at: null, waitingOn: ['monitor-1'] });
    expect(due.get('progress-report')?.at).toEqual(released);
    const report = step(rollout, 'progress-report');
    expect(repeatTimes(report, released, new Date('2026-06-10T05:00:00Z')).map(iso)).toEqual([
      '2026-06-10T03:30:00.000Z',
      '2026-06-10T04:00:00.000Z',
      '2026-06-10T04:30:00.000Z',
    ]);
    expect(repeatTimes(report, released, null, 2).map(iso)).toEqual([
      '2026-06-10T03:30:00.000Z',
      '2026-06-10T04:00:00.000Z',
    ]);
    expect(iso(nextRepeat(report, released, new Date('2026-06-10T01:00:00Z')))).toBe(
      '2026-06-10T03:30:00.000Z',
    );
    expect(iso(nextRepeat(report, released, new Date('2026-06-10T04:10:00Z')))).toBe(
      '2026-06-10T04:30:00.000Z',
    );
    expect(iso(nextRepeat(report, released, new Date('2026-06-10T04:30:00Z')))).toBe(
      '2026-06-10T05:00:00.000Z',
    );
    expect(
      nextRepeat(report, released, new Date('2026-06-10T04:30:00Z'), new Date('2026-06-10T05:00:00Z')),
    ).toBeNull();
    expect(repeatTimes(step(rollout, 'build'), released, null)).toEqual([]);
  });

  it('outage: the skipped branch counts as completed for the step after both', () => {
    const outage = builtin('outage');
    const t0 = new Date('2026-06-10T02:00:00Z');
    const completed = new Map([
      ['apply-fix', new Date('2026-06-10T02:40:00Z')], // skipped: the gate said no-go
    ]);
    expect(resolveDueTimes({ template: outage, t0, zone: SH, completed }).get('verify')?.waitingOn).toEqual([
      'fallback',
    ]);
    completed.set('fallback', new Date('2026-06-10T03:20:00Z'));
    expect(iso(resolveDueTimes({ template: outage, t0, zone: SH, completed }).get('verify')?.at)).toBe(
      '2026-06-10T03:20:00.000Z',
    );
    expect(iso(resolveStepDue(step(outage, 'assemble'), t0, SH).at)).toBe('2026-06-10T02:15:00.000Z');
  });

  it('refund: each 时限 as a due time; finance counts from the approval', () => {
    const refund = builtin('refund');
    const t0 = new Date('2026-06-10T06:00:00Z'); // 14:00 in Shanghai
    const approved = { receive: new Date('2026-06-10T06:01:00Z'), review: new Date('2026-06-10T07:30:00Z') };
    expect(table(resolveDueTimes({ template: refund, t0, zone: SH, completed: approved }))).toEqual({
      receive: '2026-06-10T06:00:00.000Z',
      review: '2026-06-10T08:00:00.000Z',
      execute: '2026-06-11T07:30:00.000Z',
      'update-status': '',
      'confirm-email': '',
      'record-reason': '2026-06-10T15:59:00.000Z',
    });
  });

  it('counts down to the rollback RTO and the outage resolution time', () => {
    const t0 = new Date('2026-06-10T02:00:00Z');
    expect(iso(countdownDeadline(builtin('rollback'), t0))).toBe('2026-06-10T02:15:00.000Z');
    expect(iso(countdownDeadline(builtin('outage'), t0))).toBe('2026-06-10T04:00:00.000Z');
    expect(countdownDeadline(builtin('refund'), t0)).toBeNull();
  });
});

describe('template durations', () => {
  it('take zero in any unit where zero is allowed (T+0min, in: 0分钟), and never elsewhere', () => {
    for (const zero of ['0m', '0min', '0分钟', '0.0h', '00s'])
      expect(parseTemplateDuration(zero, true), zero).toBe(0);
    expect(parseTemplateDuration('0min')).toBeNull();
    expect(parseTemplateDuration('0x', true)).toBeNull();
    expect(parseTemplateDuration('30分钟', true)).toBe(1_800_000);
  });
});

describe('parseStartAt', () => {
  const now = new Date('2026-06-10T02:00:20Z'); // 10:00:20 in Shanghai
  const at = (text: string, zone = SH, when = now) => {
    const r = parseStartAt(text, zone, when);
    return r.ok ? r.at.toISOString() : r.key;
  };

  it('reads today’s time, a date and time, tomorrow, and +duration', () => {
    expect(at('14:30')).toBe('2026-06-10T06:30:00.000Z');
    expect(at('14：30')).toBe('2026-06-10T06:30:00.000Z');
    expect(at('10:00')).toBe('2026-06-10T02:00:00.000Z'); // the current minute is now
    expect(at('2026-12-03 14:30')).toBe('2026-12-03T06:30:00.000Z');
    expect(at('2026/12/03 14:30')).toBe('2026-12-03T06:30:00.000Z');
    expect(at('2026-12-03T14:30')).toBe('2026-12-03T06:30:00.000Z');
    expect(at('明天 09:00')).toBe('2026-06-11T01:00:00.000Z');
    expect(at('明天09:00')).toBe('2026-06-11T01:00:00.000Z');
    expect(at('Tomorrow 9:00')).toBe('2026-06-11T01:00:00.000Z');
    expect(at('后天 09:00')).toBe('2026-06-12T01:00:00.000Z');
    expect(at('today 18:00')).toBe('2026-06-10T10:00:00.000Z');
    expect(at('+2h')).toBe('2026-06-10T04:00:20.000Z');
    expect(at('+1h30m')).toBe('2026-06-10T03:30:20.000Z');
    expect(at('now')).toBe('2026-06-10T02:00:20.000Z');
    expect(at('+30分钟')).toBe('2026-06-10T02:30:20.000Z');
  });

  it('reads a time of day written the Chinese way or with am / pm', () => {
    expect(at('14点')).toBe('2026-06-10T06:00:00.000Z');
    expect(at('14点30')).toBe('2026-06-10T06:30:00.000Z');
    expect(at('14点30分')).toBe('2026-06-10T06:30:00.000Z');
    expect(at('下午3点半')).toBe('2026-06-10T07:30:00.000Z');
    expect(at('晚上8点')).toBe('2026-06-10T12:00:00.000Z');
    expect(at('中午12点')).toBe('2026-06-10T04:00:00.000Z');
    expect(at('中午1点')).toBe('2026-06-10T05:00:00.000Z');
    expect(at('明天上午9点')).toBe('2026-06-11T01:00:00.000Z');
    expect(at('明天 早上9点05')).toBe('2026-06-11T01:05:00.000Z');
    expect(at('2026-12-03 下午2点')).toBe('2026-12-03T06:00:00.000Z');
    expect(at('3pm')).toBe('2026-06-10T07:00:00.000Z');
    expect(at('3:30PM')).toBe('2026-06-10T07:30:00.000Z');
    expect(at('tomorrow 9am')).toBe('2026-06-11T01:00:00.000Z');
    expect(at('tomorrow 12am')).toBe('2026-06-10T16:00:00.000Z');
    // Already past today (10:00:20 now): refused, not moved to tomorrow.
    expect(at('上午9点')).toBe('releases.at_past');
    expect(at('9am')).toBe('releases.at_past');
    expect(at('25点')).toBe('releases.at_bad');
    expect(at('下午3:30')).toBe('2026-06-10T07:30:00.000Z');
    expect(at('下午 3 点')).toBe('2026-06-10T07:00:00.000Z');
    expect(at('15點')).toBe('2026-06-10T07:00:00.000Z');
    // Midnight "in the evening" could be either day's: refused, not read as noon.
    expect(at('晚上12点')).toBe('releases.at_bad');
    expect(at('晚上0点')).toBe('releases.at_bad');
    expect(at('+99999999999w')).toBe('releases.at_bad');
    expect(at('下午')).toBe('releases.at_bad');
  });

  it('counts days in the zone, not in UTC', () => {
    const late = new Date('2026-06-10T15:30:00Z'); // 23:30 in Shanghai, still the 10th in UTC
    expect(at('明天 00:10', SH, late)).toBe('2026-06-10T16:10:00.000Z');
    expect(at('23:45', SH, late)).toBe('2026-06-10T15:45:00.000Z');
  });

  it('moves a skipped time past the gap and takes the first of a repeated one', () => {
    const march = new Date('2026-03-01T00:00:00Z');
    expect(at('2026-03-08 02:30', LA, march)).toBe('2026-03-08T10:00:00.000Z');
    expect(at('2026-11-01 01:30', LA, march)).toBe('2026-11-01T08:30:00.000Z');
  });

  it('refuses the past with the zone’s now', () => {
    expect(parseStartAt('9:59', SH, now)).toEqual({
      ok: false,
      key: 'releases.at_past',
      params: { value: '9:59', now: '2026-06-10 10:00', zone: SH },
    });
    expect(at('today 09:00')).toBe('releases.at_past');
    expect(at('2026-06-09 23:00')).toBe('releases.at_past');
  });

  it('refuses garbage', () => {
    for (const text of [
      '',
      'next week',
      '25:00',
      '14:30:00',
      '2026-02-30 10:00',
      '+2x',
      '+',
      'T+2h',
      '明天',
    ]) {
      expect(parseStartAt(text, SH, now), text).toEqual({
        ok: false,
        key: 'releases.at_bad',
        params: { value: text.trim() },
      });
    }
  });
});
