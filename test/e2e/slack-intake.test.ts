/**
 * Events API over POST /slack/events: intake messages, thread replies, reactions, edits and
 * deletions, duplicates and retries, the bot's own messages, url_verification.
 */
import { describe, expect, it } from 'vitest';
import { useSlackHarness } from '../helpers/slack-harness.ts';
import { eventCallback, postRaw, SIGNING_SECRET, signedHeaders } from '../helpers/slack-sign.ts';

const h = useSlackHarness();

const ROOT = '1700000100.000100';

function message(fields: Record<string, unknown>) {
  return {
    type: 'message',
    channel: 'C0SUPPORT',
    channel_type: 'channel',
    user: 'U0REP',
    ts: ROOT,
    ...fields,
  };
}

async function intake(text = 'Refund for invoice 1001 never arrived\nOrder A-7') {
  await h.post(eventCallback(message({ text })));
  await h.settle();
}

async function allTickets() {
  return h.app.services.tickets.list(1, 'all', 'x', 50);
}

describe('slack intake', () => {
  it('a top-level message in an intake channel becomes a ticket answered in its thread', async () => {
    await intake();
    const [ticket] = await allTickets();
    expect(ticket).toMatchObject({
      title: 'Refund for invoice 1001 never arrived',
      reporterId: 'U0REP',
      source: 'intake',
      channelId: 'C0SUPPORT',
      threadId: ROOT,
      category: 'billing',
    });
    const posts = h.fake.callsTo('chat.postMessage');
    expect(posts.map((p) => p.args.thread_ts)).toEqual([ROOT, ROOT]);
    expect((posts[0]?.args.blocks as { type: string }[] | undefined)?.[0]?.type).toBe('header');
    expect(posts[1]?.args.text).toMatch(/^Logged as ticket #1 \(P2, billing\)\./);
    // The card links back to the message (chat.getPermalink), and the link is kept on the ticket.
    const permalink = `https://acme.slack.com/archives/C0SUPPORT/p${ROOT.replace('.', '')}`;
    expect(h.fake.callsTo('chat.getPermalink')[0]?.args).toMatchObject({
      channel: 'C0SUPPORT',
      message_ts: ROOT,
    });
    expect(ticket?.sourceUrl).toBe(permalink);
    expect(JSON.stringify(posts[0]?.args.blocks)).toContain(`<${permalink}|↗>`);
  });

  it('a duplicated event (same event_id, retried) leaves exactly one ticket', async () => {
    const req = eventCallback(message({ text: 'Printer on fire' }), 'Ev0DUPLICATE');
    await h.post(req);
    await h.post({ ...req, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    await h.post({ ...req, headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_error' } });
    await h.settle();
    expect(await allTickets()).toHaveLength(1);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('ignores messages outside intake channels, the bot’s own messages and joins', async () => {
    await h.post(eventCallback(message({ channel: 'C0RANDOM', text: 'lunch?' })));
    await h.post(eventCallback(message({ text: 'a card', user: 'U0BOT', bot_id: 'B0BOT', ts: '1.1' })));
    await h.post(
      eventCallback(message({ text: 'bot post', subtype: 'bot_message', bot_id: 'B0BOT', ts: '1.2' })),
    );
    await h.post(eventCallback(message({ text: '<@U0NEW> has joined', subtype: 'channel_join', ts: '1.3' })));
    await h.settle();
    expect(await allTickets()).toHaveLength(0);
    expect(h.fake.calls).toHaveLength(0);
  });

  it('thread replies become comments; the first by someone else is the first response', async () => {
    await intake();
    await h.post(eventCallback(message({ text: 'any update?', ts: '1700000100.000200', thread_ts: ROOT })));
    await h.settle();
    await h.post(
      eventCallback(
        message({ text: 'on it &amp; checking', user: 'U0AGENT', ts: '1700000100.000300', thread_ts: ROOT }),
      ),
    );
    await h.settle();
    const { ticket, events } = await h.app.services.tickets.get(1, 1);
    expect(ticket.firstResponseAt).not.toBeNull();
    const comments = events.filter((e) => e.kind === 'commented').map((e) => [e.actorId, e.data.text]);
    expect(comments).toEqual([
      ['U0REP', 'any update?'],
      ['U0AGENT', 'on it & checking'],
    ]);
    expect(h.fake.callsTo('chat.update')).toHaveLength(1);
  });

  it('edits and deletions of the source message reach the ticket; unfurls do not', async () => {
    await intake('Old title');
    const edit = (text: string, previous: string) =>
      eventCallback({
        type: 'message',
        subtype: 'message_changed',
        channel: 'C0SUPPORT',
        hidden: true,
        ts: '1700000100.000900',
        message: { type: 'message', user: 'U0REP', text, ts: ROOT, edited: { user: 'U0REP', ts: '1.9' } },
        previous_message: { type: 'message', user: 'U0REP', text: previous, ts: ROOT },
      });
    await h.post(edit('New title', 'Old title'));
    await h.post(edit('New title', 'New title'));
    await h.settle();
    const { ticket, events } = await h.app.services.tickets.get(1, 1);
    expect(ticket.title).toBe('New title');
    expect(events.filter((e) => e.kind === 'source_edited')).toHaveLength(1);
    expect(JSON.stringify(h.fake.callsTo('chat.update')[0]?.args.blocks)).toContain('#1 · New title');

    await h.post(
      eventCallback({
        type: 'message',
        subtype: 'message_deleted',
        channel: 'C0SUPPORT',
        hidden: true,
        ts: '1700000100.000950',
        deleted_ts: ROOT,
        previous_message: { type: 'message', user: 'U0REP', text: 'New title', ts: ROOT },
      }),
    );
    await h.settle();
    const after = await h.app.services.tickets.get(1, 1);
    expect(after.events.map((e) => e.kind)).toContain('source_deleted');
  });

  it('answers commands addressed to the bot by mention', async () => {
    await h.post(
      eventCallback(message({ channel: 'C0RANDOM', text: '<@U0BOT> ticket list all', ts: '1.5' })),
    );
    await h.settle();
    const [eph] = h.fake.callsTo('chat.postEphemeral');
    expect(eph?.args).toMatchObject({ channel: 'C0RANDOM', user: 'U0REP', text: 'No tickets yet.' });
    expect(await allTickets()).toHaveLength(0);
  });

  it('answers url_verification with the challenge', async () => {
    const body = JSON.stringify({ type: 'url_verification', token: 't', challenge: 'c-123' });
    const res = await postRaw(
      h.url,
      body,
      signedHeaders({ body, contentType: 'application/json' }, SIGNING_SECRET),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'c-123' });
  });
});

describe('slack reactions', () => {
  const reaction = (ts: string, name = 'ticket', channel = 'C0GENERAL') =>
    eventCallback({
      type: 'reaction_added',
      user: 'U0SPOTTER',
      reaction: name,
      item_user: 'U0AUTHOR',
      item: { type: 'message', channel, ts },
      event_ts: '1700000200.000001',
    });

  it('the ticket emoji on any message files it, with the message’s text and author', async () => {
    h.fake.storeMessage('C0GENERAL', {
      ts: '1700000150.000100',
      text: 'Dashboard &lt;blank&gt; for EU',
      user: 'U0AUTHOR',
    });
    await h.post(reaction('1700000150.000100'));
    await h.settle();
    expect(h.fake.callsTo('conversations.history')[0]?.args).toMatchObject({
      channel: 'C0GENERAL',
      latest: '1700000150.000100',
    });
    const [ticket] = await allTickets();
    expect(ticket).toMatchObject({
      title: 'Dashboard <blank> for EU',
      reporterId: 'U0AUTHOR',
      source: 'reaction',
      sourceUrl: 'https://acme.slack.com/archives/C0GENERAL/p1700000150000100',
    });
    expect(h.fake.callsTo('chat.postMessage')[0]?.args).toMatchObject({
      channel: 'C0GENERAL',
      thread_ts: '1700000150.000100',
    });
  });

  it('on a thread reply, fetches it with conversations.replies and answers in that thread', async () => {
    h.fake.storeMessage('C0GENERAL', {
      ts: '1700000160.000200',
      text: 'Also broken on iOS',
      user: 'U0AUTHOR',
      thread_ts: '1700000160.000100',
    });
    await h.post(reaction('1700000160.000200', 'ticket::skin-tone-2'));
    await h.settle();
    expect(h.fake.callsTo('conversations.replies')).toHaveLength(1);
    expect((await allTickets())[0]).toMatchObject({
      title: 'Also broken on iOS',
      threadId: '1700000160.000100',
    });
  });

  it('other emoji do nothing; a second ticket emoji on the same message says it is already a ticket', async () => {
    h.fake.storeMessage('C0GENERAL', { ts: '1700000170.000100', text: 'Slow search', user: 'U0AUTHOR' });
    await h.post(reaction('1700000170.000100', 'thumbsup'));
    await h.settle();
    expect(h.fake.calls).toHaveLength(0);
    await h.post(reaction('1700000170.000100'));
    await h.settle();
    await h.post(reaction('1700000170.000100'));
    await h.settle();
    expect(await allTickets()).toHaveLength(1);
    expect(String(h.fake.callsTo('chat.postEphemeral')[0]?.args.text)).toContain('#1');
  });
});
