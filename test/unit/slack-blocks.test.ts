import { describe, expect, it } from 'vitest';
import { type Card, type CardBlock, type CardImage, span } from '../../src/core/message.ts';
import { cardBlocks, stackBlocks } from '../../src/platforms/slack/render.ts';
import { clipWidth, displayWidth, textTable } from '../../src/platforms/slack/table-text.ts';

type B = Record<string, unknown>;

function blocksOf(blocks: CardBlock[], images?: Map<CardImage, string>, options = {}): B[] {
  // Drop the header so each test sees its content blocks first.
  return cardBlocks({ title: 'T', blocks }, images, options).slice(1);
}

function textOf(block: B | undefined): string {
  return String((block?.text as { text?: string } | undefined)?.text);
}

describe('slack content blocks: sections, dividers, context', () => {
  it('renders a section with an escaped bold title, text and fields', () => {
    const [section] = blocksOf([
      {
        kind: 'section',
        title: '<b>*Week*</b> @here',
        text: [span.text('5 < 7 & '), span.mention('U0ANN')],
        fields: [{ label: 'Open', value: '<3>' }],
      },
    ]);
    expect(section).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*&lt;b&gt;Week&lt;/b&gt; @\u2060here*\n5 &lt; 7 &amp; <@U0ANN>',
        verbatim: true,
      },
      fields: [{ type: 'mrkdwn', text: '*Open*\n&lt;3&gt;', verbatim: true }],
    });
  });

  it('puts more than ten fields in further sections, and skips an empty section', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: String(i) }));
    const blocks = blocksOf([{ kind: 'section', fields }, { kind: 'section' }]);
    expect(blocks.map((b) => (b.fields as unknown[]).length)).toEqual([10, 2]);
  });

  it('renders dividers and context small print, escaped', () => {
    const blocks = blocksOf([{ kind: 'divider' }, { kind: 'context', text: 'by <!channel>' }]);
    expect(blocks).toEqual([
      { type: 'divider' },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'by &lt;!channel&gt;', verbatim: true }] },
    ]);
  });
});

describe('slack content blocks: images', () => {
  const chart: CardImage = { alt: 'Opened <per> day', title: 'Opened', textFallback: 'mon ██ 2\ntue `█` 1' };

  it('shows an uploaded image by its Slack file id', () => {
    const [image] = blocksOf([{ kind: 'image', image: chart }], new Map([[chart, 'F0123456789']]));
    expect(image).toEqual({
      type: 'image',
      slack_file: { id: 'F0123456789' },
      alt_text: 'Opened <per> day',
      title: { type: 'plain_text', text: 'Opened', emoji: true },
    });
  });

  it('shows an image without a file id as its text figure, in a code block that backticks cannot close', () => {
    const [fallback] = blocksOf([{ kind: 'image', image: chart }]);
    expect(textOf(fallback)).toBe('*Opened*\n```\nmon ██ 2\ntue ˋ█ˋ 1\n```');
  });

  it('shows an image without a figure as its escaped alt text', () => {
    const [fallback] = blocksOf([{ kind: 'image', image: { alt: 'chart @everyone <x>' } }]);
    expect(textOf(fallback)).toBe('🖼️ chart @\u2060everyone &lt;x&gt;');
  });

  it('cuts an overlong alt text to Slack’s 2,000 characters', () => {
    const image: CardImage = { alt: 'a'.repeat(2500) };
    const [block] = blocksOf([{ kind: 'image', image }], new Map([[image, 'F0123456789']]));
    expect(String(block?.alt_text).length).toBe(2000);
  });
});

describe('slack content blocks: button rows', () => {
  it('renders button rows like card buttons, ids unique across the whole card', () => {
    const card: Card = {
      title: 'Release',
      blocks: [
        {
          kind: 'buttons',
          buttons: [{ actionId: 'release.done', label: 'Done', value: 'r1:1', style: 'primary' }],
        },
        {
          kind: 'buttons',
          buttons: [
            { actionId: 'release.done', label: 'Done', value: 'r1:2' },
            {
              actionId: 'release.block',
              label: 'Block',
              value: 'r1:2',
              prompt: { title: 'Why', label: 'Reason' },
            },
          ],
        },
      ],
      buttons: [{ actionId: 'release.done', label: 'All done', value: 'r1' }],
    };
    const actions = cardBlocks(card).filter((b) => b.type === 'actions');
    expect(actions.map((a) => a.block_id)).toEqual([
      'sopbot.actions.1',
      'sopbot.actions.2',
      'sopbot.actions',
    ]);
    const elements = actions.map((a) => a.elements as B[]);
    const ids = elements.flat().map((e) => e.action_id);
    expect(ids).toEqual(['release.done', 'release.done~2', 'sopbot.prompt:release.block', 'release.done~3']);
    const prompted = elements[1]?.[1];
    expect(JSON.parse(String(prompted?.value))).toEqual({ v: 'r1:2', t: 'Why', l: 'Reason', o: false });
    expect(elements[0]?.[0]?.style).toBe('primary');
  });
});

