/**
 * The contract of a soak scenario: it runs real processes for one row of issue 9's table, and
 * returns its figures (printed in the runner's table) and its failures (any loss or doubling).
 * A scenario never weakens its own verdict: a failure is a finding, reported with its figures.
 */
export interface Context {
  /** The short mode (CI): the same checks on fewer, shorter rounds. */
  short: boolean;
  /** Where this scenario's processes write their logs and configs. */
  dir: string;
  log(line: string): void;
}

export type Figures = Record<string, number | string>;

export interface Result {
  figures: Figures;
  /** Empty when the row holds. */
  failures: string[];
  /** What a reader of the figures should know (parameters, known limits). */
  notes?: string[];
}

export interface Scenario {
  /** Short name on the command line (`npm run soak -- kill9`). */
  id: string;
  /** The row of issue 9's table, as it is worded there. */
  title: string;
  /** Plays on the shared light stage (lib/stage.ts lightStage). */
  light?: boolean;
  run(ctx: Context): Promise<Result>;
}

/** Collects failures: `expect(n === 0, 'lost', n)`. */
export class Verdict {
  readonly failures: string[] = [];

  /** Records `what` (with its figure) as a failure unless `ok`. */
  expect(ok: boolean, what: string, figure?: number | string): void {
    if (!ok) this.failures.push(figure === undefined ? what : `${what}: ${figure}`);
  }

  /** A figure that must be 0. */
  zero(what: string, figure: number): void {
    this.expect(figure === 0, what, figure);
  }
}

/** The p-th percentile (nearest rank) of `values`; NaN when empty. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
