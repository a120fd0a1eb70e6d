/**
 * Image upload over HTTP against the fake open platform: the real FeishuApi (SDK client, fetch
 * transport, retry policy) sends a multipart POST im/v1/images; the fake parses it like Feishu.
 */
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import type { OutgoingMessage } from '../../src/core/message.ts';
import { imagesOf } from '../../src/core/message.ts';
import { FeishuApi, FeishuApiError, IMAGE_LIMIT_BYTES } from '../../src/platforms/feishu/client.ts';
import { renderMessage } from '../../src/platforms/feishu/render.ts';
import { contentOf, type FakeFeishu, startFakeFeishu } from '../helpers/fake-feishu.ts';
import { APP_ID } from '../helpers/feishu-sign.ts';

/** A real 2×2 PNG, so the bytes are what a chart renderer would hand over. */
function png(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const pixels = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(pixels)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

describe('Feishu image upload (e2e against the fake open platform)', () => {
  let fake: FakeFeishu;
  let api: FeishuApi;

  beforeAll(async () => {
    fake = await startFakeFeishu();
    api = new FeishuApi({
      appId: APP_ID,
      appSecret: 'test-app-secret',
      domain: fake.url,
      logger: silentLogger,
      retry: { baseMs: 1, maxMs: 5 },
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.calls.length = 0;
    fake.images.length = 0;
  });

  it('sends image_type=message and the file as multipart, and resolves with the image_key', async () => {
    const bytes = png();
    const key = await api.uploadImage(bytes, 'digest-2026-11-20.png');
    const [call] = fake.callsTo(/^POST \/open-apis\/im\/v1\/images$/);
    expect(call?.auth).toBe(`Bearer ${fake.token}`);
    expect(call?.body).toEqual({
      image_type: 'message',
      image: { name: 'digest-2026-11-20.png', type: 'image/png', size: bytes.byteLength },
    });
    expect(fake.images).toHaveLength(1);
    const [stored] = fake.images;
    expect(stored?.imageKey).toBe(key);
    expect(stored?.imageType).toBe('message');
    expect(Buffer.from(stored?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
  });

  it('then sends a card whose img shows the uploaded picture', async () => {
    const message: OutgoingMessage = {
      text: 'Daily digest',
      card: {
        title: 'Daily digest',
        blocks: [{ kind: 'image', image: { data: png(), alt: 'Tickets opened per day', title: '每日新建' } }],
      },
    };
    const images = imagesOf(message);
    const uploaded = new Map(
      await Promise.all(
        images.map(
          async (image, i) =>
            [image, await api.uploadImage(image.data ?? new Uint8Array(), `chart-${i}.png`)] as const,
        ),
      ),
    );
    const sent = await api.send('chat_id', 'oc_team', renderMessage(message, uploaded), 'uuid-img-1');
    expect(sent.messageId).toMatch(/^om_/);
    const [post] = fake.callsTo(/^POST \/open-apis\/im\/v1\/messages$/);
    expect(post?.body.msg_type).toBe('interactive');
    const card = contentOf(post) as { elements: Record<string, unknown>[] };
    expect(card.elements[0]).toMatchObject({
      tag: 'img',
      img_key: fake.images[0]?.imageKey,
      alt: { tag: 'plain_text', content: 'Tickets opened per day' },
      title: { tag: 'plain_text', content: '每日新建' },
    });
  });

  it('retries a failed upload with the same bytes', async () => {
    fake.failNext(/^POST \/open-apis\/im\/v1\/images$/, { status: 503 }, { status: 429, code: 99991400 });
    const bytes = png();
    const key = await api.uploadImage(bytes, 'retry.png');
    const calls = fake.callsTo(/^POST \/open-apis\/im\/v1\/images$/);
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => (c.body.image as { size: number }).size === bytes.byteLength)).toBe(true);
    expect(fake.images.map((i) => i.imageKey)).toEqual([key]);
  });

  it('refuses empty and oversized pictures before calling Feishu', async () => {
    await expect(api.uploadImage(new Uint8Array(), 'empty.png')).rejects.toBeInstanceOf(FeishuApiError);
    await expect(api.uploadImage(new Uint8Array(IMAGE_LIMIT_BYTES + 1), 'big.png')).rejects.toMatchObject({
      retryable: false,
    });
    expect(fake.callsTo(/images/)).toHaveLength(0);
  });
});
