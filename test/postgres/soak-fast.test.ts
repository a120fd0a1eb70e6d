/**
 * The fast rows of the soak suite (test/soak, issue 9) in-process, on real Postgres, where copies
 * of one delivery really race (PGlite runs one statement at a time): every kind of valid request
 * delivered four times at once does its work once; an intake message under two event ids, both
 * at once, is one ticket; a quiet channel's card is not paced behind a busy channel's.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { mountSlack } from '../../src/platforms/slack/slack.platform.ts';
import { createTestApp } from '../helpers/app.ts';
import { freshPostgresUrl } from '../helpers/db.ts';
import { type ApiCall, startFakeSlack } from '../helpers/fake-slack.ts';
import { useSlackHarness } from '../helpers/slack-harness.ts';
import {
  eventCallback,
  interaction,
  postSigned,
  SIGNING_SECRET,
  type SlackRequest,
  slashCommand,
  TEAM,
} from '../helpers/slack-sign.ts';

const h = useSlackHarness({
  config: { locale: 'en', intake: [{ channel: 'C0SUPPORT', team: 'support' }] },
});

type Json = Record<string, unknown>;
const user = (id: string) => ({ id, username: id.toLowerCase(), team_id: TEAM });

/** Four copies at once: two plain, two as Slack retries. */
async function fourAtOnce(req: SlackRequest): Promise<number[]> {
  const retry = (n: number) => ({
    ...req,
    headers: { 'x-slack-retry-num': String(n), 'x-slack-retry-reason': 'http_timeout' },
  });
  const res = await Promise.all([h.post(req), h.post(req), h.post(retry(1)), h.post(retry(2))]);
  return res.map((r) => r.status);
}

async function titles(): Promise<string[]> {
  return (await h.app.services.tickets.list(1, 'all', 'x', 100)).map((t) => t.title).sort();
}

function cards(): ApiCall[] {
  return h.fake
    .callsTo('chat.postMessage')
    .filter((c) => JSON.stringify(c.args.blocks ?? []).includes('ticket.ack'));
}

function submission(opened: ApiCall): Json {
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'acme' },
    user: user('U0DAN'),
    api_app_id: 'A0SOPBOT',
    trigger_id: 'race.view.trigger',
    view: {
      ...(opened.args.view as Json),
      id: 'V0RACE1',
      team_id: TEAM,
      state: {
        values: {
          title: { value: { type: 'plain_text_input', value: 'Raced modal' } },
          priority: { value: { type: 'static_select', selected_option: { value: 'P2' } } },
        },
      },
      hash: 'h1',
    },
    response_urls: [],
  };
}

function takeClick(card: ApiCall): Json {
  const ts = String(card.response?.ts);
  return {
    type: 'block_actions',
    user: user('U0BOB'),
    api_app_id: 'A0SOPBOT',
    container: { type: 'message', message_ts: ts, channel_id: card.args.channel, is_ephemeral: false },
    trigger_id: 'race.click.trigger',
    team: { id: TEAM, domain: 'acme' },
    channel: { id: card.args.channel, name: 'race' },
    message: { type: 'message', ts, user: 'U0BOT', bot_id: 'B0BOT', text: card.args.text },
    response_url: h.fake.responseUrl('click'),
    actions: [{ type: 'button', action_id: 'ticket.take', block_id: 'sopbot.actions', value: '1' }],
  };
}

