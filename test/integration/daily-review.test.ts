/**
 * The weekly review (卡若五步法) and the monthly KPI board on a real database: on Friday 17:00 the
 * team channel gets the week's numbers (KPI totals against the weekly target, reports filed vs
 * expected, blockers, tickets resolved and SLA compliance) and a button; the form it opens is
 * pre-filled; the submitted review is posted (edited in place when submitted again) and kept; its
 * 执行 items come back the next week to check off. On the 1st the board shows last month's KPIs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { plainText } from '../../src/core/message.ts';
import { LAST_ACTIONS_KEY } from '../../src/domain/daily/index.ts';
import { createTestApp } from '../helpers/app.ts';
import { dailyConfig } from '../helpers/daily-config.ts';
import { testDatabase } from '../helpers/db.ts';
import { type RecordingMessenger, recordOn, submit } from '../helpers/recording.ts';

const config = {
  ...dailyConfig({ channel: 'team-room', members: ['ann', 'bob'] }),
  priorities: { P2: { firstResponse: '2h', resolve: '24h', escalateAfter: '4h', calendar: '24x7' } },
};
const clock = new ManualClock('2026-03-02T08:00:00Z');
let database: Database;
let app: App;
let chat: RecordingMessenger;
let seq = 0;

beforeAll(async () => {
  database = await testDatabase();
  app = await createTestApp(database, { config, clock });
  chat = recordOn(app, 'console');
  await app.scheduler.runStartHooks();
});
afterAll(async () => {
  await app.stop();
  await database.close();
});

const base = (user: string) => ({
  eventId: `ev${++seq}`,
  platform: 'console' as const,
  workspaceId: 'local',
  channelId: 'team-room',
  user: { id: user },
});

async function at(iso: string): Promise<void> {
  clock.set(iso);
  await app.tick();
}

const postsIn = (channel: string) => chat.of('post').filter((p) => p.to.channelId === channel);
const cardText = (m: { text: unknown; card?: unknown } | undefined) => JSON.stringify(m);

async function file(member: string, day: string, values: Record<string, string | number>) {
  const team = app.services.teams.get('support');
  if (!team) throw new Error('no team');
  await app.services.daily.file({ team, memberId: member, day, values, platform: 'console' });
}

describe('weekly review and monthly board', () => {
  it('announces the week, pre-fills the form, posts and keeps the review, brings its actions back', async () => {
    await file('ann', '2026-03-02', { plan: 'calls', calls: 120 });
    await file('bob', '2026-03-02', { plan: 'calls', calls: 100 });
    await file('ann', '2026-03-03', { plan: 'calls', issues: 'CRM is slow', calls: 90 });
    const [blocker] = await app.runtime.repos.daily.openBlockersOf('support', 'ann');
    await app.services.daily.resolveBlocker(blocker?.id ?? 0, 'boss');
    const ws = await app.runtime.workspaces.resolve('console', 'local');
    const { ticket } = await app.services.tickets.open({
      workspaceId: ws.id,
      title: 'Export fails',
      priority: 'P2',
      reporterId: 'rep',
      source: 'intake',
      team: 'support',
      channelId: 'support',
      threadId: 't1',
    });
    clock.set('2026-03-04T10:00:00Z');
    await app.services.tickets.resolve(ws.id, ticket.number, 'ann', 'fixed');

    await at('2026-03-06T17:00:00Z');
    const announced = postsIn('team-room').find((p) => p.message.card?.title.includes('weekly review'));
    expect(announced?.message.card?.title).toBe('support weekly review (week 10)');
    const numbers = plainText(announced?.message.card?.text ?? '');
    expect(numbers).toContain('Calls: 310 calls (target ≥ 1,000 calls, 31%) ❌');
    expect(numbers).toContain('Daily reports: 3/10 filed (30%)');
    expect(numbers).toContain('Blockers: 1 opened, 1 resolved, 0 still open');
    expect(numbers).toContain('Tickets: 1 resolved, SLA compliance 100%');
    const button = announced?.message.card?.buttons?.[0];
    expect(button).toMatchObject({ actionId: 'daily.review_open', value: 'support|2026-03-02' });

    await submit(app, {
      ...base('boss'),
      kind: 'action',
      actionId: 'daily.review_open',
      value: 'support|2026-03-02',
    });
    const opened = chat.of('openForm').at(-1);
    expect(opened?.form.id).toBe('daily.review');
    const initial = Object.fromEntries((opened?.form.fields ?? []).map((f) => [f.key, f.initial]));
    expect(initial.goal).toBe('Calls: ≥ 1,000 calls');
    expect(initial.rate).toBe(31);
    expect(String(initial.process)).toContain('Daily reports: 3/10 filed (30%)');

    const values = {
      goal: 'Calls: ≥ 1,000 calls',
      result: 'Calls: 310 calls',
      rate: '31',
      process: 'Reports: 3/10',
      good: 'CRM fixed in a day',
      bad: 'Few calls',
      cause: 'Two sick days',
      summary: 'Call more, earlier',
      actions: '- Call 20 leads a day\n- [ ] Fix the test env',
    };
    const form = {
      kind: 'form_submit' as const,
      sessionId: opened?.sessionId ?? '',
      formId: 'daily.review',
      values,
    };
    await submit(app, { ...base('boss'), ...form });
    const review = postsIn('team-room').at(-1);
    expect(review?.message.card?.title).toBe('support weekly review (week 10)');
    expect(cardText(review?.message)).toContain('☐ Call 20 leads a day');
    expect(cardText(review?.message)).toContain('Two sick days');
    const kept = await app.runtime.repos.daily.review('support', '2026-03-02');
    expect(kept?.actions).toEqual(['Call 20 leads a day', 'Fix the test env']);

    const postsBefore = chat.of('post').length;
    await submit(app, { ...base('boss'), ...form, values: { ...values, summary: 'Call much more' } });
    expect(chat.of('post').length).toBe(postsBefore);
    expect(cardText(chat.of('update').at(-1)?.message)).toContain('Call much more');

    await at('2026-03-13T17:00:00Z');
    const next = postsIn('team-room').find(
      (p) => p.message.card?.title === 'support weekly review (week 11)',
    );
    expect(next?.message.card?.buttons?.[0]?.value).toBe('support|2026-03-09');
    await submit(app, {
      ...base('ann'),
      kind: 'action',
      actionId: 'daily.review_open',
      value: 'support|2026-03-09',
    });
    const last = chat
      .of('openForm')
      .at(-1)
      ?.form.fields.find((f) => f.key === LAST_ACTIONS_KEY);
    expect(last).toMatchObject({
      kind: 'multiselect',
      options: [
        { value: '0', label: 'Call 20 leads a day' },
        { value: '1', label: 'Fix the test env' },
      ],
    });
  });

  it('posts last month’s KPI board on the 1st', async () => {
    await at('2026-04-01T09:00:00Z');
    const board = postsIn('team-room').find(
      (p) => p.message.card?.title === 'support monthly KPI board · 2026-03',
    );
    const table = board?.message.card?.blocks?.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.table.rows).toEqual([
      ['Calls', '4,400 calls', '310 calls', '7%', '—'],
    ]);
  });
});
