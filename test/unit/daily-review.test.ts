import { describe, expect, it } from 'vitest';
import { translator } from '../../src/core/i18n/index.ts';
import { plainText } from '../../src/core/message.ts';
import '../../src/domain/daily/catalog.ts';
import {
  isoWeek,
  LAST_ACTIONS_KEY,
  monthlyBoard,
  monthOverMonth,
  REVIEW_SECTIONS,
  reviewActions,
  reviewCard,
  reviewForm,
  type WeekNumbers,
} from '../../src/domain/daily/review.ts';
import { parseTarget, type Target } from '../../src/domain/daily/target.ts';

const zh = translator('zh-CN');
const en = translator('en');

function tg(text: string): Target {
  const target = parseTarget(text);
  if (!target) throw new Error(`not a target: ${text}`);
  return target;
}

const week: WeekNumbers = {
  team: 'support',
  from: '2026-03-02',
  to: '2026-03-08',
  kpis: [
    { label: '新增好友数', total: 520, target: tg('>=500'), unit: '人' },
    { label: '朋友圈发布数', total: 20, target: tg('>=25'), unit: '条' },
  ],
  filed: 18,
  expected: 20,
  blockersOpened: 3,
  blockersResolved: 2,
  blockersOpen: 4,
  ticketsResolved: 12,
  slaCompliance: 0.95,
  lastWeekActions: ['上线支付', '招一名客服'],
};

describe('the weekly review (卡若五步法)', () => {
  it('has the five steps and their questions as seed 002 §5.2 writes them', () => {
    expect(REVIEW_SECTIONS.map((s) => s.title['zh-CN'])).toEqual([
      '一、目标&结果',
      '二、过程',
      '三、反思',
      '四、总结',
      '五、执行',
    ]);
    expect(REVIEW_SECTIONS[0]?.questions.map((q) => q.label['zh-CN'])).toEqual([
      '本周目标',
      '实际结果',
      '完成率',
    ]);
    expect(REVIEW_SECTIONS[2]?.questions.map((q) => q.label['zh-CN'])).toEqual([
      '做得好的',
      '做得不好的',
      '根本原因',
    ]);
  });

  it('numbers weeks the ISO way', () => {
    expect(isoWeek('2026-03-02')).toBe(10);
    expect(isoWeek('2026-01-01')).toBe(1);
    expect(isoWeek('2027-01-01')).toBe(53);
  });

  it("pre-fills the form with the week's numbers and last week's actions to check off", () => {
    const form = reviewForm(week, zh);
    expect(form.id).toBe('daily.review');
    expect(form.title).toBe('support 周复盘（第10周）');
    expect(form.fields.map((f) => f.key)).toEqual([
      LAST_ACTIONS_KEY,
      'goal',
      'result',
      'rate',
      'process',
      'good',
      'bad',
      'cause',
      'summary',
      'actions',
    ]);
    const byKey = Object.fromEntries(form.fields.map((f) => [f.key, f]));
    expect(byKey[LAST_ACTIONS_KEY]).toMatchObject({
      kind: 'multiselect',
      options: [
        { value: '0', label: '上线支付' },
        { value: '1', label: '招一名客服' },
      ],
    });
    expect(byKey.goal).toMatchObject({
      label: '一、目标&结果 · 本周目标',
      initial: '新增好友数：≥ 500人\n朋友圈发布数：≥ 25条',
    });
    expect(byKey.result).toMatchObject({
      initial: '新增好友数：520人\n朋友圈发布数：20条\n日报提交：18/20（90%）',
    });
    // (520 / 500 + 20 / 25) / 2 = (1.04 + 0.8) / 2
    expect(byKey.rate).toMatchObject({ kind: 'number', unit: '%', initial: 92 });
    expect(byKey.process).toMatchObject({
      initial:
        '日报提交：18/20（90%）\n阻塞问题：新增 3，解决 2，仍未解决 4\n工单：解决 12 个，SLA 达成率 95%',
    });
    expect(plainText(form.intro ?? '')).toBe(
      [
        '本周数据（2026-03-02 – 2026-03-08）',
        '新增好友数：520人（目标 ≥ 500人，完成率 104%）✅',
        '朋友圈发布数：20条（目标 ≥ 25条，完成率 80%）❌',
        '日报提交：18/20（90%）',
        '阻塞问题：新增 3，解决 2，仍未解决 4',
        '工单：解决 12 个，SLA 达成率 95%',
      ].join('\n'),
    );
  });

  it('without KPIs, pre-fills the rate with the reports filed, and asks nothing about last week when there was none', () => {
    const form = reviewForm({ ...week, kpis: [], lastWeekActions: [], slaCompliance: null }, en);
    expect(form.fields.map((f) => f.key)).not.toContain(LAST_ACTIONS_KEY);
    expect(form.fields.find((f) => f.key === 'rate')).toMatchObject({ initial: 90 });
    expect(form.fields.find((f) => f.key === 'goal')).toMatchObject({ initial: undefined });
    expect(plainText(form.intro ?? '')).toContain('Tickets: 12 resolved, SLA compliance —');
  });

  it('reads the 执行 items one per line, without bullets or boxes', () => {
    expect(reviewActions({ actions: '- [ ] 上线支付\n2. 复盘会\n\n[x] done\n* 招人' })).toEqual([
      '上线支付',
      '复盘会',
      'done',
      '招人',
    ]);
    expect(reviewActions({ actions: null })).toEqual([]);
  });

  it("renders a submitted review with last week's actions checked off and next week's to do", () => {
    const values = {
      [LAST_ACTIONS_KEY]: ['1'],
      goal: '好友 500',
      result: '520',
      rate: 104,
      process: '活动：+200',
      good: '活动',
      bad: '响应慢',
      cause: '人手',
      summary: '继续活动',
      actions: '- 上线支付\n- 培训',
    };
    const card = reviewCard(week, values, zh).card;
    expect(card?.title).toBe('support 周复盘（第10周）');
    const sections = (card?.blocks ?? []).map((b) => (b.kind === 'section' ? b : null));
    expect(sections.map((s) => s?.title)).toEqual([
      '上周行动',
      '一、目标&结果',
      '二、过程',
      '三、反思',
      '四、总结',
      '五、执行',
    ]);
    expect(plainText(sections[0]?.text ?? '')).toBe('⬜ 上线支付\n✅ 招一名客服');
    expect(sections[1]?.fields).toEqual([
      { label: '本周目标', value: '好友 500' },
      { label: '实际结果', value: '520' },
      { label: '完成率', value: '104%' },
    ]);
    expect(plainText(sections[5]?.text ?? '')).toBe('☐ 上线支付\n☐ 培训');
  });
});

