/** Start-up configuration errors, for the admin reading the log. */
export const config = {
  'config.invalid': {
    en: 'Invalid configuration in {file}:',
    'zh-CN': '配置文件 {file} 有误：',
  },
  'config.unreadable': {
    en: 'Cannot read config file {file}: {reason}',
    'zh-CN': '无法读取配置文件 {file}：{reason}',
  },
  'config.yaml': { en: 'Not valid YAML: {reason}', 'zh-CN': 'YAML 格式错误：{reason}' },
  'config.bad_duration': {
    en: '"{value}" is not a duration (write 30s, 15m, 2h, 3d or 1w)',
    'zh-CN': '“{value}”不是有效时长（应写作 30s、15m、2h、3d 或 1w）',
  },
  'config.bad_timezone': {
    en: '"{value}" is not an IANA time zone (e.g. Asia/Shanghai)',
    'zh-CN': '“{value}”不是有效的 IANA 时区（例如 Asia/Shanghai）',
  },
  'config.bad_hours': {
    en: 'hours must look like "09:00-18:00", start before end',
    'zh-CN': '工作时间应写作 "09:00-18:00"，且开始早于结束',
  },
  'config.bad_date': {
    en: '"{value}" is not a date (YYYY-MM-DD)',
    'zh-CN': '“{value}”不是有效日期（YYYY-MM-DD）',
  },
  'config.bad_calendar': {
    en: 'calendar "{value}" is neither 24x7 nor defined under calendars',
    'zh-CN': '日历“{value}”既不是 24x7，也没有在 calendars 中定义',
  },
  'config.bad_team': {
    en: 'team "{value}" is not defined under teams',
    'zh-CN': '团队“{value}”没有在 teams 中定义',
  },
  'config.bad_handoff': { en: 'handoff must look like "mon 09:00"', 'zh-CN': '交接时间应写作 "mon 09:00"' },
  'config.env_port': { en: 'is not a port number (0–65535)', 'zh-CN': '不是有效端口号（0–65535）' },
  'config.env_database_url': {
    en: 'must start with postgres:// or postgresql://',
    'zh-CN': '应以 postgres:// 或 postgresql:// 开头',
  },
  'config.env_feishu_mode': { en: 'must be http or ws', 'zh-CN': '只能是 http 或 ws' },
  'config.other': { en: '{detail}', 'zh-CN': '{detail}' },
  'config.bad_cron': {
    en: '"{value}" is not a cron expression ({problem}); write 5 fields: minute hour day month weekday, e.g. "0 9 * * 1"',
    'zh-CN': '“{value}”不是有效的 cron 表达式（{problem}）；应为 5 段：分 时 日 月 周，例如 "0 9 * * 1"',
  },
  'config.unknown_key_guess': {
    en: 'unknown key; did you mean "{guess}"?',
    'zh-CN': '未知配置项；是否想写 “{guess}”？',
  },
  'config.unknown_key': {
    en: 'unknown key (known here: {known})',
    'zh-CN': '未知配置项（此处可用：{known}）',
  },
  'config.missing': { en: 'is required', 'zh-CN': '必须填写' },
  'config.bad_type': {
    en: 'expected {expected}, got {received}',
    'zh-CN': '应为{expected}，实际是{received}',
  },
  'config.bad_choice': { en: 'must be one of: {values}', 'zh-CN': '只能是以下之一：{values}' },
  'config.too_small_items': { en: 'needs at least {n} item(s)', 'zh-CN': '至少需要 {n} 项' },
  'config.too_small_length': { en: 'must not be empty', 'zh-CN': '不能为空' },
  'config.too_small_number': { en: 'must be at least {n}', 'zh-CN': '不能小于 {n}' },
  'config.too_big_items': { en: 'at most {n} item(s)', 'zh-CN': '最多 {n} 项' },
  'config.too_big_length': { en: 'at most {n} characters', 'zh-CN': '最多 {n} 个字符' },
  'config.too_big_number': { en: 'must be at most {n}', 'zh-CN': '不能大于 {n}' },
  'config.bad_format': { en: '"{value}" has the wrong format', 'zh-CN': '“{value}”格式不正确' },
  'config.bad_value': { en: 'is not a valid value here', 'zh-CN': '此处的值无效' },
  'config.type.string': { en: 'text', 'zh-CN': '文本' },
  'config.type.number': { en: 'a number', 'zh-CN': '数字' },
  'config.type.boolean': { en: 'true or false', 'zh-CN': 'true 或 false' },
  'config.type.object': { en: 'a section of keys', 'zh-CN': '由配置项组成的段落' },
  'config.type.array': { en: 'a list', 'zh-CN': '列表' },
  'config.type.null': { en: 'nothing', 'zh-CN': '空值' },
  'config.type.date': { en: 'a date', 'zh-CN': '日期' },
  'startup.port_in_use': {
    en: 'Port {port} is already in use: stop what is listening there, or set PORT to another port.',
    'zh-CN': '端口 {port} 已被占用：请停止占用该端口的程序，或设置 PORT 使用其他端口。',
  },
  'startup.data_dir_locked': {
    en: 'Another sopbot (pid {pid}) is using {dir}: stop it, or set DATA_DIR or DATABASE_URL.',
    'zh-CN': '另一个 sopbot 进程（pid {pid}）正在使用 {dir}：请先停止它，或设置 DATA_DIR / DATABASE_URL。',
  },
  'startup.database_unreachable': {
    en: 'Cannot reach the database at {target} ({reason}): is Postgres running, and is DATABASE_URL right?',
    'zh-CN': '无法连接数据库 {target}（{reason}）：请确认 Postgres 已启动且 DATABASE_URL 正确。',
  },
  'startup.database_refused': {
    en: 'The database at {target} refused sopbot ({reason}): check the user, password and database name in DATABASE_URL.',
    'zh-CN': '数据库 {target} 拒绝了连接（{reason}）：请检查 DATABASE_URL 中的用户、密码和数据库名。',
  },
  'startup.slack_token': {
    en: 'Slack refused SLACK_BOT_TOKEN ({reason}): copy the Bot User OAuth Token (xoxb-…) from Install App.',
    'zh-CN':
      'Slack 拒绝了 SLACK_BOT_TOKEN（{reason}）：请从 Install App 页面复制 Bot User OAuth Token（xoxb-…）。',
  },
  'startup.slack_unreachable': {
    en: 'Cannot reach Slack at {url} ({reason}): check the network or SLACK_API_URL.',
    'zh-CN': '无法连接 Slack（{url}，{reason}）：请检查网络或 SLACK_API_URL。',
  },
  'startup.failed': {
    en: 'sopbot failed to start: {reason} (set SOPBOT_DEBUG=1 for the details).',
    'zh-CN': 'sopbot 启动失败：{reason}（设置 SOPBOT_DEBUG=1 可查看详情）。',
  },
} as const;
