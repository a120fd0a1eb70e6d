import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readEnv, resolveConfig } from '../../src/config.ts';

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

describe('config', () => {
  it('falls back to the seed defaults', () => {
    const c = resolveConfig({}, null, env);
    expect(c.timezone).toBe('Asia/Shanghai');
    expect(c.locale).toBe('zh-CN');
    expect(c.priorities.P0).toEqual({
      firstResponse: 900_000,
      resolve: 7_200_000,
      escalateAfter: 1_800_000,
      calendar: '24x7',
    });
    expect(c.priorities.P3.calendar).toBe('business');
    expect(c.calendars.business).toEqual({
      kind: 'business',
      timeZone: 'Asia/Shanghai',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: '09:00',
      end: '18:00',
      holidays: [],
    });
    expect(c.tickets.reaction).toBe('ticket');
  });

  it('reads the PRODUCT.md example shape', () => {
    const c = resolveConfig(
      {
        timezone: 'America/Los_Angeles',
        locale: 'en',
        admins: ['U0ADMIN'],
        intake: [{ channel: 'C0SUPPORT', team: 'support' }],
        priorities: { P1: { firstResponse: '30m', resolve: '4h', escalateAfter: '1h', calendar: '24x7' } },
        calendars: { business: { days: ['mon', 'tue'], hours: '08:30-17:00', holidays: ['2026-10-01'] } },
        teams: {
          support: {
            channel: 'C0SUPPORT',
            managers: ['U0BOSS'],
            tiers: [
              { name: 'L1', rotation: { members: ['U0ANN', 'U0BOB'], every: '1w', handoff: 'mon 09:00' } },
            ],
          },
        },
      },
      'x.yaml',
      env,
    );
    expect(c.priorities.P1.escalateAfter).toBe(3_600_000);
    expect(c.priorities.P0.firstResponse).toBe(900_000);
    expect(c.calendars.business).toMatchObject({
      timeZone: 'America/Los_Angeles',
      start: '08:30',
      end: '17:00',
    });
    expect(c.teams.support?.tiers[0]?.rotation.every).toBe(604_800_000);
  });

  it('names the key and the problem', () => {
    expect(
      problems({ priorities: { P0: { firstResponse: '15x', resolve: '2h', escalateAfter: '30m' } } }),
    ).toContain('priorities.P0.firstResponse: "15x" is not a duration');
    expect(problems({ timezone: 'Mars/Olympus' })).toContain(
      'timezone: "Mars/Olympus" is not an IANA time zone',
    );
    expect(problems({ calendars: { business: { hours: '18:00-09:00' } } })).toContain(
      'calendars.business.hours',
    );
    expect(problems({ calendars: { business: { holidays: ['2026-13-45'] } } })).toContain(
      '"2026-13-45" is not a date',
    );
    expect(problems({ intake: [{ channel: 'C1', team: 'nope' }] })).toContain('intake.0.team: team "nope"');
    expect(
      problems({
        priorities: { P2: { firstResponse: '1h', resolve: '2h', escalateAfter: '1h', calendar: 'x' } },
      }),
    ).toContain('priorities.P2.calendar: calendar "x"');
    expect(problems({ locale: 'fr' })).toContain('locale');
    expect(problems({ tmezone: 'UTC' })).toContain('tmezone');
  });

  it('describes problems in Chinese too', () => {
    try {
      resolveConfig({ timezone: 'Nowhere' }, 'a.yaml', env);
    } catch (err) {
      expect((err as ConfigError).describe('zh-CN')).toContain('配置文件 a.yaml 有误');
      return;
    }
    throw new Error('accepted');
  });

  it('loads SOPBOT_CONFIG and reports YAML syntax errors with the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopbot-config-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'timezone: UTC\nlocale: en\nadmins: [U1]\n');
    expect(loadConfig({ SOPBOT_CONFIG: good }).admins).toEqual(['U1']);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'timezone: [unclosed\n');
    expect(() => loadConfig({ SOPBOT_CONFIG: bad })).toThrow(ConfigError);
    expect(() => loadConfig({ SOPBOT_CONFIG: join(dir, 'missing.yaml') })).toThrow(/invalid configuration/);
  });

  it('reads the environment contract', () => {
    const e = readEnv({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@h/db',
      SLACK_SIGNING_SECRET: 's',
      SLACK_BOT_TOKEN: 'xoxb',
      FEISHU_APP_ID: 'cli',
      FEISHU_APP_SECRET: 'sec',
      FEISHU_DOMAIN: 'https://open.larksuite.com/',
      FEISHU_MODE: 'ws',
    });
    expect(e.port).toBe(8080);
    expect(e.slack).toEqual({
      signingSecret: 's',
      botToken: 'xoxb',
      appToken: undefined,
      apiUrl: 'https://slack.com/api/',
    });
    expect(e.feishu?.domain).toBe('https://open.larksuite.com');
    expect(e.feishu?.mode).toBe('ws');
    expect(readEnv({ SLACK_BOT_TOKEN: 'x' }).slack).toBeUndefined();
    expect(() => readEnv({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => readEnv({ FEISHU_MODE: 'grpc' })).toThrow(ConfigError);
    expect(() => readEnv({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
  });
});
