/** Strings of the local console platform. */
export const console = {
  'console.welcome': {
    en: 'sopbot console. You are {user} in #{channel}. Type /ticket help, a message, or :help.',
    'zh-CN': 'sopbot 本地控制台。你是 {user}，当前频道 #{channel}。输入 /工单 help、任意消息，或 :help。',
  },
  'console.help': {
    en: [
      ':channel <name>   switch channel (intake channels turn messages into tickets)',
      ':as <user>        act as another user',
      ':thread <#id>     enter a ticket thread (messages become replies); :thread alone leaves',
      ':react <n>        react with the ticket emoji to the n-th last message',
      ':lang zh-CN|en    switch the workspace language',
      '<number>          click that button of the last card',
      ':quit             leave',
    ].join('\n'),
    'zh-CN': [
      ':channel <名称>   切换频道（受理频道中的消息会变成工单）',
      ':as <用户>        切换当前用户',
      ':thread <#编号>   进入工单话题（消息作为回复）；单独输入 :thread 退出',
      ':react <n>        给倒数第 n 条消息添加工单表情',
      ':lang zh-CN|en    切换工作区语言',
      '<数字>            点击上一张卡片的对应按钮',
      ':quit             退出',
    ].join('\n'),
  },
  'console.now': {
    en: 'Now {user} in #{channel}{thread}.',
    'zh-CN': '当前：{user}，频道 #{channel}{thread}。',
  },
  'console.no_card': { en: 'No card with buttons to click yet.', 'zh-CN': '还没有可点击的卡片。' },
  'console.no_button': { en: 'That card has no button {n}.', 'zh-CN': '该卡片没有第 {n} 个按钮。' },
  'console.unknown_meta': {
    en: 'Unknown console command; try :help.',
    'zh-CN': '未知的控制台命令，请输入 :help。',
  },
  'console.no_message': { en: 'No such message to react to.', 'zh-CN': '没有可添加表情的消息。' },
  'console.prompt_note': { en: '{title} — {label}: ', 'zh-CN': '{title} — {label}：' },
  'console.lang_set': { en: 'Language set to {locale}.', 'zh-CN': '语言已切换为 {locale}。' },
} as const;
