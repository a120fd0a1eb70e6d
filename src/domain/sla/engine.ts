/**
 * The SLA engine: keeps each ticket's clock and timers in step with the ticket, and fires the
 * timers. `onTicketChange` runs inside every ticket change's transaction (TicketService.onChange):
 * it updates the clock, bumps its generation and replans every timer. `job` fires `sla.*` timers a
 * chunk at a time: tickets locked in id order, each timer checked against its clock's generation,
 * one step per timer, clocks and event-log entries written in bulk, successors planned, and what to
 * say written to the outbox in the same transaction (delivered after the commit, at each channel's
 * pace: a timer never waits for the chat API).
 */
import type {
  NewSlaClockRow,
  Repositories,
  RepositorySet,
  TimerRow,
} from '../../../db/repositories/index.ts';
import type { Clock } from '../../core/clock.ts';
import { type Locale, type Translator, translator } from '../../core/i18n/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { OutboxItem, OutboxWriter } from '../../runtime/outbox.ts';
import type { FireContext, FireResult, TimerJob } from '../../runtime/scheduler.ts';
import type { OnCall, OncallService } from '../oncall/index.ts';
import type { TeamsService } from '../teams/index.ts';
import {
  type Priority,
  type Ticket,
  type TicketChange,
  type TicketsService,
  ticketIdOf,
  ticketSubject,
  toTicket,
} from '../tickets/index.ts';
import { type ClockState, toClockPatch, toClockState } from './clock.ts';
import { lineKey, slaLine } from './countdown.ts';
import { renderLine } from './notices.ts';
import { type PlannedTimer, planTimers, SLA_TIMER_KINDS, type SlaTimerKind } from './plan.ts';
import { type FrozenPolicy, freezePolicy, type SlaPolicy, type SlaSettings } from './policy.ts';
import { runStep, type StepContext } from './steps.ts';
import { applyChange, openClock } from './transitions.ts';

export interface SlaEngineDeps {
  /** Outside transactions only (card rendering at delivery). */
  repos: Repositories;
  clock: Clock;
  settings: SlaSettings;
  policies: Record<Priority, SlaPolicy>;
  /** The escalation chain of a ticket's team: its tiers, then `managers`. */
  chainOf(team: string | null): string[];
  /** The team whose on-call answers for a ticket (its own, or the default team). */
  teamOf(ticketTeam: string | null): string | null;
  oncall: OncallService;
  teams: TeamsService;
  tickets: TicketsService;
  outbox: OutboxWriter;
  /** A workspace's platform and language (cached by the runtime). */
  workspaceOf(id: number): Promise<{ platform: string; locale: Locale } | undefined>;
  timeZone: string;
  logger: Logger;
  /** Told about each newly planned due time, so a running scheduler can wake up for it. */
  onPlanned?(at: Date): void;
}

/** Who the bot is in ticket event logs. */
export const SLA_ACTOR = 'sopbot';
/** Workspace platform and language change rarely; timers read them through this cache. */

type NewEvent = Parameters<RepositorySet['sla']['appendEvents']>[0][number];

interface TicketRun {
  ticket: Ticket;
  state: ClockState;
  events: NewEvent[];
  fired: TimerRow[];
  replan: Set<SlaTimerKind>;
  sends: OutboxItem[];
  cardDirty: boolean;
}

