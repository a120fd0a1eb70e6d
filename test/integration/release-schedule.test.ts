/**
 * `releases.schedules` on one replica: a cron slot starts the run once, named with its date, in
 * the schedule's channel, with its roles; a slot missed while down starts late, once; a run still
 * open when the next one starts is flagged in the new one's header.
 */
import { describe, expect, it } from 'vitest';
import { useReleaseApp } from '../helpers/release-app.ts';

const MON_0959 = Date.parse('2026-03-02T01:59:00Z'); // 09:59 in Shanghai
const H = 3_600_000;
const config = {
  locale: 'en',
  timezone: 'Asia/Shanghai',
  releases: {
    schedules: [
      { template: 'daily-checks', cron: '0 10 * * 1-5', channel: 'C0OPS' },
      {
        template: 'hourly-checks',
        cron: '30 * * * *',
        channel: 'C0OPS',
        name: 'hourly',
        roles: { ops: 'U0OPS' },
      },
    ],
  },
};
const r = useReleaseApp({ config, start: MON_0959 });

const names = async () =>
  (await r.app.services.releases.queries.list('slack', null, 50)).map((e) => e.run.name).sort();

describe('scheduled runs', () => {
  it('start once per slot, named with their date, flagging a previous run still open', async () => {
    await r.app.scheduler.runStartHooks();
    await r.at(MON_0959 + 60_000);
    expect(await names()).toEqual(['daily-checks 2026-03-02']);
    const header = r.said.of('post')[0];
    expect(header?.to).toEqual({ channelId: 'C0OPS' });
    expect(JSON.stringify(header?.message)).toContain('Started on schedule');
    await r.at(MON_0959 + 60_000);
    expect(await names()).toEqual(['daily-checks 2026-03-02']);
    // A name that starts like a running two-word name is quoted with its second word, not the step.
    expect(await r.release('U0OPS', 'done daily-checks 2026-03-09 1')).toContain(
      'There is no release "daily-checks 2026-03-09". Running: daily-checks 2026-03-02',
    );

    await r.at(MON_0959 + 31 * 60_000);
    expect(await names()).toContain('hourly 2026-03-02 10:30');
    const hourly = await r.app.services.releases.queries.byName('slack', null, [
      'hourly',
      '2026-03-02',
      '10:30',
    ]);
    expect(hourly?.run.roles).toEqual({ 运维: ['U0OPS'] });
    expect(hourly?.run.t0.toISOString()).toBe('2026-03-02T02:30:00.000Z');

    const from = r.said.calls.length;
    await r.at(MON_0959 + 24 * H + 60_000);
    const second = r.said.calls
      .slice(from)
      .find((c) => c.op === 'post' && JSON.stringify(c.message).includes('daily-checks 2026-03-03'));
    expect(JSON.stringify(second && 'message' in second ? second.message : null)).toContain(
      'The previous run daily-checks 2026-03-02 is still open (0/4 done)',
    );
    expect((await names()).filter((n) => n.startsWith('daily-checks'))).toEqual([
      'daily-checks 2026-03-02',
      'daily-checks 2026-03-03',
    ]);
  });
});
