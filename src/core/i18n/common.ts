/** Strings shared by every module: generic replies, errors and labels. */
export const common = {
  'common.internal_error': {
    en: 'Something went wrong on our side (ref {ref}). The team has been notified in the logs; please try again.',
    'zh-CN': '系统内部出错（参考编号 {ref}），已记录日志，请稍后重试。',
  },
  'common.usage': { en: 'Usage:', 'zh-CN': '用法：' },
  'common.unknown_command': {
    en: 'Unknown command "{name}". Commands: {list}',
    'zh-CN': '未知命令“{name}”。可用命令：{list}',
  },
  'common.list_sep': { en: ', ', 'zh-CN': '、' },
  'common.overview_head': {
    en: 'sopbot commands (type /<command> help for each one, e.g. /ticket help):',
    'zh-CN': 'sopbot 命令（输入 /<命令> help 查看各命令用法，例如 /工单 help）：',
  },
  'common.did_you_mean': {
    en: ' Did you mean "{word}"?',
    'zh-CN': '你是不是想写“{word}”？',
  },
  'common.unknown_command_guess': {
    en: 'Unknown command "{name}": did you mean {guess}? Commands: {list}',
    'zh-CN': '未知命令“{name}”，你是不是想用 {guess}？可用命令：{list}',
  },
  'common.also_written': { en: 'Also written: {names}', 'zh-CN': '也可写作：{names}' },
  'common.unknown_subcommand': {
    en: 'Unknown subcommand "{sub}".',
    'zh-CN': '未知的子命令“{sub}”。',
  },
  'common.unknown_subcommand_guess': {
    en: 'Unknown subcommand "{sub}": did you mean "{guess}"?',
    'zh-CN': '未知的子命令“{sub}”，你是不是想用“{guess}”？',
  },
  'common.invalid_args': { en: 'Invalid arguments: {detail}', 'zh-CN': '参数无效：{detail}' },
  'common.not_admin': {
    en: 'Only admins can do that (see `admins` in the config).',
    'zh-CN': '只有管理员可以执行此操作（见配置中的 admins）。',
  },
  'common.nobody': { en: 'nobody', 'zh-CN': '无' },
  'common.none': { en: 'none', 'zh-CN': '无' },
  'common.yes': { en: 'yes', 'zh-CN': '是' },
  'common.no': { en: 'no', 'zh-CN': '否' },
  'common.bad_user': {
    en: '"{value}" is not a user: mention someone, e.g. @name.',
    'zh-CN': '“{value}”不是用户，请 @ 一位成员。',
  },
  'common.bad_number': {
    en: '"{value}" is not a ticket id like #42.',
    'zh-CN': '“{value}”不是工单号（例如 #42）。',
  },
  'common.too_long': {
    en: 'Text is too long ({length} characters, at most {max}).',
    'zh-CN': '文本过长（{length} 个字符，最多 {max} 个）。',
  },
  'common.required': { en: '{what} is required.', 'zh-CN': '缺少{what}。' },
  'common.duration': { en: '{value}', 'zh-CN': '{value}' },
} as const;
