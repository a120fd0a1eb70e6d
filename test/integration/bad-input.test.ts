import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { plainText } from '../../src/core/message.ts';
import { createTestApp } from '../helpers/app.ts';
import { consoleSession } from '../helpers/console.ts';
import { resetDatabase, testDatabase } from '../helpers/db.ts';
import { recordOn, submit } from '../helpers/recording.ts';

let database: Database;
let app: App;

beforeAll(async () => {
  database = await testDatabase();
  // The console workspace ("local") speaks Chinese by default; workspace "EN" is set to English.
  app = await createTestApp(database, { config: { workspaces: { EN: { locale: 'en' } } } });
});
afterAll(async () => {
  await app.stop();
  await database.close();
});
beforeEach(() => resetDatabase(database));

async function counts() {
  const all = await app.runtime.workspaces.resolve('console', 'local');
  const list = await app.services.tickets.list(all.id, 'all', 'x', 1000);
  let events = 0;
  for (const t of list) events += (await app.services.tickets.events(t.id)).length;
  return { tickets: list.length, events, states: list.map((t) => `${t.number}:${t.status}:${t.priority}`) };
}

const CASES: [string, RegExp, RegExp][] = [
  ['/ticket new P9 x', /“P9”不是有效优先级/, /"P9" is not a priority/],
  ['/ticket show 99999', /工单 #99999 不存在/, /Ticket #99999 does not exist/],
  ['/ticket show 99999999999', /不是工单号/, /is not a ticket id/],
  [
    `/ticket new ${'长'.repeat(10_000)}`,
    /标题过长（10000 个字符，最多 200 个）/,
    /title is too long \(10000 characters, at most 200\)/,
  ],
  ['/ticket frobnicate 1', /未知的子命令“frobnicate”/, /Unknown subcommand "frobnicate"/],
  ['/ticket status 1 closed', /不是可设置的状态/, /is not a status you can set/],
  [
    '/ticket status 1 pending',
    /工单 #1 不能从 已解决 变为 待反馈（等待提交人）/,
    /Ticket #1 cannot go from resolved to pending \(waiting on reporter\)/,
  ],
  ['/ticket ack 1', /工单 #1 不能从 已解决 变为 已确认/, /cannot go from resolved to acknowledged/],
  ['/ticket reopen 2', /工单 #2 尚未解决（当前状态：新建）/, /Ticket #2 is still open \(new\)/],
  ['/ticket assign 2', /请 @ 要指派的成员/, /Whom to assign\?/],
  ['/ticket priority 2 high', /“high”不是有效优先级/, /"high" is not a priority/],
  ['/ticket list someday', /“someday”不是有效列表/, /"someday" is not a list/],
  ['/ticket comment 2', /内容为空/, /The text is empty/],
  ['/tikcet list', /未知命令“tikcet”/, /Unknown command "tikcet"/],
];

describe('bad input is answered clearly, with usage, in the workspace language, and changes nothing', () => {
  it('in Chinese (default) through the console', async () => {
    const s = consoleSession(app, { user: 'ann', locale: 'zh-CN' });
    await s.say('/ticket new P2 已解决的问题', '/ticket resolve 1', '/ticket new P3 打开的问题');
    const before = await counts();
    for (const [line, zh] of CASES) {
      const out = await s.say(line);
      expect(out, line).toMatch(zh);
      if (!line.startsWith('/tikcet')) expect(out, line).toContain('用法：');
      expect(out, line).not.toMatch(/at .*\.ts:\d+|Error:/);
    }
    expect(await counts()).toEqual(before);
  });

  it('in English for a workspace configured so', async () => {
    const slack = recordOn(app, 'slack');
    const send = (text: string) => {
      const [, command = '', rest = ''] = /^\/(\S+)\s*([\s\S]*)$/.exec(text) ?? [];
      return submit(app, {
        kind: 'command',
        eventId: randomUUID(),
        platform: 'slack',
        workspaceId: 'EN',
        channelId: 'C1',
        user: { id: 'U1' },
        command,
        text: rest,
      });
    };
    await send('/ticket new P2 resolved one');
    await send('/ticket resolve 1');
    await send('/ticket new P3 open one');
    slack.calls.length = 0;
    for (const [line, , en] of CASES) {
      const n = slack.of('respond').length;
      await send(line);
      const replies = slack.of('respond');
      expect(replies.length, line).toBe(n + 1);
      const text = plainText(replies[n]?.reply.message.text ?? '');
      expect(text, line).toMatch(en);
      expect(replies[n]?.reply.visibility).toBe('ephemeral');
      if (!line.startsWith('/tikcet')) expect(text, line).toContain('Usage:');
    }
  });
});
