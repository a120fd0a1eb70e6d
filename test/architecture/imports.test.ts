import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImports, importsOf, readSources } from '../helpers/imports.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('architecture: imports flow one way (STYLE.md)', () => {
  it('the source tree has no import against the direction', () => {
    const files = readSources(root, ['src', 'commands', 'handlers', 'schedules', 'db']);
    expect(files.length).toBeGreaterThan(30);
    expect(checkImports(files)).toEqual([]);
  });

  it('finds every import form', () => {
    const text = [
      "import { a } from '../x.ts';",
      "import type { B } from './y.ts';",
      "export * from './z.ts';",
      "const m = await import('drizzle-orm');",
      "import {\n  c,\n  d,\n} from '@slack/bolt';",
    ].join('\n');
    expect(importsOf(text)).toEqual(['../x.ts', './y.ts', './z.ts', 'drizzle-orm', '@slack/bolt']);
  });

  it('catches the forbidden directions', () => {
    const violations = checkImports([
      {
        path: 'src/domain/tickets/x.ts',
        text: "import { mountSlack } from '../../platforms/slack/slack.platform.ts';",
      },
      { path: 'src/domain/tickets/y.ts', text: "import { App } from '@slack/bolt';" },
      { path: 'src/core/z.ts', text: "import { Ticket } from '../domain/tickets/model.ts';" },
      { path: 'commands/q.command.ts', text: "import { eq } from 'drizzle-orm';" },
      { path: 'commands/r.command.ts', text: "import { tickets } from '../db/schema/tickets.ts';" },
      { path: 'src/platforms/slack/a.ts', text: "import { x } from '../../domain/tickets/service.ts';" },
      { path: 'src/platforms/slack/b.ts', text: "import * as lark from '@larksuiteoapi/node-sdk';" },
      { path: 'src/platforms/feishu/c.ts', text: "import { r } from '../slack/render.ts';" },
      {
        path: 'db/repositories/d.repository.ts',
        text: "import { classify } from '../../src/domain/tickets/classify.ts';",
      },
    ]);
    expect(violations.map((v) => v.file)).toEqual([
      'src/domain/tickets/x.ts',
      'src/domain/tickets/y.ts',
      'src/core/z.ts',
      'commands/q.command.ts',
      'commands/r.command.ts',
      'src/platforms/slack/a.ts',
      'src/platforms/slack/b.ts',
      'src/platforms/feishu/c.ts',
      'db/repositories/d.repository.ts',
    ]);
  });

  it('allows the sanctioned directions', () => {
    expect(
      checkImports([
        {
          path: 'commands/a.command.ts',
          text: "import { x } from '../src/domain/tickets/service.ts';\nimport { z } from 'zod';",
        },
        {
          path: 'src/domain/tickets/b.ts',
          text: "import type { R } from '../../../db/repositories/index.ts';",
        },
        { path: 'src/platforms/feishu/c.ts', text: "import * as lark from '@larksuiteoapi/node-sdk';" },
        {
          path: 'src/platforms/slack/d.ts',
          text: "import { App } from '@slack/bolt';\nimport { E } from '../../core/events.ts';",
        },
      ]),
    ).toEqual([]);
  });
});
