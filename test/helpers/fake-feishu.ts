/**
 * A local stand-in for the Feishu open platform (127.0.0.1, port 0): tenant tokens, bot info,
 * message send / reply / patch / edit / get, 加急, ephemeral cards, image uploads (multipart) and
 * the long-connection endpoint. It records every call and can be told to fail the next calls (429, 5xx, codes).
 * Each fake issues its own tenant token, so a client that reuses another fake's token shows up.
 * `startFeishuApp` builds the real app around it with the platform mounted as in production.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import type { FeishuEnv } from '../../src/config.ts';
import type { Clock } from '../../src/core/clock.ts';
import {
  type FeishuOptions,
  type FeishuPlatform,
  mountFeishu,
} from '../../src/platforms/feishu/feishu.platform.ts';
import type { ModuleDefinition } from '../../src/runtime/module.ts';
import { createTestApp } from './app.ts';
import { resetDatabase, testDatabase } from './db.ts';
import { APP_ID, ENCRYPT_KEY, type PostOptions, postEvent, VERIFICATION_TOKEN } from './feishu-sign.ts';

export const BOT_OPEN_ID = 'ou_bot_sopbot';

export interface FakeCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  auth: string | undefined;
  /** The id the fake gave a message it stored (sends and replies). */
  messageId?: string;
}

export interface Failure {
  status: number;
  code?: number;
  resetSeconds?: number;
}

interface StoredMessage {
  message_id: string;
  chat_id: string;
  root_id?: string;
  msg_type: string;
  body: { content: string };
  sender: { id: string; id_type: string; sender_type: string };
  mentions?: { key: string; id: string; id_type: string; name: string }[];
}

export interface FakeFeishu {
  url: string;
  token: string;
  calls: FakeCall[];
  /** Images uploaded (POST im/v1/images), with their bytes, in order. */
  images: FakeImage[];
  /** Calls whose `METHOD path` matches. */
  callsTo(pattern: RegExp): FakeCall[];
  /** A user message GET im/v1/messages/:id can return (for reactions). */
  addMessage(m: { messageId: string; chatId: string; senderId: string; text: string; rootId?: string }): void;
  /** The next calls matching `pattern` fail with these answers, in order. */
  failNext(pattern: RegExp, ...failures: Failure[]): void;
  /** Holds the answers to calls matching `pattern` until the returned function is called. */
  hold(pattern: RegExp): () => void;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/** An image POST im/v1/images received: what the multipart body held. */
export interface FakeImage {
  imageKey: string;
  imageType: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/** The file parts of a multipart body, by field name (kept beside the recorded call). */
const fileParts = new WeakMap<Record<string, unknown>, Map<string, File>>();

/**
 * JSON bodies are parsed; multipart bodies (uploads) become their text fields plus, for each
 * file, `{ name, type, size }` (the bytes themselves are kept in `fileParts`).
 */
async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) {
    const text = raw.toString('utf8');
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }
  const form = await new Request('http://fake/', {
    method: 'POST',
    headers: { 'content-type': type },
    body: raw,
  }).formData();
  const body: Record<string, unknown> = {};
  const files = new Map<string, File>();
  for (const [key, value] of form) {
    if (typeof value === 'string') body[key] = value;
    else {
      files.set(key, value);
      body[key] = { name: value.name, type: value.type, size: value.size };
    }
  }
  fileParts.set(body, files);
  return body;
}

