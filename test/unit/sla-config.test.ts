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

describe('sla: config section', () => {
  it('defaults: warnings at 50% and 80%, re-ping after 10m up to 3 times, P0 pages in-app', () => {
    expect(resolveConfig({}, null, env).sla).toEqual({
      warnAt: [0.5, 0.8],
      repingAfter: 600_000,
      maxRepings: 3,
      urgentP0: 'app',
      countdownEvery: 60_000,
      stallAfter: 60_000,
      auditEvery: 30_000,
    });
  });

  it('reads every key', () => {
    const sla = resolveConfig(
      {
        sla: {
          warnAt: [0.25, 0.9],
          repingAfter: '5m',
          maxRepings: 0,
          urgentP0: 'phone',
          countdownEvery: '30s',
          stallAfter: '2m',
          auditEvery: '10s',
        },
        intake: [{ channel: 'oc_1', team: 'ops' }],
        teams: { ops: { channel: 'oc_1', platform: 'feishu' } },
      },
      'x.yaml',
      env,
    );
    expect(sla.sla).toMatchObject({
      warnAt: [0.25, 0.9],
      repingAfter: 300_000,
      maxRepings: 0,
      urgentP0: 'phone',
    });
    expect(sla.teams.ops?.platform).toBe('feishu');
  });

  it('names the key and the problem', () => {
    expect(problems({ sla: { warnAt: [0.5, 1.5] } })).toContain(
      'sla.warnAt.1: warnAt takes up to 5 fractions',
    );
    expect(problems({ sla: { urgentP0: 'fax' } })).toContain('sla.urgentP0: must be app, sms or phone');
    expect(problems({ sla: { repingAfter: 'soon' } })).toContain('sla.repingAfter: "soon" is not a duration');
    expect(problems({ sla: { maxRepings: 2.5 } })).toContain(
      'sla.maxRepings: must be a whole number from 0 to 20',
    );
    expect(problems({ sla: { repingEvery: '5m' } })).toMatch(
      /sla\.repingEvery: unknown key \(known here: .*repingAfter/,
    );
    expect(problems({ teams: { ops: { platform: 'irc' } } })).toContain(
      'teams.ops.platform: must be slack, feishu or console',
    );
  });
});
