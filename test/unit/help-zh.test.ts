/**
 * The Chinese help of every command names each subcommand by a Chinese word (`/发布 开始|start`),
 * not by its English word alone: a Chinese reader types what the help shows.
 */
import { describe, expect, it } from 'vitest';
import { catalogEntries, translator } from '../../src/core/i18n/index.ts';
import { MODULES } from '../../src/modules.ts';

const zh = translator('zh-CN');
const commands = MODULES.flatMap((m) => m.commands ?? []);

describe('the Chinese help', () => {
  it('names every subcommand in Chinese', () => {
    expect(commands.length).toBeGreaterThanOrEqual(6);
    const englishOnly: string[] = [];
    for (const def of commands) {
      for (const line of def.usage(zh).split('\n')) {
        // `/发布 完成|done、跳过|skip …`: every word after the command that is a subcommand name.
        for (const m of line.matchAll(/(?:^|\s{2,})\/\S+ (\S+)/g)) {
          const names = (m[1] as string).split(/[、,]/).flatMap((w) => w.split('|'));
          const placeholder = /^[<[]|^P\d/.test(names[0] as string);
          if (!placeholder && !names.some((n) => /\p{Script=Han}/u.test(n))) englishOnly.push(line.trim());
        }
      }
    }
    expect(englishOnly).toEqual([]);
  });
});

describe('Chinese hints', () => {
  it('name a subcommand by its Chinese word wherever they name a command', () => {
    const names = new Set(commands.flatMap((d) => [d.name, ...(d.aliases ?? [])]));
    const english: string[] = [];
    for (const [key, entry] of catalogEntries()) {
      for (const m of entry['zh-CN'].matchAll(/\/(\S+) ([a-z][a-z-]*)(?![|\w])/g)) {
        const [, command, word] = m as unknown as [string, string, string];
        // `help` is answered in every language; `a|b` pairs show both words.
        if (names.has(command) && word !== 'help' && !entry['zh-CN'].includes(`|${word}`))
          english.push(`${key}: ${m[0]}`);
      }
    }
    expect(english).toEqual([]);
  });
});
