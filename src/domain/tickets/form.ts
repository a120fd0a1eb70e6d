/**
 * The new-ticket form, one neutral form for every platform: `/ticket new` without a title, and
 * the "Create ticket" message shortcut (prefilled from the message). A Slack modal, a Feishu form
 * card and console prompts are all rendered from this.
 */
import type { Form } from '../../core/form.ts';
import type { Translator } from '../../core/i18n/index.ts';
import { MAX_TITLE, PRIORITIES } from './model.ts';

export const NEW_TICKET_FORM = 'ticket.new';
export const AUTO_PRIORITY = 'auto';

export function newTicketForm(t: Translator, prefill: { title?: string; priority?: string } = {}): Form {
  const priority = PRIORITIES.find((p) => p === prefill.priority?.toUpperCase()) ?? AUTO_PRIORITY;
  return {
    id: NEW_TICKET_FORM,
    title: t('tickets.form_title'),
    submitLabel: t('tickets.form_create'),
    cancelLabel: t('form.cancel'),
    fields: [
      {
        key: 'title',
        kind: 'text',
        label: t('tickets.form_title_label'),
        required: true,
        maxLength: MAX_TITLE,
        ...(prefill.title ? { initial: prefill.title.slice(0, MAX_TITLE) } : {}),
      },
      {
        key: 'priority',
        kind: 'select',
        label: t('tickets.form_priority_label'),
        required: true,
        initial: priority,
        options: [
          { value: AUTO_PRIORITY, label: t('tickets.form_priority_auto') },
          ...PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) })),
        ],
      },
    ],
  };
}
