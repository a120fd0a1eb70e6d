/**
 * Every user-facing string of the daily module (each key holds its en and zh-CN text side by
 * side), registered with the core catalog when this file loads, so `t('daily.…')` is checked.
 * `config.daily_*` keys are config problems: the `config.` prefix makes the loader report them
 * with their path.
 */
import { registerCatalog } from '../../core/i18n/index.ts';

export const catalog = {
  // config problems
  'config.daily_bad_time': {
    en: '"{value}" is not a time of day (write HH:MM, e.g. "09:00")',
    'zh-CN': '“{value}”不是有效时间（应写作 HH:MM，例如 "09:00"）',
  },
  'config.daily_bad_day': {
    en: '"{value}" is not a weekday (mon, tue, wed, thu, fri, sat, sun)',
    'zh-CN': '“{value}”不是星期（mon、tue、wed、thu、fri、sat、sun）',
  },
  'config.daily_bad_boolean': { en: 'must be true or false', 'zh-CN': '应为 true 或 false' },
  'config.daily_bad_label': {
    en: 'a label is a text, or { zh-CN: …, en: … } with at least one of them',
    'zh-CN': '标签应为文本，或 { zh-CN: …, en: … }（至少写一种语言）',
  },
  'config.daily_bad_key': {
    en: 'a field key starts with a letter and holds only letters, digits and _ (at most 40)',
    'zh-CN': '字段 key 以字母开头，只含字母、数字和 _（最多 40 个字符）',
  },
  'config.daily_bad_type': {
    en: 'type must be text, multiline or number',
    'zh-CN': 'type 应为 text、multiline 或 number',
  },
  'config.daily_bad_unit': { en: 'a unit has at most 10 characters', 'zh-CN': '单位最多 10 个字符' },
  'config.daily_bad_total': { en: 'total must be sum or avg', 'zh-CN': 'total 应为 sum 或 avg' },
  'config.daily_number_only': {
    en: 'field "{key}": target, unit and total apply only to fields of type: number',
    'zh-CN': '字段“{key}”：target、unit 和 total 只适用于 type: number 的字段',
  },
  'config.daily_blocker_text': {
    en: 'field "{key}": a number field cannot be a blocker (blocker: true is for text answers)',
    'zh-CN': '字段“{key}”：数字字段不能作为阻塞项（blocker: true 只用于文本回答）',
  },
  'config.daily_bad_target': {
    en: '"{value}" is not a target (write >=100, >100, <=5, <5, =100, 100 meaning at least 100, or 80..120)',
    'zh-CN': '“{value}”不是有效目标（可写 >=100、>100、<=5、<5、=100、100（即至少 100）或 80..120）',
  },
  'config.daily_no_fields': { en: 'at least one field is needed', 'zh-CN': '至少需要一个字段' },
  'config.daily_too_many_fields': { en: 'at most 20 fields', 'zh-CN': '最多 20 个字段' },
  'config.daily_duplicate_key': {
    en: 'the field key "{key}" is used twice',
    'zh-CN': '字段 key“{key}”重复',
  },
  'config.daily_duplicate_label': {
    en: 'the label "{label}" is used by two fields (`/daily <text>` could not tell them apart)',
    'zh-CN': '标签“{label}”被两个字段使用（`/daily <文本>` 将无法区分）',
  },
  'config.daily_bad_review': {
    en: '"{value}" is not a weekly time (write e.g. "fri 17:00"), or false',
    'zh-CN': '“{value}”不是每周时间（例如 "fri 17:00"），或写 false',
  },
  'config.daily_too_many_reminders': { en: 'at most 5 reminders', 'zh-CN': '最多 5 次提醒' },
  'config.daily_no_days': { en: 'at least one report day is needed', 'zh-CN': '至少需要一个日报日' },
  'config.daily_cutoff_before_prompt': {
    en: 'cutoff {cutoff} must be later on the same day than prompt {prompt}',
    'zh-CN': '截止时间 {cutoff} 应在同一天的提醒时间 {prompt} 之后',
  },
  'config.daily_remind_outside': {
    en: 'reminder {value} must fall after prompt {prompt} and before cutoff {cutoff}',
    'zh-CN': '提醒 {value} 应在发问时间 {prompt} 之后、截止时间 {cutoff} 之前',
  },
  'config.daily_bad_calendar': {
    en: 'calendar "{value}" is not defined under calendars (or write false)',
    'zh-CN': '日历“{value}”没有在 calendars 中定义（或写 false）',
  },
  // targets
  'daily.target.at_least': { en: '≥ {value}', 'zh-CN': '≥ {value}' },
  'daily.target.more_than': { en: '> {value}', 'zh-CN': '> {value}' },
  'daily.target.at_most': { en: '≤ {value}', 'zh-CN': '≤ {value}' },
  'daily.target.less_than': { en: '< {value}', 'zh-CN': '< {value}' },
  'daily.target.exactly': { en: '= {value}', 'zh-CN': '= {value}' },
  'daily.target.range': { en: '{min}–{max}', 'zh-CN': '{min}–{max}' },
  // the report form
  'daily.form.title': { en: 'Daily report', 'zh-CN': '今日日报' },
  'daily.form.submit': { en: 'Submit', 'zh-CN': '提交' },
  'daily.form.cancel': { en: 'Cancel', 'zh-CN': '取消' },
  'daily.form.target_hint': { en: 'Target: {target}', 'zh-CN': '目标：{target}' },
  // `/daily <text>`
  'daily.parse.not_number': {
    en: '"{field}" takes a number, and "{value}" has none (e.g. "{field}: 120").',
    'zh-CN': '“{field}”需要填数字，“{value}”中没有数字（例如“{field}：120”）。',
  },
  'daily.parse.number_twice': {
    en: '"{field}" is given twice: write it once.',
    'zh-CN': '“{field}”填写了两次，请只写一次。',
  },
  'daily.parse.empty': {
    en: 'The report is empty: write your answers after /daily, one field per line (e.g. "Plan: …").',
    'zh-CN': '日报是空的：请在 /daily 后写上内容，每行一个字段（例如“今天计划：…”）。',
  },
  'daily.parse.too_long': {
    en: '"{field}" is too long (at most {max} characters).',
    'zh-CN': '“{field}”过长（最多 {max} 个字符）。',
  },
  'daily.parse.missing': {
    en: '"{field}" is required: add a line "{field}: …".',
    'zh-CN': '“{field}”为必填项，请加一行“{field}：…”。',
  },
  // `/daily off`
  'daily.off.missing': {
    en: 'Which days? Write a date or a range, e.g. /daily off 2026-12-24..2026-12-31 annual leave.',
    'zh-CN': '请写明日期或日期范围，例如 /daily off 2026-12-24..2026-12-31 年假。',
  },
  'daily.off.bad_date': {
    en: '"{value}" is not a date: write YYYY-MM-DD, today or tomorrow.',
    'zh-CN': '“{value}”不是有效日期：请写 YYYY-MM-DD、今天或明天。',
  },
  'daily.off.end_before_start': {
    en: 'The range ends ({to}) before it starts ({from}).',
    'zh-CN': '结束日期（{to}）早于开始日期（{from}）。',
  },
  'daily.off.too_long': {
    en: 'That is {days} days; one request covers at most {max}.',
    'zh-CN': '共 {days} 天，一次最多请 {max} 天。',
  },
  'daily.off.too_far': {
    en: '{from} is more than {max} days ahead.',
    'zh-CN': '{from} 距今超过 {max} 天。',
  },
  'daily.off.too_old': {
    en: '{to} is more than {max} days ago.',
    'zh-CN': '{to} 已过去超过 {max} 天。',
  },
  'daily.off.reason_too_long': {
    en: 'The reason is too long (at most {max} characters).',
    'zh-CN': '原因过长（最多 {max} 个字符）。',
  },
  // shared punctuation
  'daily.colon': { en: ': ', 'zh-CN': '：' },
  'daily.list_sep': { en: ', ', 'zh-CN': '、' },
  // the compiled report
  'daily.compiled.title': { en: '{team} daily reports · {date}', 'zh-CN': '{team} 日报汇总 · {date}' },
  'daily.compiled.text': {
    en: '{team} daily reports {date}: {filed}/{expected} filed, {missing} missing, {off} off, {blockers} blockers',
    'zh-CN': '{team} 日报 {date}：已提交 {filed}/{expected}，未提交 {missing}，请假 {off}，阻塞 {blockers}',
  },
  'daily.compiled.filed': { en: 'Filed', 'zh-CN': '已提交' },
  'daily.compiled.missing_count': { en: 'Missing', 'zh-CN': '未提交' },
  'daily.compiled.off_count': { en: 'Off', 'zh-CN': '请假' },
  'daily.compiled.blocker_count': { en: 'Blockers', 'zh-CN': '阻塞问题' },
  'daily.compiled.answers': { en: 'Reports', 'zh-CN': '报告' },
  'daily.compiled.edited': { en: ' (edited)', 'zh-CN': '（已修改）' },
  'daily.compiled.missing': { en: 'Missing ({count})', 'zh-CN': '未提交（{count}）' },
  'daily.compiled.off': { en: 'Off ({count})', 'zh-CN': '请假（{count}）' },
  'daily.compiled.kpis': { en: 'KPIs', 'zh-CN': '数据指标' },
  'daily.compiled.member': { en: 'Member', 'zh-CN': '成员' },
  'daily.compiled.team_total': { en: 'Team total', 'zh-CN': '团队合计' },
  'daily.compiled.more': { en: '… and {count} more', 'zh-CN': '…… 另有 {count} 项' },
  'daily.compiled.blockers': { en: 'Blockers ({count})', 'zh-CN': '阻塞问题（{count}）' },
  'daily.compiled.blocker_age': { en: 'day {day}', 'zh-CN': '第 {day} 天' },
  'daily.compiled.context': { en: 'Compiled at {time}', 'zh-CN': '汇总于 {time}' },
  // the weekly review (卡若五步法)
  'daily.review.title': { en: '{team} weekly review (week {week})', 'zh-CN': '{team} 周复盘（第{week}周）' },
  'daily.review.numbers': { en: "This week's numbers ({from} – {to})", 'zh-CN': '本周数据（{from} – {to}）' },
  'daily.review.kpi_line': {
    en: '{label}: {total} (target {target}, {rate}) {mark}',
    'zh-CN': '{label}：{total}（目标 {target}，完成率 {rate}）{mark}',
  },
  'daily.review.reports': {
    en: 'Daily reports: {filed}/{expected} filed ({rate})',
    'zh-CN': '日报提交：{filed}/{expected}（{rate}）',
  },
  'daily.review.blockers': {
    en: 'Blockers: {opened} opened, {resolved} resolved, {open} still open',
    'zh-CN': '阻塞问题：新增 {opened}，解决 {resolved}，仍未解决 {open}',
  },
  'daily.review.tickets': {
    en: 'Tickets: {resolved} resolved, SLA compliance {sla}',
    'zh-CN': '工单：解决 {resolved} 个，SLA 达成率 {sla}',
  },
  'daily.review.last_actions': {
    en: "Last week's actions (check the ones done)",
    'zh-CN': '上周行动（勾选已完成的）',
  },
  'daily.review.last_actions_done': { en: "Last week's actions", 'zh-CN': '上周行动' },
  'daily.review.actions_hint': { en: 'One action per line', 'zh-CN': '每行一项行动' },
  // the monthly board
  'daily.board.title': { en: '{team} monthly KPI board · {month}', 'zh-CN': '{team} 月度数据看板 · {month}' },
  'daily.board.kpi': { en: 'KPI', 'zh-CN': '指标' },
  'daily.board.target': { en: 'Target', 'zh-CN': '目标' },
  'daily.board.actual': { en: 'Actual', 'zh-CN': '实际' },
  'daily.board.rate': { en: 'Completion', 'zh-CN': '完成率' },
  'daily.board.mom': { en: 'vs last month', 'zh-CN': '环比' },
  'daily.board.empty': { en: 'No KPIs this month.', 'zh-CN': '本月没有数据指标。' },
} as const satisfies Record<string, { readonly en: string; readonly 'zh-CN': string }>;

declare module '../../core/i18n/index.ts' {
  interface Messages extends Record<keyof typeof catalog, true> {}
}

registerCatalog(catalog);
