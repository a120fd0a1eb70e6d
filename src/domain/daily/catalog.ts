/**
 * Every user-facing string of the daily module (each key holds its en and zh-CN text side by
 * side), registered with the core catalog when this file loads, so `t('daily.…')` is checked.
 * `config.daily_*` keys are config problems: the `config.` prefix makes the loader report them
 * with their path.
 */
import { registerCatalog } from '../../core/i18n/index.ts';

export const catalog = {
  'daily.summary': {
    en: 'daily reports: file, status, days off, weekly review',
    'zh-CN': '日报：提交、进度、请假、周复盘',
  },
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
  // the report form, prompts and reminders
  'daily.form.intro': { en: '{team} · {day}', 'zh-CN': '{team} · {day}' },
  'daily.form.empty': {
    en: 'Answer at least one question.',
    'zh-CN': '请至少回答一个问题。',
  },
  'daily.form.choose_team': {
    en: 'You file daily reports for several teams: which one?',
    'zh-CN': '你在多个团队提交日报：这次为哪个团队填写？',
  },
  'daily.form.team_button': { en: 'Report for {team}', 'zh-CN': '填写 {team} 日报' },
  'daily.prompt.title': { en: 'Daily report', 'zh-CN': '日报' },
  'daily.prompt.text': {
    en: 'Time for your daily report for {team} ({day}). The team report is compiled at {cutoff}.',
    'zh-CN': '该写今天的日报了（{team}，{day}）。团队日报将在 {cutoff} 汇总。',
  },
  'daily.remind.title': { en: 'Daily report reminder', 'zh-CN': '日报提醒' },
  'daily.remind.text': {
    en: 'Reminder: your daily report for {team} ({day}) is still missing. It is compiled at {cutoff}.',
    'zh-CN': '提醒：你还没有提交今天的日报（{team}，{day}），{cutoff} 汇总。',
  },
  // answers to `/daily` and the form
  'daily.filed': {
    en: 'Your daily report for {team} ({day}) is filed.',
    'zh-CN': '已提交日报（{team}，{day}）。',
  },
  'daily.updated': {
    en: 'Your daily report for {team} ({day}) is updated.',
    'zh-CN': '已更新日报（{team}，{day}）。',
  },
  'daily.filed_compiled': {
    en: 'The team report of {day} is updated with it.',
    'zh-CN': '{day} 的团队日报已同步更新。',
  },
  'daily.filed_blockers': {
    en: 'Open blockers: {count} (resolve with /daily resolve <id>).',
    'zh-CN': '未解决的阻塞：{count} 项（用 /日报 解决 <编号> 标记解决）。',
  },
  'daily.one_word': {
    en: '"{word}" is not a /daily subcommand, and nothing was filed: a report of one word is most likely a typo. To file it all the same, write it after a field name ("{field}: {word}").',
    'zh-CN':
      '“{word}”不是 /日报 的子命令，未提交：只有一个单词的日报多半是误输入。确要提交，请写在字段名之后（如“{field}：{word}”）。',
  },
  'daily.not_member': {
    en: 'You are not in any team that files daily reports (teams.<team>.members in the config).',
    'zh-CN': '你不在任何需要提交日报的团队中（见配置 teams.<team>.members）。',
  },
  'daily.no_team': {
    en: 'There is no team "{team}" (teams: {list}).{guess}',
    'zh-CN': '没有名为“{team}”的团队（现有团队：{list}）。{guess}',
  },
  'daily.no_reports': {
    en: 'Team "{team}" has no daily reports configured.',
    'zh-CN': '团队“{team}”没有配置日报。',
  },
  'daily.parse.in_team': { en: '{team}: {reason}', 'zh-CN': '{team}：{reason}' },
  // `/daily off`
  'daily.off.saved': {
    en: 'Days off saved: {period}, {days}. No prompts then, and you are shown as off.',
    'zh-CN': '已登记请假：{period}，共 {days}。期间不会提醒，日报中显示为请假。',
  },
  'daily.day_weekday': { en: '{day} ({weekday})', 'zh-CN': '{day}（{weekday}）' },
  'daily.days_one': { en: '1 day', 'zh-CN': '1 天' },
  'daily.days_many': { en: '{n} days', 'zh-CN': '{n} 天' },
  'daily.off.saved_reason': { en: 'Reason: {reason}', 'zh-CN': '原因：{reason}' },
  // `/daily back`
  'daily.back.saved': {
    en: 'Days off cancelled: {period}, {days}. Those days count as report days again.',
    'zh-CN': '已销假：{period}，共 {days}。这些日子恢复为日报日。',
  },
  'daily.back.saved_today': {
    en: 'Welcome back: today is a report day again; file it with /daily.',
    'zh-CN': '欢迎回来：今天恢复为日报日，可用 /日报 提交。',
  },
  'daily.back.none_today': {
    en: 'You have no days off today or later to cancel.',
    'zh-CN': '你今天及之后没有可取消的请假。',
  },
  'daily.back.none_today_next': {
    en: 'You are not off today. Your next days off are {from} – {to}: cancel them with /daily back {from}..{to}.',
    'zh-CN': '你今天没有请假。下一次请假是 {from} – {to}：可用 /日报 销假 {from}..{to} 取消。',
  },
  'daily.back.none': {
    en: 'You have no days off between {from} and {to}: nothing was changed.',
    'zh-CN': '你在 {from} 至 {to} 之间没有请假，未做任何更改。',
  },
  'daily.back.extra': {
    en: 'Write only a date or a range after /daily back (e.g. /daily back 2026-12-24..2026-12-26); "{value}" is not one.',
    'zh-CN': '/日报 销假 后只写日期或日期范围（例如 /日报 销假 2026-12-24..2026-12-26）；“{value}”不是日期。',
  },
  // `/daily status`
  'daily.status.title': { en: '{team} daily reports · {day}', 'zh-CN': '{team} 日报进度 · {day}' },
  'daily.status.reported': { en: 'Reported ({count})', 'zh-CN': '已提交（{count}）' },
  'daily.status.missing': { en: 'Not yet ({count})', 'zh-CN': '未提交（{count}）' },
  'daily.status.off': { en: 'Off ({count})', 'zh-CN': '请假（{count}）' },
  'daily.status.later': { en: 'Prompt still to come ({count})', 'zh-CN': '尚未到提醒时间（{count}）' },
  'daily.status.none': { en: '—', 'zh-CN': '—' },
  'daily.status.no_report_day': {
    en: 'Today is not a report day for {team}.',
    'zh-CN': '今天不是 {team} 的日报日。',
  },
  // blockers
  'daily.blocker.resolved': { en: 'Blocker {id} is marked resolved.', 'zh-CN': '阻塞 {id} 已标记为解决。' },
  'daily.blocker.ticketed': {
    en: 'Ticket {ticket} opened from blocker {id}.',
    'zh-CN': '已由阻塞 {id} 创建工单 {ticket}。',
  },
  'daily.blocker.ticket_title': { en: 'Blocker: {text}', 'zh-CN': '阻塞：{text}' },
  'daily.blocker.ticket_description': {
    en: 'From blocker {id} in the daily report of {owner} ({team}, {day}):\n{text}\nCompiled report: {link}',
    'zh-CN': '来自 {owner} 的日报阻塞 {id}（{team}，{day}）：\n{text}\n团队日报：{link}',
  },
  'daily.blocker_not_found': { en: 'There is no blocker {id}.', 'zh-CN': '没有编号为 {id} 的阻塞。' },
  'daily.blocker_not_allowed': {
    en: 'Only the owner of blocker {id}, the team managers and admins can do that.',
    'zh-CN': '只有阻塞 {id} 的提出人、团队经理和管理员可以操作。',
  },
  'daily.blocker_already_resolved': {
    en: 'Blocker {id} is already resolved.',
    'zh-CN': '阻塞 {id} 已经解决。',
  },
  'daily.blocker_has_ticket': {
    en: 'Blocker {id} is already ticket {ticket}.',
    'zh-CN': '阻塞 {id} 已转为工单 {ticket}。',
  },
  'daily.blocker_id_required': {
    en: 'Which blocker? Write its id, e.g. /daily resolve B7.',
    'zh-CN': '请写明阻塞编号，例如 /日报 解决 B7。',
  },
  // the weekly review
  'daily.review.announce': {
    en: 'Time for the weekly review ({from} – {to}). The numbers so far:',
    'zh-CN': '本周复盘时间到了（{from} – {to}）。本周数据：',
  },
  'daily.review.fill': { en: 'Fill in the review', 'zh-CN': '填写周复盘' },
  'daily.review.posted': {
    en: 'The review of {team} is posted in the team channel.',
    'zh-CN': '{team} 的周复盘已发到团队频道。',
  },
  'daily.review.saved': { en: 'Review saved for {team}.', 'zh-CN': '已保存 {team} 的周复盘。' },
  'daily.review.no_channel': {
    en: 'Team {team} has no channel to post the review in.',
    'zh-CN': '团队 {team} 没有可发布复盘的频道。',
  },
  'daily.usage': {
    en: [
      '/daily    open the daily-report form',
      '/daily <text>    file today\'s report as text: a line starting with a field\'s label ("Plan: …") fills it, other lines go to the first field; again = edit',
      '/daily <team> [text]    the same for one of your teams, when you report to several',
      '/daily status [team]    who has and has not reported today',
      '/daily off <date|from..to> [reason]    days off: no prompt, not counted missing',
      "/daily back [date|from..to]    cancel days off: the rest of today's leave, or those days",
      '/daily resolve <blocker id>    mark a blocker resolved (e.g. B7)',
      "/daily review [team]    post this week's review (卡若五步法) now",
    ].join('\n'),
    'zh-CN': [
      '/日报    打开日报表单',
      '/日报 <内容>    以文本提交今日日报：以字段名开头的行（如“今天计划：…”）填入该字段，其他行填入第一个字段；再次提交即修改',
      '/日报 <团队> [内容]    在多个团队提交日报时，为其中一个团队填写',
      '/日报 状态|status [团队]    今天谁已提交、谁未提交',
      '/日报 请假|off <日期|开始..结束> [原因]    请假：期间不提醒，不计为未提交',
      '/日报 销假|取消请假|back [日期|开始..结束]    销假：不写日期即从今天起结束当前请假，写日期则取消那些天',
      '/日报 解决|resolve <阻塞编号>    标记阻塞已解决（如 B7）',
      '/日报 复盘|review [团队]    立即发布本周复盘（卡若五步法）',
    ].join('\n'),
  },
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
    'zh-CN': '请写明日期或日期范围，例如 /日报 请假 2026-12-24..2026-12-31 年假。',
  },
  'daily.off.bad_date': {
    en: '"{value}" is not a date: write YYYY-MM-DD, 12-24, today, tomorrow, friday or next-monday.',
    'zh-CN': '“{value}”不是有效日期：请写 YYYY-MM-DD、12月24日、今天、明天、周五或下周一。',
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
  'daily.compiled.late': { en: ' (late)', 'zh-CN': '（迟交）' },
  'daily.compiled.later': {
    en: 'Due later in their time zone ({count})',
    'zh-CN': '按本人时区稍后提交（{count}）',
  },
  'daily.compiled.resolve_blocker': { en: 'Mark a blocker resolved…', 'zh-CN': '标记阻塞已解决…' },
  'daily.compiled.ticket_blocker': { en: 'Turn a blocker into a ticket…', 'zh-CN': '把阻塞转为工单…' },
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
