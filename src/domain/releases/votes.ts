/**
 * A vote on a gate, applied to a loaded run: one vote per approver (a changed mind replaces the
 * earlier vote), a Go decision at quorum, a No-go at once; a No-go that is not `continue` stops
 * the run (and, with `onNogo: rollback`, the decision note offers the rollback runbook).
 */
import { CodedError } from '../../core/errors.ts';
import { translator } from '../../core/i18n/index.ts';
import { quorumOf } from './access.ts';
import { complete } from './engine.ts';
import { type Decision, type Step, specOf } from './model.ts';
import { decisionNote } from './notices.ts';
import type { Change } from './runs.ts';
import { stepLabel } from './text.ts';

/** Applies one vote; returns the Go tally and the quorum. */
export function applyVote(
  change: Change,
  step: Step,
  user: string,
  vote: Decision,
  reason: string | null,
  list: string[],
  now: Date,
) {
  const spec = specOf(change.run, step);
  const mine = step.votes.find((v) => v.user === user);
  if (mine?.vote === vote)
    throw new CodedError('releases.already_voted', { gate: stepLabel(change.run, spec), vote });
  step.votes = [
    ...step.votes.filter((v) => v.user !== user),
    { user, vote, at: now.toISOString(), ...(reason ? { reason } : {}) },
  ];
  change.changed.add(step.number);
  change.redraw.add(step.number);
  change.log.push({
    kind: 'vote',
    step: step.number,
    actor: user,
    data: { vote, ...(reason ? { reason } : {}) },
  });
  const go = step.votes.filter((v) => v.vote === 'go').length;
  const quorum = quorumOf(spec, list);
  if (vote === 'go' && go < quorum) return { go, quorum };
  step.decision = vote;
  complete(step, 'done', user, now, reason);
  change.log.push({ kind: 'decided', step: step.number, actor: user, data: { decision: vote } });
  const action = spec.gate?.onNogo ?? 'stop';
  const halts = vote === 'nogo' && action !== 'continue';
  if (halts) {
    change.run.status = 'stopped';
    change.run.finishedAt = now;
    change.run.outcome = { kind: 'nogo', gate: spec.id, by: user, ...(reason ? { reason } : {}) };
    change.runChanged = true;
    change.log.push({ kind: 'stopped', step: step.number, actor: user, data: { gate: spec.id } });
  }
  const t = translator(change.run.locale);
  change.notes.push(decisionNote(change.run, step, t, halts && action === 'rollback'));
  return { go, quorum };
}
