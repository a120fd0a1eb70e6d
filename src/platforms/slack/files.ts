/**
 * Pictures for Slack cards. `files.upload` is retired; an upload is three steps per file:
 * `files.getUploadURLExternal` (filename, byte length, alt text) gives an upload URL and a file
 * id, the bytes are POSTed to that URL, and `files.completeUploadExternal` finishes it. sopbot
 * completes without a channel: the file stays private to the bot, which may still show it in its
 * own messages through an image block (`slack_file: { id }`): "the user posting these blocks must
 * have access to this file" (Slack file object reference). Slack then processes the file
 * asynchronously; until it has, a post with the image block is refused with `invalid_blocks`
 * (`invalid slack file`), so `waitUntilProcessed` polls `files.info` (scope `files:read`) with a
 * bounded backoff until the file has its `mimetype`. Every call runs on the conversation's send
 * queue under `files:<channel>` (unpaced): 429s, 5xx and timeouts are retried there.
 */
import type { CardImage } from '../../core/message.ts';
import type { LiteFetch } from './http-client.ts';
import type { SlackApi } from './messenger.ts';
import { rec, str } from './normalize.ts';
import type { SendQueues, Timing } from './queue.ts';

/** One picture to upload. */
export interface UploadImage {
  data: Uint8Array;
  filename: string;
  /** Screen-reader text (`alt_txt`). */
  alt: string;
  /** The file's title in Slack. */
  title?: string;
}

export interface FilesOptions {
  queues: SendQueues;
  /** The conversation the images are for: they share its queue (they are not shared into it). */
  channelId: string;
  /** POSTs the bytes (default: global fetch, where the platform's lite client sends binary bodies too). */
  fetchFn?: LiteFetch;
  /** Timeout of one byte upload. */
  timeoutMs?: number;
}

/** The queue key of a conversation's file calls. */
export function filesKey(channelId: string): string {
  return `files:${channelId}`;
}

const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
};

/** The content type of an upload by its file name (image blocks take png, jpg and gif). */
export function contentTypeOf(filename: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  return TYPES[ext] ?? 'application/octet-stream';
}

/**
 * A failed byte upload, shaped for the send queue's retry rules: an HTTP failure keeps its status
 * (5xx and 429 are retried), a network failure or timeout carries the Web API client's
 * request-error code (retried as well).
 */
export class UploadError extends Error {
  readonly statusCode?: number;
  readonly code?: string;

  constructor(message: string, opts: { statusCode?: number; network?: boolean; cause?: unknown }) {
    super(message, { cause: opts.cause });
    if (opts.statusCode !== undefined) this.statusCode = opts.statusCode;
    if (opts.network) this.code = 'slack_webapi_request_error';
  }
}

const globalFetch = (url: string | URL, init?: object) => fetch(url, init as RequestInit);

async function postBytes(url: string, image: UploadImage, fetchFn: LiteFetch, timeoutMs: number) {
  let res: Awaited<ReturnType<LiteFetch>>;
  try {
    res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': contentTypeOf(image.filename) },
      body: image.data,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new UploadError(`upload of ${image.filename} failed`, { network: true, cause });
  }
  await res.arrayBuffer();
  if (res.status !== 200) {
    throw new UploadError(`upload of ${image.filename} answered ${res.status}`, { statusCode: res.status });
  }
}

/** Steps 1 and 2 for one image: an upload URL and file id, then the bytes. */
async function uploadOne(api: SlackApi, image: UploadImage, opts: FilesOptions): Promise<string> {
  const key = filesKey(opts.channelId);
  const res = await opts.queues.run(key, false, () =>
    api.apiCall('files.getUploadURLExternal', {
      filename: image.filename,
      length: image.data.byteLength,
      alt_txt: image.alt.slice(0, 2000),
    }),
  );
  const url = str(res.upload_url);
  const id = str(res.file_id);
  if (!url || !id) throw new Error('files.getUploadURLExternal gave no upload_url or file_id');
  const fetchFn = opts.fetchFn ?? (globalFetch as LiteFetch);
  await opts.queues.run(key, false, () => postBytes(url, image, fetchFn, opts.timeoutMs ?? 30_000));
  return id;
}

/**
 * Uploads the images and completes them in one `files.completeUploadExternal`, without a channel
 * (the files stay private to the bot until its messages show them): their file ids, in order.
 */
