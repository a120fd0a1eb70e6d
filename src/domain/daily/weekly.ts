/**
 * The weekly review (seed 002 §5.2 卡若五步法, posted on `daily.review`, default Friday 17:00 as
 * seed 003's 周总结会议) and the monthly KPI board (§5.3, on the 1st for teams with number
 * fields). The review is announced in the team channel with the week's numbers and a button that
 * opens the review form, pre-filled with those numbers, for whoever clicks; a submitted review is
 * stored (one per team and week: a later submission replaces it) and posted as a live message,
 * edited in place when it is submitted again. Its 执行 items come back the next week.
 *
 * The week's numbers, decided here: the week is Monday..Sunday of the team's zone; expected
 * reports are each member's report days (configured weekdays, not holidays, not their days off)
 * from Monday up to today; filed counts the reports of those days; each KPI's weekly total is the
 * sum of the week's values (the mean for `total: avg`) against the daily target times the expected
 * reports; tickets resolved and SLA compliance (the share that never breached a target) are the
 * team's tickets (and tickets without a team, for the default team) resolved in the week.
 */
import type { RepositorySet } from '../../../db/repositories/index.ts';
import type { FormValues } from '../../core/form.ts';
import type { Translator } from '../../core/i18n/index.ts';
import type { OutgoingMessage } from '../../core/message.ts';
import { localDate } from '../../core/zoned-time.ts';
import type { Runtime } from '../../runtime/module.ts';
import type { OutboxItem } from '../../runtime/outbox.ts';
import type { Team } from '../teams/index.ts';
import { DAILY_ACTIONS } from './compile.ts';
import { type DailyEnv, reviewSubject } from './env.ts';
import { DAILY_WEEKDAYS, type DailyField, type DailySettings } from './fields.ts';
import {
  isoWeek,
  type MonthKpi,
  monthlyBoard,
  reviewActions,
  reviewCard,
  type WeekKpi,
  type WeekNumbers,
  weekLines,
} from './review.ts';
import { addDays, type DayOff, isReportDay, promptInstant, weekdayOf } from './schedule.ts';
import { scaleTarget } from './target.ts';

/** The Monday of a date's week. */
export function weekStartOf(day: string): string {
  return addDays(day, -((DAILY_WEEKDAYS.indexOf(weekdayOf(day)) + 6) % 7));
}

/** The first and last dates of a `YYYY-MM` month. */
function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from: `${month}-01`, to: addDays(next, -1) };
}

/** The month before a `YYYY-MM` month. */
export function previousMonth(month: string): string {
  return addDays(`${month}-01`, -1).slice(0, 7);
}

function total(field: DailyField, values: number[]): number | null {
  if (!values.length) return null;
  const sum = values.reduce((a, b) => a + b, 0);
  return field.total === 'avg' ? Math.round((sum / values.length) * 100) / 100 : sum;
}

