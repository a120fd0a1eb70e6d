/**
 * Errors that stop start-up, typed so src/startup.ts can turn each into one line saying what to
 * do. Thrown where the problem is found (the data-directory lock, the Slack platform).
 */
/** Thrown by the data-directory lock when another live sopbot holds it. */
export class DataDirLockedError extends Error {
  constructor(
    readonly pid: number,
    readonly dir: string,
  ) {
    super(`another sopbot (pid ${pid}) is using ${dir}`);
    this.name = 'DataDirLockedError';
  }
}

/** Thrown by the Slack platform when auth.test refuses the token or Slack cannot be reached. */
export class SlackStartError extends Error {
  constructor(
    readonly reason: string,
    readonly kind: 'token' | 'unreachable',
    readonly url: string,
  ) {
    super(`slack ${kind}: ${reason}`);
    this.name = 'SlackStartError';
  }
}
