import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImports, importsOf, readSources } from '../helpers/imports.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('architecture: imports flow one way (STYLE.md, the modules contract)', () => {
  it('the source tree has no import against the rules', () => {
    const files = readSources(root, ['src', 'commands', 'handlers', 'schedules', 'db']);
    expect(files.length).toBeGreaterThan(60);
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
    const planted = [
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
      // a root (composition) file used as a contract
      { path: 'commands/e.command.ts', text: "import type { App } from '../src/app.ts';" },
      { path: 'src/runtime/f.ts', text: "import { MODULES } from '../modules.ts';" },
      // a dynamic import of drizzle or an SDK outside its layer
      { path: 'src/runtime/g.ts', text: "const { sql } = await import('drizzle-orm');" },
      { path: 'src/domain/daily/h.ts', text: "const bolt = await import('@slack/bolt');" },
      // a module reaching into another module's internals
      { path: 'src/domain/sla/i.ts', text: "import { ticketCard } from '../tickets/card.ts';" },
      {
        path: 'handlers/j.handler.ts',
        text: "import { createTicketService } from '../src/domain/tickets/service.ts';",
      },
      // the runtime reaching up into a module
      { path: 'src/runtime/k.ts', text: "import { TICKET_THREAD } from '../domain/tickets/index.ts';" },
    ];
    expect(checkImports(planted).map((v) => v.file)).toEqual(planted.map((p) => p.path));
  });

  it('catches a cycle between modules, even through their doors', () => {
    const violations = checkImports([
      { path: 'src/domain/alpha/index.ts', text: "import { b } from '../beta/index.ts';" },
      { path: 'src/domain/beta/service.ts', text: "import { c } from '../gamma/index.ts';" },
      { path: 'src/domain/gamma/index.ts', text: "import { a } from '../alpha/index.ts';" },
    ]);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.rule).toMatch(/cycle/);
    expect(violations[0]?.imports.split(' → ')).toHaveLength(4);
  });

  it('allows the sanctioned directions', () => {
    expect(
      checkImports([
        {
          path: 'commands/a.command.ts',
          text: "import { x } from '../src/domain/tickets/index.ts';\nimport { z } from 'zod';",
        },
        {
          path: 'src/domain/tickets/b.ts',
          text: "import type { R } from '../../../db/repositories/index.ts';",
        },
        {
          path: 'src/domain/sla/c.ts',
          text: "import { Ticket } from '../tickets/index.ts';\nimport { s } from '../../runtime/outbox.ts';",
        },
        { path: 'src/platforms/feishu/c.ts', text: "import * as lark from '@larksuiteoapi/node-sdk';" },
        {
          path: 'src/platforms/slack/d.ts',
          text: "import { App } from '@slack/bolt';\nimport { E } from '../../core/events.ts';",
        },
        { path: 'src/modules.ts', text: "import { ticketCommand } from '../commands/index.ts';" },
        { path: 'db/client.ts', text: "const { drizzle } = await import('drizzle-orm/pglite');" },
      ]),
    ).toEqual([]);
  });
});
