/**
 * SLA policies: the targets one priority is held to, and the snapshot of them a ticket keeps
 * (grafana/oncall's escalation snapshot): a config change never rewrites the rules an open
 * ticket is already running under, a priority change refreezes them.
 */
// The module's strings are registered wherever its code is loaded.
import './catalog.ts';
import type { Urgency } from '../../core/messenger.ts';
import type { Priority } from '../tickets/index.ts';
import type { Calendar } from './calendar.ts';

/** The targets one priority is held to, with the calendar its clock runs on. */
export interface SlaPolicy {
  firstResponseMs: number;
  resolveMs: number;
  /** Seed 001 separates 恢复服务 (service restored) from 彻底解决 (resolved); optional. */
  restoreMs?: number;
  escalateAfterMs: number;
  calendar: Calendar;
}

/** Engine-wide knobs from the `sla:` config section. */
export interface SlaSettings {
  warnAt: number[];
  repingAfterMs: number;
  maxRepings: number;
  urgentP0: Exclude<Urgency, 'normal'>;
  countdownEveryMs: number;
  stallAfterMs: number;
  auditEveryMs: number;
}

export const DEFAULT_SLA_SETTINGS: SlaSettings = {
  warnAt: [0.5, 0.8],
  repingAfterMs: 10 * 60_000,
  maxRepings: 3,
  urgentP0: 'app',
  countdownEveryMs: 60_000,
  stallAfterMs: 60_000,
  auditEveryMs: 30_000,
};

/** The targets an SLA clock tracks, in the order they are usually met. */
export const TARGETS = ['first_response', 'restore', 'resolve'] as const;
export type Target = (typeof TARGETS)[number];

/** What a ticket froze when it opened: policy, warning fractions and its escalation chain. */
export interface FrozenPolicy extends SlaPolicy {
  priority: Priority;
  warnAt: number[];
  /** Tier names in escalation order, `managers` last. */
  chain: string[];
}

export function freezePolicy(
  priority: Priority,
  policy: SlaPolicy,
  settings: SlaSettings,
  chain: string[],
): FrozenPolicy {
  const warnAt = [...new Set(settings.warnAt)].filter((f) => f > 0 && f < 1).sort((a, b) => a - b);
  return { priority, ...policy, warnAt, chain: [...chain] };
}

/** The target duration of `target`, or undefined when the policy has none (restore is optional). */
export function targetMs(policy: SlaPolicy, target: Target): number | undefined {
  if (target === 'first_response') return policy.firstResponseMs;
  if (target === 'resolve') return policy.resolveMs;
  return policy.restoreMs;
}

/** Reads a stored snapshot back. Stored by this module, so the cast restates what was written. */
export function thawPolicy(stored: Record<string, unknown>): FrozenPolicy {
  return stored as unknown as FrozenPolicy;
}

/** How hard to page: `sla.urgentP0` for P0, in-app urgency otherwise. */
export function pageUrgency(priority: Priority, settings: SlaSettings): Urgency {
  return priority === 'P0' ? settings.urgentP0 : 'app';
}
