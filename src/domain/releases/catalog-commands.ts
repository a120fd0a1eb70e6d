/**
 * Strings of `/release` (`/发布`) and its buttons (part of the releases catalog, see catalog.ts):
 * the usage, the answers, the listings and every refusal.
 */
export const commandStrings = {
  'releases.summary_line': {
    en: 'release days and incidents as timed checklists',
    'zh-CN': '发布日与应急：按时间推进的检查清单',
  },
  'releases.usage': {
    en: [
      '/release templates [template]              the templates and their steps',
      '/release start <template> <name> [at <time>] [role=@user …]',
      '      T0 now, or at 14:30, 3:30pm, 2026-12-03 14:30, tomorrow 9am, +2h',
      '/release list                              /release status <name>',
      '/release done|skip|block <name> <step> [reason]   step = its number or id;',
      '      in the release’s thread <name> may be left out',
      '/release go|nogo <name> <gate> [reason]    only the gate’s approvers',
      '/release rollback <name> [reason]          start the rollback runbook linked to the release',
      '/release cancel <name> [reason]',
    ].join('\n'),
    'zh-CN': [
      '/发布 模板|templates [模板]                 模板及其步骤',
      '/发布 开始|start <模板> <名称> [at <时间>] [角色=@成员 …]',
      '      T0 为现在，或 14:30、下午3点半、2026-12-03 14:30、明天上午9点、+2h、+30分钟',
      '/发布 列表|list                            /发布 状态|status <名称>',
      '/发布 完成|done、跳过|skip、受阻|block <名称> <步骤> [原因]   步骤可写编号或 id；',
      '      在发布话题中可省略 <名称>',
      '/发布 通过|go、否决|nogo <名称> <关卡> [原因]   仅限该关卡的审批人',
      '/发布 回滚|rollback <名称> [原因]           启动与该发布关联的回滚预案',
      '/发布 取消|cancel <名称> [原因]',
    ].join('\n'),
  },
  // the config's `releases:` section
  'releases.cfg.remind_too_short': {
    en: '"{value}" is too short for remindEvery: at least 1m (or false to turn reminders off)',
    'zh-CN': '“{value}”作为 remindEvery 太短：至少 1m（或写 false 关闭提醒）',
  },
  'releases.cfg.bad_cron': {
    en: '"{value}" is not a cron expression ({problem}); write 5 fields, e.g. "0 10 * * 1-5"',
    'zh-CN': '“{value}”不是有效的 cron 表达式（{problem}）；应为 5 个字段，例如 "0 10 * * 1-5"',
  },
  'releases.cfg.schedule_twice': {
    en: 'two schedules are named {name} in channel {channel}: give one a name',
    'zh-CN': '频道 {channel} 中有两个名为 {name} 的计划：请为其中一个设置 name',
  },
  // refusals
  'releases.unknown_template': {
    en: 'There is no template "{template}".{guess} Templates: {templates}',
    'zh-CN': '没有名为“{template}”的模板。{guess}可用模板：{templates}',
  },
  'releases.bad_name': {
    en: '"{name}" is not a release name: one word of at most 48 characters, no quotes or @ (e.g. R-1.2)',
    'zh-CN': '“{name}”不是有效的发布名称：一个词，最多 48 个字符，不含引号或 @（例如 R-1.2）',
  },
  'releases.name_required': {
    en: 'Which release? Give its name (see /release list).',
    'zh-CN': '请指明是哪个发布（见 /发布 列表）。',
  },
  'releases.start_needs': {
    en: 'Give a template and a name: /release start <template> <name>',
    'zh-CN': '请给出模板和名称：/发布 开始 <模板> <名称>',
  },
  'releases.extra_words': {
    en: 'Did not understand "{words}" (times go after at, roles as role=@user).',
    'zh-CN': '无法理解“{words}”（时间写在 at 之后，角色写作 角色=@成员）。',
  },
  'releases.name_taken': {
    en: 'A release named {name} is already running. Choose another name, or finish that one first.',
    'zh-CN': '已有名为 {name} 的发布正在进行。请换一个名称，或先结束那个发布。',
  },
  'releases.unknown_release': {
    en: 'There is no release "{name}".{guess} Running: {names}',
    'zh-CN': '没有名为“{name}”的发布。{guess}进行中：{names}',
  },
  'releases.unknown_step': {
    en: 'Release {name} has no step "{step}" (steps: number 1…, or {steps}).',
    'zh-CN': '发布 {name} 没有步骤“{step}”（可写编号 1…，或 {steps}）。',
  },
  'releases.step_required': {
    en: 'Which step? Give its number or id (see /release status {name}).',
    'zh-CN': '请指明步骤的编号或 id（见 /发布 状态 {name}）。',
  },
  'releases.finished': {
    en: 'Release {name} is {outcome}: nothing to change.',
    'zh-CN': '发布 {name} {outcome}，无法再修改。',
  },
  'releases.is_gate': {
    en: '{step} is a gate: decide it with /release go|nogo {name} <gate>.',
    'zh-CN': '{step} 是关卡：请用 /发布 go|nogo {name} <关卡> 决定。',
  },
  'releases.not_gate': { en: '{step} is not a gate.', 'zh-CN': '{step} 不是关卡。' },
  'releases.not_owner': {
    en: 'Only the owners of {step} ({owners}), the release’s starter, approvers and admins may change it.',
    'zh-CN': '只有 {step} 的负责人（{owners}）、发布发起人、审批人和管理员可以修改它。',
  },
  'releases.already': {
    en: '{step} is already {state} ({by}): nothing changed.',
    'zh-CN': '{step} 已经是“{state}”状态（{by}），未做修改。',
  },
  'releases.gate_decided': {
    en: '{gate} is already decided: {decision}.',
    'zh-CN': '{gate} 已有决定：{decision}。',
  },
  'releases.gate_waiting': {
    en: '{gate} is not open yet: it waits on {steps}.',
    'zh-CN': '{gate} 尚未开放：仍在等待 {steps}。',
  },
  'releases.not_approver': {
    en: 'You may not decide {gate}: its approvers are {approvers}.',
    'zh-CN': '你无权决定 {gate}：审批人为 {approvers}。',
  },
  'releases.already_voted': {
    en: 'You already voted {vote} on {gate}.',
    'zh-CN': '你已对 {gate} 投过 {vote}。',
  },
  'releases.not_decider': {
    en: 'Only the starter of {name}, its approvers and admins may do that.',
    'zh-CN': '只有 {name} 的发起人、审批人和管理员可以执行此操作。',
  },
  'releases.no_rollback': {
    en: 'Release {name} has no rollback runbook (its template names none).',
    'zh-CN': '发布 {name} 没有回滚预案（其模板未指定）。',
  },
  'releases.rollback_running': {
    en: 'The rollback {name} is already running.',
    'zh-CN': '回滚 {name} 已在进行中。',
  },
  'releases.post_failed': {
    en: 'The release plan could not be posted in this channel.',
    'zh-CN': '无法在此频道发布发布计划。',
  },
  // answers
  'releases.started': {
    en: '🚀 Started {name} ({template}): T0 {t0}, {steps} steps. The plan is posted in the channel, one thread reply per step.',
    'zh-CN':
      '🚀 已开始 {name}（{template}）：T0 {t0}，共 {steps} 个步骤。计划已发到频道，每个步骤一条话题回复。',
  },
  'releases.started_later': {
    en: ' T0 is in {in}; steps due before it are pinged on time.',
    'zh-CN': '距 T0 还有 {in}；T0 之前到期的步骤会按时提醒。',
  },
  'releases.roles_fallback': {
    en: ' Nobody was assigned to {roles}: their steps are yours.',
    'zh-CN': '（{roles} 未指定人员：这些步骤由你负责。）',
  },
  'releases.changed.done': { en: '✅ {step} is done ({name}).', 'zh-CN': '✅ {step} 已完成（{name}）。' },
  'releases.changed.skip': { en: '⏭ {step} is skipped ({name}).', 'zh-CN': '⏭ {step} 已跳过（{name}）。' },
  'releases.changed.block': {
    en: '🚫 {step} is blocked ({name}).',
    'zh-CN': '🚫 {step} 已标记为受阻（{name}）。',
  },
  'releases.voted': {
    en: '🗳 Your {vote} on {gate} is counted: Go {go}/{quorum}.',
    'zh-CN': '🗳 你对 {gate} 的 {vote} 已记录：通过 {go}/{quorum}。',
  },
  'releases.decided': { en: '🗳 {gate} is decided: {vote}.', 'zh-CN': '🗳 {gate} 已决定：{vote}。' },
  'releases.rolled_back': {
    en: '↩️ Started {child}, the rollback of {name}.',
    'zh-CN': '↩️ 已启动 {child}，即 {name} 的回滚。',
  },
  'releases.cancelled': { en: '✖ {name} is cancelled.', 'zh-CN': '✖ {name} 已取消。' },
  // listings
  'releases.templates_title': { en: 'Release templates', 'zh-CN': '发布模板' },
  'releases.templates_line': {
    en: '{name} — {title} ({steps} steps{zone})',
    'zh-CN': '{name} — {title}（{steps} 个步骤{zone}）',
  },
  'releases.templates_zone': { en: ', {zone}', 'zh-CN': '，{zone}' },
  'releases.templates_hint': {
    en: 'Steps of one: /release templates <template> · start one: /release start <template> <name>',
    'zh-CN': '查看步骤：/发布 模板 <模板> · 开始：/发布 开始 <模板> <名称>',
  },
  'releases.template_step': {
    en: '{n}. {title} — {kind}, {due}{owner}',
    'zh-CN': '{n}. {title} — {kind}，{due}{owner}',
  },
  'releases.template_owner': { en: ', {owner}', 'zh-CN': '，{owner}' },
  'releases.template_roles': { en: 'Roles: {roles}', 'zh-CN': '角色：{roles}' },
  'releases.template_rollback': { en: 'Rollback runbook: {rollback}', 'zh-CN': '回滚预案：{rollback}' },
  'releases.kind.task': { en: 'task', 'zh-CN': '任务' },
  'releases.kind.gate': { en: 'gate', 'zh-CN': '关卡' },
  'releases.kind.monitor': { en: 'monitor', 'zh-CN': '监控' },
  'releases.kind.repeat': { en: 'repeat', 'zh-CN': '重复' },
  'releases.list_title': { en: 'Releases', 'zh-CN': '发布' },
  'releases.list_empty': {
    en: 'No releases yet. Start one: /release start <template> <name>',
    'zh-CN': '还没有发布。开始一个：/发布 开始 <模板> <名称>',
  },
  'releases.list_line': {
    en: '{name} ({template}) — {state} · {done}/{total}{when}',
    'zh-CN': '{name}（{template}）— {state} · {done}/{total}{when}',
  },
  'releases.list_running_since': { en: ' · T0 {time}', 'zh-CN': ' · T0 {time}' },
  'releases.list_finished_at': {
    en: ' · ended {time}, took {took}',
    'zh-CN': ' · 结束于 {time}，用时 {took}',
  },
  'releases.status_title': { en: 'Release {name}', 'zh-CN': '发布 {name}' },
  'releases.status_step': {
    en: '{icon} {n}. {title} — {state}{due}',
    'zh-CN': '{icon} {n}. {title} — {state}{due}',
  },
  'releases.status_due': { en: ', due {time}', 'zh-CN': '，截止 {time}' },
  'releases.status_log': { en: 'Latest in the log', 'zh-CN': '最近日志' },
  // the event log, as `/release status` shows it
  'releases.event.started': { en: 'started ({template})', 'zh-CN': '开始（{template}）' },
  'releases.event.scheduled': { en: '{step}: due time set', 'zh-CN': '{step}：已确定截止时间' },
  'releases.event.due': { en: '{step} came due', 'zh-CN': '{step} 到期' },
  'releases.event.reminded': { en: '{step}: reminder {n}', 'zh-CN': '{step}：第 {n} 次提醒' },
  'releases.event.repeated': { en: '{step}: reminder {n}', 'zh-CN': '{step}：第 {n} 次提醒' },
  'releases.event.done': { en: '{step} done', 'zh-CN': '{step} 完成' },
  'releases.event.skipped': { en: '{step} skipped', 'zh-CN': '{step} 跳过' },
  'releases.event.blocked': { en: '{step} blocked', 'zh-CN': '{step} 受阻' },
  'releases.event.vote': { en: '{step}: voted {vote}', 'zh-CN': '{step}：投票 {vote}' },
  'releases.event.decided': { en: '{step} decided: {vote}', 'zh-CN': '{step} 已决定：{vote}' },
  'releases.event.stopped': { en: 'stopped', 'zh-CN': '已停止' },
  'releases.event.cancelled': { en: 'cancelled', 'zh-CN': '已取消' },
  'releases.event.rollback_started': {
    en: 'rollback started: {rollback}',
    'zh-CN': '已启动回滚：{rollback}',
  },
  'releases.event.note': { en: 'wrote: {text}', 'zh-CN': '留言：{text}' },
  'releases.event.window_ended': { en: '{step}: window ended', 'zh-CN': '{step}：监控窗口结束' },
  'releases.event.branch_skipped': { en: '{step}: branch not taken', 'zh-CN': '{step}：未走此分支' },
  'releases.event.repeat_ended': { en: '{step}: reminders ended', 'zh-CN': '{step}：提醒结束' },
  'releases.event.t0': { en: 'T0 reached', 'zh-CN': '到达 T0' },
  'releases.event.finished': { en: 'finished', 'zh-CN': '已结束' },
} as const;
