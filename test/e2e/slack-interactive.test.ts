/**
 * Interactivity over POST /slack/events: card buttons and selects, the Resolve note modal, the
 * "create ticket" message shortcut, `/ticket new` without a title, and the App Home tab.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import type { ApiCall } from '../helpers/fake-slack.ts';
import { useSlackHarness } from '../helpers/slack-harness.ts';
import { eventCallback, interaction, slashCommand, TEAM, triggerId } from '../helpers/slack-sign.ts';

const clock = new ManualClock('2026-03-02T10:00:00Z');
const h = useSlackHarness({ clock });
beforeEach(() => {
  clock.set('2026-03-02T10:00:00Z');
});

type Json = Record<string, unknown>;
const user = (id: string) => ({ id, username: id.toLowerCase(), team_id: TEAM });

async function newTicket(text = 'new P1 Login page returns 500'): Promise<ApiCall> {
  await h.post(slashCommand('/ticket', text));
  await h.settle();
  const card = h.fake.callsTo('chat.postMessage').at(-1);
  if (!card) throw new Error('no card posted');
  return card;
}

function element(card: ApiCall, actionId: string): Json {
  const blocks = card.args.blocks as { type: string; elements?: Json[] }[];
  const found = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
  if (!found) throw new Error(`no element ${actionId}`);
  return found;
}

/** A block_actions payload for a click on `el` of the card message `card`. */
function click(card: ApiCall, el: Json, by = 'U0BOB', selected?: string): Json {
  const ts = String(card.response?.ts);
  const action = selected
    ? {
        type: 'static_select',
        action_id: el.action_id,
        block_id: 'sopbot.actions',
        selected_option: { value: selected },
      }
    : { type: 'button', action_id: el.action_id, block_id: 'sopbot.actions', value: el.value };
  return {
    type: 'block_actions',
    user: user(by),
    api_app_id: 'A0SOPBOT',
    container: { type: 'message', message_ts: ts, channel_id: card.args.channel, is_ephemeral: false },
    trigger_id: triggerId(),
    team: { id: TEAM, domain: 'acme' },
    channel: { id: card.args.channel, name: 'support' },
    message: { type: 'message', ts, user: 'U0BOT', bot_id: 'B0BOT', text: card.args.text },
    response_url: h.fake.responseUrl('click'),
    actions: [{ ...action, action_ts: '1700000099.000001' }],
  };
}

let viewSeq = 0;

/** A view_submission of the modal sopbot opened, with `values` typed into its inputs. */
function submit(opened: ApiCall, values: Record<string, Json>, by = 'U0BOB'): Json {
  const view = opened.args.view as Json;
  const state: Record<string, Json> = {};
  for (const [block, value] of Object.entries(values)) state[block] = { value };
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'acme' },
    user: user(by),
    api_app_id: 'A0SOPBOT',
    trigger_id: triggerId(),
    view: { ...view, id: `V0VIEW${++viewSeq}`, team_id: TEAM, state: { values: state }, hash: 'h1' },
    response_urls: [],
  };
}

function fieldText(call: ApiCall | undefined): string {
  return JSON.stringify(call?.args.blocks ?? []);
}

async function ticket(n = 1) {
  return (await h.app.services.tickets.get(1, n)).ticket;
}

