/**
 * A module that exists only in tests, built with the same contract as the real ones, to show each
 * piece of the machinery end to end on every platform: a form (with a field rule and a module
 * rule), a card with an image, a live message edited in place, a thread it owns, a card action.
 * Registered through `createTestApp(db, { modules: [...MODULES, probeModule] })`.
 */
import { deflateSync } from 'node:zlib';
import type { Form } from '../../src/core/form.ts';
import { registerCatalog } from '../../src/core/i18n/index.ts';
import type { OutgoingMessage } from '../../src/core/message.ts';
import type { CommandDefinition } from '../../src/core/router.ts';
import type { RequestContext } from '../../src/runtime/context.ts';
import { defineModule, type ModuleDefinition } from '../../src/runtime/module.ts';
import { refresh } from '../../src/runtime/outbox.ts';

/** A real PNG: `size`×`size` pixels of one colour (signature, IHDR, one IDAT, IEND). */
export function tinyPng(size = 2, rgb: [number, number, number] = [200, 30, 30]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

export const PROBE_PNG = tinyPng();

export interface ProbeState {
  counter: number;
  submitted: Record<string, unknown>[];
  replies: { subject: string; text: string; user: string }[];
}

export const probeState: ProbeState = { counter: 0, submitted: [], replies: [] };

export function probeForm(): Form {
  return {
    id: 'probe.form',
    title: 'Probe form',
    submitLabel: 'Send',
    fields: [
      { key: 'count', kind: 'number', label: 'How many', required: true, min: 1, max: 10, integer: true },
      { key: 'day', kind: 'date', label: 'Which day' },
      {
        key: 'color',
        kind: 'select',
        label: 'Color',
        options: [
          { value: 'red', label: 'Red' },
          { value: 'blue', label: 'Blue' },
        ],
      },
    ],
  };
}

function liveCard(): OutgoingMessage {
  return {
    text: `probe counter ${probeState.counter}`,
    card: {
      title: `Probe counter: ${probeState.counter}`,
      buttons: [{ actionId: 'probe.bump', label: 'Bump', value: '1' }],
    },
  };
}

const probeCommand: CommandDefinition<RequestContext> = {
  name: 'probe',
  usage: () => '/probe form|image|live|bump|thread|orphan',
  async run(ctx, text) {
    const platform = ctx.event.platform;
    const where = { channelId: ctx.event.channelId };
    switch (text.trim()) {
      case 'form':
        await ctx.openForm(probeForm(), { context: { asked: 'by command' } });
        return null;
      case 'image':
        await ctx.say({
          op: 'post',
          platform,
          subject: 'probe:image',
          to: where,
          message: {
            text: 'probe picture',
            card: {
              title: 'Probe picture',
              blocks: [
                {
                  kind: 'image',
                  image: {
                    data: PROBE_PNG,
                    alt: 'four coloured squares',
                    title: 'Squares',
                    textFallback: '■ ■\n■ ■',
                  },
                },
              ],
            },
          },
        });
        return null;
      case 'live':
        probeState.counter = 1;
        await ctx.say({
          op: 'live',
          mode: 'post',
          live: 'probe:counter',
          to: where,
          platform,
          subject: 'probe:counter',
        });
        return null;
      case 'bump':
        probeState.counter += 1;
        await ctx.say(refresh(platform, 'probe:counter'));
        return null;
      case 'thread':
        await ctx.say({
          op: 'live',
          mode: 'post',
          live: 'probe:thread',
          to: where,
          platform,
          subject: 'probe:thread',
        });
        return null;
      case 'orphan':
        await ctx.say({
          op: 'post',
          platform,
          subject: 'probe:orphan',
          to: where,
          message: {
            text: 'orphan',
            card: { title: 'Orphan', buttons: [{ actionId: 'nobody.click', label: 'Click', value: 'x' }] },
          },
        });
        return null;
      default:
        return { visibility: 'ephemeral', message: { text: 'probe?' } };
    }
  },
};

registerCatalog({});

export const probeModule: ModuleDefinition = defineModule({
  // The contract is typed by Services; a test module borrows a name's slot loosely.
  name: 'probe' as never,
  create: (runtime) => {
    runtime.live.register({
      prefix: 'probe',
      async render(subject) {
        if (subject === 'probe:counter') return { message: liveCard() };
        if (subject === 'probe:thread')
          return { message: { text: 'probe thread', card: { title: 'Reply to me' } } };
        return null;
      },
      async posted(subject, ref, platform) {
        if (subject === 'probe:thread') {
          await runtime.threads.claim(platform, ref.channelId, ref.threadId ?? ref.messageId, {
            owner: 'probe',
            subject,
          });
        }
      },
    });
    return {} as never;
  },
  commands: [probeCommand],
  actions: {
    probe: async (ctx) => {
      probeState.counter += 1;
      await ctx.say(refresh(ctx.event.platform, 'probe:counter'));
    },
  },
  threads: {
    probe: async (ctx, subject) => {
      probeState.replies.push({ subject, text: ctx.event.text, user: ctx.event.user.id });
      ctx.respond({ visibility: 'thread', message: { text: `probe heard: ${ctx.event.text}` } });
    },
  },
  forms: {
    probe: {
      // The module's own rule, on top of the form's: 7 is refused.
      validate: (values) => (values.count === 7 ? { count: 'seven is not allowed' } : null),
      async submit(ctx, values, session) {
        probeState.submitted.push({ ...values, asked: session.context.asked });
        ctx.respond({
          visibility: 'ephemeral',
          message: { text: `probe got ${values.count} ${values.day ?? '-'} ${values.color ?? '-'}` },
        });
      },
    },
  },
});

export function resetProbe(): void {
  probeState.counter = 0;
  probeState.submitted.length = 0;
  probeState.replies.length = 0;
}
