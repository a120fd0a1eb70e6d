/**
 * `/daily <text>`: a report typed as free text, split into the team's fields. People paste the
 * seed's own format (`- 昨天完成: …`), type `Plan: …` in English in a Chinese team, or just write
 * one line; all of these must land in the right field without a form.
 *
 * The rules, decided here:
 * - A line starting with a field's label fills that field. Labels are matched in BOTH languages
 *   whatever the reader's locale, case-insensitively, and so is the field's key (`plan: …`) and,
 *   for English labels of text fields, a leading run of whole words that no other field shares
 *   (`Plan` for "Plan for today", `Help` for "Help needed"). The longest match wins.
 * - After the label comes a separator: ASCII `:`, full-width `：`, a spaced dash (`Plan - x`,
 *   `Plan — x`) or `——`; or a closing `】` / `]` / `**` of a wrapped label (`【今天计划】x`,
 *   `**Plan:** x`); or nothing at all when the label is alone on its line (a heading). A label
 *   glued to text (`今天计划联调`) is not a label: the line is ordinary text.
 * - Leading bullets are ignored: `- `, `* `, `• `, `1. `, `1) `, `1、`, `(1)`.
 * - Lines after a labelled line belong to that field until the next label; lines before any label
 *   go to the first field (the first text field when the first one is a number).
 * - A number field takes the first number of its line (`新增好友数：120人` → 120, `New friends:
 *   1,234` → 1234), or of the next non-empty line when its own line has nothing after the label.
 *   Text that holds no number is refused, naming the field. Lines after a number field's line go
 *   back to the first field. A number field given twice is refused.
 * - A text field named twice keeps both parts, joined by a line break.
 * - A label with nothing after it (and no following lines) clears that field when editing.
 */
import { firstNumber } from '../../core/form.ts';
import type { DailyField, DailyLocale } from './fields.ts';

/** Values of one report: text answers and numbers, by field key; unanswered fields are absent. */
export type DailyValues = Record<string, string | number>;

/** A refusal with an i18n key of catalog.ts and its parameters. */
export interface DailyParseError {
  key: string;
  params: Record<string, string | number>;
}

/** The parsed text: the values, and the fields named with nothing after them (cleared on edit). */
export interface ParsedReport {
  values: DailyValues;
  cleared: string[];
}

const BULLET = /^\s*(?:[-*•·+]\s+|\d{1,2}[.)、]\s*|[（(]\d{1,2}[)）]\s*)/;
const OPEN = /^(?:\*\*|__|【|\[)/;
const SEPARATOR = /^(?:\s*(?:\*\*|__|】|\]))?(?:\s*[:：]|\s+[-–—]{1,2}(?=\s|$)|\s*——)?(?:\s*(?:\*\*|__))?/;
const MAX_TEXT = { text: 200, multiline: 3000 } as const;

interface Candidate {
  text: string;
  field: DailyField;
}

/** Every way to name each field, longest first (see the file comment). */
function candidates(fields: DailyField[]): Candidate[] {
  const out: Candidate[] = [];
  const prefixes = new Map<string, Set<DailyField>>();
  for (const field of fields) {
    for (const text of [field.label['zh-CN'], field.label.en, field.key, field.key.replace(/_/g, ' ')]) {
      out.push({ text: text.toLowerCase(), field });
    }
    const words = field.label.en.split(/\s+/);
    for (let n = 1; n < words.length; n++) {
      const prefix = words.slice(0, n).join(' ').toLowerCase();
      const owners = prefixes.get(prefix) ?? new Set<DailyField>();
      prefixes.set(prefix, owners.add(field));
    }
  }
  const taken = new Set(out.map((c) => c.text));
  for (const [text, owners] of prefixes) {
    const [field] = [...owners];
    // Leading words name text fields only: "New: launched X" must not become a refused number.
    const usable = owners.size === 1 && field && field.type !== 'number';
    if (usable && !taken.has(text) && /\p{L}/u.test(text)) out.push({ text, field });
  }
  return out.sort((a, b) => b.text.length - a.text.length);
}

/** The field a line names and the rest of the line, or null for an ordinary line. */
function matchLabel(line: string, all: Candidate[]): { field: DailyField; rest: string } | null {
  const body = line.replace(BULLET, '').replace(OPEN, '');
  const lower = body.toLowerCase();
  for (const c of all) {
    if (!lower.startsWith(c.text)) continue;
    const after = body.slice(c.text.length);
    const sep = SEPARATOR.exec(after)?.[0] ?? '';
    const rest = after.slice(sep.length);
    if (sep.trim() || !rest.trim()) return { field: c.field, rest: rest.trim() };
  }
  return null;
}

