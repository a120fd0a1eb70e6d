/**
 * Scheduled digests on the real app (PGlite, or Postgres with DATABASE_URL) with a recording chat
 * edge: one cron job per team and enabled kind in the team's zone; the daily slot covers yesterday
 * in that zone (a ticket at 23:59:59 local is yesterday's, one at 00:00:00 is today's); recipients
 * follow `digests.to`; each manager reads the digest in their own language; a team whose channel
 * and managers are unset gets nothing posted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { plainText } from '../../src/core/message.ts';
import { createTestApp } from '../helpers/app.ts';
import { resetDatabase, testDatabase } from '../helpers/db.ts';
import { type RecordingMessenger, recordOn } from '../helpers/recording.ts';

const ZONE = 'America/Los_Angeles';
const config = {
  locale: 'en',
  timezone: 'Asia/Shanghai',
  intake: [{ channel: 'support', team: 'support' }],
  teams: {
    support: {
      channel: 'support-team',
      managers: ['boss', 'chef'],
      members: [{ id: 'chef', locale: 'zh-CN' }],
      timezone: ZONE,
    },
    quiet: {},
  },
  digests: { monthly: false, weekly: false, to: ['channel', 'managers'], charts: false },
  tickets: { csatAfter: false },
};

/** Tuesday 2026-03-10, 09:00 in Los Angeles (PDT, UTC-7). */
const SLOT = Date.parse('2026-03-10T09:00:00-07:00');

let database: Database;
let app: App;
let chat: RecordingMessenger;
const clock = new ManualClock(SLOT - 3 * 86_400_000);

beforeAll(async () => {
  database = await testDatabase();
  app = await createTestApp(database, { config, clock });
  chat = recordOn(app, 'console');
});
afterAll(async () => {
  await app.stop();
  await database.close();
});
beforeEach(async () => {
  await resetDatabase(database);
  chat.calls.length = 0;
});

async function open(at: string, title: string): Promise<void> {
  clock.set(Date.parse(at));
  const ws = await app.runtime.workspaces.resolve('console', 'local');
  await app.services.tickets.open({
    workspaceId: ws.id,
    title,
    priority: 'P2',
    reporterId: 'rep',
    source: 'command',
    team: 'support',
  });
}

describe('scheduled digests', () => {
  it('one cron job per team and enabled kind, in the team’s zone, with a day of catch-up', () => {
    const jobs = app.cron.jobs.filter((j) => j.name.startsWith('digests.'));
    expect(jobs.map((j) => [j.name, j.cron, j.timezone])).toEqual([
      ['digests.daily:support', '0 9 * * *', ZONE],
      ['digests.daily:quiet', '0 9 * * *', 'Asia/Shanghai'],
    ]);
    expect(jobs.every((j) => j.catchUpMs === 24 * 3_600_000)).toBe(true);
  });

  it('the daily slot reports yesterday in the team’s zone, to the channel and each manager in their language', async () => {
    await open('2026-03-08T23:59:59-07:00', 'Sunday night, the day before'); // not yesterday
    await open('2026-03-09T00:00:00-07:00', 'Monday, first second');
    await open('2026-03-09T23:59:59-07:00', 'Monday, last second');
    await open('2026-03-10T00:00:00-07:00', 'Tuesday, first second'); // today: not in it
    await app.scheduler.runStartHooks();
    clock.set(SLOT);
    await app.tick();
    const posts = chat.of('post').filter((c) => c.message.card?.key?.startsWith('digest:'));
    const dms = chat.of('direct').filter((c) => c.message.card?.key?.startsWith('digest:'));
    expect(posts.map((c) => c.to.channelId)).toEqual(['support-team']);
    expect(dms.map((c) => c.userId).sort()).toEqual(['boss', 'chef']);
    const channel = plainText(posts[0]?.message.text ?? '');
    expect(channel).toBe(
      '📊 Daily digest · support, 2026-03-09 (America/Los_Angeles): 2 new, 0 resolved, 3 open at the end.',
    );
    expect(plainText(dms.find((c) => c.userId === 'boss')?.message.text ?? '')).toBe(channel);
    expect(plainText(dms.find((c) => c.userId === 'chef')?.message.text ?? '')).toBe(
      '📊 support 团队日报，2026-03-09（America/Los_Angeles）：新建 2，解决 0，期末未关闭 3。',
    );
    // The team without a channel or managers got nothing.
    expect(chat.calls.filter((c) => JSON.stringify(c).includes('quiet'))).toEqual([]);
  });
});
