/**
 * A release through the Slack platform: signed slash commands and button clicks on POST
 * /slack/events, a local fake of Slack's Web API recording what the bot sends. The drill template
 * has steps due seconds apart; time is a ManualClock and the scheduler is ticked by hand.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { resetDatabase, testDatabase } from '../helpers/db.ts';
import type { ApiCall } from '../helpers/fake-slack.ts';
import { drillFolder } from '../helpers/release-fixtures.ts';
import { type SlackHarness, slackHarness } from '../helpers/slack-harness.ts';
import { eventCallback, interaction, slashCommand, TEAM, triggerId } from '../helpers/slack-sign.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const config = {
  locale: 'en',
  timezone: 'UTC',
  intake: [{ channel: 'C0SUPPORT', team: 'support' }],
  releases: {
    templates: drillFolder({ ann: 'U0ANN', bob: 'U0BOB', approvers: ['U0LEAD', 'U0BOSS', 'U0CTO'] }),
    remindEvery: '1m',
  },
};
const clock = new ManualClock(T0);
let database: Database;
let h: SlackHarness;

beforeAll(async () => {
  database = await testDatabase();
  h = await slackHarness(database, { clock, config });
});
afterAll(async () => {
  await h.close();
  await database.close();
});
beforeEach(async () => {
  await h.settle();
  await resetDatabase(database);
  h.fake.reset();
  clock.set(T0);
});

type Json = Record<string, unknown>;
const text = (c: ApiCall) => `${String(c.args.text ?? '')} ${JSON.stringify(c.args.blocks ?? [])}`;

/** Moves the clock to T0 + `ms`, fires what is due, and returns the Web API calls made meanwhile. */
async function at(ms: number, harness = h): Promise<ApiCall[]> {
  const before = harness.fake.calls.length;
  clock.set(T0 + ms);
  await harness.app.tick();
  await harness.settle();
  return harness.fake.calls.slice(before).filter((c) => c.response?.ok);
}

/**
 * Waits for what the request said, including a header edit that had to wait for the edit rate
 * (the outbox's sweep delivers it; it runs every second in production).
 */
async function delivered(): Promise<void> {
  await h.settle();
  await h.app.deliverer.sweep();
  await h.settle();
}

async function command(line: string, user: string): Promise<ApiCall[]> {
  const before = h.fake.calls.length;
  const [name, ...rest] = line.split(' ');
  await h.post(
    slashCommand(name ?? '', rest.join(' '), {
      user,
      channel: 'C0OPS',
      responseUrl: h.fake.responseUrl('cmd'),
    }),
  );
  await delivered();
  return h.fake.calls.slice(before);
}

/** A click on button `actionId` of the message `card` (a chat.postMessage call). */
async function click(card: ApiCall, actionId: string, by: string): Promise<ApiCall[]> {
  const blocks = card.args.blocks as { elements?: Json[] }[];
  const el = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
  if (!el) throw new Error(`no button ${actionId} in ${text(card)}`);
  const ts = String(card.response?.ts);
  const before = h.fake.calls.length;
  await h.post(
    interaction({
      type: 'block_actions',
      user: { id: by, username: by.toLowerCase(), team_id: TEAM },
      api_app_id: 'A0SOPBOT',
      container: { type: 'message', message_ts: ts, channel_id: card.args.channel, is_ephemeral: false },
      trigger_id: triggerId(),
      team: { id: TEAM, domain: 'acme' },
      channel: { id: card.args.channel, name: 'ops' },
      message: { type: 'message', ts, user: 'U0BOT', bot_id: 'B0BOT', text: card.args.text },
      response_url: h.fake.responseUrl('click'),
      actions: [
        { type: 'button', action_id: actionId, block_id: 'sopbot.actions', value: el.value, action_ts: '1' },
      ],
    }),
  );
  await delivered();
  return h.fake.calls.slice(before);
}

const posts = (calls: ApiCall[]) => calls.filter((c) => c.method === 'chat.postMessage' && c.response?.ok);
const updates = (calls: ApiCall[], ts: string) =>
  calls.filter((c) => c.method === 'chat.update' && c.args.ts === ts);
const answers = (calls: ApiCall[]) =>
  calls
    .filter((c) => c.method === 'response_url')
    .map((c) => text(c))
    .join('\n');

/** Starts the drill: the header and its ts, and each step's reply. */
async function startDrill(name: string) {
  const calls = await command(`/release start drill ${name}`, 'U0ANN');
  const [header, ...steps] = posts(calls);
  if (!header) throw new Error('no header posted');
  return { header, headerTs: String(header.response?.ts), steps, calls };
}

