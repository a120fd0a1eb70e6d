/**
 * The run's two kinds of live message: the parent message (the progress header: T0, a progress
 * bar, done / total, the next step due, open gates, overdue and blocked steps, the countdown) and
 * one thread reply per step (owner, due time in the run's zone, what to watch, the buttons). Both
 * are rendered from the run as it is when the edit is delivered, in the run's language.
 */
import type { Translator } from '../../core/i18n/index.ts';
import type { Card, CardButton, CardField, CardTone, OutgoingMessage, Span } from '../../core/message.ts';
import { plannedOwners } from './access.ts';
import { countdownDeadline } from './due.ts';
import { gateOpen, overdueSteps, waitingOn } from './engine.ts';
import { isComplete, isOpen, type Run, type Step, specOf } from './model.ts';
import { localized, type TemplateStep } from './template.ts';
import { clock, humanDuration, mentions, ownerSpans, progressBar, stepLabel } from './text.ts';

/** Button action ids (`release.*` reach the releases module's action handler). */
export const RELEASE_ACTIONS = {
  done: 'release.done',
  skip: 'release.skip',
  block: 'release.block',
  go: 'release.go',
  nogo: 'release.nogo',
  rollback: 'release.rollback',
} as const;

/** Another run shown in a header: the rollback it started, the one it rolls back, the previous slot. */
export interface RunRef {
  name: string;
  status: Run['status'];
  done: number;
  total: number;
}

/** Everything a header or step card shows. */
export interface RunView {
  run: Run;
  steps: Step[];
  /** Gate approvers, by step number (resolved for cards). */
  approvers: Map<number, string[]>;
  parent: RunRef | null;
  rollbacks: RunRef[];
  /** The run of the same schedule before this one, when it is still open. */
  previousOpen: RunRef | null;
}

/** Done (done or skipped), skipped and total steps: the header's progress. */
export function counts(steps: readonly Step[]) {
  const done = steps.filter(isComplete).length;
  const skipped = steps.filter((s) => s.state === 'skipped').length;
  return { done, skipped, total: steps.length };
}

function statusText(view: RunView, t: Translator, now: Date): string {
  const { run } = view;
  if (run.status === 'running')
    return run.t0 > now
      ? t('releases.status.waiting', { in: humanDuration(run.t0.getTime() - now.getTime(), t) })
      : t('releases.status.running');
  return outcomeText(run, t);
}

/** `✅ completed`, `⛔ stopped: no-go at go-5`, `↩️ rolled back (R-1-rollback)`, `✖ cancelled`. */
export function outcomeText(run: Run, t: Translator): string {
  const o = run.outcome;
  if (!o || run.status === 'running') return t('releases.status.running');
  if (o.kind === 'completed') return t('releases.outcome.completed');
  if (o.kind === 'cancelled') return t('releases.outcome.cancelled');
  if (o.kind === 'rolled_back') return t('releases.outcome.rolled_back', { rollback: o.rollback ?? '—' });
  const gate = o.gate ? t('releases.outcome.at_gate', { gate: o.gate }) : '';
  return o.rollback
    ? t('releases.outcome.nogo_rollback', { gate, rollback: o.rollback })
    : t('releases.outcome.nogo', { gate });
}

/** The open step due soonest that is not overdue (due now counts: a T0 step at the start). */
function nextDue(view: RunView, now: Date): Step | undefined {
  const { run, steps } = view;
  const late = new Set(overdueSteps(run, steps, now));
  return steps
    .filter((s) => isOpen(s) && s.dueAt && !late.has(s) && !waitingOn(steps, specOf(run, s)).length)
    .filter((s) => !['monitor', 'repeat'].includes(specOf(run, s).kind) || (s.dueAt as Date) > now)
    .sort((a, b) => (a.dueAt as Date).getTime() - (b.dueAt as Date).getTime())[0];
}

function stepList(view: RunView, list: Step[], t: Translator, max = 5): string {
  if (!list.length) return t('releases.none');
  const shown = list.slice(0, max).map((s) => stepLabel(view.run, specOf(view.run, s)));
  const more = list.length > max ? [t('releases.more', { n: list.length - max })] : [];
  return [...shown, ...more].join(t('releases.list_sep'));
}

function gateLine(view: RunView, step: Step, t: Translator): string {
  const spec = specOf(view.run, step);
  const go = step.votes.filter((v) => v.vote === 'go').length;
  const approvers = view.approvers.get(step.number) ?? [];
  const quorum = Math.min(spec.gate?.quorum ?? 1, approvers.length || (spec.gate?.quorum ?? 1));
  return t('releases.gate_tally', { gate: stepLabel(view.run, spec), go, quorum });
}

