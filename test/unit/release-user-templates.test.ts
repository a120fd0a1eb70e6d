import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { translate } from '../../src/core/i18n/index.ts';
import { catalog as releases } from '../../src/domain/releases/catalog.ts';
import { missingRoles, parseRoleAssignments } from '../../src/domain/releases/roles.ts';
import {
  BUILTIN_TEMPLATES_DIR,
  findStep,
  loadTemplates,
  parseTemplate,
  type ReleaseTemplate,
  TemplateError,
} from '../../src/domain/releases/template.ts';

const BUILTIN_COUNT = 18;
const builtins = () => loadTemplates({ builtinDir: BUILTIN_TEMPLATES_DIR, locale: 'en' });

// A user template, as the admin would write it, with one thing broken per case.
const DRILL = `
name: drill
title: { zh-CN: 演练, en: Drill }
sections:
  - title: 准备
    steps:
      - { id: build, title: 构建发布包, owner: U0ANN, due: T-30m }
      - { id: go5, title: 放量到 5%？, kind: gate, quorum: 2, due: T+2h }
      - { id: watch, title: 监控 4 小时, kind: monitor, window: 4h, after: go5 }
      - { id: report, title: 灰度进展汇报, kind: repeat, every: 30m, until: watch }
`;

describe('user templates', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const userDir = (files: Record<string, string>) => {
    dir = mkdtempSync(join(tmpdir(), 'sopbot-templates-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  const refusal = (files: Record<string, string>): TemplateError => {
    try {
      loadTemplates({ builtinDir: BUILTIN_TEMPLATES_DIR, userDir: userDir(files), locale: 'en' });
    } catch (err) {
      if (err instanceof TemplateError) return err;
      throw err;
    }
    throw new Error('the templates were accepted');
  };

  it('loads the PRODUCT.md example beside the built-ins', () => {
    const all = loadTemplates({
      builtinDir: BUILTIN_TEMPLATES_DIR,
      userDir: userDir({ 'drill.yaml': DRILL }),
      locale: 'en',
    });
    const drill = all.get('drill');
    expect(drill?.steps.map((s) => s.id)).toEqual(['build', 'go5', 'watch', 'report']);
    expect(drill?.title).toEqual({ 'zh-CN': '演练', en: 'Drill' });
    expect(drill?.steps[0]?.title).toEqual({ 'zh-CN': '构建发布包', en: '构建发布包' });
    expect(drill?.steps[1]?.gate).toEqual({
      approvers: null,
      quorum: 2,
      go: null,
      nogo: null,
      onNogo: 'stop',
    });
    expect(all.size).toBe(BUILTIN_COUNT + 1);
  });

  it('refuses a bad due time naming the file and key, in English and Chinese', () => {
    // As configured: `releases.templates: ./release-templates`, relative to where sopbot runs.
    const home = process.cwd();
    dir = mkdtempSync(join(tmpdir(), 'sopbot-cwd-'));
    mkdirSync(join(dir, 'release-templates'));
    writeFileSync(join(dir, 'release-templates', 'drill.yaml'), DRILL.replace('after: go5 }', 'due: T+2x }'));
    process.chdir(dir);
    try {
      const load = () =>
        loadTemplates({ builtinDir: BUILTIN_TEMPLATES_DIR, userDir: './release-templates', locale: 'en' });
      expect(load).toThrow(
        'release-templates/drill.yaml: sections.0.steps.2.due: "T+2x" is not a due time (write 09:00, T-2h, T+30m, D+3 10:00, or after: <step>)',
      );
      const err = (() => {
        try {
          load();
        } catch (e) {
          return e as TemplateError;
        }
      })();
      expect(err?.describe('zh-CN')).toBe(
        [
          '发布模板有误：',
          '  - release-templates/drill.yaml: sections.0.steps.2.due: “T+2x”不是有效的截止时间（应写作 09:00、T-2h、T+30m、D+3 10:00，或 after: <步骤>）',
        ].join('\n'),
      );
    } finally {
      process.chdir(home);
    }
  });

  it('refuses an after: naming no step', () => {
    const err = refusal({ 'drill.yaml': DRILL.replace('after: go5', 'after: go50') });
    const file = join(dir, 'drill.yaml');
    expect(err.describe('en')).toContain(
      `${file}: sections.0.steps.2.after: step "go50" does not exist in this template`,
    );
    expect(err.describe('zh-CN')).toContain(`${file}: sections.0.steps.2.after: 本模板中没有步骤“go50”`);
  });

  it('refuses a duplicate step id, pointing at both', () => {
    const err = refusal({ 'drill.yaml': DRILL.replace('id: report', 'id: build') });
    const file = join(dir, 'drill.yaml');
    expect(err.describe('en')).toContain(
      `${file}: sections.0.steps.3.id: step id "build" is used twice (first at sections.0.steps.0.id)`,
    );
    expect(err.describe('zh-CN')).toContain(
      `${file}: sections.0.steps.3.id: 步骤 id“build”重复（首次出现在 sections.0.steps.0.id）`,
    );
  });

  it('refuses after: steps that wait on each other in a circle', () => {
    const cyclic = DRILL.replace('due: T+2h }', 'after: watch }');
    const err = refusal({ 'drill.yaml': cyclic });
    const file = join(dir, 'drill.yaml');
    expect(err.problems).toHaveLength(1);
    expect(err.describe('en')).toContain(
      `${file}: sections.0.steps.2.after: after: steps wait on each other in a circle: go5 → watch → go5`,
    );
    expect(err.describe('zh-CN')).toContain(
      `${file}: sections.0.steps.2.after: after: 形成循环等待：go5 → watch → go5`,
    );
  });

  it('may replace a built-in only with replaces: true, which then takes its place', () => {
    const mine = DRILL.replace('name: drill', 'name: refund');
    expect(refusal({ 'refund.yaml': mine }).describe('en')).toContain(
      'refund.yaml: name: "refund" is a built-in template: choose another name, or add replaces: true to replace it',
    );
    const all = loadTemplates({
      builtinDir: BUILTIN_TEMPLATES_DIR,
      userDir: userDir({ 'refund.yaml': `${mine}replaces: true\n` }),
      locale: 'en',
    });
    expect(all.get('refund')?.source).toMatchObject({ builtin: false, replaces: true });
    expect(all.get('refund')?.steps).toHaveLength(4);
    expect([...all.keys()].indexOf('refund')).toBe([...builtins().keys()].indexOf('refund'));
    expect(refusal({ 'x.yaml': `${DRILL}replaces: true\n` }).describe('en')).toContain(
      'x.yaml: replaces: replaces: true, but there is no built-in template "drill"',
    );
  });

  it('reports every problem of every file, YAML errors and a missing folder included', () => {
    const err = refusal({
      'a.yaml': DRILL,
      'b.yml': DRILL,
      'c.yaml': 'name: [unclosed\n',
      'd.yaml': DRILL.replace('name: drill', 'name: other\nrollback: nowhere'),
    });
    const lines = err.describe('en').split('\n');
    expect(lines[0]).toBe('Invalid release templates:');
    expect(
      lines.some((l) =>
        l.includes(`b.yml: name: template "drill" is already defined in ${join(dir, 'a.yaml')}`),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.includes('c.yaml: not valid YAML: '))).toBe(true);
    expect(lines.some((l) => l.includes('d.yaml: rollback: there is no template "nowhere"'))).toBe(true);
    const missing = join(tmpdir(), 'sopbot-no-such-folder');
    expect(() =>
      loadTemplates({ builtinDir: BUILTIN_TEMPLATES_DIR, userDir: missing, locale: 'zh-CN' }),
    ).toThrow(`${missing}: 模板目录 ${missing} 不存在（releases.templates）`);
  });
});

describe('template checks', () => {
  const check = (text: string, teams?: Record<string, string[]>) =>
    parseTemplate(parseYaml(text), { file: 't.yaml', builtin: false }, teams).problems.map(
      (p) => `${p.path} ${p.key}`,
    );

  it('accepts the example', () => {
    expect(check(DRILL)).toEqual([]);
  });

  it('names unknown keys, keys of another kind and missing kind keys at their own path', () => {
    expect(check(DRILL.replace('quorum: 2', 'qourum: 2'))).toEqual([
      'sections.0.steps.1.qourum releases.tpl.unknown_key',
    ]);
    expect(check(DRILL.replace('owner: U0ANN', 'owner: U0ANN, quorum: 1'))).toEqual([
      'sections.0.steps.0.quorum releases.tpl.only_for_kind',
    ]);
    expect(check(DRILL.replace('window: 4h, ', ''))).toEqual([
      'sections.0.steps.2.window releases.tpl.required_for_kind',
    ]);
    expect(check(DRILL.replace('every: 30m', 'every: 10s'))).toEqual([
      'sections.0.steps.3.every releases.tpl.duration_too_short',
    ]);
    expect(check(DRILL.replace('due: T-30m', 'due: T-30m, after: go5'))).toEqual([
      'sections.0.steps.0.after releases.tpl.due_and_after',
    ]);
    expect(check(DRILL.replace('due: T-30m', 'in: 5m'))).toEqual([
      'sections.0.steps.0.in releases.tpl.in_without_after',
    ]);
  });

  it('checks owners, quorum, branches and teams', () => {
    expect(check(DRILL.replace('owner: U0ANN', 'owner: 张三'))).toEqual([
      'sections.0.steps.0.owner releases.tpl.bad_owner',
    ]);
    expect(check(DRILL.replace('owner: U0ANN', 'owner: { role: 客服 }'))).toEqual([]);
    expect(check(DRILL.replace('quorum: 2', 'quorum: 1, approvers: [U0A, 张三]'))).toEqual([
      'sections.0.steps.1.approvers.1 releases.tpl.bad_owner',
    ]);
    expect(check(DRILL.replace('after: go5', 'after: [go5, 7]'))).toEqual([
      'sections.0.steps.2.after releases.tpl.bad_after',
    ]);
    expect(check(DRILL.replace('quorum: 2', 'quorum: 0'))).toEqual([
      'sections.0.steps.1.quorum releases.tpl.bad_quorum',
    ]);
    expect(check(DRILL.replace('quorum: 2', 'quorum: 3, approvers: [U0A, U0B]'))).toEqual([
      'sections.0.steps.1.quorum releases.tpl.quorum_too_big',
    ]);
    const branch = DRILL.replace('after: go5 }', 'after: go5, when: { gate: go5, is: nogo } }');
    expect(check(branch)).toEqual(['sections.0.steps.2.when.gate releases.tpl.nogo_needs_continue']);
    expect(check(branch.replace('quorum: 2', 'quorum: 2, onNogo: continue'))).toEqual([]);
    expect(check(DRILL.replace('after: go5 }', 'after: go5, when: { gate: build, is: go } }'))).toEqual([
      'sections.0.steps.2.when.gate releases.tpl.not_a_gate',
    ]);
    const oncall = DRILL.replace('owner: U0ANN', 'owner: { oncall: ops/L2 }');
    expect(check(oncall)).toEqual([]);
    expect(check(oncall, { ops: ['L1'] })).toEqual(['sections.0.steps.0.owner releases.tpl.unknown_tier']);
    expect(check(oncall, { support: ['L1'] })).toEqual([
      'sections.0.steps.0.owner releases.tpl.unknown_team',
    ]);
  });

  it('finds a step by number or id', () => {
    const t = parseTemplate(parseYaml(DRILL), { file: 't.yaml', builtin: false }).template as ReleaseTemplate;
    expect(findStep(t, '2')?.id).toBe('go5');
    expect(findStep(t, 'WATCH')?.id).toBe('watch');
    expect(findStep(t, '9')).toBeNull();
  });
});

describe('role assignments', () => {
  const refund = () => builtins().get('refund') as ReleaseTemplate;

  it('reads name=@user by name, alias or title, with mentions in any platform form', () => {
    const r = parseRoleAssignments(
      'R-123 客服=@ann support-lead = <@U0BOB> Finance＝<@U0CAT|cat>，@dan',
      refund(),
    );
    expect(r).toEqual({
      ok: true,
      rest: 'R-123',
      assignments: new Map([
        ['客服', ['ann']],
        ['客服主管', ['U0BOB']],
        ['财务', ['U0CAT', 'dan']],
      ]),
    });
    if (r.ok) expect(missingRoles(refund(), r.assignments)).toEqual([]);
  });

  it('lists the roles nobody was given', () => {
    const r = parseRoleAssignments('R-1 at 14:30 客服=@ann', refund());
    expect(r.ok && r.rest).toBe('R-1 at 14:30');
    if (r.ok) expect(missingRoles(refund(), r.assignments).map((x) => x.name)).toEqual(['客服主管', '财务']);
  });

  it('refuses an unknown role, a role given twice, a non-user and an empty role', () => {
    expect(parseRoleAssignments('老板=@ann', refund())).toEqual({
      ok: false,
      key: 'releases.role_unknown',
      params: { template: 'refund', role: '老板', roles: ['客服', '客服主管', '财务'] },
    });
    // A list reads the way the language writes one.
    expect(
      translate('zh-CN', 'releases.role_unknown', {
        template: 'refund',
        role: '老板',
        roles: ['客服', '财务'],
      }),
    ).toContain('客服、财务');
    expect(
      translate('en', 'releases.role_unknown', { template: 'refund', role: 'x', roles: ['a', 'b'] }),
    ).toContain('a, b');
    expect(parseRoleAssignments('客服=@ann support=@bob', refund())).toMatchObject({
      ok: false,
      key: 'releases.role_twice',
      params: { role: '客服' },
    });
    expect(parseRoleAssignments('财务=@a/b', refund())).toMatchObject({ key: 'releases.role_bad_user' });
    expect(parseRoleAssignments('财务= ', refund())).toMatchObject({
      key: 'releases.role_empty',
      params: { role: '财务' },
    });
  });
});

describe('releases catalog', () => {
  const placeholders = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('has every string in both languages with the same placeholders, the Chinese in Chinese', () => {
    for (const [key, entry] of Object.entries(releases)) {
      expect(key.startsWith('releases.'), key).toBe(true);
      expect(entry.en.trim(), key).not.toBe('');
      expect(placeholders(entry['zh-CN']), key).toEqual(placeholders(entry.en));
      // Chinese wherever the English has words (a bare `{time} ({zone})` has none to translate).
      const words = entry.en.replace(/\{\w+\}|\/\w+|[A-Z]\d/g, '');
      if (/[a-z]{3,}/i.test(words)) expect(/[\u4e00-\u9fff]/.test(entry['zh-CN']), key).toBe(true);
    }
  });
});