export async function startFakeFeishu(): Promise<FakeFeishu> {
  const token = `t-${randomUUID()}`;
  const calls: FakeCall[] = [];
  const messages = new Map<string, StoredMessage>();
  const failures: { pattern: RegExp; failure: Failure }[] = [];
  const holds: { pattern: RegExp; released: Promise<void> }[] = [];
  const images: FakeImage[] = [];
  let seq = 0;

  const store = (chatId: string, msgType: string, content: string, rootId?: string) => {
    const id = `om_bot_${++seq}`;
    messages.set(id, {
      message_id: id,
      chat_id: chatId,
      root_id: rootId,
      msg_type: msgType,
      body: { content },
      sender: { id: APP_ID, id_type: 'app_id', sender_type: 'app' },
    });
    return id;
  };

  /** im/v1/images: image_type message|avatar and one file of 1 byte to 10 MB, as Feishu checks. */
  async function answerImage(call: FakeCall, res: ServerResponse) {
    const file = fileParts.get(call.body)?.get('image');
    const imageType = call.body.image_type;
    if (!file || (imageType !== 'message' && imageType !== 'avatar'))
      return json(res, 400, { code: 234001, msg: 'Invalid request param.' });
    if (file.size === 0 || file.size > 10 * 1024 * 1024)
      return json(res, 400, { code: 234006, msg: 'The file size exceed the max value.' });
    const imageKey = `img_v3_fake_${++seq}`;
    images.push({
      imageKey,
      imageType,
      filename: file.name,
      contentType: file.type,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    return json(res, 200, { code: 0, msg: 'success', data: { image_key: imageKey } });
  }

  function answer(call: FakeCall, res: ServerResponse) {
    const key = `${call.method} ${call.path}`;
    const b = call.body;
    if (key === 'POST /open-apis/auth/v3/tenant_access_token/internal') {
      const ok = b.app_id === APP_ID;
      return json(
        res,
        200,
        ok ? { code: 0, tenant_access_token: token, expire: 7200 } : { code: 10003, msg: 'bad app' },
      );
    }
    if (key === 'POST /callback/ws/endpoint')
      return json(res, 200, { code: 403, msg: 'fake: no long connection' });
    if (call.auth !== `Bearer ${token}`)
      return json(res, 401, { code: 99991663, msg: 'invalid tenant token' });
    if (key === 'GET /open-apis/bot/v3/info') {
      return json(res, 200, { code: 0, msg: 'ok', bot: { open_id: BOT_OPEN_ID, app_name: 'sopbot' } });
    }
    if (key === 'POST /open-apis/im/v1/messages') {
      const direct = call.query.receive_id_type === 'open_id';
      const chatId = direct ? `oc_dm_${b.receive_id}` : String(b.receive_id);
      const id = store(chatId, String(b.msg_type), String(b.content));
      call.messageId = id;
      return json(res, 200, { code: 0, data: { message_id: id, chat_id: chatId } });
    }
    let m = /^POST \/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(key);
    if (m?.[1]) {
      const parent = messages.get(m[1]);
      const chatId = parent?.chat_id ?? 'oc_unknown';
      const id = store(chatId, String(b.msg_type), String(b.content), parent?.root_id ?? m[1]);
      call.messageId = id;
      return json(res, 200, { code: 0, data: { message_id: id, chat_id: chatId, root_id: m[1] } });
    }
    m = /^(PATCH|PUT|GET) \/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(key);
    if (m?.[2]) {
      const stored = messages.get(m[2]);
      if (!stored) return json(res, 400, { code: 230001, msg: 'message not found' });
      if (m[1] === 'GET') return json(res, 200, { code: 0, data: { items: [stored] } });
      stored.body.content = String(b.content);
      return json(res, 200, { code: 0, data: {} });
    }
    if (/^PATCH \/open-apis\/im\/v1\/messages\/[^/]+\/urgent_(app|sms|phone)$/.test(key)) {
      return json(res, 200, { code: 0, data: { invalid_user_id_list: [] } });
    }
    if (key === 'POST /open-apis/im/v1/images') return answerImage(call, res);
    if (key === 'POST /open-apis/ephemeral/v1/send') {
      return json(res, 200, { code: 0, data: { message_id: `om_eph_${++seq}` } });
    }
    json(res, 404, { code: 404, msg: `fake: no route ${key}` });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    bodyOf(req)
      .then((body) => {
        const call: FakeCall = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          body,
          auth: req.headers.authorization,
        };
        calls.push(call);
        const held = holds.filter((x) => x.pattern.test(`${call.method} ${call.path}`));
        return Promise.all(held.map((x) => x.released)).then(() => call);
      })
      .then((call) => {
        const i = failures.findIndex((f) => f.pattern.test(`${call.method} ${call.path}`));
        const failure = i >= 0 ? failures.splice(i, 1)[0]?.failure : undefined;
        if (failure) {
          const headers: Record<string, string> = failure.resetSeconds
            ? { 'x-ogw-ratelimit-reset': String(failure.resetSeconds) }
            : {};
          return json(
            res,
            failure.status,
            { code: failure.code ?? failure.status, msg: 'fake failure' },
            headers,
          );
        }
        return answer(call, res);
      })
      .catch(() => json(res, 400, { code: 400, msg: 'bad body' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    calls,
    images,
    callsTo: (pattern) => calls.filter((c) => pattern.test(`${c.method} ${c.path}`)),
    addMessage(x) {
      messages.set(x.messageId, {
        message_id: x.messageId,
        chat_id: x.chatId,
        root_id: x.rootId,
        msg_type: 'text',
        body: { content: JSON.stringify({ text: x.text }) },
        sender: { id: x.senderId, id_type: 'open_id', sender_type: 'user' },
      });
    },
    failNext(pattern, ...list) {
      for (const failure of list) failures.push({ pattern, failure });
    },
    hold(pattern) {
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const entry = { pattern, released };
      holds.push(entry);
      return () => {
        holds.splice(holds.indexOf(entry), 1);
        release();
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface FeishuHarness {
  app: App;
  fake: FakeFeishu;
  platform: FeishuPlatform;
  env: FeishuEnv;
  url: string;
  /** Posts a delivery (encrypted and signed unless told otherwise) and returns the answer. */
  send(payload: object, opts?: PostOptions): ReturnType<typeof postEvent>;
  /** Waits until every event received so far has been handled. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** The real app and HTTP server with Feishu mounted against a fresh fake open platform. */
export async function startFeishuApp(
  database: Database,
  opts: {
    config?: Record<string, unknown>;
    env?: Partial<FeishuEnv>;
    options?: FeishuOptions;
    modules?: readonly ModuleDefinition[];
    clock?: Clock;
  } = {},
): Promise<FeishuHarness> {
  const fake = await startFakeFeishu();
  const env: FeishuEnv = {
    appId: APP_ID,
    appSecret: 'test-app-secret',
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
    domain: fake.url,
    mode: 'http',
    ...opts.env,
  };
  const app = await createTestApp(database, {
    config: opts.config,
    env: { feishu: env },
    modules: opts.modules,
    clock: opts.clock,
  });
  const platform = mountFeishu(app, { retry: { baseMs: 1, maxMs: 5 }, rateIntervalMs: 0, ...opts.options });
  app.messengers.set('feishu', platform.messenger);
  const port = await app.http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    fake,
    platform,
    env,
    url,
    send: (payload, postOpts) => postEvent(url, payload, postOpts),
    settle: () => platform.idle(),
    async stop() {
      await platform.stop();
      await app.stop();
      await fake.close();
    },
  };
}

/** The parsed `content` of a recorded send / reply / patch. */
export function contentOf(call: FakeCall | undefined): Record<string, unknown> {
  const raw = call?.body.content;
  return typeof raw === 'string' ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

/**
 * The per-file fixture the Feishu e2e tests share: one database and one harness for the file,
 * a clean database and an empty call log before each test. Returns a stand-in that forwards to
 * the harness once `beforeAll` has built it.
 */
export function useFeishuApp(opts: Parameters<typeof startFeishuApp>[1] = {}): FeishuHarness {
  let current: FeishuHarness | undefined;
  let database: Database | undefined;
  beforeAll(async () => {
    database = await testDatabase();
    current = await startFeishuApp(database, opts);
  });
  afterAll(async () => {
    await current?.stop();
    await database?.close();
  });
  beforeEach(async () => {
    if (!current || !database) throw new Error('Feishu fixture not started');
    await current.settle();
    await resetDatabase(database);
    current.fake.calls.length = 0;
  });
  return new Proxy({} as FeishuHarness, {
    get(_target, key) {
      if (!current) throw new Error('Feishu fixture used before beforeAll');
      return current[key as keyof FeishuHarness];
    },
  });
}
