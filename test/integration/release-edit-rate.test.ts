/**
 * The header is a live message: changes in quick succession are coalesced into edits no closer
 * together than the platform allows (`editIntervalMs`: Slack one per second, Feishu five per
 * second), and the last edit shows the last state. Only the changed step's reply is edited.
 */
import { expect, it } from 'vitest';
import { RELEASE_ACTIONS } from '../../src/domain/releases/index.ts';
import { RecordingMessenger } from '../helpers/recording.ts';
import { useReleaseApp } from '../helpers/release-app.ts';

const T0 = Date.parse('2026-03-02T02:00:00Z');
const r = useReleaseApp({ config: { locale: 'en', timezone: 'Asia/Shanghai' }, start: T0 });

/** A recording messenger with a platform's edit interval, noting the clock at each edit. */
class Paced extends RecordingMessenger {
  readonly edits: { messageId: string; at: number; text: string }[] = [];
  constructor(
    override readonly editIntervalMs: number,
    private readonly now: () => number,
  ) {
    super('slack');
  }
  override async update(...args: Parameters<RecordingMessenger['update']>): Promise<void> {
    await super.update(...args);
    this.edits.push({ messageId: args[0].messageId, at: this.now(), text: JSON.stringify(args[1]) });
  }
}

for (const [platform, interval] of [
  ['Slack', 1000],
  ['Feishu', 200],
] as const) {
  it(`${platform}: header edits at most one per ${interval} ms, the last one current`, async () => {
    const paced = new Paced(interval, () => r.clock.now().getTime());
    r.app.messengers.set('slack', paced);
    await r.release('U0ANN', 'start weekly-checks W-1');
    const header = paced.of('post')[0]?.ref.messageId;
    const run = await r.app.services.releases.queries.byName('slack', null, ['W-1']);
    const steps = run?.run.template.steps.length ?? 0;
    for (let n = 1; n <= steps; n++) {
      r.clock.set(T0 + n * 50); // a click every 50 ms
      await r.click('U0ANN', RELEASE_ACTIONS.done, `${run?.run.id}:${n}`);
    }
    for (let t = 0; t <= 3_000; t += 100) await r.at(T0 + steps * 50 + t);
    const edits = paced.edits.filter((e) => e.messageId === header);
    expect(edits.length).toBeGreaterThan(1);
    expect(edits.length).toBeLessThan(steps);
    for (let i = 1; i < edits.length; i++)
      expect((edits[i]?.at ?? 0) - (edits[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(interval);
    expect(edits.at(-1)?.text).toContain(`${steps}/${steps} done`);
    const stepEdits = paced.edits.filter((e) => e.messageId !== header);
    expect(new Set(stepEdits.map((e) => e.messageId)).size).toBe(steps);
    expect(stepEdits).toHaveLength(steps);
  });
}
