/**
 * The prompt timers on a real database: each member is prompted at 09:00 of their own zone across
 * both 2026 daylight-saving changes of Los Angeles (Shanghai has none), on report days only; a
 * zone learned from the platform profile replans the prompt and its language follows the profile.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { plainText } from '../../src/core/message.ts';
import type { UserProfile } from '../../src/core/messenger.ts';
import { PROMPT_KIND } from '../../src/domain/daily/index.ts';
import { createTestApp } from '../helpers/app.ts';
import { resetDatabase, testDatabase } from '../helpers/db.ts';
import { RecordingMessenger } from '../helpers/recording.ts';

/** The chat API at the edge, which also answers profile look-ups (Slack users.info). */
class ProfiledMessenger extends RecordingMessenger {
  readonly profiles = new Map<string, UserProfile>();
  async profile(userId: string): Promise<UserProfile | null> {
    return this.profiles.get(userId) ?? null;
  }
}

const config = {
  locale: 'en',
  timezone: 'UTC',
  intake: [{ channel: 'support', team: 'support' }],
  teams: {
    support: {
      channel: 'team-room',
      managers: [],
      tiers: [],
      members: [
        { id: 'la', timezone: 'America/Los_Angeles' },
        { id: 'sh', timezone: 'Asia/Shanghai' },
        'pat',
      ],
    },
  },
  daily: { prompt: '09:00', remind: [], cutoff: '10:00' },
};

let database: Database;
let app: App | undefined;
beforeAll(async () => {
  database = await testDatabase();
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await resetDatabase(database);
});
afterAll(async () => {
  await database.close();
});

async function start(
  at: string,
  daily = config.daily,
): Promise<{ clock: ManualClock; chat: ProfiledMessenger }> {
  const clock = new ManualClock(at);
  app = await createTestApp(database, { config: { ...config, daily }, clock });
  const chat = new ProfiledMessenger('console');
  app.messengers.set('console', chat);
  return { clock, chat };
}

async function pendingPrompts(a: App) {
  return (await a.runtime.repos.timers.pendingByKeyPrefix(`${PROMPT_KIND}:`)).sort(
    (x, y) => x.dueAt.getTime() - y.dueAt.getTime(),
  );
}

/** Fires the next `count` prompt timers in order; returns `member @ instant` for each prompt sent. */
async function promptTimes(a: App, clock: ManualClock, chat: RecordingMessenger, count: number) {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const [next] = await pendingPrompts(a);
    if (!next) break;
    clock.set(next.dueAt);
    const before = chat.of('sendForm').length;
    await a.tick();
    for (const f of chat.of('sendForm').slice(before)) {
      if ('userId' in f.to && f.to.userId !== 'pat')
        out.push(`${f.to.userId} @ ${clock.now().toISOString()}`);
    }
  }
  return out;
}

describe('daily prompt timers', () => {
  it('09:00 in each member’s zone across the spring-forward change, weekdays only', async () => {
    const { clock, chat } = await start('2026-03-05T00:00:00Z');
    await (app as App).scheduler.runStartHooks();
    const times = await promptTimes(app as App, clock, chat, 12);
    const ofLa = times.filter((t) => t.startsWith('la'));
    const ofSh = times.filter((t) => t.startsWith('sh'));
    expect(ofLa.slice(0, 4)).toEqual([
      'la @ 2026-03-05T17:00:00.000Z',
      'la @ 2026-03-06T17:00:00.000Z',
      'la @ 2026-03-09T16:00:00.000Z',
      'la @ 2026-03-10T16:00:00.000Z',
    ]);
    expect(ofSh.slice(0, 4)).toEqual([
      'sh @ 2026-03-05T01:00:00.000Z',
      'sh @ 2026-03-06T01:00:00.000Z',
      'sh @ 2026-03-09T01:00:00.000Z',
      'sh @ 2026-03-10T01:00:00.000Z',
    ]);
  });

  it('09:00 in each member’s zone across the fall-back change', async () => {
    const { clock, chat } = await start('2026-10-29T00:00:00Z');
    await (app as App).scheduler.runStartHooks();
    const times = await promptTimes(app as App, clock, chat, 9);
    expect(times.filter((t) => t.startsWith('la')).slice(0, 3)).toEqual([
      'la @ 2026-10-29T16:00:00.000Z',
      'la @ 2026-10-30T16:00:00.000Z',
      'la @ 2026-11-02T17:00:00.000Z',
    ]);
    expect(times.filter((t) => t.startsWith('sh')).slice(0, 3)).toEqual([
      'sh @ 2026-10-29T01:00:00.000Z',
      'sh @ 2026-10-30T01:00:00.000Z',
      'sh @ 2026-11-02T01:00:00.000Z',
    ]);
  });

  it('a zone and language learned from the platform profile replan the prompt and word it', async () => {
    const { clock, chat } = await start('2026-03-01T20:00:00Z');
    const a = app as App;
    await a.scheduler.runStartHooks();
    const planned = async () =>
      (await pendingPrompts(a)).find((t) => t.payload.member === 'pat')?.dueAt.toISOString();
    expect(await planned()).toBe('2026-03-02T09:00:00.000Z');
    chat.profiles.set('pat', { timeZone: 'Asia/Tokyo', locale: 'zh-CN' });
    await a.services.daily.refreshProfiles();
    expect(await planned()).toBe('2026-03-02T00:00:00.000Z');
    clock.set('2026-03-02T00:00:00Z');
    await a.tick();
    const prompt = chat.of('sendForm').find((f) => 'userId' in f.to && f.to.userId === 'pat');
    expect(plainText(prompt?.intro.text ?? '')).toContain('该写今天的日报了（support，2026-03-02）');
    expect(prompt?.form.fields.map((f) => f.label)).toEqual(['昨天完成', '今天计划', '遇到问题', '需要支持']);
  });

  it('a prompt time moved earlier at a restart still prompts for today, at once', async () => {
    await start('2026-03-02T07:00:00Z');
    await (app as App).scheduler.runStartHooks();
    const planned = (await pendingPrompts(app as App)).find((t) => t.payload.member === 'pat');
    expect(planned?.dueAt.toISOString()).toBe('2026-03-02T09:00:00.000Z');
    await (app as App).stop();

    const { chat } = await start('2026-03-02T08:30:00Z', { ...config.daily, prompt: '08:00' });
    await (app as App).scheduler.runStartHooks();
    const replanned = (await pendingPrompts(app as App)).find((t) => t.payload.member === 'pat');
    expect(replanned?.dueAt.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    await (app as App).tick();
    const prompt = chat.of('sendForm').find((f) => 'userId' in f.to && f.to.userId === 'pat');
    expect(plainText(prompt?.intro.text ?? '')).toContain('(2026-03-02)');
  });

  it('schedules the cutoff and the review for a team with members, nothing for the built-in empty team', async () => {
    await start('2026-03-02T07:00:00Z');
    const names = (a: App) => a.cron.jobs.map((j) => j.name).filter((n) => n.startsWith('daily.'));
    expect(names(app as App)).toEqual(['daily.cutoff:support', 'daily.review:support', 'daily.profiles']);
    const cutoff = (app as App).cron.jobs.find((j) => j.name === 'daily.cutoff:support');
    expect(cutoff).toMatchObject({ cron: '0 10 * * 1,2,3,4,5', timezone: 'UTC' });
    await (app as App).stop();
    app = await createTestApp(database, { config: {} });
    expect(names(app)).toEqual(['daily.profiles']);
  });
});
