/**
 * Replies of `/daily` as neutral messages: the team's status of the day, the choice of team for a
 * member who reports to several, and the confirmation after filing. Pure; the caller's language.
 */
import type { Translator } from '../../core/i18n/index.ts';
import type { CardBlock, OutgoingMessage } from '../../core/message.ts';
import type { Team } from '../teams/index.ts';
import { DAILY_ACTIONS } from './compile.ts';
import type { FileResult, TeamStatus } from './reports.ts';

const nameOf = (m: { id: string; name?: string }) => m.name?.trim() || m.id;

/** `/daily status`: reported, not yet, off, prompt still to come. */
export function statusCard(s: TeamStatus, t: Translator): OutgoingMessage {
  const list = (people: string[]) =>
    people.length ? people.join(t('common.list_sep')) : t('daily.status.none');
  const section = (title: string, people: string[]): CardBlock => ({
    kind: 'section',
    title,
    text: list(people),
  });
  const blocks: CardBlock[] = [
    section(t('daily.status.reported', { count: s.reported.length }), s.reported.map(nameOf)),
    section(t('daily.status.missing', { count: s.missing.length }), s.missing.map(nameOf)),
    section(
      t('daily.status.off', { count: s.off.length }),
      s.off.map((o) => (o.reason ? `${nameOf(o.member)} (${o.reason})` : nameOf(o.member))),
    ),
  ];
  if (s.later.length)
    blocks.push(section(t('daily.status.later', { count: s.later.length }), s.later.map(nameOf)));
  const title = t('daily.status.title', { team: s.team.name, day: s.day });
  const summary = `${t('daily.compiled.filed')} ${s.reported.length}/${s.reported.length + s.missing.length + s.later.length}`;
  return {
    text: `${title}: ${summary}`,
    card: {
      title,
      tone: s.missing.length ? 'warning' : 'success',
      text: s.reportDay ? summary : `${t('daily.status.no_report_day', { team: s.team.name })} ${summary}`,
      blocks,
    },
  };
}

/** For a member of several teams: one button per team, each opening that team's form. */
export function chooseTeam(teams: Team[], t: Translator): OutgoingMessage {
  const text = t('daily.form.choose_team');
  return {
    text,
    card: {
      title: t('daily.form.title'),
      text,
      buttons: teams.map((team) => ({
        actionId: DAILY_ACTIONS.open,
        label: t('daily.form.team_button', { team: team.name }),
        value: team.name,
      })),
    },
  };
}

/** What filing said: filed or updated, the compiled report edited, the member's open blockers. */
export function filedText(team: Team, result: FileResult, openBlockers: number, t: Translator): string {
  const day = result.report.day;
  const lines = [t(result.created ? 'daily.filed' : 'daily.updated', { team: team.name, day })];
  if (result.compiled) lines.push(t('daily.filed_compiled', { day }));
  if (openBlockers) lines.push(t('daily.filed_blockers', { count: openBlockers }));
  return lines.join('\n');
}
