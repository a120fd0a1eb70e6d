import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  BUILTIN_TEMPLATES_DIR,
  findStep,
  loadTemplates,
  type ReleaseTemplate,
} from '../../src/domain/releases/template.ts';

// The seed documents live beside PRODUCT.md; SOPBOT_SEEDS_DIR or a seeds/ folder in the checkout
// take precedence, so the content checks run wherever the seeds are.
const SEEDS_DIR = [process.env.SOPBOT_SEEDS_DIR, join(process.cwd(), 'seeds'), '/work/shared/seeds'].find(
  (d): d is string => Boolean(d && existsSync(d)),
);

function seed(prefix: string): string {
  if (!SEEDS_DIR) throw new Error('seed documents not found: set SOPBOT_SEEDS_DIR');
  const file = readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`seed ${prefix} not found in ${SEEDS_DIR}`);
  return readFileSync(join(SEEDS_DIR, file), 'utf8');
}

const builtins = () => loadTemplates({ builtinDir: BUILTIN_TEMPLATES_DIR, locale: 'en' });

/** Which seed each built-in's content comes from. */
const SOURCES: Record<string, string[]> = {
  prelaunch: ['000', '003'],
  'launch-day': ['000'],
  'staged-rollout': ['003'],
  rollback: ['003'],
  'post-launch': ['003'],
  outage: ['000'],
  security: ['000'],
  'pr-crisis': ['000'],
  retro: ['004'],
  refund: ['000'],
  'new-customer': ['002'],
  'hourly-checks': ['000'],
  'daily-checks': ['000'],
  'weekly-checks': ['000'],
  'moments-day': ['002'],
  'user-ops-day': ['002'],
  'content-ops-day': ['002'],
  'matrix-ops-day': ['002'],
};

