import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../../electron/probe/parseTarget';

describe('parseTarget', () => {
  it.each([
    ['server01', 'server01', 3389],
    ['Server01.corp.example.com:3390', 'server01.corp.example.com', 3390],
    ['10.0.0.5', '10.0.0.5', 3389],
    ['10.0.0.5:65535', '10.0.0.5', 65535],
    ['[::1]', '::1', 3389],
    ['[fe80::1]:3389', 'fe80::1', 3389],
    ['  localhost:1  ', 'localhost', 1],
    ['rds_gw-01', 'rds_gw-01', 3389],
  ])('%s → %s port %d', (input, host, port) => {
    expect(parseTarget(input)).toEqual({ ok: true, host, port });
  });

  it.each([
    ['', /no host/],
    ['::1', /brackets/],
    ['fe80::1:3389', /brackets/],
    ['host:0', /port number/],
    ['host:70000', /port number/],
    ['host:abc', /port number/],
    ['host:', /port number/],
    ['[::1]:x', /port number/],
    ['[nonsense]:3389', /not an IPv6/],
    ['[::1', /bracketed/],
    ['999.1.1.1', /not a valid IPv4/],
    ['host name', /not a valid host name/],
    ['rdp://host', /port number|host name/],
    ['-bad.example', /not a valid host name/],
    ['a'.repeat(301), /longer than/],
  ])('refuses %j with a clear sentence', (input, message) => {
    const r = parseTarget(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('never throws, and what it accepts has a port in range and no spaces', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const r = parseTarget(s);
        if (r.ok) {
          expect(r.port).toBeGreaterThanOrEqual(1);
          expect(r.port).toBeLessThanOrEqual(65535);
          expect(r.host).not.toMatch(/\s/);
        }
      }),
    );
  });
});
