/**
 * POST /feishu/events: event subscriptions and card callbacks over HTTP. It authenticates
 * before anything else (signature over the raw bytes, request age, verification token),
 * decrypts, answers the URL-verification challenge, and hands the payload to the same SDK
 * EventDispatcher the long connection uses. Handlers only queue work, so the answer (a card
 * callback's toast included) leaves well inside Feishu's 3 seconds.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from '../../core/logger.ts';
import { type RouteHandler, readBody } from '../../http.ts';
import { decryptPayload, isFresh, signatureMatches, signatureOf } from './crypto.ts';

/** What the route needs of the SDK's EventDispatcher (the WSClient calls `invoke` the same way). */
export interface Invoker {
  invoke(data: unknown, params?: { needCheck?: boolean }): Promise<unknown>;
}

export interface RouteOptions {
  encryptKey?: string;
  verificationToken?: string;
  dispatcher: Invoker;
  logger: Logger;
  now: () => number;
  /** Older (or further in the future) requests are refused as replays. */
  maxAgeMs: number;
}

type Body = Record<string, unknown>;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function parse(text: string): Body | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : null;
  } catch {
    return null;
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function tokenOf(body: Body): unknown {
  const h = body.header as Body | undefined;
  return h && typeof h === 'object' ? h.token : body.token;
}

/** Why a request is refused, or null when it is authentic and fresh. */
function refusal(opts: RouteOptions, headers: IncomingHttpHeaders, raw: Buffer, body: Body): string | null {
  const timestamp = header(headers, 'x-lark-request-timestamp');
  if (opts.encryptKey) {
    const nonce = header(headers, 'x-lark-request-nonce') ?? '';
    const expected = signatureOf(timestamp ?? '', nonce, opts.encryptKey, raw);
    if (!timestamp || !signatureMatches(expected, header(headers, 'x-lark-signature')))
      return 'bad signature';
  } else if (!opts.verificationToken) {
    return 'neither FEISHU_ENCRYPT_KEY nor FEISHU_VERIFICATION_TOKEN is set';
  }
  if ((opts.encryptKey || timestamp) && !isFresh(timestamp, opts.now(), opts.maxAgeMs))
    return 'stale request';
  if (opts.verificationToken && tokenOf(body) !== opts.verificationToken) return 'bad verification token';
  return null;
}

function decrypt(opts: RouteOptions, outer: Body): Body | string {
  if (typeof outer.encrypt !== 'string') return outer;
  if (!opts.encryptKey) return 'encrypted payload but FEISHU_ENCRYPT_KEY is not set';
  try {
    return parse(decryptPayload(opts.encryptKey, outer.encrypt)) ?? 'encrypted payload is not JSON';
  } catch {
    return 'cannot decrypt payload';
  }
}

/** The POST /feishu/events handler. */
export function feishuEventsRoute(opts: RouteOptions): RouteHandler {
  return async (req, res) => {
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch {
      return send(res, 413, { error: 'body too large' });
    }
    const outer = parse(raw.toString('utf8'));
    if (!outer) return send(res, 400, { error: 'body is not a JSON object' });
    const body = decrypt(opts, outer);
    if (typeof body === 'string') return send(res, 400, { error: body });
    if (body.type === 'url_verification') {
      if (opts.verificationToken && body.token !== opts.verificationToken)
        return send(res, 401, { error: 'bad token' });
      return send(res, 200, { challenge: body.challenge });
    }
    const refused = refusal(opts, req.headers, raw, body);
    if (refused) {
      opts.logger.warn({ reason: refused }, 'feishu request refused');
      return send(res, 401, { error: refused });
    }
    const result = await opts.dispatcher.invoke(body, { needCheck: false });
    send(res, 200, result && typeof result === 'object' ? result : {});
  };
}
