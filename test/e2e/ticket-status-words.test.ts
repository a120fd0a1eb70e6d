/**
 * A status word may lead the command: `/ticket pending 4` is `/ticket status 4 pending`, and
 * `/工单 处理中 4` is `/工单 状态 4 处理中`, through the console on a real database.
 */
import { describe, expect, it } from 'vitest';
import { consoleSession, useConsoleApp } from '../helpers/console.ts';

const { app, s } = useConsoleApp({
  config: { locale: 'en' },
  start: Date.parse('2026-03-02T02:00:00Z'),
  user: 'ann',
  channel: 'support',
});

const workspace = () => app.runtime.workspaces.resolve('console', 'local');

async function statusOf(number: number): Promise<string | undefined> {
  return (await app.services.tickets.get((await workspace()).id, number)).ticket.status;
}

describe('a status word first', () => {
  it('sets that status, in either language, and without an id asks for one with the status usage', async () => {
    await s.say('/ticket new P2 The printer jams');
    expect(await s.say('/ticket pending 1')).toContain('#1 is now pending (waiting on reporter).');
    expect(await statusOf(1)).toBe('pending');
    expect(await s.say('/ticket in-progress 1')).toContain('#1 is now in progress.');
    expect(await statusOf(1)).toBe('in_progress');
    const zh = consoleSession(app, { user: 'ann', channel: 'support', locale: 'zh-CN' });
    await app.runtime.workspaces.setLocale(await workspace(), 'zh-CN');
    expect(await zh.say('/工单 待反馈 1')).toContain('#1 状态已变更为 待反馈（等待提交人）。');
    expect(await statusOf(1)).toBe('pending');
    const missing = await zh.say('/工单 待反馈');
    expect(missing).toContain('/工单 状态|status <编号> 处理中|待反馈');
    expect(await statusOf(1)).toBe('pending');
  });
});
