/**
 * A table as aligned monospace text, for the places Slack's `table` block cannot go (App Home,
 * modals, a message's second table: Slack allows one per message) and as its fallback. Columns are
 * measured in display columns, not UTF-16 units: a CJK character or an emoji fills two columns of a
 * monospace font, a combining mark or a zero-width character none, so `新增好友数` lines up with
 * `New friends`. The result is plain text; the caller escapes it for mrkdwn (entities and the
 * broadcast word joiner do not change the displayed width).
 */

/** East Asian Wide / Fullwidth ranges (Unicode EastAsianWidth W and F) plus the emoji planes. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f5],
  [0x26fa, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x2753, 0x2755],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f000, 0x1faff],
  [0x20000, 0x3fffd],
];

/** Combining marks, variation selectors and format characters (zero-width space, joiners). */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || ZERO_WIDTH.test(char)) return 0;
  for (const [from, to] of WIDE) {
    if (code < from) return 1;
    if (code <= to) return 2;
  }
  return 1;
}

/** How many monospace columns `text` fills (wide characters count 2, combining marks 0). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** `text` cut to at most `max` columns, ending in `…` when cut (never half a wide character). */
export function clipWidth(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (width + w > max - 1) break;
    out += char;
    width += w;
  }
  return `${out}…`;
}

/** `text` padded with spaces to `width` columns, on the right (left-aligned) or the left. */
export function padWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

export interface TextTableInput {
  columns: { label: string; align?: 'left' | 'right' }[];
  /** Cells as plain text (markup already dropped). */
  rows: string[][];
}

export interface TextTableOptions {
  /** Widest a column may get, in display columns (longer cells end in `…`). */
  maxColumnWidth?: number;
  /** Most characters of the whole text; rows that do not fit are replaced by a `…(+N)` line. */
  maxChars?: number;
  /** How long a line counts against `maxChars` (escaping may lengthen it); default its length. */
  measure?: (line: string) => number;
}

/** A cell as one line: line breaks become spaces and backticks (which would close the code block) look-alikes. */
function cellText(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/`/g, 'ˋ')
    .trim();
}

/**
 * The table as lines of aligned text: header, a rule, the rows. Columns are separated by two
 * spaces; right-aligned columns (numbers) are padded on the left.
 */
export function textTable(table: TextTableInput, options: TextTableOptions = {}): string {
  const maxColumn = options.maxColumnWidth ?? 40;
  const maxChars = options.maxChars ?? Number.POSITIVE_INFINITY;
  const count = table.columns.length;
  const header = table.columns.map((c) => clipWidth(cellText(c.label), maxColumn));
  const body = table.rows.map((row) =>
    Array.from({ length: count }, (_, i) => clipWidth(cellText(row[i] ?? ''), maxColumn)),
  );
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...body.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => padWidth(cell, widths[i] ?? 0, table.columns[i]?.align))
      .join('  ')
      .trimEnd();
  const measure = options.measure ?? ((text: string) => text.length);
  const lines = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  let length = measure(lines.join('\n'));
  for (let i = 0; i < body.length; i++) {
    const next = line(body[i] ?? []);
    const more = `…(+${body.length - i})`;
    const last = i === body.length - 1;
    // Keep room for the "more" line unless this is the last row.
    if (length + 1 + measure(next) + (last ? 0 : 1 + more.length) > maxChars) {
      lines.push(more);
      break;
    }
    lines.push(next);
    length += 1 + measure(next);
  }
  return lines.join('\n');
}
