/**
 * A Web API client configured as slack.platform.ts configures it (lite fetch, no client retries,
 * rate-limited calls rejected so the send queue owns retries), pointed at a FakeSlack, with send
 * queues on virtual time: every delay is recorded in `slept` and advances `now` instead of waiting.
 */
import { webApi } from '@slack/bolt';
import { createLiteFetch } from '../../src/platforms/slack/http-client.ts';
import type { SlackApi } from '../../src/platforms/slack/messenger.ts';
import { DEFAULT_QUEUE, SendQueues, type Timing } from '../../src/platforms/slack/queue.ts';

export interface SlackWeb {
  api: SlackApi;
  queues: SendQueues;
  timing: Timing;
  slept: number[];
}

export function slackWeb(apiUrl: string): SlackWeb {
  const slept: number[] = [];
  let now = 1_700_000_000_000;
  const timing: Timing = {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    random: () => 0.5,
  };
  const api = new webApi.WebClient('xoxb-test-token', {
    slackApiUrl: apiUrl,
    fetch: createLiteFetch() as unknown as typeof fetch,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 5000,
    // Refusals the tests provoke on purpose would otherwise print as errors.
    logger: {
      debug() {},
      info() {},
      warn() {},
      error() {},
      setLevel() {},
      getLevel: () => webApi.LogLevel.ERROR,
      setName() {},
    },
  }) as unknown as SlackApi;
  return { api, queues: new SendQueues({ ...DEFAULT_QUEUE, timing }), timing, slept };
}
