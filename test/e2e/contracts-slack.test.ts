/**
 * The machinery's contracts end to end on Slack (signed requests, the fake Web API), through the
 * test-only probe module: a form as a modal, refusing a bad value with the field named (the form's
 * rule, then the module's) and accepting a good one; a picture uploaded with Slack's three calls,
 * waited for, and shown by an image block; a live message edited in place; a click on a button
 * nobody owns answered privately; a reply in a thread the module owns routed to it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MODULES } from '../../src/modules.ts';
import type { ApiCall } from '../helpers/fake-slack.ts';
import { PROBE_PNG, probeModule, probeState, resetProbe } from '../helpers/probe-module.ts';
import { HARNESS_CONFIG, useSlackHarness } from '../helpers/slack-harness.ts';
import { eventCallback, interaction, slashCommand, TEAM, triggerId } from '../helpers/slack-sign.ts';

type Json = Record<string, unknown>;
const h = useSlackHarness({ config: HARNESS_CONFIG, modules: [...MODULES, probeModule] });
beforeEach(() => resetProbe());
const user = { id: 'U0ANN', username: 'ann', team_id: TEAM };

async function probe(what: string, channel = 'C0GENERAL'): Promise<void> {
  await h.post(slashCommand('/probe', what, { channel, responseUrl: h.fake.responseUrl(`probe-${what}`) }));
  await h.settle();
}

function submission(view: Json, values: Record<string, Json>): Json {
  const state: Record<string, Json> = {};
  for (const [block, value] of Object.entries(values)) state[block] = { value };
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'acme' },
    user,
    api_app_id: 'A0SOPBOT',
    trigger_id: triggerId(),
    view: {
      ...view,
      id: `V0PROBE${Math.random().toString(36).slice(2, 8)}`,
      team_id: TEAM,
      state: { values: state },
    },
  };
}

function clickOn(card: ApiCall, actionId: string): Json {
  const ts = String(card.response?.ts);
  return {
    type: 'block_actions',
    user,
    api_app_id: 'A0SOPBOT',
    container: { type: 'message', message_ts: ts, channel_id: card.args.channel, is_ephemeral: false },
    trigger_id: triggerId(),
    team: { id: TEAM, domain: 'acme' },
    channel: { id: card.args.channel, name: 'general' },
    message: { type: 'message', ts, user: 'U0BOT', bot_id: 'B0BOT', text: card.args.text },
    response_url: h.fake.responseUrl('click'),
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'sopbot.actions',
        value: 'x',
        action_ts: '1700000099.000001',
      },
    ],
  };
}

describe('the machinery on Slack', () => {
  it('a form is a modal; refused values are named on their field, a good one is accepted', async () => {
    await probe('form');
    const [opened] = h.fake.callsTo('views.open');
    const view = opened?.args.view as Json;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'sopbot.form' });
    const blocks = view.blocks as Json[];
    expect(blocks.map((b) => b.block_id)).toEqual(['count', 'day', 'color']);
    expect(blocks[0]).toMatchObject({ element: { type: 'number_input', min_value: '1', max_value: '10' } });
    const answer = (count: string) =>
      h.post(
        interaction(
          submission(view, {
            count: { type: 'number_input', value: count },
            day: { type: 'datepicker', selected_date: '2026-12-24' },
            color: { type: 'static_select', selected_option: { value: 'red' } },
          }),
        ),
      );
    expect(JSON.parse((await answer('11')).body)).toEqual({
      response_action: 'errors',
      errors: { count: 'At most 10.' },
    });
    expect(JSON.parse((await answer('7')).body)).toEqual({
      response_action: 'errors',
      errors: { count: 'seven is not allowed' },
    });
    await h.settle();
    expect(probeState.submitted).toEqual([]);
    const ok = await answer('4');
    expect(ok.body).toBe('');
    await h.settle();
    expect(probeState.submitted).toEqual([
      { count: 4, day: '2026-12-24', color: 'red', asked: 'by command' },
    ]);
    // Answered where the form was opened, through the command's response_url.
    expect(h.fake.callsTo('response_url').at(-1)?.args.text).toBe('probe got 4 2026-12-24 red');
  });

  it('a picture: getUploadURLExternal, the bytes, completeUploadExternal, files.info, then the image block', async () => {
    h.fake.processingPolls = 2;
    await probe('image');
    const methods = h.fake.calls
      .map((c) => c.method)
      .filter((m) => m.startsWith('files.') || m === 'upload' || m === 'chat.postMessage');
    expect(methods.slice(0, 3)).toEqual([
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    expect(methods.filter((m) => m === 'files.info').length).toBeGreaterThanOrEqual(2);
    expect(methods.at(-1)).toBe('chat.postMessage');
    const [url] = h.fake.callsTo('files.getUploadURLExternal');
    expect(url?.args).toMatchObject({
      filename: expect.stringMatching(/\.png$/),
      length: String(PROBE_PNG.length),
      alt_txt: 'four coloured squares',
    });
    const fileId = String(h.fake.callsTo('files.getUploadURLExternal')[0]?.response?.file_id);
    const [post] = h.fake.callsTo('chat.postMessage');
    const image = ((post?.args.blocks ?? []) as Json[]).find((b) => b.type === 'image');
    expect(image).toMatchObject({
      type: 'image',
      slack_file: { id: fileId },
      alt_text: 'four coloured squares',
    });
  });

  it('a live message is posted once and edited in place (chat.update of the same ts)', async () => {
    await probe('live');
    await probe('bump');
    const [post] = h.fake.callsTo('chat.postMessage');
    const [update] = h.fake.callsTo('chat.update');
    expect(update?.args.ts).toBe(post?.response?.ts);
    expect(JSON.stringify(update?.args.blocks)).toContain('Probe counter: 2');
  });

  it('a click on a button nobody owns is answered privately', async () => {
    await probe('orphan');
    const card = h.fake.callsTo('chat.postMessage').at(-1) as ApiCall;
    await h.post(interaction(clickOn(card, 'nobody.click')));
    await h.settle();
    expect(h.fake.callsTo('response_url').at(-1)?.args).toMatchObject({
      response_type: 'ephemeral',
      text: 'This button is no longer active.',
    });
  });

  it('a reply in a thread the module owns reaches it', async () => {
    await probe('thread');
    const root = String(h.fake.callsTo('chat.postMessage').at(-1)?.response?.ts);
    await h.post(
      eventCallback({
        type: 'message',
        channel: 'C0GENERAL',
        channel_type: 'channel',
        user: 'U0ANN',
        ts: '1700009999.000100',
        thread_ts: root,
        text: 'hello probe',
      }),
    );
    await h.settle();
    expect(probeState.replies).toEqual([{ subject: 'probe:thread', text: 'hello probe', user: 'U0ANN' }]);
    expect(h.fake.callsTo('chat.postMessage').at(-1)?.args).toMatchObject({
      thread_ts: root,
      text: 'probe heard: hello probe',
    });
  });
});
