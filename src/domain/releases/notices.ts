/**
 * What a run says besides its live messages: the ping when steps come due (one note in the thread
 * for everything that came due together, and one direct message per owner), re-pings, repeat
 * reminders, T0, gate decisions (a no-go on a rollout gate offers the rollback runbook with a
 * button), blocks, and the summary when the run ends (how long it took, the overdue steps, who
 * decided each gate).
 */
import type { Translator } from '../../core/i18n/index.ts';
import { translateRich } from '../../core/i18n/rich.ts';
import type { Card, OutgoingMessage, Span } from '../../core/message.ts';
import { counts, outcomeText, RELEASE_ACTIONS, stepButtons } from './cards.ts';
import type { Notice } from './engine.ts';
import { type Run, type Step, specOf } from './model.ts';
import { localized } from './template.ts';
import { clock, humanDuration, mentions, stepLabel } from './text.ts';

const text = (t: string): Span => ({ kind: 'text', text: t });

/** Whom a ping addresses: its owners, or anyone (a step nobody owns). */
function who(owners: readonly string[], t: Translator): Span[] {
  return owners.length ? mentions(owners, t) : [text(t('releases.unowned'))];
}

function dueLine(run: Run, step: Step, notice: Extract<Notice, { kind: 'due' }>, t: Translator): Span[] {
  const spec = specOf(run, step);
  const label = stepLabel(run, spec);
  const time = step.dueAt ? clock(step.dueAt, run) : '—';
  const key =
    spec.kind === 'gate'
      ? 'releases.ping.gate'
      : spec.kind === 'monitor'
        ? 'releases.ping.monitor'
        : spec.kind === 'repeat'
          ? 'releases.ping.repeat'
          : 'releases.ping.task';
  const until = step.endsAt ? clock(step.endsAt, run) : '—';
  const spans = [text(`${t(key, { step: label, time, until })} `), ...who(notice.owners, t)];
  if (notice.lateMs) spans.push(text(t('releases.ping.late', { late: humanDuration(notice.lateMs, t) })));
  if (spec.watch && spec.kind === 'monitor')
    spans.push(text(`\n    ${t('releases.f.watch')}: ${localized(spec.watch, run.locale)}`));
  return spans;
}

function remindLine(
  run: Run,
  step: Step,
  notice: Extract<Notice, { kind: 'remind' | 'repeat' }>,
  t: Translator,
) {
  const spec = specOf(run, step);
  const label = stepLabel(run, spec);
  const time = step.dueAt ? clock(step.dueAt, run) : '—';
  const key = notice.kind === 'repeat' ? 'releases.ping.repeat_again' : 'releases.ping.remind';
  return [text(`${t(key, { step: label, time, n: notice.n })} `), ...who(notice.owners, t)];
}

/**
 * One note for the thread covering every due / remind / repeat notice of one wake-up; a note about
 * one step carries that step's buttons, so the owner can act right where they were pinged.
 */
export function pingNote(run: Run, steps: Step[], notices: Notice[], t: Translator): OutgoingMessage | null {
  const lines: Span[][] = [];
  const about: Step[] = [];
  for (const n of notices) {
    if (n.kind !== 'due' && n.kind !== 'remind' && n.kind !== 'repeat') continue;
    const step = steps[n.step - 1];
    if (!step) continue;
    about.push(step);
    lines.push(n.kind === 'due' ? dueLine(run, step, n, t) : remindLine(run, step, n, t));
  }
  if (!lines.length) return null;
  if (lines.length === 1 && about[0]) {
    const spans = lines[0] as Span[];
    const buttons = stepButtons(run, about[0], specOf(run, about[0]), t);
    if (!buttons.length) return { text: spans };
    return { text: spans, card: { title: stepLabel(run, specOf(run, about[0])), text: spans, buttons } };
  }
  const spans: Span[] = [text(t('releases.ping.several', { name: run.name, n: lines.length }))];
  for (const line of lines) spans.push(text('\n• '), ...line);
  return { text: spans };
}

/** The direct pings: one message per owner listing their steps that came due or are reminded. */
export function directPings(
  run: Run,
  steps: Step[],
  notices: Notice[],
  t: Translator,
): Map<string, OutgoingMessage> {
  const byUser = new Map<string, string[]>();
  for (const n of notices) {
    if (n.kind !== 'due' && n.kind !== 'remind') continue;
    const step = steps[n.step - 1];
    if (!step) continue;
    const spec = specOf(run, step);
    const time = step.dueAt ? clock(step.dueAt, run) : '—';
    const key = n.kind === 'due' ? 'releases.dm.due' : 'releases.dm.remind';
    const line = t(key, { step: stepLabel(run, spec), time, n: n.kind === 'remind' ? n.n : 0 });
    for (const user of n.owners) byUser.set(user, [...(byUser.get(user) ?? []), line]);
  }
  const out = new Map<string, OutgoingMessage>();
  for (const [user, lines] of byUser) {
    const head = t('releases.dm.head', { name: run.name });
    const hint = t('releases.dm.hint', { name: run.name });
    out.set(user, { text: [head, ...lines.map((l) => `• ${l}`), hint].join('\n') });
  }
  return out;
}

