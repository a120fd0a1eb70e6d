import { randomBytes } from 'node:crypto';
import type { MessageKey, Params, Translator } from './i18n/index.ts';

/**
 * An expected failure with a message for the user: bad input, a missing ticket, a refused
 * transition. `key` is an i18n key; `usage` optionally names the usage text to show with it.
 * Anything that is not a CodedError is a bug and is answered with a generic reference id.
 */
export class CodedError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Params = {},
    readonly usage?: string,
  ) {
    super(key);
    this.name = 'CodedError';
  }

  withUsage(usage: string): CodedError {
    return new CodedError(this.key, this.params, usage);
  }
}

export function isCodedError(err: unknown): err is CodedError {
  return err instanceof CodedError;
}

export interface RenderedError {
  text: string;
  /** Set for unexpected errors: the id that ties the user's message to the log line. */
  ref?: string;
}

/** The error boundary's one rule: coded errors become their message (plus usage), others a ref id. */
export function renderError(err: unknown, t: Translator): RenderedError {
  if (isCodedError(err)) {
    const text = t(err.key, err.params);
    return { text: err.usage ? `${text}\n${t('common.usage')}\n${err.usage}` : text };
  }
  const ref = randomBytes(4).toString('hex');
  return { text: t('common.internal_error', { ref }), ref };
}
