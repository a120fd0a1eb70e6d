/**
 * The digest test fixture: the app config, the same SLA policies written out for the oracle, and
 * the hand-made stories. Billing (Shanghai, +08:00) is small enough to check by hand; support
 * (Los Angeles) holds the DST and period-edge cases that random stories are added around.
 */
import type { Calendar } from '../../src/domain/sla/calendar.ts';
import type { SlaPolicy } from '../../src/domain/sla/policy.ts';
import type { Story } from './digest-fixture.ts';

export const LA = 'America/Los_Angeles';
export const SH = 'Asia/Shanghai';
const M = 60_000;
const H = 60 * M;

export const DIGEST_CONFIG = {
  locale: 'en',
  timezone: LA,
  intake: [{ channel: 'support', team: 'support' }],
  priorities: {
    P0: { firstResponse: '15m', resolve: '2h', restore: '1h', escalateAfter: '30m', calendar: '24x7' },
    P1: { firstResponse: '30m', resolve: '4h', restore: '2h', escalateAfter: '1h', calendar: '24x7' },
    P2: { firstResponse: '2h', resolve: '24h', escalateAfter: '4h', calendar: 'business' },
    P3: { firstResponse: '24h', resolve: '72h', escalateAfter: '24h', calendar: 'business' },
  },
  calendars: { business: { hours: '09:00-18:00', holidays: ['2026-03-20'] } },
  teams: {
    support: {
      channel: 'support-team',
      managers: ['boss'],
      tiers: [
        { name: 'L1', rotation: { members: ['ann', 'bob'] } },
        { name: 'L2', rotation: { members: ['cat'] } },
      ],
    },
    billing: {
      channel: 'billing-team',
      managers: ['boss'],
      tiers: [{ name: 'L1', rotation: { members: ['dan'] } }],
    },
  },
};

/** The same policies, written out independently of the config parser, for the oracle. */
const business: Calendar = {
  kind: 'business',
  timeZone: LA,
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '18:00',
  holidays: ['2026-03-20'],
};
const h24: Calendar = { kind: '24x7' };
export const POLICIES: Record<string, SlaPolicy> = {
  P0: { firstResponseMs: 15 * M, resolveMs: 2 * H, restoreMs: H, escalateAfterMs: 30 * M, calendar: h24 },
  P1: { firstResponseMs: 30 * M, resolveMs: 4 * H, restoreMs: 2 * H, escalateAfterMs: H, calendar: h24 },
  P2: { firstResponseMs: 2 * H, resolveMs: 24 * H, escalateAfterMs: 4 * H, calendar: business },
  P3: { firstResponseMs: 24 * H, resolveMs: 72 * H, escalateAfterMs: 24 * H, calendar: business },
};

