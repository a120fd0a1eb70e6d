/** Signed Slack requests, as Slack sends them: for the e2e tests and the benchmark. */
import { createHmac } from 'node:crypto';
import { type IncomingHttpHeaders, request } from 'node:http';

export const SIGNING_SECRET = 'test-signing-secret';
export const TEAM = 'T0TEAM';

export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlackRequest {
  body: string;
  contentType: 'application/json' | 'application/x-www-form-urlencoded';
  headers?: Record<string, string>;
}

/** Headers of a request signed now (or at `timestamp`) with `secret`. */
export function signedHeaders(
  req: SlackRequest,
  secret = SIGNING_SECRET,
  timestamp = String(Math.floor(Date.now() / 1000)),
): Record<string, string> {
  return {
    'content-type': req.contentType,
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': slackSignature(secret, timestamp, req.body),
    ...req.headers,
  };
}

export interface SlackResponse {
  status: number;
  body: string;
  headers: IncomingHttpHeaders;
}

/** POSTs raw bytes with exactly the given headers (no client-side rewriting). */
export function postRaw(url: string, body: string, headers: Record<string, string>): Promise<SlackResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A signed POST to /slack/events. */
export function postSigned(url: string, req: SlackRequest, secret = SIGNING_SECRET): Promise<SlackResponse> {
  return postRaw(url, req.body, signedHeaders(req, secret));
}

let trigger = 0;
/** A fresh trigger id, unique like Slack's. */
export function triggerId(): string {
  trigger += 1;
  return `${Date.now()}.${trigger}.trigger`;
}

/** A slash command as Slack posts it: exactly application/x-www-form-urlencoded. */
export function slashCommand(
  command: string,
  text: string,
  opts: { user?: string; channel?: string; trigger?: string; responseUrl?: string } = {},
): SlackRequest {
  const form = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: TEAM,
    team_domain: 'acme',
    channel_id: opts.channel ?? 'C0SUPPORT',
    channel_name: 'support',
    user_id: opts.user ?? 'U0ANN',
    user_name: 'ann',
    command,
    text,
    api_app_id: 'A0SOPBOT',
    is_enterprise_install: 'false',
    response_url: opts.responseUrl ?? 'http://127.0.0.1:9/commands/none',
    trigger_id: opts.trigger ?? triggerId(),
  });
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
}

let eventCounter = 0;

/** An Events API callback wrapping `event`. */
export function eventCallback(event: Record<string, unknown>, eventId?: string): SlackRequest {
  eventCounter += 1;
  const envelope = {
    token: 'legacy-verification-token',
    team_id: TEAM,
    api_app_id: 'A0SOPBOT',
    event,
    type: 'event_callback',
    event_id: eventId ?? `Ev${Date.now()}${eventCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM, user_id: 'U0BOT', is_bot: true, enterprise_id: null }],
  };
  return { body: JSON.stringify(envelope), contentType: 'application/json' };
}

/** An interactivity payload (block_actions, message_action, view_submission): `payload=<json>` form. */
export function interaction(payload: Record<string, unknown>): SlackRequest {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { body, contentType: 'application/x-www-form-urlencoded' };
}
