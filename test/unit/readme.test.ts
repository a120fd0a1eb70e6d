/**
 * The README tells the truth about the configuration: its config block parses, and every value
 * it shows (except the keys marked as examples) is the built-in default.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readEnv, resolveConfig } from '../../src/config.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function configBlock(): Record<string, unknown> {
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Connecting Slack'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  if (!yaml) throw new Error('no yaml block under ## Configuration');
  return parseYaml(yaml) as Record<string, unknown>;
}

describe('README configuration', () => {
  it('parses, and shows the defaults', () => {
    const doc = configBlock();
    const env = readEnv({});
    const shown = resolveConfig(doc, 'README.md', env);
    const defaults = resolveConfig({}, null, env);
    // The examples (teams' people, a workspace override) aside, everything shown is the default.
    const { teams: _t, workspaces: _w, source: _s, tickets, ...rest } = shown;
    const { teams: _dt, workspaces: _dw, source: _ds, tickets: defaultTickets, ...expected } = defaults;
    expect(rest).toEqual(expected);
    // The keyword lists it shows are the classification rules in force.
    expect(tickets.rules).toEqual(defaultTickets.rules);
    expect({
      ...tickets,
      rules: undefined,
      priorityKeywords: undefined,
      categoryKeywords: undefined,
    }).toEqual({
      ...defaultTickets,
      rules: undefined,
    });
    expect(Object.keys(shown.teams)).toEqual(['support']);
  });

  it('quotes config errors as sopbot writes them', () => {
    const lines = [...readme.matchAll(/^ {2}- ([\w.]+): (.+)$/gm)].map((m) => ({ path: m[1], text: m[2] }));
    const quoted = lines.filter(
      (l) => l.path === 'teams.support.chanel' || l.path === 'priorities.P0.firstResponse',
    );
    expect(quoted.map((l) => l.text)).toEqual([
      '"15x" is not a duration (write 30s, 15m, 2h, 3d or 1w)',
      'unknown key; did you mean "channel"?',
    ]);
  });
});
