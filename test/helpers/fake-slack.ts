/**
 * A local stand-in for Slack's Web API (and response_urls, and the Socket Mode WebSocket):
 * records every call with its decoded arguments, answers the methods sopbot uses, and can be
 * told to fail the next calls of a method with 429 + Retry-After, 500, or a platform error, or to
 * keep failing a share of them (`faults`, a standing fault mode for the soak tests).
 * Files follow Slack's external upload: files.getUploadURLExternal → POST the bytes to the
 * upload URL (recorded as method `upload`) → files.completeUploadExternal; files.info reports a
 * completed file unprocessed (empty mimetype) for `processingPolls` polls, and a message whose
 * image block names a file that is unknown or not yet processed is refused with invalid_blocks.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSocket } from './fake-slack-socket.ts';

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  /** The HTTP status the fake answered with. */
  status: number;
  /** The JSON the fake answered with. */
  response?: Record<string, unknown>;
  /** When the call arrived (Date.now()): latency figures of the soak tests. */
  at?: number;
  /** The id of a response_url (`/response/<id>`) the call was posted to. */
  responseId?: string;
}

export type Failure =
  | { status: 429; retryAfter: number }
  | { status: 500 }
  | { status: 503 }
  | { error: string };

/**
 * A standing fault mode (the soak tests): of the calls whose method matches, every
 * `rateLimitEvery`-th is refused with 429 + Retry-After and a random `errorRate` share of the
 * others with `status` (503), until the mode is cleared. Refused calls do nothing.
 */
export interface FaultMode {
  methods: RegExp;
  errorRate: number;
  status: 500 | 503;
  rateLimitEvery: number;
  retryAfter: number;
  /** 0..1; a seeded generator makes a run repeatable. */
  random: () => number;
}

export interface StoredMessage {
  ts: string;
  text: string;
  user: string;
  thread_ts?: string;
}

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata', 'files']);

/** A file as the fake holds it, from files.getUploadURLExternal on. */
export interface FakeFile {
  id: string;
  filename: string;
  /** The byte length announced to files.getUploadURLExternal. */
  length: number;
  altTxt?: string;
  title?: string;
  /** The bytes POSTed to the upload URL, with their content type. */
  bytes?: Buffer;
  contentType?: string;
  completed: boolean;
  /** Where files.completeUploadExternal shared it (none: private to the bot). */
  channelId?: string;
  threadTs?: string;
  /** files.info calls so far. */
  polls: number;
  processed: boolean;
}

/** What users.info answers for a member. */
export interface FakeUser {
  name?: string;
  real_name?: string;
  display_name?: string;
  tz?: string;
  locale?: string;
}

function decodeArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = JSON_FIELDS.has(k) && /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  /** Messages conversations.history / replies answer with, by `channel:ts`. */
  readonly messages = new Map<string, StoredMessage & { channel: string }>();
  readonly socket = new FakeSocket();
  readonly bot = { userId: 'U0BOT', botId: 'B0BOT' };
  private readonly failures = new Map<string, Failure[]>();
  private readonly server: Server;
  private seq = 0;
  private port = 0;
  /** Respond slower than this many ms to every call (a slow Slack). */
  delayMs = 0;
  /** Methods whose calls are recorded but never answered (a hung Slack), until released. */
  readonly holding = new Set<string>();
  /** Uploaded files by id. */
  readonly files = new Map<string, FakeFile>();
  /** How many files.info polls report a completed file unprocessed before it is processed. */
  processingPolls = 0;
  /** Members users.info knows, by id. */
  readonly users = new Map<string, FakeUser>();
  /** The standing fault mode, if any (see FaultMode). */
  faults: FaultMode | undefined;
  /** Calls the fault mode has seen (its 429 cadence counts these). */
  private faultCalls = 0;

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    this.server.on('upgrade', (req, sock) => this.socket.accept(req, sock));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The Web API base (SLACK_API_URL). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A response_url that records what is posted to it. */
  responseUrl(id = 'r1'): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** The next calls of `method` fail like this, in order. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  storeMessage(channel: string, message: StoredMessage): void {
    this.messages.set(`${channel}:${message.ts}`, { ...message, channel });
  }

  /** Calls of a method that succeeded (failed attempts stay in `calls` with their status). */
  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method && c.response?.ok === true);
  }

  attempts(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.messages.clear();
    this.files.clear();
    this.users.clear();
    this.processingPolls = 0;
    this.faults = undefined;
    this.faultCalls = 0;
  }

  async close(): Promise<void> {
    this.socket.closeAll();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private nextTs(): string {
    this.seq += 1;
    return `1700000000.${String(this.seq).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path.startsWith('/upload/')) return this.upload(req, res, path.slice('/upload/'.length), body);
    const method = path.startsWith('/response/') ? 'response_url' : path.replace(/^\/api\//, '');
    const args = decodeArgs(body.toString('utf8'), req.headers['content-type']);
    const at = Date.now();
    const responseId = method === 'response_url' ? path.slice('/response/'.length) : undefined;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.holding.has(method)) {
      this.calls.push({ method, args, status: 0, at, responseId });
      return;
    }
    const failure = this.failures.get(method)?.shift() ?? this.fault(method);
    if (failure && 'status' in failure) {
      this.calls.push({ method, args, status: failure.status, at, responseId });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.status === 429) headers['retry-after'] = String(failure.retryAfter);
      res.writeHead(failure.status, headers);
      res.end(JSON.stringify({ ok: false, error: failure.status === 429 ? 'ratelimited' : 'internal' }));
      return;
    }
    const answer = failure ? { ok: false, error: failure.error } : this.answer(method, args);
    this.calls.push({ method, args, status: 200, response: answer, at, responseId });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  }

  /** The standing fault mode's verdict on a call: a 429, a 5xx, or nothing. */
  private fault(method: string): Failure | undefined {
    const mode = this.faults;
    if (!mode?.methods.test(method)) return undefined;
    this.faultCalls += 1;
    if (mode.rateLimitEvery > 0 && this.faultCalls % mode.rateLimitEvery === 0)
      return { status: 429, retryAfter: mode.retryAfter };
    return mode.random() < mode.errorRate ? { status: mode.status } : undefined;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const channel = String(args.channel ?? '');
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: this.bot.userId,
          bot_id: this.bot.botId,
          team_id: 'T0TEAM',
          user: 'sopbot',
        };
      case 'chat.postMessage':
        return (
          this.refuseFiles(args.blocks) ?? {
            ok: true,
            channel,
            ts: this.nextTs(),
            message: { text: args.text },
          }
        );
      case 'chat.update':
        return this.refuseFiles(args.blocks) ?? { ok: true, channel, ts: args.ts };
      case 'files.getUploadURLExternal':
        return this.uploadUrl(args);
      case 'files.completeUploadExternal':
        return this.complete(args);
      case 'files.info':
        return this.fileInfo(String(args.file ?? ''));
      case 'users.info':
        return this.userInfo(
          String(args.user ?? ''),
          args.include_locale === 'true' || args.include_locale === true,
        );
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.getPermalink': {
        // Slack's shape: p + ts without the dot; replies carry their thread.
        const ts = String(args.message_ts ?? '');
        const found = this.messages.get(`${channel}:${ts}`);
        const thread =
          found?.thread_ts && found.thread_ts !== ts ? `?thread_ts=${found.thread_ts}&cid=${channel}` : '';
        return {
          ok: true,
          channel,
          permalink: `https://acme.slack.com/archives/${channel}/p${ts.replace('.', '')}${thread}`,
        };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users ?? '').replace(/^U/, '')}` } };
      case 'conversations.history':
      case 'conversations.replies': {
        const found = this.messages.get(`${channel}:${args.latest ?? args.ts}`);
        const isReply = found?.thread_ts && found.thread_ts !== found.ts;
        if (method === 'conversations.history' && isReply) return { ok: true, messages: [] };
        return { ok: true, messages: found ? [found] : [] };
      }
      case 'views.open':
      case 'views.publish':
        return { ok: true, view: { id: `V${this.nextTs().replace('.', '')}` } };
      case 'views.update':
        return { ok: true, view: { id: String(args.view_id ?? `V${this.nextTs().replace('.', '')}`) } };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` };
      case 'response_url':
        return { ok: true };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** The bytes of an upload URL: recorded as method `upload`; a length other than announced is refused. */
  private upload(req: IncomingMessage, res: ServerResponse, id: string, body: Buffer): void {
    const file = this.files.get(id);
    const args = {
      file_id: id,
      content_type: req.headers['content-type'],
      content_length: Number(req.headers['content-length'] ?? body.length),
      bytes: body.length,
    };
    const failure = this.failures.get('upload')?.shift();
    const status =
      failure && 'status' in failure ? failure.status : !file ? 404 : body.length !== file.length ? 400 : 200;
    this.calls.push({ method: 'upload', args, status });
    if (file && status === 200) {
      file.bytes = body;
      file.contentType = String(req.headers['content-type'] ?? '');
    }
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(status === 200 ? `OK - ${body.length}` : status === 400 ? 'length mismatch' : 'error');
  }

  private uploadUrl(args: Record<string, unknown>): Record<string, unknown> {
    const length = Number(args.length);
    if (!args.filename || !Number.isInteger(length) || length <= 0)
      return { ok: false, error: 'invalid_arguments' };
    const id = `F0${String(this.files.size + 1).padStart(9, '0')}`;
    this.files.set(id, {
      id,
      filename: String(args.filename),
      length,
      altTxt: typeof args.alt_txt === 'string' ? args.alt_txt : undefined,
      completed: false,
      polls: 0,
      processed: false,
    });
    return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id };
  }

  private complete(args: Record<string, unknown>): Record<string, unknown> {
    const list = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : [];
    const files = list.map((f) => this.files.get(String(f.id)));
    if (!list.length || files.some((f) => !f?.bytes || f.completed))
      return { ok: false, error: 'file_not_found' };
    list.forEach((entry, i) => {
      const file = files[i] as FakeFile;
      file.completed = true;
      file.title = entry.title ?? file.filename;
      if (typeof args.channel_id === 'string') file.channelId = args.channel_id;
      if (typeof args.thread_ts === 'string') file.threadTs = args.thread_ts;
      file.processed = this.processingPolls === 0;
    });
    return { ok: true, files: files.map((f) => ({ id: f?.id, title: f?.title })) };
  }

  /** Slack's file object: mimetype, filetype and thumbnails stay empty until processing is done. */
  private fileInfo(id: string): Record<string, unknown> {
    const file = this.files.get(id);
    if (!file?.completed) return { ok: false, error: 'file_not_found' };
    file.polls += 1;
    if (file.polls > this.processingPolls) file.processed = true;
    const base = `https://files.slack.com/files-pri/T0TEAM-${id}`;
    const ready = file.processed
      ? { mimetype: 'image/png', filetype: 'png', pretty_type: 'PNG', thumb_360: `${base}/thumb_360.png` }
      : { mimetype: '', filetype: '', pretty_type: '' };
    return {
      ok: true,
      file: {
        id,
        name: file.filename,
        title: file.title,
        user: this.bot.userId,
        size: file.length,
        mode: 'hosted',
        is_external: false,
        is_public: false,
        url_private: `${base}/${file.filename}`,
        permalink: `https://acme.slack.com/files/${this.bot.userId}/${id}/${file.filename}`,
        alt_txt: file.altTxt,
        channels: file.channelId ? [file.channelId] : [],
        groups: [],
        ims: [],
        shares: {},
        ...ready,
      },
    };
  }

  /** invalid_blocks, as Slack words it, when an image block names a file that cannot be shown yet. */
  private refuseFiles(blocks: unknown): Record<string, unknown> | undefined {
    if (!Array.isArray(blocks)) return undefined;
    const bad = blocks.flatMap((b, i) => {
      const id = (b as { type?: string; slack_file?: { id?: string } }).slack_file?.id;
      if ((b as { type?: string }).type !== 'image' || id === undefined) return [];
      return this.files.get(id)?.processed
        ? []
        : [`invalid slack file [json-pointer:/blocks/${i}/slack_file]`];
    });
    if (!bad.length) return undefined;
    return {
      ok: false,
      error: 'invalid_blocks',
      errors: bad,
      response_metadata: { messages: bad.map((m) => `[ERROR] ${m}`) },
    };
  }

  private userInfo(id: string, withLocale: boolean): Record<string, unknown> {
    const user = this.users.get(id);
    if (!user) return { ok: false, error: 'user_not_found' };
    return {
      ok: true,
      user: {
        id,
        team_id: 'T0TEAM',
        name: user.name ?? id.toLowerCase(),
        real_name: user.real_name,
        tz: user.tz,
        tz_label: user.tz,
        ...(withLocale && user.locale ? { locale: user.locale } : {}),
        profile: { display_name: user.display_name ?? '', real_name: user.real_name ?? '' },
      },
    };
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}
