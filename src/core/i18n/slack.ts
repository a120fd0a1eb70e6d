/** Strings of the slack module (each entry in en and zh-CN). */
export const slack = {
  'slack.modal_submit': { en: 'Submit', 'zh-CN': '提交' },
  'slack.modal_cancel': { en: 'Cancel', 'zh-CN': '取消' },
  'slack.modal_note_required': { en: 'Please enter a note.', 'zh-CN': '请填写说明。' },
  'slack.cannot_post': {
    en: 'I cannot post in this conversation: invite me with `/invite @sopbot`, or use a channel I am in.',
    'zh-CN': '我无法在这个会话中发消息：请用 `/invite @sopbot` 邀请我，或在我所在的频道中使用。',
  },
  'slack.home_mine': { en: 'Your open tickets ({count})', 'zh-CN': '我负责的未结工单（{count}）' },
  'slack.home_mine_empty': { en: 'You have no open tickets.', 'zh-CN': '你目前没有未结工单。' },
  'slack.home_sla': { en: 'Near or past SLA', 'zh-CN': '即将或已经超出 SLA' },
  'slack.home_sla_empty': {
    en: 'No open ticket is near its SLA target.',
    'zh-CN': '没有接近 SLA 时限的未结工单。',
  },
  'slack.home_overdue': { en: '{target} overdue by {time}', 'zh-CN': '{target}已超时 {time}' },
  'slack.home_due': { en: '{target} due in {time}', 'zh-CN': '{target}剩余 {time}' },
  'slack.target_response': { en: 'first response', 'zh-CN': '首次响应' },
  'slack.target_resolve': { en: 'resolution', 'zh-CN': '解决' },
} as const;
