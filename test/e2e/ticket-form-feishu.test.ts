/**
 * `/ticket new` without a title on Feishu: the same neutral `ticket.new` form as Slack's modal and
 * the console's prompts, here a card with a form container; the priority typed is preselected, an
 * empty title is refused on the card with the field's reason, a good submission makes the ticket.
 */
import { describe, expect, it } from 'vitest';
import { contentOf, useFeishuApp } from '../helpers/fake-feishu.ts';
import { cardActionEvent, messageEvent } from '../helpers/feishu-sign.ts';

type Json = Record<string, unknown>;
const h = useFeishuApp({ config: { locale: 'en' } });

const sends = () => h.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages$/);

describe('/ticket new without a title on Feishu', () => {
  it('sends the ticket form card; refuses an empty title on the card; creates the ticket', async () => {
    await h.send(
      messageEvent({ chatId: 'oc_dm', chatType: 'p2p', senderId: 'ou_ann', text: '/ticket new P1' }),
    );
    await h.settle();
    const card = contentOf(sends().at(-1)) as Json;
    const form = (card.elements as Json[]).find((e) => e.tag === 'form') as Json;
    const fields = form.elements as Json[];
    expect(fields.map((e) => e.name).filter(Boolean)).toEqual(expect.arrayContaining(['title', 'priority']));
    const priority = fields.find((e) => e.name === 'priority') as Json;
    expect(priority.initial_option).toBe('P1');
    const submit = fields.find((e) => e.action_type === 'form_submit') as Json;
    const sessionId = (submit.value as Json).formSession as string;
    const answer = (title: string) =>
      h.send(
        cardActionEvent({
          userId: 'ou_ann',
          chatId: 'oc_dm',
          messageId: 'om_form',
          value: { formSession: sessionId },
          formValue: { title, priority: 'P1' },
        }),
      );
    const empty = await answer('   ');
    expect(empty.body).toMatchObject({ toast: { type: 'error' } });
    expect(JSON.stringify((empty.body.card as Json).data)).toContain('Required.');
    await h.settle();
    expect(await h.app.services.tickets.list(1, 'all', 'x')).toHaveLength(0);
    const ok = await answer('VPN drops');
    expect(ok.body).toMatchObject({ toast: { type: 'info' } });
    await h.settle();
    const [ticket] = await h.app.services.tickets.list(1, 'all', 'x');
    expect(ticket).toMatchObject({ title: 'VPN drops', priority: 'P1', reporterId: 'ou_ann' });
    // The same form id as Slack's modal and the console's prompts.
    const sessions = await h.app.runtime.repos.forms.get(sessionId);
    expect(sessions?.formId).toBe('ticket.new');
  });
});
