/**
 * Start-up failures as one line each, saying what to do, in the configured language: a port in
 * use, a data directory another sopbot holds, an unreachable or refusing database, a Slack token
 * Slack refuses. Anything else is named briefly (the stack only with SOPBOT_DEBUG=1).
 */
import { type Locale, translator } from './core/i18n/index.ts';
import { DataDirLockedError, SlackStartError } from './core/startup-errors.ts';

const REFUSED = new Set(['28P01', '28000', '3D000', '42501']);

function errno(err: unknown): { code?: string; port?: number; address?: string; message: string } {
  const e = (err ?? {}) as {
    code?: string;
    port?: number;
    address?: string;
    message?: string;
    cause?: unknown;
  };
  const inner = e.code ? e : ((e.cause ?? {}) as typeof e);
  return {
    code: inner.code ?? e.code,
    port: inner.port ?? e.port,
    address: inner.address,
    message: String(e.message ?? err),
  };
}

/** Where DATABASE_URL points, without its password. */
function databaseTarget(): string {
  try {
    const url = new URL(process.env.DATABASE_URL ?? '');
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

export function startupProblem(err: unknown, locale: Locale): string {
  const t = translator(locale);
  if (err instanceof DataDirLockedError) return t('startup.data_dir_locked', { pid: err.pid, dir: err.dir });
  if (err instanceof SlackStartError) {
    return err.kind === 'token'
      ? t('startup.slack_token', { reason: err.reason })
      : t('startup.slack_unreachable', { url: err.url, reason: err.reason });
  }
  const e = errno(err);
  if (e.code === 'EADDRINUSE') return t('startup.port_in_use', { port: e.port ?? process.env.PORT ?? 3000 });
  if (process.env.DATABASE_URL && e.code && REFUSED.has(e.code)) {
    return t('startup.database_refused', { target: databaseTarget(), reason: e.message });
  }
  if (
    process.env.DATABASE_URL &&
    ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'CONNECT_TIMEOUT'].includes(e.code ?? '')
  ) {
    return t('startup.database_unreachable', { target: databaseTarget(), reason: e.code ?? e.message });
  }
  return t('startup.failed', { reason: e.message.split('\n')[0] ?? 'unknown' });
}
