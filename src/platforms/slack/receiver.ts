/**
 * Bolt's Receiver over sopbot's own HTTP server: `POST /slack/events` is verified here (HMAC
 * of `v0:{ts}:{body}`, 5-minute window), parsed (JSON, form, `payload=`), answered for
 * url_verification, and handed to Bolt with an `ack` that writes the HTTP response at once.
 * Bolt's HTTPReceiver/ExpressReceiver would own a second server; this one owns nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';

const MAX_SKEW_S = 300;
const MAX_BODY = 1_000_000;

/** True when `signature` is Slack's signature of `raw` sent at `timestamp`, within 5 minutes of `nowS`. */
export function verifySlackSignature(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  raw: Buffer,
  nowS: number,
): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowS - Number(timestamp)) > MAX_SKEW_S) return false;
  const expected = Buffer.from(
    `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(raw).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The body as Bolt wants it: JSON, a form, or a form whose `payload` field is JSON (interactivity). */
export function parseSlackBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> | null {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  try {
    if (type === 'application/json') return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    if (type === 'application/x-www-form-urlencoded') {
      const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
      return typeof form.payload === 'string' ? (JSON.parse(form.payload) as Record<string, unknown>) : form;
    }
  } catch {
    return null;
  }
  return null;
}

async function readRaw(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined || body === null || body === '') {
    res.writeHead(status, { 'content-length': '0' });
    res.end();
  } else if (typeof body === 'string') {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(body);
  } else {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }
}

export interface ReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** Seconds since the epoch (tests pin it to check the 5-minute window). */
  nowS?: () => number;
  /** How long a request may go without its ack before the fallback answer, well inside Slack's 3 s. */
  ackTimeoutMs?: number;
  /**
   * The fallback answer's status: 200 when acks are not durable (the request is dropped with an
   * answer rather than retried), 503 with durable acks, where a request whose journal write has
   * not committed must not be acknowledged: Slack retries it.
   */
  fallbackStatus?: number;
}

export class SignedHttpReceiver implements Receiver {
  private app: App | undefined;
  private readonly nowS: () => number;

  constructor(private readonly opts: ReceiverOptions) {
    this.nowS = opts.nowS ?? (() => Math.floor(Date.now() / 1000));
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** The route handler for `POST /slack/events`. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readRaw(req);
    if (!raw) return reply(res, 413, 'request body too large');
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const signed = verifySlackSignature(
      this.opts.signingSecret,
      header('x-slack-request-timestamp'),
      header('x-slack-signature'),
      raw,
      this.nowS(),
    );
    if (!signed) return reply(res, 401, 'invalid signature');
    const body = parseSlackBody(raw, header('content-type'));
    if (!body) return reply(res, 400, 'unreadable body');
    if (body.type === 'url_verification') return reply(res, 200, { challenge: body.challenge });
    if (body.ssl_check) return reply(res, 200);
    const retry = header('x-slack-retry-num');
    await this.process(res, {
      body,
      retryNum: retry ? Number(retry) : undefined,
      retryReason: header('x-slack-retry-reason'),
    });
  };

  private async process(res: ServerResponse, event: Omit<ReceiverEvent, 'ack'>): Promise<void> {
    let acked = false;
    const timer = setTimeout(() => {
      if (acked) return;
      const status = this.opts.fallbackStatus ?? 200;
      this.opts.logger.warn({ type: event.body.type, status }, 'slack request not acknowledged in time');
      acked = true;
      reply(res, status, status === 200 ? undefined : 'not accepted in time; retry');
    }, this.opts.ackTimeoutMs ?? 2500);
    timer.unref();
    const ack = async (response?: unknown) => {
      if (acked) return;
      acked = true;
      clearTimeout(timer);
      reply(res, 200, response);
    };
    try {
      if (!this.app) throw new Error('receiver used before Bolt initialised it');
      await this.app.processEvent({ ...event, ack });
    } catch (err) {
      this.opts.logger.error({ err }, 'slack request processing failed');
      if (!acked) {
        acked = true;
        clearTimeout(timer);
        reply(res, 500, 'internal error');
      }
    } finally {
      // Nothing matched (an unknown interaction): acknowledge so Slack does not retry.
      if (!acked) await ack();
    }
  }
}
