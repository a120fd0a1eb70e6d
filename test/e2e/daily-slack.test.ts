/**
 * Daily reports end to end over POST /slack/events against the fake Slack Web API: prompts as DMs
 * whose button opens the report modal, a `view_submission` files the report, the member who did
 * not file is reminded privately, the compiled report is posted in the team channel at the cutoff
 * (the missing member named, not pinged), a late `/daily` edits it in place with `chat.update`,
 * the next day the blocker is carried with its age, and its select turns it into a ticket whose
 * description points back to the blocker. A member on a day off is neither prompted nor missing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { dailyConfig } from '../helpers/daily-config.ts';
import type { ApiCall } from '../helpers/fake-slack.ts';
import { useSlackHarness } from '../helpers/slack-harness.ts';
import { interaction, slashCommand, TEAM, triggerId } from '../helpers/slack-sign.ts';

type Json = Record<string, unknown>;

const clock = new ManualClock('2026-03-02T08:00:00Z');
const h = useSlackHarness({
  clock,
  config: dailyConfig({ channel: 'C0TEAM', intake: 'C0SUPPORT', members: ['U0ANN', 'U0BOB', 'U0CAT'] }),
});

beforeEach(() => {
  clock.set('2026-03-02T08:00:00Z');
});

const user = (id: string) => ({ id, username: id.toLowerCase(), team_id: TEAM });

async function at(iso: string): Promise<void> {
  clock.set(iso);
  await h.app.tick();
  await h.settle();
}

/** Messages posted to a conversation since the call log was last cut at `from`. */
function postsTo(channel: string, from = 0): ApiCall[] {
  return h.fake
    .callsTo('chat.postMessage')
    .slice(from)
    .filter((c) => c.args.channel === channel);
}

const blocksText = (call: ApiCall | undefined) => JSON.stringify(call?.args.blocks ?? []);

function elementOf(call: ApiCall, actionId: string): Json {
  const blocks = call.args.blocks as { elements?: Json[]; accessory?: Json }[];
  const all = blocks.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]);
  const found = all.find((e) => e.action_id === actionId);
  if (!found) throw new Error(`no element ${actionId} in ${blocksText(call)}`);
  return found;
}

/** A block_actions payload for a click (or a select choice) on a message sopbot posted. */
function click(call: ApiCall, action: Json, by: string): Json {
  const ts = String(call.response?.ts);
  return {
    type: 'block_actions',
    user: user(by),
    api_app_id: 'A0SOPBOT',
    container: { type: 'message', message_ts: ts, channel_id: call.args.channel, is_ephemeral: false },
    trigger_id: triggerId(),
    team: { id: TEAM, domain: 'acme' },
    channel: { id: call.args.channel, name: 'dm' },
    message: { type: 'message', ts, user: 'U0BOT', bot_id: 'B0BOT', text: call.args.text },
    response_url: h.fake.responseUrl('click'),
    actions: [{ block_id: 'sopbot.actions', action_ts: '1700000099.000001', ...action }],
  };
}

/** The view_submission of a modal sopbot opened, with typed values by block id. */
function submitView(opened: ApiCall, values: Record<string, Json>, by: string): Json {
  const view = opened.args.view as Json;
  const state: Record<string, Json> = {};
  for (const [block, value] of Object.entries(values)) state[block] = { value };
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'acme' },
    user: user(by),
    api_app_id: 'A0SOPBOT',
    trigger_id: triggerId(),
    view: { ...view, id: 'V0DAILY', team_id: TEAM, state: { values: state }, hash: 'h1' },
    response_urls: [],
  };
}

const text = (value: string) => ({ type: 'plain_text_input', value });

