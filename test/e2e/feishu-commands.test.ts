/**
 * Text commands on Feishu: in a direct chat (with or without the slash, Chinese aliases), and
 * with an @mention of the bot in a group (other mentions become users). Replies only the caller
 * should see go out as ephemeral cards in groups and as plain messages in direct chats. Every
 * answer is Chinese by default and English when the workspace locale is `en`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { resetDatabase, testDatabase } from '../helpers/db.ts';
import {
  BOT_OPEN_ID,
  contentOf,
  type FakeCall,
  type FeishuHarness,
  startFeishuApp,
} from '../helpers/fake-feishu.ts';
import { type MessageSpec, messageEvent, TENANT } from '../helpers/feishu-sign.ts';

let database: Database;

beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

const bot = { key: '@_user_1', openId: BOT_OPEN_ID, name: 'sopbot' };
const dm = (text: string, extra: Partial<MessageSpec> = {}) =>
  messageEvent({ chatId: 'oc_dm_ann', chatType: 'p2p', senderId: 'ou_ann', text, ...extra });
const inGroup = (text: string, extra: Partial<MessageSpec> = {}) =>
  messageEvent({ chatId: 'oc_team', chatType: 'group', senderId: 'ou_ann', text, mentions: [bot], ...extra });

/** The visible text of a post message. */
function postText(call: FakeCall | undefined): string {
  const post = contentOf(call).zh_cn as { content: { tag: string; text?: string; user_id?: string }[][] };
  return post.content.map((p) => p.map((e) => e.text ?? `@${e.user_id}`).join('')).join('\n');
}

/** Card markdown with its numeric entities decoded, as a reader sees it. */
const decode = (s: string) => s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));

/** Everything the Messenger said to chats (sends, replies, ephemeral cards), as text. */
function said(h: FeishuHarness): string {
  return h.fake
    .callsTo(/^POST \/open-apis\/(im\/v1\/messages|ephemeral)/)
    .map((c) =>
      c.body.msg_type === 'post' ? postText(c) : decode(JSON.stringify(c.body.card ?? contentOf(c))),
    )
    .join('\n');
}

