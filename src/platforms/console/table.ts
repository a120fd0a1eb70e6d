/**
 * Terminal columns for the console: how many cells a string takes (East Asian wide characters
 * and most emoji take two, combining marks and ANSI colour codes none), and small tables padded
 * to line up in a monospaced terminal, where Chinese cell text would otherwise skew every row.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the ANSI colour codes the console style writes.
const ANSI = /\x1b\[[0-9;]*m/g;

/** Wide (two-cell) code points: CJK, Hangul, kana, fullwidth forms, emoji pictographs. */
const WIDE: [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

function cellsOf(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if ((cp >= 0x0300 && cp <= 0x036f) || cp === 0x200b || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f))
    return 0;
  return WIDE.some(([lo, hi]) => cp >= lo && cp <= hi) ? 2 : 1;
}

/** Terminal cells `text` takes on one line (ANSI styling ignored). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.replace(ANSI, '')) width += cellsOf(ch.codePointAt(0) ?? 0);
  return width;
}

/** `text` padded with spaces to `width` cells, on the right (left-aligned) or the left. */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** `text` cut to at most `width` cells, ending in `…` when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text.replace(ANSI, '')) {
    if (displayWidth(`${out}${ch}`) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export interface TextColumn {
  label: string;
  align?: 'left' | 'right';
}

/**
 * A header, a rule and the rows, each cell padded to its column's widest cell (cells of one
 * line; longer ones cut at `maxCell` cells). Columns are two spaces apart.
 */
export function formatTable(columns: TextColumn[], rows: string[][], maxCell = 40): string[] {
  const cell = (text: string | undefined) => truncate((text ?? '').replace(/\s*\n\s*/g, ' '), maxCell);
  const header = columns.map((c) => cell(c.label));
  const body = rows.map((r) => columns.map((_c, i) => cell(r[i])));
  const widths = columns.map((_c, i) =>
    Math.max(displayWidth(header[i] ?? ''), ...body.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((text, i) => pad(text, widths[i] ?? 0, columns[i]?.align))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)];
}
