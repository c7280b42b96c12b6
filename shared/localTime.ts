/**
 * Dates as a technician reads them: in local time, with the zone, never a raw ISO string
 * ("27 Nov 2026, 13:46:06 GMT+1" rather than "2026-11-27T12:46:06.000Z"). Pure given the process' time zone;
 * text that is not a date comes back unchanged.
 *
 * Written out by hand from the Date's local fields rather than with Intl.DateTimeFormat (issue 20): the first
 * Intl.DateTimeFormat of a process loads ICU's locale and zone data, about 35 ms of CPU, and a self-signed
 * certificate's findings (every stock xrdp) carry its dates, so every probe and scan paid it. The text is what
 * en-GB's day/month/year and 24-hour time give; the zone is "UTC" or its offset ("GMT+1", "GMT-4",
 * "GMT+5:30"), as en-GB names the zones it has no abbreviation for.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'] as const;

const two = (n: number) => String(n).padStart(2, '0');

/** The zone of a local time `offsetMinutes` ahead of UTC (Date#getTimezoneOffset's negation). */
export function zoneName(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const minutes = abs % 60;
  return `GMT${sign}${Math.floor(abs / 60)}${minutes ? `:${two(minutes)}` : ''}`;
}

export function localDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const d = new Date(ms);
  const date = `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  // getTimezoneOffset is minutes *behind* UTC; `|| 0` turns -0 into 0
  return `${date}, ${time} ${zoneName(Math.round(-d.getTimezoneOffset()) || 0)}`;
}