/** `▶️ T0: R-1 starts now`, for a release started ahead of its T0. */
export function t0Note(run: Run, t: Translator): OutgoingMessage {
  return { text: t('releases.t0_reached', { name: run.name, time: clock(run.t0, run) }) };
}

/** A gate was decided: who decided, and (a no-go on a gate with a rollback runbook) the button. */
export function decisionNote(run: Run, step: Step, t: Translator, offerRollback: boolean): OutgoingMessage {
  const spec = specOf(run, step);
  const label = stepLabel(run, spec);
  const voters = step.votes.filter((v) => v.vote === step.decision).map((v) => v.user);
  const key = step.decision === 'go' ? 'releases.decided_go' : 'releases.decided_nogo';
  const spans: Span[] = [text(`${t(key, { gate: label })} `), ...mentions(voters, t)];
  if (step.decision === 'nogo' && step.note) spans.push(text(` — ${step.note}`));
  if (!offerRollback || !run.template.rollback) return { text: spans };
  const card: Card = {
    title: t('releases.rollback_offer_title', { gate: label }),
    tone: 'danger',
    text: [
      ...spans,
      text(`\n${t('releases.rollback_offer', { template: run.template.rollback, name: run.name })}`),
    ],
    buttons: [
      {
        actionId: RELEASE_ACTIONS.rollback,
        label: t('releases.btn.rollback'),
        value: String(run.id),
        style: 'danger',
      },
    ],
  };
  return { text: spans, card };
}

/** A step was blocked: said in the thread, since it holds everyone after it up. */
export function blockNote(run: Run, step: Step, actor: string, t: Translator): OutgoingMessage {
  const label = stepLabel(run, specOf(run, step));
  const spans: Span[] = [
    text(`${t('releases.blocked_note', { step: label })} `),
    { kind: 'mention', userId: actor },
  ];
  if (step.note) spans.push(text(` — ${step.note}`));
  return { text: spans };
}

function gateSummary(run: Run, steps: Step[], t: Translator): string {
  const gates = steps.filter((s) => specOf(run, s).kind === 'gate' && s.decision);
  if (!gates.length) return t('releases.none');
  return gates
    .map((g) => {
      const voters = g.votes.filter((v) => v.vote === g.decision).map((v) => `@${v.user}`);
      const key = g.decision === 'go' ? 'releases.summary.gate_go' : 'releases.summary.gate_nogo';
      return t(key, { gate: g.id, by: voters.join(', ') || '—' });
    })
    .join('\n');
}

/** Steps finished after their due time (or still open past it), with how late. */
export function lateSteps(run: Run, steps: Step[], now: Date): { step: Step; lateMs: number }[] {
  return steps.flatMap((s) => {
    const kind = specOf(run, s).kind;
    if (!s.dueAt || kind === 'monitor' || kind === 'repeat' || s.state === 'skipped') return [];
    const end = s.completedAt ?? run.finishedAt ?? now;
    const lateMs = end.getTime() - s.dueAt.getTime();
    return lateMs > 0 && (s.completedAt === null || s.completedBy !== 'sopbot') ? [{ step: s, lateMs }] : [];
  });
}

/** The summary posted in the thread when a run ends (completed, stopped or cancelled). */
export function summaryMessage(run: Run, steps: Step[], t: Translator, now: Date): OutgoingMessage {
  const c = counts(steps);
  const end = run.finishedAt ?? now;
  const took = humanDuration(end.getTime() - Math.min(run.t0.getTime(), run.createdAt.getTime()), t);
  const late = lateSteps(run, steps, now);
  const lateText = late.length
    ? late
        .map(({ step, lateMs }) => `${stepLabel(run, specOf(run, step))} (+${humanDuration(lateMs, t)})`)
        .join('\n')
    : t('releases.none');
  const outcome = outcomeText(run, t);
  const card: Card = {
    title: t('releases.summary.title', { name: run.name }),
    tone: run.status === 'done' ? 'success' : run.status === 'stopped' ? 'danger' : 'neutral',
    fields: [
      { label: t('releases.f.outcome'), value: outcome },
      { label: t('releases.summary.took'), value: took },
      { label: t('releases.f.progress'), value: t('releases.progress', { done: c.done, total: c.total }) },
      { label: t('releases.summary.overdue'), value: lateText },
      { label: t('releases.summary.gates'), value: gateSummary(run, steps, t) },
    ],
  };
  if (run.outcome?.reason) card.text = run.outcome.reason;
  const summary = translateRich(t, 'releases.summary.text', { name: run.name, outcome, took });
  return { text: summary, card };
}