export async function uploadImages(
  api: SlackApi,
  images: UploadImage[],
  opts: FilesOptions,
): Promise<string[]> {
  if (!images.length) return [];
  const ids: string[] = [];
  for (const image of images) ids.push(await uploadOne(api, image, opts));
  const files = images.map((image, i) => ({ id: ids[i], title: image.title ?? image.filename }));
  await opts.queues.run(filesKey(opts.channelId), false, () =>
    api.apiCall('files.completeUploadExternal', { files }),
  );
  return ids;
}

/** A name for a card image's upload (`chart-2.png`) from its caption. */
export function imageFilename(image: CardImage, index: number): string {
  const base = (image.title ?? image.alt)
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .toLowerCase();
  return `${base || 'image'}-${index + 1}.png`;
}

/**
 * Uploads every image of a card that has its bytes at hand and waits (bounded) until Slack has
 * processed them: the map cardBlocks takes. An image whose upload fails, or that Slack has not
 * processed in time, is left out, so the card shows its text instead of failing to post.
 */
export async function uploadCardImages(
  api: SlackApi,
  images: CardImage[],
  opts: FilesOptions & WaitOptions & { onError?: (err: unknown) => void },
): Promise<Map<CardImage, string>> {
  const withData = images.filter((i): i is CardImage & { data: Uint8Array } => Boolean(i.data?.byteLength));
  const map = new Map<CardImage, string>();
  if (!withData.length) return map;
  let ids: string[];
  try {
    ids = await uploadImages(
      api,
      withData.map((image, i) => ({
        data: image.data,
        filename: imageFilename(image, i),
        alt: image.alt,
        title: image.title,
      })),
      opts,
    );
  } catch (err) {
    opts.onError?.(err);
    return map;
  }
  const { ready } = await waitUntilProcessed(api, ids, opts);
  withData.forEach((image, i) => {
    const id = ids[i];
    if (id && ready.includes(id)) map.set(image, id);
  });
  return map;
}

export interface WaitOptions {
  queues: SendQueues;
  channelId: string;
  timing: Timing;
  /** Longest total wait (default 10 s); then the caller goes on (a later retry may find the file ready). */
  maxWaitMs?: number;
  /** First pause before polling (default 250 ms); each next one doubles, up to 2 s. */
  firstDelayMs?: number;
}

/** The pauses between polls: doubling from `firstMs`, at most 2 s each, `maxWaitMs` in all (pure). */
export function pollDelays(firstMs: number, maxWaitMs: number): number[] {
  const delays: number[] = [];
  let total = 0;
  for (let next = firstMs; next > 0 && total + next <= maxWaitMs; next = Math.min(next * 2, 2000)) {
    delays.push(next);
    total += next;
  }
  return delays;
}

/** True when a `files.info` answer shows the file processed (Slack fills `mimetype` then). */
export function isFileReady(response: Record<string, unknown>): boolean {
  return Boolean(str(rec(response.file).mimetype));
}

function platformError(err: unknown): string | undefined {
  const e = err as { code?: string; data?: { error?: unknown } };
  return e?.code === 'slack_webapi_platform_error' ? String(e.data?.error) : undefined;
}

/**
 * True for Slack refusing blocks because an image's file is not (yet) usable: what a post made
 * before processing finished gets. Worth one more wait and retry, unlike other `invalid_blocks`.
 */
export function isFileNotReadyError(err: unknown): boolean {
  if (platformError(err) !== 'invalid_blocks') return false;
  const errors = (err as { data?: { errors?: unknown } }).data?.errors;
  return Array.isArray(errors) && errors.some((e) => /slack_file|slack file/i.test(String(e)));
}

/**
 * Polls `files.info` for each file until Slack has processed it, within `maxWaitMs`: which files
 * are ready and which are still pending (or could not be asked about, e.g. without `files:read`).
 */
export async function waitUntilProcessed(
  api: SlackApi,
  ids: string[],
  opts: WaitOptions,
): Promise<{ ready: string[]; pending: string[] }> {
  if (!ids.length) return { ready: [], pending: [] };
  const waiting = new Set(ids);
  const ready: string[] = [];
  const key = filesKey(opts.channelId);
  for (const delay of pollDelays(opts.firstDelayMs ?? 250, opts.maxWaitMs ?? 10_000)) {
    await opts.timing.sleep(delay);
    for (const id of [...waiting]) {
      try {
        const res = await opts.queues.run(key, false, () => api.apiCall('files.info', { file: id }));
        if (!isFileReady(res)) continue;
        ready.push(id);
      } catch (err) {
        // Just completed files may briefly be unknown; anything else will not change by waiting.
        if (platformError(err) === 'file_not_found') continue;
      }
      waiting.delete(id);
    }
    if (!waiting.size) break;
  }
  return { ready, pending: ids.filter((id) => !ready.includes(id)) };
}
