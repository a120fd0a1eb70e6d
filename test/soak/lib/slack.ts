/**
 * Slack's side of a delivery, as the soak scenarios need it: a signed request that counts as
 * acknowledged only when it is answered 200 within Slack's 3 seconds, and that is sent again, like
 * Slack does, when it is not: with `X-Slack-Retry-Num` and `X-Slack-Retry-Reason`, the same body,
 * signed afresh, up to three times. Slack's own schedule (at once, after 1 minute, after 5 minutes)
 * is compressed twenty-fold by default.
 */
import { Agent, request } from 'node:http';
import { type SlackRequest, signedHeaders } from '../../helpers/slack-sign.ts';

export const SECRET = 'soak-signing-secret';

/** Slack's retry schedule, 20× faster: almost at once, 3 s, 15 s. */
export const SLACK_RETRIES_MS = [250, 3_000, 15_000];

/** The short run's schedule: the same three retries, the last one soon after a restart. */
export const SHORT_RETRIES_MS = [250, 2_000, 8_000];

/** The retry schedule of a run. */
export function slackRetries(short: boolean): number[] {
  return short ? SHORT_RETRIES_MS : SLACK_RETRIES_MS;
}

export type Outcome = number | 'timeout' | 'refused' | 'error';

export interface Attempt {
  n: number;
  url: string;
  sentAt: number;
  doneAt: number;
  outcome: Outcome;
}

export interface Sent {
  id: string;
  attempts: Attempt[];
  /** Answered 200 within the ack window by one of its attempts. */
  acked: boolean;
  /** When the first 200 arrived. */
  ackedAt?: number;
}

export interface SenderOptions {
  secret?: string;
  /** Where attempt `n` (0 = the first) goes: a fixed URL, or a load balancer's choice. */
  route(n: number, id: string): string;
  /** Slack's ack window. */
  timeoutMs?: number;
  /** Waits before each retry; its length is how many retries Slack makes. */
  retriesMs?: number[];
}

const REASON: Record<string, string> = {
  timeout: 'http_timeout',
  refused: 'connection_failed',
  error: 'connection_failed',
};

export class SlackSender {
  readonly sent: Sent[] = [];
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private readonly active = new Set<Promise<Sent>>();

  constructor(private readonly opts: SenderOptions) {}

  /** Delivers `req` as Slack would, retries included; resolves when acked or given up. */
  send(id: string, req: SlackRequest): Promise<Sent> {
    const record: Sent = { id, attempts: [], acked: false };
    this.sent.push(record);
    const job = this.deliver(record, req).finally(() => this.active.delete(job));
    this.active.add(job);
    return job;
  }

  /** Resolves when every delivery started so far is acked or given up. */
  async idle(): Promise<void> {
    while (this.active.size) await Promise.all([...this.active]);
  }

  close(): void {
    this.agent.destroy();
  }

  private async deliver(record: Sent, req: SlackRequest): Promise<Sent> {
    const delays = this.opts.retriesMs ?? SLACK_RETRIES_MS;
    for (let n = 0; n <= delays.length; n++) {
      const last = record.attempts.at(-1);
      const headers: Record<string, string> = { ...signedHeaders(req, this.opts.secret ?? SECRET) };
      if (last) {
        headers['x-slack-retry-num'] = String(n);
        headers['x-slack-retry-reason'] =
          typeof last.outcome === 'number' ? 'http_error' : (REASON[last.outcome] ?? 'unknown_error');
      }
      const url = this.opts.route(n, record.id);
      const sentAt = Date.now();
      const outcome = await this.post(url, req.body, headers);
      record.attempts.push({ n, url, sentAt, doneAt: Date.now(), outcome });
      if (outcome === 200) {
        record.acked = true;
        record.ackedAt = Date.now();
        return record;
      }
      const wait = delays[n];
      if (wait === undefined) break;
      await new Promise((r) => setTimeout(r, wait));
    }
    return record;
  }

  private post(url: string, body: string, headers: Record<string, string>): Promise<Outcome> {
    const timeoutMs = this.opts.timeoutMs ?? 3_000;
    return new Promise((resolve) => {
      let settled = false;
      const done = (o: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(o);
      };
      const r = request(url, {
        method: 'POST',
        agent: this.agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      });
      const timer = setTimeout(() => {
        done('timeout');
        r.destroy();
      }, timeoutMs);
      r.on('response', (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
        res.on('error', () => done('error'));
      });
      r.on('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? 'refused' : 'error'));
      r.end(body);
    });
  }
}

/** The last answer of each delivery that was never acknowledged, counted (`refused: 3, 503: 1`). */
export function lastOutcomesUnacked(sent: Sent[]): string {
  const out: Record<string, number> = {};
  for (const s of sent) {
    if (s.acked) continue;
    const o = String(s.attempts.at(-1)?.outcome ?? 'none');
    out[o] = (out[o] ?? 0) + 1;
  }
  return (
    Object.entries(out)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none'
  );
}
