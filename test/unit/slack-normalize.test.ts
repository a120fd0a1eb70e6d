import { describe, expect, it } from 'vitest';
import { deliveryKey } from '../../src/platforms/slack/durable.ts';
import {
  actionEvent,
  commandEvent,
  decodeSlackText,
  messageEvent,
  parseCommandText,
  reactionEvent,
  stableId,
  teamOf,
} from '../../src/platforms/slack/normalize.ts';

const bot = { userId: 'U0BOT', botId: 'B0BOT' };
const envelope = (event: Record<string, unknown>) => ({ team_id: 'T1', event_id: 'Ev1', event });

describe('slack text decoding', () => {
  it('keeps user mentions in the neutral <@ID> form and makes the rest literal', () => {
    expect(decodeSlackText('hi <@U1|ann> in <#C1|general>: <!here> <!subteam^S1|@ops> <!date^1|x>')).toBe(
      'hi <@U1> in #general: @here @ops @date',
    );
    expect(decodeSlackText('<https://a.example/x|docs> <https://b.example> a &amp; b &lt;c&gt;')).toBe(
      'docs (https://a.example/x) https://b.example a & b <c>',
    );
  });

  it('parses command text with or without slash', () => {
    expect(parseCommandText('/ticket list mine')).toEqual({ command: 'ticket', text: 'list mine' });
    expect(parseCommandText('工单 新建 P1 打不开')).toEqual({ command: '工单', text: '新建 P1 打不开' });
    expect(parseCommandText('  ')).toBeNull();
  });
});