function headerFields(view: RunView, t: Translator, now: Date): CardField[] {
  const { run, steps } = view;
  const c = counts(steps);
  const next = nextDue(view, now);
  const overdue = overdueSteps(run, steps, now);
  const blocked = steps.filter((s) => s.state === 'blocked');
  const gates = steps.filter((s) => gateOpen(run, steps, s));
  const fields: CardField[] = [
    {
      label: t('releases.f.template'),
      value: `${localized(run.template.title, run.locale)} (${run.template.name})`,
    },
    {
      label: t('releases.f.t0'),
      value: t('releases.t0_value', { time: clock(run.t0, run), zone: run.zone }),
    },
    {
      label: t('releases.f.progress'),
      value: `${progressBar(c.done, c.total)} ${t('releases.progress', { done: c.done, total: c.total })}${
        c.skipped ? t('releases.progress_skipped', { n: c.skipped }) : ''
      }`,
    },
    { label: t('releases.f.status'), value: statusText(view, t, now) },
  ];
  if (run.status === 'running') {
    fields.push({
      label: t('releases.f.next'),
      value: next
        ? t('releases.next_value', {
            step: stepLabel(run, specOf(run, next)),
            time: clock(next.dueAt as Date, run),
          })
        : t('releases.none'),
    });
    fields.push({
      label: t('releases.f.gates'),
      value: gates.length
        ? gates.map((g) => gateLine(view, g, t)).join(t('releases.list_sep'))
        : t('releases.none'),
    });
  }
  fields.push({
    label: t('releases.f.overdue'),
    value: overdue.length ? `⚠️ ${overdue.length} — ${stepList(view, overdue, t)}` : '0',
  });
  if (blocked.length)
    fields.push({
      label: t('releases.f.blocked'),
      value: `🚫 ${blocked.length} — ${stepList(view, blocked, t)}`,
    });
  const deadline = countdownDeadline(run.template, run.t0);
  if (deadline && run.template.countdown) {
    const left = deadline.getTime() - now.getTime();
    fields.push({
      label: localized(run.template.countdown.title, run.locale),
      value:
        left > 0 && run.status === 'running'
          ? t('releases.countdown_left', { time: clock(deadline, run), left: humanDuration(left, t) })
          : t('releases.countdown_at', { time: clock(deadline, run) }),
    });
  }
  return fields;
}

function links(view: RunView, t: Translator): string[] {
  const out: string[] = [];
  if (view.parent) out.push(t('releases.link_parent', { name: view.parent.name }));
  for (const r of view.rollbacks) out.push(t('releases.link_rollback', { name: r.name, status: r.status }));
  if (view.previousOpen)
    out.push(
      t('releases.previous_open', {
        name: view.previousOpen.name,
        done: view.previousOpen.done,
        total: view.previousOpen.total,
      }),
    );
  return out;
}

function tone(view: RunView, now: Date): CardTone {
  const { run } = view;
  if (run.status === 'done') return 'success';
  if (run.status === 'stopped') return 'danger';
  if (run.status === 'cancelled') return 'neutral';
  return overdueSteps(run, view.steps, now).length || view.previousOpen ? 'warning' : 'info';
}

/** The parent message: the progress header, kept current. */
export function headerMessage(view: RunView, t: Translator, now: Date): OutgoingMessage {
  const { run } = view;
  const c = counts(view.steps);
  const starter: Span[] = run.starterId
    ? [
        { kind: 'text', text: t('releases.started_by') },
        { kind: 'mention', userId: run.starterId },
      ]
    : [{ kind: 'text', text: t('releases.started_by_schedule') }];
  const extra = links(view, t);
  const card: Card = {
    title: `🚀 ${run.name}`,
    key: `#${run.name}`,
    tone: tone(view, now),
    fields: headerFields(view, t, now),
    ...(extra.length ? { text: extra.join('\n') } : {}),
    context: [...starter, { kind: 'text', text: ` · ${t('releases.header_hint', { name: run.name })}` }],
  };
  return {
    text: t('releases.header_text', { name: run.name, done: c.done, total: c.total }),
    card,
  };
}

function dueText(view: RunView, step: Step, spec: TemplateStep, t: Translator): string {
  const { run, steps } = view;
  const waits = waitingOn(steps, spec);
  if (isOpen(step) && waits.length && !step.dueAt) {
    const after = spec.due?.kind === 'after' && spec.due.ms ? ` (+${humanDuration(spec.due.ms, t)})` : '';
    return t('releases.due_after', { steps: waits.join(', ') }) + after;
  }
  if (!step.dueAt) return t('releases.undated');
  const late = step.lateMs ? t('releases.late_by', { late: humanDuration(step.lateMs, t) }) : '';
  return clock(step.dueAt, run) + late;
}

