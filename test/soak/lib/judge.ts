/**
 * The verdict on a load of `/ticket new` (lib/load.ts), read from the database and the fake: for
 * every acknowledged command, its ticket (none: lost, or late if still journaled; two: doubled),
 * its card and its confirmation (missing, or sent twice).
 */
import type { FakeSlack } from '../../helpers/fake-slack.ts';
import { type Sql, ticketsByTitle } from './db.ts';
import type { SlackSender } from './slack.ts';
import { answersById, cardsByTitle, errorAnswers, tally } from './slack-out.ts';

export interface CommandVerdict {
  acked: number;
  retried: number;
  tickets: number;
  /** Acknowledged, no ticket, not journaled: gone for good. */
  lost: number;
  /** Acknowledged, no ticket yet, still journaled: the next replay would do it. */
  late: number;
  doubled: number;
  /** Tickets made for commands never acknowledged (Slack gave up, the work was done anyway). */
  unacked: number;
  cards: { missing: number; twice: number };
  answers: { missing: number; twice: number };
  errorAnswers: number;
}

export async function judgeCommands(o: {
  sql: Sql;
  fake: FakeSlack;
  sender: SlackSender;
  total: number;
  title(n: number): string;
  prefix: string;
}): Promise<CommandVerdict> {
  const { sql, fake, sender, title } = o;
  const acked = sender.sent.filter((s) => s.acked).map((s) => Number(s.id));
  const tickets = await ticketsByTitle(sql);
  const journaled = new Set(
    (await sql<{ key: string }[]>`select key from deliveries`).map((r) =>
      r.key.replace(`trigger:soak.${o.prefix}.`, ''),
    ),
  );
  const undone = acked.filter((n) => !tickets.has(title(n)));
  const late = undone.filter((n) => journaled.has(String(n))).length;
  const all = Array.from({ length: o.total }, (_, i) => title(i + 1));
  const made = all.filter((t) => tickets.has(t));
  const done = acked.filter((n) => tickets.has(title(n)));
  return {
    acked: acked.length,
    retried: sender.sent.filter((s) => s.acked && s.attempts.length > 1).length,
    tickets: all.reduce((a, t) => a + (tickets.get(t) ?? 0), 0),
    lost: undone.length - late,
    late,
    doubled: tally(all, tickets).twice,
    unacked: made.length - done.length,
    cards: tally(made, cardsByTitle(fake)),
    answers: tally(
      done.map((n) => `${o.prefix}-${n}`),
      answersById(fake),
    ),
    errorAnswers: errorAnswers(fake),
  };
}
