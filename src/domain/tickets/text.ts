/**
 * The text a ticket is made of, checked and shaped before anything is written: its title, a
 * comment or note, and the title and description of a ticket made from a whole chat message.
 */
import { CodedError } from '../../core/errors.ts';
import { MAX_TEXT, MAX_TITLE } from './model.ts';

export function validateTitle(raw: string): string {
  const title = raw.replace(/\s+/g, ' ').trim();
  if (!title) throw new CodedError('tickets.title_empty');
  if (title.length > MAX_TITLE)
    throw new CodedError('tickets.title_too_long', { length: title.length, max: MAX_TITLE });
  return title;
}

export function validateText(raw: string): string {
  const text = raw.trim();
  if (!text) throw new CodedError('tickets.text_empty');
  if (text.length > MAX_TEXT) throw new CodedError('common.too_long', { length: text.length, max: MAX_TEXT });
  return text;
}

/** Title and description for a ticket made from a whole chat message: first line, the rest below. */
export function titleFromMessage(text: string): { title: string; description: string | null } {
  const clean = text.trim();
  const firstLine = clean.split('\n')[0]?.trim() ?? '';
  const title = firstLine.length > MAX_TITLE ? `${firstLine.slice(0, MAX_TITLE - 1)}…` : firstLine;
  return { title: title || '…', description: clean === title ? null : clean.slice(0, 40_000) };
}
