/**
 * "Did you mean": the known word closest to a mistyped one, when it is close enough to be a typo.
 * Shared by the config's unknown keys (`teams.support.chanel` → `channel`) and the router's
 * unknown commands (`/tikcet` → `/ticket`, `/报告` → `/报表`).
 */

/** Levenshtein distance (by UTF-16 code unit: every CJK character of the commands is one). */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
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