export function createWeekly(runtime: Runtime, env: DailyEnv) {
  const { repos, clock, outbox } = runtime;

  /** Report days expected of the team's members between two dates, and which (member, day) they are. */
  async function expectedDays(team: Team, s: DailySettings, from: string, to: string) {
    const ids = team.members.map((m) => m.id);
    const off = await repos.daily.daysOff(ids, from, to);
    const expected = new Set<string>();
    for (const id of ids) {
      const daysOff: DayOff[] = off
        .filter((d) => d.memberId === id)
        .map((d) => ({ from: d.fromDay, to: d.toDay }));
      for (let day = from; day <= to; day = addDays(day, 1)) {
        if (isReportDay(day, { days: s.days, holidays: env.holidays(s), daysOff }))
          expected.add(`${id}|${day}`);
      }
    }
    return expected;
  }

  /** Each number field's total over the reports of `from`..`to`, against its target over `expected`. */
  async function kpiTotals(team: Team, s: DailySettings, from: string, to: string, expected: number) {
    const ids = new Set(team.members.map((m) => m.id));
    const reports = (await repos.daily.reportsBetween(team.name, from, to)).filter((r) =>
      ids.has(r.memberId),
    );
    const kpis = s.fields
      .filter((f) => f.type === 'number')
      .map((f) => {
        const values = reports.map((r) => r.values[f.key]).filter((v): v is number => typeof v === 'number');
        const target = f.target ? (f.total === 'avg' ? f.target : scaleTarget(f.target, expected)) : null;
        return { field: f, total: total(f, values), target };
      });
    return { kpis, reports };
  }

  /** What the team's week holds up to `day` (see the file comment), labelled in `t`'s language. */
  async function weekNumbers(team: Team, day: string, t: Translator): Promise<WeekNumbers> {
    const s = env.settings(team.name) as DailySettings;
    const from = weekStartOf(day);
    const to = addDays(from, 6);
    const last = day < to ? day : to;
    const expected = last >= from ? await expectedDays(team, s, from, last) : new Set<string>();
    const { kpis, reports } = await kpiTotals(team, s, from, to, expected.size);
    const blockers = await repos.daily.blockerCounts(team.name, from, to);
    const start = promptInstant(from, '00:00', team.timeZone);
    const end = promptInstant(addDays(to, 1), '00:00', team.timeZone);
    const unassigned = env.teams.defaultName() === team.name;
    const tickets = await repos.daily.ticketFigures([team.name], unassigned, start, end);
    const last7 = await repos.daily.review(team.name, addDays(from, -7));
    return {
      team: team.name,
      from,
      to,
      kpis: kpis.map(
        (k): WeekKpi => ({
          label: k.field.label[t.locale],
          total: k.total ?? 0,
          target: k.target,
          unit: k.field.unit,
        }),
      ),
      filed: reports.filter((r) => expected.has(`${r.memberId}|${r.day}`)).length,
      expected: expected.size,
      blockersOpened: blockers.opened,
      blockersResolved: blockers.resolved,
      blockersOpen: blockers.open,
      ticketsResolved: tickets.resolved,
      slaCompliance: tickets.clocked ? tickets.met / tickets.clocked : null,
      lastWeekActions: last7?.actions ?? [],
    };
  }

  /** The channel message announcing the review: the week's numbers and the button that opens the form. */
  function announcement(n: WeekNumbers, t: Translator): OutgoingMessage {
    const title = t('daily.review.title', { team: n.team ?? '', week: isoWeek(n.from) });
    const intro = t('daily.review.announce', { from: n.from, to: n.to });
    return {
      text: title,
      card: {
        title,
        tone: 'info',
        text: [intro, ...weekLines(n, t)].join('\n'),
        buttons: [
          {
            actionId: DAILY_ACTIONS.review,
            label: t('daily.review.fill'),
            value: `${n.team}|${n.from}`,
            style: 'primary',
          },
        ],
      },
    };
  }

  /** Items posting a message in the team channel, rendered in each platform's channel language. */
  async function inChannel(
    team: Team,
    render: (t: Translator) => Promise<OutgoingMessage>,
  ): Promise<OutboxItem[]> {
    const channelId = team.channel;
    if (!channelId) return [];
    const items: OutboxItem[] = [];
    for (const platform of env.teamPlatforms(team)) {
      const message = await render(await env.channelT(team, platform));
      items.push({ op: 'post', to: { channelId }, message, platform, subject: `team:${team.name}` });
    }
    return items;
  }

  /** The review announcement of the team's current week (a cron run, `/daily review`). */
  async function announce(team: Team, r?: RepositorySet): Promise<number> {
    const day = localDate(clock.now(), team.timeZone);
    const items = await inChannel(team, async (t) => announcement(await weekNumbers(team, day, t), t));
    if (r) await outbox.sayIn(r, items);
    else await outbox.say(items);
    return items.length;
  }

  /** Stores a submitted review and posts it (or edits the posted one) in the team channel. */
  async function submit(team: Team, weekStart: string, values: FormValues, by: string): Promise<boolean> {
    const platforms = env.teamPlatforms(team);
    const t = await env.channelT(team, platforms[0] ?? '');
    const today = localDate(clock.now(), team.timeZone);
    const sunday = addDays(weekStart, 6);
    const numbers = await weekNumbers(team, [sunday, today].sort()[0] as string, t);
    return repos.transaction(async (r) => {
      const created = await r.daily.saveReview({
        team: team.name,
        weekStart,
        values: values as Record<string, unknown>,
        numbers: numbers as unknown as Record<string, unknown>,
        actions: reviewActions(values),
        submittedBy: by,
        submittedAt: clock.now(),
      });
      const channelId = team.channel;
      const items: OutboxItem[] = channelId
        ? platforms.map((platform) => {
            const live = reviewSubject(platform, weekStart, team.name);
            return created
              ? { op: 'live', mode: 'post', live, to: { channelId }, platform, subject: `team:${team.name}` }
              : { op: 'live', mode: 'refresh', live, platform, subject: `live:${live}` };
          })
        : [];
      await outbox.sayIn(r, items);
      return created;
    });
  }

  /** The live renderer's half for review subjects. */
  async function renderReview(team: Team, weekStart: string, platform: string) {
    const row = await repos.daily.review(team.name, weekStart);
    if (!row || !team.channel) return null;
    const t = await env.channelT(team, platform);
    const message = reviewCard(row.numbers as unknown as WeekNumbers, row.values as FormValues, t);
    return { message, to: { channelId: team.channel } };
  }

  /** The monthly KPI board of a `YYYY-MM` month (seed 002 §5.3), null for a team without number fields. */
  async function board(team: Team, month: string, t: Translator): Promise<OutgoingMessage | null> {
    const s = env.settings(team.name);
    if (!s?.fields.some((f) => f.type === 'number')) return null;
    const figures = async (m: string) => {
      const { from, to } = monthRange(m);
      const expected = await expectedDays(team, s, from, to);
      return (await kpiTotals(team, s, from, to, expected.size)).kpis;
    };
    const now = await figures(month);
    const before = await figures(previousMonth(month));
    const kpis = now.map(
      (k, i): MonthKpi => ({
        label: k.field.label[t.locale],
        target: k.target,
        actual: k.total,
        previous: before[i]?.total ?? null,
        unit: k.field.unit,
      }),
    );
    return monthlyBoard({ team: team.name, month, kpis }, t);
  }

  /** Posts last month's board in the team channel (the cron run on the 1st), inside `r`. */
  async function postBoard(r: RepositorySet, team: Team, at: Date): Promise<number> {
    const month = previousMonth(localDate(at, team.timeZone).slice(0, 7));
    const items = await inChannel(team, async (t) => (await board(team, month, t)) ?? { text: '' });
    const real = items.filter((i) => i.op === 'post' && i.message.card);
    await outbox.sayIn(r, real);
    return real.length;
  }

  return { weekNumbers, announce, submit, renderReview, board, postBoard };
}

export type Weekly = ReturnType<typeof createWeekly>;
