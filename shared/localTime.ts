/**
 * Dates as a technician reads them: in local time, with the zone, never a raw ISO string
 * ("27 Nov 2026, 13:46:06 GMT+1" rather than "2026-11-27T12:46:06.000Z"). Pure given the process' time zone;
 * text that is not a date comes back unchanged.
 *
 * The formatters are made on first use (issue 20): the first Intl.DateTimeFormat of a process loads ICU's
 * locale and zone data, about 20 ms of CPU, which a probe of a healthy server (no date in its findings) and
 * every CLI command that prints no date should not pay at start-up.
 */
let format: Intl.DateTimeFormat | undefined;

export function localDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  format ??= new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
  return format.format(ms);
}