describe('slack content blocks: tables', () => {
  const table: CardBlock = {
    kind: 'table',
    title: 'By assignee',
    table: {
      columns: [{ label: 'Who' }, { label: 'Open', align: 'right' }],
      rows: [
        [[span.mention('U0ANN')], '3'],
        ['<@U9> @here', [span.bold('12')]],
        [[span.link('javascript:alert(1)', 'bad')], ''],
      ],
    },
  };

  it('renders the first table as a Block Kit table with rich-text cells and literal text', () => {
    const [title, native] = blocksOf([table]);
    expect(textOf(title)).toBe('*By assignee*');
    const cell = (...elements: B[]) => ({
      type: 'rich_text',
      elements: [{ type: 'rich_text_section', elements }],
    });
    expect(native).toEqual({
      type: 'table',
      rows: [
        [
          cell({ type: 'text', text: 'Who', style: { bold: true } }),
          cell({ type: 'text', text: 'Open', style: { bold: true } }),
        ],
        [cell({ type: 'user', user_id: 'U0ANN' }), cell({ type: 'text', text: '3' })],
        [
          cell({ type: 'text', text: '<@U9> @\u2060here' }),
          cell({ type: 'text', text: '12', style: { bold: true } }),
        ],
        [cell({ type: 'text', text: 'bad' }), cell({ type: 'text', text: ' ' })],
      ],
      column_settings: [
        { align: 'left', is_wrapped: true },
        { align: 'right', is_wrapped: false },
      ],
    });
  });

  it('renders a second table of the same message, and every table on App Home, as escaped aligned text', () => {
    const [, , second] = blocksOf([table, table]);
    const expected = [
      '*By assignee*',
      '```',
      // Aligned on the text as shown: `<@U9> @here` is 11 columns, entities and the joiner add none.
      'Who          Open',
      '-----------  ----',
      '@U0ANN          3',
      '&lt;@U9&gt; @\u2060here    12',
      'bad',
      '```',
    ].join('\n');
    expect(textOf(second)).toBe(expected);
    const home = stackBlocks([{ text: 'x', card: { title: 'T', blocks: [table] } }]);
    expect(home.some((b) => b.type === 'table')).toBe(false);
    expect(home.map((b) => b.type)).toEqual(['header', 'section']);
    expect(textOf(home[1])).toBe(expected);
  });

  it('caps a native table at 100 rows, the last one counting what was left out', () => {
    const rows = Array.from({ length: 150 }, (_, i) => [String(i)]);
    const [native] = blocksOf([{ kind: 'table', table: { columns: [{ label: 'n' }], rows } }]);
    const out = native?.rows as B[][];
    expect(out.length).toBe(100);
    expect(JSON.stringify(out[99])).toContain('…(+52)');
  });
});

describe('text tables measure display columns', () => {
  it('counts CJK and emoji as two columns, combining marks as none', () => {
    expect(displayWidth('新增好友数')).toBe(10);
    expect(displayWidth('Bob')).toBe(3);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('👍 ok')).toBe(5);
    expect(clipWidth('昨天完成的工作', 7)).toBe('昨天完…');
  });

  it('aligns CJK and Latin rows, numbers to the right', () => {
    const text = textTable({
      columns: [{ label: '成员' }, { label: 'Done', align: 'right' }],
      rows: [
        ['张三', '12'],
        ['Bob', '3'],
      ],
    });
    expect(text).toBe(['成员  Done', '----  ----', '张三    12', 'Bob      3'].join('\n'));
  });

  it('replaces rows that do not fit with a count', () => {
    const rows = Array.from({ length: 10 }, (_, i) => [`row${i}`]);
    const text = textTable({ columns: [{ label: 'r' }], rows }, { maxChars: 40 });
    // 'r\n----' is 6 characters, each row 5 more, the count line 6: five rows fit in 40.
    expect(text.split('\n')).toEqual(['r', '----', 'row0', 'row1', 'row2', 'row3', 'row4', '…(+5)']);
    expect(text.length).toBeLessThanOrEqual(40);
  });
});

describe('slack cards keep within 50 blocks', () => {
  const dividers: CardBlock[] = Array.from({ length: 60 }, () => ({ kind: 'divider' }));
  const card: Card = {
    title: 'Long',
    blocks: dividers,
    buttons: [{ actionId: 'a', label: 'A', value: '1' }],
    context: 'SLA 10m',
  };

  it('cuts trailing content blocks, keeping header, buttons and small print', () => {
    const blocks = cardBlocks(card);
    expect(blocks.length).toBe(50);
    expect(blocks[0]?.type).toBe('header');
    expect(blocks.slice(-3).map((b) => b.type)).toEqual(['context', 'actions', 'context']);
    // 1 header + 46 dividers + the note + buttons + small print: 60 - 46 dividers left out.
    expect(blocks.filter((b) => b.type === 'divider').length).toBe(46);
    expect(blocks[47]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '…(+14)', verbatim: true }],
    });
  });

  it('words the note in the reader’s language when given, escaped like all text', () => {
    const blocks = cardBlocks(card, undefined, { more: (n) => `还有 ${n} 项 <见话题>` });
    expect(blocks[47]).toMatchObject({ elements: [{ text: '还有 14 项 &lt;见话题&gt;' }] });
  });

  it('never splits a titled table from its title', () => {
    const table: CardBlock = { kind: 'table', title: 'T', table: { columns: [{ label: 'a' }], rows: [] } };
    const blocks = cardBlocks({ title: 'x', blocks: [...Array(47).fill({ kind: 'divider' }), table] });
    // 1 header + 47 dividers leaves 2 places: the titled table (2 blocks) would fit only without the note.
    expect(blocks.length).toBe(50);
    expect(blocks.at(-1)?.type).toBe('table');
    const over = cardBlocks({ title: 'x', blocks: [...Array(48).fill({ kind: 'divider' }), table] });
    expect(over.length).toBe(50);
    expect(over.some((b) => b.type === 'table')).toBe(false);
    expect(over.at(-1)).toMatchObject({ type: 'context', elements: [{ text: '…(+1)' }] });
  });
});