function kindFields(view: RunView, step: Step, spec: TemplateStep, t: Translator): CardField[] {
  const { run } = view;
  if (spec.kind === 'monitor' && spec.window) {
    const until = step.endsAt ? t('releases.until', { time: clock(step.endsAt, run) }) : '';
    return [{ label: t('releases.f.window'), value: humanDuration(spec.window, t) + until }];
  }
  if (spec.kind === 'repeat' && spec.every) {
    const until = spec.until ? t('releases.repeat_until', { step: spec.until }) : t('releases.repeat_end');
    return [{ label: t('releases.f.every'), value: `${humanDuration(spec.every, t)} ${until}` }];
  }
  if (spec.kind !== 'gate') return [];
  const approvers = view.approvers.get(step.number) ?? [];
  const votes: Span[] = step.votes.length
    ? step.votes.flatMap((v, i) => [
        { kind: 'text' as const, text: `${i ? ', ' : ''}${v.vote === 'go' ? '✅' : '⛔'} ` },
        { kind: 'mention' as const, userId: v.user },
      ])
    : [{ kind: 'text', text: t('releases.none') }];
  return [
    { label: t('releases.f.approvers'), value: mentions(approvers, t) },
    { label: t('releases.f.quorum'), value: String(Math.min(spec.gate?.quorum ?? 1, approvers.length || 1)) },
    { label: t('releases.f.votes'), value: votes },
  ];
}

const KIND_ICON = { task: '⬜', gate: '🚦', monitor: '👀', repeat: '🔁' } as const;

function icon(step: Step, spec: TemplateStep): string {
  if (step.decision === 'nogo') return '⛔';
  if (step.state === 'done') return '✅';
  if (step.state === 'skipped') return '⏭';
  if (step.state === 'blocked') return '🚫';
  return KIND_ICON[spec.kind];
}

/** A step's buttons while it is open: Done / Skip / Block, or a gate's Go / No-go. */
export function stepButtons(run: Run, step: Step, spec: TemplateStep, t: Translator): CardButton[] {
  const value = `${run.id}:${step.number}`;
  if (run.status !== 'running' || isComplete(step)) return [];
  if (spec.kind === 'gate') {
    const reason = { title: t('releases.prompt_title'), label: t('releases.prompt_reason'), optional: true };
    return [
      {
        actionId: RELEASE_ACTIONS.go,
        label: spec.gate?.go ? localized(spec.gate.go, run.locale) : t('releases.btn.go'),
        value,
        style: 'primary',
      },
      {
        actionId: RELEASE_ACTIONS.nogo,
        label: spec.gate?.nogo ? localized(spec.gate.nogo, run.locale) : t('releases.btn.nogo'),
        value,
        style: 'danger',
        prompt: reason,
      },
    ];
  }
  const out: CardButton[] = [
    { actionId: RELEASE_ACTIONS.done, label: t('releases.btn.done'), value, style: 'primary' },
  ];
  out.push({ actionId: RELEASE_ACTIONS.skip, label: t('releases.btn.skip'), value });
  if (step.state !== 'blocked')
    out.push({
      actionId: RELEASE_ACTIONS.block,
      label: t('releases.btn.block'),
      value,
      style: 'danger',
      prompt: { title: t('releases.prompt_title'), label: t('releases.prompt_block'), optional: true },
    });
  return out;
}

function completion(view: RunView, step: Step, t: Translator): Span[] | undefined {
  if (!step.completedAt && step.state !== 'blocked') return undefined;
  const key =
    step.state === 'blocked'
      ? 'releases.line.blocked'
      : step.decision
        ? step.decision === 'go'
          ? 'releases.line.go'
          : 'releases.line.nogo'
        : step.state === 'skipped'
          ? 'releases.line.skipped'
          : 'releases.line.done';
  const at = step.completedAt ?? step.lastRemindedAt;
  const spans: Span[] = [{ kind: 'text', text: `${t(key, { time: at ? clock(at, view.run) : '—' })} ` }];
  if (step.completedBy && step.completedBy !== 'sopbot')
    spans.push({ kind: 'mention', userId: step.completedBy });
  else if (step.completedBy === 'sopbot') spans.push({ kind: 'text', text: t('releases.by_sopbot') });
  if (step.note) spans.push({ kind: 'text', text: ` — ${step.note}` });
  return spans;
}

/** One step's thread reply. */
export function stepMessage(view: RunView, step: Step, t: Translator): OutgoingMessage {
  const { run } = view;
  const spec = specOf(run, step);
  const fields: CardField[] = [
    ...(spec.kind === 'gate' && !spec.owner
      ? []
      : [{ label: t('releases.f.owner'), value: ownerSpans(run, step, spec, plannedOwners(run, spec), t) }]),
    { label: t('releases.f.due'), value: dueText(view, step, spec, t) },
    ...kindFields(view, step, spec, t),
  ];
  const notes = spec.notes ? localized(spec.notes, run.locale) : undefined;
  const watch = spec.watch ? localized(spec.watch, run.locale) : undefined;
  const card: Card = {
    title: `${icon(step, spec)} ${stepLabel(run, spec)}`,
    tone:
      step.state === 'blocked' || step.decision === 'nogo'
        ? 'danger'
        : isComplete(step)
          ? 'success'
          : 'neutral',
    fields,
    ...(notes ? { text: notes } : {}),
    ...(watch ? { blocks: [{ kind: 'section' as const, title: t('releases.f.watch'), text: watch }] } : {}),
    buttons: stepButtons(run, step, spec, t),
  };
  const line = completion(view, step, t);
  if (line) card.context = line;
  return { text: `${icon(step, spec)} ${stepLabel(run, spec)}`, card };
}
