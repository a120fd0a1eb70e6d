/**
 * Ticket stories for the digest tests, played through the real services (ticket use cases, SLA
 * engine, CSAT repository) on a ManualClock, in time order across all stories, so every row the
 * digests read (tickets, event log, SLA clocks with their maintained durations, ratings) is written
 * the way production writes it. Times are ISO strings with the local offset written out.
 */
import type { Repositories } from '../../db/repositories/index.ts';
import type { App } from '../../src/app.ts';
import type { ManualClock } from '../../src/core/clock.ts';

type Priority = 'P0' | 'P1' | 'P2' | 'P3';

export type Step =
  | { at: string; do: 'respond' | 'take' | 'resolve'; by?: string }
  | { at: string; do: 'pending' | 'resume' | 'reopen' | 'close' | 'escalate' | 'autoEscalate' | 'restore' }
  | { at: string; do: 'rate'; rating: number; comment?: string }
  | { at: string; do: 'priority'; to: Priority };

export interface Story {
  /** Workspace 1 (default) or a second one that no digest of workspace 1 may count. */
  workspace?: 1 | 2;
  team: string | null;
  priority: Priority;
  /** Its keywords pick the category (invoice → billing, login → account, error → technical …). */
  title: string;
  at: string;
  steps?: Step[];
}

/** A CSAT answer as the fixture gave it: first time, last value. */
export interface GivenRating {
  ticketId: number;
  rating: number;
  ratedAt: number;
}

export const REPORTER = 'rep';

interface Played {
  ids: number[];
  ratings: GivenRating[];
}

/** Plays every story, all steps of all stories in time order (ties: story order, then step order). */
export async function playStories(
  app: App,
  repos: Repositories,
  clock: ManualClock,
  stories: Story[],
): Promise<Played> {
  const workspaces = [
    (await repos.workspaces.ensure('console', 'local')).id,
    (await repos.workspaces.ensure('console', 'other')).id,
  ];
  const queue = stories.flatMap((story, i) => [
    { t: Date.parse(story.at), i, j: -1, step: null as Step | null },
    ...(story.steps ?? []).map((step, j) => ({ t: Date.parse(step.at), i, j, step })),
  ]);
  for (const q of queue) if (Number.isNaN(q.t)) throw new Error(`bad time in story ${q.i}`);
  queue.sort((a, b) => a.t - b.t || a.i - b.i || a.j - b.j);
  const made: { id: number; number: number; ws: number }[] = [];
  const ratings = new Map<number, GivenRating>();
  for (const q of queue) {
    clock.set(q.t);
    const story = stories[q.i] as Story;
    if (!q.step) {
      const ws = workspaces[(story.workspace ?? 1) - 1] as number;
      const { ticket } = await app.services.tickets.open({
        workspaceId: ws,
        title: story.title,
        priority: story.priority,
        reporterId: REPORTER,
        source: 'command',
        team: story.team,
        channelId: 'support',
        sourceUrl: `https://chat.example/t/${q.i}`,
      });
      made[q.i] = { id: ticket.id, number: ticket.number, ws };
      continue;
    }
    const t = made[q.i];
    if (!t) throw new Error(`story ${q.i} has a step before it was opened`);
    await play(app, repos, t, q.step, ratings);
  }
  return { ids: made.map((m) => m.id), ratings: [...ratings.values()] };
}

