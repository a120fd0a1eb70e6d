/**
 * The HTTP client under the Web API client and response_url posts: node:http(s) with keep-alive
 * agents, shaped like the subset of `fetch` @slack/web-api uses. Global fetch (undici) cost a
 * few milliseconds of CPU per call in the benchmark, taken from the same event loop that must
 * acknowledge Slack within 3 s; this costs a fraction of that. Anything it does not handle
 * (FormData uploads) goes to the global fetch.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** The request options @slack/web-api passes to its fetch. */
export interface LiteRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
  redirect?: string;
}

/** The response surface @slack/web-api and the messenger read. */
export interface LiteResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null; entries(): IterableIterator<[string, string]> };
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type LiteFetch = (url: string | URL, init?: LiteRequestInit) => Promise<LiteResponse>;

function toResponse(url: string, res: IncomingMessage, body: Buffer): LiteResponse {
  const headers = new Map<string, string>();
  for (const [k, v] of Object.entries(res.headers)) {
    if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  }
  const status = res.statusCode ?? 0;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: res.statusMessage ?? '',
    url,
    headers: { get: (name) => headers.get(name.toLowerCase()) ?? null, entries: () => headers.entries() },
    text: async () => body.toString('utf8'),
    json: async () => JSON.parse(body.toString('utf8')) as unknown,
    arrayBuffer: async () =>
      body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
  };
}

/** A keep-alive fetch for Slack calls; `maxSockets` bounds connections per host. */
export function createLiteFetch(maxSockets = 32): LiteFetch {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets }),
  };
  return (input, init = {}) => {
    const url = new URL(String(input));
    const agent = agents[url.protocol as keyof typeof agents];
    if (!agent || (init.body !== undefined && typeof init.body !== 'string')) {
      return fetch(input, init as RequestInit) as unknown as Promise<LiteResponse>;
    }
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { method: init.method ?? 'GET', headers: init.headers, agent, signal: init.signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(toResponse(url.toString(), res, Buffer.concat(chunks))));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(init.body as string | undefined);
    });
  };
}
