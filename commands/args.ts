/** zod building blocks for command arguments. Messages are i18n keys (see core/router). */
import { z } from 'zod';
import { PRIORITIES } from '../src/domain/tickets/index.ts';

const MAX_TICKET_NUMBER = 2_147_483_647;

/** `42` or `#42`. */
export const ticketNumber = z
  .string({ error: (iss) => (iss.input === undefined ? 'tickets.id_required' : 'common.bad_number') })
  .regex(/^[#＃]?\d{1,10}$/, { error: 'common.bad_number' })
  .transform((s) => Number(s.replace(/^[#＃]/, '')))
  .refine((n) => n > 0 && n <= MAX_TICKET_NUMBER, { error: 'common.bad_number' });

/** `p1`, `P1`. */
export const priority = z
  .string({ error: 'tickets.bad_priority' })
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(PRIORITIES, { error: 'tickets.bad_priority' }));

export function looksLikePriority(token: string | undefined): boolean {
  return token !== undefined && /^p\d{1,2}$/i.test(token);
}

/**
 * A user: `<@U123>` (how platforms normalize mentions in command text), `<@U123|ann>`, `@ann`
 * or a bare id.
 */
export const userId = z
  .string({ error: 'tickets.user_required' })
  .transform((s) => /^<@([^>|]+)(\|[^>]*)?>$/.exec(s)?.[1] ?? s.replace(/^[@＠]/, ''))
  .pipe(z.string().regex(/^[\w.\-:]{1,64}$/, { error: 'common.bad_user' }));

/** The free text after the fixed words, or undefined. */
export function restAfter(text: string, count: number): string | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length <= count) return undefined;
  let rest = text.trim();
  for (let i = 0; i < count; i++) rest = rest.replace(/^\S+\s*/, '');
  return rest || undefined;
}
