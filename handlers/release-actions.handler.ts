/**
 * Clicks on a release's buttons (`release.*`): Done / Skip / Block on a step, Go / No-go on a gate,
 * and "Start the rollback runbook" on a no-go. Each runs the same use case as its command, with the
 * same checks: a click by someone who may not act is refused privately (the error boundary answers
 * the clicker only) and changes nothing. The step's reply and the header are edited by the change.
 */
import { voteAnswer } from '../commands/release.command.ts';
import { CodedError } from '../src/core/errors.ts';
import type { ActionEvent } from '../src/core/events.ts';
import { RELEASE_ACTIONS } from '../src/domain/releases/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';

type Ctx = RequestContext<ActionEvent>;

/** `12:3` → run 12, step 3 (the rollback button carries the run only). */
function parseValue(value: string): { run: number; step: string } {
  const [run, step = ''] = value.split(':');
  const id = Number(run);
  if (!Number.isInteger(id) || id <= 0) throw new CodedError('releases.name_required');
  return { run: id, step };
}

const reason = (ctx: Ctx) => ctx.event.input?.trim().slice(0, 500) || null;

/** Every `release.*` button. */
export async function releaseActionHandler(ctx: Ctx): Promise<void> {
  const { releases } = ctx.services;
  const { run, step } = parseValue(ctx.event.value);
  const user = ctx.actor.id;
  const say = (text: string) => ctx.respond({ visibility: 'ephemeral', message: { text } });
  switch (ctx.event.actionId) {
    case RELEASE_ACTIONS.done:
      await releases.act(run, step, user, 'done', reason(ctx));
      return;
    case RELEASE_ACTIONS.skip:
      await releases.act(run, step, user, 'skip', reason(ctx));
      return;
    case RELEASE_ACTIONS.block:
      await releases.act(run, step, user, 'block', reason(ctx));
      return;
    case RELEASE_ACTIONS.go:
    case RELEASE_ACTIONS.nogo: {
      const vote = ctx.event.actionId === RELEASE_ACTIONS.go ? 'go' : 'nogo';
      const result = await releases.vote(run, step, user, vote, reason(ctx));
      say(voteAnswer(ctx, result.run, result.step, vote, result.tally));
      return;
    }
    case RELEASE_ACTIONS.rollback: {
      const child = await releases.rollback(run, user, reason(ctx));
      const parent = await releases.queries.byId(run);
      say(ctx.t('releases.rolled_back', { child: child.name, name: parent?.run.name ?? String(run) }));
      return;
    }
    default:
      say(ctx.t('action.gone'));
  }
}