async function play(
  app: App,
  repos: Repositories,
  t: { id: number; number: number; ws: number },
  step: Step,
  ratings: Map<number, GivenRating>,
): Promise<void> {
  const tickets = app.services.tickets;
  const at = new Date(Date.parse(step.at));
  switch (step.do) {
    case 'respond':
      await tickets.comment(t.ws, t.number, step.by ?? 'ann', 'looking into it');
      return;
    case 'take':
      await tickets.take(t.ws, t.number, step.by ?? 'ann');
      return;
    case 'resolve':
      await tickets.resolve(t.ws, t.number, step.by ?? 'ann');
      return;
    case 'pending':
      await tickets.setStatus(t.ws, t.number, 'ann', 'pending');
      return;
    case 'resume':
      await tickets.setStatus(t.ws, t.number, REPORTER, 'in_progress');
      return;
    case 'reopen':
      await tickets.reopen(t.ws, t.number, REPORTER);
      return;
    case 'close':
      await tickets.close(t.ws, t.number, 'ann');
      return;
    case 'escalate':
      await tickets.escalate(t.ws, t.number, 'ann', 'needs a specialist');
      return;
    case 'autoEscalate':
      // What the SLA engine's escalation step logs when nobody answered in time.
      await repos.tickets.appendEvent({
        ticketId: t.id,
        at,
        actorId: 'sopbot',
        kind: 'escalated',
        data: { auto: true, from: 'L1', to: 'L2' },
      });
      return;
    case 'restore':
      await app.services.sla.markRestored(t.ws, t.number, 'ann');
      return;
    case 'priority':
      await tickets.setPriority(t.ws, t.number, 'ann', step.to);
      return;
    case 'rate': {
      await repos.csat.upsert({
        ticketId: t.id,
        rating: step.rating,
        comment: step.comment,
        ratedBy: REPORTER,
        at,
      });
      const first = ratings.get(t.id);
      ratings.set(t.id, { ticketId: t.id, rating: step.rating, ratedAt: first?.ratedAt ?? at.getTime() });
      return;
    }
  }
}

/** A small deterministic PRNG (mulberry32), so the generated stories are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TITLES = ['invoice is wrong', 'cannot login', 'error on save', 'feature idea', 'a question'];
const MEMBERS = ['ann', 'bob', 'cat'];
const M = 60_000;
const H = 60 * M;

/**
 * `count` random stories between `from` and `to` (ms): teams, priorities, categories, response
 * and resolve delays, pauses, reopen cycles, escalations and ratings (some changed) all vary.
 */
export function randomStories(count: number, from: number, to: number, seed: number): Story[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const iso = (ms: number) => new Date(Math.round(ms / 1000) * 1000).toISOString();
  const out: Story[] = [];
  for (let i = 0; i < count; i++) {
    let t = from + r() * (to - from);
    const steps: Step[] = [];
    const next = (minMs: number, maxMs: number) => {
      t += minMs + r() * (maxMs - minMs);
      return iso(t);
    };
    const team = pick(['support', 'support', 'support', null]);
    const priority = pick(['P0', 'P1', 'P1', 'P2', 'P2', 'P2', 'P3'] as const);
    const story: Story = { team, priority, title: pick(TITLES), at: iso(t), steps };
    if (r() < 0.1) steps.push({ at: next(2 * M, 3 * H), do: 'escalate' });
    if (r() < 0.85)
      steps.push({ at: next(2 * M, 30 * H), do: r() < 0.5 ? 'take' : 'respond', by: pick(MEMBERS) });
    if ((priority === 'P0' || priority === 'P1') && r() < 0.4)
      steps.push({ at: next(5 * M, 5 * H), do: 'restore' });
    if (r() < 0.15) {
      steps.push({ at: next(10 * M, 6 * H), do: 'pending' });
      steps.push({ at: next(30 * M, 20 * H), do: 'resume' });
    }
    if (r() < 0.8) {
      steps.push({ at: next(10 * M, 4 * 24 * H), do: 'resolve', by: r() < 0.1 ? REPORTER : pick(MEMBERS) });
      const resolvedAt = t;
      if (r() < 0.2) steps.push({ at: next(H, 2 * 24 * H), do: 'close' });
      if (r() < 0.15) {
        steps.push({ at: next(H, 3 * 24 * H), do: 'reopen' });
        if (r() < 0.7) steps.push({ at: next(2 * H, 2 * 24 * H), do: 'resolve', by: pick(MEMBERS) });
      }
      if (r() < 0.4) {
        const rated = Math.max(t, resolvedAt + 24 * H) + r() * 10 * H;
        steps.push({ at: iso(rated), do: 'rate', rating: 1 + Math.floor(r() * 5) });
        if (r() < 0.2) steps.push({ at: iso(rated + 2 * H), do: 'rate', rating: 1 + Math.floor(r() * 5) });
      }
    }
    out.push(story);
  }
  return out;
}
