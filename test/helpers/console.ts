/** Drives the real console platform with scripted lines and captures what it prints. */
import { PassThrough } from 'node:stream';
import { translator } from '../../src/core/i18n/index.ts';
import type { DispatchFn } from '../../src/core/messenger.ts';
import { ConsolePlatform } from '../../src/platforms/console/console.platform.ts';

export interface ConsoleSession {
  platform: ConsolePlatform;
  /** Feeds lines one by one (each fully handled before the next) and returns what was printed. */
  say(...lines: string[]): Promise<string>;
  output(): string;
}

export function consoleSession(
  dispatch: DispatchFn,
  opts: { channel?: string; user?: string; locale?: 'zh-CN' | 'en' } = {},
): ConsoleSession {
  let printed = '';
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const platform = new ConsolePlatform({
    dispatch,
    input: new PassThrough(),
    output,
    interactive: false,
    channel: opts.channel ?? 'support',
    user: opts.user ?? 'ann',
    t: translator(opts.locale ?? 'en'),
  });
  return {
    platform,
    async say(...lines) {
      const start = printed.length;
      for (const line of lines) await platform.handle(line);
      await new Promise((r) => setImmediate(r));
      return printed.slice(start);
    },
    output: () => printed,
  };
}
