import { describe, expect, it } from 'vitest';
import { rewriteTexts, slashCommandWriter } from '../../src/platforms/slack/command-names.ts';

const write = slashCommandWriter(
  new Map([
    ['工单', 'ticket'],
    ['值班', 'oncall'],
    ['发布', 'release'],
  ]),
);

describe('Slack command names', () => {
  it('writes a Chinese command name as the slash command Slack has', () => {
    expect(write('请先解决（/工单 解决 7 [备注]），已解决的工单才能关闭。')).toBe(
      '请先解决（/ticket 解决 7 [备注]），已解决的工单才能关闭。',
    );
    expect(write('/工单 新建|new <标题>\n/值班 替班|override')).toBe(
      '/ticket 新建|new <标题>\n/oncall 替班|override',
    );
    expect(write('输入 `/发布 help`')).toBe('输入 `/release help`');
    expect(write('命令：/工单')).toBe('命令：/ticket');
  });

  it('says a name once where the Chinese one stood beside it', () => {
    expect(write('/工单（/ticket）   工单 /值班（/oncall）')).toBe('/ticket   工单 /oncall');
  });

  it('leaves words that only start like a command, and text without a slash, alone', () => {
    expect(write('/工单号 12 在 工单 里')).toBe('/工单号 12 在 工单 里');
    expect(write('a/工单 b')).toBe('a/工单 b');
    expect(write('/ticket 工单')).toBe('/ticket 工单');
  });

  it('rewrites every text of a rendered message and nothing else', () => {
    const out = rewriteTexts(
      {
        text: '/工单 列表',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: '*/工单 解决 3*' } },
          { type: 'actions', elements: [{ type: 'button', action_id: '/工单', value: '/工单 x' }] },
        ],
      },
      write,
    );
    expect(out.text).toBe('/ticket 列表');
    expect(out.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*/ticket 解决 3*' } },
      { type: 'actions', elements: [{ type: 'button', action_id: '/工单', value: '/工单 x' }] },
    ]);
  });
});
