/**
 * A chat API that fails every call for 60 s loses no team-channel message of any kind: the
 * override announcement, the rotation handoff, the SLA breach notice, the override's end and the
 * new ticket's card all wait in the outbox, are retried with backoff, and go out once each when
 * the API is back. The chat API is the recording messenger at the edge; everything else is real.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { plainText } from '../../src/core/message.ts';
import { createTestApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { recordOn, submit } from '../helpers/recording.ts';

const T0 = Date.parse('2026-03-04T11:59:30Z'); // a Wednesday; the L1 handoff is at 12:00 UTC
const S = 1000;

const config = {
  locale: 'en',
  timezone: 'UTC',
  admins: ['admin'],
  intake: [{ channel: 'support', team: 'support' }],
  priorities: { P1: { firstResponse: '1m', resolve: '4h', escalateAfter: '1h', calendar: '24x7' } },
  teams: {
    support: {
      channel: 'support-team',
      platform: 'slack',
      managers: ['boss'],
      tiers: [
        {
          name: 'L1',
          rotation: { members: ['ann', 'bob'], every: '1w', handoff: 'wed 12:00', start: '2026-01-07' },
        },
        { name: 'L2', rotation: { members: ['cat'] } },
      ],
    },
  },
};

const database = await testDatabase();
afterAll(() => database.close());

describe('a chat API down for 60 s', () => {
  it('loses no team-channel message, and sends none twice', async () => {
    const clock = new ManualClock(T0 - 45 * S);
    const app = await createTestApp(database, { config, clock });
    const chat = recordOn(app, 'slack');
    await app.scheduler.runStartHooks();
    const command = (user: string, name: string, text: string, channelId = 'support') =>
      submit(app, {
        kind: 'command',
        eventId: randomUUID(),
        platform: 'slack',
        workspaceId: 'T1',
        channelId,
        user: { id: user },
        command: name,
        text,
      });
    // A P1 ticket whose first response is due 15 s into the outage.
    await command('rep', 'ticket', 'new P1 checkout fails');
    clock.set(T0);
    chat.outage = () => (clock.now().getTime() < T0 + 60 * S ? new Error('503 service_unavailable') : null);
    chat.calls.length = 0;
    const sentAt: number[] = [];
    const post = chat.post.bind(chat);
    chat.post = async (to, message) => {
      const ref = await post(to, message);
      sentAt.push(clock.now().getTime());
      return ref;
    };

    await command('admin', 'oncall', 'override support L2 @dan 50s', 'ops');
    for (let t = T0; t <= T0 + 10 * 60 * S; t += 2 * S) {
      clock.set(t);
      await app.tick();
    }
    const team = chat
      .of('post')
      .filter((c) => c.to.channelId === 'support-team')
      .map((c) => plainText(c.message.text) || c.message.card?.title || '');
    expect(team).toEqual([
      '👤 @dan covers L2 of team support until 2026-03-04 12:00 (set by @admin).',
      '🔴 SLA breach: #1 P1 · checkout fails — first response was due 2026-03-04 11:59 (tier L1, assignee unassigned).',
      '🔄 L1 on-call handoff for team support: @bob → @ann, until 2026-03-11 12:00.',
      '👤 Override ended: @cat is on call for L2 of team support again.',
    ]);
    // Every one of them was tried while the API was down, and went out only after.
    expect(chat.failedAttempts).toBeGreaterThanOrEqual(team.length);
    expect(sentAt.every((at) => at >= T0 + 60 * S)).toBe(true);
    // Nothing is left to send, nothing was given up.
    const rows = await database.db.query.outbox.findMany();
    expect(rows.filter((r) => r.status !== 'sent').map((r) => [r.op, r.status, r.lastError])).toEqual([]);
    await app.stop();
  });
});
