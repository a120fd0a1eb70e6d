import { describe, expect, it } from 'vitest';
import { translator } from '../../src/core/i18n/index.ts';
import { type CardBlock, plainText, type RichText, toSpans } from '../../src/core/message.ts';
import '../../src/domain/daily/catalog.ts';
import { blockersOf, type CompileInput, compileDailyReport } from '../../src/domain/daily/compile.ts';
import { DEFAULT_DAILY, dailyBlockSchema } from '../../src/domain/daily/fields.ts';

const zh = translator('zh-CN');
const en = translator('en');

const kpi = dailyBlockSchema.parse({
  fields: [
    {
      key: 'new_friends',
      label: { 'zh-CN': '新增好友数', en: 'New friends' },
      type: 'number',
      target: '>=100',
      unit: '人',
    },
  ],
}).fields;
const fields = [...DEFAULT_DAILY.fields, ...(kpi ?? [])];

// 07:30 on Friday 2026-03-06 in Shanghai, still Thursday 2026-03-05 in UTC.
const now = new Date('2026-03-05T23:30:00Z');

function input(over: Partial<CompileInput> = {}): CompileInput {
  return {
    team: 'support',
    timeZone: 'Asia/Shanghai',
    now,
    fields,
    members: [
      { id: 'U0ANN', name: 'Ann' },
      { id: 'U0BOB', name: 'Bob', zone: 'America/Los_Angeles' },
      { id: 'U0CAT', name: 'Cat' },
      { id: 'U0DAN', name: 'Dan' },
    ],
    reports: {
      U0ANN: {
        values: { done: '登录页', plan: '联调支付', issues: '测试环境不稳定', new_friends: 120 },
        filedAt: new Date('2026-03-05T23:05:00Z'),
      },
      U0BOB: {
        values: { plan: 'ship', support: 'need a DBA', new_friends: 80 },
        filedAt: new Date('2026-03-05T23:10:00Z'),
        editedAt: new Date('2026-03-05T23:20:00Z'),
      },
    },
    daysOff: [
      { memberId: 'U0DAN', from: '2026-03-02', to: '2026-03-06', reason: '年假' },
      { memberId: 'U0CAT', from: '2026-03-09', to: '2026-03-09' },
    ],
    blockers: [
      { owner: 'U0BOB', text: 'need a DBA', openedOn: '2026-03-06' },
      { owner: 'U0ANN', text: '测试环境不稳定', openedOn: '2026-03-04' },
    ],
    mentionMissing: false,
    ...over,
  };
}

function blocks(over: Partial<CompileInput> = {}, t = zh): CardBlock[] {
  return compileDailyReport(input(over), t).card?.blocks ?? [];
}

function section(list: CardBlock[], titleStart: string): RichText {
  const found = list.find((b) => b.kind === 'section' && b.title?.startsWith(titleStart));
  if (found?.kind !== 'section') throw new Error(`no section ${titleStart}`);
  return found.text ?? '';
}

/** The answer sections: everything before the first divider. */
function answerTexts(list: CardBlock[]): string[] {
  const end = list.findIndex((b) => b.kind === 'divider');
  return list.slice(0, end).map((b) => (b.kind === 'section' ? plainText(b.text ?? '') : b.kind));
}

describe('compileDailyReport', () => {
  it('summarises who filed, who is missing and who is off', () => {
    const message = compileDailyReport(input(), zh);
    expect(message.card?.title).toBe('support 日报汇总 · 2026-03-06');
    expect(message.card?.tone).toBe('warning');
    expect(message.card?.fields).toEqual([
      { label: '已提交', value: '2/3' },
      { label: '未提交', value: '1' },
      { label: '请假', value: '1' },
      { label: '阻塞问题', value: '2' },
    ]);
    expect(plainText(message.text)).toBe('support 日报 2026-03-06：已提交 2/3，未提交 1，请假 1，阻塞 2');
    expect(plainText(section(message.card?.blocks ?? [], '请假'))).toBe('Dan (年假)');
  });

  it("lists each member's text answers, filing time in their own zone, edits marked", () => {
    const list = blocks();
    expect(list[0]).toMatchObject({ kind: 'section', title: '报告' });
    expect(answerTexts(list)).toEqual([
      ['Ann · 07:05', '昨天完成：登录页', '今天计划：联调支付', '遇到问题：测试环境不稳定'].join('\n'),
      ['Bob · 15:10（已修改）', '今天计划：ship', '需要支持：need a DBA'].join('\n'),
    ]);
  });

  it('names the missing as plain text unless mentionMissing is set', () => {
    const quiet = toSpans(section(blocks(), '未提交'));
    expect(quiet).toEqual([{ kind: 'text', text: 'Cat' }]);
    const loud = toSpans(section(blocks({ mentionMissing: true }), '未提交'));
    expect(loud).toEqual([{ kind: 'mention', userId: 'U0CAT' }]);
  });

  it('puts KPIs in a table against the target, with the team total against the team target', () => {
    const table = blocks({}, en).find((b) => b.kind === 'table');
    if (table?.kind !== 'table') throw new Error('no KPI table');
    expect(table.table.columns.map((c) => c.label)).toEqual(['Member', 'New friends (≥ 100人)']);
    expect(table.table.rows.map((r) => r.map(plainText))).toEqual([
      ['Ann', '120人 ✅'],
      ['Bob', '80人 ❌'],
      ['Cat', '—'],
      // 3 members expected (Dan is off): 200 against ≥ 300.
      ['Team total', '200人 ❌'],
    ]);
  });

  it("counts a blocker's age in the team's zone, oldest first", () => {
    expect(plainText(section(blocks(), '阻塞问题'))).toBe(
      '• Ann · 第 3 天：测试环境不稳定\n• Bob · 第 1 天：need a DBA',
    );
    expect(plainText(section(blocks({}, en), 'Blockers'))).toBe(
      '• Ann · day 3: 测试环境不稳定\n• Bob · day 1: need a DBA',
    );
  });

  it('is all green when everyone expected has filed', () => {
    const message = compileDailyReport(
      input({ members: input().members.filter((m) => m.id !== 'U0CAT') }),
      zh,
    );
    expect(message.card?.tone).toBe('success');
    expect(message.card?.blocks?.some((b) => b.kind === 'section' && b.title?.startsWith('未提交'))).toBe(
      false,
    );
  });

  it("stays inside Slack's 50 blocks with many members, several per section", () => {
    const members = Array.from({ length: 60 }, (_, i) => ({ id: `U${i}`, name: `M${i}` }));
    const reports = Object.fromEntries(
      members.map((m) => [m.id, { values: { plan: 'x'.repeat(2000) }, filedAt: now }]),
    );
    const list = blocks({ members, reports, blockers: [] });
    const answers = answerTexts(list);
    expect(answers).toHaveLength(20);
    expect(answers[0]?.startsWith('M0 · ')).toBe(true);
    expect(answers[0]).toContain('\n\nM1 · ');
    expect(answers[0]).toContain('\n\nM2 · ');
    for (const text of answers) expect(text.length).toBeLessThan(3000);
    expect(list.length + 3).toBeLessThan(50); // + header, fields and small print
  });
});

describe('blockersOf', () => {
  it('takes the non-empty answers of blocker fields, not "none" or other fields', () => {
    expect(blockersOf(fields, { done: 'x', issues: '无', support: ' 需要 DBA ', new_friends: 3 })).toEqual([
      { field: 'support', text: '需要 DBA' },
    ]);
    expect(blockersOf(fields, { issues: 'CI red', support: 'N/A' })).toEqual([
      { field: 'issues', text: 'CI red' },
    ]);
  });
});
