/**
 * Images on Slack cards, end to end over HTTP against the fake Web API: the three-step external
 * upload, the wait for Slack's processing, and the post whose image block names the file.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CardImage, OutgoingMessage } from '../../src/core/message.ts';
import {
  contentTypeOf,
  isFileNotReadyError,
  pollDelays,
  uploadCardImages,
  uploadImages,
  waitUntilProcessed,
} from '../../src/platforms/slack/files.ts';
import { renderMessage } from '../../src/platforms/slack/render.ts';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.ts';
import { type SlackWeb, slackWeb } from '../helpers/slack-web.ts';

let fake: FakeSlack;
let web: SlackWeb;

beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  web = slackWeb(fake.apiUrl);
});

/** PNG signature plus bytes above 0x7f, so any text decoding on the way would show. */
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00, 0xfe, 0x80, 0x81, 0x7f,
]);

function chartMessage(image: CardImage): OutgoingMessage {
  return { text: 'Daily digest', card: { title: 'Digest', blocks: [{ kind: 'image', image }] } };
}

async function post(message: OutgoingMessage, images: Map<CardImage, string>) {
  const args = { channel: 'C0SUPPORT', ...renderMessage(message, images) };
  return web.queues.run('C0SUPPORT', true, () => web.api.apiCall('chat.postMessage', args));
}

describe('slack file helpers', () => {
  it('polls with doubling pauses up to 2 s, never more than the bound in all', () => {
    expect(pollDelays(250, 10_000)).toEqual([250, 500, 1000, 2000, 2000, 2000, 2000]);
    expect(pollDelays(250, 600)).toEqual([250]);
  });

  it('names the content type by extension', () => {
    expect(['a.PNG', 'b.jpg', 'c.jpeg', 'd.gif', 'e.svg'].map(contentTypeOf)).toEqual([
      'image/png',
      'image/jpeg',
      'image/jpeg',
      'image/gif',
      'application/octet-stream',
    ]);
  });

  it('tells a not-yet-usable file from other block errors', () => {
    const refusal = (errors: string[]) => ({
      code: 'slack_webapi_platform_error',
      data: { error: 'invalid_blocks', errors },
    });
    expect(isFileNotReadyError(refusal(['invalid slack file [json-pointer:/blocks/1/slack_file]']))).toBe(
      true,
    );
    expect(
      isFileNotReadyError(refusal(['must be more than 0 characters [json-pointer:/blocks/0/text]'])),
    ).toBe(false);
    expect(isFileNotReadyError(new Error('socket hang up'))).toBe(false);
  });
});

