/**
 * The daily-reports config the e2e tests share: prompt, reminder and cutoff minutes apart, the
 * seed's text fields (遇到问题 feeds the blocker ledger) and one numeric KPI with a daily target.
 */

/** The report fields: three text questions and `calls` (≥ 100 a day). */
export const DAILY_FIELDS = [
  { key: 'done', label: { 'zh-CN': '昨天完成', en: 'Done yesterday' } },
  { key: 'plan', label: { 'zh-CN': '今天计划', en: 'Plan for today' } },
  { key: 'issues', label: { 'zh-CN': '遇到问题', en: 'Problems' }, blocker: true },
  { key: 'calls', label: { 'zh-CN': '外呼数', en: 'Calls' }, type: 'number', target: '>=100', unit: 'calls' },
];

/** A one-team config: the team channel, its members, 09:00 / 09:05 / 09:10 in `timezone`. */
export function dailyConfig(opts: {
  channel: string;
  members: unknown[];
  intake?: string;
  locale?: 'en' | 'zh-CN';
  timezone?: string;
  managers?: string[];
}) {
  return {
    locale: opts.locale ?? 'en',
    timezone: opts.timezone ?? 'UTC',
    admins: ['admin'],
    intake: [{ channel: opts.intake ?? 'support', team: 'support' }],
    teams: {
      support: {
        channel: opts.channel,
        managers: opts.managers ?? ['boss'],
        members: opts.members,
        tiers: [],
      },
    },
    daily: { prompt: '09:00', remind: ['09:05'], cutoff: '09:10', fields: DAILY_FIELDS },
    // The digests' 09:00 slots would post to the same channel and managers: not what these test.
    digests: { daily: false, weekly: false, monthly: false },
  };
}
