import { registerCatalog } from '../../core/i18n/index.ts';

/** Strings of the sla module (each entry in en and zh-CN). */
export const catalog = {
  'sla.summary': {
    en: "the SLA policies, and a ticket's deadlines",
    'zh-CN': 'SLA：当前策略，以及某个工单的截止时间',
  },
  // config problems (keys must start with `config.` to be reported with their path)
  'config.sla_bad_fraction': {
    en: 'warnAt takes up to 5 fractions of the target between 0 and 1, e.g. [0.5, 0.8]',
    'zh-CN': 'warnAt 最多 5 个 0 到 1 之间的比例，例如 [0.5, 0.8]',
  },
  'config.sla_bad_count': {
    en: 'must be a whole number from 0 to 20',
    'zh-CN': '应为 0 到 20 之间的整数',
  },
  'config.sla_bad_urgency': {
    en: 'must be app, sms or phone',
    'zh-CN': '应为 app、sms 或 phone',
  },
  'config.sla_bad_platform': {
    en: 'must be slack, feishu or console',
    'zh-CN': '应为 slack、feishu 或 console',
  },
  // durations
  'sla.unit.d': { en: '{n}d', 'zh-CN': '{n}天' },
  'sla.unit.h': { en: '{n}h', 'zh-CN': '{n}小时' },
  'sla.unit.m': { en: '{n}m', 'zh-CN': '{n}分钟' },
  'sla.unit.s': { en: '{n}s', 'zh-CN': '{n}秒' },
  'sla.unit.pair': { en: '{a} {b}', 'zh-CN': '{a}{b}' },
  // targets
  'sla.target.first_response': { en: 'first response', 'zh-CN': '首次响应' },
  'sla.target.restore': { en: 'service restore', 'zh-CN': '恢复服务' },
  'sla.target.resolve': { en: 'resolution', 'zh-CN': '彻底解决' },
  // the card's SLA line
  'sla.line.running': {
    en: '{icon} {target} due in {remaining} (by {time})',
    'zh-CN': '{icon} {target}剩余 {remaining}（{time} 截止）',
  },
  'sla.line.overdue': { en: '🔴 {target} overdue since {time}', 'zh-CN': '🔴 {target}已于 {time} 超时' },
  'sla.line.paused': {
    en: '⏸ SLA paused while waiting on the reporter',
    'zh-CN': '⏸ 等待提交人反馈，SLA 计时暂停',
  },
  'sla.line.met': { en: '✅ SLA met', 'zh-CN': '✅ 已达成 SLA' },
  'sla.line.missed': { en: '🔴 SLA missed', 'zh-CN': '🔴 未达成 SLA' },
  'sla.line.sep': { en: ' · ', 'zh-CN': ' · ' },
  // notices
  'sla.late_note': {
    en: ' (sent {delay} late: sopbot was unavailable)',
    'zh-CN': '（因 sopbot 暂不可用，延迟 {delay} 发送）',
  },
  'sla.notify_l1': {
    en: '🔔 {user}: new ticket {id} ({priority} · {title}) for {tier} on call. Please acknowledge it; {target} is due by {time}.',
    'zh-CN': '🔔 {user}：{tier} 值班有新工单 {id}（{priority} · {title}），请确认；{target}截止时间 {time}。',
  },
  'sla.notify_nobody': {
    en: '🔔 Nobody is on call for {tier} of team {team}: ticket {id} waits for someone to pick it up.',
    'zh-CN': '🔔 团队 {team} 的 {tier} 当前无人值班：工单 {id} 等待有人接手。',
  },
  'sla.escalated_auto': {
    en: '⏫ {id} escalated {from} → {to}: no response within {after}. Paging {users}.',
    'zh-CN': '⏫ {id} 已自动升级 {from} → {to}：{after}内无响应。正在呼叫 {users}。',
  },
  'sla.escalated_manual': {
    en: '⏫ {id} is now with {to}. Paging {users}.',
    'zh-CN': '⏫ {id} 已转交 {to}。正在呼叫 {users}。',
  },
  'sla.reping': {
    en: '🔁 Reminder {n}: {users}, {id} still has no response ({tier}).',
    'zh-CN': '🔁 第 {n} 次提醒：{users}，{id} 仍无人响应（{tier}）。',
  },
  'sla.page_dm': {
    en: '🚨 You are on call for {tier} (team {team}): ticket {id} · {priority} · {title} needs a response.',
    'zh-CN': '🚨 你是团队 {team} 的 {tier} 值班人：工单 {id} · {priority} · {title} 需要响应。',
  },
  'sla.page_dm_reason_auto': {
    en: 'Escalated to {tier}: no response within {after}.',
    'zh-CN': '已升级至 {tier}：{after}内无响应。',
  },
  'sla.page_dm_reason_manual': {
    en: 'Escalated to {tier} by hand.',
    'zh-CN': '已被手动升级至 {tier}。',
  },
  'sla.page_dm_reason_reping': {
    en: 'Reminder {n}: still no response.',
    'zh-CN': '第 {n} 次提醒：仍无人响应。',
  },
  'sla.page_dm_with_reason': { en: '{text} {reason}', 'zh-CN': '{text}{reason}' },
  'sla.warning': {
    en: '⚠️ {id}: {percent}% of the {target} time is used, due by {time} ({remaining} left).',
    'zh-CN': '⚠️ {id}：{target}时限已用 {percent}%，截止 {time}（剩余 {remaining}）。',
  },
  'sla.breach_thread': {
    en: '🔴 {id} missed its {target} target (due {time}).',
    'zh-CN': '🔴 {id} 未在时限内完成{target}（截止 {time}）。',
  },
  'sla.breach_team': {
    en: '🔴 SLA breach: {id} {priority} · {title} — {target} was due {time} (tier {tier}, assignee {assignee}).',
    'zh-CN':
      '🔴 SLA 超时：{id} {priority} · {title} — {target}截止 {time}（级别 {tier}，负责人 {assignee}）。',
  },
  'sla.stalled': {
    en: '⚠️ sopbot timers have stopped firing: {count} overdue by more than {after} (oldest due {time}). SLA warnings, escalations and reminders are delayed until the scheduler recovers.',
    'zh-CN':
      '⚠️ sopbot 定时任务停止触发：{count} 个任务超期 {after} 以上（最早应于 {time} 触发）。SLA 预警、升级和提醒将延迟，直到调度恢复。',
  },
  'sla.recovered': {
    en: '✅ sopbot timers are firing again; delayed notices were sent late.',
    'zh-CN': '✅ sopbot 定时任务已恢复，延迟的通知已补发。',
  },
  // /sla
  'sla.usage_head': {
    en: [
      '/sla   policies in force (targets, calendars, escalation)',
      '/sla <id>   the SLA of one ticket: frozen policy, deadlines, escalation',
    ].join('\n'),
    'zh-CN': [
      '/sla   当前生效的 SLA 策略（时限、日历、升级）',
      '/sla <编号>   某个工单的 SLA：冻结的策略、截止时间、升级状态',
    ].join('\n'),
  },
  'sla.use.restored': {
    en: '<id>   record that service is restored (the restore target)',
    'zh-CN': '<编号>   记录服务已恢复（恢复服务时限）',
  },
  'sla.policies_title': { en: 'SLA policies in force', 'zh-CN': '当前生效的 SLA 策略' },
  'sla.policy_line': {
    en: '{priority}: first response {firstResponse} · resolve {resolve}{restore} · escalate after {escalate} · {calendar}',
    'zh-CN':
      '{priority}：首次响应 {firstResponse} · 解决 {resolve}{restore} · {escalate} 无响应升级 · {calendar}',
  },
  'sla.policy_restore': { en: ' · restore {value}', 'zh-CN': ' · 恢复服务 {value}' },
  'sla.calendar_24x7': { en: '24×7', 'zh-CN': '7×24 小时' },
  'weekday.sun': { en: 'Sun', 'zh-CN': '周日' },
  'weekday.mon': { en: 'Mon', 'zh-CN': '周一' },
  'weekday.tue': { en: 'Tue', 'zh-CN': '周二' },
  'weekday.wed': { en: 'Wed', 'zh-CN': '周三' },
  'weekday.thu': { en: 'Thu', 'zh-CN': '周四' },
  'weekday.fri': { en: 'Fri', 'zh-CN': '周五' },
  'weekday.sat': { en: 'Sat', 'zh-CN': '周六' },
  'sla.calendar_business': {
    en: 'business hours {days} {start}-{end} {zone}{holidays}',
    'zh-CN': '工作时间 {days} {start}-{end}（{zone}）{holidays}',
  },
  'sla.calendar_holidays': { en: ', {count} holidays', 'zh-CN': '，{count} 个节假日' },
  'sla.urgency.app': { en: 'in-app urgent', 'zh-CN': '应用内加急' },
  'sla.urgency.sms': { en: 'SMS urgent', 'zh-CN': '短信加急' },
  'sla.urgency.phone': { en: 'phone urgent', 'zh-CN': '电话加急' },
  'sla.settings_line': {
    en: 'Warnings at {warn} of each target · unanswered pages repeated every {reping} (up to {max} times) · P0 pages: {urgency}',
    'zh-CN':
      '各时限的 {warn} 时预警 · 未响应的呼叫每 {reping} 重复一次（最多 {max} 次）· P0 呼叫方式：{urgency}',
  },
  'sla.ticket_title': {
    en: 'SLA of {id} ({priority}, frozen when opened)',
    'zh-CN': '{id} 的 SLA（{priority}，创建时冻结）',
  },
  'sla.ticket_target': { en: '{target}: due {due} — {state}', 'zh-CN': '{target}：截止 {due} — {state}' },
  'sla.ticket_no_due': { en: 'paused', 'zh-CN': '暂停中' },
  'sla.state.met': { en: 'met {time}', 'zh-CN': '{time} 达成' },
  'sla.state.met_late': { en: 'met late {time}', 'zh-CN': '{time} 超时达成' },
  'sla.state.running': { en: 'running', 'zh-CN': '计时中' },
  'sla.state.breached': { en: 'breached', 'zh-CN': '已超时' },
  'sla.ticket_chain': {
    en: 'Escalation: {chain} · now at {tier} · {chainState}',
    'zh-CN': '升级链：{chain} · 当前 {tier} · {chainState}',
  },
  'sla.chain_active': { en: 'waiting for a response', 'zh-CN': '等待响应' },
  'sla.chain_stopped': { en: 'stopped (acknowledged)', 'zh-CN': '已停止（已确认）' },
  'sla.no_clock': { en: 'Ticket {id} has no SLA clock.', 'zh-CN': '工单 {id} 没有 SLA 计时。' },
  'sla.no_restore_target': {
    en: 'The {priority} policy of {id} has no restore target (set priorities.{priority}.restore in the config).',
    'zh-CN': '{id} 的 {priority} 策略没有“恢复服务”时限（可在配置 priorities.{priority}.restore 中设置）。',
  },
  'sla.already_restored': {
    en: 'Service for {id} was already marked restored.',
    'zh-CN': '{id} 已标记为服务恢复。',
  },
  'sla.restored': { en: '✅ {id}: service restored ({state}).', 'zh-CN': '✅ {id}：服务已恢复（{state}）。' },
  // ticket event log lines (`event.<kind>` as ticket history shows them)
  'event.oncall_notified': { en: 'notified {to} on call', 'zh-CN': '通知 {to} 值班人' },
  'event.paged': { en: 'paged {to} on call', 'zh-CN': '呼叫 {to} 值班人' },
  'event.sla_warning': { en: 'SLA warning: {text}', 'zh-CN': 'SLA 预警：{text}' },
  'event.sla_breached': { en: 'SLA breached: {text}', 'zh-CN': 'SLA 超时：{text}' },
  'event.sla_restored': { en: 'service restored', 'zh-CN': '服务已恢复' },
} as const;

declare module '../../core/i18n/index.ts' {
  interface Messages extends Record<keyof typeof catalog, true> {}
}

registerCatalog(catalog);
