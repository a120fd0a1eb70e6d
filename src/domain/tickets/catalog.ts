import { registerCatalog } from '../../core/i18n/index.ts';

/** Ticket strings: errors, replies, card labels, the usage text. */
export const catalog = {
  'tickets.summary': {
    en: 'tickets: new, list, acknowledge, assign, resolve, escalate',
    'zh-CN': '工单：新建、列表、确认、指派、解决、升级',
  },
  // the new-ticket form (`/ticket new` without a title, the message shortcut), every platform
  'tickets.form_title': { en: 'New ticket', 'zh-CN': '新建工单' },
  'tickets.form_create': { en: 'Create', 'zh-CN': '创建' },
  'tickets.form_title_label': { en: 'Title', 'zh-CN': '标题' },
  'tickets.form_priority_label': { en: 'Priority', 'zh-CN': '优先级' },
  'tickets.form_priority_auto': { en: 'Automatic (by keywords)', 'zh-CN': '自动（按关键词判断）' },
  'tickets.form_from_message': { en: 'From a message by {user}', 'zh-CN': '来自 {user} 的消息' },
  'tickets.usage_head': {
    en: '/ticket   your open tickets    /ticket P1 <title>   is short for /ticket new P1 <title>',
    'zh-CN': '/工单   未关闭的工单    /工单 P1 <标题>   即 /工单 新建 P1 <标题>',
  },
  'tickets.use.new': {
    en: '[P0|P1|P2|P3] <title>   open a ticket (no title: a form)',
    'zh-CN': '[P0|P1|P2|P3] <标题>   新建工单（不写标题则打开表单）',
  },
  'tickets.use.list': {
    en: '[open|mine|breached|all]   list tickets',
    'zh-CN': '[未关闭|我的|超时|全部]   列出工单（也可写 open|mine|breached|all）',
  },
  'tickets.use.id': { en: '<id>', 'zh-CN': '<编号>' },
  'tickets.use.assign': { en: '<id> <@user>', 'zh-CN': '<编号> <@成员>' },
  'tickets.use.status': {
    en: '<id> in_progress|pending   (pending: waiting on the reporter; also /ticket pending <id>)',
    'zh-CN': '<编号> 处理中|待反馈   （也可写 in_progress|pending，或 /工单 待反馈 <编号>）',
  },
  'tickets.use.priority': { en: '<id> <P0-P3>', 'zh-CN': '<编号> <P0-P3>' },
  'tickets.use.comment': { en: '<id> <text>', 'zh-CN': '<编号> <内容>' },
  'tickets.use.resolve': { en: '<id> [note]', 'zh-CN': '<编号> [备注]' },
  'tickets.use.escalate': {
    en: '<id> [reason]   to the next tier; the reason goes to the thread and the log',
    'zh-CN': '<编号> [原因]   升级到下一级；原因写入话题和处理记录',
  },
  // errors
  'tickets.not_found': { en: 'Ticket {id} does not exist.', 'zh-CN': '工单 {id} 不存在。' },
  'tickets.already_in_status': {
    en: 'Ticket {id} is already {status}.',
    'zh-CN': '工单 {id} 已经是 {status} 状态。',
  },
  'tickets.invalid_transition': {
    en: 'Ticket {id} cannot go from {from} to {to}.{hint}',
    'zh-CN': '工单 {id} 不能从 {from} 变为 {to}。{hint}',
  },
  // The way there, after an invalid move: open tickets close by being resolved, done ones reopen.
  'tickets.hint.resolve_first': {
    en: ' Resolve it first (/ticket resolve {n} [note]); a resolved ticket can be closed.',
    'zh-CN': '请先解决（/工单 解决 {n} [备注]），已解决的工单才能关闭。',
  },
  'tickets.hint.reopen_first': {
    en: ' To work on it again, reopen it first: /ticket reopen {n}.',
    'zh-CN': '如需继续处理，请先重新打开：/工单 重新打开 {n}。',
  },
  'tickets.already_acknowledged': {
    en: 'Ticket {id} was already acknowledged.',
    'zh-CN': '工单 {id} 已被确认。',
  },
  'tickets.already_yours': {
    en: 'Ticket {id} is already yours and in progress.',
    'zh-CN': '工单 {id} 已由你处理中。',
  },
  'tickets.already_assigned': {
    en: 'Ticket {id} is already assigned to that person.',
    'zh-CN': '工单 {id} 已指派给该成员。',
  },
  'tickets.closed_for_changes': {
    en: 'Ticket {id} is {status}; reopen it first.',
    'zh-CN': '工单 {id} 当前为 {status}，请先重新打开。',
  },
  'tickets.same_priority': {
    en: 'Ticket {id} is already {priority}.',
    'zh-CN': '工单 {id} 已经是 {priority}。',
  },
  'tickets.not_resolved': {
    en: 'Ticket {id} is still open ({status}); only resolved or closed tickets can be reopened.',
    'zh-CN': '工单 {id} 尚未解决（当前状态：{status}），只有已解决或已关闭的工单可以重新打开。',
  },
  'tickets.top_tier': {
    en: 'Ticket {id} is already at the top of its escalation chain ({tier}).',
    'zh-CN': '工单 {id} 已在升级链最高级（{tier}）。',
  },
  'tickets.title_empty': { en: 'A ticket needs a title.', 'zh-CN': '工单需要标题。' },
  'tickets.title_too_long': {
    en: 'The title is too long ({length} characters, at most {max}). Put details in a comment.',
    'zh-CN': '标题过长（{length} 个字符，最多 {max} 个），详细内容请写在评论中。',
  },
  'tickets.text_empty': { en: 'The text is empty.', 'zh-CN': '内容为空。' },
  'tickets.bad_priority': {
    en: '"{value}" is not a priority: use P0, P1, P2 or P3.',
    'zh-CN': '“{value}”不是有效优先级，请使用 P0、P1、P2 或 P3。',
  },
  'tickets.bad_status': {
    en: '"{value}" is not a status you can set: use in_progress (in progress) or pending (waiting on the reporter).',
    'zh-CN': '“{value}”不是可设置的状态，请使用 处理中（in_progress）或 待反馈（pending）。',
  },
  'tickets.bad_scope': {
    en: '"{value}" is not a list: use open, mine, breached or all.',
    'zh-CN': '“{value}”不是有效列表，请使用 未关闭（open）、我的（mine）、超时（breached）或 全部（all）。',
  },
  'tickets.id_required': { en: 'Which ticket? Give its id, e.g. #42.', 'zh-CN': '请提供工单号，例如 #42。' },
  'tickets.user_required': { en: 'Whom to assign? Mention them, e.g. @ann.', 'zh-CN': '请 @ 要指派的成员。' },
  // replies
  'tickets.created': {
    en: 'Ticket {id} created: {priority} · {title}',
    'zh-CN': '已创建工单 {id}：{priority} · {title}',
  },
  'tickets.intake_created': {
    en: 'Logged as ticket {id} ({priority}, {category}). Replies in this thread are added to it.',
    'zh-CN': '已登记为工单 {id}（{priority}，{category}），本话题中的回复会记录到工单。',
  },
  'tickets.acknowledged': { en: '{id} acknowledged by {user}.', 'zh-CN': '{id} 已由 {user} 确认。' },
  'tickets.taken': { en: '{id} taken by {user}.', 'zh-CN': '{id} 已由 {user} 接手处理。' },
  'tickets.assigned': { en: '{id} assigned to {user}.', 'zh-CN': '{id} 已指派给 {user}。' },
  'tickets.status_set': { en: '{id} is now {status}.', 'zh-CN': '{id} 状态已变更为 {status}。' },
  'tickets.priority_set': { en: '{id} priority: {from} → {to}.', 'zh-CN': '{id} 优先级：{from} → {to}。' },
  'tickets.commented': { en: 'Comment added to {id}.', 'zh-CN': '已为 {id} 添加评论。' },
  'tickets.resolved': { en: '{id} resolved by {user}.', 'zh-CN': '{id} 已由 {user} 解决。' },
  'tickets.reopened': { en: '{id} reopened ({status}).', 'zh-CN': '{id} 已重新打开（{status}）。' },
  'tickets.closed': { en: '{id} closed.', 'zh-CN': '{id} 已关闭。' },
  'tickets.escalated': { en: '{id} escalated {from} → {to}.', 'zh-CN': '{id} 已升级：{from} → {to}。' },
  'tickets.escalated_reason': {
    en: '{id} escalated {from} → {to}: {reason}',
    'zh-CN': '{id} 已升级：{from} → {to}，原因：{reason}',
  },
  'tickets.list_title': { en: 'Tickets ({scope}): {count}', 'zh-CN': '工单（{scope}）：{count} 个' },
  'tickets.list_empty.open': { en: 'No open tickets.', 'zh-CN': '没有未关闭的工单。' },
  'tickets.list_empty.mine': { en: 'No open tickets are assigned to you.', 'zh-CN': '你没有负责中的工单。' },
  'tickets.list_empty.breached': { en: 'No open ticket is past its SLA.', 'zh-CN': '没有超时的工单。' },
  'tickets.list_empty.all': { en: 'No tickets yet.', 'zh-CN': '还没有工单。' },
  'tickets.list_more': { en: 'Showing the newest {shown}.', 'zh-CN': '仅显示最新 {shown} 个。' },
  'tickets.card_not_posted': {
    en: 'Its card could not be posted here. {reason}',
    'zh-CN': '工单卡片未能发布在这里。{reason}',
  },
  'tickets.already_ticket': {
    en: 'That message is already ticket {id}.',
    'zh-CN': '该消息已登记为工单 {id}。',
  },
  'tickets.history': { en: 'History', 'zh-CN': '处理记录' },
  'tickets.resolution': { en: 'Resolution', 'zh-CN': '解决说明' },
  'tickets.source_deleted_note': {
    en: 'The original message was deleted.',
    'zh-CN': '原始消息已被删除。',
  },
  // scopes
  'tickets.scope.open': { en: 'open', 'zh-CN': '未关闭' },
  'tickets.scope.mine': { en: 'assigned to me', 'zh-CN': '我负责的' },
  'tickets.scope.breached': { en: 'SLA breached', 'zh-CN': '已超时' },
  'tickets.scope.all': { en: 'all', 'zh-CN': '全部' },
  // statuses
  'tier.managers': { en: 'managers', 'zh-CN': '主管' },
  'status.new': { en: 'new', 'zh-CN': '新建' },
  'status.acknowledged': { en: 'acknowledged', 'zh-CN': '已确认' },
  'status.in_progress': { en: 'in progress', 'zh-CN': '处理中' },
  'status.pending': { en: 'pending (waiting on reporter)', 'zh-CN': '待反馈（等待提交人）' },
  'status.resolved': { en: 'resolved', 'zh-CN': '已解决' },
  'status.closed': { en: 'closed', 'zh-CN': '已关闭' },
  // priorities (seed 000 §响应时间标准)
  'priority.P0': { en: 'P0 · service down', 'zh-CN': 'P0 · 服务完全不可用' },
  'priority.P1': { en: 'P1 · core feature broken', 'zh-CN': 'P1 · 核心功能故障' },
  'priority.P2': { en: 'P2 · non-core issue', 'zh-CN': 'P2 · 非核心功能问题' },
  'priority.P3': { en: 'P3 · improvement', 'zh-CN': 'P3 · 体验优化建议' },
  // categories
  'category.technical': { en: 'technical', 'zh-CN': '技术问题' },
  'category.billing': { en: 'billing', 'zh-CN': '账单问题' },
  'category.feature': { en: 'feature request', 'zh-CN': '功能建议' },
  'category.account': { en: 'account', 'zh-CN': '账户问题' },
  'category.other': { en: 'other', 'zh-CN': '其他' },
  // card
  'card.priority': { en: 'Priority', 'zh-CN': '优先级' },
  'card.status': { en: 'Status', 'zh-CN': '状态' },
  'card.assignee': { en: 'Assignee', 'zh-CN': '负责人' },
  'card.reporter': { en: 'Reporter', 'zh-CN': '提交人' },
  'card.category': { en: 'Category', 'zh-CN': '分类' },
  'card.tier': { en: 'Tier', 'zh-CN': '支持级别' },
  'card.source': { en: 'Source message', 'zh-CN': '原始消息' },
  'card.opened': { en: 'Opened {time}', 'zh-CN': '创建于 {time}' },
  'card.unassigned': { en: 'unassigned', 'zh-CN': '未指派' },
  'card.ack': { en: 'Acknowledge', 'zh-CN': '确认' },
  'card.take': { en: 'Take', 'zh-CN': '接手' },
  'card.resolve': { en: 'Resolve', 'zh-CN': '解决' },
  'card.reopen': { en: 'Reopen', 'zh-CN': '重新打开' },
  'card.escalate': { en: 'Escalate', 'zh-CN': '升级' },
  'card.change_priority': { en: 'Change priority', 'zh-CN': '调整优先级' },
  'card.resolve_prompt_title': { en: 'Resolve ticket', 'zh-CN': '解决工单' },
  'card.resolve_prompt_label': { en: 'Resolution note', 'zh-CN': '解决说明' },
  // event log
  'event.created': { en: 'created', 'zh-CN': '创建' },
  'event.acknowledged': { en: 'acknowledged', 'zh-CN': '确认' },
  'event.taken': { en: 'took it', 'zh-CN': '接手' },
  'event.assigned': { en: 'assigned to {to}', 'zh-CN': '指派给 {to}' },
  'event.status_changed': { en: 'status {from} → {to}', 'zh-CN': '状态 {from} → {to}' },
  'event.priority_changed': { en: 'priority {from} → {to}', 'zh-CN': '优先级 {from} → {to}' },
  'event.commented': { en: 'commented: {text}', 'zh-CN': '评论：{text}' },
  'event.first_response': { en: 'first response', 'zh-CN': '首次响应' },
  'event.resolved': { en: 'resolved', 'zh-CN': '解决' },
  'event.reopened': { en: 'reopened', 'zh-CN': '重新打开' },
  'event.closed': { en: 'closed', 'zh-CN': '关闭' },
  'event.escalated': { en: 'escalated {from} → {to}', 'zh-CN': '升级 {from} → {to}' },
  'event.escalated_reason': {
    en: 'escalated {from} → {to}: {reason}',
    'zh-CN': '升级 {from} → {to}，原因：{reason}',
  },
  'event.source_edited': { en: 'source message edited', 'zh-CN': '原始消息已编辑' },
  'event.source_deleted': { en: 'source message deleted', 'zh-CN': '原始消息已删除' },
} as const;

declare module '../../core/i18n/index.ts' {
  interface Messages extends Record<keyof typeof catalog, true> {}
}

registerCatalog(catalog);
