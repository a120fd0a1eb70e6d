/** Bolt's and the Web API client's logger interface over sopbot's logger, so Slack's logs land in ours. */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';

function line(parts: unknown[]): { msg: string; err?: unknown } {
  const err = parts.find((p) => p instanceof Error);
  const msg = parts
    .filter((p) => !(p instanceof Error))
    .map((p) => (typeof p === 'string' ? p : JSON.stringify(p)))
    .join(' ');
  return { msg, err };
}

/** Bolt logs at its own levels; debug chatter stays at debug, so the default `info` log stays quiet. */
export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const emit =
    (fn: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      const { msg, err } = line(parts);
      logger[fn](err ? { err, source: 'bolt' } : { source: 'bolt' }, msg);
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
