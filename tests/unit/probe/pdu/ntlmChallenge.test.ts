import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAvPairs, encodeAvPairs, utf16le } from '../../../../electron/probe/pdu/ntlmAvPairs';
import {
  decodeNtlmChallenge,
  epochMsToFileTime,
  fileTimeToEpochMs,
  formatProductVersion,
} from '../../../../electron/probe/pdu/ntlmChallenge';
import {
  CLIENT_NEGOTIATE_FLAGS,
  MsvAvDnsComputerName,
  MsvAvDnsDomainName,
  MsvAvDnsTreeName,
  MsvAvNbComputerName,
  MsvAvNbDomainName,
  MsvAvTimestamp,
} from '../../../../electron/probe/pdu/ntlmConstants';
import { encodeNtlmNegotiate } from '../../../../electron/probe/pdu/ntlmNegotiate';

/** A CHALLENGE as a Windows server sends it (flags, version 10.0.20348, full target info). */
function windowsLikeChallenge(timeMs: number): Uint8Array {
  const info = encodeAvPairs([
    { id: MsvAvNbDomainName, value: utf16le('CONTOSO') },
    { id: MsvAvNbComputerName, value: utf16le('RDS01') },
    { id: MsvAvDnsDomainName, value: utf16le('contoso.local') },
    { id: MsvAvDnsComputerName, value: utf16le('rds01.contoso.local') },
    { id: MsvAvDnsTreeName, value: utf16le('contoso.local') },
    { id: MsvAvTimestamp, value: epochMsToFileTime(timeMs) },
  ]);
  const name = utf16le('CONTOSO');
  const out = new Uint8Array(56 + name.length + info.length);
  const v = new DataView(out.buffer);
  out.set(Buffer.from('NTLMSSP\0', 'latin1'));
  v.setUint32(8, 2, true);
  v.setUint16(12, name.length, true);
  v.setUint32(16, 56, true);
  v.setUint32(20, 0xe28a8235, true);
  out.set([1, 2, 3, 4, 5, 6, 7, 8], 24);
  v.setUint16(40, info.length, true);
  v.setUint32(44, 56 + name.length, true);
  out.set([10, 0, 0x7c, 0x4f, 0, 0, 0, 15], 48);
  out.set(name, 56);
  out.set(info, 56 + name.length);
  return out;
}

describe('NTLM CHALLENGE (MS-NLMP 2.2.1.2)', () => {
  it('reads names, product version and server time', () => {
    const when = Date.UTC(2026, 10, 25, 9, 30, 0, 123);
    const r = decodeNtlmChallenge(windowsLikeChallenge(when));
    if (!r.ok) throw new Error(r.error.message);
    const c = r.value;
    expect(c.targetName).toBe('CONTOSO');
    expect(c.netbiosDomain).toBe('CONTOSO');
    expect(c.netbiosComputer).toBe('RDS01');
    expect(c.dnsComputer).toBe('rds01.contoso.local');
    expect(c.dnsDomain).toBe('contoso.local');
    expect(c.dnsTree).toBe('contoso.local');
    expect(formatProductVersion(c.version!)).toBe('10.0.20348');
    expect(c.serverTimeMs).toBe(when);
    expect([...c.serverChallenge]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('names what is wrong: short, foreign, another message type, fields out of bounds', () => {
    const code = (b: Uint8Array) => {
      const r = decodeNtlmChallenge(b);
      return r.ok ? 'ok' : r.error.code;
    };
    const good = windowsLikeChallenge(0);
    expect(code(good.subarray(0, 40))).toBe('NTLM_TRUNCATED');
    expect(code(new Uint8Array(60))).toBe('NTLM_BAD_SIGNATURE');
    const neg = new Uint8Array(64);
    neg.set(encodeNtlmNegotiate());
    expect(code(neg)).toBe('NTLM_UNEXPECTED_MESSAGE');
    const cut = good.slice(0, good.length - 10);
    expect(code(cut)).toBe('NTLM_FIELD_OUT_OF_BOUNDS');
    const badPair = good.slice();
    new DataView(badPair.buffer).setUint16(56 + 14 + 2, 0xffff, true); // first AV_PAIR claims 65535 bytes
    expect(code(badPair)).toBe('NTLM_AV_TRUNCATED');
  });

  it('FILETIME conversions agree both ways', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (ms) => fileTimeToEpochMs(epochMsToFileTime(ms)) === ms),
    );
  });

  it('the NEGOTIATE we send has our flags and no names', () => {
    const n = encodeNtlmNegotiate();
    const v = new DataView(n.buffer);
    expect(Buffer.from(n.subarray(0, 8)).toString('latin1')).toBe('NTLMSSP\0');
    expect(v.getUint32(8, true)).toBe(1);
    expect(v.getUint32(12, true)).toBe(CLIENT_NEGOTIATE_FLAGS);
    expect(v.getUint16(16, true) + v.getUint16(24, true)).toBe(0);
  });

  it('any bytes: a CHALLENGE or a typed error, never a throw', () => {
    const base = windowsLikeChallenge(Date.now());
    const mutated = fc
      .tuple(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(base.length),
      )
      .map(([edits, cut]) => {
        const copy = base.slice(0, Math.max(cut, 8));
        for (const [i, b] of edits) if (i < copy.length) copy[i] = b;
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 120 }), mutated), (bytes) => {
        const r = decodeNtlmChallenge(bytes);
        const p = decodeAvPairs(bytes);
        return (r.ok || typeof r.error.code === 'string') && (p.ok || typeof p.error.code === 'string');
      }),
      { numRuns: 3000 },
    );
  });
});