describe('slack image upload', () => {
  it('uploads in three calls, in order, with the bytes intact and no channel', async () => {
    const ids = await uploadImages(
      web.api,
      [{ data: PNG, filename: 'opened.png', alt: 'Tickets opened per day', title: 'Opened' }],
      { queues: web.queues, channelId: 'C0SUPPORT' },
    );
    expect(ids).toEqual(['F0000000001']);
    expect(fake.calls.map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    const [getUrl, upload, complete] = fake.calls;
    expect(getUrl?.args).toMatchObject({
      filename: 'opened.png',
      length: '14',
      alt_txt: 'Tickets opened per day',
    });
    expect(upload).toMatchObject({
      status: 200,
      args: { file_id: 'F0000000001', content_type: 'image/png', content_length: 14, bytes: 14 },
    });
    expect(complete?.args.files).toEqual([{ id: 'F0000000001', title: 'Opened' }]);
    expect(complete?.args.channel_id).toBeUndefined();
    expect(complete?.args.thread_ts).toBeUndefined();
    expect([...(fake.files.get('F0000000001')?.bytes ?? [])]).toEqual([...PNG]);
  });

  it('retries a failed byte upload on the send queue', async () => {
    fake.failNext('upload', { status: 500 });
    const ids = await uploadImages(web.api, [{ data: PNG, filename: 'a.png', alt: 'a' }], {
      queues: web.queues,
      channelId: 'C0SUPPORT',
    });
    expect(fake.attempts('upload').map((c) => c.status)).toEqual([500, 200]);
    expect(web.slept).toHaveLength(1);
    expect(fake.files.get(ids[0] ?? '')?.completed).toBe(true);
  });

  it('refuses bytes whose length differs from the announced one', async () => {
    const res = await web.api.apiCall('files.getUploadURLExternal', { filename: 'x.png', length: 20 });
    const sent = await fetch(String(res.upload_url), { method: 'POST', body: PNG });
    expect(sent.status).toBe(400);
    expect(fake.attempts('upload')[0]?.status).toBe(400);
    await expect(
      web.api.apiCall('files.completeUploadExternal', { files: [{ id: res.file_id }] }),
    ).rejects.toMatchObject({ data: { error: 'file_not_found' } });
  });
});

describe('slack image posts wait for processing', () => {
  it('a post before processing is refused; after waitUntilProcessed it goes through', async () => {
    fake.processingPolls = 2;
    const image: CardImage = { data: PNG, alt: 'Opened per day', title: 'Opened' };
    const [id] = await uploadImages(web.api, [{ data: PNG, filename: 'opened.png', alt: image.alt }], {
      queues: web.queues,
      channelId: 'C0SUPPORT',
    });
    const images = new Map([[image, id ?? '']]);
    const early = await post(chartMessage(image), images).catch((err: unknown) => err);
    expect(early).toMatchObject({ data: { error: 'invalid_blocks' } });
    expect(isFileNotReadyError(early)).toBe(true);

    const result = await waitUntilProcessed(web.api, [id ?? ''], {
      queues: web.queues,
      channelId: 'C0SUPPORT',
      timing: web.timing,
    });
    expect(result).toEqual({ ready: [id], pending: [] });
    // Two unprocessed answers, then the processed one, each after a doubling pause.
    expect(fake.callsTo('files.info').map((c) => c.args.file)).toEqual([id, id, id]);
    expect(web.slept).toEqual([250, 500, 1000]);

    await post(chartMessage(image), images);
    const posted = fake.callsTo('chat.postMessage')[0]?.args.blocks as Record<string, unknown>[];
    expect(posted[1]).toEqual({
      type: 'image',
      slack_file: { id },
      alt_text: 'Opened per day',
      title: { type: 'plain_text', text: 'Opened', emoji: true },
    });
  });

  it('gives up within its bound and reports the file pending', async () => {
    fake.processingPolls = 1000;
    const [id] = await uploadImages(web.api, [{ data: PNG, filename: 'slow.png', alt: 'slow' }], {
      queues: web.queues,
      channelId: 'C0SUPPORT',
    });
    const result = await waitUntilProcessed(web.api, [id ?? ''], {
      queues: web.queues,
      channelId: 'C0SUPPORT',
      timing: web.timing,
      maxWaitMs: 5000,
    });
    expect(result).toEqual({ ready: [], pending: [id] });
    expect(web.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
    expect(fake.callsTo('files.info').length).toBe(web.slept.length);
  });

  it('uploadCardImages maps the images it could upload; the rest render as their text', async () => {
    fake.processingPolls = 1;
    const chart: CardImage = { data: PNG, alt: 'Resolved per day', title: 'Resolved' };
    const stored: CardImage = { blobId: 'b1', alt: 'not loaded', textFallback: 'resolved ███ 3' };
    const images = await uploadCardImages(web.api, [chart, stored], {
      queues: web.queues,
      channelId: 'C0SUPPORT',
      timing: web.timing,
    });
    expect([...images.keys()]).toEqual([chart]);
    expect(fake.callsTo('files.getUploadURLExternal')[0]?.args.filename).toBe('resolved-1.png');
    const message: OutgoingMessage = {
      text: 'digest',
      card: {
        title: 'Digest',
        blocks: [
          { kind: 'image', image: chart },
          { kind: 'image', image: stored },
        ],
      },
    };
    await post(message, images);
    const blocks = fake.callsTo('chat.postMessage')[0]?.args.blocks as Record<string, unknown>[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'image', 'section']);
    expect(blocks[2]).toMatchObject({ text: { text: '```\nresolved ███ 3\n```' } });
  });
});
