/**
 * Submitted daily forms (`daily.*`): the report form (from a prompt, a reminder, `/daily` or a
 * "Report for …" button) files the member's report of the session's day; the weekly review form
 * stores the team's review and posts it. The validator refuses an empty report, next to the
 * first field, so the modal or card shows it and keeps what was typed.
 */
import { CodedError } from '../src/core/errors.ts';
import type { FormSubmitEvent } from '../src/core/events.ts';
import type { FieldErrors, FormValues } from '../src/core/form.ts';
import type { Translator } from '../src/core/i18n/index.ts';
import type { DailyValues } from '../src/domain/daily/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';
import type { FormSession } from '../src/runtime/forms.ts';
import { fileReport } from './daily-report.ts';

/** Form values as report values: trimmed text and numbers; empty answers left out. */
export function reportValues(values: FormValues): DailyValues {
  const out: DailyValues = {};
  for (const [key, v] of Object.entries(values)) {
    if (key.startsWith('_')) continue;
    if (typeof v === 'number') out[key] = v;
    else if (typeof v === 'string' && v.trim()) out[key] = v.trim();
  }
  return out;
}

export function validateDailyForm(
  values: FormValues,
  session: FormSession,
  t: Translator,
): FieldErrors | null {
  if (session.formId !== 'daily.report' || Object.keys(reportValues(values)).length) return null;
  const first = session.form.fields[0]?.key;
  return first ? { [first]: t('daily.form.empty') } : null;
}

export async function dailyFormSubmitted(
  ctx: RequestContext<FormSubmitEvent>,
  values: FormValues,
  session: FormSession,
): Promise<void> {
  const { teams, daily } = ctx.services;
  const team = teams.get(String(session.context.team ?? ''));
  if (session.formId === 'daily.review') {
    if (!team) throw new CodedError('daily.no_team', { team: '', guess: '', list: teams.names() });
    const weekStart = String(session.context.weekStart ?? '');
    await daily.submitReview(team, weekStart, values, ctx.actor.id);
    ctx.respond({
      visibility: 'ephemeral',
      message: { text: ctx.t('daily.review.saved', { team: team.name }) },
    });
    return;
  }
  const reporting = daily.reportingTeams(ctx.actor.id);
  if (!team || !reporting.some((t) => t.name === team.name)) throw new CodedError('daily.not_member');
  const text = await fileReport(ctx, team, String(session.context.day), reportValues(values));
  ctx.respond({ visibility: 'ephemeral', message: { text } });
}
