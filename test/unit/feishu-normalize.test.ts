import { describe, expect, it } from 'vitest';
import {
  feishuEmojiFor,
  isTicketEmoji,
  messageText,
  normalizeCardAction,
  normalizeMessage,
  resolveMentions,
} from '../../src/platforms/feishu/normalize.ts';

const BOT = 'ou_bot';
const bot = { key: '@_user_1', id: { open_id: BOT }, name: 'sopbot' };
const bob = { key: '@_user_2', id: { open_id: 'ou_bob' }, name: 'Bob' };

/** A receive_v1 payload as the SDK's EventDispatcher hands it over (header and event merged). */
function flat(message: Record<string, unknown>, sender = 'ou_ann') {
  return {
    event_id: 'ev1',
    event_type: 'im.message.receive_v1',
    tenant_key: 't1',
    sender: { sender_id: { open_id: sender }, sender_type: 'user', tenant_key: 't1' },
    message: { message_id: 'om_1', chat_id: 'oc_1', chat_type: 'group', message_type: 'text', ...message },
  };
}
const text = (t: string) => JSON.stringify({ text: t });

describe('normalizeMessage', () => {
  it('an @mention of the bot is a command; the bot mention goes, other people become <@id>', () => {
    const n = normalizeMessage(
      flat({ content: text('@_user_1 工单 assign #1 @_user_2'), mentions: [bot, bob] }),
      BOT,
    );
    expect(n).toMatchObject({
      kind: 'event',
      event: {
        kind: 'command',
        command: '工单',
        text: 'assign #1 <@ou_bob>',
        workspaceId: 't1',
        channelId: 'oc_1',
      },
    });
  });

  it('in a direct chat everything is a command, slash or not', () => {
    const n = normalizeMessage(flat({ chat_type: 'p2p', content: text('／ticket list mine') }), BOT);
    expect(n).toMatchObject({
      kind: 'event',
      event: { kind: 'command', command: 'ticket', text: 'list mine' },
    });
  });

  it('a group message is intake, a reply (root_id) is a thread reply; mentions read as @name', () => {
    expect(
      normalizeMessage(flat({ content: text('问 @_user_2 @_all'), mentions: [bob] }), BOT),
    ).toMatchObject({
      event: { kind: 'message', messageId: 'om_1', text: '问 @Bob @all' },
    });
    expect(
      normalizeMessage(flat({ content: text('ok'), root_id: 'om_root', thread_id: 'omt_1' }), BOT),
    ).toMatchObject({
      event: { kind: 'thread_reply', threadId: 'om_root' },
    });
  });

  it('a topic root (thread_id without root_id) is a top-level message', () => {
    expect(normalizeMessage(flat({ content: text('新话题'), thread_id: 'omt_2' }), BOT)).toMatchObject({
      event: { kind: 'message' },
    });
  });

  it('ignores apps and the bot itself; hints for empty mentions and non-text messages to the bot', () => {
    const fromBot = normalizeMessage(flat({ content: text('x') }, BOT), BOT);
    expect(fromBot.kind).toBe('ignore');
    const app = flat({ content: text('x') });
    app.sender.sender_type = 'app';
    expect(normalizeMessage(app, BOT).kind).toBe('ignore');
    expect(normalizeMessage(flat({ content: text('@_user_1  '), mentions: [bot] }), BOT)).toMatchObject({
      kind: 'hint',
      hint: 'empty',
    });
    expect(
      normalizeMessage(flat({ chat_type: 'p2p', message_type: 'image', content: '{}' }), BOT),
    ).toMatchObject({
      kind: 'hint',
      hint: 'unsupported',
    });
    expect(normalizeMessage(flat({ message_type: 'image', content: '{}' }), BOT).kind).toBe('ignore');
  });
});

describe('message text', () => {
  it('reads rich-text posts, with or without a locale wrapper', () => {
    const post = {
      title: '标题',
      content: [
        [
          { tag: 'text', text: '第一行 ' },
          { tag: 'at', user_id: '@_user_1' },
        ],
        [{ tag: 'a', text: '链接', href: 'https://x' }],
      ],
    };
    expect(messageText('post', JSON.stringify(post))).toBe('标题\n第一行 @_user_1\n链接');
    expect(messageText('post', JSON.stringify({ zh_cn: post }))).toBe('标题\n第一行 @_user_1\n链接');
    expect(messageText('sticker', '{}')).toBeNull();
  });

  it('resolves mention keys from GET message (string ids) too', () => {
    expect(resolveMentions('@_user_1 hi', [{ key: '@_user_1', id: 'ou_9', name: 'Nine' }], 'command')).toBe(
      '<@ou_9> hi',
    );
  });
});

describe('normalizeCardAction', () => {
  const base = {
    event_id: 'ev_c',
    tenant_key: 't1',
    operator: { open_id: 'ou_a' },
    context: { open_chat_id: 'oc_1', open_message_id: 'om_card' },
  };
  it('reads button values, select options and the form note', () => {
    expect(
      normalizeCardAction({ ...base, action: { value: { actionId: 'ticket.take', value: '4' } } }),
    ).toMatchObject({
      event: {
        kind: 'action',
        actionId: 'ticket.take',
        value: '4',
        message: { channelId: 'oc_1', messageId: 'om_card' },
      },
    });
    expect(
      normalizeCardAction({ ...base, action: { value: { actionId: 'ticket.priority' }, option: '4:P0' } }),
    ).toMatchObject({
      event: { value: '4:P0' },
    });
    const form = { value: { actionId: 'ticket.resolve', value: '4' }, form_value: { note: ' 修好了 ' } };
    expect(normalizeCardAction({ ...base, action: form })).toMatchObject({ event: { input: '修好了' } });
  });
  it('ignores clicks on anything that is not a sopbot button', () => {
    expect(normalizeCardAction({ ...base, action: { value: { foo: 1 } } }).kind).toBe('ignore');
  });
});

describe('the ticket emoji', () => {
  it('maps `ticket` to 📌 Pin and passes Feishu emoji types through', () => {
    expect(feishuEmojiFor('ticket')).toBe('Pin');
    expect(feishuEmojiFor('OnIt')).toBe('OnIt');
    expect(isTicketEmoji('Pin', 'ticket')).toBe(true);
    expect(isTicketEmoji('THUMBSUP', 'ticket')).toBe(false);
    expect(isTicketEmoji('OnIt', 'onit')).toBe(true);
    expect(isTicketEmoji(undefined, 'ticket')).toBe(false);
  });
});
