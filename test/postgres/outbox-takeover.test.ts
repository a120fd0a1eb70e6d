/**
 * Real Postgres only: a replica that stops delivering (frozen, starved) past its outbox lease does
 * not send, once it resumes, the rows another replica took over meanwhile: each of those rows
 * reaches the chat API once. (The row that was already in the chat API's hands when it froze is
 * the one exception, and it is not asserted either way.)
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { ManualClock } from '../../src/core/clock.ts';
import type { Conversation, MessageRef } from '../../src/core/events.ts';
import { type OutgoingMessage, plainText } from '../../src/core/message.ts';
import { createTestApp } from '../helpers/app.ts';
import { freshPostgresUrl } from '../helpers/db.ts';
import { recordOn } from '../helpers/recording.ts';

let url: string;
let opened: Database[] = [];
beforeEach(async () => {
  url = await freshPostgresUrl('_takeover');
  const db = await openDatabase({ url, max: 5 });
  opened.push(db);
  await db.migrate();
});
afterEach(async () => {
  for (const db of opened) await db.close();
  opened = [];
});

async function replica(clock: ManualClock) {
  const db = await openDatabase({ url, max: 5 });
  opened.push(db);
  const app = await createTestApp(db, { config: { locale: 'en' }, clock });
  return { app, chat: recordOn(app, 'console') };
}

it('rows taken over while a replica was frozen are sent once', async () => {
  const clock = new ManualClock('2026-03-02T10:00:00Z');
  const a = await replica(clock);
  const b = await replica(clock);
  // A's chat API hangs on its first call: A is stuck holding the rest of the lane in memory.
  let release: () => void = () => {};
  const hung = new Promise<void>((r) => {
    release = r;
  });
  const post = a.chat.post.bind(a.chat);
  let first = true;
  a.chat.post = async (to: Conversation, message: OutgoingMessage): Promise<MessageRef> => {
    if (first) {
      first = false;
      await hung;
    }
    return post(to, message);
  };
  const items = [1, 2, 3, 4].map((n) => ({
    op: 'post' as const,
    platform: 'console',
    subject: 'team:ops',
    to: { channelId: 'ops' },
    message: { text: `note ${n}` },
  }));
  await a.app.runtime.outbox.say(items);
  await new Promise((r) => setTimeout(r, 100)); // A has taken them and is stuck on note 1

  clock.advance(2 * 60_000); // A's lease runs out; B sweeps and delivers the whole lane
  await b.app.deliverer.sweep();
  await b.app.settle();
  const sentByB = b.chat.of('post').map((c) => plainText(c.message.text));
  expect(sentByB).toEqual(['note 1', 'note 2', 'note 3', 'note 4']);

  release(); // A wakes up: note 1 was already in the chat API's hands; the rest are not A's any more
  await a.app.settle();
  const sentByA = a.chat.of('post').map((c) => plainText(c.message.text));
  expect(sentByA.filter((t) => t !== 'note 1')).toEqual([]);
  const rows = await a.app.runtime.repos.outbox.bySubject('team:ops');
  expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  await Promise.all([a.app.stop(), b.app.stop()]);
});
