/**
 * Replies in a release's thread (the thread of its parent message, where every step's reply is):
 * each lands in the release's event log with its author and time, so the record holds what was
 * said while the release ran.
 */
import type { ThreadReplyEvent } from '../src/core/events.ts';
import { parseSubject } from '../src/domain/releases/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';

const MAX_NOTE = 2_000;

/** A reply in a release's thread (subject `release:<id>`). */
export async function releaseThreadHandler(
  ctx: RequestContext<ThreadReplyEvent>,
  subject: string,
): Promise<void> {
  const run = parseSubject(subject)?.run;
  const text = ctx.event.text.trim();
  if (!run || !text) return;
  const body = text.length > MAX_NOTE ? `${text.slice(0, MAX_NOTE - 1)}…` : text;
  await ctx.services.releases.note(run, ctx.actor.id, body, ctx.event.messageId);
}
