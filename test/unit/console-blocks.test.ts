import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Card, CardImage, OutgoingMessage } from '../../src/core/message.ts';
import { imagesOf, span } from '../../src/core/message.ts';
import { exportImages, slugOf } from '../../src/platforms/console/exports.ts';
import { ansiStyle, renderMessage } from '../../src/platforms/console/render.ts';
import { displayWidth, formatTable } from '../../src/platforms/console/table.ts';

const lines = (card: Card, images?: Map<CardImage, string>) =>
  renderMessage({ text: card.title, card }, undefined, images).text.split('\n');

describe('terminal width', () => {
  it('counts East Asian wide characters and emoji as two cells, marks and colour codes as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('负责人')).toBe(6);
    expect(displayWidth('ｆｕｌｌ')).toBe(8);
    expect(displayWidth('😀 ok')).toBe(5);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth(ansiStyle.bold('工单'))).toBe(4);
  });

  it('pads columns so every row lines up, numbers to the right', () => {
    const out = formatTable(
      [{ label: '负责人' }, { label: 'done', align: 'right' }, { label: '备注' }],
      [
        ['张三', '12', '—'],
        ['bob', '3', '周末值班'],
      ],
    );
    expect(out).toHaveLength(4);
    // The second column ends, and the third starts, at the same cell on every line.
    const secondEnd = (line: string, cell: string) =>
      displayWidth(line.slice(0, line.indexOf(cell) + cell.length));
    expect(secondEnd(out[0] ?? '', 'done')).toBe(secondEnd(out[2] ?? '', '12'));
    expect(secondEnd(out[2] ?? '', '12')).toBe(secondEnd(out[3] ?? '', '3'));
    const thirdStart = (line: string, cell: string) => displayWidth(line.slice(0, line.indexOf(cell)));
    expect(thirdStart(out[0] ?? '', '备注')).toBe(thirdStart(out[3] ?? '', '周末值班'));
    expect(out[1]).toMatch(/^─+ {2}─+ {2}─+$/);
    expect(out[2]?.startsWith('张三  ')).toBe(true);
  });

  it('keeps each cell on one line and cuts long ones', () => {
    const [, , row] = formatTable([{ label: 'a' }], [['x\ny'], ['长'.repeat(50)]], 10);
    expect(row).toBe('x y');
    const cut = formatTable([{ label: 'a' }], [['长'.repeat(50)]], 10)[2] ?? '';
    expect(displayWidth(cut)).toBeLessThanOrEqual(10);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('card blocks as console text', () => {
  it('renders sections with titles, dividers and context lines inside the frame', () => {
    const out = lines({
      title: '周报',
      blocks: [
        {
          kind: 'section',
          title: 'SLA',
          text: [span.text('达成 '), span.bold('96%')],
          fields: [{ label: 'P0', value: '2' }],
        },
        { kind: 'divider' },
        { kind: 'context', text: '数据截至 09:00' },
      ],
    });
    expect(out.slice(2)).toEqual([
      '│ SLA',
      '│ 达成 96%',
      '│ P0: 2',
      `├${'─'.repeat(60)}`,
      '│ 数据截至 09:00',
      `└${'─'.repeat(60)}`,
    ]);
  });

  it('renders a table with its title and aligned columns', () => {
    const out = lines({
      title: 't',
      blocks: [
        {
          kind: 'table',
          title: '按负责人',
          table: {
            columns: [{ label: '负责人' }, { label: '已解决', align: 'right' }],
            rows: [
              [[span.mention('U0ANN')], '12'],
              ['张三', '3'],
            ],
          },
        },
      ],
    });
    expect(out.slice(2, 7)).toEqual([
      '│ 按负责人',
      '│ 负责人  已解决',
      '│ ──────  ──────',
      '│ @U0ANN      12',
      '│ 张三         3',
    ]);
  });

  it('shows a picture as its title and file, then its text fallback', () => {
    const image: CardImage = {
      data: new Uint8Array([1]),
      alt: 'opened per day',
      title: '每日新建',
      textFallback: 'mon ███ 3\ntue █ 1',
    };
    const out = lines(
      { title: 't', blocks: [{ kind: 'image', image }] },
      new Map([[image, '/data/exports/x.png']]),
    );
    expect(out.slice(2, 5)).toEqual(['│ 🖼 每日新建: /data/exports/x.png', '│ mon ███ 3', '│ tue █ 1']);
    const unsaved = lines({ title: 't', blocks: [{ kind: 'image', image: { alt: 'opened per day' } }] });
    expect(unsaved[2]).toBe('│ 🖼 opened per day');
  });

  it('numbers button rows where they stand and goes on counting into the card buttons', () => {
    const rendered = renderMessage({
      text: 'r',
      card: {
        title: 'release',
        blocks: [
          {
            kind: 'buttons',
            buttons: [
              { actionId: 'release.go', label: 'Go', value: '7' },
              {
                actionId: 'release.nogo',
                label: 'No-go',
                value: '7',
                prompt: { title: 'Why', label: 'reason' },
              },
            ],
          },
          { kind: 'divider' },
        ],
        buttons: [{ actionId: 'release.done', label: '完成', value: '7' }],
      },
    });
    const text = rendered.text.split('\n');
    expect(text[2]).toBe('│ [1] Go  [2] No-go');
    expect(text).toContain('│ [3] 完成');
    expect(rendered.choices.map((c) => c.actionId)).toEqual(['release.go', 'release.nogo', 'release.done']);
    expect(rendered.choices[1]?.prompt).toEqual({ title: 'Why', label: 'reason' });
  });
});

describe('exporting card pictures for the console', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sopbot-exports-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('makes safe file-name parts from titles', () => {
    expect(slugOf('每日 新建 / Daily!')).toBe('每日-新建-daily');
    expect(slugOf('../../etc/passwd')).toBe('etc-passwd');
    expect(slugOf('***')).toBe('image');
    expect(slugOf('x'.repeat(80))).toHaveLength(40);
  });

  it('writes each picture to <date in the zone>-<slug>-<n>.png without overwriting', async () => {
    const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    const a: CardImage = { data: bytes, alt: 'opened', title: 'Daily digest' };
    const b: CardImage = { data: new Uint8Array([9]), alt: 'Daily digest' };
    const byRef: CardImage = { blobId: 'blob_1', alt: 'not loaded' };
    const message: OutgoingMessage = {
      text: 'd',
      card: { title: 'd', blocks: [a, b, byRef].map((image) => ({ kind: 'image' as const, image })) },
    };
    const now = new Date('2026-11-20T17:00:00Z');
    const paths = await exportImages(imagesOf(message), {
      exportsDir: join(dir, 'exports'),
      timeZone: 'Asia/Shanghai',
      now,
    });
    expect(paths.get(a)).toBe(join(dir, 'exports', '2026-11-21-daily-digest-1.png'));
    expect(paths.get(b)).toBe(join(dir, 'exports', '2026-11-21-daily-digest-2.png'));
    expect(paths.has(byRef)).toBe(false);
    expect(Buffer.from(await readFile(paths.get(a) ?? '')).equals(Buffer.from(bytes))).toBe(true);
    const again = await exportImages([a], { exportsDir: join(dir, 'exports'), timeZone: 'UTC', now });
    expect(again.get(a)).toBe(join(dir, 'exports', '2026-11-20-daily-digest-1.png'));
    expect((await readdir(join(dir, 'exports'))).sort()).toEqual([
      '2026-11-20-daily-digest-1.png',
      '2026-11-21-daily-digest-1.png',
      '2026-11-21-daily-digest-2.png',
    ]);
    expect(renderMessage(message, undefined, paths).text).toContain(`🖼 Daily digest: ${paths.get(a)}`);
  });
});
