/**
 * Starting a run: the checks (a known template, a name no running release has, `at` a time not in
 * the past, roles that exist), the run and its steps with their first due times, and the plan
 * posted at once (the parent message in the channel, one thread reply per step), even when T0 is
 * ahead. Pure checks here; the service writes.
 */
import type { NewReleaseRunRow, ReleaseStepRow } from '../../../db/repositories/index.ts';
import { guessParam } from '../../core/did-you-mean.ts';
import { CodedError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/index.ts';
import type { OutboxItem } from '../../runtime/outbox.ts';
import { resolveDueTimes } from './due.ts';
import { runSubject, stepSubject } from './model.ts';
import { parseRoleAssignments } from './roles.ts';
import { parseStartAt } from './start-at.ts';
import type { ReleaseTemplate } from './template.ts';

/** What a release name may be: one word, so commands can name it (scheduled names add a date). */
export const NAME_RE = /^[^\s"“”'`<>@＠]{1,48}$/u;

/** Everything a start needs, from a command, a schedule or a rollback. */
export interface StartRequest {
  platform: string;
  workspaceId: number | null;
  channelId: string;
  starterId: string | null;
  template: string;
  name: string;
  /** The text after `at`, if any. */
  at?: string;
  /** The `role=@user` words, unparsed. */
  roles?: string;
  /** Already parsed assignments (schedules). */
  assignments?: Record<string, string[]>;
  locale: Locale;
  /** The run's zone when the caller decides it (a schedule's); default the template's, else the team's. */
  zone?: string;
  /** T0 given directly (a schedule's slot). */
  t0?: Date;
  origin?: string | null;
  scheduleKey?: string | null;
  parentId?: number | null;
  /** Told to the starter if the parent message cannot be posted (the bot is not in the channel). */
  onFail?: OutboxItem['onFail'];
}

/**
 * The template by name (any case) or by its title in either language when only one template has
 * it (`灰度发布`, `Staged rollout`: what `/release templates` shows), or the error listing the
 * templates there are.
 */
export function findTemplate(templates: ReadonlyMap<string, ReleaseTemplate>, name: string): ReleaseTemplate {
  const lower = name.toLowerCase();
  const titled = [...templates.values()].filter((t) =>
    Object.values(t.title).some((title) => title.toLowerCase() === lower),
  );
  const found = templates.get(name) ?? templates.get(lower) ?? (titled.length === 1 ? titled[0] : undefined);
  if (!found) {
    throw new CodedError('releases.unknown_template', {
      template: name,
      guess: guessParam(name, [
        ...templates.keys(),
        ...[...templates.values()].flatMap((t) => Object.values(t.title)),
      ]),
      templates: [...templates.keys()],
    });
  }
  return found;
}

/** Refuses a name commands could not name (hand-started releases; schedules add a date). */
export function checkName(name: string): void {
  if (!NAME_RE.test(name)) throw new CodedError('releases.bad_name', { name });
}

/** T0: the schedule's slot, `at <time>` read in the run's zone (never in the past), else now. */
export function startTime(req: StartRequest, zone: string, now: Date): Date {
  if (req.t0) return req.t0;
  if (req.at === undefined) return now;
  const parsed = parseStartAt(req.at, zone, now);
  if (!parsed.ok) throw new CodedError(parsed.key, parsed.params);
  return parsed.at;
}

/** The role assignments of a start (parsed from `role=@user` words, or given by a schedule). */
export function roleMap(req: StartRequest, template: ReleaseTemplate): Record<string, string[]> {
  if (req.assignments) return req.assignments;
  const parsed = parseRoleAssignments(req.roles ?? '', template);
  if (!parsed.ok) throw new CodedError(parsed.key, parsed.params);
  if (parsed.rest.trim()) throw new CodedError('releases.extra_words', { words: parsed.rest });
  return Object.fromEntries([...parsed.assignments].map(([k, v]) => [k, [...v]]));
}

/** The run's row as it is inserted. */
export function runRow(
  req: StartRequest,
  template: ReleaseTemplate,
  zone: string,
  t0: Date,
  roles: Record<string, string[]>,
  now: Date,
): NewReleaseRunRow {
  return {
    workspaceId: req.workspaceId,
    platform: req.platform,
    channelId: req.channelId,
    name: req.name,
    templateName: template.name,
    template: template as unknown as Record<string, unknown>,
    locale: req.locale,
    zone,
    t0,
    t0ReachedAt: t0 <= now ? now : null,
    status: 'running',
    outcome: null,
    starterId: req.starterId,
    roles,
    parentId: req.parentId ?? null,
    scheduleKey: req.scheduleKey ?? null,
    origin: req.origin ?? null,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
}

/** Every step, pending, with the due times known at T0 (`after:` steps wait). */
export function stepRows(runId: number, template: ReleaseTemplate, zone: string, t0: Date): ReleaseStepRow[] {
  const due = resolveDueTimes({ template, t0, zone });
  return template.steps.map((spec) => {
    const d = due.get(spec.id);
    return {
      runId,
      number: spec.number,
      stepId: spec.id,
      state: 'pending',
      dueAt: d?.at ?? null,
      endsAt: d?.endsAt ?? null,
      duePingedAt: null,
      lastRemindedAt: null,
      reminders: 0,
      owners: null,
      decision: null,
      votes: [],
      lateMs: null,
      completedAt: null,
      completedBy: null,
      note: null,
    };
  });
}

/** The plan, posted at once: the parent message in the channel, then each step's reply in its thread. */
export function planItems(req: StartRequest, runId: number, count: number): OutboxItem[] {
  const subject = runSubject(runId);
  const items: OutboxItem[] = [
    {
      op: 'live',
      mode: 'post',
      live: subject,
      to: { channelId: req.channelId },
      platform: req.platform,
      subject,
      ...(req.onFail ? { onFail: req.onFail } : {}),
    },
  ];
  for (let n = 1; n <= count; n++) {
    items.push({
      op: 'live',
      mode: 'post',
      live: stepSubject(runId, n),
      to: { threadOf: subject },
      platform: req.platform,
      subject,
    });
  }
  return items;
}
