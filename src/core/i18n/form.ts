/** The words of forms (core/form.ts `checkFields`), for every platform's form rendering. */
export const form = {
  'form.required': { en: 'Required.', 'zh-CN': '必填。' },
  'form.not_number': { en: 'Enter a number.', 'zh-CN': '请输入数字。' },
  'form.not_integer': { en: 'Enter a whole number.', 'zh-CN': '请输入整数。' },
  'form.too_small': { en: 'At least {min}.', 'zh-CN': '不能小于 {min}。' },
  'form.too_large': { en: 'At most {max}.', 'zh-CN': '不能大于 {max}。' },
  'form.too_long': { en: 'At most {max} characters.', 'zh-CN': '最多 {max} 个字符。' },
  'form.bad_option': { en: 'Pick one of the choices.', 'zh-CN': '请从选项中选择。' },
  'form.bad_date': { en: 'Write a date like 2026-12-24.', 'zh-CN': '请填写日期，例如 2026-12-24。' },
  'form.bad_user': { en: 'Mention a person, e.g. @name.', 'zh-CN': '请 @ 一位成员。' },
  'form.gone': {
    en: 'This form is no longer open. Start again from the command or button.',
    'zh-CN': '此表单已失效，请重新通过命令或按钮打开。',
  },
  'form.submit': { en: 'Submit', 'zh-CN': '提交' },
  'form.cancel': { en: 'Cancel', 'zh-CN': '取消' },
  'form.open': { en: 'Open the form', 'zh-CN': '打开表单' },
  'form.fix_fields': { en: 'Some answers need fixing:', 'zh-CN': '以下内容需要修改：' },
  'action.gone': {
    en: 'This button is no longer active.',
    'zh-CN': '此按钮已失效。',
  },
  'thread.gone': {
    en: 'Nothing here listens to replies any more; this thread is closed.',
    'zh-CN': '此话题已不再接收回复。',
  },
} as const;
