/**
 * Small wording helpers shared by the run's cards and notes: times in the run's zone, durations,
 * owners as mentions, a step's label, the progress bar.
 */
import { formatDateTime } from '../../core/format.ts';
import { hasMessage, type Translator } from '../../core/i18n/index.ts';
import type { Span } from '../../core/message.ts';
import { zonedParts } from '../../core/zoned-time.ts';
import type { Run, Step } from './model.ts';
import { localized, type Owner, type ReleaseTemplate, type TemplateStep } from './template.ts';

const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/** `2h 5m`, `3d 4h`, `45s` in the translator's language (two units at most). */
export function humanDuration(ms: number, t: Translator): string {
  let rest = Math.max(0, Math.round(ms / 1000) * 1000);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) {
      parts.push(t(`releases.unit.${unit}` as 'releases.unit.m', { n }));
      rest -= n * size;
    } else if (parts.length) break;
  }
  return parts.length ? parts.join(t.locale === 'en' ? ' ' : '') : t('releases.unit.s', { n: 0 });
}

/** A time in the run's zone: `14:30` on T0's local date, else `2026-03-03 14:30`. */
export function clock(at: Date, run: Pick<Run, 't0' | 'zone'>): string {
  const full = formatDateTime(at, run.zone);
  const a = zonedParts(at, run.zone);
  const b = zonedParts(run.t0, run.zone);
  const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
  return sameDay ? full.slice(11) : full;
}

/** A step's title in the run's language. */
export function stepTitle(run: Run, spec: TemplateStep): string {
  return localized(spec.title, run.locale);
}

/** `3. Build the package`. */
export function stepLabel(run: Run, spec: TemplateStep): string {
  return `${spec.number}. ${stepTitle(run, spec)}`;
}

/** Mentions of the users, `, `-separated; the localized "nobody" when none. */
export function mentions(users: readonly string[], t: Translator): Span[] {
  if (!users.length) return [{ kind: 'text', text: t('releases.nobody') }];
  const out: Span[] = [];
  users.forEach((u, i) => {
    if (i) out.push({ kind: 'text', text: ', ' });
    out.push({ kind: 'mention', userId: u });
  });
  return out;
}

/** An owner as written, before it resolves to people: `role 客服`, `on call support/L1`. */
export function ownerSpec(owner: Owner, template: Pick<ReleaseTemplate, 'roles'>, t: Translator): string {
  if (owner.kind === 'user') return `@${owner.id}`;
  if (owner.kind === 'role') {
    const role = template.roles.find((r) => r.name === owner.role);
    return t('releases.owner_role', { role: role ? localized(role.title, t.locale) : owner.role });
  }
  return t('releases.owner_oncall', { team: owner.team, tier: owner.tier ?? t('releases.first_tier') });
}

/** Who a step's card names: the resolved users, else the owner as written (and whom it falls to). */
export function ownerSpans(
  run: Run,
  step: Step,
  spec: TemplateStep,
  fallback: string[],
  t: Translator,
): Span[] {
  const users = step.owners ?? fallback;
  if (users.length) return mentions(users, t);
  if (!spec.owner) return [{ kind: 'text', text: t('releases.unowned') }];
  return [{ kind: 'text', text: ownerSpec(spec.owner, run.template, t) }];
}

/** `▓▓▓▓░░░░░░` for a fraction. */
export function progressBar(done: number, total: number, width = 10): string {
  const filled = total ? Math.round((done / total) * width) : width;
  return `${'▓'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** One entry of a run's log as a line: `10:05 @ann — 3. Build done — waiting for ops`. */
export function eventLine(
  e: { at: Date; actorId: string; kind: string; step: number | null; data: Record<string, unknown> },
  run: Run,
  t: Translator,
): string {
  const spec = e.step ? run.template.steps[e.step - 1] : undefined;
  const key = `releases.event.${e.kind}`;
  const params = {
    step: spec ? stepLabel(run, spec) : '',
    template: String(e.data.template ?? ''),
    n: String(e.data.n ?? ''),
    vote: String(e.data.vote ?? e.data.decision ?? ''),
    rollback: String(e.data.rollback ?? ''),
    text: String(e.data.text ?? ''),
  };
  const what = hasMessage(key) ? t(key, params) : e.kind;
  const reason = typeof e.data.reason === 'string' && e.data.reason ? ` — ${e.data.reason}` : '';
  const who = e.actorId === 'sopbot' ? 'sopbot' : `@${e.actorId}`;
  return `${clock(e.at, run)} ${who} — ${what}${reason}`;
}
