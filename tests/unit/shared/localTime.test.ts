/**
 * localDateTime writes dates out by hand (no Intl at run time, issue 20): checked here against Intl's own en-GB
 * text in several real time zones (process.env.TZ is honoured by Node as soon as it is set).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { localDateTime, zoneName } from '../../../shared/localTime';

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

/** Intl's en-GB text for the same instant, date and time only: "8 Dec 2027, 01:24:49" */
function intlDateTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(ms);
}

describe('localDateTime', () => {
  it('writes the local date, time and zone', () => {
    process.env.TZ = 'UTC';
    expect(localDateTime('2027-12-08T01:24:49.000Z')).toBe('8 Dec 2027, 01:24:49 UTC');
    process.env.TZ = 'Europe/Berlin';
    expect(localDateTime('2027-12-08T01:24:49.000Z')).toBe('8 Dec 2027, 02:24:49 GMT+1');
    expect(localDateTime('2027-07-08T23:00:00.000Z')).toBe('9 Jul 2027, 01:00:00 GMT+2');
    process.env.TZ = 'America/New_York';
    expect(localDateTime('2027-01-01T03:00:05Z')).toBe('31 Dec 2026, 22:00:05 GMT-5');
    process.env.TZ = 'Asia/Kolkata';
    expect(localDateTime('2027-01-01T00:00:00Z')).toBe('1 Jan 2027, 05:30:00 GMT+5:30');
  });

  it('gives back what is not a date, and nothing for nothing', () => {
    expect(localDateTime('not a date')).toBe('not a date');
    expect(localDateTime('')).toBe('');
    expect(localDateTime(null)).toBe('');
    expect(localDateTime(undefined)).toBe('');
  });

  it('names zones as en-GB does for the ones without an abbreviation', () => {
    expect(zoneName(0)).toBe('UTC');
    expect(zoneName(60)).toBe('GMT+1');
    expect(zoneName(-240)).toBe('GMT-4');
    expect(zoneName(345)).toBe('GMT+5:45');
    expect(zoneName(-570)).toBe('GMT-9:30');
  });

  it.each(['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Adelaide'])(
    'agrees with Intl en-GB on the date and time in %s',
    (zone) => {
      process.env.TZ = zone;
      fc.assert(
        fc.property(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
          const iso = new Date(ms).toISOString();
          const text = localDateTime(iso);
          expect(text.slice(0, text.lastIndexOf(' '))).toBe(intlDateTime(Math.floor(ms / 1000) * 1000, zone));
          const offset = -new Date(ms).getTimezoneOffset();
          expect(text.endsWith(` ${zoneName(offset || 0)}`)).toBe(true);
        }),
        { numRuns: 300 },
      );
    },
  );
});
