/**
 * Every string in the reader's language: one scripted session per language through the real
 * console exercises every module's replies, cards and notices (tickets and their whole status
 * machine, escalation to the managers, SLA warnings and breaches, on-call and overrides, /sla,
 * /report with its charts' text, daily reports, a release, errors and help). The Chinese output
 * must hold no internal name (a status, a tier, an urgency, a target key) and no English word of
 * the English catalog; the English output no Chinese at all. What users typed (titles, notes) is
 * written in the session's own language, so it cannot hide a leak.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { catalogEntries } from '../../src/core/i18n/index.ts';
import { createTestApp } from '../helpers/app.ts';
import { consoleSession } from '../helpers/console.ts';
import { testDatabase } from '../helpers/db.ts';

const T0 = Date.parse('2026-03-04T01:00:00Z'); // Wednesday 09:00 in Shanghai
const M = 60_000;

function config(locale: 'zh-CN' | 'en') {
  return {
    locale,
    timezone: 'Asia/Shanghai',
    admins: ['me'],
    intake: [{ channel: 'support', team: 'support' }],
    priorities: { P1: { firstResponse: '10m', resolve: '1h', escalateAfter: '15m', calendar: '24x7' } },
    teams: {
      support: {
        channel: 'support-team',
        managers: ['boss'],
        members: ['me', 'ann'],
        tiers: [
          { name: 'L1', rotation: { members: ['me'] } },
          { name: 'L2', rotation: { members: ['ann'] } },
        ],
      },
    },
    daily: { prompt: '09:05', remind: ['09:10'], cutoff: '09:15' },
  };
}

const INTERNAL = [
  'in_progress',
  'acknowledged',
  'pending',
  'resolved',
  'closed',
  'managers',
  'first_response',
  'restore',
  'urgent: app',
  'undefined',
  'null',
  'NaN',
  '[object Object]',
];

/** English words (4+ letters) of the English catalog that its Chinese side never uses. */
function englishWords(): Set<string> {
  const words = new Set<string>();
  for (const [, entry] of catalogEntries()) {
    const zh = entry['zh-CN'];
    for (const w of entry.en.replace(/\{\w+\}/g, ' ').match(/[A-Za-z]{4,}/g) ?? []) {
      if (!zh.includes(w)) words.add(w.toLowerCase());
    }
  }
  // Names and words that are the same in both languages (product and platform names, commands).
  for (const w of ['sopbot', 'slack', 'feishu', 'lark', 'support', 'team', 'help', 'boss', 'drill'])
    words.delete(w);
  return words;
}

async function session(
  locale: 'zh-CN' | 'en',
  script: (s: ReturnType<typeof consoleSession>) => Promise<void>,
) {
  const database = await testDatabase();
  const clock = new ManualClock(T0);
  const app = await createTestApp(database, { config: config(locale), clock });
  const s = consoleSession(app, { user: 'me', channel: 'support', locale });
  await app.scheduler.runStartHooks();
  await script(s);
  const step = async (ms: number) => {
    clock.advance(ms);
    await app.tick();
  };
  for (let i = 0; i < 12; i++) await step(5 * M); // warnings, breach, escalation, the daily cutoff
  const out = s.output();
  await app.stop();
  await database.close();
  return out;
}

