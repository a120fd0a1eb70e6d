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

/**
 * When each doubled card and confirmation was posted, relative to `t0` (ms): what a failure
 * report needs to tell who sent the second copy (`Soak frozen 57 card +1.2 s, +15.1 s`).
 */
export function doublesTimeline(fake: FakeSlack, t0: number, answerTitle: (id: string) => string): string[] {
  const at = (c: ApiCall) => `+${(((c.at ?? t0) - t0) / 1000).toFixed(1)} s`;
  const out: string[] = [];
  const cards = new Map<string, ApiCall[]>();
  for (const c of fake.callsTo('chat.postMessage')) {
    const t = cardTitle(c);
    if (t) cards.set(t, [...(cards.get(t) ?? []), c]);
  }
  for (const [t, calls] of cards) if (calls.length > 1) out.push(`${t} card ${calls.map(at).join(', ')}`);
  const answers = new Map<string, ApiCall[]>();
  for (const c of fake.callsTo('response_url')) {
    if (c.responseId) answers.set(c.responseId, [...(answers.get(c.responseId) ?? []), c]);
  }
  for (const [id, calls] of answers) {
    if (calls.length > 1) out.push(`${answerTitle(id)} confirmation ${calls.map(at).join(', ')}`);
  }
  return out;
}

/** Answers that are the generic internal-error message (en or zh-CN), whatever way they were sent. */
export function errorAnswers(fake: FakeSlack): number {
  return fake.calls.filter(
    (c) => c.status === 200 && /Something went wrong|系统内部出错/.test(JSON.stringify(c.args)),
  ).length;
}
