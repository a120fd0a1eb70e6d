/**
 * Whether a cron expression is one sopbot runs: 5 fields (minute hour day month weekday), as
 * node-cron validates them. Config sections and the cron runtime both ask this one question.
 */
import cron from 'node-cron';

/** Why an expression is refused (node-cron's wording), or null when it is a valid 5-field cron. */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `expected 5 fields (minute hour day month weekday), got ${fields.length}`;
  const check = cron.validateDetailed(expression.trim());
  if (check.valid) return null;
  return check.errors.map((e) => e.message).join('; ') || 'invalid';
}