/** Billing (Shanghai, +08:00): small enough to check by hand (see the first test). */
export const BILLING: Story[] = [
  // B1: the last second of 2026-03-08 in Shanghai.
  {
    team: 'billing',
    priority: 'P1',
    title: 'invoice is wrong',
    at: '2026-03-08T23:59:59+08:00',
    steps: [
      { at: '2026-03-09T00:20:00+08:00', do: 'respond', by: 'dan' },
      { at: '2026-03-09T02:00:00+08:00', do: 'resolve', by: 'dan' },
      { at: '2026-03-10T03:00:00+08:00', do: 'rate', rating: 2, comment: 'slow' },
      { at: '2026-03-10T05:00:00+08:00', do: 'rate', rating: 4 },
    ],
  },
  // B2: the first second of 2026-03-09; first response exactly 100% over.
  {
    team: 'billing',
    priority: 'P1',
    title: 'invoice charged twice',
    at: '2026-03-09T00:00:00+08:00',
    steps: [
      { at: '2026-03-09T01:00:00+08:00', do: 'respond', by: 'dan' },
      { at: '2026-03-09T03:00:00+08:00', do: 'resolve', by: 'dan' },
    ],
  },
  // B3: first response 33% over, resolved in 3 h (restore met by the resolve: 50% over).
  {
    team: 'billing',
    priority: 'P1',
    title: 'cannot login',
    at: '2026-03-08T10:00:00+08:00',
    steps: [
      { at: '2026-03-08T10:40:00+08:00', do: 'respond', by: 'dan' },
      { at: '2026-03-08T13:00:00+08:00', do: 'resolve', by: 'dan' },
      { at: '2026-03-09T14:00:00+08:00', do: 'rate', rating: 5 },
    ],
  },
  // B4: P0 escalated by hand; restored 10 min late, resolved 1 h late (50%).
  {
    team: 'billing',
    priority: 'P0',
    title: 'error on save',
    at: '2026-03-08T12:00:00+08:00',
    steps: [
      { at: '2026-03-08T12:05:00+08:00', do: 'respond', by: 'dan' },
      { at: '2026-03-08T12:30:00+08:00', do: 'escalate' },
      { at: '2026-03-08T13:10:00+08:00', do: 'restore' },
      { at: '2026-03-08T15:00:00+08:00', do: 'resolve', by: 'dan' },
      { at: '2026-03-08T16:00:00+08:00', do: 'rate', rating: 3 },
    ],
  },
  // B5: P0 nobody answers until after the day: three breaches still open at its end.
  {
    team: 'billing',
    priority: 'P0',
    title: 'error on pay page',
    at: '2026-03-08T20:00:00+08:00',
    steps: [
      { at: '2026-03-09T01:00:00+08:00', do: 'respond', by: 'dan' },
      { at: '2026-03-09T02:00:00+08:00', do: 'resolve', by: 'dan' },
    ],
  },
  // B6: P2 on LA business hours: opened Friday 18:00 PST, answered Monday 10:30 PDT.
  {
    team: 'billing',
    priority: 'P2',
    title: 'feature idea',
    at: '2026-03-07T10:00:00+08:00',
    steps: [
      { at: '2026-03-10T01:30:00+08:00', do: 'respond', by: 'dan' },
      { at: '2026-03-11T02:00:00+08:00', do: 'resolve', by: 'dan' },
    ],
  },
  // B7: resolved on the 2nd, reopened and resolved again on the 8th (exactly at its due).
  {
    team: 'billing',
    priority: 'P1',
    title: 'invoice refund',
    at: '2026-03-02T10:00:00+08:00',
    steps: [
      { at: '2026-03-02T10:10:00+08:00', do: 'take', by: 'dan' },
      { at: '2026-03-02T12:00:00+08:00', do: 'resolve', by: 'dan' },
      { at: '2026-03-08T09:00:00+08:00', do: 'reopen' },
      { at: '2026-03-08T11:00:00+08:00', do: 'resolve', by: 'dan' },
    ],
  },
  // B8: old and never answered.
  { team: 'billing', priority: 'P3', title: 'a question', at: '2026-02-20T10:00:00+08:00' },
  // B9: pending for ten hours.
  {
    team: 'billing',
    priority: 'P1',
    title: 'login broken',
    at: '2026-03-08T08:00:00+08:00',
    steps: [
      { at: '2026-03-08T08:10:00+08:00', do: 'respond', by: 'dan' },
      { at: '2026-03-08T08:30:00+08:00', do: 'pending' },
      { at: '2026-03-08T18:30:00+08:00', do: 'resume' },
      { at: '2026-03-08T19:00:00+08:00', do: 'resolve', by: 'dan' },
      { at: '2026-03-08T23:59:59+08:00', do: 'rate', rating: 5 },
    ],
  },
  // B10: the same team in another workspace: never counted.
  {
    workspace: 2,
    team: 'billing',
    priority: 'P1',
    title: 'invoice elsewhere',
    at: '2026-03-08T12:00:00+08:00',
    steps: [{ at: '2026-03-08T14:00:00+08:00', do: 'resolve', by: 'dan' }],
  },
];

