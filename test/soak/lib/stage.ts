/**
 * The stage most scenarios play on: a fresh `soak_<name>` database, the fake Slack Web API in this
 * process (so the scenario reads every call sopbot made), and sopbot processes started on that
 * database with a config. `close` stops every process and the fake, and drops the database unless
 * the scenario failed (then it is kept for a look, and named in the notes).
 */
import { join } from 'node:path';
import { type FakeSlack, startFakeSlack } from '../../helpers/fake-slack.ts';
import { connect, dropDatabase, freshDatabase, type Sql } from './db.ts';
import { freePort, type Sopbot, type SopbotOptions, startSopbot } from './procs.ts';
import type { Context } from './scenario.ts';
import { SECRET } from './slack.ts';

export interface Stage {
  fake: FakeSlack;
  dbUrl: string;
  sql: Sql;
  /** Starts a sopbot on the stage's database (a fresh port unless given). */
  start(name: string, extra?: Partial<SopbotOptions>): Promise<Sopbot>;
  /** Log lines matching `re` of every process started on the stage (the last lines of each). */
  grep(re: RegExp): string[];
  close(keep: boolean): Promise<void>;
}

export async function slackStage(ctx: Context, name: string, config: string): Promise<Stage> {
  const [fake, dbUrl] = await Promise.all([startFakeSlack(), freshDatabase(name)]);
  const sql = connect(dbUrl);
  const bots: Sopbot[] = [];
  return {
    fake,
    dbUrl,
    sql,
    async start(label, extra = {}) {
      const bot = await startSopbot({
        name: label,
        dir: ctx.dir,
        port: extra.port ?? (await freePort()),
        config,
        databaseUrl: dbUrl,
        slack: { apiUrl: fake.apiUrl, secret: SECRET },
        ...extra,
      });
      bots.push(bot);
      return bot;
    },
    grep: (re) => bots.flatMap((b) => b.grep(re)),
    async close(keep) {
      await Promise.all(bots.map((b) => b.stop(5_000)));
      await fake.close();
      await sql.end({ timeout: 5 });
      if (keep) ctx.log(`kept database ${new URL(dbUrl).pathname.slice(1)} for a look`);
      else await dropDatabase(dbUrl);
    },
  };
}

/**
 * The light rows (forged, replays, twins, busy) share one stage and one sopbot, so a run starts
 * one process for them instead of four: each scenario resets the fake's call log first and reads
 * only its own tickets (by title) and calls. Its config has every intake channel they use.
 */
const LIGHT_CONFIG = [
  'locale: en',
  'intake:',
  '  - channel: C0INTAKE',
  ...Array.from({ length: 20 }, (_, i) => `  - channel: C0IN${String(i).padStart(2, '0')}`),
  '',
].join('\n');

let light: Promise<{ stage: Stage; bot: Sopbot }> | undefined;
let lightFailed = false;

export function lightStage(ctx: Context): Promise<{ stage: Stage; bot: Sopbot }> {
  light ??= (async () => {
    const shared = { ...ctx, dir: join(ctx.dir, '..', 'light') };
    const stage = await slackStage(shared, 'light', LIGHT_CONFIG);
    return { stage, bot: await stage.start('light') };
  })();
  return light.then((l) => {
    l.stage.fake.reset();
    return l;
  });
}

/** A light scenario failed: keep the shared database for a look. */
export function lightFailure(): void {
  lightFailed = true;
}

/** Stops the light stage's process (the runner calls it after the last scenario). */
export async function closeLightStage(): Promise<void> {
  const l = await light?.catch(() => undefined);
  light = undefined;
  await l?.stage.close(lightFailed);
}
