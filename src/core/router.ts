import type { z } from 'zod';
import { closest } from './did-you-mean.ts';
import { CodedError } from './errors.ts';
import { hasMessage, type MessageKey, type Params, type Translator } from './i18n/index.ts';
import type { Reply } from './message.ts';

/** What every command context carries: the caller's language. */
export interface BaseContext {
  t: Translator;
  /**
   * Commands are typed by their slash names only where the caller is (Slack's slash commands are
   * the manifest's ASCII names): help then shows `/ticket`, not `/工单（/ticket）`, and no aliases.
   */
  slashNamesOnly?: boolean;
}

/**
 * One command (`ticket`, `oncall`…): its names, its usage in the caller's language and how to
 * run it. The router owns lookup, aliases, `help` and turning bad input into coded errors.
 */
export interface CommandDefinition<Ctx extends BaseContext> {
  name: string;
  aliases?: string[];
  usage(t: Translator): string;
  /** What it is for, in a few words: its line in the overview `help` (`/帮助`) answers. */
  summary?(t: Translator): string;
  run(ctx: Ctx, text: string): Promise<Reply | null>;
}

export function ephemeral(text: string): Reply {
  return { visibility: 'ephemeral', message: { text } };
}

/**
 * The name a mistyped one probably meant, not counting one- and two-letter Latin shorthands
 * (`t`): every short word would be a guess.
 */
function guessName(typed: string, names: readonly string[]): string | null {
  // An input method picks whole Chinese words: `关注` is another word, not a slip of `关闭`.
  if (HAN.test(typed) && typed.length <= 2) return null;
  return closest(
    typed,
    names.filter((n) => n.length >= 3 || HAN.test(n)),
  );
}

/** An unknown subcommand's error, naming the subcommand a typo meant (`shwo` → `show`). */
export function unknownSubcommand(sub: string, names: readonly string[]): CodedError {
  const guess = guessName(sub.toLowerCase(), names);
  return guess
    ? new CodedError('common.unknown_subcommand_guess', { sub, guess })
    : new CodedError('common.unknown_subcommand', { sub });
}

/** `help` asked of no command in particular. */
const HELP = /^(help|帮助|\?|？|menu|菜单)$/;

const HAN = /\p{Script=Han}/u;

/**
 * A command as a reader would type it: for a Chinese reader its Chinese name with the English
 * one (`/工单（/ticket）`: both work on Feishu and the console), else `/ticket`.
 */
function shownName(def: { name: string; aliases?: string[] }, ctx: BaseContext): string {
  const zh =
    ctx.t.locale === 'zh-CN' && !ctx.slashNamesOnly ? def.aliases?.find((a) => HAN.test(a)) : undefined;
  return zh ? `/${zh}（/${def.name}）` : `/${def.name}`;
}

function normalizeName(name: string): string {
  return name
    .trim()
    .replace(/^[/／]/, '')
    .toLowerCase();
}

/** Looks commands up by name or alias (`/ticket`, `/工单`, `ticket`) and runs them. */
export class CommandRouter<Ctx extends BaseContext> {
  private readonly byName = new Map<string, CommandDefinition<Ctx>>();
  private readonly primary: CommandDefinition<Ctx>[] = [];

  register(def: CommandDefinition<Ctx>): this {
    for (const name of [def.name, ...(def.aliases ?? [])]) {
      const key = normalizeName(name);
      if (this.byName.has(key)) throw new Error(`command name registered twice: ${key}`);
      this.byName.set(key, def);
    }
    this.primary.push(def);
    return this;
  }

  find(name: string): CommandDefinition<Ctx> | undefined {
    return this.byName.get(normalizeName(name));
  }

  /**
   * Each command's Chinese names with the name Slack knows it by (`工单` → `ticket`): Slack's
   * slash commands are the manifest's ASCII names, so what sopbot says there names those.
   */
  slashNames(): Map<string, string> {
    const out = new Map<string, string>();
    for (const def of this.primary)
      for (const alias of def.aliases ?? []) if (HAN.test(alias)) out.set(alias, def.name);
    return out;
  }

  /** True when `name` (with or without slash) is a registered command or alias. */
  has(name: string): boolean {
    return this.byName.has(normalizeName(name));
  }

  /**
   * The answer to `help` on its own (`/帮助`, or "help" in a direct chat with the bot): every
   * command, by the name the reader would type, with what it is for.
   */
  private overview(ctx: BaseContext): string {
    const lines = this.primary.map((def) =>
      def.summary ? `${shownName(def, ctx)}   ${def.summary(ctx.t)}` : shownName(def, ctx),
    );
    return [ctx.t('common.overview_head'), ...lines].join('\n');
  }

  /**
   * The error for a command nobody registered: the commands there are and, when the name is a
   * typo of one of their names, that name (`/tikcet` → `/ticket`).
   */
  private unknown(name: string, ctx: BaseContext): CodedError {
    const list = this.primary.map((def) => shownName(def, ctx)).join(' ');
    const guess = guessName(normalizeName(name), [...this.byName.keys()]);
    return guess
      ? new CodedError('common.unknown_command_guess', { name, guess: `/${guess}`, list })
      : new CodedError('common.unknown_command', { name, list });
  }

