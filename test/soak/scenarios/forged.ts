/**
 * Row 1: forged, stale and altered requests, 16 kinds, each on a slash command and on an Events
 * API callback, against a real sopbot process → none accepted (no 200, no ticket, no call to
 * Slack, nothing journaled). A valid request last proves the same process does accept one.
 * (test/e2e/slack-commands.test.ts checks four of these kinds in-process; this is all sixteen
 * against the process, on Postgres.)
 */
import { createHmac } from 'node:crypto';
import {
  eventCallback,
  postRaw,
  type SlackRequest,
  signedHeaders,
  slashCommand,
} from '../../helpers/slack-sign.ts';
import { type Context, type Result, type Scenario, Verdict } from '../lib/scenario.ts';
import { SECRET } from '../lib/slack.ts';
import { lightStage } from '../lib/stage.ts';

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');
const sign = (ts: string, body: string, secret = SECRET) => `v0=${hmac(secret, `v0:${ts}:${body}`)}`;
const nowS = () => Math.floor(Date.now() / 1000);

interface Forged {
  body: string;
  headers: Record<string, string>;
}

type Forgery = (req: SlackRequest, other: SlackRequest) => Forged;

const signed = (req: SlackRequest, ts: string, signature: string, body = req.body): Forged => ({
  body,
  headers: {
    'content-type': req.contentType,
    'x-slack-request-timestamp': ts,
    'x-slack-signature': signature,
  },
});

/** The sixteen kinds: each turns a valid request into one Slack never sent. */
export const FORGERIES: Record<string, Forgery> = {
  unsigned: (r) => ({ body: r.body, headers: { 'content-type': r.contentType } }),
  'timestamp only': (r) => ({
    body: r.body,
    headers: { 'content-type': r.contentType, 'x-slack-request-timestamp': String(nowS()) },
  }),
  'wrong secret': (r) => signed(r, String(nowS()), sign(String(nowS()), r.body, 'not-the-secret')),
  'stale (6 min old)': (r) => {
    const ts = String(nowS() - 360);
    return signed(r, ts, sign(ts, r.body));
  },
  'future (6 min ahead)': (r) => {
    const ts = String(nowS() + 360);
    return signed(r, ts, sign(ts, r.body));
  },
  'body altered after signing': (r) => {
    const ts = String(nowS());
    return signed(r, ts, sign(ts, r.body), r.body.replace('P2', 'P0'));
  },
  'body extended': (r) => {
    const ts = String(nowS());
    return signed(r, ts, sign(ts, r.body), `${r.body}${r.contentType === 'application/json' ? ' ' : '&x=1'}`);
  },
  'body truncated': (r) => {
    const ts = String(nowS());
    return signed(r, ts, sign(ts, r.body), r.body.slice(0, -1));
  },
  'timestamp changed after signing': (r) => {
    const ts = nowS();
    return signed(r, String(ts - 1), sign(String(ts), r.body));
  },
  "another request's signature": (r, other) => {
    const ts = String(nowS());
    return signed(r, ts, sign(ts, other.body));
  },
  'signature truncated': (r) => {
    const ts = String(nowS());
    return signed(r, ts, sign(ts, r.body).slice(0, -1));
  },
  'signature upper-cased': (r) => {
    const ts = String(nowS());
    return signed(r, ts, `v0=${sign(ts, r.body).slice(3).toUpperCase()}`);
  },
  'wrong version (v1=)': (r) => {
    const ts = String(nowS());
    return signed(r, ts, sign(ts, r.body).replace(/^v0=/, 'v1='));
  },
  'empty signature': (r) => signed(r, String(nowS()), ''),
  'timestamp in milliseconds': (r) => {
    const ts = String(Date.now());
    return signed(r, ts, sign(ts, r.body));
  },
  'HMAC of the body alone': (r) => signed(r, String(nowS()), `v0=${hmac(SECRET, r.body)}`),
};

function command(n: number): SlackRequest {
  return slashCommand('/ticket', `new P2 Forged command ${n}`, {
    channel: 'C0FORGE',
    trigger: `forged.${n}`,
  });
}

function intake(n: number): SlackRequest {
  return eventCallback(
    {
      type: 'message',
      channel: 'C0INTAKE',
      channel_type: 'channel',
      user: 'U0MALLORY',
      ts: `1700000${String(n).padStart(3, '0')}.000100`,
      text: `P2 Forged intake ${n}`,
    },
    `EvFORGED${n}`,
  );
}

async function run(ctx: Context): Promise<Result> {
  const { stage, bot } = await lightStage(ctx);
  const verdict = new Verdict();
  const statuses: Record<string, number> = {};
  let accepted = 0;
  let n = 0;
  for (const forge of Object.values(FORGERIES)) {
    for (const make of [command, intake]) {
      n += 1;
      const forged = forge(make(n), make(n + 1000));
      const res = await postRaw(bot.url, forged.body, forged.headers);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status === 200) accepted++;
    }
  }
  // Anything accepted would be working now; give it time to show.
  await new Promise((r) => setTimeout(r, 1500));
  const [row] = await stage.sql<{ tickets: number; seen: number }[]>`
      select (select count(*)::int from tickets where title like 'Forged %') as tickets,
             (select count(*)::int from inbound_events where event_id ilike '%forged%') as seen`;
  const tickets = row?.tickets ?? 0;
  const seen = row?.seen ?? 0;
  const chat = stage.fake.calls.length;
  // The control: the same process accepts a genuine request.
  const genuine = slashCommand('/ticket', 'new P2 Genuine control', { channel: 'C0FORGE' });
  const control = await postRaw(bot.url, genuine.body, signedHeaders(genuine, SECRET));
  verdict.zero('forged requests answered 200', accepted);
  verdict.zero('tickets made by forged requests', tickets);
  verdict.zero('Slack calls caused by forged requests', chat);
  verdict.zero('forged requests that reached the pipeline (inbound events)', seen);
  verdict.expect(control.status === 200, 'a genuine request was not accepted', control.status);
  return {
    figures: {
      kinds: Object.keys(FORGERIES).length,
      requests: n,
      accepted,
      'answered 401': statuses['401'] ?? 0,
      'other statuses': n - (statuses['401'] ?? 0) - accepted,
      tickets,
      'chat calls': chat,
      'control acked': control.status === 200 ? 'yes' : 'no',
    },
    failures: verdict.failures,
  };
}

export const forged: Scenario = {
  id: 'forged',
  title: 'forged, stale, altered requests (16 kinds) → 0 accepted',
  light: true,
  run,
};
