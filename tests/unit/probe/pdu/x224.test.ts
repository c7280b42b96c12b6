import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeRdpNegReply,
  FAILURE_CODE_NAMES,
  failureName,
  flagNames,
  HYBRID_REQUIRED_BY_SERVER,
  PROTOCOL_HYBRID,
  PROTOCOL_SSL,
  protocolName,
  REQUESTED_PROTOCOLS,
} from '../../../../electron/probe/pdu/rdpNeg';
import { encodeTpkt } from '../../../../electron/probe/pdu/tpkt';
import {
  decodeConnectionConfirm,
  decodeX224Data,
  encodeConnectionRequest,
  encodeX224Data,
} from '../../../../electron/probe/pdu/x224';
import { neverThrows } from './pduProperty';

/** A Connection Confirm as a server builds it: LI, 0xD0, refs, class, then optional RDP_NEG data. */
function confirm(neg?: { type: number; flags: number; value: number }): Uint8Array {
  const variable = neg ? [neg.type, neg.flags, 8, 0, ...u32le(neg.value)] : [];
  return encodeTpkt(Uint8Array.from([6 + variable.length, 0xd0, 0, 0, 0x12, 0x34, 0, ...variable]));
}
const u32le = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];

describe('X.224 Connection Request', () => {
  it('carries the cookie and an RDP_NEG_REQ with the requested protocols, in a TPKT of the right length', () => {
    const cr = encodeConnectionRequest(REQUESTED_PROTOCOLS.hybrid, { cookie: 'probe' });
    expect(cr[0]).toBe(3);
    expect((cr[2]! << 8) | cr[3]!).toBe(cr.length);
    expect(cr[4]).toBe(cr.length - 5); // LI counts the TPDU header after itself
    expect(cr[5]).toBe(0xe0);
    expect(Buffer.from(cr).includes(Buffer.from('Cookie: mstshash=probe\r\n'))).toBe(true);
    expect([...cr.subarray(-8)]).toEqual([1, 0, 8, 0, PROTOCOL_SSL | PROTOCOL_HYBRID, 0, 0, 0]);
  });
});

describe('X.224 Connection Confirm', () => {
  it('decodes RDP_NEG_RSP: selected protocol and flags', () => {
    const r = decodeConnectionConfirm(confirm({ type: 2, flags: 0x1f, value: PROTOCOL_HYBRID }));
    expect(r).toEqual({ ok: true, value: { negotiation: { type: 'response', flags: 0x1f, selectedProtocol: 2 } } });
  });

  it('decodes RDP_NEG_FAILURE with its code', () => {
    const r = decodeConnectionConfirm(confirm({ type: 3, flags: 0, value: HYBRID_REQUIRED_BY_SERVER }));
    expect(r).toMatchObject({ ok: true, value: { negotiation: { type: 'failure', failureCode: 5 } } });
  });

  it('treats a confirm without negotiation data as a legacy server', () => {
    expect(decodeConnectionConfirm(confirm())).toEqual({ ok: true, value: { negotiation: null } });
  });

  it('any selected protocol and flags survive a round trip', () => {
    fc.assert(
      fc.property(fc.constantFrom(2, 3), fc.integer({ min: 0, max: 255 }), fc.nat(), (type, flags, value) => {
        const r = decodeConnectionConfirm(confirm({ type, flags, value }));
        expect(r.ok).toBe(true);
        if (r.ok && r.value.negotiation?.type === 'response') expect(r.value.negotiation.selectedProtocol).toBe(value);
        if (r.ok && r.value.negotiation?.type === 'failure') expect(r.value.negotiation.failureCode).toBe(value);
      }),
    );
  });

  it('names a disconnect, a wrong TPDU and bad negotiation data', () => {
    const dr = encodeTpkt(Uint8Array.of(6, 0x80, 0, 0, 0, 0, 0));
    expect(decodeConnectionConfirm(dr)).toMatchObject({ ok: false, error: { code: 'X224_DISCONNECT' } });
    const data = encodeTpkt(Uint8Array.of(6, 0xf0, 0, 0, 0, 0, 0));
    expect(decodeConnectionConfirm(data)).toMatchObject({ ok: false, error: { code: 'X224_NOT_CONFIRM', offset: 5 } });
    const badType = confirm({ type: 9, flags: 0, value: 1 });
    expect(decodeConnectionConfirm(badType)).toMatchObject({
      ok: false,
      error: { code: 'RDPNEG_BAD_TYPE', offset: 11 },
    });
    const liTooLong = encodeTpkt(Uint8Array.of(40, 0xd0, 0, 0, 0, 0, 0));
    expect(decodeConnectionConfirm(liTooLong)).toMatchObject({ ok: false, error: { code: 'X224_BAD_LENGTH' } });
  });

  it('any bytes (and any bytes after a TPKT header): a value or a typed error', () => {
    neverThrows(decodeConnectionConfirm);
    neverThrows(decodeConnectionConfirm, fc.constant(Uint8Array.of(3, 0, 0, 19, 14, 0xd0)));
  });
});

describe('X.224 Data', () => {
  it('round-trips an MCS payload', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (p) => {
        const d = decodeX224Data(encodeX224Data(p));
        expect(d.ok && Buffer.from(d.value).equals(Buffer.from(p))).toBe(true);
      }),
    );
  });

  it('any bytes: a value or a typed error', () => {
    neverThrows(decodeX224Data);
  });
});

describe('RDP_NEG names', () => {
  it('names every failure code from the spec and unknown ones distinctly', () => {
    expect(Object.values(FAILURE_CODE_NAMES)).toEqual([
      'SSL_REQUIRED_BY_SERVER',
      'SSL_NOT_ALLOWED_BY_SERVER',
      'SSL_CERT_NOT_ON_SERVER',
      'INCONSISTENT_FLAGS',
      'HYBRID_REQUIRED_BY_SERVER',
      'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
    ]);
    expect(failureName(0x99)).toBe('UNKNOWN_FAILURE_0x00000099');
  });

  it('RDP_NEG_RSP/FAILURE alone: any bytes give a value or a typed error', () => {
    neverThrows(decodeRdpNegReply);
    neverThrows(decodeRdpNegReply, fc.constantFrom(Uint8Array.of(2, 0, 8, 0), Uint8Array.of(3, 0, 8, 0)));
    expect(decodeRdpNegReply(Uint8Array.of(2, 1, 8, 0, 1, 0, 0, 0))).toEqual({
      ok: true,
      value: { type: 'response', flags: 1, selectedProtocol: 1 },
    });
  });

  it('names flags and protocols', () => {
    expect(flagNames(0x09)).toEqual(['EXTENDED_CLIENT_DATA_SUPPORTED', 'RESTRICTED_ADMIN_MODE_SUPPORTED']);
    expect(flagNames(0x80)).toEqual(['UNKNOWN_0x80']);
    expect([0, 1, 2, 4, 8, 0x10].map(protocolName)).toEqual(['rdp', 'tls', 'hybrid', 'rdstls', 'hybridEx', null]);
  });
});
