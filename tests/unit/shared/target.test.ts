// The shared target parser (shared/target.ts): the same refusal in the start screen and the CLI, and its pure
// IPv4/IPv6 checks agree with Node's net module on any input.
import net from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTargetInput } from '../../../renderer/app/logic/targetInput';
import { isIPv4, isIPv6, parseTarget } from '../../../shared/target';

describe('isIPv4 / isIPv6', () => {
  it.each([
    '1.2.3.4',
    '300.1.1.1',
    '01.2.3.4',
    '1.2.3',
    '::',
    '::1',
    'fe80::1%eth0',
    '::ffff:1.2.3.4',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '12345::',
    '1:2:3:4:5:6:1.2.3.4',
    '1:2:3:4:5:6:7:1.2.3.4',
    'g::1',
    '',
  ])('%s agrees with node:net', (s) => {
    expect(isIPv4(s)).toBe(net.isIPv4(s));
    expect(isIPv6(s)).toBe(net.isIPv6(s));
  });
  it('property: agrees with node:net on addresses and near-addresses', () => {
    const v6ish = fc.stringMatching(/^[0-9a-fA-F:.]{0,41}$/);
    const v4ish = fc.stringMatching(/^[0-9.]{0,17}$/);
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), v6ish, v4ish), (s) => {
        expect(isIPv4(s)).toBe(net.isIPv4(s));
        expect(isIPv6(s)).toBe(net.isIPv6(s));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('invalid input is refused up front, the same way in the UI and the CLI', () => {
  it.each(['300.1.1.1', '1.2.3', 'srv..corp', 'bad_host-', 'host:99999', '[::1', 'fe80::1'])('%s', (input) => {
    const parsed = parseTarget(input);
    expect(parsed.ok).toBe(false);
    const ui = checkTargetInput(input);
    expect(ui.ok).toBe(false);
    if (!parsed.ok && !ui.ok) expect(ui.message.toLowerCase()).toContain(parsed.message.slice(0, 20).toLowerCase());
  });
  it('accepts what the CLI accepts', () => {
    for (const input of ['server01', '10.0.0.5:3390', '[fe80::1]:3389', 'srv01.corp.example']) {
      expect(parseTarget(input).ok).toBe(true);
      expect(checkTargetInput(input).ok).toBe(true);
    }
  });
});
