/**
 * The local console: a chat REPL over a simulated workspace. Lines become the same neutral events
 * Slack and Feishu produce, so every command, intake rule, card and form works here too. Each line
 * is handled, and what it said delivered, before the next prompt; messages that arrive on their own
 * (timers) redraw the prompt and the half-typed line.
 */
import { randomUUID } from 'node:crypto';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Conversation, IncomingEvent, MessageRef } from '../../core/events.ts';
import { type Form, type FormWords, type RawFormValues, withInitial } from '../../core/form.ts';
import { isLocale, type Locale, type Translator } from '../../core/i18n/index.ts';
import type { OutgoingMessage } from '../../core/message.ts';
import type { Dispatcher, FormHost } from '../../core/messenger.ts';
import { cleanText } from '../../core/text.ts';
import { ConsoleMessenger, type ConsoleView } from './console.messenger.ts';
import { type FormPrompt, startForm } from './form-prompt.ts';
import { ansiStyle, plainStyle } from './render.ts';

export const CONSOLE_WORKSPACE = 'local';

export interface ConsoleOptions {
  dispatcher: Dispatcher;
  input: Readable;
  output: Writable;
  /** A terminal: show a prompt and colours. Piped input: plain text, exit at end of input. */
  interactive: boolean;
  channel: string;
  user: string;
  /** The console workspace's language (and how to change it: `:lang`). */
  t: Translator;
  translatorFor(locale: Locale): Translator;
  setLocale?(locale: Locale): Promise<void>;
  /** Where a ticket's thread is (`:thread #42`), read from the database. */
  threadOf?(key: string): Promise<Conversation | null>;
  /** The words forms are checked with, in a language. */
  formWords(t: Translator): FormWords;
  /** The module's own checks of a finished form, so a refused answer is asked again here. */
  forms?: FormHost;
  exportsDir?: string;
  timeZone?: string;
}

export class ConsolePlatform implements ConsoleView {
  channel: string;
  user: string;
  thread: string | undefined;
  /** The emoji `:react` uses: the configured ticket reaction. */
  reaction = 'ticket';
  readonly messenger: ConsoleMessenger;
  private readonly opts: ConsoleOptions;
  t: Translator;
  /** Users' recent messages, so `:react n` can point at them. */
  private readonly history: { ref: MessageRef; text: string; author: string }[] = [];
  /**
   * Forms waiting for a user (sent unprompted, or put aside), newest last: `:form` takes the
   * newest. Then the one being filled in.
   */
  private readonly waitingForms = new Map<string, { form: Form; sessionId: string }[]>();
  private filling: { prompt: FormPrompt; form: Form; sessionId: string; kept: RawFormValues } | undefined;
  private rl: Interface | undefined;
  private busy = false;

  constructor(opts: ConsoleOptions) {
    this.opts = opts;
    this.t = opts.t;
    this.channel = opts.channel;
    this.user = opts.user;
    this.messenger = new ConsoleMessenger(this, opts.interactive ? ansiStyle : plainStyle, {
      exportsDir: opts.exportsDir,
      timeZone: opts.timeZone ?? 'UTC',
    });
  }

  /** Prints a message; between lines (a timer's message) the prompt and the half-typed line come back. */
  write(text: string): void {
    const redraw = this.opts.interactive && this.rl && !this.busy;
    if (redraw) this.opts.output.write('\r\x1b[K');
    // User text never reaches the terminal raw: cleanText drops escape sequences and controls.
    this.opts.output.write(`${cleanText(text)}\n`);
    if (redraw) this.rl?.prompt(true);
  }

  private where(): string {
    return this.thread ? ` › ${this.thread}` : '';
  }

  private promptText(): string {
    return this.filling ? '… ' : `${this.user}@#${this.channel}${this.where()}> `;
  }

  /** Runs until end of input (piped) or `:quit`. */
  async run(): Promise<void> {
    this.write(this.t('console.welcome', { user: this.user, channel: this.channel }));
    const rl = createInterface({
      input: this.opts.input,
      output: this.opts.interactive ? this.opts.output : undefined,
      terminal: this.opts.interactive,
    });
    this.rl = rl;
    rl.setPrompt(this.promptText());
    if (this.opts.interactive) rl.prompt();
    for await (const raw of rl) {
      const line = raw.trim();
      if (!this.filling && (line === ':quit' || line === ':q')) break;
      this.busy = true;
      try {
        if (line || this.filling) await this.handle(line);
      } finally {
        this.busy = false;
      }
      rl.setPrompt(this.promptText());
      if (this.opts.interactive) rl.prompt();
    }
    rl.close();
    this.rl = undefined;
  }

