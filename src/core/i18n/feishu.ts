/** Strings of the Feishu platform: callback toasts and hints for messages the bot cannot run. */
export const feishu = {
  'feishu.action_received': {
    en: 'Got it, updating the card…',
    'zh-CN': '已收到，正在更新卡片…',
  },
  'feishu.action_unknown': {
    en: 'This button is no longer active.',
    'zh-CN': '该按钮已失效。',
  },
  'feishu.hint': {
    en: 'Hi! Send "@{bot} ticket help" in a group, or "/ticket help" in a direct chat with me, to see what I can do.',
    'zh-CN': '你好！在群里发送「@{bot} 工单 help」，或在与我的单聊中发送「/工单 help」，即可查看用法。',
  },
  'feishu.unsupported': {
    en: 'I can only read text messages. Send "/ticket help" to see the commands.',
    'zh-CN': '目前只能识别文字消息，发送「/工单 help」查看可用命令。',
  },
} as const;
