import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig, readEnv, resolveConfig } from '../../src/config.ts';
import { cronExpression, parseConfig } from '../../src/core/config-fields.ts';
import { closest } from '../../src/core/did-you-mean.ts';

const env = readEnv({});

function problems(doc: unknown, locale: 'en' | 'zh-CN' = 'en'): string {
  try {
    resolveConfig(doc, 'sopbot.yaml', env);
  } catch (err) {
    if (err instanceof ConfigError) return err.describe(locale);
    throw err;
  }
  throw new Error('config was accepted');
}

/** The problem lines of a report (the first line names the file). */
function lines(doc: unknown, locale: 'en' | 'zh-CN' = 'en'): string[] {
  return problems(doc, locale).split('\n').slice(1);
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

  it('names an unknown key at any depth, with the key it probably meant', () => {
    const teams = {
      support: { chanel: 'C1', tiers: [{ name: 'L1', rotation: { members: ['a'], evry: '1w' } }] },
    };
    expect(lines({ teams }).sort()).toEqual([
      '  - teams.support.chanel: unknown key; did you mean "channel"?',
      '  - teams.support.tiers.0.rotation.evry: unknown key; did you mean "every"?',
    ]);
    expect(lines({ priorities: { P0: { firstRespons: '10m' } } })).toEqual([
      '  - priorities.P0.firstRespons: unknown key; did you mean "firstResponse"?',
    ]);
    expect(lines({ calendars: { business: { holiday: [] } } })).toEqual([
      '  - calendars.business.holiday: unknown key; did you mean "holidays"?',
    ]);
    expect(lines({ sla: { warnAT: [0.5] } })).toEqual([
      '  - sla.warnAT: unknown key; did you mean "warnAt"?',
    ]);
    expect(lines({ intake: [{ channel: 'C1', teem: 'support' }] })).toEqual([
      '  - intake.0.teem: unknown key; did you mean "team"?',
    ]);
    // Nothing close: the keys that are allowed there.
    const far = lines({ deliveries: { zzzzzz: 1 } });
    expect(far).toEqual(['  - deliveries.zzzzzz: unknown key (known here: durable, redeliverAfter)']);
  });

  it('merges a partial priority override with the seed defaults', () => {
    const c = resolveConfig({ priorities: { P0: { firstResponse: '10m' } } }, 'x.yaml', env);
    expect(c.priorities.P0).toEqual({
      firstResponse: 600_000,
      resolve: 7_200_000,
      escalateAfter: 1_800_000,
      calendar: '24x7',
    });
    expect(c.priorities.P2.calendar).toBe('business');
    const r = resolveConfig({ priorities: { P3: { restore: '1d', calendar: '24x7' } } }, 'x.yaml', env);
    expect(r.priorities.P3).toMatchObject({
      restore: 86_400_000,
      calendar: '24x7',
      firstResponse: 86_400_000,
    });
  });

  it("reports one line per problem, never zod's generic wording, in either language", () => {
    const doc = {
      locale: 'en',
      admins: 'U1',
      teams: { support: { tiers: [{ name: '', rotation: { members: [] } }] } },
      deliveries: { durable: 'yes' },
      sla: { urgentP0: 'pager' },
    };
    const en = lines(doc);
    expect(en).toEqual([
      '  - admins: expected a list, got text',
      '  - teams.support.tiers.0.name: must not be empty',
      '  - teams.support.tiers.0.rotation.members: needs at least 1 item(s)',
      '  - sla.urgentP0: must be app, sms or phone',
      '  - deliveries.durable: expected true or false, got text',
    ]);
    const zh = lines(doc, 'zh-CN');
    expect(zh).toHaveLength(en.length);
    expect(zh[0]).toBe('  - admins: 应为列表，实际是文本');
    for (const line of [...en, ...zh]) {
      expect(line).not.toMatch(/invalid input|expected \w+, received/i);
      expect(line).not.toContain('\n');
    }
    expect(lines({ teams: { support: { tiers: [{ rotation: { members: ['a'] } }] } } })).toEqual([
      '  - teams.support.tiers.0.name: is required',
    ]);
  });

  it('reports in the language the file asks for', () => {
    try {
      resolveConfig({ locale: 'zh-CN', timezone: 'Nowhere' }, 'a.yaml', env);
    } catch (err) {
      expect((err as ConfigError).locale).toBe('zh-CN');
      expect((err as ConfigError).describe('zh-CN')).toContain('“Nowhere”不是有效的 IANA 时区');
      return;
    }
    throw new Error('accepted');
  });

  it('refuses a bad cron expression, naming the key', () => {
    const schema = z.object({ digests: z.object({ weekly: z.object({ cron: cronExpression }) }) });
    expect(parseConfig(schema, { digests: { weekly: { cron: '0 9 * * 1' } } })).toEqual({
      ok: true,
      value: { digests: { weekly: { cron: '0 9 * * 1' } } },
    });
    const bad = parseConfig(schema, { digests: { weekly: { cron: '0 25 * * 1' } } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toMatchObject({ path: 'digests.weekly.cron', key: 'config.bad_cron' });
    const short = parseConfig(schema, { digests: { weekly: { cron: '0 9 *' } } });
    expect(short.ok ? null : short.problems[0]?.params.problem).toBe(
      'expected 5 fields (minute hour day month weekday), got 3',
    );
  });

  it('guesses only close keys', () => {
    expect(closest('chanel', ['channel', 'managers'])).toBe('channel');
    expect(closest('time_zone', ['timezone', 'locale'])).toBe('timezone');
    expect(closest('xyz', ['channel', 'managers'])).toBeNull();
    // Two letters swapped are one slip, not two.
    expect(closest('lsit', ['list', 'show'])).toBe('list');
    expect(closest('mangaers', ['channel', 'managers'])).toBe('managers');
    expect(closest('lits', ['list', 'show'])).toBe('list');
    expect(closest('sohw', ['list', 'show'])).toBe('show');
    expect(closest('slit', ['list', 'show'])).toBeNull();
  });

  it('words environment problems in the report language', () => {
    try {
      readEnv({ PORT: 'abc', FEISHU_MODE: 'grpc' });
    } catch (err) {
      expect((err as ConfigError).describe('en').split('\n').slice(1)).toEqual([
        '  - PORT: is not a port number (0–65535)',
        '  - FEISHU_MODE: must be http or ws',
      ]);
      expect((err as ConfigError).describe('zh-CN')).toContain('FEISHU_MODE: 只能是 http 或 ws');
      return;
    }
    throw new Error('accepted');
  });
});
