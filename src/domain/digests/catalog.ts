/** Digest and satisfaction follow-up strings: the digest card, its charts, `/report`, the CSAT card. */
import { registerCatalog } from '../../core/i18n/index.ts';

/** Every digests string, English and Chinese side by side. */
export const catalog = {
  'digests.command_summary': {
    en: 'the daily, weekly or monthly digest, now',
    'zh-CN': '报表：立即查看日报、周报或月报',
  },
  // the digest card
  'digests.kind.daily': { en: 'Daily', 'zh-CN': '日报' },
  'digests.kind.weekly': { en: 'Weekly', 'zh-CN': '周报' },
  'digests.kind.monthly': { en: 'Monthly', 'zh-CN': '月报' },
  'digests.unit.daily': { en: 'day', 'zh-CN': '日' },
  'digests.unit.weekly': { en: 'week', 'zh-CN': '周' },
  'digests.unit.monthly': { en: 'month', 'zh-CN': '月' },
  'digests.title': { en: '📊 {kind} digest · {team}', 'zh-CN': '📊 {team} 团队{kind}' },
  'digests.period_range': { en: '{from} – {to} ({zone})', 'zh-CN': '{from} 至 {to}（{zone}）' },
  'digests.period_day': { en: '{day} ({zone})', 'zh-CN': '{day}（{zone}）' },
  'digests.summary': {
    en: '{title}, {period}: {created} new, {resolved} resolved, {backlog} open at the end.',
    'zh-CN': '{title}，{period}：新建 {created}，解决 {resolved}，期末未关闭 {backlog}。',
  },
  'digests.f.created': { en: 'New', 'zh-CN': '新建' },
  'digests.f.resolved': { en: 'Resolved', 'zh-CN': '已解决' },
  'digests.f.reopened': { en: 'Reopened', 'zh-CN': '重新打开' },
  'digests.f.backlog': { en: 'Open at the end', 'zh-CN': '期末未关闭' },
  'digests.f.escalation': { en: 'Escalation rate', 'zh-CN': '升级率' },
  'digests.f.fcr': { en: 'First-contact resolution', 'zh-CN': '一次性问题解决率' },
  'digests.f.csat': { en: 'Satisfaction (CSAT)', 'zh-CN': '客户满意度（CSAT）' },
  'digests.share': { en: '{rate} ({count} of {total})', 'zh-CN': '{rate}（{total} 单中 {count} 单）' },
  'digests.csat_value': {
    en: '{mean} / 5 {change} · {count} answers · target ≥ {target} {mark}',
    'zh-CN': '{mean} / 5 {change} · {count} 份评价 · 目标 ≥ {target} {mark}',
  },
  'digests.csat_none': { en: 'no answers · target ≥ {target}', 'zh-CN': '暂无评价 · 目标 ≥ {target}' },
  'digests.none': { en: '—', 'zh-CN': '—' },
  'digests.s.sla': { en: 'SLA compliance', 'zh-CN': 'SLA 达标率' },
  'digests.col.target': { en: 'Target', 'zh-CN': '指标' },
  'digests.col.all': { en: 'All', 'zh-CN': '全部' },
  'digests.col.group': { en: 'Group', 'zh-CN': '分组' },
  'digests.col.count': { en: 'Count', 'zh-CN': '数量' },
  'digests.col.mean': { en: 'Mean', 'zh-CN': '平均' },
  'digests.col.p50': { en: 'p50', 'zh-CN': 'p50' },
  'digests.col.p90': { en: 'p90', 'zh-CN': 'p90' },
  'digests.s.breaches': { en: 'Breaches, by how far over target', 'zh-CN': '超时，按超出目标的比例' },
  'digests.breaches_line': {
    en: '{total} breaches {change} · ≤ 50% over: {le50} · 50–100%: {le100} · > 100%: {gt100}',
    'zh-CN': '超时 {total} 次 {change} · 超出 ≤50%：{le50} · 50–100%：{le100} · >100%：{gt100}',
  },
  'digests.breach_item': {
    en: '{priority} {target}: {over} over ({bucket})',
    'zh-CN': '{priority} {target}：超出 {over}（{bucket}）',
  },
  'digests.bucket.le50': { en: '≤ 50% over', 'zh-CN': '超出 ≤50%' },
  'digests.bucket.le100': { en: '50–100% over', 'zh-CN': '超出 50–100%' },
  'digests.bucket.gt100': { en: '> 100% over', 'zh-CN': '超出 >100%' },
  'digests.no_breaches': { en: 'No breaches.', 'zh-CN': '无超时。' },
  'digests.no_sla': {
    en: 'No SLA target fell due or was met in this period or the one before.',
    'zh-CN': '本期和上期都没有到期或达成的 SLA 目标。',
  },
  'digests.s.durations.first_response': { en: 'Time to first response', 'zh-CN': '首次响应用时' },
  'digests.s.durations.resolve': { en: 'Time to resolve', 'zh-CN': '解决用时' },
  'digests.unassigned': { en: 'unassigned', 'zh-CN': '未指派' },
  'digests.no_durations': { en: 'None met in this period.', 'zh-CN': '本期无。' },
  'digests.s.oldest': { en: 'Oldest open', 'zh-CN': '最久未关闭' },
  'digests.open_for': { en: 'open {age}', 'zh-CN': '已开 {age}' },
  'digests.no_open': { en: 'Nothing open.', 'zh-CN': '没有未关闭的工单。' },
  'digests.s.categories': { en: 'Recurring categories', 'zh-CN': '高频问题分类' },
  'digests.category_item': { en: '{category} {count} {change}', 'zh-CN': '{category} {count} {change}' },
  'digests.no_tickets': { en: 'No new tickets.', 'zh-CN': '无新建工单。' },
  'digests.legend': {
    en: '▲▼: change against the previous {unit} (rates in percentage points) · times on each priority’s SLA calendar',
    'zh-CN': '▲▼：与上一{unit}相比的变化（比率为百分点）· 用时按各优先级的 SLA 日历计算',
  },
  'digests.late': {
    en: '⏰ Sent late: it was due {time}, when sopbot was not running.',
    'zh-CN': '⏰ 延迟发送：原定 {time} 发送，当时 sopbot 未在运行。',
  },
  // charts (every label on the picture)
  'digests.chart.flow': { en: 'Opened vs resolved per day', 'zh-CN': '每日新建与解决' },
  'digests.chart.opened': { en: 'Opened', 'zh-CN': '新建' },
  'digests.chart.resolved': { en: 'Resolved', 'zh-CN': '解决' },
  'digests.chart.sla': { en: 'SLA compliance by priority', 'zh-CN': 'SLA 达标率（按优先级）' },
  'digests.chart.breaches': { en: 'Breaches by overrun', 'zh-CN': '超时（按超出目标比例）' },
  'digests.chart.backlog': { en: 'Open backlog by age', 'zh-CN': '未关闭工单（按已开时长）' },
  'digests.chart.open_tickets': { en: 'Open tickets', 'zh-CN': '未关闭工单' },
  'digests.age.lt1d': { en: '< 1 day', 'zh-CN': '不到 1 天' },
  'digests.age.d1to3': { en: '1–3 days', 'zh-CN': '1–3 天' },
  'digests.age.d3to7': { en: '3–7 days', 'zh-CN': '3–7 天' },
  'digests.age.gte7d': { en: '≥ 7 days', 'zh-CN': '7 天及以上' },
  // /report
  'digests.usage': {
    en: [
      '/report daily|weekly|monthly [team] [here]   the digest of the last full day, week (Mon–Sun) or month',
      '    privately to you, or posted in this channel with `here`; no team: yours, or the only one',
      '    (also written day / week / month, yesterday / last-week / last-month)',
    ].join('\n'),
    'zh-CN': [
      '/报表 日报|周报|月报 [团队] [这里]   上一个完整的日、周（周一至周日）或月的报表',
      '    默认只发给你；加“这里”（here）则发到当前频道；不写团队：你所在的团队，或唯一的团队',
      '    （也可写 昨天 / 上周 / 上月，或 daily / weekly / monthly）',
    ].join('\n'),
  },
  'digests.kind_required': {
    en: 'Which digest: daily, weekly or monthly?',
    'zh-CN': '要哪种报表：日报、周报还是月报（daily / weekly / monthly）？',
  },
  'digests.bad_kind': {
    en: '"{value}" is not a digest: use daily, weekly or monthly.',
    'zh-CN': '“{value}”不是报表类型：请用 日报、周报或月报（daily / weekly / monthly）。',
  },
  'digests.unknown_team': {
    en: 'There is no team "{value}".{guess} Teams: {teams}',
    'zh-CN': '没有名为“{value}”的团队。{guess}现有团队：{teams}',
  },
  'digests.team_required': {
    en: 'Which team? Teams: {teams}',
    'zh-CN': '请指定团队。现有团队：{teams}',
  },
  'digests.extra_words': {
    en: 'Did not understand "{value}".',
    'zh-CN': '无法理解“{value}”。',
  },
  // the satisfaction follow-up (CSAT)
  'digests.csat.title': { en: 'How did we do with {id}?', 'zh-CN': '{id} 的处理您满意吗？' },
  'digests.csat.text': {
    en: '“{title}” was resolved. Rate it from 1 (poor) to 5 (excellent); you can change your answer later.',
    'zh-CN': '“{title}”已解决。请为本次服务打分：1（很不满意）到 5（非常满意），之后仍可修改。',
  },
  'digests.csat.comment': { en: 'Add a comment', 'zh-CN': '补充意见' },
  'digests.csat.yours': { en: 'Your rating: {rating}/5', 'zh-CN': '您的评分：{rating}/5' },
  'digests.csat.thanks': {
    en: 'Thank you! You rated {id} {rating}/5.',
    'zh-CN': '感谢评价！您给 {id} 打了 {rating} 分（满分 5 分）。',
  },
  'digests.csat.changed': {
    en: 'Changed: you now rate {id} {rating}/5.',
    'zh-CN': '已修改：您现在给 {id} 打 {rating} 分（满分 5 分）。',
  },
  'digests.csat.not_reporter': {
    en: 'Only the reporter of {id} can rate it.',
    'zh-CN': '只有 {id} 的提交人可以评价。',
  },
  'digests.csat.gone': { en: 'That ticket no longer exists.', 'zh-CN': '该工单已不存在。' },
  'digests.csat.not_resolved': {
    en: '{id} is open again: it can be rated once it is resolved.',
    'zh-CN': '{id} 已重新打开，解决后才能评价。',
  },
  'digests.csat.form_title': { en: 'Your rating', 'zh-CN': '服务评价' },
  'digests.csat.form_send': { en: 'Send', 'zh-CN': '提交' },
  'digests.csat.form_rating': { en: 'Rating', 'zh-CN': '评分' },
  'digests.csat.form_comment': { en: 'Comment (optional)', 'zh-CN': '意见（可选）' },
  'digests.csat.scale.1': { en: '1 · poor', 'zh-CN': '1 · 很不满意' },
  'digests.csat.scale.2': { en: '2 · fair', 'zh-CN': '2 · 不满意' },
  'digests.csat.scale.3': { en: '3 · okay', 'zh-CN': '3 · 一般' },
  'digests.csat.scale.4': { en: '4 · good', 'zh-CN': '4 · 满意' },
  'digests.csat.scale.5': { en: '5 · excellent', 'zh-CN': '5 · 非常满意' },
  'digests.csat.field': { en: 'Satisfaction', 'zh-CN': '满意度' },
  'digests.csat.field_value': { en: '{rating}/5', 'zh-CN': '{rating}/5' },
  'digests.csat.field_comment': { en: '{rating}/5 · “{comment}”', 'zh-CN': '{rating}/5 ·“{comment}”' },
  // ticket event log lines (`event.<kind>` as /ticket show's history prints them)
  'event.csat_requested': { en: 'satisfaction follow-up sent', 'zh-CN': '已发送满意度回访' },
  'event.csat_rated': { en: 'rated satisfaction {to}/5', 'zh-CN': '满意度评分 {to}/5' },
  'event.csat_changed': {
    en: 'changed satisfaction {from} → {to}/5',
    'zh-CN': '满意度评分改为 {from} → {to}/5',
  },
  'event.csat_commented': { en: 'satisfaction comment: {text}', 'zh-CN': '满意度意见：{text}' },
  // config problems (`config.*`: src/config.ts reports them by path)
  'config.digests_bad_cron': {
    en: '"{value}" is not a 5-field cron expression (minute hour day month weekday), or false.',
    'zh-CN': '“{value}”不是 5 段 cron 表达式（分 时 日 月 周），也不是 false。',
  },
  'config.digests_bad_recipient': {
    en: 'must list channel and/or managers.',
    'zh-CN': '只能填写 channel 和/或 managers。',
  },
  'config.digests_bad_charts': { en: 'must be true or false.', 'zh-CN': '只能是 true 或 false。' },
  'config.csat_after': {
    en: '"{value}" is not a duration like 24h, or false.',
    'zh-CN': '“{value}”不是时长（例如 24h），也不是 false。',
  },
} as const;

declare module '../../core/i18n/index.ts' {
  interface Messages extends Record<keyof typeof catalog, true> {}
}

registerCatalog(catalog);