interface Part {
  field: DailyField;
  /** False for the first field's catch-all part: only a written label can clear a field. */
  labelled: boolean;
  lines: string[];
  /** For number fields: the line (or the next one) the number is read from. */
  numberLine?: string;
}

function fieldName(field: DailyField, reader: DailyLocale): string {
  return field.label[reader];
}

/** Splits the text into labelled parts, in order (a field may appear in several). */
function split(text: string, fields: DailyField[]): Part[] {
  const all = candidates(fields);
  const fallback = fields.find((f) => f.type !== 'number') ?? fields[0];
  const parts: Part[] = [];
  let current: Part | null = null;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const hit = line.trim() ? matchLabel(line, all) : null;
    if (hit) {
      current = { field: hit.field, labelled: true, lines: [] };
      if (hit.field.type === 'number') current.numberLine = hit.rest;
      else if (hit.rest) current.lines.push(hit.rest);
      parts.push(current);
      continue;
    }
    if (current?.field.type === 'number' && !current.numberLine && line.trim()) {
      current.numberLine = line.trim();
      continue;
    }
    if (!current || current.field.type === 'number') {
      if (!line.trim() || !fallback) continue;
      current = { field: fallback, labelled: false, lines: [] };
      parts.push(current);
    }
    current.lines.push(line);
  }
  return parts;
}

const trimBlock = (lines: string[]) =>
  lines
    .join('\n')
    .replace(/^\s*\n/, '')
    .trimEnd()
    .replace(/^\s+/, '');

/**
 * Parses `/daily <text>` into field values (the rules are in the file comment). `reader` is the
 * locale used to name a field in a refusal; matching always uses both languages.
 */
export function parseDailyText(
  text: string,
  fields: DailyField[],
  reader: DailyLocale,
): ParsedReport | { error: DailyParseError } {
  const values: DailyValues = {};
  const named = new Set<string>();
  for (const part of split(text, fields)) {
    const { field } = part;
    if (part.labelled) named.add(field.key);
    if (field.type === 'number') {
      const line = part.numberLine ?? '';
      if (!line) continue;
      const n = firstNumber(line);
      if (n === null) {
        return {
          error: {
            key: 'daily.parse.not_number',
            params: { field: fieldName(field, reader), value: clip(line) },
          },
        };
      }
      if (field.key in values) {
        return { error: { key: 'daily.parse.number_twice', params: { field: fieldName(field, reader) } } };
      }
      values[field.key] = n;
      continue;
    }
    const block = trimBlock(part.lines);
    if (!block) continue;
    const prev = values[field.key];
    values[field.key] = prev === undefined ? block : `${prev}\n${block}`;
  }
  return finish(values, named, fields, reader);
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function finish(
  values: DailyValues,
  named: Set<string>,
  fields: DailyField[],
  reader: DailyLocale,
): ParsedReport | { error: DailyParseError } {
  if (!Object.keys(values).length && !named.size) return { error: { key: 'daily.parse.empty', params: {} } };
  for (const field of fields) {
    const v = values[field.key];
    if (typeof v === 'string' && field.type !== 'number' && v.length > MAX_TEXT[field.type]) {
      return {
        error: {
          key: 'daily.parse.too_long',
          params: { field: fieldName(field, reader), max: MAX_TEXT[field.type] },
        },
      };
    }
  }
  const cleared = fields.map((f) => f.key).filter((k) => named.has(k) && !(k in values));
  return { values, cleared };
}

/**
 * Filing again the same day edits the report: the fields the new text names replace the old
 * answers, named-but-empty fields are cleared, the others are kept. Returns the missing required
 * field, if any, so the caller can refuse before saving.
 */
export function editReport(
  previous: DailyValues | null,
  next: ParsedReport,
  fields: DailyField[],
  reader: DailyLocale,
): { values: DailyValues } | { error: DailyParseError } {
  const values: DailyValues = { ...(previous ?? {}), ...next.values };
  for (const key of next.cleared) delete values[key];
  const missing = fields.find((f) => f.required && values[f.key] === undefined);
  if (missing)
    return { error: { key: 'daily.parse.missing', params: { field: fieldName(missing, reader) } } };
  if (!Object.keys(values).length) return { error: { key: 'daily.parse.empty', params: {} } };
  return { values };
}