/** Support (Los Angeles) edge cases; random stories are added around them. */
export const SUPPORT: Story[] = [
  {
    team: 'support',
    priority: 'P1',
    title: 'error on save',
    at: '2026-03-08T23:59:59-07:00',
    steps: [{ at: '2026-03-09T00:10:00-07:00', do: 'respond' }],
  },
  { team: 'support', priority: 'P1', title: 'error on load', at: '2026-03-09T00:00:00-07:00' },
  // Across the spring-forward gap: 02:00 PST is 03:00 PDT, so 01:30 -> 03:30 is one hour (100% over).
  {
    team: null,
    priority: 'P1',
    title: 'cannot login',
    at: '2026-03-08T01:30:00-08:00',
    steps: [
      { at: '2026-03-08T03:30:00-07:00', do: 'respond', by: 'bob' },
      { at: '2026-03-08T05:00:00-07:00', do: 'resolve', by: 'bob' },
      // A rating of a ticket with no team: the default team's (support's) digest counts it.
      { at: '2026-03-08T09:00:00-07:00', do: 'rate', rating: 4 },
    ],
  },
  // P2 over a weekend and the DST change: Fri 17-18 PST + Mon 09-10 PDT = exactly 2 h (met at its due).
  {
    team: 'support',
    priority: 'P2',
    title: 'invoice is wrong',
    at: '2026-03-06T17:00:00-08:00',
    steps: [
      { at: '2026-03-09T10:00:00-07:00', do: 'respond' },
      { at: '2026-03-10T09:30:00-07:00', do: 'resolve' },
    ],
  },
  // P2 over a night: 16-18 + 09-10:30 = 3.5 h (75% over).
  {
    team: 'support',
    priority: 'P2',
    title: 'error on save',
    at: '2026-03-03T16:00:00-08:00',
    steps: [
      { at: '2026-03-04T10:30:00-08:00', do: 'take', by: 'cat' },
      { at: '2026-03-05T11:00:00-08:00', do: 'resolve', by: 'cat' },
    ],
  },
  // P0 unanswered over the end of 2026-03-08, escalated by hand and automatically.
  {
    team: 'support',
    priority: 'P0',
    title: 'error outage',
    at: '2026-03-07T20:00:00-08:00',
    steps: [
      { at: '2026-03-07T20:40:00-08:00', do: 'escalate' },
      { at: '2026-03-07T21:00:00-08:00', do: 'autoEscalate' },
      { at: '2026-03-10T08:00:00-07:00', do: 'respond', by: 'cat' },
      { at: '2026-03-10T09:00:00-07:00', do: 'resolve', by: 'cat' },
    ],
  },
  // Resolved before midnight, reopened after it: resolved at the end of the 8th, open now.
  {
    team: 'support',
    priority: 'P1',
    title: 'invoice refund',
    at: '2026-03-08T20:00:00-07:00',
    steps: [
      { at: '2026-03-08T20:10:00-07:00', do: 'respond' },
      { at: '2026-03-08T23:00:00-07:00', do: 'resolve' },
      { at: '2026-03-09T01:00:00-07:00', do: 'reopen' },
      { at: '2026-03-10T12:00:00-07:00', do: 'resolve', by: 'bob' },
    ],
  },
  // Fall back: 01:30 PDT then 01:20 PST is 50 minutes later (67% over).
  {
    team: 'support',
    priority: 'P1',
    title: 'cannot login',
    at: '2026-11-01T01:30:00-07:00',
    steps: [
      { at: '2026-11-01T01:20:00-08:00', do: 'respond' },
      { at: '2026-11-01T23:30:00-08:00', do: 'resolve' },
    ],
  },
  {
    team: 'support',
    priority: 'P2',
    title: 'a question',
    at: '2026-11-01T01:30:00-08:00',
    steps: [{ at: '2026-11-02T10:00:00-08:00', do: 'respond' }],
  },
  { team: 'support', priority: 'P1', title: 'error late', at: '2026-11-01T23:59:59-08:00' },
  { team: null, priority: 'P1', title: 'error early', at: '2026-11-02T00:00:00-08:00' },
  // Month edges.
  { team: 'support', priority: 'P3', title: 'feature idea', at: '2026-02-28T23:59:59-08:00' },
  { team: 'support', priority: 'P3', title: 'feature idea', at: '2026-03-01T00:00:00-08:00' },
  { team: 'support', priority: 'P3', title: 'feature idea', at: '2026-03-31T23:59:59-07:00' },
  { team: 'support', priority: 'P3', title: 'feature idea', at: '2026-04-01T00:00:00-07:00' },
  // Old and never answered.
  { team: 'support', priority: 'P3', title: 'a question', at: '2026-02-01T10:00:00-08:00' },
  // P3 made P2 after two hours: measured on the P2 policy from the start (3 h, 50% over).
  {
    team: 'support',
    priority: 'P3',
    title: 'feature idea',
    at: '2026-03-02T09:00:00-08:00',
    steps: [
      { at: '2026-03-02T11:00:00-08:00', do: 'priority', to: 'P2' },
      { at: '2026-03-02T12:00:00-08:00', do: 'respond' },
      { at: '2026-03-03T15:00:00-08:00', do: 'resolve' },
    ],
  },
  // The reporter resolves it: resolving meets the first response too.
  {
    team: 'support',
    priority: 'P1',
    title: 'cannot login',
    at: '2026-03-05T10:00:00-08:00',
    steps: [{ at: '2026-03-05T10:20:00-08:00', do: 'resolve', by: 'rep' }],
  },
  // Over the 2026-03-20 holiday: Thu 17-18 + Mon 09-10 = exactly 2 h.
  {
    team: 'support',
    priority: 'P2',
    title: 'invoice is wrong',
    at: '2026-03-19T17:00:00-07:00',
    steps: [{ at: '2026-03-23T10:00:00-07:00', do: 'respond' }],
  },
  {
    workspace: 2,
    team: 'support',
    priority: 'P1',
    title: 'error elsewhere',
    at: '2026-03-08T12:00:00-07:00',
  },
];
