/**
 * The satisfaction follow-up end to end on the console: `tickets.csatAfter` after a resolve the
 * reporter gets a private card with 1–5 buttons (not before; not at all when the ticket was
 * reopened in between); a click records the rating once (a second click with the same answer
 * changes nothing, another answer changes it), the comment form adds a comment; every answer is in
 * the ticket's event log, `/ticket show` shows the rating, and the next digest counts it.
 */
import { describe, expect, it } from 'vitest';
import { useConsoleApp } from '../helpers/console.ts';

const H = 3_600_000;
/** Tuesday 2026-03-03 10:00 in Shanghai. */
const T0 = Date.parse('2026-03-03T10:00:00+08:00');

const config = {
  locale: 'en',
  timezone: 'Asia/Shanghai',
  intake: [{ channel: 'support', team: 'support' }],
  teams: { support: { channel: 'support-team', tiers: [{ name: 'L1', rotation: { members: ['ann'] } }] } },
  digests: { charts: false },
  tickets: { csatAfter: '6h' },
};

const { app, clock, s } = useConsoleApp({ config, start: T0, user: 'rep', channel: 'support' });

/** Moves the clock to T0 + `ms`, fires what is due and returns what was printed meanwhile. */
async function at(ms: number): Promise<string> {
  const before = s.output().length;
  clock.set(T0 + ms);
  await app.tick();
  return s.output().slice(before);
}

async function eventsOf(number: number): Promise<{ kind: string; data: Record<string, unknown> }[]> {
  const { events } = await app.services.tickets.get(1, number);
  return events.filter((e) => e.kind.startsWith('csat_')).map((e) => ({ kind: e.kind, data: e.data }));
}

/** The stored answer of ticket #1 (ticket id 1 on a fresh database). */
async function stored(): Promise<{ rating: number; comment: string | null } | null> {
  const row = await app.runtime.repos.csat.byTicket(1);
  return row ? { rating: row.rating, comment: row.comment } : null;
}

describe('satisfaction follow-up (console)', () => {
  it('asks the reporter after the delay, records one rating, changes it, shows it and counts it', async () => {
    await s.say('/ticket new P2 Export button does nothing');
    await s.say(':as ann', '/ticket resolve 1 redeployed', ':as rep');
    expect(await at(6 * H - 60_000)).not.toContain('How did we do');

    const asked = await at(6 * H);
    expect(asked).toContain('[DM → @rep] sopbot:');
    expect(asked).toContain('How did we do with #1?');
    expect(asked).toContain('“Export button does nothing” was resolved.');
    expect(asked).toMatch(
      /\[1\] 1 😞\s+\[2\] 2 🙁\s+\[3\] 3 😐\s+\[4\] 4 🙂\s+\[5\] 5 😀\s+\[6\] Add a comment/,
    );
    expect(await at(7 * H)).not.toContain('How did we do'); // asked once

    const rated = await s.say('4');
    expect(rated).toContain('Thank you! You rated #1 4/5.');
    expect(rated).toContain('(card updated)');
    expect(rated).toContain('Your rating: 4/5');
    await s.say('4'); // the same answer again (a double click) changes nothing
    expect(await stored()).toEqual({ rating: 4, comment: null });
    expect(await eventsOf(1)).toEqual([
      { kind: 'csat_requested', data: {} },
      { kind: 'csat_rated', data: { to: 4 } },
    ]);

    expect(await s.say('2')).toContain('Changed: you now rate #1 2/5.');
    const form = await s.say('6');
    expect(form).toContain('Your rating');
    expect(form).toContain('Rating');
    await s.say(''); // keeps the rating given (2)
    const sent = await s.say('Fast, but I had to ask twice');
    expect(sent).toContain('You rated #1 2/5.');
    expect(await stored()).toEqual({ rating: 2, comment: 'Fast, but I had to ask twice' });
    expect(await eventsOf(1)).toEqual([
      { kind: 'csat_requested', data: {} },
      { kind: 'csat_rated', data: { to: 4 } },
      { kind: 'csat_changed', data: { from: 4, to: 2 } },
      { kind: 'csat_commented', data: { text: 'Fast, but I had to ask twice' } },
    ]);

    const shown = await s.say('/ticket show 1');
    expect(shown).toContain('Satisfaction: 2/5 · “Fast, but I had to ask twice”');
    expect(shown).toContain('rated satisfaction 4/5');
    expect(shown).toContain('changed satisfaction 4 → 2/5');

    // The next daily digest (Wednesday's, covering Tuesday) counts the answer, next to the target.
    clock.set(Date.parse('2026-03-04T12:00:00+08:00'));
    const digest = await s.say('/report daily');
    expect(digest).toContain('Satisfaction (CSAT): 2 / 5 · 1 answers · target ≥ 4.3 ⚠️');
  }, 60_000);

  it('a reopen before the delay cancels the follow-up; only the reporter may rate', async () => {
    await s.say('/ticket new P2 Search is slow');
    await s.say(':as ann', '/ticket resolve 1', '/ticket reopen 1', ':as rep');
    expect(await at(8 * H)).not.toContain('How did we do');
    expect(await eventsOf(1)).toEqual([]);

    await s.say(':as ann', '/ticket resolve 1', ':as rep');
    const asked = await at(15 * H);
    expect(asked).toContain('How did we do with #1?');
    const refused = await s.say(':as mallory', '4');
    expect(refused).toContain('Only the reporter of #1 can rate it.');
    expect(await stored()).toBeNull();
  }, 60_000);
});
