/**
 * Prompts and reminders as durable per-member timers (the choice, and why, is in the README's
 * "Daily reports" section). Each member of each team has one pending `daily.prompt` timer (dedupe
 * key `daily.prompt:<team>:<member>`) due at `daily.prompt` in their own zone on their next report
 * day: `promptInstant` gives the instant, DST-correct (a time in a spring-forward gap is the end of
 * the gap, a repeated one its first occurrence). Firing a prompt:
 * - re-reads the member's zone: a zone learned since planning that puts the prompt later defers
 *   the timer to the new instant;
 * - skips a member who is off that day, who already filed, or whose day is past its cutoff (a
 *   prompt that came due while sopbot was down and is no longer useful);
 * - otherwise records the prompt (`daily_prompts`, a unique key: once per member and day whatever
 *   replans or replicas do), opens the form session and writes the outbox `form` item, all in the
 *   timer's transaction, and plans the day's reminders as `daily.remind` timers;
 * - always plans the next report day's prompt as its successor.
 * A reminder checks it is still wanted (not filed, not off, not past the cutoff, no later
 * reminder also due) before it sends the form again. `ensure` (at start and after each profile
 * refresh) replans timers whose member, zone or settings changed and drops those of members who
 * left; an overdue timer is kept, so what came due while down fires once, late.
 */
import type { NewTimerRow, RepositorySet, TimerRow } from '../../../db/repositories/index.ts';
import type { Form } from '../../core/form.ts';
import type { Translator } from '../../core/i18n/index.ts';
import { type OutgoingMessage, plainText } from '../../core/message.ts';
import type { Runtime } from '../../runtime/module.ts';
import type { FireResult, TimerJob } from '../../runtime/scheduler.ts';
import type { Team } from '../teams/index.ts';
import type { DailyEnv, DailyMemberView } from './env.ts';
import { type DailySettings, reportForm } from './fields.ts';
import { dayOffOn, nextPromptSlot, promptInstant } from './schedule.ts';

export const PROMPT_KIND = 'daily.prompt';
export const REMIND_KIND = 'daily.remind';
const DEFER_NO_PLATFORM_MS = 60_000;
/** A timer is "now" this close to its instant (clock skew between replicas). */
const EARLY_MS = 1000;

type Job = { team: Team; s: DailySettings; memberId: string; day: string };

const promptKey = (team: string, member: string) => `${PROMPT_KIND}:${team}:${member}`;
const memberSubject = (team: string, member: string) => `daily:${team}:${member}`;

/** The report form of a member's day: the team's fields, earlier answers of the day filled in. */
export function memberForm(
  s: DailySettings,
  t: Translator,
  team: Team,
  day: string,
  previous?: Record<string, string | number>,
): Form {
  return { ...reportForm(s.fields, t, previous), intro: t('daily.form.intro', { team: team.name, day }) };
}

