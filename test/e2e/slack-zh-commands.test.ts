/**
 * A Chinese workspace on Slack: Slack has only the manifest's ASCII slash commands, so every
 * answer names `/ticket`, never `/工单`, which a Slack user could not type.
 */
import { describe, expect, it } from 'vitest';
import { useSlackHarness } from '../helpers/slack-harness.ts';
import { slashCommand } from '../helpers/slack-sign.ts';

const h = useSlackHarness({
  config: { locale: 'zh-CN', intake: [{ channel: 'C0SUPPORT', team: 'support' }] },
});

async function answer(command: string, text: string, id: string): Promise<string> {
  await h.post(slashCommand(command, text, { responseUrl: h.fake.responseUrl(id) }));
  await h.settle();
  return h.fake
    .callsTo('response_url')
    .filter((c) => c.responseId === id)
    .map((c) => String(c.args.text))
    .join('\n');
}

describe('Chinese answers on Slack name the slash commands Slack has', () => {
  it('hints, usage and help say /ticket', async () => {
    await answer('/ticket', '新建 P1 登录失败', 'new');
    const refused = await answer('/ticket', '关闭 1', 'close');
    expect(refused).toContain('请先解决（/ticket 解决 1 [备注]）');
    expect(refused).not.toContain('/工单');

    const help = await answer('/ticket', 'help', 'help');
    expect(help).toContain('/ticket 新建|new');
    expect(help).not.toContain('/工单');
    expect(help).not.toContain('也可写作');
  });

  it('the overview lists the slash names, once each', async () => {
    const overview = await answer('/help', '', 'overview');
    expect(overview).toContain('/ticket');
    expect(overview).toContain('/oncall');
    expect(overview).not.toContain('/工单');
    expect(overview).not.toContain('（/ticket）');
  });
});