describe('built-in templates', () => {
  it('all load and validate, each with steps and unique ids', () => {
    const all = builtins();
    expect([...all.keys()].sort()).toEqual(Object.keys(SOURCES).sort());
    for (const t of all.values()) {
      expect(t.steps.length, t.name).toBeGreaterThan(0);
      expect(new Set(t.steps.map((s) => s.id)).size, t.name).toBe(t.steps.length);
      expect(t.source.builtin).toBe(true);
    }
  });

  it('write every text in both languages, the Chinese in Chinese', () => {
    const texts = new Set(['title', 'description', 'notes', 'watch', 'go', 'nogo']);
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) {
        node.forEach((n, i) => {
          walk(n, `${where}.${i}`);
        });
      } else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (texts.has(key)) {
            const v = value as Record<string, string>;
            expect(typeof v.en === 'string' && v.en.trim() !== '', `${where}.${key}.en`).toBe(true);
            expect(/[\u4e00-\u9fff]/.test(v['zh-CN'] ?? ''), `${where}.${key}.zh-CN`).toBe(true);
          } else {
            walk(value, `${where}.${key}`);
          }
        }
      }
    };
    for (const file of readdirSync(BUILTIN_TEMPLATES_DIR)) {
      walk(parseYaml(readFileSync(join(BUILTIN_TEMPLATES_DIR, file), 'utf8')), file);
    }
  });

  it('carry the seeds’ own words: every step that is not a gate question is titled from its seed', () => {
    for (const t of builtins().values()) {
      const text = (SOURCES[t.name] ?? []).map(seed).join('\n');
      for (const step of t.steps.filter((s) => s.kind !== 'gate')) {
        expect(text.includes(step.title['zh-CN']), `${t.name}.${step.id}: ${step.title['zh-CN']}`).toBe(true);
      }
    }
  });

  it('spot-check: exact titles, times, roles and thresholds from the seeds', () => {
    const all = builtins();
    const get = (name: string) => all.get(name) as ReleaseTemplate;
    const s000 = seed('000');
    const s003 = seed('003');

    const refund = get('refund');
    expect(refund.steps.map((s) => s.title['zh-CN'])).toEqual([
      '接收退款申请',
      '审核退款理由',
      '执行退款操作',
      '更新用户状态',
      '发送确认邮件',
      '记录退款原因',
    ]);
    expect(refund.roles.map((r) => r.name)).toEqual(['客服', '客服主管', '财务']);
    expect(findStep(refund, 'review')?.due?.text).toBe('T+2h');
    expect(findStep(refund, 'execute')?.due).toMatchObject({
      kind: 'after',
      steps: ['review'],
      ms: 86_400_000,
    });

    const launch = get('launch-day');
    expect(launch.timezone).toBe('America/Los_Angeles');
    const ph = launch.sections[1]?.steps.map((s) => `${s.due?.text} ${s.title['zh-CN']}`) ?? [];
    expect(ph).toEqual([
      '00:01 正式发布',
      '00:05 团队成员投票',
      '00:30 通知早期用户',
      '06:00 Reddit/Twitter推广',
      '09:00 邮件推送',
      '12:00 社区互动',
      '18:00 数据分析',
      '23:00 总结反馈',
    ]);
    for (const line of ph) expect(s000).toContain(`**${line.replace(' ', '** - ')}`);

    const rollout = get('staged-rollout');
    const gates = rollout.steps.filter((s) => s.kind === 'gate');
    expect(gates.map((g) => g.id)).toEqual(['go-5', 'go-20', 'go-100']);
    expect(gates.every((g) => g.gate?.onNogo === 'rollback')).toBe(true);
    const stageTargets = [
      '崩溃率 < 0.1%, 错误率 < 1%',
      '崩溃率 < 0.05%, 错误率 < 0.5%',
      '崩溃率 < 0.01%, 错误率 < 0.1%',
    ];
    gates.forEach((g, i) => {
      const [crash, error] = (stageTargets[i] ?? '').split(', ');
      expect(s003).toContain(stageTargets[i]);
      expect(g.watch?.['zh-CN']).toContain(`${crash}，${error}`);
      for (const trigger of [
        '崩溃率 > 0.5% (持续2分钟)',
        '错误率 > 5% (持续5分钟)',
        '灰度用户投诉量 > 50条 (1小时内)',
      ]) {
        expect(s003).toContain(trigger);
        expect(g.watch?.['zh-CN']).toContain(trigger);
      }
    });
    expect(findStep(rollout, 'monitor-1')).toMatchObject({ kind: 'monitor', window: 2 * 3_600_000 });
    expect(findStep(rollout, 'monitor-5')).toMatchObject({ kind: 'monitor', window: 4 * 3_600_000 });
    expect(findStep(rollout, 'progress-report')).toMatchObject({
      kind: 'repeat',
      every: 1_800_000,
      until: 'release-100',
    });

    const outage = get('outage');
    const quickFix = findStep(outage, 'quick-fix');
    expect(s000).toContain('D{能否快速修复?}');
    expect(quickFix?.gate).toMatchObject({ onNogo: 'continue' });
    expect([quickFix?.gate?.go?.['zh-CN'], quickFix?.gate?.nogo?.['zh-CN']]).toEqual([
      '执行修复',
      '切换备用方案',
    ]);
    expect(findStep(outage, 'fallback')?.when).toEqual({ gate: 'quick-fix', is: 'nogo' });

    expect(get('rollback').countdown?.within).toBe(15 * 60_000);
    expect(s003).toContain('恢复时间目标 (RTO): 15分钟');
    expect(get('pr-crisis').sections.map((s) => s.steps[0]?.due?.text)).toEqual([
      'T+30m',
      'T+2h',
      'T+24h',
      'after publish-response, watch-sentiment, post-updates',
    ]);
    expect(get('new-customer').steps.map((s) => s.due?.text)).toEqual([
      'D+0',
      'D+1',
      'D+2',
      'D+3',
      'D+4',
      'D+5',
      'D+6',
    ]);
    expect(get('moments-day').steps.map((s) => s.due?.text)).toEqual([
      '09:00',
      '13:00',
      '16:00',
      '19:00',
      '22:00',
    ]);
  });
});
