/**
 * A team with no escalation tiers (a real platform's built-in default): `/oncall` says nobody is
 * paged and shows how to configure tiers, in the reader's language.
 */
import { describe, expect, it } from 'vitest';
import { useConsoleApp } from '../helpers/console.ts';

function noTiers(locale: 'en' | 'zh-CN') {
  return useConsoleApp({
    config: {
      locale,
      timezone: 'UTC',
      intake: [{ channel: 'support', team: 'support' }],
      teams: { support: { channel: 'support-team', managers: [] } },
    },
    start: Date.parse('2026-03-04T12:00:00Z'),
    user: 'me',
    channel: 'support',
  });
}

const en = noTiers('en');
const zh = noTiers('zh-CN');

describe('/oncall for a team without tiers', () => {
  it('explains that nobody is paged and how to add tiers, in English and in Chinese', async () => {
    const out = await en.s.say('/oncall');
    expect(out).toContain('Team support has no escalation tiers configured, so nobody is paged.');
    expect(out).toContain('teams:\n    support:\n      tiers:\n        - { name: L1, rotation:');
    const cn = await zh.s.say('/值班');
    expect(cn).toContain('团队 support 没有配置升级级别，因此不会呼叫任何人。请在 sopbot.yaml 中添加');
    expect(cn).not.toMatch(/nobody|configured/);
  });
});
