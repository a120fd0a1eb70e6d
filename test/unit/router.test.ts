import { describe, expect, it } from 'vitest';
// Every module's catalog, as the app registers them.
import '../../src/modules.ts';
import { z } from 'zod';
import { CodedError, renderError } from '../../src/core/errors.ts';
import { translator } from '../../src/core/i18n/index.ts';
import {
  CommandRouter,
  commandUsage,
  ephemeral,
  runSubcommands,
  subcommand,
  words,
} from '../../src/core/router.ts';

type Ctx = { t: ReturnType<typeof translator>; calls: string[] };
const ctx = (locale: 'en' | 'zh-CN' = 'en'): Ctx => ({ t: translator(locale), calls: [] });

const table = [
  subcommand<Ctx, { n: number }>({
    names: ['show', '查看'],
    usage: (t) => t('tickets.use.id'),
    input: (rest) => ({ n: words(rest)[0] }),
    schema: z.object({
      n: z
        .string({ error: 'tickets.id_required' })
        .regex(/^\d+$/, { error: 'common.bad_number' })
        .transform(Number),
    }),
    async run(c, { n }) {
      c.calls.push(`show ${n}`);
      return ephemeral(`shown ${n}`);
    },
  }),
];

const router = new CommandRouter<Ctx>().register({
  name: 'ticket',
  aliases: ['工单'],
  usage: (t) => commandUsage(t.locale === 'zh-CN' ? '工单' : 'ticket', table, t),
  run: (c, text) => runSubcommands(c, text, table, undefined, c.t.locale === 'zh-CN' ? '工单' : 'ticket'),
});

describe('CommandRouter', () => {
  it('runs a command by name, alias and with a leading slash', async () => {
    const c = ctx();
    await router.run(c, '/ticket', 'show 4');
    await router.run(c, '工单', 'show 5');
    await router.run(c, 'TICKET', 'show 6');
    expect(c.calls).toEqual(['show 4', 'show 5', 'show 6']);
  });

  it('answers help with the usage in the caller language', async () => {
    const en = (await router.run(ctx('en'), 'ticket', 'help'))?.message.text;
    expect(en).toBe('/ticket show <id>\nAlso written: /工单');
    const zh = (await router.run(ctx('zh-CN'), 'ticket', '帮助'))?.message.text;
    expect(zh).toBe('/工单 查看|show <编号>\n也可写作：/ticket');
  });

  it('prints the usage of the subcommand that failed, with its Chinese name', async () => {
    const c = ctx('zh-CN');
    const err = await router.run(c, 'ticket', '查看 x').catch((e: unknown) => e);
    expect(renderError(err, c.t).text).toBe('“x”不是工单号（例如 #42）。\n用法：\n/工单 查看|show <编号>');
  });

  it('turns schema failures into translated coded errors carrying the usage', async () => {
    const c = ctx('zh-CN');
    const err = await router.run(c, 'ticket', 'show x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodedError);
    const text = renderError(err, c.t).text;
    expect(text).toContain('“x”不是工单号');
    expect(text).toContain('用法：');
    expect(c.calls).toEqual([]);
  });

  it('reports a missing argument and an unknown subcommand', async () => {
    const missing = await router.run(ctx(), 'ticket', 'show').catch((e: unknown) => e);
    expect(renderError(missing, translator('en')).text).toMatch(/^Which ticket\?/);
    const unknown = await router.run(ctx(), 'ticket', 'frobnicate 3').catch((e: unknown) => e);
    expect(renderError(unknown, translator('en')).text).toMatch(/^Unknown subcommand "frobnicate"\.\n/);
    const typo = await router.run(ctx('zh-CN'), 'ticket', 'shwo 3').catch((e: unknown) => e);
    expect(renderError(typo, translator('zh-CN')).text).toMatch(
      /^未知的子命令“shwo”，你是不是想用“show”？\n用法：\n\/工单 查看\|show <编号>/,
    );
  });

  it('names the known commands for an unknown one, and the one a typo meant', async () => {
    const r = new CommandRouter<Ctx>()
      .register({ name: 'ticket', aliases: ['工单', 't'], usage: () => '', run: async () => null })
      .register({ name: 'report', aliases: ['报表'], usage: () => '', run: async () => null });
    const text = async (name: string, locale: 'en' | 'zh-CN' = 'en') =>
      renderError(await r.run(ctx(locale), name, 'x').catch((e: unknown) => e), translator(locale)).text;
    expect(await text('frobnicate')).toBe('Unknown command "frobnicate". Commands: /ticket /report');
    expect(await text('tickt')).toBe(
      'Unknown command "tickt": did you mean /ticket? Commands: /ticket /report',
    );
    expect(await text('/Reprot')).toBe(
      'Unknown command "/Reprot": did you mean /report? Commands: /ticket /report',
    );
    // A Chinese reader gets the Chinese names first. A two-character word that shares one with
    // a name is another word (an input method picks whole words), not a slip of it.
    expect(await text('报警', 'zh-CN')).toBe('未知命令“报警”。可用命令：/工单（/ticket） /报表（/report）');
    expect(await text('tikcet', 'zh-CN')).toBe(
      '未知命令“tikcet”，你是不是想用 /ticket？可用命令：/工单（/ticket） /报表（/report）',
    );
    expect(await text('你好', 'zh-CN')).toBe('未知命令“你好”。可用命令：/工单（/ticket） /报表（/report）');
    // One-letter shorthands are not guesses: every short word is one edit from them.
    expect(await text('x')).toBe('Unknown command "x". Commands: /ticket /report');
  });

  it('answers help on its own with every command and what it is for', async () => {
    const r = new CommandRouter<Ctx>()
      .register({
        name: 'ticket',
        aliases: ['工单'],
        usage: () => '',
        summary: (t) => t('tickets.summary'),
        run: async () => null,
      })
      .register({ name: 'x', usage: () => '', run: async () => null });
    const en = (await r.run(ctx('en'), 'help', ''))?.message.text;
    expect(en).toBe(
      'sopbot commands (type /<command> help for each one, e.g. /ticket help):\n/ticket   tickets: new, list, acknowledge, assign, resolve, escalate\n/x',
    );
    const zh = (await r.run(ctx('zh-CN'), '/帮助', ''))?.message.text;
    expect(zh).toContain('/工单（/ticket）   工单：新建、列表、确认、指派、解决、升级');
    expect((await r.run(ctx('en'), '?', ''))?.message.text).toBe(en);
  });

  it('refuses to register a name twice', () => {
    expect(() =>
      new CommandRouter<Ctx>()
        .register({ name: 'a', usage: () => '', run: async () => null })
        .register({ name: 'b', aliases: ['A'], usage: () => '', run: async () => null }),
    ).toThrow(/registered twice: a/);
  });

  it('answers unexpected errors with a reference id and no internals', () => {
    const rendered = renderError(new Error('db password is hunter2'), translator('en'));
    expect(rendered.ref).toMatch(/^[0-9a-f]{8}$/);
    expect(rendered.text).toContain(rendered.ref);
    expect(rendered.text).not.toContain('hunter2');
  });
});