describe('Feishu commands, zh-CN by default', () => {
  let h: FeishuHarness;
  beforeAll(async () => {
    h = await startFeishuApp(database);
  });
  afterAll(() => h.stop());
  beforeEach(async () => {
    await h.settle();
    await resetDatabase(database);
    h.fake.calls.length = 0;
  });

  async function run(...events: object[]) {
    for (const e of events) {
      expect((await h.send(e)).status).toBe(200);
      await h.settle();
    }
  }

  it('creates a ticket from a direct chat with /工单 and answers in Chinese', async () => {
    await run(dm('/工单 new P1 登录页报错 500'));
    const ws = await h.app.runtime.workspaces.resolve('feishu', TENANT);
    const { ticket } = await h.app.services.tickets.get(ws.id, 1);
    expect(ticket).toMatchObject({ title: '登录页报错 500', priority: 'P1', reporterId: 'ou_ann' });
    const sends = h.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages$/);
    expect(sends.map((c) => [c.query.receive_id_type, c.body.receive_id, c.body.msg_type])).toEqual([
      ['chat_id', 'oc_dm_ann', 'interactive'],
      ['chat_id', 'oc_dm_ann', 'post'],
    ]);
    const card = contentOf(sends[0]) as { header: { title: { content: string }; template: string } };
    expect(card.header).toEqual({
      template: 'orange',
      title: { tag: 'plain_text', content: '#1 · 登录页报错 500' },
    });
    expect(JSON.stringify(card)).toContain('优先级');
    expect(postText(sends[1])).toBe('已创建工单 #1：P1 · 登录页报错 500');
    expect(sends[0]?.auth).toBe(`Bearer ${h.fake.token}`);
  });

  it('runs commands without the slash and with the English name in a direct chat', async () => {
    await run(dm('工单 new 发票抬头写错了'), dm('ticket list'));
    expect(said(h)).toContain('工单（未关闭）：1 个');
  });

  it('in a group, @sopbot 工单 list answers with an ephemeral card only the caller sees', async () => {
    await run(dm('/工单 P2 报表导出很慢'), inGroup('@_user_1 工单 list'));
    const [eph] = h.fake.callsTo(/^POST \/open-apis\/ephemeral\/v1\/send$/);
    expect(eph?.body).toMatchObject({ chat_id: 'oc_team', open_id: 'ou_ann', msg_type: 'interactive' });
    const card = JSON.stringify(eph?.body.card);
    expect(card).toContain('工单（未关闭）：1 个');
    expect(card).toContain('报表导出很慢');
    expect(
      h.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages$/).filter((c) => c.body.receive_id === 'oc_team'),
    ).toEqual([]);
  });

  it('other @mentions in a command become users; the card shows real mentions', async () => {
    const bob = { key: '@_user_2', openId: 'ou_bob', name: 'Bob' };
    await run(
      inGroup('@_user_1 /工单 new P0 支付全部失败'),
      inGroup('@_user_1 /工单 assign #1 @_user_2', { mentions: [bot, bob] }),
    );
    const ws = await h.app.runtime.workspaces.resolve('feishu', TENANT);
    expect((await h.app.services.tickets.get(ws.id, 1)).ticket.assigneeId).toBe('ou_bob');
    const patch = h.fake.callsTo(/^PATCH \/open-apis\/im\/v1\/messages\/om_bot_\d+$/).at(-1);
    expect(JSON.stringify(contentOf(patch))).toContain('<at id=ou_bob></at>');
    expect(said(h)).toContain('#1 已指派给 @ou_bob。');
  });

  it('a bare mention or a picture gets a hint, not silence', async () => {
    await run(
      inGroup('@_user_1 '),
      dm('', { messageType: 'image', content: { image_key: 'img_v2_x' } }),
      inGroup('', { messageType: 'image', content: { image_key: 'img_v2_y' }, mentions: [] }),
    );
    const text = said(h);
    expect(text).toContain('你好！在群里发送「@sopbot 工单 help」');
    expect(text).toContain('目前只能识别文字消息');
    expect(h.fake.callsTo(/^POST \/open-apis\/(im\/v1\/messages|ephemeral)/)).toHaveLength(2);
  });

  it('errors and help come back in Chinese', async () => {
    await run(dm('/工单 show 99'), dm('/工单 help'), dm('你好'), dm('帮助'));
    const text = said(h);
    expect(text).toContain('工单 #99 不存在。');
    expect(text).toContain('工单 #99 不存在。\n用法：\n/工单 查看|show|view <编号>');
    expect(text).toContain('/工单 新建|new|create [P0|P1|P2|P3] <标题>');
    expect(text).toContain('/工单 状态|status <编号> 处理中|待反馈');
    expect(text).toContain('也可写作：/ticket /tickets /t');
    expect(text).toContain('未知命令“你好”');
    // "帮助" on its own: every command by its Chinese name, with what it is for.
    expect(text).toContain('sopbot 命令（输入 /<命令> help 查看各命令用法，例如 /工单 help）：');
    for (const line of [
      '/工单（/ticket）   工单：新建、列表、确认、指派、解决、升级',
      '/值班（/oncall）   值班：',
      '/服务等级（/sla）   SLA：',
      '/报表（/report）   报表：',
      '/日报（/daily）   日报：',
      '/发布（/release）   发布日与应急：',
    ])
      expect(text).toContain(line);
  });
});

describe('Feishu commands in an English workspace', () => {
  let h: FeishuHarness;
  beforeAll(async () => {
    await resetDatabase(database);
    h = await startFeishuApp(database, { config: { workspaces: { [TENANT]: { locale: 'en' } } } });
  });
  afterAll(() => h.stop());

  it('answers commands, errors and hints in English', async () => {
    for (const e of [dm('/ticket new P1 Login returns 500'), dm('/工单 show 42'), inGroup('@_user_1')]) {
      await h.send(e);
      await h.settle();
    }
    const text = said(h);
    expect(text).toContain('Ticket #1 created: P1 · Login returns 500');
    expect(text).toContain('Ticket #42 does not exist.');
    expect(text).toContain('Hi! Send \\"@sopbot ticket help\\" in a group');
    expect(text).toContain('Priority');
    expect(text).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
