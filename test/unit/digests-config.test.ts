/**
 * The digests config (PRODUCT.md `digests:` and `tickets.csatAfter`): seed defaults, each kind
 * turned off or rescheduled, and bad values refused with the key named, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, readEnv, resolveConfig } from '../../src/config.ts';

const env = readEnv({});

function refused(doc: unknown, locale: 'en' | 'zh-CN' = 'en'): string {
  try {
    resolveConfig(doc, 'sopbot.yaml', env);
  } catch (err) {
    if (err instanceof ConfigError) return err.describe(locale);
    throw err;
  }
  throw new Error('config was accepted');
}

describe('digests config', () => {
  it('defaults from the seeds: daily 09:00, weekly Monday 09:00, monthly the 1st 09:00; CSAT after 24h', () => {
    const c = resolveConfig({}, null, env);
    expect(c.digests).toEqual({
      daily: '0 9 * * *',
      weekly: '0 9 * * 1',
      monthly: '0 9 1 * *',
      to: ['channel', 'managers'],
      charts: true,
    });
    expect(c.tickets.csatAfter).toBe(24 * 3_600_000);
    // Another tickets key given: csatAfter still defaults.
    expect(resolveConfig({ tickets: { reaction: 'eyes' } }, null, env).tickets.csatAfter).toBe(86_400_000);
  });

  it('a kind can be turned off or moved; recipients, charts and the CSAT delay are read', () => {
    const c = resolveConfig(
      {
        digests: {
          daily: false,
          weekly: { cron: '30 8 * * 1' },
          monthly: { cron: false },
          to: ['managers'],
          charts: false,
        },
        tickets: { csatAfter: '2h' },
      },
      null,
      env,
    );
    expect(c.digests).toEqual({
      daily: false,
      weekly: '30 8 * * 1',
      monthly: false,
      to: ['managers'],
      charts: false,
    });
    expect(c.tickets.csatAfter).toBe(7_200_000);
    expect(resolveConfig({ tickets: { csatAfter: false } }, null, env).tickets.csatAfter).toBe(false);
  });

  it('refuses bad values, naming the key', () => {
    expect(refused({ digests: { weekly: { cron: 'every monday' } } })).toContain(
      'digests.weekly.cron: "every monday" is not a 5-field cron expression',
    );
    expect(refused({ digests: { daily: { cron: '0 25 * * *' } } }, 'zh-CN')).toContain(
      'digests.daily.cron: “0 25 * * *”不是 5 段 cron 表达式',
    );
    expect(refused({ digests: { to: ['everyone'] } })).toContain(
      'digests.to.0: must list channel and/or managers.',
    );
    expect(refused({ digests: { hourly: { cron: '0 * * * *' } } })).toContain('digests');
    expect(refused({ digests: { weekly: { cron: '0 9 * * 1', at: 'x' } } })).toContain('digests.weekly');
    expect(refused({ tickets: { csatAfter: 'soon' } })).toContain(
      'tickets.csatAfter: "soon" is not a duration like 24h, or false.',
    );
  });
});
