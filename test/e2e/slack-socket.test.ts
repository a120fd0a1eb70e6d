/**
 * Socket Mode (SLACK_APP_TOKEN set): Bolt's SocketModeReceiver connects to a local fake of
 * Slack's WebSocket and the very same listeners (registerListeners) handle the envelopes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { testDatabase } from '../helpers/db.ts';
import { type SlackHarness, slackHarness } from '../helpers/slack-harness.ts';
import { eventCallback, postSigned, slashCommand } from '../helpers/slack-sign.ts';

let database: Database;
let h: SlackHarness;

beforeAll(async () => {
  database = await testDatabase();
  h = await slackHarness(database, { socketMode: true });
});
afterAll(async () => {
  await h.close();
  await database.close();
});

async function tickets() {
  return h.app.services.tickets.list(1, 'all', 'x', 50);
}

describe('slack socket mode', () => {
  it('connects with the app token instead of serving POST /slack/events', async () => {
    expect(h.slack.mode).toBe('socket');
    expect(h.fake.callsTo('apps.connections.open')).toHaveLength(1);
    await h.fake.socket.connected;
    const res = await postSigned(h.url, slashCommand('/ticket', 'new P1 over http'));
    expect(res.status).toBe(404);
  });

  it('a slash_commands envelope is acked, then handled like an HTTP slash command', async () => {
    const form = Object.fromEntries(
      new URLSearchParams(slashCommand('/ticket', 'new P1 Socket ticket').body),
    );
    h.fake.socket.send({
      envelope_id: 'env-cmd-1',
      type: 'slash_commands',
      payload: form,
      accepts_response_payload: true,
    });
    await h.fake.socket.ackOf('env-cmd-1');
    await h.slack.idle();
    expect((await tickets()).map((t) => t.title)).toEqual(['Socket ticket']);
    const card = h.fake.callsTo('chat.postMessage').at(-1);
    expect(JSON.stringify(card?.args.blocks)).toContain('#1 · Socket ticket');
  });

  it('events_api envelopes, redelivered, still make one ticket', async () => {
    const envelope = JSON.parse(
      eventCallback(
        {
          type: 'message',
          channel: 'C0SUPPORT',
          channel_type: 'channel',
          user: 'U0REP',
          ts: '1700000300.000100',
          text: 'Socket intake',
        },
        'Ev0SOCKET1',
      ).body,
    ) as unknown;
    h.fake.socket.send({ envelope_id: 'env-ev-1', type: 'events_api', payload: envelope });
    h.fake.socket.send({ envelope_id: 'env-ev-2', type: 'events_api', payload: envelope });
    await h.fake.socket.ackOf('env-ev-1');
    await h.fake.socket.ackOf('env-ev-2');
    await h.slack.idle();
    expect((await tickets()).filter((t) => t.title === 'Socket intake')).toHaveLength(1);
  });
});
