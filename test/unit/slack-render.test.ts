import { describe, expect, it } from 'vitest';
import { type Card, span } from '../../src/core/message.ts';
import {
  cardBlocks,
  escapeMrkdwn,
  mrkdwn,
  renderMessage,
  stackBlocks,
} from '../../src/platforms/slack/render.ts';

describe('slack mrkdwn rendering', () => {
  it('escapes literal text so it can never ping or mention', () => {
    expect(escapeMrkdwn('a & b <!channel> <@U1> @here @Everyone')).toBe(
      'a &amp; b &lt;!channel&gt; &lt;@U1&gt; @\u2060here @\u2060Everyone',
    );
  });

  it('renders spans: bold and code survive spaces, real mentions only from mention spans', () => {
    const text = [
      span.bold(' #4 P1 '),
      span.text('<@U9>'),
      span.code('x`y'),
      span.mention('U0ANN'),
      span.mention('not a slack id'),
      span.link('https://example.com/a b|c', 'see <here>'),
      span.link('javascript:alert(1)', 'bad'),
    ];
    expect(mrkdwn(text)).toBe(
      ' *#4 P1* &lt;@U9&gt;`xy`<@U0ANN>@not a slack id<https://example.com/a%20b%7Cc|see &lt;here&gt;>bad',
    );
  });

  it('clips long text without cutting an entity or leaving bold open', () => {
    const out = mrkdwn([span.bold('x'.repeat(20)), span.text('&'.repeat(20))], 30);
    expect(out.length).toBeLessThanOrEqual(31);
    expect(out).not.toMatch(/&[a-z]*…$/);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('slack card blocks', () => {
  const card: Card = {
    title: '#7 · <b>x</b> & y',
    tone: 'danger',
    fields: Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: [span.text(`<v${i}>`)] })),
    text: [span.bold('Resolution: '), span.text('*done*')],
    buttons: [
      { actionId: 'a.one', label: 'One', value: '7', style: 'primary' },
      { actionId: 'a.one', label: 'Again', value: '7', style: 'default' },
      {
        actionId: 'a.note',
        label: 'Note',
        value: '7',
        prompt: { title: 'Why', label: 'Reason', optional: true },
      },
    ],
    selects: [
      {
        actionId: 'a.pick',
        placeholder: 'Pick',
        options: [
          { label: 'A', value: '7:A' },
          { label: 'B', value: '7:B' },
        ],
        selected: '7:B',
      },
    ],
    context: 'small <print>',
  };

  it('lays out header, fields in sections of ten, text, actions and context', () => {
    const blocks = cardBlocks(card);
    expect(blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'actions',
      'context',
    ]);
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '🔴 #7 · <b>x</b> & y', emoji: true },
    });
    expect((blocks[1]?.fields as unknown[] | undefined)?.length).toBe(10);
    expect((blocks[2]?.fields as { text: string }[] | undefined)?.[0]?.text).toBe('*F10*\n&lt;v10&gt;');
    expect(blocks[3]).toMatchObject({
      text: { type: 'mrkdwn', text: '*Resolution:* *done*', verbatim: true },
    });
    expect(blocks[5]).toMatchObject({ elements: [{ type: 'mrkdwn', text: 'small &lt;print&gt;' }] });
  });

  it('gives buttons unique action ids, styles, prompt payloads; selects their initial option', () => {
    const actions = cardBlocks(card).find((b) => b.type === 'actions') as {
      elements: Record<string, unknown>[];
    };
    const [one, again, note, pick] = actions.elements;
    expect(one).toMatchObject({ action_id: 'a.one', style: 'primary', value: '7' });
    expect(again).toMatchObject({ action_id: 'a.one~2', value: '7' });
    expect(again?.style).toBeUndefined();
    expect(note?.action_id).toBe('sopbot.prompt:a.note');
    expect(JSON.parse(String(note?.value))).toEqual({ v: '7', t: 'Why', l: 'Reason', o: true });
    expect(pick).toMatchObject({ type: 'static_select', initial_option: { value: '7:B' } });
  });

  it('always sends a fallback text and blocks only for cards', () => {
    expect(renderMessage({ text: 'plain <x>' })).toEqual({ text: 'plain &lt;x&gt;' });
    expect(renderMessage({ text: 'fallback', card }).blocks?.length).toBe(6);
  });

  it('stacks messages for App Home within Slack’s 100-block limit', () => {
    const many = Array.from({ length: 40 }, () => ({ text: 't', card }));
    const blocks = stackBlocks([{ text: 'Heading' }, ...many]);
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(blocks[0]).toMatchObject({ type: 'section', text: { text: 'Heading' } });
    expect(blocks.filter((b) => b.type === 'divider').length).toBeGreaterThan(10);
  });
});
