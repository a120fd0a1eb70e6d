import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/message.ts';
import { span } from '../../src/core/message.ts';
import {
  CARD_LIMIT_BYTES,
  escapeMd,
  renderCard,
  renderEphemeral,
  renderMessage,
  toMarkdown,
  toPost,
} from '../../src/platforms/feishu/render.ts';

const decode = (s: string) => s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));

describe('Feishu lark_md escaping', () => {
  it('turns every markup character of literal text into an entity, and decodes back to the text', () => {
    const nasty = '**b** _i_ ~~s~~ `c` [x](http://e) <at id=all></at> <font color=red>r</font> a&b \\';
    const md = escapeMd(nasty);
    expect(md).not.toMatch(/[*_~`[\]<>\\]/);
    expect(md).not.toMatch(/&(?!#\d+;)/);
    expect(decode(md)).toBe(nasty);
  });

  it('escapes list and heading marks only where they start a line', () => {
    expect(escapeMd('- a\n+ b\n# c\n1. d\n2026-11-22 3.5')).toBe(
      '&#45; a\n&#43; b\n&#35; c\n&#49;. d\n2026-11-22 3.5',
    );
  });

  it('renders mentions of open ids as <at>, anything else as literal text', () => {
    const md = toMarkdown([
      span.mention('ou_abc'),
      span.text(' '),
      span.mention('all'),
      span.mention('U0SLACK'),
    ]);
    expect(md).toBe('<at id=ou_abc></at> @all@U0SLACK');
  });

  it('links only http(s) urls, and bold keeps its text escaped', () => {
    const md = toMarkdown([
      span.link('https://x.cn/a_(b)', 'ok'),
      span.link('javascript:alert(1)', 'bad'),
      span.bold('*x*'),
    ]);
    expect(md).toBe('[ok](https://x.cn/a_%28b%29)bad**&#42;x&#42;**');
  });

  it('cuts literal text to the budget', () => {
    expect(decode(toMarkdown('x'.repeat(50), 10))).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('Feishu post rendering', () => {
  it('keeps literal text in text elements, one paragraph per line, mentions as at elements', () => {
    const post = toPost([span.text('a <at user_id="all"></at>\nb '), span.mention('ou_1'), span.bold('!')]);
    expect(post).toEqual([
      [{ tag: 'text', text: 'a <at user_id="all"></at>' }],
      [
        { tag: 'text', text: 'b ' },
        { tag: 'at', user_id: 'ou_1' },
        { tag: 'text', text: '!', style: ['bold'] },
      ],
    ]);
  });

  it('sends text without a card as post, cards as interactive', () => {
    expect(renderMessage({ text: 'hi' })).toEqual({
      msgType: 'post',
      content: JSON.stringify({ zh_cn: { title: '', content: [[{ tag: 'text', text: 'hi' }]] } }),
    });
    expect(renderMessage({ text: 'hi', card: { title: 't' } }).msgType).toBe('interactive');
  });
});

describe('Feishu card rendering', () => {
  const card: Card = {
    title: '#3 · 导出失败',
    tone: 'danger',
    fields: [{ label: '负责人', value: [span.mention('ou_x')] }],
    text: '说明',
    buttons: [
      { actionId: 'ticket.ack', label: '确认', value: '3', style: 'primary' },
      {
        actionId: 'ticket.resolve',
        label: '解决',
        value: '3',
        prompt: { title: '解决工单', label: '解决说明', optional: true },
      },
    ],
    selects: [
      {
        actionId: 'ticket.priority',
        placeholder: '优先级',
        options: [{ label: 'P0', value: '3:P0' }],
        selected: '3:P0',
      },
    ],
    context: 'SLA',
  };

  it('has a coloured header, fields, buttons with {actionId, value}, a select, a form for the prompt and a note', () => {
    const json = renderCard(card) as { config: object; header: object; elements: Record<string, unknown>[] };
    expect(json.config).toEqual({ wide_screen_mode: true, update_multi: true });
    expect(json.header).toEqual({ template: 'red', title: { tag: 'plain_text', content: '#3 · 导出失败' } });
    expect(json.elements.map((e) => e.tag)).toEqual(['div', 'div', 'action', 'form', 'note']);
    const action = json.elements[2] as { actions: Record<string, unknown>[] };
    expect(action.actions[0]).toMatchObject({
      tag: 'button',
      type: 'primary',
      value: { actionId: 'ticket.ack', value: '3' },
    });
    expect(action.actions[1]).toMatchObject({
      tag: 'select_static',
      initial_option: '3:P0',
      value: { actionId: 'ticket.priority' },
    });
    const form = json.elements[3] as { elements: Record<string, unknown>[] };
    expect(form.elements[0]).toMatchObject({ tag: 'input', name: 'note', required: false });
    expect(form.elements[1]).toMatchObject({
      action_type: 'form_submit',
      value: { actionId: 'ticket.resolve', value: '3' },
    });
  });

  it('ephemeral cards are not shared (no update_multi)', () => {
    expect((renderEphemeral({ text: 'x', card }) as { config: object }).config).toEqual({
      wide_screen_mode: true,
    });
    expect(renderEphemeral({ text: 'only you' })).toMatchObject({ elements: [{ tag: 'div' }] });
  });

  it('stays under the 30 KB card limit however long the text', () => {
    const huge: Card = {
      ...card,
      text: [span.text('<'.repeat(20_000)), span.text('*'.repeat(20_000))],
      fields: Array.from({ length: 20 }, (_, i) => ({ label: `f${i}`, value: '&'.repeat(5000) })),
      context: '#'.repeat(10_000),
    };
    const bytes = Buffer.byteLength(JSON.stringify(renderCard(huge)));
    expect(bytes).toBeLessThanOrEqual(CARD_LIMIT_BYTES);
    expect(JSON.stringify(renderCard(huge))).toContain('…');
  });
});