describe('copies of one delivery racing on Postgres', () => {
  it('seven kinds of valid request, each delivered four times at once, do their work once', async () => {
    h.fake.storeMessage('C0GENERAL', { ts: '1700000400.000100', text: 'Raced reaction', user: 'U0AUTHOR' });
    const statuses: number[] = [];
    statuses.push(
      ...(await fourAtOnce(
        slashCommand('/ticket', 'new P2 Raced command', {
          trigger: 'race.cmd',
          responseUrl: h.fake.responseUrl('cmd'),
        }),
      )),
    );
    await h.settle();
    statuses.push(...(await fourAtOnce(slashCommand('/工单', '新建 P1 竞争工单', { trigger: 'race.zh' }))));
    statuses.push(
      ...(await fourAtOnce(
        eventCallback(
          {
            type: 'message',
            channel: 'C0SUPPORT',
            channel_type: 'channel',
            user: 'U0REP',
            ts: '1700000300.000100',
            text: 'Raced intake',
          },
          'EvRACEINTAKE',
        ),
      )),
    );
    statuses.push(
      ...(await fourAtOnce(
        eventCallback(
          {
            type: 'reaction_added',
            user: 'U0SPOTTER',
            reaction: 'ticket',
            item_user: 'U0AUTHOR',
            item: { type: 'message', channel: 'C0GENERAL', ts: '1700000400.000100' },
            event_ts: '1700000401.000001',
          },
          'EvRACEREACTION',
        ),
      )),
    );
    statuses.push(
      ...(await fourAtOnce(
        interaction({
          type: 'message_action',
          callback_id: 'create_ticket',
          trigger_id: 'race.shortcut',
          response_url: h.fake.responseUrl('sc'),
          team: { id: TEAM, domain: 'acme' },
          channel: { id: 'C0GENERAL', name: 'general' },
          user: user('U0DAN'),
          message: { type: 'message', user: 'U0CAROL', ts: '1700000500.000100', text: 'Raced shortcut' },
          message_ts: '1700000500.000100',
        }),
      )),
    );
    await h.settle();
    const opened = h.fake.callsTo('views.open');
    expect(opened).toHaveLength(1);
    statuses.push(...(await fourAtOnce(interaction(submission(opened[0] as ApiCall)))));
    const first = cards().find((c) => JSON.stringify(c.args.blocks).includes('Raced command')) as ApiCall;
    statuses.push(...(await fourAtOnce(interaction(takeClick(first)))));
    await h.settle();

    expect(statuses).toEqual(Array(28).fill(200));
    const expected = ['Raced command', 'Raced intake', 'Raced modal', 'Raced reaction', '竞争工单'];
    expect(await titles()).toEqual(expected);
    expect(cards()).toHaveLength(expected.length);
    expect(h.fake.callsTo('response_url').filter((c) => c.responseId === 'cmd')).toHaveLength(1);
    const { events } = await h.app.services.tickets.get(1, 1);
    expect(events.filter((e) => e.kind === 'taken')).toHaveLength(1);
  });

  it('an intake message under two event ids, both at once, is one ticket answered once', async () => {
    const pairs = 20;
    const message = (i: number, id: string) =>
      eventCallback(
        {
          type: 'message',
          channel: 'C0SUPPORT',
          channel_type: 'channel',
          user: 'U0REP',
          ts: `17000006${String(i).padStart(2, '0')}.000100`,
          text: `Twin ${i}`,
        },
        id,
      );
    const sent = await Promise.all(
      Array.from({ length: pairs }, (_, i) => [
        h.post(message(i, `EvTWIN${i}a`)),
        h.post(message(i, `EvTWIN${i}b`)),
      ]).flat(),
    );
    await h.settle();
    expect(sent.map((r) => r.status)).toEqual(Array(pairs * 2).fill(200));
    expect(await titles()).toEqual(Array.from({ length: pairs }, (_, i) => `Twin ${i}`).sort());
    const threads = h.fake.callsTo('chat.postMessage').map((c) => String(c.args.thread_ts));
    // Each ticket's card and its note, in the message's thread: two posts per thread, no more.
    for (let i = 0; i < pairs; i++) {
      expect(threads.filter((t) => t === `17000006${String(i).padStart(2, '0')}.000100`)).toHaveLength(2);
    }
  });
});

describe('a busy channel beside a quiet one, with Slack’s real pacing', () => {
  it('the quiet channel’s ticket and card do not wait for the busy channel’s six', async () => {
    // A database of its own: the harness's stays open beside it.
    const database = await openDatabase({ url: await freshPostgresUrl('_paced'), max: 5 });
    await database.migrate();
    const fake = await startFakeSlack();
    const app = await createTestApp(database, {
      config: { locale: 'en' },
      env: { slack: { signingSecret: SIGNING_SECRET, botToken: 'xoxb-paced', apiUrl: fake.apiUrl } },
    });
    // Real timing: Slack's ~1 post/s per channel after a burst of 3, as in production.
    const slack = await mountSlack(app, { stopGraceMs: 100 });
    app.messengers.set('slack', slack.messenger);
    const url = `http://127.0.0.1:${await app.http.listen(0, '127.0.0.1')}/slack/events`;
    try {
      // Six: three go out at once (the burst), three are paced a second apart.
      const busy = Array.from({ length: 6 }, (_, k) =>
        postSigned(url, slashCommand('/ticket', `new P2 Busy ${k + 1}`, { channel: 'C0BUSY' })),
      );
      expect((await Promise.all(busy)).map((r) => r.status)).toEqual(Array(6).fill(200));
      const sent = Date.now();
      expect(
        (await postSigned(url, slashCommand('/ticket', 'new P2 Quiet', { channel: 'C0QUIET' }))).status,
      ).toBe(200);
      const cardIn = (channel: string) =>
        fake
          .callsTo('chat.postMessage')
          .filter(
            (c) => c.args.channel === channel && JSON.stringify(c.args.blocks ?? []).includes('ticket.ack'),
          );
      while (!cardIn('C0QUIET').length && Date.now() - sent < 5_000)
        await new Promise((r) => setTimeout(r, 20));
      const quiet = cardIn('C0QUIET')[0];
      expect((quiet?.at ?? Number.POSITIVE_INFINITY) - sent).toBeLessThan(1_000);
      // The busy channel is still being paced when the quiet card is out: it did overtake.
      expect(cardIn('C0BUSY').length).toBeLessThan(6);
      const created = (await app.services.tickets.list(1, 'all', 'x', 20)).find((t) => t.title === 'Quiet');
      expect((created?.createdAt.getTime() ?? Number.POSITIVE_INFINITY) - sent).toBeLessThan(1_000);
      while (cardIn('C0BUSY').length < 6 && Date.now() - sent < 10_000)
        await new Promise((r) => setTimeout(r, 50));
      expect(cardIn('C0BUSY')).toHaveLength(6);
    } finally {
      await slack.stop();
      await app.stop();
      await fake.close();
      await database.close();
    }
  });
});
