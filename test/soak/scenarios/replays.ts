/**
 * Row 2: seven valid requests, each delivered once and replayed three times (one copy racing the
 * original, then Slack-style retries with X-Slack-Retry-Num 1 and 2, the last after the work was
 * done) against a real sopbot process → each does its work once: one ticket (one card, one
 * confirmation) for each request that files one, one modal for the shortcut, one "taken" for the
 * click.
 */
import type { ApiCall, FakeSlack } from '../../helpers/fake-slack.ts';
import {
  eventCallback,
  interaction,
  postRaw,
  type SlackRequest,
  signedHeaders,
  slashCommand,
  TEAM,
} from '../../helpers/slack-sign.ts';
import { drain, type Sql, ticketsByTitle } from '../lib/db.ts';
import { sleep, waitFor } from '../lib/procs.ts';
import { type Context, type Result, type Scenario, Verdict } from '../lib/scenario.ts';
import { SECRET } from '../lib/slack.ts';
import { answersById, cardsByTitle } from '../lib/slack-out.ts';
import { lightStage } from '../lib/stage.ts';

type Json = Record<string, unknown>;
const user = (id: string) => ({ id, username: id.toLowerCase(), team_id: TEAM });

/** Sends `req` and its three replays; resolves with the statuses of all four. */
async function withReplays(
  url: string,
  req: SlackRequest,
  settled: () => Promise<unknown>,
): Promise<number[]> {
  const post = (retry?: number) =>
    postRaw(url, req.body, {
      ...signedHeaders(req, SECRET),
      ...(retry ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {}),
    }).then((r) => r.status);
  const [first, racing] = await Promise.all([post(), post()]);
  const retried = await post(1);
  await settled();
  const late = await post(2);
  return [first, racing, retried, late];
}

function submission(opened: ApiCall, title: string): Json {
  const view = opened.args.view as Json;
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'acme' },
    user: user('U0DAN'),
    api_app_id: 'A0SOPBOT',
    trigger_id: 'replay.view.trigger',
    view: {
      ...view,
      id: 'V0REPLAY1',
      team_id: TEAM,
      state: {
        values: {
          title: { value: { type: 'plain_text_input', value: title } },
          priority: { value: { type: 'static_select', selected_option: { value: 'P2' } } },
        },
      },
      hash: 'h1',
    },
    response_urls: [],
  };
}

function click(card: ApiCall, responseUrl: string): Json {
  const ts = String(card.response?.ts);
  const blocks = card.args.blocks as { elements?: Json[] }[];
  const take = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'ticket.take');
  return {
    type: 'block_actions',
    user: user('U0BOB'),
    api_app_id: 'A0SOPBOT',
    container: { type: 'message', message_ts: ts, channel_id: card.args.channel, is_ephemeral: false },
    trigger_id: 'replay.click.trigger',
    team: { id: TEAM, domain: 'acme' },
    channel: { id: card.args.channel, name: 'replay' },
    message: { type: 'message', ts, user: 'U0BOT', bot_id: 'B0BOT', text: card.args.text },
    response_url: responseUrl,
    actions: [{ type: 'button', action_id: 'ticket.take', block_id: 'sopbot.actions', value: take?.value }],
  };
}

