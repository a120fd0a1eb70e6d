import { describe, expect, it } from 'vitest';
import type { Card, CardBlock, CardImage } from '../../src/core/message.ts';
import { imagesOf, span } from '../../src/core/message.ts';
import { normalizeCardAction } from '../../src/platforms/feishu/normalize.ts';
import { CARD_LIMIT_BYTES, renderCard, renderMessage } from '../../src/platforms/feishu/render.ts';

type El = Record<string, unknown>;
const decode = (s: string) => s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
const elementsOf = (card: Card, images?: Map<CardImage, string>) =>
  (renderCard(card, { images }) as { elements: El[] }).elements;
const only = (blocks: CardBlock[], images?: Map<CardImage, string>) =>
  elementsOf({ title: 't', blocks }, images);
const mdOf = (el: El | undefined) =>
  ((el?.text as { content?: string } | undefined)?.content ?? '') as string;
const bytes = (json: object) => Buffer.byteLength(JSON.stringify(json));

describe('Feishu card blocks: sections, dividers, context', () => {
  it('renders a section as one div: bold title over the text, fields beside, markup escaped', () => {
    const [div] = only([
      {
        kind: 'section',
        title: '*SLA* 达成',
        text: [span.text('已解决 '), span.bold('12'), span.text(' <at id=all></at>')],
        fields: [{ label: 'P0', value: '2_3' }],
      },
    ]);
    expect(div?.tag).toBe('div');
    const content = mdOf(div);
    expect(content.startsWith('**')).toBe(true);
    expect(decode(content)).toBe('***SLA* 达成**\n已解决 **12** <at id=all></at>');
    expect(content).not.toContain('<at');
    const fields = div?.fields as { is_short: boolean; text: { content: string } }[];
    expect(fields).toHaveLength(1);
    expect(fields[0]?.is_short).toBe(true);
    expect(decode(fields[0]?.text.content ?? '')).toBe('**P0**\n2_3');
  });

  it('leaves out an empty section, renders dividers as hr and context as a note', () => {
    const els = only([
      { kind: 'section' },
      { kind: 'divider' },
      { kind: 'context', text: '#42 · 2026-11-20' },
    ]);
    expect(els.map((e) => e.tag)).toEqual(['hr', 'note']);
    const note = els[1]?.elements as { tag: string; content: string }[];
    expect(note[0]?.tag).toBe('lark_md');
    expect(decode(note[0]?.content ?? '')).toBe('#42 · 2026-11-20');
    expect(note[0]?.content.startsWith('&#35;')).toBe(true);
  });

  it('puts blocks after the fields and text, before the card buttons, prompt forms and context', () => {
    const els = elementsOf({
      title: 't',
      fields: [{ label: 'a', value: 'b' }],
      text: 'x',
      blocks: [{ kind: 'divider' }],
      buttons: [
        { actionId: 'a.one', label: '1', value: '1' },
        { actionId: 'a.two', label: '2', value: '2', prompt: { title: 'p', label: 'l' } },
      ],
      context: 'c',
    });
    expect(els.map((e) => e.tag)).toEqual(['div', 'div', 'hr', 'action', 'form', 'note']);
  });
});

describe('Feishu card blocks: tables', () => {
  const table: CardBlock = {
    kind: 'table',
    title: '按负责人',
    table: {
      columns: [{ label: '负责人' }, { label: '已解决', align: 'right' }],
      rows: [[[span.mention('ou_ann')], '12'], ['*bob*', '3'], ['cat']],
    },
  };

  it('renders a bold title, a grey header row and one column_set per row', () => {
    const els = only([table]);
    expect(els.map((e) => e.tag)).toEqual(['div', 'column_set', 'column_set', 'column_set', 'column_set']);
    expect(decode(mdOf(els[0]))).toBe('**按负责人**');
    const cells = (row: El | undefined) =>
      ((row?.columns ?? []) as { elements: El[] }[]).map(
        (c) => c.elements[0]?.text as Record<string, string>,
      );
    expect(els[1]?.background_style).toBe('grey');
    expect(els[2]?.background_style).toBe('default');
    expect(els.slice(1).every((r) => r.flex_mode === 'none')).toBe(true);
    expect(cells(els[1]).map((c) => decode(c.content ?? ''))).toEqual(['**负责人**', '**已解决**']);
    expect(cells(els[2]).map((c) => c.content)).toEqual(['<at id=ou_ann></at>', '12']);
    expect(cells(els[3]).map((c) => decode(c.content ?? ''))).toEqual(['*bob*', '3']);
    expect(cells(els[3])[0]?.content).not.toContain('*');
    expect(cells(els[2]).map((c) => c.text_align)).toEqual([undefined, 'right']);
    expect(cells(els[4])[1]?.content).toBe(' ');
  });

  it('shows at most a budget of rows and counts the rest', () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`member ${i}`, String(i)]);
    const els = only([{ kind: 'table', table: { columns: [{ label: 'who' }, { label: 'n' }], rows } }]);
    const shown = els.filter((e) => e.tag === 'column_set').length - 1;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(rows.length);
    const last = els[els.length - 1];
    expect(last?.tag).toBe('note');
    expect(((last?.elements ?? []) as { content: string }[])[0]?.content).toBe(`… +${rows.length - shown}`);
  });
});

