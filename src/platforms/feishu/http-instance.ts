/**
 * The HTTP transport handed to the Feishu SDK (Client, token manager, WSClient): fetch with a
 * timeout, so a hung open-platform call can never stall a chat's send queue forever. It keeps
 * axios' contract that the SDK relies on: 2xx resolves with the JSON body (even when the body
 * carries an error code), anything else rejects with a FeishuHttpError. A request whose
 * Content-Type says multipart/form-data (image uploads) is sent as a multipart body.
 */
import type { HttpInstance, HttpRequestOptions } from '@larksuiteoapi/node-sdk';

/** A non-2xx answer (or no answer) from the open platform, with what the retry policy needs. */
export class FeishuHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    /** From `x-ogw-ratelimit-reset` / `retry-after`, when the platform said how long to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(`Feishu HTTP ${status || 'network error'}`);
    this.name = 'FeishuHttpError';
  }

  /** The open-platform error code in the body, when there is one. */
  get code(): number | undefined {
    const code = (this.body as { code?: unknown } | null)?.code;
    return typeof code === 'number' ? code : undefined;
  }
}

function withParams(url: string, params: Record<string, unknown> | undefined): string {
  if (!params) return url;
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) target.searchParams.append(key, String(v));
  }
  return target.toString();
}

function waitHeader(headers: Headers): number | undefined {
  const raw = headers.get('x-ogw-ratelimit-reset') ?? headers.get('retry-after');
  const seconds = raw ? Number(raw) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return { raw: text.slice(0, 500) };
  }
}

/**
 * True when the caller asked for multipart/form-data; that header is then removed, because fetch
 * writes its own with the boundary.
 */
function takeMultipart(headers: Record<string, string>): boolean {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'content-type');
  if (!key || !headers[key]?.toLowerCase().startsWith('multipart/form-data')) return false;
  delete headers[key];
  return true;
}

/**
 * A multipart body from the plain object the SDK passes for uploads (axios would build it):
 * Blobs and Files stay files (a File keeps its name), bytes become a file, the rest text.
 */
function formDataOf(data: unknown): FormData {
  if (data instanceof FormData) return data;
  const form = new FormData();
  for (const [key, value] of Object.entries((data ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    if (value instanceof Blob) form.append(key, value);
    else if (value instanceof Uint8Array) form.append(key, new Blob([new Uint8Array(value)]), key);
    else form.append(key, String(value));
  }
  return form;
}

/** Builds the SDK's HttpInstance over fetch; every request gives up after `timeoutMs`. */
export function fetchHttpInstance(timeoutMs: number): HttpInstance {
  async function request(opts: HttpRequestOptions<unknown>): Promise<unknown> {
    if (!opts.url) throw new Error('Feishu request without url');
    const method = (opts.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = String(v);
    const hasBody = opts.data !== undefined && method !== 'GET' && method !== 'HEAD';
    const multipart = hasBody && takeMultipart(headers);
    if (hasBody && !multipart) headers['Content-Type'] = 'application/json; charset=utf-8';
    let res: Response;
    try {
      res = await fetch(withParams(opts.url, opts.params), {
        method,
        headers,
        body: multipart ? formDataOf(opts.data) : hasBody ? JSON.stringify(opts.data) : undefined,
        signal: AbortSignal.timeout(opts.timeout ?? timeoutMs),
      });
    } catch (err) {
      throw new FeishuHttpError(0, { message: err instanceof Error ? err.message : String(err) });
    }
    const body = await parse(res);
    if (!res.ok) throw new FeishuHttpError(res.status, body, waitHeader(res.headers));
    return body;
  }
  const call = (method: string) => (url: string, opts?: HttpRequestOptions<unknown>) =>
    request({ ...opts, url, method });
  const withData = (method: string) => (url: string, data?: unknown, opts?: HttpRequestOptions<unknown>) =>
    request({ ...opts, url, data, method });
  return {
    request,
    get: call('GET'),
    delete: call('DELETE'),
    head: call('HEAD'),
    options: call('OPTIONS'),
    post: withData('POST'),
    put: withData('PUT'),
    patch: withData('PATCH'),
  } as HttpInstance;
}
