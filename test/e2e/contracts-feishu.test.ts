/**
 * The machinery's contracts end to end on Feishu (encrypted, signed callbacks; the fake open
 * platform), through the test-only probe module: a form as a card with a form container, a refused
 * value answered in the callback with the field's reason and what was typed kept, a good one
 * accepted; a picture uploaded (im/v1/images) and shown by an `img` element; a live message patched
 * in place; a click on a button nobody owns answered privately; a thread reply routed to its owner.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MODULES } from '../../src/modules.ts';
import { contentOf, type FakeCall, useFeishuApp } from '../helpers/fake-feishu.ts';
import { cardActionEvent, messageEvent } from '../helpers/feishu-sign.ts';
import { PROBE_PNG, probeModule, probeState, resetProbe } from '../helpers/probe-module.ts';

type Json = Record<string, unknown>;
const h = useFeishuApp({ config: { locale: 'en' }, modules: [...MODULES, probeModule] });
beforeEach(() => resetProbe());

/** `probe <what>` typed to the bot in a direct chat. */
async function probe(what: string): Promise<void> {
  await h.send(
    messageEvent({ chatId: 'oc_dm', chatType: 'p2p', senderId: 'ou_ann', text: `/probe ${what}` }),
  );
  await h.settle();
}

const sends = () => h.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages$/);
const lastCard = (calls: FakeCall[]) => contentOf(calls.at(-1)) as Json;

function findForm(card: Json): Json | undefined {
  return (card.elements as Json[] | undefined)?.find((e) => e.tag === 'form');
}

describe('the machinery on Feishu', () => {
  it('a form is a card; a refused value comes back on the card with its reason, a good one is accepted', async () => {
    await probe('form');
    const card = lastCard(sends());
    const form = findForm(card) as Json;
    const names = (form.elements as Json[]).map((e) => e.name).filter(Boolean);
    expect(names).toEqual(expect.arrayContaining(['count', 'day', 'color']));
    const submit = (form.elements as Json[]).find((e) => e.action_type === 'form_submit') as Json;
    const sessionId = (submit.value as Json).formSession as string;
    const answer = (count: string) =>
      h.send(
        cardActionEvent({
          userId: 'ou_ann',
          chatId: 'oc_dm',
          messageId: 'om_form',
          value: { formSession: sessionId },
          formValue: { count, day: '2026-12-24 +0800', color: 'blue' },
        }),
      );
    const tooMany = await answer('11');
    expect(tooMany.body).toMatchObject({ toast: { type: 'error' }, card: { type: 'raw' } });
    const again = JSON.stringify((tooMany.body.card as Json).data);
    expect(again).toContain('At most 10.');
    expect(again).toContain('"default_value":"11"'); // what was typed is kept
    const seven = await answer('7');
    expect(JSON.stringify((seven.body.card as Json).data)).toContain('seven is not allowed');
    await h.settle();
    expect(probeState.submitted).toEqual([]);
    const ok = await answer('5');
    expect(ok.body).toMatchObject({ toast: { type: 'info' } });
    await h.settle();
    expect(probeState.submitted).toEqual([
      { count: 5, day: '2026-12-24', color: 'blue', asked: 'by command' },
    ]);
    expect(JSON.stringify(contentOf(sends().at(-1)))).toContain('probe got 5 2026-12-24 blue');
  });

  it('a picture is uploaded to im/v1/images and shown by an img element with its image_key', async () => {
    await probe('image');
    expect(h.fake.images).toHaveLength(1);
    expect(h.fake.images[0]).toMatchObject({ imageType: 'message' });
    expect(Buffer.from(h.fake.images[0]?.bytes ?? []).equals(PROBE_PNG)).toBe(true);
    const img = (lastCard(sends()).elements as Json[]).find((e) => e.tag === 'img');
    expect(img).toMatchObject({
      tag: 'img',
      img_key: h.fake.images[0]?.imageKey,
      alt: { content: 'four coloured squares' },
    });
  });

  it('a live message is sent once and patched in place', async () => {
    await probe('live');
    await probe('bump');
    const sent = sends().filter((c) => JSON.stringify(contentOf(c)).includes('Probe counter'));
    expect(sent).toHaveLength(1);
    const patches = h.fake.callsTo(/^PATCH \/open-apis\/im\/v1\/messages\/om_bot_\d+$/);
    expect(patches.at(-1)?.path).toMatch(/om_bot_\d+$/);
    expect(JSON.stringify(contentOf(patches.at(-1)))).toContain('Probe counter: 2');
  });

  it('a click on a button nobody owns is answered privately', async () => {
    await probe('orphan');
    await h.send(
      cardActionEvent({
        userId: 'ou_ann',
        chatId: 'oc_dm',
        messageId: 'om_bot_x',
        value: { actionId: 'nobody.click', value: 'x' },
      }),
    );
    await h.settle();
    expect(JSON.stringify(contentOf(sends().at(-1)))).toContain('This button is no longer active.');
  });

  it('a reply in a thread the module owns reaches it', async () => {
    await probe('thread');
    // The thread's root is the card the bot sent.
    const cardId = (await h.app.runtime.repos.live.get('probe:thread'))?.messageId as string;
    await h.send(
      messageEvent({
        chatId: 'oc_dm',
        chatType: 'group',
        senderId: 'ou_ann',
        rootId: cardId,
        text: 'hello probe',
      }),
    );
    await h.settle();
    expect(probeState.replies).toEqual([{ subject: 'probe:thread', text: 'hello probe', user: 'ou_ann' }]);
  });
});