describe('Feishu card blocks: images and button rows', () => {
  const chart: CardImage = {
    data: new Uint8Array([137, 80, 78, 71]),
    alt: 'Opened per day',
    title: '每日新建',
    textFallback: 'mon ███ 3\ntue █ 1',
  };

  it('renders an uploaded image as img with its key, alt and title', () => {
    const [img] = only([{ kind: 'image', image: chart }], new Map([[chart, 'img_v3_abc']]));
    expect(img).toEqual({
      tag: 'img',
      img_key: 'img_v3_abc',
      alt: { tag: 'plain_text', content: 'Opened per day' },
      title: { tag: 'plain_text', content: '每日新建' },
      mode: 'fit_horizontal',
      preview: true,
    });
  });

  it('renders an image without a key as its title and text fallback, or its alt', () => {
    const [withFallback, altOnly] = only([
      { kind: 'image', image: chart },
      { kind: 'image', image: { alt: 'a <chart>' } },
    ]);
    expect(withFallback?.tag).toBe('div');
    expect(decode(mdOf(withFallback))).toBe('**每日新建**\nmon ███ 3\ntue █ 1');
    expect(decode(mdOf(altOnly))).toBe('a <chart>');
    expect(mdOf(altOnly)).not.toContain('<');
  });

  it('renderMessage uses the keys of the message images', () => {
    const message = {
      text: 'digest',
      card: { title: 'd', blocks: [{ kind: 'image' as const, image: chart }] },
    };
    const keys = new Map(imagesOf(message).map((image, i) => [image, `img_${i}`]));
    const card = JSON.parse(renderMessage(message, keys).content) as { elements: El[] };
    expect(card.elements[0]).toMatchObject({ tag: 'img', img_key: 'img_0' });
  });

  it('renders a button row as an action with {actionId, value}, prompt buttons as uniquely named forms', () => {
    const els = elementsOf({
      title: 't',
      blocks: [
        {
          kind: 'buttons',
          buttons: [
            { actionId: 'release.go', label: 'Go', value: '7:go5', style: 'primary' },
            {
              actionId: 'release.nogo',
              label: 'No-go',
              value: '7:go5',
              prompt: { title: 'Why', label: 'reason' },
            },
          ],
        },
      ],
      buttons: [{ actionId: 'ticket.resolve', label: 'r', value: '1', prompt: { title: 'p', label: 'l' } }],
    });
    expect(els.map((e) => e.tag)).toEqual(['action', 'form', 'form']);
    expect(((els[0]?.actions ?? []) as El[])[0]).toMatchObject({
      tag: 'button',
      type: 'primary',
      value: { actionId: 'release.go', value: '7:go5' },
    });
    const names = els
      .filter((e) => e.tag === 'form')
      .flatMap((f) => [f.name, ...(f.elements as El[]).map((x) => x.name)]);
    expect(new Set(names).size).toBe(names.length);
    const blockForm = els[1] as { elements: El[] };
    const [field, submit] = blockForm.elements;
    const click = normalizeCardAction({
      operator: { open_id: 'ou_u' },
      context: { open_chat_id: 'oc_1', open_message_id: 'om_1' },
      action: { tag: 'button', value: submit?.value, form_value: { [String(field?.name)]: ' 指标异常 ' } },
    });
    expect(click).toMatchObject({ event: { actionId: 'release.nogo', value: '7:go5', input: '指标异常' } });
  });
});

describe('Feishu card blocks within the 30 KB budget', () => {
  it('cuts block text first, keeping every block, when that is enough', () => {
    const blocks: CardBlock[] = Array.from({ length: 12 }, (_, i) => ({
      kind: 'section',
      title: `s${i}`,
      text: '<'.repeat(3000),
    }));
    const json = renderCard({ title: 't', blocks }) as { elements: El[] };
    expect(bytes(json)).toBeLessThanOrEqual(CARD_LIMIT_BYTES);
    expect(json.elements).toHaveLength(blocks.length);
    expect(mdOf(json.elements[11])).toContain('…');
  });

  it('leaves out the last blocks (marked …) when there are too many for any cut', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`&${i}`, '*'.repeat(100), '_'.repeat(100)]);
    const columns = [{ label: 'a' }, { label: 'b' }, { label: 'c', align: 'right' as const }];
    const blocks: CardBlock[] = Array.from({ length: 200 }, (_, i): CardBlock[] => [
      { kind: 'section', title: `section ${i}`, text: '#'.repeat(500) },
      { kind: 'table', table: { columns, rows } },
      { kind: 'image', image: { alt: 'x', textFallback: '█'.repeat(400) } },
      { kind: 'context', text: '~'.repeat(300) },
      { kind: 'divider' },
    ]).flat();
    const json = renderCard({ title: 't', text: 'head', blocks, context: 'foot' }) as { elements: El[] };
    expect(bytes(json)).toBeLessThanOrEqual(CARD_LIMIT_BYTES);
    expect(decode(mdOf(json.elements[1]))).toBe(`**section 0**\n${'#'.repeat(149)}…`);
    const tail = json.elements.slice(-2);
    expect(tail[0]).toEqual({ tag: 'div', text: { tag: 'lark_md', content: '…' } });
    expect(tail[1]?.tag).toBe('note');
  });
});
