/**
 * The local console: a chat REPL over a simulated workspace. Lines become the same neutral
 * events Slack and Feishu produce, so every command, intake rule and card works here too.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { IncomingEvent, MessageRef } from '../../core/events.ts';
import type { Translator } from '../../core/i18n/index.ts';
import type { OutgoingMessage, Reply } from '../../core/message.ts';
import type { DispatchFn, EventIO } from '../../core/messenger.ts';
import { ConsoleMessenger, type ConsoleView } from './console.messenger.ts';
import { ansiStyle, plainStyle } from './render.ts';

export const CONSOLE_WORKSPACE = 'local';

export interface ConsoleOptions {
  dispatch: DispatchFn;
  input: Readable;
  output: Writable;
  /** A terminal: show a prompt and colours. Piped input: plain text, exit at end of input. */
  interactive: boolean;
  channel: string;
  user: string;
  t: Translator;
}

export class ConsolePlatform implements ConsoleView {
  channel: string;
  user: string;
  thread: string | undefined;
  /** The emoji `:react` uses: the configured ticket reaction. */
  reaction = 'ticket';
  readonly messenger: ConsoleMessenger;
  private readonly opts: ConsoleOptions;
  /** Users' recent messages, so `:react n` can point at them. */
  private readonly history: { ref: MessageRef; text: string; author: string }[] = [];

  constructor(opts: ConsoleOptions) {
    this.opts = opts;
    this.channel = opts.channel;
    this.user = opts.user;
    this.messenger = new ConsoleMessenger(this, opts.interactive ? ansiStyle : plainStyle);
  }

  write(text: string): void {
    this.opts.output.write(`${text}\n`);
  }

  private where(): string {
    return this.thread ? ` › ${this.thread}` : '';
  }

  /** Runs until end of input (piped) or `:quit`. */
  async run(): Promise<void> {
    const { t } = this.opts;
    this.write(t('console.welcome', { user: this.user, channel: this.channel }));
    const rl = createInterface({ input: this.opts.input, terminal: false });
    const prompt = () =>
      this.opts.interactive && this.opts.output.write(`${this.user}@#${this.channel}${this.where()}> `);
    prompt();
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === ':quit' || line === ':q') break;
      if (line) await this.handle(line);
      prompt();
    }
    rl.close();
  }

  private io(): EventIO {
    const channelId = this.channel;
    const threadId = this.thread;
    return {
      messenger: this.messenger,
      respond: async (reply: Reply) => {
        if (reply.visibility === 'ephemeral')
          return this.messenger.ephemeral({ channelId }, this.user, reply.message);
        await this.messenger.post(
          { channelId, threadId: reply.visibility === 'thread' ? threadId : undefined },
          reply.message,
        );
      },
    };
  }

  private base() {
    return {
      eventId: randomUUID(),
      platform: 'console' as const,
      workspaceId: CONSOLE_WORKSPACE,
      channelId: this.channel,
      user: { id: this.user },
    };
  }

  /** One input line: a meta command, a button click, a slash command or a chat message. */
  async handle(line: string): Promise<void> {
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

  private async send(event: IncomingEvent): Promise<void> {
    await this.opts.dispatch(event, this.io());
  }

  private async click(n: number, input: string | undefined): Promise<void> {
    const last = this.messenger.lastChoices;
    if (!last) return this.write(this.opts.t('console.no_card'));
    const choice = last.choices[n - 1];
    if (!choice) return this.write(this.opts.t('console.no_button', { n }));
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
    const { t } = this.opts;
    const arg = args.join(' ').trim();
    switch (cmd) {
      case 'help':
        return this.write(t('console.help'));
      case 'channel':
      case 'c':
        if (arg) this.channel = arg.replace(/^#/, '');
        this.thread = undefined;
        break;
      case 'as':
        if (arg) this.user = arg.replace(/^@/, '');
        break;
      case 'thread': {
        const found = this.messenger.conversationOf(arg ? `#${arg.replace(/^#/, '')}` : undefined);
        if (!found) return this.write(t('console.no_card'));
        this.channel = found.channelId;
        this.thread = found.threadId;
        break;
      }
      case 'top':
        this.thread = undefined;
        break;
      case 'react': {
        const entry = this.history[this.history.length - Math.max(1, Number(arg) || 1)];
        if (!entry) return this.write(t('console.no_message'));
        const { ref, text, author } = entry;
        return this.send({
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
      default:
        return this.write(t('console.unknown_meta'));
    }
    this.write(t('console.now', { user: this.user, channel: this.channel, thread: this.where() }));
  }

  /** For tests: the messenger's transcript of what the bot said. */
  get transcript(): OutgoingMessage[] {
    return this.messenger.sent;
  }
}
