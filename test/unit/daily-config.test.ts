/**
 * The `daily:` section as src/config.ts composes it: the seed defaults for every team, a team's
 * `teams.<team>.daily` over the top-level block key by key, and bad values stopping start-up with
 * the key's path (a problem of the top-level block once, however many teams there are).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, readEnv, resolveConfig } from '../../src/config.ts';

const env = readEnv({});

function problems(doc: unknown): string {
  try {
    resolveConfig(doc, 'sopbot.yaml', env);
  } catch (err) {
    if (err instanceof ConfigError) return err.describe('en');
    throw err;
  }
  throw new Error('config was accepted');
}

const teams = {
  support: { channel: 'C0SUPPORT', members: ['U0ANN'] },
  ops: { channel: 'C0OPS', members: ['U0BOB'], daily: { prompt: '10:00', mentionMissing: true } },
};

describe('the daily: config', () => {
  it('gives every team the seed 003 附录A defaults', () => {
    const c = resolveConfig({}, null, env);
    expect(c.daily.support).toMatchObject({
      prompt: '09:00',
      remind: ['09:10'],
      cutoff: '09:15',
      mentionMissing: false,
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      calendar: 'business',
      review: { day: 'fri', time: '17:00' },
    });
    expect(c.daily.support?.fields.map((f) => f.label['zh-CN'])).toEqual([
      '昨天完成',
      '今天计划',
      '遇到问题',
      '需要支持',
    ]);
  });

  it('lays a team block over the top-level one, key by key', () => {
    const c = resolveConfig({ teams, daily: { days: ['mon', 'wed'], cutoff: '11:00' } }, null, env);
    expect(c.daily.support).toMatchObject({
      prompt: '09:00',
      remind: ['09:10'],
      cutoff: '11:00',
      days: ['mon', 'wed'],
    });
    expect(c.daily.ops).toMatchObject({
      prompt: '10:00',
      remind: ['10:10'],
      cutoff: '11:00',
      mentionMissing: true,
    });
  });

  it('refuses an unknown key and a bad time, naming the path', () => {
    expect(problems({ daily: { promt: '09:00' } })).toContain(
      'daily.promt: unknown key; did you mean "prompt"?',
    );
    const bad = problems({ teams: { ...teams, ops: { ...teams.ops, daily: { prompt: '25:00' } } } });
    expect(bad).toContain('teams.ops.daily.prompt: "25:00" is not a time of day (write HH:MM, e.g. "09:00")');
  });

  it('reports a top-level problem once, and an unknown calendar', () => {
    const out = problems({ teams, daily: { prompt: '09:00', cutoff: '08:00', calendar: 'nope' } });
    expect(out.match(/cutoff 08:00 must be later/g)).toHaveLength(1);
    expect(out).toContain('daily.calendar: calendar "nope" is not defined under calendars (or write false)');
  });
});
