/**
 * A local stand-in for Slack's Web API (and response_urls, and the Socket Mode WebSocket):
 * records every call with its decoded arguments, answers the methods sopbot uses, and can be
 * told to fail the next calls of a method with 429 + Retry-After, 500, or a platform error.
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
}

export type Failure = { status: 429; retryAfter: number } | { status: 500 } | { error: string };

export interface StoredMessage {
  ts: string;
  text: string;
  user: string;
  thread_ts?: string;
}

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata']);

function decodeArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = JSON_FIELDS.has(k) && /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
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
    const raw = await readAll(req);
    const path = (req.url ?? '').split('?')[0] ?? '';
    const method = path.startsWith('/response/') ? 'response_url' : path.replace(/^\/api\//, '');
    const args = decodeArgs(raw, req.headers['content-type']);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.holding.has(method)) {
      this.calls.push({ method, args, status: 0 });
      return;
    }
    const failure = this.failures.get(method)?.shift();
    if (failure && 'status' in failure) {
      this.calls.push({ method, args, status: failure.status });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.status === 429) headers['retry-after'] = String(failure.retryAfter);
      res.writeHead(failure.status, headers);
      res.end(JSON.stringify({ ok: false, error: failure.status === 429 ? 'ratelimited' : 'internal' }));
      return;
    }
    const answer = failure ? { ok: false, error: failure.error } : this.answer(method, args);
    this.calls.push({ method, args, status: 200, response: answer });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
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
        return { ok: true, channel, ts: this.nextTs(), message: { text: args.text } };
      case 'chat.update':
        return { ok: true, channel, ts: args.ts };
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
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` };
      case 'response_url':
        return { ok: true };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}
