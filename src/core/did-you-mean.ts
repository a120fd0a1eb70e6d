/**
 * "Did you mean": the known word closest to a mistyped one, when it is close enough to be a typo.
 * Shared by the config's unknown keys (`teams.support.chanel` → `channel`) and the router's
 * unknown commands (`/tikcet` → `/ticket`, `/报告` → `/报表`).
 */
import { keyRef, type Params } from './i18n/index.ts';

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment), by
 * UTF-16 code unit (every CJK character of the commands is one): `lsit` is one edit from `list`.
 */
function distance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] as number) + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

/**
 * The known word closest to `word` (case and `_` / `-` ignored), if at most one edit in three
 * characters away (and one edit at any length); the first of equally close ones.
 */
export function closest(word: string, known: readonly string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  let best: { word: string; d: number } | null = null;
  for (const k of known) {
    const d = distance(norm(word), norm(k));
    if (!best || d < best.d) best = { word: k, d };
  }
  if (!best) return null;
  return best.d <= Math.max(1, Math.floor(word.length / 3)) ? best.word : null;
}

/**
 * The `{guess}` of a "there is no X" message: ` Did you mean "support"?` when `word` is a typo
 * of a known name, else nothing (the message reads the same without it). Names that differ only
 * in their digits are different things (`INC-9`, `INC-3`; two dates), not a typo of each other.
 */
export function guessParam(word: string, known: readonly string[]): Params[string] {
  const guess = closest(word, known);
  const shape = (s: string) => s.toLowerCase().replace(/\d/g, '#');
  if (!guess || shape(guess) === shape(word)) return '';
  return keyRef('common.did_you_mean', { word: guess });
}