describe('slack card actions', () => {
  it('a click acknowledges the ticket, edits the card in place and notes it in the thread', async () => {
    const card = await newTicket();
    const res = await h.post(interaction(click(card, element(card, 'ticket.ack'))));
    expect(res.status).toBe(200);
    await h.settle();
    expect((await ticket()).status).toBe('acknowledged');
    const [update] = h.fake.callsTo('chat.update');
    expect(update?.args).toMatchObject({ channel: 'C0SUPPORT', ts: card.response?.ts });
    expect(fieldText(update)).toContain('*Status*\\nacknowledged');
    expect(fieldText(update)).not.toContain('"ticket.ack"');
    const note = h.fake.callsTo('chat.postMessage').at(-1);
    expect(note?.args).toMatchObject({ channel: 'C0SUPPORT', thread_ts: card.response?.ts });
    expect(String(note?.args.text)).toContain('<@U0BOB>');
  });

  it('a repeated click delivery changes the ticket once', async () => {
    const card = await newTicket();
    const payload = interaction(click(card, element(card, 'ticket.take')));
    await h.post(payload);
    await h.post({ ...payload, headers: { 'x-slack-retry-num': '1' } });
    await h.settle();
    const { events } = await h.app.services.tickets.get(1, 1);
    expect(events.filter((e) => e.kind === 'taken')).toHaveLength(1);
    expect(h.fake.callsTo('response_url')).toHaveLength(0);
  });

  it('the priority select changes the priority', async () => {
    const card = await newTicket();
    await h.post(interaction(click(card, element(card, 'ticket.priority'), 'U0BOB', '1:P0')));
    await h.settle();
    expect((await ticket()).priority).toBe('P0');
    expect(fieldText(h.fake.callsTo('chat.update')[0])).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"P0',
    );
  });

  it('Resolve opens a modal for the note; submitting it resolves with that note', async () => {
    const card = await newTicket();
    await h.post(interaction(click(card, element(card, 'sopbot.prompt:ticket.resolve'))));
    await h.settle();
    const [opened] = h.fake.callsTo('views.open');
    const view = opened?.args.view as Json;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'sopbot.action_prompt' });
    expect(JSON.stringify(view.blocks)).toContain('Resolution note');
    expect(await ticket()).toMatchObject({ status: 'new' });

    const res = await h.post(
      interaction(
        submit(opened as ApiCall, { note: { type: 'plain_text_input', value: 'Restarted <the> pod' } }),
      ),
    );
    expect(res.status).toBe(200);
    await h.settle();
    expect(await ticket()).toMatchObject({ status: 'resolved', resolutionNote: 'Restarted <the> pod' });
    const update = h.fake.callsTo('chat.update').at(-1);
    expect(update?.args.ts).toBe(card.response?.ts);
    expect(fieldText(update)).toContain('Restarted &lt;the&gt; pod');
    expect(fieldText(update)).toContain('"ticket.reopen"');
  });
});

