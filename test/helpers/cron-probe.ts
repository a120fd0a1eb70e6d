/**
 * A test-only module with one cron job, built with the real module contract: each run posts one
 * line (`report <slot> late=<bool>`) to channel `reports` through the outbox, committed with the
 * run's completion, so the chat API at the edge tells how many times each slot ran.
 */
import { plainText } from '../../src/core/message.ts';
import type { CronJob } from '../../src/runtime/cron.ts';
import { defineModule, type ModuleDefinition } from '../../src/runtime/module.ts';
import type { RecordingMessenger } from './recording.ts';

export interface CronProbeOptions {
  name?: string;
  cron: string;
  timezone: string;
  catchUpMs?: number;
  /** Runs that throw before committing, in order (a failing run is retried with backoff). */
  failures?: number;
  /** Awaited before committing (a run that hangs, as in a process frozen mid-run). */
  hold?: () => Promise<void>;
}

export function cronProbe(opts: CronProbeOptions): ModuleDefinition & { runs: string[] } {
  const runs: string[] = [];
  let failures = opts.failures ?? 0;
  const def = defineModule({
    name: 'cronprobe' as never,
    create: () => ({}) as never,
    crons: (_services, runtime): CronJob[] => [
      {
        name: opts.name ?? 'probe.report',
        cron: opts.cron,
        timezone: opts.timezone,
        catchUpMs: opts.catchUpMs,
        async run(slot, ctx) {
          runs.push(slot.at.toISOString());
          if (failures > 0) {
            failures--;
            throw new Error('probe run failed');
          }
          await opts.hold?.();
          await ctx.commit((r) =>
            runtime.outbox.sayIn(r, {
              op: 'post',
              platform: 'console',
              subject: `probe:${slot.at.toISOString()}`,
              to: { channelId: 'reports' },
              message: { text: `report ${slot.at.toISOString()} late=${slot.late}` },
            }),
          );
        },
      },
    ],
  });
  return Object.assign(def as ModuleDefinition, { runs });
}

/** The lines the probe posted, as the chat API received them. */
export function reportsOf(...chats: RecordingMessenger[]): string[] {
  return chats
    .flatMap((c) => c.of('post'))
    .filter((c) => c.to.channelId === 'reports')
    .map((c) => plainText(c.message.text));
}