async function takenCount(sql: Sql, title: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from ticket_events e join tickets t on t.id = e.ticket_id
     where e.kind = 'taken' and t.title = ${title}`;
  return row?.n ?? 0;
}

/** The five requests that need nothing sopbot said before them. */
function firstFive(fake: FakeSlack): SlackRequest[] {
  fake.storeMessage('C0GENERAL', { ts: '1700000400.000100', text: 'Replay reaction', user: 'U0AUTHOR' });
  fake.storeMessage('C0GENERAL', { ts: '1700000500.000100', text: 'Replay shortcut', user: 'U0CAROL' });
  const intake = {
    type: 'message',
    channel: 'C0INTAKE',
    channel_type: 'channel',
    user: 'U0REP',
    ts: '1700000300.000100',
    text: 'Replay intake',
  };
  const reaction = {
    type: 'reaction_added',
    user: 'U0SPOTTER',
    reaction: 'ticket',
    item_user: 'U0AUTHOR',
    item: { type: 'message', channel: 'C0GENERAL', ts: '1700000400.000100' },
    event_ts: '1700000401.000001',
  };
  return [
    slashCommand('/ticket', 'new P2 Replay command', {
      channel: 'C0R1',
      trigger: 'replay.cmd',
      responseUrl: fake.responseUrl('cmd'),
    }),
    slashCommand('/工单', '新建 P1 重放工单', {
      channel: 'C0R2',
      trigger: 'replay.zh',
      responseUrl: fake.responseUrl('zh'),
    }),
    eventCallback(intake, 'EvREPLAYINTAKE'),
    eventCallback(reaction, 'EvREPLAYREACTION'),
    interaction({
      type: 'message_action',
      callback_id: 'create_ticket',
      trigger_id: 'replay.shortcut',
      response_url: fake.responseUrl('sc'),
      team: { id: TEAM, domain: 'acme' },
      channel: { id: 'C0GENERAL', name: 'general' },
      user: user('U0DAN'),
      message: { type: 'message', user: 'U0CAROL', ts: '1700000500.000100', text: 'Replay shortcut' },
      message_ts: '1700000500.000100',
    }),
  ];
}

/** All seven with their replays: the modal and the click need the first five's modal and card. */
async function sendAll(url: string, fake: FakeSlack, quiet: () => Promise<void>): Promise<number[]> {
  const statuses: number[] = [];
  for (const req of firstFive(fake)) statuses.push(...(await withReplays(url, req, quiet)));
  const opened = await waitFor('the shortcut modal', () => fake.callsTo('views.open')[0], 15_000);
  statuses.push(...(await withReplays(url, interaction(submission(opened, 'Replay modal')), quiet)));
  const card = await waitFor(
    'the first card',
    () =>
      fake
        .callsTo('chat.postMessage')
        .find((c) => JSON.stringify(c.args.blocks ?? '').includes('Replay command')),
    15_000,
  );
  statuses.push(...(await withReplays(url, interaction(click(card, fake.responseUrl('click'))), quiet)));
  await quiet();
  return statuses;
}

async function run(ctx: Context): Promise<Result> {
  const { stage, bot } = await lightStage(ctx);
  const verdict = new Verdict();
  const { fake, sql } = stage;
  const quiet = async () => {
    await drain(sql, 30_000);
    await sleep(300);
  };
  const statuses = await sendAll(bot.url, fake, quiet);
  const titles = ['Replay command', '重放工单', 'Replay intake', 'Replay reaction', 'Replay modal'];
  const tickets = await ticketsByTitle(sql);
  const cards = cardsByTitle(fake);
  const answers = answersById(fake);
  const per = titles.map((t) => tickets.get(t) ?? 0);
  const cardsPer = titles.map((t) => cards.get(t) ?? 0);
  const confirmations = ['cmd', 'zh'].map((id) => answers.get(id) ?? 0);
  const modals = fake.callsTo('views.open').length;
  const taken = await takenCount(sql, 'Replay command');
  const notOk = statuses.filter((s) => s !== 200).length;
  const ours = [...tickets].filter(([t]) => /^(Replay|重放)/.test(t)).reduce((a, [, n]) => a + n, 0);
  verdict.expect(
    per.every((n) => n === 1),
    'tickets per filing request (want 1 each)',
    per.join(','),
  );
  verdict.expect(
    cardsPer.every((n) => n === 1),
    'cards per ticket (want 1 each)',
    cardsPer.join(','),
  );
  verdict.expect(ours === titles.length, 'tickets in all', ours);
  verdict.expect(
    confirmations.every((n) => n === 1),
    'confirmations per command',
    confirmations.join(','),
  );
  verdict.expect(modals === 1, 'modals opened by the shortcut', modals);
  verdict.expect(taken === 1, '"taken" events from the click', taken);
  verdict.zero('deliveries not answered 200', notOk);
  return {
    figures: {
      requests: 7,
      'deliveries sent': statuses.length,
      'answered 200': statuses.length - notOk,
      'tickets per request': per.join('/'),
      'cards per ticket': cardsPer.join('/'),
      confirmations: confirmations.join('/'),
      modals,
      'taken events': taken,
    },
    failures: verdict.failures,
  };
}

export const replays: Scenario = {
  id: 'replays',
  title: '7 valid requests each replayed 3× → 1 ticket each',
  light: true,
  run,
};
