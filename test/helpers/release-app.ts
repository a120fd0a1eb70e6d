/**
 * The real app on a test database with a recording messenger for one platform, driven through the
 * event pipeline: `/release …` commands and button clicks as users, a ManualClock moved by hand.
 * For the releases integration tests.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { plainText } from '../../src/core/message.ts';
import { createTestApp } from './app.ts';
import { resetDatabase, testDatabase } from './db.ts';
import { type RecordingMessenger, recordOn, submit } from './recording.ts';

let seq = 0;

export interface ReleaseApp {
  clock: ManualClock;
  readonly app: App;
  readonly said: RecordingMessenger;
  /** Runs `/release <text>` as `user` in `channel` (in `threadId` when given); returns the answers. */
  release(user: string, text: string, opts?: { channel?: string; threadId?: string }): Promise<string>;
  /** Clicks `actionId` with `value` as `user`; returns the private answers. */
  click(user: string, actionId: string, value: string, input?: string): Promise<string>;
  /** Moves the clock to `at` and fires what is due; returns what was said meanwhile (plain text). */
  at(at: number): Promise<string>;
  /** Plain text of every message said since call number `from`. */
  textSince(from: number): string;
}

/** Every message's visible text: a card's title, fields, text and blocks, else the text. */
export function messageText(m: { text: unknown; card?: unknown }): string {
  const card = m.card as
    | {
        title: string;
        text?: unknown;
        fields?: { label: string; value: unknown }[];
        blocks?: { text?: unknown; title?: string }[];
      }
    | undefined;
  const rich = (v: unknown) => (v === undefined ? '' : plainText(v as Parameters<typeof plainText>[0]));
  if (!card) return rich(m.text);
  return [
    card.title,
    ...(card.fields ?? []).map((f) => `${f.label}: ${rich(f.value)}`),
    rich(card.text),
    ...(card.blocks ?? []).map((b) => `${b.title ?? ''} ${rich(b.text)}`),
  ].join('\n');
}

export function useReleaseApp(opts: {
  config: unknown;
  start: number;
  platform?: 'slack' | 'feishu';
}): ReleaseApp {
  const clock = new ManualClock(opts.start);
  const platform = opts.platform ?? 'slack';
  let app: App | undefined;
  let database: Database | undefined;
  let said: RecordingMessenger | undefined;
  beforeAll(async () => {
    database = await testDatabase();
    app = await createTestApp(database, { config: opts.config, clock });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.close();
  });
  beforeEach(async () => {
    if (!app || !database) throw new Error('release fixture not started');
    await app.settle();
    await resetDatabase(database);
    clock.set(opts.start);
    said = recordOn(app, platform);
  });
  const live = () => {
    if (!app || !said) throw new Error('release fixture used before it started');
    return { app, said };
  };
  const answers = (from: number) =>
    live()
      .said.calls.slice(from)
      .flatMap((c) => (c.op === 'respond' ? [messageText(c.reply.message)] : []))
      .join('\n');
  const textSince = (from: number) =>
    live()
      .said.calls.slice(from)
      .flatMap((c) =>
        'message' in c ? [messageText(c.message)] : 'reply' in c ? [messageText(c.reply.message)] : [],
      )
      .join('\n');
  async function drain() {
    const { app } = live();
    await app.settle();
    await app.deliverer.sweep();
    await app.settle();
  }
  return {
    clock,
    get app() {
      return live().app;
    },
    get said() {
      return live().said;
    },
    async release(user, text, o = {}) {
      const from = live().said.calls.length;
      await submit(live().app, {
        kind: 'command',
        eventId: `cmd-${++seq}`,
        platform,
        workspaceId: 'T1',
        channelId: o.channel ?? 'C0OPS',
        user: { id: user },
        command: 'release',
        text,
        ...(o.threadId ? { threadId: o.threadId } : {}),
      });
      await drain();
      return answers(from);
    },
    async click(user, actionId, value, input) {
      const from = live().said.calls.length;
      await submit(live().app, {
        kind: 'action',
        eventId: `act-${++seq}`,
        platform,
        workspaceId: 'T1',
        channelId: 'C0OPS',
        user: { id: user },
        actionId,
        value,
        ...(input ? { input } : {}),
      });
      await drain();
      return answers(from);
    },
    async at(at) {
      const from = live().said.calls.length;
      clock.set(at);
      await live().app.tick();
      await drain();
      return textSince(from);
    },
    textSince,
  };
}
