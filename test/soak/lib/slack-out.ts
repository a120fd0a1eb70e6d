/**
 * What sopbot said to the fake Slack, read back per ticket: cards (a successful chat.postMessage
 * whose header is `🟠 #12 · Title`), confirmations (posts to a command's response_url, by its id),
 * and thread messages.
 */
import type { ApiCall, FakeSlack } from '../../helpers/fake-slack.ts';

type Block = { type?: string; text?: { text?: string } };

/** The title on a ticket card, or undefined when the call is not a card. */
export function cardTitle(call: ApiCall): string | undefined {
  const blocks = (call.args.blocks ?? []) as Block[];
  const header = blocks.find((b) => b.type === 'header')?.text?.text;
  if (!header || !JSON.stringify(blocks).includes('ticket.ack')) return undefined;
  return /#\d+ · (.*)$/s.exec(header)?.[1];
}

function counted(keys: (string | undefined)[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of keys) if (k !== undefined) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

/** Ticket cards posted, by title. */
export function cardsByTitle(fake: FakeSlack): Map<string, number> {
  return counted(fake.callsTo('chat.postMessage').map(cardTitle));
}

/** Posts to response_urls, by the url's id. */
export function answersById(fake: FakeSlack): Map<string, number> {
  return counted(fake.callsTo('response_url').map((c) => c.responseId));
}

/** Successful chat.postMessage calls in a thread, by thread ts. */
export function threadPosts(fake: FakeSlack): Map<string, number> {
  return counted(
    fake.callsTo('chat.postMessage').map((c) => (c.args.thread_ts ? String(c.args.thread_ts) : undefined)),
  );
}

/** How many keys of `expected` appear 0 times, and how many more than once, in `seen`. */
export function tally(
  expected: Iterable<string>,
  seen: Map<string, number>,
): { missing: number; twice: number } {
  let missing = 0;
  let twice = 0;
  for (const key of expected) {
    const n = seen.get(key) ?? 0;
    if (n === 0) missing++;
    if (n > 1) twice++;
  }
  return { missing, twice };
}

/** A card or confirmation Slack received more than once, and when each copy arrived (ms). */
export interface Doubled {
  what: string;
  at: number[];
}

/**
 * Every doubled card and confirmation with the arrival time of each copy: what a failure report
 * needs to tell who sent the second copy.
 */
export function doubles(fake: FakeSlack, answerTitle: (id: string) => string): Doubled[] {
  const groups = new Map<string, number[]>();
  const add = (key: string, at: number | undefined) => groups.set(key, [...(groups.get(key) ?? []), at ?? 0]);
  for (const c of fake.callsTo('chat.postMessage')) {
    const t = cardTitle(c);
    if (t) add(`${t} card`, c.at);
  }
  for (const c of fake.callsTo('response_url')) {
    if (c.responseId) add(`${answerTitle(c.responseId)} confirmation`, c.at);
  }
  return [...groups].filter(([, at]) => at.length > 1).map(([what, at]) => ({ what, at }));
}

/** Answers that are the generic internal-error message (en or zh-CN), whatever way they were sent. */
export function errorAnswers(fake: FakeSlack): number {
  return fake.calls.filter(
    (c) => c.status === 200 && /Something went wrong|系统内部出错/.test(JSON.stringify(c.args)),
  ).length;
}
