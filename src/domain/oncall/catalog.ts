import { registerCatalog } from '../../core/i18n/index.ts';

/** Strings of the oncall module (each entry in en and zh-CN). */
export const catalog = {
  'oncall.summary': {
    en: 'who is on call now and next; overrides',
    'zh-CN': '值班：当前和下一位值班人，临时替班',
  },
  'oncall.usage_head': {
    en: '/oncall [team]   who is on call now and next, per tier',
    'zh-CN': '/值班 [团队]   各级别当前和下一位值班人',
  },
  'oncall.use.override': {
    en: '<team> <tier> <@user> <duration>   (admins) someone covers a tier for a while, e.g. 8h',
    'zh-CN': '<团队> <级别> <@成员> <时长>   （管理员）临时替班，例如 8h 或 8小时',
  },
  'oncall.unknown_team': {
    en: 'There is no team "{team}".{guess} Teams: {teams}.',
    'zh-CN': '没有名为“{team}”的团队。{guess}可用团队：{teams}。',
  },
  'oncall.unknown_tier': {
    en: 'Team {team} has no tier "{tier}". Tiers: {tiers}.',
    'zh-CN': '团队 {team} 没有级别“{tier}”。可用级别：{tiers}。',
  },
  'oncall.team_required': {
    en: 'Which team? e.g. /oncall override support L1 @ann 8h',
    'zh-CN': '请指定团队，例如 /值班 替班 support L1 @ann 8h',
  },
  'oncall.tier_required': { en: 'Which tier? e.g. L1', 'zh-CN': '请指定级别，例如 L1' },
  'oncall.duration_required': {
    en: 'For how long? e.g. 8h or 2d',
    'zh-CN': '请指定时长，例如 8h、8小时 或 2天',
  },
  'oncall.bad_duration': {
    en: '"{value}" is not a duration (write 30m, 8h, 2d or 1w).',
    'zh-CN': '“{value}”不是有效时长（应写作 30m、8h、2d、1w，或 30分钟、8小时、2天）。',
  },
  'oncall.duration_too_long': {
    en: 'An override can last at most {max}.',
    'zh-CN': '替班最长 {max}。',
  },
  'oncall.title': { en: 'On call · team {team}', 'zh-CN': '值班 · 团队 {team}' },
  'oncall.no_tiers': {
    en: 'Team {team} has no escalation tiers configured, so nobody is paged. Add them to sopbot.yaml, e.g.:\n  teams:\n    {team}:\n      tiers:\n        - { name: L1, rotation: { members: [U0ANN, U0BOB], every: 1w, handoff: mon 09:00 } }\n        - { name: L2, rotation: { members: [U0CAT] } }',
    'zh-CN':
      '团队 {team} 没有配置升级级别，因此不会呼叫任何人。请在 sopbot.yaml 中添加，例如：\n  teams:\n    {team}:\n      tiers:\n        - { name: L1, rotation: { members: [U0ANN, U0BOB], every: 1w, handoff: mon 09:00 } }\n        - { name: L2, rotation: { members: [U0CAT] } }',
  },
  'oncall.tier_line': {
    en: '{tier}: {now} · next {next} from {from}',
    'zh-CN': '{tier}：{now} · 下一位 {next}，{from} 起',
  },
  'oncall.tier_line_single': { en: '{tier}: {now}', 'zh-CN': '{tier}：{now}' },
  'oncall.until': { en: ' until {time}', 'zh-CN': '（至 {time}）' },
  'oncall.override_mark': { en: ' (override)', 'zh-CN': '（替班）' },
  'oncall.override_until': { en: ' (override until {time})', 'zh-CN': '（替班至 {time}）' },
  'oncall.managers_line': { en: 'Managers: {users}', 'zh-CN': '主管：{users}' },
  'oncall.override_set': {
    en: '👤 {user} covers {tier} of team {team} until {time} (set by {admin}).',
    'zh-CN': '👤 {user} 替班团队 {team} 的 {tier}，至 {time}（由 {admin} 设置）。',
  },
  'oncall.override_ended': {
    en: '👤 Override ended: {user} is on call for {tier} of team {team} again.',
    'zh-CN': '👤 替班结束：{user} 重新担任团队 {team} 的 {tier} 值班。',
  },
  'oncall.handoff': {
    en: '🔄 {tier} on-call handoff for team {team}: {from} → {to}, until {time}.',
    'zh-CN': '🔄 团队 {team} 的 {tier} 值班交接：{from} → {to}，至 {time}。',
  },
} as const;

declare module '../../core/i18n/index.ts' {
  interface Messages extends Record<keyof typeof catalog, true> {}
}

registerCatalog(catalog);
