/**
 * Digests through Slack (signed requests on POST /slack/events, the fake Web API): the weekly cron
 * slot fires on a ManualClock and the digest is posted once in the team channel and once to each
 * manager (conversations.open + chat.postMessage), its charts uploaded with Slack's real calls
 * (files.getUploadURLExternal → the bytes → files.completeUploadExternal) and shown as image
 * blocks; `/report weekly` answers through the response_url with its charts, `here` posts in the
 * channel; bad input gets an error with the usage. The CSAT card's click: a retried delivery and a
 * second click with the same answer record one rating.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import type { ApiCall } from '../helpers/fake-slack.ts';
import { useSlackHarness } from '../helpers/slack-harness.ts';
import { interaction, slashCommand, TEAM, triggerId } from '../helpers/slack-sign.ts';

type Json = Record<string, unknown>;
const ZONE = 'America/Los_Angeles';
/** Wednesday 2026-03-04 10:00 in Los Angeles; the digest of Monday 2026-03-09 covers that week. */
const WED = Date.parse('2026-03-04T10:00:00-08:00');
const SLOT = Date.parse('2026-03-09T09:00:00-07:00'); // after the spring-forward change of 2026-03-08

const config = {
  locale: 'en',
  timezone: ZONE,
  intake: [{ channel: 'C0SUPPORT', team: 'support' }],
  teams: {
    support: {
      channel: 'C0SUPTEAM',
      managers: ['U0BOSS', 'U0CHIEF'],
      tiers: [{ name: 'L1', rotation: { members: ['U0ANN'] } }],
    },
  },
  digests: { daily: false, monthly: false },
  tickets: { csatAfter: '1h' },
};

const clock = new ManualClock(WED);
const h = useSlackHarness({ clock, config });
beforeEach(() => clock.set(WED));

async function command(name: string, text: string, user = 'U0ANN', id = 'cmd') {
  await h.post(slashCommand(name, text, { user, channel: 'C0SUPPORT', responseUrl: h.fake.responseUrl(id) }));
  await h.settle();
}

async function tickAt(ms: number): Promise<void> {
  clock.set(ms);
  await h.app.tick();
  await h.settle();
}

const blocksOf = (c: ApiCall | undefined) => (c?.args.blocks ?? []) as Json[];
const isDigest = (c: ApiCall) => JSON.stringify(c.args.blocks ?? []).includes('Weekly digest · support');