const COMMANDS = {
  'zh-CN': [
    '/工单 新建 P1 支付页面白屏',
    '/工单 新建 P2 发票抬头写错了',
    '/工单 确认 2',
    '/工单 状态 2 待反馈',
    '/工单 状态 2 处理中',
    '/工单 解决 2 已经修好',
    '/工单 关闭 2',
    '/工单 解决 2',
    '/工单 重新打开 2',
    '/工单 指派 2 @ann',
    '/工单 优先级 2 P3',
    '/工单 评论 2 请再看一下',
    '/工单 升级 2 客户投诉',
    '/工单 查看 2',
    '/工单 列表 全部',
    '/工单 列表 all',
    '/工单 help',
    '/值班',
    '/值班 替班 support L2 @boss 2h',
    '/sla',
    '/sla 1',
    '/报表 weekly',
    '/日报 今天计划：写周报',
    '/日报 状态',
    '/发布 模板',
    '/发布 help',
    '/工单 查看 999',
    '/帮助',
  ],
  en: [
    '/ticket new P1 Checkout page is blank',
    '/ticket new P2 Invoice header is wrong',
    '/ticket ack 2',
    '/ticket status 2 pending',
    '/ticket status 2 in_progress',
    '/ticket resolve 2 fixed it',
    '/ticket close 2',
    '/ticket resolve 2',
    '/ticket reopen 2',
    '/ticket assign 2 @ann',
    '/ticket priority 2 P3',
    '/ticket comment 2 please look again',
    '/ticket escalate 2 customer complaint',
    '/ticket show 2',
    '/ticket list all',
    '/ticket help',
    '/oncall',
    '/oncall override support L2 @boss 2h',
    '/sla',
    '/sla 1',
    '/report weekly',
    '/daily Plan: write the weekly report',
    '/daily status',
    '/release templates',
    '/release help',
    '/ticket show 999',
    '/help',
  ],
};

describe('every string in the reader’s language', () => {
  it('Chinese: no internal name, no English word of the catalog', async () => {
    const out = await session('zh-CN', async (s) => {
      for (const line of COMMANDS['zh-CN']) await s.say(line);
    });
    expect(out).toContain('支付页面白屏');
    expect(out).toContain('各时限的 50%、80% 时预警');
    expect(out).toContain('/报表（/report）   报表：立即查看日报、周报或月报');
    // Usage lines name the words a command accepts (`in_progress|pending`): those are input, not text.
    const said = out
      .split('\n')
      .filter((l) => !/^\/|^用法|也可写作/.test(l.replace(/^│ /, '')))
      .join('\n');
    const found = INTERNAL.map((name) => [name, said.split('\n').filter((l) => l.includes(name))]).filter(
      ([, lines]) => (lines as string[]).length,
    );
    expect(found).toEqual([]);
    const english = englishWords();
    // The commands' own names and their English aliases are listed in help on purpose.
    // Command syntax (`/发布 start`), argument brackets and template ids (`│ post-launch — …`) are
    // names a reader types, the same in both languages.
    const text = said
      .replace(/\/\S+( [\w|-]+)?/g, ' ')
      .replace(/\[[^\]\n]*\]|<[^>\n]*>/g, ' ')
      .replace(/^│ [\w-]+ — /gm, '│ ');
    const leaked = [...new Set((text.match(/[A-Za-z]{4,}/g) ?? []).map((w) => w.toLowerCase()))].filter((w) =>
      english.has(w),
    );
    const where = leaked.map((w) => [w, text.split('\n').filter((l) => l.toLowerCase().includes(w))]);
    expect(where).toEqual([]);
  });

  it('English: no Chinese', async () => {
    const out = await session('en', async (s) => {
      for (const line of COMMANDS.en) await s.say(line);
    });
    expect(out).toContain('Checkout page is blank');
    const said = out
      .split('\n')
      .filter((l) => !/^\/|^Usage|^Also written/.test(l.replace(/^│ /, '')))
      .join('\n');
    const found = ['in_progress', 'first_response', 'undefined', '[object Object]', 'NaN']
      .map((name) => [name, said.split('\n').filter((l) => l.includes(name))])
      .filter(([, lines]) => (lines as string[]).length);
    expect(found).toEqual([]);
    // "Also written: /工单" names the Chinese alias of a command: the one Chinese a reader may see.
    const chinese = out.replace(/\/[\u4e00-\u9fff]+/g, '').match(/[\u4e00-\u9fff]+/g) ?? [];
    expect([...new Set(chinese)]).toEqual([]);
  });
});
