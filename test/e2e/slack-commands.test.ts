/**
 * POST /slack/events with signed slash commands, against the real app and a fake Web API:
 * acknowledgement, the calls sopbot makes (blocks included), retries, forged requests and
 * escaping of hostile titles.
 */
import { describe, expect, it } from 'vitest';
import type { ApiCall } from '../helpers/fake-slack.ts';
import { cardOf } from '../helpers/recording.ts';
import { useSlackHarness } from '../helpers/slack-harness.ts';
import { postRaw, signedHeaders, slashCommand } from '../helpers/slack-sign.ts';

const h = useSlackHarness();

type Block = Record<string, unknown> & { type: string };

/** Every mrkdwn string a call carries: `text` and each mrkdwn object in its blocks. */
function mrkdwnOf(call: ApiCall): string[] {
  const out: string[] = typeof call.args.text === 'string' ? [call.args.text] : [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(call.args.blocks);
  return out;
}

function blocks(call: ApiCall | undefined): Block[] {
  return (call?.args.blocks ?? []) as Block[];
}

function header(call: ApiCall | undefined): string {
  const h0 = blocks(call).find((b) => b.type === 'header') as { text: { text: string } } | undefined;
  return h0?.text.text ?? '';
}

async function tickets() {
  return h.app.services.tickets.list(1, 'all', 'x', 50);
}

describe('slack slash commands', () => {
  it('acks /ticket new at once, then posts the card and answers the caller ephemerally', async () => {
    const req = slashCommand('/ticket', 'new P1 Login page returns 500', {
      responseUrl: h.fake.responseUrl(),
    });
    expect(req.contentType).toBe('application/x-www-form-urlencoded');
    const res = await h.post(req);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    await h.settle();

    const [card] = h.fake.callsTo('chat.postMessage');
    expect(card?.args.channel).toBe('C0SUPPORT');
    expect(header(card)).toBe('🟠 #1 · Login page returns 500');
    const actions = blocks(card).find((b) => b.type === 'actions') as unknown as { elements: Block[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual([
      'ticket.ack',
      'ticket.take',
      'sopbot.prompt:ticket.resolve',
      'ticket.escalate',
      'ticket.priority',
    ]);
    expect(actions.elements[0]).toMatchObject({ type: 'button', style: 'primary', value: '1' });
    expect(actions.elements[3]).toMatchObject({ style: 'danger' });
    expect(actions.elements[4]).toMatchObject({ type: 'static_select', initial_option: { value: '1:P1' } });
    expect(mrkdwnOf(card as ApiCall)).toContain('*Reporter*\n<@U0ANN>');

    const [answer] = h.fake.callsTo('response_url');
    expect(answer?.args).toMatchObject({
      response_type: 'ephemeral',
      text: 'Ticket #1 created: P1 · Login page returns 500',
    });
    const [ticket] = await tickets();
    expect(ticket).toMatchObject({ title: 'Login page returns 500', priority: 'P1', reporterId: 'U0ANN' });
    expect((await cardOf(h.app, ticket?.id ?? 0))?.messageId).toBe(card?.response?.ts);
  });

  it('a retried slash command (same body, X-Slack-Retry-Num) makes exactly one ticket', async () => {
    const req = slashCommand('/ticket', 'new P2 Export to CSV is slow');
    const first = await h.post(req);
    const retry = await h.post({
      ...req,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    await h.post(req);
    expect([first.status, retry.status]).toEqual([200, 200]);
    await h.settle();
    expect(await tickets()).toHaveLength(1);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(h.app.metrics.eventsDuplicate.get({ platform: 'slack' })).toBeGreaterThanOrEqual(2);
  });

  it('rejects unsigned, badly signed and stale requests with 401 and changes nothing', async () => {
    const req = slashCommand('/ticket', 'new P0 forged');
    const forged = await postRaw(h.url, req.body, signedHeaders(req, 'not-the-secret'));
    const stale = await postRaw(
      h.url,
      req.body,
      signedHeaders(req, undefined, String(Math.floor(Date.now() / 1000) - 6 * 60)),
    );
    const unsigned = await postRaw(h.url, req.body, { 'content-type': req.contentType });
    const tampered = await postRaw(h.url, `${req.body}x`, signedHeaders(req));
    expect([forged.status, stale.status, unsigned.status, tampered.status]).toEqual([401, 401, 401, 401]);
    await h.settle();
    expect(await tickets()).toHaveLength(0);
    expect(h.fake.calls).toHaveLength(0);
  });

  it('renders a hostile title harmlessly: no @channel, no fake mention', async () => {
    // Typed literally, Slack sends it entity-encoded; typed as real mentions, it sends tokens.
    await h.post(slashCommand('/ticket', 'new P3 &lt;!channel&gt; hi &lt;@U123&gt;'));
    await h.settle();
    await h.post(slashCommand('/ticket', 'new P3 <!channel> <!here> <!subteam^S1|@ops> hi <@U123|bob>'));
    await h.settle();
    const titles = (await tickets()).map((t) => t.title).sort();
    expect(titles).toEqual(['<!channel> hi <@U123>', '@channel @here @ops hi <@U123>']);
    const calls = [...h.fake.callsTo('chat.postMessage'), ...h.fake.callsTo('chat.postEphemeral')];
    expect(calls.length).toBeGreaterThanOrEqual(2);
    const texts = calls.flatMap(mrkdwnOf);
    expect(texts.join('\n')).toContain('&lt;!channel&gt; hi &lt;@U123&gt;');
    for (const text of texts) {
      expect(text).not.toMatch(/<!(channel|here|everyone|subteam)/);
      expect(text).not.toMatch(/(^|[^\u2060])@(channel|here)\b/);
      for (const m of text.matchAll(/<@(\w+)>/g)) expect(m[1]).toBe('U0ANN');
    }
    expect(calls.map(header)).toContain('⚪ #1 · <!channel> hi <@U123>');
  });

  it('routes /工单 like /ticket (the Chinese grammar too)', async () => {
    await h.post(slashCommand('/工单', '新建 P1 登录页面报错'));
    await h.settle();
    expect((await tickets()).map((t) => [t.title, t.priority])).toEqual([['登录页面报错', 'P1']]);
  });

  it('routes every slash command generically; the router answers unknown ones', async () => {
    await h.post(slashCommand('/frobnicate', 'now', { responseUrl: h.fake.responseUrl('u') }));
    await h.settle();
    const [answer] = h.fake.callsTo('response_url');
    expect(String(answer?.args.text)).toContain('Unknown command "frobnicate"');
    expect(String(answer?.args.text)).toContain('/ticket');
  });

  it('answers help and bad input ephemerally with the usage', async () => {
    await h.post(slashCommand('/ticket', 'show abc', { responseUrl: h.fake.responseUrl('bad') }));
    await h.settle();
    const [answer] = h.fake.callsTo('response_url');
    expect(answer?.args.response_type).toBe('ephemeral');
    expect(String(answer?.args.text)).toContain('"abc" is not a ticket id');
    // The usage of the subcommand that failed, not the whole list.
    expect(String(answer?.args.text)).toContain('Usage:\n/ticket show|view &lt;id&gt;');
    expect(String(answer?.args.text)).not.toContain('/ticket new');
    await h.post(slashCommand('/ticket', 'help', { responseUrl: h.fake.responseUrl('help') }));
    await h.settle();
    const help = h.fake.callsTo('response_url').at(-1);
    expect(String(help?.args.text)).toContain('/ticket new|create [P0|P1|P2|P3] &lt;title&gt;');
    // Slack has only the manifest's slash commands: no other name is offered (`/工单` is not one).
    expect(String(help?.args.text)).not.toContain('Also written');
  });

  it('lists tickets through the response_url', async () => {
    await h.post(slashCommand('/ticket', 'P1 Checkout fails'));
    await h.settle();
    await h.post(slashCommand('/ticket', 'list', { responseUrl: h.fake.responseUrl('list') }));
    await h.settle();
    const [list] = h.fake.callsTo('response_url').filter((c) => String(c.args.text).includes('Tickets'));
    expect(list?.args.text).toBe('*Tickets (open): 1*\n*#1 P1* · Checkout fails — new');
  });

  it('falls back to chat.postEphemeral when the response_url is gone', async () => {
    await h.post(slashCommand('/ticket', 'list', { responseUrl: 'http://127.0.0.1:9/expired' }));
    await h.settle();
    const [eph] = h.fake.callsTo('chat.postEphemeral');
    expect(eph?.args).toMatchObject({ channel: 'C0SUPPORT', user: 'U0ANN' });
  });
});

describe('slack outgoing calls under rate limits and failures', () => {
  it('waits out a 429 Retry-After and retries a 500 with backoff; nothing is dropped', async () => {
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 }, { status: 500 });
    await h.post(slashCommand('/ticket', 'new P1 Flaky Slack'));
    await h.settle();
    expect(h.fake.attempts('chat.postMessage').map((c) => c.status)).toEqual([429, 500, 200]);
    expect(h.slept).toContain(7000);
    expect(h.slept).toContain(1000);
    const [ticket] = await tickets();
    expect((await cardOf(h.app, ticket?.id ?? 0))?.messageId).toBe(
      h.fake.callsTo('chat.postMessage')[0]?.response?.ts,
    );
  });

  it('paces posts in one channel to about one per second after a small burst', async () => {
    for (let i = 1; i <= 5; i++) await h.post(slashCommand('/ticket', `new P3 Paced ${i}`));
    await h.settle();
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(5);
    expect(h.slept.filter((ms) => ms > 0).length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...h.slept)).toBeLessThanOrEqual(1000);
  });

  it('turns "not in channel" into a clear ephemeral answer naming the ticket it made', async () => {
    h.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    await h.post(
      slashCommand('/ticket', 'new P2 Somewhere else', { responseUrl: h.fake.responseUrl('nic') }),
    );
    await h.settle();
    const answers = h.fake.callsTo('response_url').map((c) => String(c.args.text));
    // The ticket exists without its card: the caller is told which ticket and why the card is missing.
    expect(answers).toHaveLength(2);
    expect(answers[0]).toContain('Ticket #1 created: P2 · Somewhere else');
    expect(answers[1]).toContain('#1: Its card could not be posted here.');
    expect(answers[1]).toContain('I cannot post in this conversation');
    expect(await cardOf(h.app, 1)).toBeUndefined();
  });
});
