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
  'config.bad_env': { en: 'environment variable {name}: {problem}', 'zh-CN': '环境变量 {name}：{problem}' },
  'config.other': { en: '{detail}', 'zh-CN': '{detail}' },
} as const;