  private base() {
    return {
      eventId: randomUUID(),
      platform: 'console' as const,
      workspaceId: CONSOLE_WORKSPACE,
      channelId: this.channel,
      user: { id: this.user },
      replyTo: {
        channelId: this.channel,
        userId: this.user,
        ...(this.thread ? { threadId: this.thread } : {}),
      },
    };
  }

  /** One input line: a form answer, a meta command, a button click, a slash command or a chat message. */
  async handle(line: string): Promise<void> {
    if (this.filling) {
      // A command of this bot typed in the middle of a form runs; the form waits for `:form`
      // with its answers so far (an answer that merely starts with a slash is an answer, and
      // `//release notes` answers "/release notes").
      const escaped = /^\s*[/／]([/／][\s\S]*)$/.exec(line)?.[1];
      if (escaped !== undefined) return this.answer(escaped);
      const name = /^[/／](\S+)/.exec(line.trim())?.[1];
      if (!name || !this.opts.dispatcher.isCommand?.(name)) return this.answer(line);
      this.putAside();
    }
    if (line.startsWith(':')) return this.meta(line);
    const click = /^(\d{1,2})(?:\s+([\s\S]+))?$/.exec(line);
    if (click) return this.click(Number(click[1]), click[2]);
    const command = /^[/／](\S+)\s*([\s\S]*)$/.exec(line);
    if (command) {
      const text = (command[2] ?? '').replace(/(^|\s)[@＠]([\w.-]+)/g, '$1<@$2>');
      return this.send({
        ...this.base(),
        kind: 'command',
        command: command[1] ?? '',
        text,
        threadId: this.thread,
      });
    }
    const messageId = `m${randomUUID().slice(0, 8)}`;
    const ref: MessageRef = { channelId: this.channel, messageId, threadId: this.thread };
    this.history.push({ ref, text: line, author: this.user });
    if (this.history.length > 50) this.history.shift();
    if (this.thread) {
      return this.send({
        ...this.base(),
        kind: 'thread_reply',
        messageId,
        threadId: this.thread,
        text: line,
      });
    }
    return this.send({ ...this.base(), kind: 'message', messageId, text: line });
  }

  /** Handles an event and waits until what it said has been printed. */
  private async send(event: IncomingEvent): Promise<void> {
    await this.opts.dispatcher.submit(event).said;
  }

  // ---------- forms ----------

  form(form: Form, sessionId: string, now: boolean, userId: string): void {
    if (now && userId === this.user) {
      this.begin(form, sessionId);
      return;
    }
    this.wait(userId, form, sessionId);
    if (userId === this.user) this.write(this.t('console.form_waiting', { title: form.title }));
  }

  private begin(form: Form, sessionId: string, kept: RawFormValues = {}, only?: string[]): void {
    const asked = only ? { ...form, fields: form.fields.filter((f) => only.includes(f.key)) } : form;
    const prompt = startForm(asked, this.opts.formWords(this.t), {
      cancelHint: this.t('console.form_cancel'),
      choicesHint: this.t('console.form_choices'),
      multiHint: this.t('console.form_multi'),
      skipHint: this.t('console.form_skip'),
      defaultHint: this.t('console.form_default', { value: '{value}' }),
    });
    this.filling = { prompt, form, sessionId, kept };
    this.write(prompt.prompt);
  }

  /** The form being filled waits for `:form`, its answers so far kept as its defaults. */
  private putAside(): void {
    const filling = this.filling;
    if (!filling) return;
    this.filling = undefined;
    const values = { ...filling.kept, ...filling.prompt.answered };
    this.wait(this.user, withInitial(filling.form, values), filling.sessionId);
    this.write(this.t('console.form_aside', { title: filling.form.title }));
  }

  /** Keeps a form for `:form` (the same session again replaces its older copy). */
  private wait(userId: string, form: Form, sessionId: string): void {
    const list = (this.waitingForms.get(userId) ?? []).filter((w) => w.sessionId !== sessionId);
    list.push({ form, sessionId });
    this.waitingForms.set(userId, list);
  }