describe('digests on Slack', () => {
  it('the weekly slot posts once to the team channel and each manager, charts uploaded', async () => {
    await h.app.scheduler.runStartHooks();
    await command('/ticket', 'new P1 Checkout is broken', 'U0REP');
    await tickAt(SLOT);

    const digests = h.fake.callsTo('chat.postMessage').filter(isDigest);
    expect(digests.map((c) => c.args.channel).sort()).toEqual(['C0SUPTEAM', 'D0BOSS', 'D0CHIEF']);
    const opened = h.fake.callsTo('conversations.open').map((c) => c.args.users);
    expect(opened).toEqual(expect.arrayContaining(['U0BOSS', 'U0CHIEF']));
    // Every picture: get an upload URL, send the bytes, complete; then the image blocks name them.
    const files = h.fake.calls.map((c) => c.method).filter((m) => m.startsWith('files.') || m === 'upload');
    expect(files.filter((m) => m === 'files.getUploadURLExternal')).toHaveLength(12);
    expect(files.filter((m) => m === 'upload')).toHaveLength(12);
    const completed = h.fake.callsTo('files.completeUploadExternal');
    expect(completed.map((c) => (c.args.files as unknown[]).length)).toEqual([4, 4, 4]);
    // Per picture, in Slack's order: the upload URL, the bytes, the completion, then the post showing it.
    const calls = h.fake.calls;
    for (const url of h.fake.callsTo('files.getUploadURLExternal')) {
      const id = String(url.response?.file_id);
      const bytes = calls.findIndex((c) => c.method === 'upload' && c.args.file_id === id);
      const done = calls.findIndex(
        (c) => c.method === 'files.completeUploadExternal' && JSON.stringify(c.args.files).includes(id),
      );
      const shown = calls.findIndex(
        (c) => c.method === 'chat.postMessage' && JSON.stringify(c.args).includes(id),
      );
      expect(calls.indexOf(url)).toBeLessThan(bytes);
      expect(bytes).toBeLessThan(done);
      expect(done).toBeLessThan(shown);
    }
    const uploaded = new Set(h.fake.callsTo('files.getUploadURLExternal').map((c) => c.response?.file_id));
    for (const post of digests) {
      const blocks = blocksOf(post);
      expect(blocks.length).toBeLessThanOrEqual(50);
      const images = blocks.filter((b) => b.type === 'image');
      expect(images).toHaveLength(4);
      for (const image of images) expect(uploaded.has((image.slack_file as Json).id)).toBe(true);
      expect(JSON.stringify(blocks)).toContain('2026-03-02 – 2026-03-08 (America/Los_Angeles)');
    }
    const alts = h.fake.callsTo('files.getUploadURLExternal').map((c) => String(c.args.alt_txt));
    expect(alts.some((a) => a.startsWith('Opened vs resolved per day'))).toBe(true);

    // Exactly once: a later tick posts nothing more.
    const count = h.fake.callsTo('chat.postMessage').length;
    await tickAt(SLOT + 60_000);
    expect(h.fake.callsTo('chat.postMessage').filter(isDigest)).toHaveLength(3);
    expect(h.fake.callsTo('chat.postMessage').length).toBe(count);
  }, 90_000);

  it('/report weekly answers privately with its charts; `here` posts it in the channel', async () => {
    await command('/ticket', 'new P1 Checkout is broken', 'U0REP');
    clock.set(SLOT);
    await command('/report', 'weekly', 'U0ANN', 'mine');
    const mine = h.fake.callsTo('response_url').find(isDigest);
    expect(mine?.args.response_type).toBe('ephemeral');
    expect(JSON.stringify(mine?.args.blocks)).toContain('Weekly digest · support');
    expect(blocksOf(mine).filter((b) => b.type === 'image')).toHaveLength(4);
    expect(h.fake.callsTo('chat.postMessage').filter(isDigest)).toHaveLength(0);

    await command('/report', 'weekly support here', 'U0ANN', 'here');
    const posted = h.fake.callsTo('chat.postMessage').filter(isDigest);
    expect(posted.map((c) => c.args.channel)).toEqual(['C0SUPPORT']);
    expect(blocksOf(posted[0]).filter((b) => b.type === 'image')).toHaveLength(4);
  }, 90_000);

  it('a quiet week’s digest has its figures and no pictures of nothing', async () => {
    clock.set(SLOT);
    await command('/report', 'weekly', 'U0ANN', 'quiet');
    const [quiet] = h.fake.callsTo('response_url');
    const text = JSON.stringify(quiet?.args.blocks);
    expect(text).toContain('Weekly digest · support');
    expect(text).toContain('No new tickets.');
    expect(blocksOf(quiet).filter((b) => b.type === 'image')).toEqual([]);
    expect(h.fake.callsTo('files.getUploadURLExternal')).toEqual([]);
  }, 90_000);

  it('bad input: an error with the usage, nothing posted', async () => {
    await command('/report', 'yearly', 'U0ANN', 'bad');
    await command('/report', 'weekly marketing', 'U0ANN', 'team');
    const answers = h.fake.callsTo('response_url').map((c) => String(c.args.text));
    expect(answers[0]).toContain('"yearly" is not a digest: use daily, weekly or monthly.');
    expect(answers[0]).toContain('/report daily|weekly|monthly [team] [here]');
    expect(answers[1]).toContain('There is no team "marketing". Teams: support');
    expect(answers[1]).toContain('Usage:');
    expect(h.fake.callsTo('chat.postMessage').filter(isDigest)).toHaveLength(0);
  });

  it('a CSAT click, retried by Slack and clicked again, records one rating', async () => {
    await command('/ticket', 'new P2 Export is slow', 'U0REP');
    await command('/ticket', 'resolve 1 tuned the query', 'U0ANN');
    await tickAt(WED + 3_600_000);
    const card = h.fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'D0REP');
    expect(JSON.stringify(card?.args.blocks)).toContain('How did we do with #1?');
    const buttons = (blocksOf(card).find((b) => b.type === 'actions')?.elements ?? []) as Json[];
    const five = buttons.find((b) => b.value === `1:5`) as Json;
    const click = (trigger: string) => ({
      type: 'block_actions',
      user: { id: 'U0REP', username: 'rep', team_id: TEAM },
      api_app_id: 'A0SOPBOT',
      container: {
        type: 'message',
        message_ts: card?.response?.ts,
        channel_id: 'D0REP',
        is_ephemeral: false,
      },
      trigger_id: trigger,
      team: { id: TEAM, domain: 'acme' },
      channel: { id: 'D0REP', name: 'directmessage' },
      message: { type: 'message', ts: card?.response?.ts, user: 'U0BOT', bot_id: 'B0BOT', text: 'csat' },
      response_url: h.fake.responseUrl('csat'),
      actions: [
        {
          type: 'button',
          action_id: five.action_id,
          block_id: 'sopbot.actions',
          value: five.value,
          action_ts: '1',
        },
      ],
    });
    const first = click(triggerId());
    await h.post(interaction(first));
    await h.post(interaction(first)); // Slack's retry of the same delivery
    await h.post(interaction(click(triggerId()))); // a second click, same answer
    await h.settle();
    expect(await h.app.runtime.repos.csat.byTicket(1)).toMatchObject({ rating: 5, ratedBy: 'U0REP' });
    const { events } = await h.app.services.tickets.get(1, 1);
    expect(events.filter((e) => String(e.kind) === 'csat_rated').map((e) => e.data)).toEqual([{ to: 5 }]);
    const thanks = h.fake
      .callsTo('response_url')
      .map((c) => String(c.args.text))
      .filter((text) => text.includes('rated'));
    expect(thanks).toEqual(['Thank you! You rated #1 5/5.', 'Thank you! You rated #1 5/5.']);
    const updated = h.fake.callsTo('chat.update').filter((c) => c.args.channel === 'D0REP');
    expect(JSON.stringify(updated.at(-1)?.args.blocks)).toContain('Your rating: 5/5');
  }, 60_000);
});
