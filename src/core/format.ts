const formatters = new Map<string, Intl.DateTimeFormat>();

/** `2026-11-22 09:30` in the given zone: the one way sopbot prints a time. */
export function formatDateTime(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f.format(at);
}