describe('slack event normalization', () => {
  it('slash commands: command without slash, decoded text, stable id from trigger_id', () => {
    const body = {
      command: '/ticket',
      text: 'assign 4 <@U9|bob>',
      user_id: 'U1',
      channel_id: 'C1',
      team_id: 'T1',
      trigger_id: 'tr1',
    };
    expect(commandEvent(body)).toMatchObject({
      kind: 'command',
      eventId: 'command:tr1',
      command: 'ticket',
      text: 'assign 4 <@U9>',
      workspaceId: 'T1',
      channelId: 'C1',
      user: { id: 'U1' },
    });
    const noTrigger = { ...body, trigger_id: undefined };
    expect(commandEvent(noTrigger).eventId).toBe(commandEvent({ ...noTrigger }).eventId);
  });

  it('messages: top level, thread reply, to the bot, and the bot’s own (ignored)', () => {
    const base = { type: 'message', channel: 'C1', user: 'U1', ts: '2.0', text: 'help &amp; me' };
    expect(messageEvent(envelope(base), bot)).toMatchObject({
      kind: 'message',
      messageId: '2.0',
      text: 'help & me',
    });
    expect(messageEvent(envelope({ ...base, ts: '2.1', thread_ts: '2.0' }), bot)).toMatchObject({
      kind: 'thread_reply',
      messageId: '2.1',
      threadId: '2.0',
    });
    expect(messageEvent(envelope({ ...base, text: '<@U0BOT> /ticket show 4' }), bot)).toMatchObject({
      kind: 'command',
      command: 'ticket',
      text: 'show 4',
    });
    expect(messageEvent(envelope({ ...base, channel_type: 'im', text: 'ticket list' }), bot)).toMatchObject({
      kind: 'command',
      command: 'ticket',
    });
    expect(messageEvent(envelope({ ...base, user: 'U0BOT' }), bot)).toBeNull();
    expect(messageEvent(envelope({ ...base, bot_id: 'B0BOT' }), bot)).toBeNull();
    expect(messageEvent(envelope({ ...base, subtype: 'channel_join' }), bot)).toBeNull();
  });

  it('edits and deletions; unfurl re-sends and the bot’s card edits are ignored', () => {
    const changed = (text: string, previous: string, user = 'U1') =>
      envelope({
        type: 'message',
        subtype: 'message_changed',
        channel: 'C1',
        message: { user, text, ts: '3.0', thread_ts: '2.0' },
        previous_message: { user, text: previous, ts: '3.0' },
      });
    expect(messageEvent(changed('new', 'old'), bot)).toMatchObject({
      kind: 'message_changed',
      messageId: '3.0',
      threadId: '2.0',
      text: 'new',
    });
    expect(messageEvent(changed('same', 'same'), bot)).toBeNull();
    expect(messageEvent(changed('card', 'old', 'U0BOT'), bot)).toBeNull();
    const deleted = envelope({
      type: 'message',
      subtype: 'message_deleted',
      channel: 'C1',
      deleted_ts: '3.0',
      previous_message: { user: 'U1', text: 'x', ts: '3.0' },
    });
    expect(messageEvent(deleted, bot)).toMatchObject({
      kind: 'message_changed',
      messageId: '3.0',
      text: null,
    });
  });

  it('reactions carry the fetched text and author; non-message items are ignored', () => {
    const ev = envelope({
      type: 'reaction_added',
      user: 'U2',
      reaction: 'ticket::skin-tone-3',
      item_user: 'U3',
      item: { type: 'message', channel: 'C1', ts: '4.1' },
    });
    expect(reactionEvent(ev, { text: 'a &lt;b&gt;', user: 'U4', threadTs: '4.0' })).toMatchObject({
      kind: 'reaction',
      emoji: 'ticket',
      text: 'a <b>',
      author: { id: 'U4' },
      threadId: '4.0',
      messageId: '4.1',
    });
    expect(reactionEvent(ev, null)).toMatchObject({ author: { id: 'U3' }, text: undefined });
    expect(
      reactionEvent(envelope({ type: 'reaction_added', item: { type: 'file', file: 'F1' } }), null),
    ).toBeNull();
  });

  it('block actions: neutral action id, value or selected option, card message ref', () => {
    const body = {
      type: 'block_actions',
      trigger_id: 'tr9',
      user: { id: 'U5' },
      team: { id: 'T1' },
      container: { type: 'message', message_ts: '5.0', channel_id: 'C1', thread_ts: '4.0' },
    };
    expect(actionEvent(body, { action_id: 'ticket.ack~2', value: '4' })).toMatchObject({
      eventId: 'action:tr9',
      actionId: 'ticket.ack',
      value: '4',
      message: { channelId: 'C1', messageId: '5.0', threadId: '4.0' },
    });
    expect(
      actionEvent(body, { action_id: 'ticket.priority', selected_option: { value: '4:P0' } }).value,
    ).toBe('4:P0');
    expect(teamOf({ authorizations: [{ team_id: 'T7' }], team_id: 'T1' })).toBe('T7');
    expect(stableId('x', { a: 1 })).toBe(stableId('x', { a: 1 }));
    expect(stableId('x', { a: 1 })).not.toBe(stableId('x', { a: 2 }));
  });
});

describe('slack delivery keys (durable acks)', () => {
  it('keys an Events API delivery by event_id, so its retries share the key', () => {
    const first = { type: 'event_callback', event_id: 'Ev01', event_time: 1, event: { type: 'message' } };
    const retry = { ...first, event_time: 2 };
    expect(deliveryKey(first)).toBe('event:Ev01');
    expect(deliveryKey(retry)).toBe(deliveryKey(first));
  });

  it('keys commands and interactions by their trigger, anything else by a digest of the body', () => {
    expect(deliveryKey({ command: '/ticket', text: 'list', trigger_id: '123.456.abc' })).toBe(
      'trigger:123.456.abc',
    );
    const a = deliveryKey({ type: 'block_actions', actions: [{ action_id: 'x' }] });
    expect(a).toMatch(/^body:[0-9a-f]{40}$/);
    expect(deliveryKey({ type: 'block_actions', actions: [{ action_id: 'x' }] })).toBe(a);
    expect(deliveryKey({ type: 'block_actions', actions: [{ action_id: 'y' }] })).not.toBe(a);
  });
});