describe('slack ticket modals', () => {
  it('the message shortcut opens a prefilled modal; submitting it makes that message the ticket, in its thread', async () => {
    const message = {
      type: 'message',
      user: 'U0CAROL',
      ts: '1700000001.000100',
      text: 'Billing shows &lt;wrong&gt; total\nmore',
    };
    h.fake.storeMessage('C0GENERAL', { ts: message.ts, text: message.text, user: message.user });
    await h.post(
      interaction({
        type: 'message_action',
        callback_id: 'create_ticket',
        trigger_id: triggerId(),
        response_url: h.fake.responseUrl('sc'),
        team: { id: TEAM, domain: 'acme' },
        channel: { id: 'C0GENERAL', name: 'general' },
        user: user('U0DAN'),
        message,
        message_ts: message.ts,
      }),
    );
    await h.settle();
    const [opened] = h.fake.callsTo('views.open');
    expect(JSON.stringify((opened?.args.view as Json | undefined)?.blocks)).toContain(
      '"initial_value":"Billing shows <wrong> total"',
    );
    const values = {
      title: { type: 'plain_text_input', value: 'Billing total is wrong' },
      priority: { type: 'static_select', selected_option: { value: 'P2' } },
    };
    const submission = submit(opened as ApiCall, values, 'U0DAN');
    await h.post(interaction(submission));
    await h.post({ ...interaction(submission), headers: { 'x-slack-retry-num': '1' } });
    await h.settle();
    // The confirmed title and priority; the message's author reports it and its text describes it.
    expect(await ticket()).toMatchObject({
      title: 'Billing total is wrong',
      description: 'Billing shows <wrong> total\nmore',
      priority: 'P2',
      reporterId: 'U0CAROL',
      source: 'shortcut',
      channelId: 'C0GENERAL',
      threadId: message.ts,
      sourceMessageId: message.ts,
      sourceUrl: 'https://acme.slack.com/archives/C0GENERAL/p1700000001000100',
    });
    const cards = h.fake.callsTo('chat.postMessage');
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0]?.args.blocks)).toContain(
      '<https://acme.slack.com/archives/C0GENERAL/p1700000001000100|↗>',
    );
    expect(cards[0]?.args).toMatchObject({ channel: 'C0GENERAL', thread_ts: message.ts });
    expect(h.fake.callsTo('response_url')[0]?.args.text).toBe(
      'Ticket #1 created: P2 · Billing total is wrong',
    );

    // The same message again (🎫 this time): it already is #1, no second ticket.
    await h.post(
      eventCallback({
        type: 'reaction_added',
        user: 'U0ERIN',
        reaction: 'ticket',
        item_user: 'U0CAROL',
        item: { type: 'message', channel: 'C0GENERAL', ts: message.ts },
        event_ts: '1700000300.000001',
      }),
    );
    await h.settle();
    expect((await h.app.services.tickets.list(1, 'all', 'U0DAN')).length).toBe(1);
    expect(h.fake.callsTo('chat.postEphemeral').at(-1)?.args).toMatchObject({
      user: 'U0ERIN',
      text: expect.stringContaining('#1'),
    });

    // Its author edits it: the description follows, the title confirmed in the form stays.
    await h.post(
      eventCallback({
        type: 'message',
        subtype: 'message_changed',
        channel: 'C0GENERAL',
        hidden: true,
        ts: '1700000400.000001',
        message: { type: 'message', user: 'U0CAROL', text: 'Billing total wrong for EU', ts: message.ts },
        previous_message: { type: 'message', user: 'U0CAROL', text: message.text, ts: message.ts },
      }),
    );
    await h.settle();
    expect(await ticket()).toMatchObject({
      title: 'Billing total is wrong',
      description: 'Billing total wrong for EU',
    });
  });

  it('/ticket new without a title opens the same modal; an empty title is refused in the modal', async () => {
    await h.post(slashCommand('/ticket', 'new P1'));
    await h.settle();
    const [opened] = h.fake.callsTo('views.open');
    const view = opened?.args.view as Json;
    // One neutral form on every platform: here the Slack modal of `ticket.new`.
    expect(view.callback_id).toBe('sopbot.form');
    expect(JSON.stringify(view.blocks)).toContain('"initial_option":{"text":{"type":"plain_text","text":"P1');
    const empty = await h.post(
      interaction(
        submit(opened as ApiCall, {
          title: { type: 'plain_text_input', value: '  ' },
          // A select with an initial option always submits it (Slack sends the selected option).
          priority: { type: 'static_select', selected_option: { value: 'P1' } },
        }),
      ),
    );
    expect(JSON.parse(empty.body)).toEqual({
      response_action: 'errors',
      errors: { title: 'Required.' },
    });
    await h.settle();
    expect(await h.app.services.tickets.list(1, 'all', 'x')).toHaveLength(0);
    const values = {
      title: { type: 'plain_text_input', value: 'VPN drops' },
      priority: { type: 'static_select', selected_option: { value: 'P1' } },
    };
    await h.post(interaction(submit(opened as ApiCall, values)));
    await h.settle();
    expect(await ticket()).toMatchObject({ title: 'VPN drops', priority: 'P1', reporterId: 'U0BOB' });
  });
});

describe('slack App Home', () => {
  it('publishes my open tickets and the tickets near or past SLA', async () => {
    const card = await newTicket('new P1 Payments slow');
    await newTicket('new P0 Search down');
    await newTicket('new P3 Dark mode');
    await h.post(interaction(click(card, element(card, 'ticket.take'))));
    await h.settle();
    clock.advance(20 * 60_000);
    await h.post(
      eventCallback({
        type: 'app_home_opened',
        user: 'U0BOB',
        channel: 'D0BOB',
        tab: 'home',
        event_ts: '1.2',
      }),
    );
    await h.settle();
    const [home] = h.fake.callsTo('views.publish');
    expect(home?.args.user_id).toBe('U0BOB');
    const text = JSON.stringify(home?.args.view);
    expect(text).toContain('Your open tickets (1)');
    expect(text).toContain('🟠 #1 · Payments slow');
    expect(text).toContain('Near or past SLA');
    expect(text).toContain('*#2 P0* · Search down — first response overdue by 5m');
    expect(text).not.toContain('Dark mode');
  });

  it('a click on a home card acts and republishes the home', async () => {
    const card = await newTicket('new P1 Home click');
    await h.post(interaction(click(card, element(card, 'ticket.take'))));
    await h.settle();
    h.fake.reset();
    const payload = click(card, element(card, 'ticket.escalate'));
    payload.container = { type: 'view', view_id: 'VHOME' };
    payload.view = { id: 'VHOME', type: 'home' };
    delete payload.channel;
    delete payload.message;
    await h.post(interaction(payload));
    await h.settle();
    expect((await ticket()).tier).toBe('L2');
    expect(h.fake.callsTo('views.publish')[0]?.args.user_id).toBe('U0BOB');
  });
});
