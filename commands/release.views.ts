/** What `/release templates`, `/release list` and `/release status` show (ephemeral cards). */
import { formatDateTime } from '../src/core/format.ts';
import type { Translator } from '../src/core/i18n/index.ts';
import type { Card, CardBlock, OutgoingMessage } from '../src/core/message.ts';
import {
  clock,
  counts,
  humanDuration,
  localized,
  outcomeText,
  ownerSpec,
  type ReleaseTemplate,
  type Run,
  type RunView,
  type Step,
  specOf,
  stepTitle,
} from '../src/domain/releases/index.ts';

const LIST_LIMIT = 15;

/** Every template, one line each. */
export function templatesList(templates: Iterable<ReleaseTemplate>, t: Translator): OutgoingMessage {
  const lines = [...templates].map((tpl) =>
    t('releases.templates_line', {
      name: tpl.name,
      title: localized(tpl.title, t.locale),
      steps: tpl.steps.length,
      zone: tpl.timezone ? t('releases.templates_zone', { zone: tpl.timezone }) : '',
    }),
  );
  const card: Card = {
    title: t('releases.templates_title'),
    text: lines.join('\n'),
    context: t('releases.templates_hint'),
  };
  return { text: [t('releases.templates_title'), ...lines].join('\n'), card };
}

function dueSpecText(step: ReleaseTemplate['steps'][number], t: Translator): string {
  if (!step.due) return t('releases.undated');
  if (step.due.kind === 'after') {
    const extra = step.due.ms ? ` (+${humanDuration(step.due.ms, t)})` : '';
    return t('releases.due_after', { steps: step.due.steps.join(', ') }) + extra;
  }
  return step.due.text;
}

/** One template's sections and steps. */
export function templateDetail(tpl: ReleaseTemplate, t: Translator): OutgoingMessage {
  const blocks: CardBlock[] = tpl.sections.map((section) => ({
    kind: 'section',
    title: localized(section.title, t.locale),
    text: section.steps
      .map((s) =>
        t('releases.template_step', {
          n: s.number,
          title: localized(s.title, t.locale),
          kind: t(`releases.kind.${s.kind}`),
          due: dueSpecText(s, t),
          owner: s.owner ? t('releases.template_owner', { owner: ownerSpec(s.owner, tpl, t) }) : '',
        }),
      )
      .join('\n'),
  }));
  const notes = [
    tpl.description ? localized(tpl.description, t.locale) : '',
    tpl.roles.length ? t('releases.template_roles', { roles: tpl.roles.map((r) => r.name).join(', ') }) : '',
    tpl.rollback ? t('releases.template_rollback', { rollback: tpl.rollback }) : '',
  ].filter(Boolean);
  const card: Card = {
    title: `${localized(tpl.title, t.locale)} (${tpl.name})`,
    ...(notes.length ? { text: notes.join('\n') } : {}),
    blocks,
  };
  return { text: card.title, card };
}

function runLine(entry: { run: Run; counts: ReturnType<typeof counts> }, t: Translator): string {
  const { run } = entry;
  const end = run.finishedAt ?? run.t0;
  const when =
    run.status === 'running'
      ? t('releases.list_running_since', { time: formatDateTime(run.t0, run.zone) })
      : t('releases.list_finished_at', {
          time: formatDateTime(end, run.zone),
          took: humanDuration(end.getTime() - Math.min(run.t0.getTime(), run.createdAt.getTime()), t),
        });
  return t('releases.list_line', {
    name: run.name,
    template: run.template.name,
    state: outcomeText(run, t),
    done: entry.counts.done,
    total: entry.counts.total,
    when,
  });
}

/** Running releases first, then the latest finished, with their outcome. */
export function runList(
  entries: { run: Run; counts: ReturnType<typeof counts> }[],
  t: Translator,
): OutgoingMessage {
  if (!entries.length) return { text: t('releases.list_empty') };
  const lines = entries.slice(0, LIST_LIMIT).map((e) => runLine(e, t));
  return {
    text: [t('releases.list_title'), ...lines].join('\n'),
    card: { title: t('releases.list_title'), text: lines.join('\n') },
  };
}

const ICON: Record<Step['state'], string> = { pending: '⬜', done: '✅', skipped: '⏭', blocked: '🚫' };

/** One release: its header fields, every step's state and the latest of its log. */
export function runStatus(
  view: RunView,
  header: OutgoingMessage,
  log: string[],
  t: Translator,
): OutgoingMessage {
  const { run } = view;
  const lines = view.steps.map((s) => {
    const spec = specOf(run, s);
    const icon = s.decision === 'nogo' ? '⛔' : ICON[s.state];
    const due = s.dueAt ? t('releases.status_due', { time: clock(s.dueAt, run) }) : '';
    return t('releases.status_step', {
      icon,
      n: s.number,
      title: stepTitle(run, spec),
      state: t(`releases.state.${s.state}`),
      due,
    });
  });
  const blocks: CardBlock[] = [{ kind: 'section', text: lines.join('\n') }];
  if (log.length) blocks.push({ kind: 'section', title: t('releases.status_log'), text: log.join('\n') });
  const card: Card = {
    ...(header.card as Card),
    title: t('releases.status_title', { name: run.name }),
    blocks,
  };
  const c = counts(view.steps);
  return { text: t('releases.header_text', { name: run.name, done: c.done, total: c.total }), card };
}