  private async answer(line: string): Promise<void> {
    const filling = this.filling;
    if (!filling) return;
    const step = filling.prompt.answer(line);
    if ('prompt' in step) return this.write(step.prompt);
    this.filling = undefined;
    if ('cancelled' in step) return this.write(this.t('console.form_cancelled'));
    const values = { ...filling.kept, ...step.done };
    const check = await this.opts.forms?.check(filling.sessionId, values);
    if (check && 'errors' in check) {
      // The module refused some answers: say why, and ask just those again (the rest is kept).
      for (const [key, why] of Object.entries(check.errors)) {
        const label = filling.form.fields.find((f) => f.key === key)?.label ?? key;
        this.write(`${label}: ${why}`);
      }
      return this.begin(
        withInitial(filling.form, values),
        filling.sessionId,
        values,
        Object.keys(check.errors),
      );
    }
    if (check && 'gone' in check) return this.write(this.t('form.gone'));
    await this.send({
      ...this.base(),
      kind: 'form_submit',
      sessionId: filling.sessionId,
      formId: filling.form.id,
      values,
    });
  }

  // ---------- clicks and meta commands ----------

  private async click(n: number, input: string | undefined): Promise<void> {
    const last = this.messenger.lastChoices;
    if (!last) return this.write(this.t('console.no_card'));
    const choice = last.choices[n - 1];
    if (!choice) return this.write(this.t('console.no_button', { n }));
    await this.send({
      ...this.base(),
      channelId: last.ref?.channelId ?? this.channel,
      kind: 'action',
      actionId: choice.actionId,
      value: choice.value,
      message: last.ref,
      input: input?.trim() || undefined,
    });
  }

  private async meta(line: string): Promise<void> {
    const [cmd = '', ...args] = line.slice(1).split(/\s+/);
    // What names a channel or a user is stored: no control characters, no spaces.
    const arg = cleanText(args.join(' ')).trim();
    switch (cmd) {
      case 'help':
        return this.write(this.t('console.help'));
      case 'channel':
      case 'c':
        if (arg) this.channel = arg.replace(/^#/, '').replace(/\s+/g, '-');
        this.thread = undefined;
        break;
      case 'as':
        if (arg) this.user = arg.replace(/^@/, '').replace(/\s+/g, '-');
        break;
      case 'thread':
        if (!(await this.enterThread(arg))) return;
        break;
      case 'top':
        this.thread = undefined;
        break;
      case 'lang':
        return this.language(arg);
      case 'form': {
        const waiting = this.waitingForms.get(this.user)?.pop();
        if (!waiting) return this.write(this.t('console.no_form'));
        return this.begin(waiting.form, waiting.sessionId);
      }
      case 'react':
        return this.react(arg);
      default:
        return this.write(this.t('console.unknown_meta'));
    }
    this.write(this.t('console.now', { user: this.user, channel: this.channel, thread: this.where() }));
  }

  /** `:thread #42` (from the database, so it works after a restart), or `:thread` for the last card's. */
  private async enterThread(arg: string): Promise<boolean> {
    const key = arg ? `#${arg.replace(/^[#＃]/, '')}` : undefined;
    const found = (key ? await this.opts.threadOf?.(key) : null) ?? this.messenger.conversationOf(key);
    if (!found?.threadId) {
      this.write(key ? this.t('console.no_thread', { id: key }) : this.t('console.no_card'));
      return false;
    }
    this.channel = found.channelId;
    this.thread = found.threadId;
    return true;
  }

  private async language(arg: string): Promise<void> {
    if (!isLocale(arg)) return this.write(this.t('console.lang_usage'));
    await this.opts.setLocale?.(arg);
    this.t = this.opts.translatorFor(arg);
    this.write(this.t('console.lang_set', { locale: arg }));
  }

  private async react(arg: string): Promise<void> {
    const entry = this.history[this.history.length - Math.max(1, Number(arg) || 1)];
    if (!entry) return this.write(this.t('console.no_message'));
    const { ref, text, author } = entry;
    await this.send({
      ...this.base(),
      channelId: ref.channelId,
      kind: 'reaction',
      messageId: ref.messageId,
      threadId: ref.threadId,
      emoji: this.reaction,
      text,
      author: { id: author },
    });
  }

  /** For tests: the messenger's transcript of what the bot said. */
  get transcript(): OutgoingMessage[] {
    return this.messenger.sent;
  }
}