describe('daily reports (Slack)', () => {
  it('prompts by DM, files through the modal, reminds, compiles, edits in place, carries and tickets the blocker', async () => {
    await h.post(slashCommand('/daily', 'off 2026-03-02', { user: 'U0CAT' }));
    await h.settle();
    await h.app.scheduler.runStartHooks();

    await at('2026-03-02T09:00:00Z');
    const prompts = h.fake.callsTo('chat.postMessage');
    expect(prompts.map((c) => c.args.channel).sort()).toEqual(['D0ANN', 'D0BOB']);
    const annPrompt = postsTo('D0ANN')[0] as ApiCall;
    expect(String(annPrompt.args.text)).toContain('Time for your daily report for support (2026-03-02)');
    const open = elementOf(annPrompt, 'sopbot.form.open');

    await h.post(
      interaction(
        click(annPrompt, { type: 'button', action_id: open.action_id, value: open.value }, 'U0ANN'),
      ),
    );
    await h.settle();
    const [opened] = h.fake.callsTo('views.open');
    expect(JSON.stringify(opened?.args.view)).toContain('Plan for today');

    const empty = await h.post(interaction(submitView(opened as ApiCall, {}, 'U0ANN')));
    expect(JSON.parse(empty.body)).toMatchObject({
      response_action: 'errors',
      errors: { done: 'Answer at least one question.' },
    });

    const res = await h.post(
      interaction(
        submitView(
          opened as ApiCall,
          {
            done: text('Login page'),
            plan: text('Payment integration'),
            issues: text('Test env is flaky'),
            calls: { type: 'number_input', value: '120' },
          },
          'U0ANN',
        ),
      ),
    );
    expect(res.status).toBe(200);
    await h.settle();
    expect((await h.app.services.daily.reportOf('support', 'U0ANN', '2026-03-02'))?.values).toEqual({
      done: 'Login page',
      plan: 'Payment integration',
      issues: 'Test env is flaky',
      calls: 120,
    });

    const beforeRemind = h.fake.callsTo('chat.postMessage').length;
    await at('2026-03-02T09:05:00Z');
    const reminders = h.fake.callsTo('chat.postMessage').slice(beforeRemind);
    expect(reminders.map((c) => c.args.channel)).toEqual(['D0BOB']);
    expect(String(reminders[0]?.args.text)).toContain('Reminder: your daily report');

    await at('2026-03-02T09:10:00Z');
    const [compiled] = postsTo('C0TEAM');
    const card = blocksText(compiled);
    expect(card).toContain('Payment integration');
    expect(card).toContain('Missing (1)');
    expect(card).toContain('U0BOB');
    expect(card).not.toContain('<@U0BOB>');
    expect(card).toContain('Off (1)');
    expect(card).toContain('120 calls ✅');
    expect(card).toContain('B1: Test env is flaky');

    clock.set('2026-03-02T09:30:00Z');
    await h.post(slashCommand('/daily', 'Plan: ship the release\nCalls: 80', { user: 'U0BOB' }));
    await h.settle();
    const [edit] = h.fake.callsTo('chat.update');
    expect(edit?.args).toMatchObject({ channel: 'C0TEAM', ts: compiled?.response?.ts });
    expect(blocksText(edit)).toContain('ship the release');
    expect(blocksText(edit)).toContain('(late)');
    expect(blocksText(edit)).not.toContain('Missing (1)');

    await at('2026-03-03T09:00:00Z');
    await at('2026-03-03T09:10:00Z');
    const tuesday = postsTo('C0TEAM').at(-1) as ApiCall;
    expect(blocksText(tuesday)).toContain('day 2');
    expect(blocksText(tuesday)).toContain('B1: Test env is flaky');

    const select = elementOf(tuesday, 'daily.blocker_ticket');
    const pick = { type: 'static_select', action_id: select.action_id, selected_option: { value: '1' } };
    await h.post(interaction(click(tuesday, pick, 'U0ANN')));
    await h.settle();
    const ticket = (await h.app.services.tickets.get(1, 1)).ticket;
    expect(ticket.title).toBe('Blocker: Test env is flaky');
    expect(ticket.reporterId).toBe('U0ANN');
    expect(ticket.description).toContain(
      'From blocker B1 in the daily report of U0ANN (support, 2026-03-02)',
    );
    expect(ticket.description).toContain('https://acme.slack.com/archives/C0TEAM/p');
    expect(blocksText(postsTo('C0TEAM').at(-1))).toContain('Blocker: Test env is flaky');
    expect(blocksText(h.fake.callsTo('chat.update').at(-1))).toContain('B1: Test env is flaky → #1');
  });

  it('a click by someone who is not the owner or a manager is refused privately, nothing changes', async () => {
    clock.set('2026-03-02T09:01:00Z');
    await h.app.scheduler.runStartHooks();
    await h.post(slashCommand('/daily', 'Problems: waiting on the DBA', { user: 'U0ANN' }));
    await h.settle();
    await at('2026-03-02T09:10:00Z');
    const compiled = postsTo('C0TEAM').at(-1) as ApiCall;
    const select = elementOf(compiled, 'daily.blocker_done');
    const pick = { type: 'static_select', action_id: select.action_id, selected_option: { value: '1' } };
    await h.post(interaction(click(compiled, pick, 'U0BOB')));
    await h.settle();
    const answer = h.fake.callsTo('response_url').at(-1);
    expect(JSON.stringify(answer?.args)).toContain('Only the owner of blocker B1');
    expect((await h.app.runtime.repos.daily.blocker(1))?.resolvedAt).toBeNull();
  });
});
