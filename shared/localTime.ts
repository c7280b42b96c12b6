/**
 * Dates as a technician reads them: in local time, with the zone, never a raw ISO string
 * ("27 Nov 2026, 13:46:06 GMT+1" rather than "2026-11-27T12:46:06.000Z"). Pure given the process' time zone;
 * text that is not a date comes back unchanged.
 */
const FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

export function localDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? FORMAT.format(ms) : iso;
}