export function createPrompts(runtime: Runtime, env: DailyEnv) {
  const { repos, clock, forms, outbox, logger } = runtime;

  /** The next prompt timer of a member after `after`, or null when no report day comes. */
  function planRow(team: Team, s: DailySettings, member: DailyMemberView, after: Date): NewTimerRow | null {
    const slot = nextPromptSlot(after, member.timeZone, s.prompt, s.days, env.holidays(s));
    if (!slot) return null;
    return {
      kind: PROMPT_KIND,
      subject: memberSubject(team.name, member.id),
      dedupeKey: promptKey(team.name, member.id),
      dueAt: slot.at,
      payload: { team: team.name, member: member.id, day: slot.date, zone: member.timeZone },
    };
  }

  /** The job a timer belongs to, or null when its team, settings or member are gone. */
  function jobOf(timer: TimerRow): Job | null {
    const p = timer.payload as { team?: string; member?: string; day?: string };
    const team = env.teams.get(p.team);
    const s = team ? env.settings(team.name) : undefined;
    if (!team || !s || !p.member || !p.day || !team.members.some((m) => m.id === p.member)) return null;
    return { team, s, memberId: p.member, day: p.day };
  }

  /** Sends the report form privately (a prompt or a reminder), in the timer's transaction. */
  async function sendForm(r: RepositorySet, job: Job, member: DailyMemberView, intro: OutgoingMessage) {
    const platform = member.platform as string;
    const form = memberForm(job.s, member.t, job.team, job.day);
    // The prompt's words lead the form too: a platform showing the form alone (a Feishu card) says them.
    form.intro = `${plainText(intro.text)}\n${plainText(form.intro ?? '')}`;
    const session = await forms.open({
      form,
      platform,
      workspaceId: await env.workspaceId(platform),
      userId: member.id,
      locale: member.t.locale,
      context: { team: job.team.name, day: job.day },
    });
    await outbox.sayIn(r, {
      op: 'form',
      to: { userId: member.id },
      sessionId: session.id,
      intro,
      platform,
      subject: `daily:dm:${platform}:${member.id}`,
    });
  }

  /** Whether the member is off on the job's day, or already filed for it. */
  async function settled(r: RepositorySet, job: Job): Promise<boolean> {
    const off = await r.daily.daysOff([job.memberId], job.day, job.day);
    const isOff = dayOffOn(
      job.day,
      off.map((d) => ({ from: d.fromDay, to: d.toDay })),
    );
    return Boolean(isOff) || Boolean(await r.daily.report(job.team.name, job.memberId, job.day));
  }

  async function firePrompt(timer: TimerRow, r: RepositorySet, now: Date): Promise<FireResult> {
    const job = jobOf(timer);
    if (!job) return { status: 'stale' };
    const member = await env.member(job.team, job.memberId);
    if (!member.platform) return { deferUntil: new Date(now.getTime() + DEFER_NO_PLATFORM_MS) };
    const at = promptInstant(job.day, job.s.prompt, member.timeZone);
    if (at.getTime() > now.getTime() + EARLY_MS) return { deferUntil: at };
    const next = planRow(job.team, job.s, member, new Date(Math.max(now.getTime(), at.getTime())));
    const successors = next ? [next] : [];
    const cutoff = promptInstant(job.day, job.s.cutoff, member.timeZone);
    if (now.getTime() >= cutoff.getTime()) {
      logger.warn(
        { team: job.team.name, member: member.id, day: job.day },
        'daily prompt past its cutoff: skipped',
      );
      return { status: 'stale', next: successors };
    }
    const off = await settled(r, job);
    const status = off ? 'settled' : 'prompted';
    const row = {
      team: job.team.name,
      memberId: member.id,
      day: job.day,
      platform: member.platform,
      at: now,
    };
    if (!(await r.daily.markPrompted({ ...row, status })) || off)
      return { status: 'fired', next: successors };
    const t = member.t;
    const text = t('daily.prompt.text', { team: job.team.name, day: job.day, cutoff: job.s.cutoff });
    await sendForm(r, job, member, { text, card: { title: t('daily.prompt.title'), text, tone: 'info' } });
    return { status: 'fired', next: [...successors, ...remindRows(job, member, now)] };
  }

  function remindRows(job: Job, member: DailyMemberView, now: Date): NewTimerRow[] {
    return job.s.remind.flatMap((time) => {
      const at = promptInstant(job.day, time, member.timeZone);
      if (at.getTime() <= now.getTime()) return [];
      return [
        {
          kind: REMIND_KIND,
          subject: memberSubject(job.team.name, member.id),
          dedupeKey: `${REMIND_KIND}:${job.team.name}:${member.id}:${job.day}:${time}`,
          dueAt: at,
          payload: { team: job.team.name, member: member.id, day: job.day, time },
        },
      ];
    });
  }

  async function fireReminder(timer: TimerRow, r: RepositorySet, now: Date): Promise<FireResult> {
    const job = jobOf(timer);
    const time = String(timer.payload.time ?? '');
    if (!job?.s.remind.includes(time)) return { status: 'stale' };
    const member = await env.member(job.team, job.memberId);
    if (!member.platform) return { status: 'stale' };
    const at = promptInstant(job.day, time, member.timeZone);
    if (at.getTime() > now.getTime() + EARLY_MS) return { deferUntil: at };
    const due = (x: string) => promptInstant(job.day, x, member.timeZone).getTime() <= now.getTime();
    const later = job.s.remind.some((x) => x > time && due(x));
    const past = promptInstant(job.day, job.s.cutoff, member.timeZone).getTime() <= now.getTime();
    const prompted = (await r.daily.prompt(job.team.name, member.id, job.day))?.status === 'prompted';
    if (later || past || !prompted || (await settled(r, job))) return { status: 'stale' };
    const t = member.t;
    const text = t('daily.remind.text', { team: job.team.name, day: job.day, cutoff: job.s.cutoff });
    await sendForm(r, job, member, { text, card: { title: t('daily.remind.title'), text, tone: 'warning' } });
    return { status: 'fired' };
  }

  const job: TimerJob = {
    kinds: [PROMPT_KIND, REMIND_KIND],
    async fire(timers, ctx) {
      const out = new Map<number, FireResult>();
      for (const timer of timers) {
        const fire = timer.kind === PROMPT_KIND ? firePrompt : fireReminder;
        out.set(timer.id, await fire(timer, ctx.repos, ctx.now));
      }
      return out;
    },
  };

  /**
   * A replanned prompt keeps the day the pending one was for (the new prompt time or zone may have
   * put that day's instant in the past: then it is due now, and skipped if past the cutoff), so a
   * change never silently drops a day nobody was prompted for yet.
   */
  function keepDay(existing: TimerRow | undefined, row: NewTimerRow | null, s: DailySettings) {
    const day = existing?.payload.day;
    if (!row || typeof day !== 'string' || day >= String(row.payload?.day)) return row;
    if (!env.isTeamDay(s, day)) return row;
    const zone = String(row.payload?.zone ?? '');
    return { ...row, dueAt: promptInstant(day, s.prompt, zone), payload: { ...row.payload, day } };
  }

  /**
   * Makes the planned prompts match the config and what is known of members' zones (see the file
   * comment). Safe when replicas run it at once: one pending timer per member (dedupe key).
   */
  async function ensure(): Promise<number> {
    const now = clock.now();
    const pending = new Map(
      (await repos.timers.pendingByKeyPrefix(`${PROMPT_KIND}:`)).map((t) => [t.dedupeKey, t]),
    );
    const stale: string[] = [];
    const fresh: NewTimerRow[] = [];
    for (const team of env.teams.all()) {
      const s = env.settings(team.name);
      if (!s) continue;
      for (const { id } of team.members) {
        const key = promptKey(team.name, id);
        const existing = pending.get(key);
        pending.delete(key);
        if (existing && existing.dueAt.getTime() <= now.getTime()) continue; // overdue: it fires, late
        const row = keepDay(existing, planRow(team, s, await env.member(team, id), now), s);
        const same =
          existing &&
          row &&
          existing.dueAt.getTime() === row.dueAt.getTime() &&
          existing.payload.day === row.payload?.day;
        if (same) continue;
        if (existing) stale.push(key);
        if (row) fresh.push(row);
      }
    }
    stale.push(...[...pending.keys()].filter((k): k is string => Boolean(k)));
    await repos.transaction(async (r) => {
      await r.timers.cancelByKeys(stale);
      await r.timers.insert(fresh, now);
    });
    const first = fresh.reduce<Date | null>((m, t) => (!m || t.dueAt < m ? t.dueAt : m), null);
    if (first) runtime.scheduler.wake(first);
    return fresh.length;
  }

  return { job, ensure };
}
