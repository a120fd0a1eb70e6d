/**
 * The real app with Slack mounted exactly as main mounts it (mountSlack + appHomeView), served
 * on loopback, talking to a fake Web API. Send-queue timing is virtual: retries and pacing are
 * recorded in `slept` instead of waited for, so no test sleeps.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Database } from '../../db/client.ts';
import { appHomeView } from '../../handlers/app-home.ts';
import type { App } from '../../src/app.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Timing } from '../../src/platforms/slack/queue.ts';
import { mountSlack, type SlackPlatform } from '../../src/platforms/slack/slack.platform.ts';
import type { ModuleDefinition } from '../../src/runtime/module.ts';
import { createTestApp } from './app.ts';
import { resetDatabase, testDatabase } from './db.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { postSigned, SIGNING_SECRET, type SlackRequest, type SlackResponse } from './slack-sign.ts';

export interface SlackHarness {
  app: App;
  fake: FakeSlack;
  slack: SlackPlatform;
  /** http://127.0.0.1:port/slack/events */
  url: string;
  /** Every delay the send queue asked for (ms), in order. */
  slept: number[];
  post(req: SlackRequest): Promise<SlackResponse>;
  /** Waits until every event's work and every queued Slack call has finished. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export const HARNESS_CONFIG = {
  locale: 'en',
  intake: [{ channel: 'C0SUPPORT', team: 'support' }],
};

export async function slackHarness(
  database: Database,
  opts: { socketMode?: boolean; config?: unknown; clock?: Clock; modules?: readonly ModuleDefinition[] } = {},
): Promise<SlackHarness> {
  const fake = await startFakeSlack();
  const slept: number[] = [];
  let virtualNow = 1_700_000_000_000;
  const timing: Timing = {
    now: () => virtualNow,
    sleep: async (ms) => {
      slept.push(ms);
      virtualNow += ms;
    },
    random: () => 0.5,
  };
  const slackEnv = {
    signingSecret: SIGNING_SECRET,
    botToken: 'xoxb-test-token',
    apiUrl: fake.apiUrl,
    ...(opts.socketMode ? { appToken: 'xapp-test-token' } : {}),
  };
  const app = await createTestApp(database, {
    config: opts.config ?? HARNESS_CONFIG,
    env: { slack: slackEnv },
    clock: opts.clock,
    modules: opts.modules,
  });
  const slack = await mountSlack(app, {
    appHome: appHomeView(app.services, app.runtime.workspaces, 'slack'),
    queue: { timing },
    timeoutMs: 5000,
  });
  app.messengers.set('slack', slack.messenger);
  const port = await app.http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/slack/events`;
  return {
    app,
    fake,
    slack,
    url,
    slept,
    post: (req) => postSigned(url, req),
    settle: () => slack.idle(),
    async close() {
      await slack.stop();
      await app.stop();
      await fake.close();
    },
  };
}

/**
 * The per-file fixture the Slack e2e tests share: one database and one harness for the file; a
 * clean database, an empty call log and no recorded sleeps before each test. Returns a stand-in
 * that forwards to the harness once `beforeAll` has built it.
 */
export function useSlackHarness(opts: Parameters<typeof slackHarness>[1] = {}): SlackHarness {
  let current: SlackHarness | undefined;
  let database: Database | undefined;
  beforeAll(async () => {
    database = await testDatabase();
    current = await slackHarness(database, opts);
  });
  afterAll(async () => {
    await current?.close();
    await database?.close();
  });
  beforeEach(async () => {
    if (!current || !database) throw new Error('Slack fixture not started');
    await current.settle();
    await resetDatabase(database);
    current.fake.reset();
    current.slept.length = 0;
  });
  return new Proxy({} as SlackHarness, {
    get(_target, key) {
      if (!current) throw new Error('Slack fixture used before beforeAll');
      return current[key as keyof SlackHarness];
    },
  });
}