describe('the monthly KPI board (seed 002 §5.3)', () => {
  it('shows 指标 / 目标 / 实际 / 完成率 / 环比', () => {
    const board = monthlyBoard(
      {
        team: 'sales',
        month: '2026-03',
        kpis: [
          { label: '新增好友', target: tg('3000'), actual: 3300, previous: 3000, unit: '人' },
          { label: '投诉数', target: tg('<=5'), actual: 4, previous: 8 },
          { label: '成交金额', target: tg('>=50000'), actual: null, previous: null, unit: '元' },
        ],
      },
      zh,
    );
    const table = board.card?.blocks?.[0];
    if (table?.kind !== 'table') throw new Error('no table');
    expect(table.table.columns.map((c) => c.label)).toEqual(['指标', '目标', '实际', '完成率', '环比']);
    expect(table.table.rows.map((r) => r.map(plainText))).toEqual([
      ['新增好友', '3,000人', '3,300人', '110%', '+10%'],
      ['投诉数', '≤ 5', '4', '100%', '-50%'],
      ['成交金额', '50,000元', '—', '—', '—'],
    ]);
    expect(board.card?.title).toBe('sales 月度数据看板 · 2026-03');
  });

  it("has no month-over-month change without last month's figure", () => {
    expect(monthOverMonth(10, 0)).toBe('—');
    expect(monthOverMonth(10, null)).toBe('—');
    expect(monthOverMonth(12, 10)).toBe('+20%');
  });
});