  async run(ctx: Ctx, name: string, text: string): Promise<Reply | null> {
    const def = this.find(name);
    if (!def && HELP.test(normalizeName(name))) return ephemeral(this.overview(ctx));
    if (!def) throw this.unknown(name, ctx);
    const trimmed = text.trim();
    if (/^(help|帮助|\?|-h|--help)$/i.test(trimmed)) {
      // Every other name the command answers to (the one the usage is written with left out);
      // none where only the slash name can be typed.
      const usage = def.usage(ctx.t);
      const names = ctx.slashNamesOnly ? [] : [def.name, ...(def.aliases ?? [])];
      const others = names.filter((n) => !usage.startsWith(`/${n} `));
      const written = others.map((n) => `/${n}`).join(' ');
      return ephemeral(
        others.length ? `${usage}\n${ctx.t('common.also_written', { names: written })}` : usage,
      );
    }
    try {
      return await def.run(ctx, trimmed);
    } catch (err) {
      if (err instanceof CodedError && !err.usage) throw err.withUsage(def.usage(ctx.t));
      throw err;
    }
  }
}

/** Splits command text into its first word and the untouched rest. */
export function splitFirst(text: string): [string, string] {
  const trimmed = text.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  return match ? [match[1] ?? '', match[2] ?? ''] : ['', ''];
}

/** Whitespace-separated words. */
export function words(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/**
 * One subcommand: the raw input it builds from the text, the zod schema that validates it, and
 * the run step. Schema messages are i18n keys, so validation errors reach users translated.
 */
export interface Subcommand<Ctx, Input> {
  /** Its words: the English ones and the Chinese (`['new', 'create', '新建']`); help lists them all. */
  names: string[];
  /**
   * What follows the command and the subcommand's name in its usage line (`<id> [note]`), with a
   * short explanation, in the reader's language: printed under an error of this subcommand and in
   * the command's help.
   */
  usage?(t: Translator): string;
  input(rest: string): unknown;
  schema: z.ZodType<Input>;
  run(ctx: Ctx, args: Input): Promise<Reply | null>;
}

/** Identity helper that keeps each subcommand's Input type inferred from its schema. */
export function subcommand<Ctx, Input>(sub: Subcommand<Ctx, Input>): Subcommand<Ctx, unknown> {
  return sub as Subcommand<Ctx, unknown>;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const key of path)
    v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/** Turns the first zod issue into a coded error whose message is translated (`{value}` is the bad input). */
export function zodToCoded(error: z.ZodError, input?: unknown): CodedError {
  const issue = error.issues[0];
  if (!issue) return new CodedError('common.invalid_args', { detail: '?' });
  const params: Params = {};
  const extra = issue as unknown as Record<string, unknown>;
  for (const k of ['maximum', 'minimum'] as const) {
    if (typeof extra[k] === 'number' || typeof extra[k] === 'bigint') {
      params[k === 'maximum' ? 'max' : 'min'] = Number(extra[k]);
    }
  }
  const bad = extra.input ?? valueAt(input, issue.path);
  if (typeof bad === 'string') {
    params.value = bad.length > 40 ? `${bad.slice(0, 40)}…` : bad;
    params.length = bad.length;
  }
  if (hasMessage(issue.message)) return new CodedError(issue.message as MessageKey, params);
  return new CodedError('common.invalid_args', { detail: issue.message });
}

/** A subcommand's names for a reader: in Chinese all of them, Chinese first (`新建|new|create`); in English the English ones. */
function namesFor(names: string[], t: Translator): string {
  const chinese = names.filter((n) => /[\u3400-\u9fff]/.test(n));
  const others = names.filter((n) => !chinese.includes(n));
  return (t.locale === 'zh-CN' ? [...chinese, ...others] : others).join('|');
}

/** `/工单 新建|new|create [P0|P1|P2|P3] <标题>  …`: one subcommand's usage line. */
export function subcommandUsage<Ctx>(command: string, sub: Subcommand<Ctx, unknown>, t: Translator): string {
  const rest = sub.usage?.(t) ?? '';
  return `/${command} ${namesFor(sub.names, t)}${rest ? ` ${rest}` : ''}`;
}

/** A command's help: `head` (what it does without a subcommand) and one line per subcommand. */
export function commandUsage<Ctx>(
  command: string,
  table: Subcommand<Ctx, unknown>[],
  t: Translator,
  head: string[] = [],
): string {
  return [...head, ...table.filter((s) => s.usage).map((s) => subcommandUsage(command, s, t))].join('\n');
}

/**
 * Dispatches `text` to the subcommand named by its first word, `fallback` when none matches. A
 * coded error of a subcommand carries that subcommand's usage line (`command`: the name it is
 * shown under, `/工单` or `/ticket`); other errors get the command's whole usage from the router.
 */
export async function runSubcommands<Ctx extends BaseContext>(
  ctx: Ctx,
  text: string,
  table: Subcommand<Ctx, unknown>[],
  fallback?: (ctx: Ctx, text: string) => Promise<Reply | null>,
  command?: string,
): Promise<Reply | null> {
  const [first, rest] = splitFirst(text);
  const sub = table.find((s) => s.names.includes(first.toLowerCase()));
  if (!sub) {
    if (fallback) return fallback(ctx, text);
    throw unknownSubcommand(
      first,
      table.flatMap((s) => s.names),
    );
  }
  try {
    const raw = sub.input(rest);
    const parsed = sub.schema.safeParse(raw);
    if (!parsed.success) throw zodToCoded(parsed.error, raw);
    return await sub.run(ctx, parsed.data);
  } catch (err) {
    if (err instanceof CodedError && !err.usage && command && sub.usage)
      throw err.withUsage(subcommandUsage(command, sub, ctx.t));
    throw err;
  }
}