describe('a release on Slack', () => {
  it('posts the plan, pings, flags overdue, takes Done by button and command, decides the gate', async () => {
    const { header, headerTs, steps, calls } = await startDrill('D1');
    expect(header.args.channel).toBe('C0OPS');
    expect(text(header)).toContain('🚀 D1');
    expect(steps).toHaveLength(5);
    expect(steps.every((s) => s.args.thread_ts === headerTs)).toBe(true);
    expect(text(steps[0] as ApiCall)).toContain('1. Build the package');
    expect(text(steps[0] as ApiCall)).toContain('<@U0ANN>');
    expect(answers(calls)).toContain('Started D1 (drill)');

    const due = await at(5_000);
    const ping = posts(due).find((c) => c.args.thread_ts === headerTs);
    expect(text(ping as ApiCall)).toContain('1. Build the package is due (10:00): <@U0ANN>');
    expect(due.some((c) => c.method === 'conversations.open' && c.args.users === 'U0ANN')).toBe(true);
    expect(
      posts(due).some((c) => c.args.channel === 'D0ANN' && text(c).includes('1. Build the package is due')),
    ).toBe(true);
    expect(text(updates(due, headerTs)[0] as ApiCall)).toContain('⚠️ 1 — 1. Build the package');

    const buildTs = String(steps[0]?.response?.ts);
    clock.set(T0 + 6_000);
    const byButton = await click(ping as ApiCall, 'release.done', 'U0ANN');
    expect(text(updates(byButton, buildTs)[0] as ApiCall)).toContain('✅ done 10:00 by <@U0ANN>');
    expect(text(updates(byButton, headerTs)[0] as ApiCall)).toContain('1/5 done');

    await at(10_000);
    const uploadTs = String(steps[1]?.response?.ts);
    clock.set(T0 + 11_000);
    const byCommand = await command('/release done D1 upload', 'U0BOB');
    expect(answers(byCommand)).toContain('2. Upload it is done (D1).');
    expect(text(updates(byCommand, uploadTs)[0] as ApiCall)).toContain('✅ done 10:00 by <@U0BOB>');
    expect(text(updates(byCommand, headerTs)[0] as ApiCall)).toContain('2/5 done');
    const gatePing = posts(byCommand).find((c) => text(c).includes('Gate 3. Widen the rollout? is due'));
    expect(text(gatePing as ApiCall)).toContain('<@U0LEAD>, <@U0BOSS>, <@U0CTO>');

    clock.set(T0 + 12_000);
    const refused = await click(gatePing as ApiCall, 'release.go', 'U0ANN');
    expect(answers(refused)).toContain('You may not decide 3. Widen the rollout?');
    expect(refused.filter((c) => c.method === 'chat.update')).toEqual([]);
    await click(gatePing as ApiCall, 'release.go', 'U0LEAD');
    clock.set(T0 + 13_000);
    const decided = await click(gatePing as ApiCall, 'release.go', 'U0BOSS');
    expect(answers(decided)).toContain('3. Widen the rollout? is decided: Go.');
    expect(posts(decided).map(text).join()).toContain(
      '3. Widen the rollout?: Go, decided by <@U0LEAD>, <@U0BOSS>',
    );
    expect(posts(decided).map(text).join()).toContain(
      'Monitoring window 4. Watch the metrics is open until 10:01',
    );
  });

  it('a No-go offers the rollback runbook and its button starts it, linked; thread replies land in the log', async () => {
    const { headerTs } = await startDrill('D2');
    await at(5_000);
    await command('/release done D2 build', 'U0ANN');
    clock.set(T0 + 6_000);
    await command('/release done D2 upload', 'U0BOB');
    await h.post(
      eventCallback({
        type: 'message',
        channel: 'C0OPS',
        user: 'U0BOB',
        text: 'error rate is climbing',
        ts: '1700000500.000100',
        thread_ts: headerTs,
      }),
    );
    clock.set(T0 + 7_000);
    const nogo = await command('/release nogo D2 widen error rate 4%', 'U0CTO');
    const offer = posts(nogo).find((c) => text(c).includes('release.rollback'));
    expect(text(offer as ApiCall)).toContain('No-go, decided by <@U0CTO> — error rate 4%');
    expect(text(updates(nogo, headerTs)[0] as ApiCall)).toContain('stopped: no-go at widen');
    clock.set(T0 + 8_000);
    const started = await click(offer as ApiCall, 'release.rollback', 'U0CTO');
    const child = posts(started).find((c) => c.args.channel === 'C0OPS' && !c.args.thread_ts);
    expect(text(child as ApiCall)).toContain('🚀 D2-rollback');
    expect(text(child as ApiCall)).toContain('Rollback of D2');
    expect(answers(started)).toContain('Started D2-rollback, the rollback of D2.');
    const found = await h.app.services.releases.queries.byName('slack', null, ['D2']);
    const log = await h.app.services.releases.queries.events(found?.run.id ?? 0);
    expect(log.find((e) => e.kind === 'note')).toMatchObject({
      actorId: 'U0BOB',
      data: { text: 'error rate is climbing' },
    });
    expect(log.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['vote', 'decided', 'stopped', 'rollback_started']),
    );
  });

  it('a step that came due while sopbot was down is reminded once, late, after the restart', async () => {
    await startDrill('D3');
    clock.set(T0 + 120_000);
    const restarted = await slackHarness(database, { clock, config });
    try {
      const calls = await at(120_000, restarted);
      const pings = posts(calls).filter((c) => text(c).includes('2 steps need you'));
      expect(pings).toHaveLength(1);
      expect(text(pings[0] as ApiCall)).toContain('late by 1m 55s: sopbot was not running when it came due');
      expect(posts(await at(121_000, restarted)).filter((c) => text(c).includes('need you'))).toEqual([]);
    } finally {
      await restarted.close();
    }
  });
});
