/**
 * The `releases:` section of the config: the defaults, the PRODUCT.md shape, and start-up refusals
 * naming the key (and, for a bad template, the file and the key inside it), in both languages.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readEnv, resolveConfig } from '../../src/config.ts';
import { scheduledName } from '../../src/domain/releases/index.ts';

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

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sopbot-release-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('releases config', () => {
  it('defaults: the built-in templates, a 15-minute re-ping, no schedules, the admins decide', () => {
    const c = resolveConfig({}, null, env);
    expect(c.releases.templates.size).toBe(18);
    expect(c.releases.remindEvery).toBe(15 * 60_000);
    expect(c.releases.approvers).toBeNull();
    expect(c.releases.schedules).toEqual([]);
  });

  it('reads the PRODUCT.md shape with a templates folder beside the built-ins', () => {
    const dir = folder({
      'drill.yaml':
        'name: drill\ntitle: Drill\nsections:\n  - title: S\n    steps:\n      - { id: a, title: A, due: T+1h }\n',
    });
    const c = resolveConfig(
      {
        releases: {
          templates: dir,
          approvers: ['U0LEAD'],
          remindEvery: '30m',
          schedules: [
            { template: 'daily-checks', cron: '0 10 * * 1-5', channel: 'C0OPS' },
            { template: 'hourly-checks', cron: '0 * * * *', channel: 'C0OPS', roles: { 运维: 'U0OPS' } },
          ],
        },
      },
      'sopbot.yaml',
      env,
    );
    expect(c.releases.templates.get('drill')?.steps).toHaveLength(1);
    expect(c.releases.approvers).toEqual(['U0LEAD']);
    expect(c.releases.remindEvery).toBe(30 * 60_000);
    expect(c.releases.schedules.map((s) => [s.key, s.roles])).toEqual([
      ['daily-checks@C0OPS', {}],
      ['hourly-checks@C0OPS', { 运维: ['U0OPS'] }],
    ]);
    expect(resolveConfig({ releases: { remindEvery: false } }, null, env).releases.remindEvery).toBeNull();
  });

  it('a bad template stops start-up naming the file and the key', () => {
    const dir = folder({
      'drill.yaml':
        'name: drill\ntitle: Drill\nsections:\n  - title: S\n    steps:\n      - { id: a, title: A, due: T+2x }\n',
    });
    const text = problems({ releases: { templates: dir } });
    expect(text).toContain('Invalid configuration in sopbot.yaml');
    expect(text).toContain(
      `releases.templates: ${dir}/drill.yaml: sections.0.steps.0.due: "T+2x" is not a due time`,
    );
    expect(problems({ releases: { templates: dir } }, 'zh-CN')).toContain(
      'sections.0.steps.0.due: “T+2x”不是有效的截止时间',
    );
    expect(problems({ releases: { templates: join(dir, 'missing') } })).toContain(
      'does not exist (releases.templates)',
    );
  });

  it('refuses bad schedules, re-pings and unknown keys, naming the key', () => {
    const text = problems({
      releases: {
        remindEvery: '30s',
        schedules: [
          { template: 'nope', cron: '0 10 * * *', channel: 'C1' },
          { template: 'daily-checks', cron: '61 * * * *', channel: 'C1' },
        ],
      },
    });
    expect(text).toContain('releases.remindEvery: "30s" is too short for remindEvery');
    const bad = problems({
      releases: {
        schedules: [
          { template: 'nope', cron: '0 10 * * *', channel: 'C1' },
          { template: 'hourly-checks', cron: '0 * * * *', channel: 'C1', roles: { 老板: 'U1' } },
          { template: 'daily-checks', cron: '0 10 * * *', channel: 'C1' },
          { template: 'daily-checks', cron: '0 18 * * *', channel: 'C1' },
        ],
      },
    });
    expect(bad).toContain('releases.schedules.0.template: There is no template "nope"');
    expect(bad).toContain('releases.schedules.1.roles.老板: template hourly-checks has no role "老板"');
    expect(bad).toContain('releases.schedules.3.name: two schedules are named daily-checks in channel C1');
    expect(
      problems({
        releases: { schedules: [{ template: 'daily-checks', cron: '61 * * * *', channel: 'C1' }] },
      }),
    ).toContain('releases.schedules.0.cron: "61 * * * *" is not a cron expression');
    expect(problems({ releases: { remind: '15m' } })).toContain('releases');
  });

  it('loads from SOPBOT_CONFIG: a broken template in the folder is refused at load', () => {
    const templates = folder({ 'x.yaml': 'name: x\ntitle: X\nsections: []\n' });
    const dir = folder({ 'sopbot.yaml': `releases:\n  templates: ${templates}\n` });
    expect(() => loadConfig({ SOPBOT_CONFIG: join(dir, 'sopbot.yaml') })).toThrow(ConfigError);
  });

  it('names scheduled runs with their date, and with the time when the cron fires more than daily', () => {
    const base = { key: 'k', template: 'daily-checks', channel: 'C1', name: 'daily-checks', roles: {} };
    const slot = new Date('2026-12-01T02:00:00Z');
    expect(scheduledName({ ...base, cron: '0 10 * * 1-5' }, slot, 'Asia/Shanghai')).toBe(
      'daily-checks 2026-12-01',
    );
    expect(scheduledName({ ...base, cron: '0 * * * *', name: 'hourly' }, slot, 'Asia/Shanghai')).toBe(
      'hourly 2026-12-01 10:00',
    );
  });
});