export function createSlaEngine(deps: SlaEngineDeps) {
  const { settings } = deps;

  function freeze(ticket: Pick<Ticket, 'priority' | 'team'>, chain?: string[]): FrozenPolicy {
    return freezePolicy(
      ticket.priority,
      deps.policies[ticket.priority],
      settings,
      chain ?? deps.chainOf(ticket.team),
    );
  }

  function rows(ticketId: number, generation: number, planned: PlannedTimer[]) {
    const subject = ticketSubject(ticketId);
    return planned.map((p) => ({ kind: p.kind, dueAt: p.dueAt, payload: p.payload, subject, generation }));
  }

  function told(planned: PlannedTimer[]): void {
    const first = planned.reduce<Date | null>((m, p) => (!m || p.dueAt < m ? p.dueAt : m), null);
    if (first) deps.onPlanned?.(first);
  }

  /**
   * Replaces every pending timer of the ticket with a fresh plan under a new generation. A ticket
   * created in this very transaction has no timers to cancel (`fresh`).
   */
  async function replan(
    r: RepositorySet,
    ticket: Ticket,
    state: ClockState,
    now: Date,
    fresh = false,
  ): Promise<ClockState> {
    const next = { ...state, generation: state.generation + 1 };
    if (!fresh) await r.timers.cancelForSubjects([ticketSubject(ticket.id)]);
    const planned = planTimers(ticket, next, settings, now);
    await r.timers.insert(rows(ticket.id, next.generation, planned), now);
    told(planned);
    return next;
  }

  /** Keeps the clock and timers in step with one ticket change (inside its transaction). */
  async function onTicketChange(change: TicketChange, r: RepositorySet): Promise<void> {
    const { ticket, event } = change;
    const now = deps.clock.now();
    if (event.kind === 'created') {
      // Born in this transaction: no clock, no timers yet, nothing to lock or cancel.
      const state = await replan(
        r,
        ticket,
        openClock(ticket, freeze(ticket), deps.teamOf(ticket.team)),
        now,
        true,
      );
      await r.sla.insertClock({ ticketId: ticket.id, ...toClockPatch(state, now, ticket) } as NewSlaClockRow);
      return;
    }
    const row = await r.sla.clock(ticket.id, { lock: true });
    const before = row ? toClockState(row) : openClock(ticket, freeze(ticket), deps.teamOf(ticket.team));
    const after = row ? applyChange(before, ticket, event, (t) => freeze(t, before.policy.chain)) : before;
    const state = await replan(r, ticket, after, now);
    if (row) await r.sla.updateClock(ticket.id, toClockPatch(state, now, ticket));
    else
      await r.sla.insertClock({ ticketId: ticket.id, ...toClockPatch(state, now, ticket) } as NewSlaClockRow);
  }

  /** Records that service was restored (`/sla restored`), inside the caller's transaction. */
  async function restored(r: RepositorySet, ticket: Ticket, state: ClockState, actorId: string, now: Date) {
    await r.tickets.appendEvent({ ticketId: ticket.id, at: now, actorId, kind: 'sla_restored', data: {} });
    const next = await replan(r, ticket, { ...state, restoredAt: now }, now);
    await r.sla.updateClock(ticket.id, toClockPatch(next, now, ticket));
    return next;
  }

  /** The SLA line for a card, from a ticket and its clock. */
  function cardLine(ticket: Ticket, state: ClockState, t: Translator, now: Date) {
    const line = slaLine(ticket, state, now, settings.countdownEveryMs);
    return { key: lineKey(line), text: renderLine(line, t, deps.timeZone) };
  }

  async function workspace(id: number) {
    const ws = await deps.workspaceOf(id);
    return { platform: ws?.platform ?? '', t: translator(ws?.locale ?? 'en') };
  }

  /** The step context of one ticket: effects are collected on `run`, written by `fire`. */
  function stepContext(
    r: RepositorySet,
    run: TicketRun,
    ctx: FireContext,
    lateMs: number,
    platform: string,
    t: Translator,
    whoIsOn: (team: string | null, tier: string) => Promise<OnCall>,
  ): StepContext {
    const { ticket } = run;
    const team = run.state.team;
    const subject = ticketSubject(ticket.id);
    const c: StepContext = {
      now: ctx.now,
      lateMs,
      ticket,
      state: run.state,
      settings,
      t,
      timeZone: deps.timeZone,
      team,
      whoIsOn: (tier) => whoIsOn(team, tier),
      log: async (kind, data) => {
        run.events.push({ ticketId: ticket.id, at: ctx.now, actorId: SLA_ACTOR, kind, data });
      },
      escalationReason: async () => {
        const list = await r.tickets.events(ticket.id);
        const last = list.reverse().find((e) => e.kind === 'escalated' && e.data.manual);
        return typeof last?.data.reason === 'string' ? last.data.reason : null;
      },
      setTier: async (tier) => {
        Object.assign(ticket, toTicket(await r.tickets.update(ticket.id, { tier, updatedAt: ctx.now })));
      },
      thread: (message) => {
        run.sends.push({ op: 'post', to: { threadOf: subject }, message, platform, subject });
      },
      dm: (users, message, urgency) => {
        for (const userId of users)
          run.sends.push({ op: 'direct', userId, urgency, message, platform, subject });
      },
      teamChannel: (message) => {
        run.sends.push(...deps.teams.announce(team, message));
      },
      refreshCard: () => {
        run.cardDirty = true;
      },
    };
    return c;
  }

  /** The card refresh a run ends with, when what the SLA line shows has changed. */
  function cardEdit(run: TicketRun, platform: string, now: Date): void {
    if (!run.cardDirty) return;
    const key = lineKey(slaLine(run.ticket, run.state, now, settings.countdownEveryMs));
    if (key === run.state.cardLine) return;
    run.sends.push(deps.tickets.cards.refresh(run.ticket, platform));
    run.state = { ...run.state, cardLine: key, cardEditedAt: now };
  }

  /** Fires a chunk of `sla.*` timers (locked by the scheduler); locks their tickets in id order first. */
  async function fire(timers: TimerRow[], ctx: FireContext): Promise<Map<number, FireResult>> {
    const r = ctx.repos;
    const results = new Map<number, FireResult>();
    const idOf = (timer: TimerRow) => (timer.subject ? (ticketIdOf(timer.subject) ?? 0) : 0);
    const ticketIds = [...new Set(timers.map(idOf))];
    const tickets = new Map((await r.sla.lockTickets(ticketIds)).map((row) => [row.id, toTicket(row)]));
    const clocks = new Map(
      (await r.sla.clocks(ticketIds, { lock: true })).map((row) => [row.ticketId, toClockState(row)]),
    );
    const oncallCache = new Map<string, Promise<OnCall>>();
    const whoIsOn = (team: string | null, tier: string) => {
      const key = `${team}\u0000${tier}`;
      if (!oncallCache.has(key)) oncallCache.set(key, deps.oncall.onCall(team, tier, ctx.now, r));
      return oncallCache.get(key) as Promise<OnCall>;
    };
    const runs: TicketRun[] = [];
    for (const timer of timers) {
      const ticket = tickets.get(idOf(timer));
      let run = runs.find((x) => x.ticket.id === idOf(timer));
      const state = run?.state ?? clocks.get(idOf(timer));
      if (!ticket || !state || state.generation !== timer.generation) {
        results.set(timer.id, { status: 'stale' });
        continue;
      }
      if (!run) {
        run = { ticket, state, events: [], fired: [], replan: new Set(), sends: [], cardDirty: false };
        runs.push(run);
      }
      const ws = await workspace(ticket.workspaceId);
      const lateMs = ctx.now.getTime() - timer.dueAt.getTime();
      const c = stepContext(r, run, ctx, lateMs > ctx.lateAfterMs ? lateMs : 0, ws.platform, ws.t, whoIsOn);
      const result = await runStep(timer.kind, timer.payload, c);
      run.state = c.state;
      results.set(timer.id, 'deferUntil' in result ? result : { status: result.status });
      if ('deferUntil' in result || result.status === 'stale') continue;
      run.fired.push(timer);
      for (const kind of result.replan ?? []) run.replan.add(kind);
    }
    await finishRuns(r, runs, results, ctx);
    return results;
  }

  /** Writes what a chunk's steps did: events, clocks, cancelled and successor timers, sends. */
  async function finishRuns(
    r: RepositorySet,
    runs: TicketRun[],
    results: Map<number, FireResult>,
    ctx: FireContext,
  ) {
    const touched = runs.filter((run) => run.fired.length);
    for (const run of touched) {
      const ws = await workspace(run.ticket.workspaceId);
      cardEdit(run, ws.platform, ctx.now);
    }
    await r.sla.appendEvents(touched.flatMap((run) => run.events));
    await r.sla.saveClocks(
      touched.map(
        (run) =>
          ({ ticketId: run.ticket.id, ...toClockPatch(run.state, ctx.now, run.ticket) }) as NewSlaClockRow,
      ),
    );
    const firedIds = touched.flatMap((run) => run.fired.map((t) => t.id));
    const byKinds = new Map<string, number[]>();
    for (const run of touched) {
      if (!run.replan.size) continue;
      const key = [...run.replan].sort().join(',');
      byKinds.set(key, [...(byKinds.get(key) ?? []), run.ticket.id]);
    }
    for (const [key, ids] of byKinds) {
      await r.timers.cancelForSubjects(ids.map(ticketSubject), key.split(','), firedIds);
    }
    await deps.outbox.sayIn(
      r,
      touched.flatMap((run) => run.sends),
    );
    for (const run of touched) {
      const planned = planTimers(run.ticket, run.state, settings, ctx.now).filter((p) =>
        run.replan.has(p.kind),
      );
      told(planned);
      const last = run.fired[run.fired.length - 1] as TimerRow;
      results.set(last.id, { status: 'fired', next: rows(run.ticket.id, run.state.generation, planned) });
    }
  }

  const job: TimerJob = {
    kinds: Object.values(SLA_TIMER_KINDS),
    fire,
  };

  return { freeze, onTicketChange, restored, cardLine, job };
}

export type SlaEngine = ReturnType<typeof createSlaEngine>;
