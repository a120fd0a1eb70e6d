/**
 * Telling database failures apart by code: a Postgres SQLSTATE, or a postgres.js / socket code.
 * drizzle wraps the driver's error in its own (`cause`), so the code may be a few levels down.
 */

/** Whether the error, or one it wraps, carries one of these codes. */
export function hasErrorCode(err: unknown, codes: ReadonlySet<string>): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && codes.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
