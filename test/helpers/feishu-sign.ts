/**
 * Builds Feishu deliveries the way the open platform sends them: v2 event envelopes, card
 * callbacks, AES-256-CBC encryption (key sha256(encrypt key), base64 of IV ‖ ciphertext) and
 * the X-Lark-Signature headers. Written independently of src/platforms/feishu/crypto.ts, so a
 * mistake there cannot be mirrored here.
 */
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';

export const TENANT = 'tenant_test';
export const APP_ID = 'cli_0123456789abcdef';
export const ENCRYPT_KEY = 'test-encrypt-key';
export const VERIFICATION_TOKEN = 'test-verification-token';

export function encryptFor(key: string, plaintext: string): string {
  const aesKey = createHash('sha256').update(key).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', aesKey, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function signFor(timestamp: string, nonce: string, key: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + key + body)
    .digest('hex');
}

export interface PostOptions {
  /** Encrypt the payload and sign the request with this key (the default); null sends plain, unsigned. */
  encryptKey?: string | null;
  /** Seconds; default now. */
  timestamp?: number;
  nonce?: string;
  /** Overrides the computed signature. */
  signature?: string;
  /** Changes the body after signing (a tampered delivery). */
  tamper?: (body: string) => string;
}

export interface PostResult {
  status: number;
  body: Record<string, unknown>;
}

/** POSTs one delivery to /feishu/events. */
export async function postEvent(url: string, payload: object, opts: PostOptions = {}): Promise<PostResult> {
  const key = opts.encryptKey === undefined ? ENCRYPT_KEY : opts.encryptKey;
  let body = key
    ? JSON.stringify({ encrypt: encryptFor(key, JSON.stringify(payload)) })
    : JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) {
    const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = opts.nonce ?? randomUUID();
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = opts.signature ?? signFor(timestamp, nonce, key, body);
  }
  if (opts.tamper) body = opts.tamper(body);
  const res = await fetch(`${url}/feishu/events`, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed };
}

function envelope(eventType: string, event: object, eventId?: string): object {
  return {
    schema: '2.0',
    header: {
      event_id: eventId ?? `ev_${randomUUID().replace(/-/g, '')}`,
      event_type: eventType,
      create_time: String(Date.now()),
      token: VERIFICATION_TOKEN,
      app_id: APP_ID,
      tenant_key: TENANT,
    },
    event,
  };
}

export interface MentionSpec {
  key: string;
  openId: string;
  name: string;
}

export interface MessageSpec {
  eventId?: string;
  messageId?: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  senderId: string;
  senderType?: 'user' | 'app';
  text?: string;
  /** Raw content and type, for non-text messages. */
  content?: object;
  messageType?: string;
  mentions?: MentionSpec[];
  rootId?: string;
  threadId?: string;
}

/** im.message.receive_v1. */
export function messageEvent(m: MessageSpec): object {
  return envelope(
    'im.message.receive_v1',
    {
      sender: {
        sender_id: { open_id: m.senderId, union_id: `on_${m.senderId}`, user_id: 'u1' },
        sender_type: m.senderType ?? 'user',
        tenant_key: TENANT,
      },
      message: {
        message_id: m.messageId ?? `om_${randomUUID().slice(0, 12)}`,
        root_id: m.rootId,
        parent_id: m.rootId,
        thread_id: m.threadId,
        create_time: String(Date.now()),
        chat_id: m.chatId,
        chat_type: m.chatType,
        message_type: m.messageType ?? 'text',
        content: JSON.stringify(m.content ?? { text: m.text ?? '' }),
        mentions: (m.mentions ?? []).map((x) => ({
          key: x.key,
          id: { open_id: x.openId, union_id: `on_${x.openId}`, user_id: '' },
          name: x.name,
          tenant_key: TENANT,
        })),
      },
    },
    m.eventId,
  );
}

/** im.message.reaction.created_v1. */
export function reactionEvent(r: {
  eventId?: string;
  messageId: string;
  userId: string;
  emoji: string;
  operatorType?: 'user' | 'app';
}): object {
  return envelope(
    'im.message.reaction.created_v1',
    {
      message_id: r.messageId,
      reaction_type: { emoji_type: r.emoji },
      operator_type: r.operatorType ?? 'user',
      user_id: { open_id: r.userId, union_id: `on_${r.userId}`, user_id: '' },
      action_time: String(Date.now()),
    },
    r.eventId,
  );
}

/** im.message.recalled_v1. */
export function recalledEvent(r: { eventId?: string; messageId: string; chatId: string }): object {
  return envelope(
    'im.message.recalled_v1',
    {
      message_id: r.messageId,
      chat_id: r.chatId,
      recall_time: String(Date.now()),
      recall_type: 'message_owner',
    },
    r.eventId,
  );
}

/** card.action.trigger (the current card callback). */
export function cardActionEvent(c: {
  eventId?: string;
  userId: string;
  chatId: string;
  messageId: string;
  value: Record<string, unknown>;
  option?: string;
  formValue?: Record<string, unknown>;
  tag?: string;
}): object {
  return envelope(
    'card.action.trigger',
    {
      operator: { tenant_key: TENANT, user_id: 'u1', open_id: c.userId, union_id: `on_${c.userId}` },
      token: `c-${randomUUID()}`,
      action: {
        value: c.value,
        tag: c.tag ?? (c.option ? 'select_static' : 'button'),
        ...(c.option ? { option: c.option } : {}),
        ...(c.formValue ? { form_value: c.formValue, name: 'submit_1' } : {}),
      },
      host: 'im_message',
      context: { open_message_id: c.messageId, open_chat_id: c.chatId },
    },
    c.eventId,
  );
}
