/**
 * Slack knows sopbot's commands by the manifest's ASCII names (`/ticket`), so a command's Chinese
 * name in what sopbot says there (`/工单 解决 4`, `/工单（/ticket）`) is written as the slash
 * command a Slack user can type. Only a name written as a command changes: a slash and the name,
 * at the start or after a space or opening punctuation, and before a space, the end or closing
 * punctuation (`/工单号` stays as it is). Feishu and the console take the Chinese names as they are.
 */
import type { Block, SlackMessage } from './render.ts';

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BEFORE = '\\s（(「“"\'`:：，,、*_~>';
const AFTER = '\\s（）()」”"\'`:：，,、。.!！?？*_~<';

/** `text` with each Chinese command name (`工单` → `ticket` in `names`) written as its slash command. */
export function slashCommandWriter(names: ReadonlyMap<string, string>): (text: string) => string {
  if (!names.size) return (text) => text;
  const alt = [...names.keys()]
    .sort((a, b) => b.length - a.length)
    .map(literal)
    .join('|');
  // `/工单（/ticket）` (the overview's form for a Chinese reader) says the same name twice here.
  const both = new RegExp(`/(${alt})（/([a-z][a-z-]*)）`, 'g');
  const one = new RegExp(`(^|[${BEFORE}])/(${alt})(?=$|[${AFTER}])`, 'gm');
  return (text) =>
    text
      .replace(both, (all, zh: string, en: string) => (names.get(zh) === en ? `/${en}` : all))
      .replace(one, (_all, before: string, zh: string) => `${before}/${names.get(zh)}`);
}

/** Every text of a rendered message (its `text` and each `text` in its blocks) through `write`. */
export function rewriteTexts(message: SlackMessage, write: (text: string) => string): SlackMessage {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value))
      out[key] = key === 'text' && typeof v === 'string' ? write(v) : walk(v);
    return out;
  };
  const text = write(message.text);
  return message.blocks ? { text, blocks: message.blocks.map((b) => walk(b) as Block) } : { text };
}
