/**
 * Open-loop load: `/ticket new` commands at a fixed rate spread over many channels (so Slack's
 * per-channel pacing never holds the cards back), each with its own trigger (the delivery's key)
 * and response_url id, so every command can be followed to its ticket, card and confirmation.
 */
import type { FakeSlack } from '../../helpers/fake-slack.ts';
import { slashCommand } from '../../helpers/slack-sign.ts';
import { sleep } from './procs.ts';
import type { SlackSender } from './slack.ts';

export interface LoadOptions {
  sender: SlackSender;
  fake: FakeSlack;
  total: number;
  /** Commands per second. */
  rate: number;
  channels: number;
  /** The ticket title of command n (1-based); also its trigger id is `<prefix>.<n>`. */
  title(n: number): string;
  /** Names triggers and response_urls: `soak.<prefix>.<n>`, `<prefix>-<n>`. */
  prefix: string;
}

/** Sends the commands on schedule (not waiting for their answers); resolves once all are sent. */
export async function commandLoad(o: LoadOptions): Promise<void> {
  const started = Date.now();
  for (let n = 1; n <= o.total; n++) {
    const due = started + ((n - 1) * 1000) / o.rate;
    if (due > Date.now()) await sleep(due - Date.now());
    const req = slashCommand('/ticket', `new P2 ${o.title(n)}`, {
      channel: `C${String(n % o.channels).padStart(4, '0')}`,
      user: `U${n % 50}`,
      trigger: `soak.${o.prefix}.${n}`,
      responseUrl: o.fake.responseUrl(`${o.prefix}-${n}`),
    });
    void o.sender.send(String(n), req);
  }
}
